/* test_arch_hybrid.c — hybrid segmentation + paging (MODE 4): one linear
 * page table per segment at the segment's base, the bound counting pages.
 *
 * Bug classes of shared/MMU-BUG-CLASSES.md: hybrid mode is not RISC-V, so
 * only the classes about a single PTE apply: 4 (reserved encodings and a
 * pointer where a leaf must be: NO_LEAF), 5 (bus error on the PTE read and
 * on the A/D write: ACCESS at level 0), 7 (A/D with CAS and restart). The
 * rest (SFENCE, superpages, TLB caching) has no meaning for a one-level
 * per-segment table. */
#include <string.h>
#include "check.h"
#include "testmem.h"
#include "testprof.h"

#define S MMU_PRIV_SUPERVISOR
#define U MMU_PRIV_USER
#define FE MMU_ACC_FETCH
#define LD MMU_ACC_LOAD
#define ST MMU_ACC_STORE
#define OL_V (1u << 31)
#define OL_RO (1u << 30)
#define OL_A (1u << 27)
#define OL_D (1u << 26)

static testmem *mem;

static void fresh(void)
{
    tm_free(mem);
    mem = tm_new((uint64_t)1 << 56);
}
static mmu_result T(const mmu_profile *p, const mmu_regs *r, uint64_t va, mmu_access a, mmu_priv pv)
{
    mmu_mem m = tm_mem(mem);
    return mmu_translate(p, r, &m, va, a, pv, NULL);
}
#define EXPECT_PA(res, want) do { mmu_result r_ = (res); EXPECT_EQ(r_.cause, MMU_CAUSE_NONE); \
    EXPECT(!r_.fault); EXPECT_EQ(r_.pa, (want)); } while (0)
#define EXPECT_FAULT(res, c, lvl) do { mmu_result r_ = (res); EXPECT(r_.fault); \
    EXPECT_EQ(r_.cause, (c)); EXPECT_EQ(r_.level, (uint64_t)(int64_t)(lvl)); } while (0)

/* ostep-linear: 4 segments of 4 KB, 1 KB pages -> up to 4 pages per segment.
 * Code table at 0x7000 (2 pages), heap table at 0x7100 (3 pages), stack
 * table at 0x7300 (1 page). */
static mmu_regs ol_hybrid(void)
{
    mmu_regs r = tp_regs(MMU_MODE_HYBRID);
    r.seg[0] = tp_seg(0x7000, 2, "", 0);
    r.seg[1] = tp_seg(0x7100, 3, "", 0);
    r.seg[3] = tp_seg(0x7300, 1, "", 1);     /* grows-negative is ignored in hybrid */
    tm_put(mem, 0x7000 + 0, 4, OL_V | OL_A | OL_D | 4);
    tm_put(mem, 0x7000 + 4, 4, OL_V | OL_A | OL_D | OL_RO | 5);
    tm_put(mem, 0x7100 + 0, 4, OL_V | OL_A | OL_D | 9);
    tm_put(mem, 0x7100 + 4, 4, 0);                           /* not present */
    tm_put(mem, 0x7100 + 8, 4, OL_V | OL_A | OL_D | 11);
    tm_put(mem, 0x7300 + 0, 4, OL_V | OL_A | OL_D | 20);
    return r;
}

TEST(hybrid_translates_through_each_segments_table)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");
    mmu_regs r = ol_hybrid();
    mmu_result res = T(p, &r, 0x0123, FE, U);                 /* seg 0, VPN 0 */
    EXPECT_PA(res, 4 * 1024 + 0x123);
    EXPECT_EQ(res.segment, 0);
    EXPECT_EQ(res.level, 0);
    EXPECT_EQ(res.leaf_pte_addr, 0x7000);
    EXPECT_EQ(res.map_shift, 10);
    EXPECT_EQ(res.pte_reads, 1);
    EXPECT_PA(T(p, &r, 0x0400 + 0x3ff, LD, U), 5 * 1024 + 0x3ff);   /* seg 0, VPN 1 */
    EXPECT_PA(T(p, &r, 0x1000 + 0x800 + 7, ST, U), 11 * 1024 + 7);  /* seg 1, VPN 2 */
    res = T(p, &r, 0x3000 + 0x10, ST, U);                     /* seg 3, VPN 0 */
    EXPECT_PA(res, 20 * 1024 + 0x10);
    EXPECT_EQ(res.segment, 3);
}

TEST(hybrid_vpn_at_bound_faults_hybrid_bound_without_reading)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");
    mmu_regs r = ol_hybrid();
    unsigned before = tm_reads(mem);
    EXPECT_FAULT(T(p, &r, 0x0800, LD, U), MMU_CAUSE_HYBRID_BOUND, -1);    /* seg 0: VPN 2 >= 2 */
    EXPECT_FAULT(T(p, &r, 0x1c00, LD, U), MMU_CAUSE_HYBRID_BOUND, -1);    /* seg 1: VPN 3 >= 3 */
    EXPECT_FAULT(T(p, &r, 0x3400, LD, U), MMU_CAUSE_HYBRID_BOUND, -1);    /* seg 3: VPN 1 >= 1 */
    EXPECT_EQ(tm_reads(mem), before);
    EXPECT_EQ(mmu_cause_riscv_code(MMU_CAUSE_HYBRID_BOUND, ST), 15);
    EXPECT_PA(T(p, &r, 0x07ff, LD, U), 5 * 1024 + 0x3ff);               /* last page inside */
}

TEST(hybrid_invalid_segment_and_missing_page)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");
    mmu_regs r = ol_hybrid();
    mmu_result res = T(p, &r, 0x2000, LD, U);
    EXPECT_FAULT(res, MMU_CAUSE_SEG_INVALID, -1);
    EXPECT_EQ(res.segment, 2);
    EXPECT_FAULT(T(p, &r, 0x1400, LD, U), MMU_CAUSE_PTE_INVALID, 0);
    EXPECT_FAULT(T(p, &r, 0x4000, LD, U), MMU_CAUSE_NONCANONICAL, -1);
}

TEST(hybrid_protection_comes_from_the_pte_not_the_segment)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");
    mmu_regs r = ol_hybrid();                  /* segments have no r/w/x/user at all */
    EXPECT_PA(T(p, &r, 0x0000, ST, U), 4 * 1024);
    EXPECT_FAULT(T(p, &r, 0x0400, ST, U), MMU_CAUSE_PROT, 0);     /* RO page */
    r.seg[0] = tp_seg(0x7000, 2, "rwxu", 0);
    EXPECT_FAULT(T(p, &r, 0x0400, ST, U), MMU_CAUSE_PROT, 0);
}

TEST(hybrid_sv39_pointer_is_no_leaf_and_reserved_faults)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    mmu_regs r = tp_regs(MMU_MODE_HYBRID);
    r.seg[0] = tp_seg(0x10000, 16, "", 0);
    tm_put(mem, 0x10000 + 0 * 8, 8, tm_rv_pte(0x55, "vrwad"));
    tm_put(mem, 0x10000 + 1 * 8, 8, tm_rv_pte(0x56, "v"));
    tm_put(mem, 0x10000 + 2 * 8, 8, tm_rv_pte(0x57, "vw"));
    tm_put(mem, 0x10000 + 3 * 8, 8, tm_rv_pte(0x58, "vrad") | ((uint64_t)1 << 60));
    tm_put(mem, 0x10000 + 4 * 8, 8, tm_rv_pte(0x59, "vrgad"));
    EXPECT_PA(T(p, &r, 0x0123, LD, S), 0x55123);
    EXPECT_FAULT(T(p, &r, 0x1000, LD, S), MMU_CAUSE_NO_LEAF, 0);
    EXPECT_FAULT(T(p, &r, 0x2000, LD, S), MMU_CAUSE_PTE_RESERVED, 0);
    EXPECT_FAULT(T(p, &r, 0x3000, LD, S), MMU_CAUSE_PTE_RESERVED, 0);
    mmu_result res = T(p, &r, 0x4000, LD, S);
    EXPECT_PA(res, 0x59000);
    EXPECT(res.global);
    EXPECT(!T(p, &r, 0x0000, LD, S).global);
    EXPECT_FAULT(T(p, &r, 0x10000, LD, S), MMU_CAUSE_HYBRID_BOUND, -1);
    /* High-half VA: segment 3 (bits 38:37 = 11). */
    r.seg[3] = tp_seg(0x20000, 1, "", 0);
    tm_put(mem, 0x20000, 8, tm_rv_pte(0x77, "vrad"));
    res = T(p, &r, 0xffffffe000000abcull, LD, S);
    EXPECT_PA(res, 0x77abc);
    EXPECT_EQ(res.segment, 3);
}

TEST(hybrid_ad_update_restart_and_bus_errors)
{
    fresh();
    const mmu_profile *p = tp_profile("ostep-linear");
    mmu_regs r = ol_hybrid();
    tm_put(mem, 0x7300, 4, OL_V | 20);                        /* stack page, A=D=0 */
    mmu_result res = T(p, &r, 0x3000, ST, U);
    EXPECT_PA(res, 20 * 1024);
    EXPECT_EQ(tm_get(mem, 0x7300, 4), OL_V | OL_A | OL_D | 20);
    EXPECT_EQ(res.ad_writes, 1);
    /* CAS loses to another writer: re-read the segment's PTE. */
    tm_put(mem, 0x7300, 4, OL_V | 20);
    tm_race_at(mem, 0x7300, OL_V | 21, 1);
    res = T(p, &r, 0x3000, LD, U);
    EXPECT_PA(res, 21 * 1024);
    EXPECT_EQ(res.restarts, 1);
    EXPECT_EQ(tm_get(mem, 0x7300, 4), OL_V | OL_A | 21);
    /* Svade. */
    r.adue = false;
    tm_put(mem, 0x7300, 4, OL_V | OL_A | 20);
    EXPECT_FAULT(T(p, &r, 0x3000, ST, U), MMU_CAUSE_AD, 0);
    r.adue = true;
    /* Bus errors. */
    tm_fail_cas_at(mem, 0x7300);
    EXPECT_FAULT(T(p, &r, 0x3000, ST, U), MMU_CAUSE_ACCESS, 0);
    tm_fail_read_at(mem, 0x7104);                             /* the not-present PTE */
    EXPECT_FAULT(T(p, &r, 0x1400, LD, U), MMU_CAUSE_ACCESS, 0);
    r.seg[1].base = ((uint64_t)1 << 56) - 4;                  /* table beyond memory */
    EXPECT_FAULT(T(p, &r, 0x1400, LD, U), MMU_CAUSE_ACCESS, 0);
}

int main(void)
{
    RUN(hybrid_translates_through_each_segments_table);
    RUN(hybrid_vpn_at_bound_faults_hybrid_bound_without_reading);
    RUN(hybrid_invalid_segment_and_missing_page);
    RUN(hybrid_protection_comes_from_the_pte_not_the_segment);
    RUN(hybrid_sv39_pointer_is_no_leaf_and_reserved_faults);
    RUN(hybrid_ad_update_restart_and_bus_errors);
    tm_free(mem);
    return check_summary();
}
