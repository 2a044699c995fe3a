/* test_arch_explain.c — the textbook steps mmu_translate writes into an
 * mmu_explain, for every mode, and that asking for them changes nothing.
 * (No bug class of shared/MMU-BUG-CLASSES.md is about explain output.) */
#include <string.h>
#include "check.h"
#include "mmu_arch_parts.h"
#include "testmem.h"
#include "testprof.h"

#define S MMU_PRIV_SUPERVISOR
#define U MMU_PRIV_USER
#define FE MMU_ACC_FETCH
#define LD MMU_ACC_LOAD
#define ST MMU_ACC_STORE

static testmem *mem;
static mmu_explain ex;

static void fresh(void)
{
    tm_free(mem);
    mem = tm_new((uint64_t)1 << 56);
}
static mmu_result X(const mmu_profile *p, const mmu_regs *r, uint64_t va, mmu_access a, mmu_priv pv)
{
    mmu_mem m = tm_mem(mem);
    return mmu_translate(p, r, &m, va, a, pv, &ex);
}
/* True when some line of ex is exactly s. */
static int has_line(const char *s)
{
    for (unsigned i = 0; i < ex.count; i++)
        if (strcmp(ex.line[i], s) == 0) return 1;
    return 0;
}
/* True when some line contains s. */
static int mentions(const char *s)
{
    for (unsigned i = 0; i < ex.count; i++)
        if (strstr(ex.line[i], s)) return 1;
    return 0;
}
#define EXPECT_LINE(s) do { check_cur.asserted++; if (!has_line(s)) \
    check_note(__FILE__, __LINE__, "no explain line \"%s\" (%u lines, last \"%s\")", (s), ex.count, \
               ex.count ? ex.line[ex.count - 1] : ""); } while (0)
#define EXPECT_MENTION(s) do { check_cur.asserted++; if (!mentions(s)) \
    check_note(__FILE__, __LINE__, "no explain line mentions \"%s\"", (s)); } while (0)

static mmu_profile textbook_profile(void)
{
    mmu_profile p = *tp_profile("ostep-linear");
    p.pa_bits = 16;          /* the chapter's 64 KB (see test_arch_segment.c) */
    p.ppn_bits = 6;
    return p;
}

TEST(explain_bare_and_base_bounds)
{
    fresh();
    mmu_regs r = tp_regs(MMU_MODE_BARE);
    X(tp_profile("sv39"), &r, 0x1234, LD, S);
    EXPECT_LINE("supervisor load, mode bare, profile sv39");
    EXPECT_LINE("VA 0x1234 (4660): bare, PA = VA");
    EXPECT_LINE("-> PA 0x1234 (4660)");
    mmu_profile p = textbook_profile();
    r = tp_regs(MMU_MODE_BASE_BOUNDS);
    r.seg[0] = tp_seg(15766, 314, "rwxu", 0);
    X(&p, &r, 129, LD, U);
    EXPECT_LINE("VA 0x81 (129): base-and-bounds, offset = VA = 129");
    EXPECT_LINE("offset 129 < bound 314: ok");
    EXPECT_LINE("PA = base 15766 + 129 = 15895");
    X(&p, &r, 721, LD, U);
    EXPECT_LINE("offset 721 >= bound 314: segmentation violation");
    EXPECT_MENTION("-> fault SEG_BOUND");
    EXPECT(!mentions("PA ="));
}

TEST(explain_segmentation_textbook_steps)
{
    fresh();
    mmu_profile p = textbook_profile();
    mmu_regs r = tp_regs(MMU_MODE_SEGMENTATION);
    r.seg[0] = tp_seg(32 * 1024, 2 * 1024, "rxu", 0);
    r.seg[1] = tp_seg(34 * 1024, 3 * 1024, "rwu", 0);
    r.seg[3] = tp_seg(28 * 1024, 2 * 1024, "rwu", 1);
    X(&p, &r, 4200, LD, U);
    EXPECT_LINE("VA 0x1068 (4200): top 2 bits = 01 -> segment 1 (heap), offset 104");
    EXPECT_LINE("offset 104 < bound 3072: ok");
    EXPECT_LINE("PA = base 34816 + 104 = 34920");
    X(&p, &r, 15 * 1024, ST, U);
    EXPECT_LINE("VA 0x3c00 (15360): top 2 bits = 11 -> segment 3 (stack), offset 3072");
    EXPECT_LINE("grows negative: offset 3072 - max segment 4096 = -1024");
    EXPECT_LINE("distance 1024 <= bound 2048: ok");
    EXPECT_LINE("PA = base 28672 - 1024 = 27648");
    X(&p, &r, 100, ST, U);
    EXPECT_LINE("VA 0x64 (100): top 2 bits = 00 -> segment 0 (code), offset 100");
    EXPECT_MENTION("protection fault");
    EXPECT_MENTION("-> fault SEG_PROT");
    X(&p, &r, 8192, LD, U);
    EXPECT_LINE("segment 2 not valid");
}

TEST(explain_sv39_walk_lists_each_pte)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    uint64_t np = 0x200;
    tm_map(mem, p, 0x100, 0x1000, 0, tm_rv_pte(0x12345, "vrwx"), &np);
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.ptbase = 0x100;
    X(p, &r, 0x1abc, ST, S);
    EXPECT_LINE("VA 0x1abc: VPN[2] 0x0 (0), VPN[1] 0x0 (0), VPN[0] 0x1 (1), offset 0xabc (2748)");
    EXPECT_LINE("level 2: PTE address = table 0x100000 + index 0x0 * 8 = 0x100000");
    EXPECT_LINE("level 2: PTE 0x80001 [V - - - - - - -] pfn 0x200 (512) -> pointer to the next table");
    EXPECT_LINE("level 0: PTE address = table 0x201000 + index 0x1 * 8 = 0x201008");
    EXPECT_LINE("level 0: PTE 0x48d140f [V R W X - - - -] pfn 0x12345 (74565) -> leaf");
    EXPECT_LINE("Svadu: compare-and-swap PTE at 0x201008: 0x48d140f -> 0x48d14cf (set A and D)");
    EXPECT_LINE("PA = frame 0x12345 (74565) * 4096 + offset 0xabc = 0x12345abc");
    EXPECT_LINE("-> PA 0x12345abc (305420988)");
    /* A superpage and a fault. */
    tm_map(mem, p, 0x100, 0x40200000, 1, tm_rv_pte(0x80200, "vrwad"), &np);
    X(p, &r, 0x40212345, LD, S);
    EXPECT_MENTION("superpage of 2^21 bytes");
    EXPECT_LINE("-> PA 0x80212345 (2149655365)");
    X(p, &r, 0x40212345, FE, U);
    EXPECT_LINE("user access needs U=1: U=0, privilege fault");
    EXPECT_MENTION("-> fault PRIV at level 1");
    X(p, &r, 0x4000000000ull, LD, S);
    EXPECT_LINE("VA 0x4000000000: bits 63:39 are not copies of bit 38: not canonical");
}

TEST(explain_ostep_linear_and_small_tables)
{
    fresh();
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.ptbase = 31;
    tm_put(mem, 31 * 1024 + 4 * 4, 4, 0x8000001c);
    X(tp_profile("ostep-linear"), &r, 0x12a2, LD, U);
    EXPECT_LINE("VA 0x12a2: VPN 0x4 (4), offset 0x2a2 (674)");
    EXPECT_LINE("level 0: PTE 0x8000001c [V R W X U - - -] pfn 0x1c (28) -> leaf");
    EXPECT_LINE("PA = frame 0x1c (28) * 1024 + offset 0x2a2 = 0x72a2");
    /* paging-multilevel: VA 0x315e, PDBR 26, PDE 0xb2 at index 12, PTE 0x98 at index 10. */
    fresh();
    tm_put(mem, 26 * 32 + 12, 1, 0xb2);
    tm_put(mem, 0x32 * 32 + 10, 1, 0x98);
    r.ptbase = 26;
    X(tp_profile("ostep-multilevel"), &r, 0x315e, LD, U);
    EXPECT_LINE("VA 0x315e: VPN[1] 0xc (12), VPN[0] 0xa (10), offset 0x1e (30)");
    EXPECT_LINE("level 1: PTE 0xb2 [V] pfn 0x32 (50) -> pointer to the next table");
    EXPECT_LINE("level 0: PTE 0x98 [V] pfn 0x18 (24) -> leaf");
    EXPECT_LINE("PA = frame 0x18 (24) * 32 + offset 0x1e = 0x31e");
    X(tp_profile("ostep-multilevel"), &r, 0x74c4, LD, U);
    EXPECT_LINE("level 1: PTE 0x0 [-] pfn 0x0 (0) -> not valid");
    EXPECT_MENTION("-> fault PTE_INVALID at level 1");
}

TEST(explain_hybrid)
{
    fresh();
    mmu_regs r = tp_regs(MMU_MODE_HYBRID);
    r.seg[1] = tp_seg(0x7100, 3, "", 0);
    tm_put(mem, 0x7108, 4, 0x80000000u | 11);
    X(tp_profile("ostep-linear"), &r, 0x1807, LD, U);
    EXPECT_LINE("VA 0x1807 (6151): top 2 bits = 01 -> segment 1, offset 2055 = VPN 0x2 (2), page offset 0x7");
    EXPECT_LINE("VPN 2 < bound 3 pages: ok");
    EXPECT_LINE("PTE address = segment base 0x7100 + VPN 0x2 * 4 = 0x7108");
    EXPECT_LINE("PA = frame 0xb (11) * 1024 + offset 0x7 = 0x2c07");
    X(tp_profile("ostep-linear"), &r, 0x1c00, LD, U);
    EXPECT_LINE("VPN 3 >= bound 3 pages: beyond the segment's page table");
}

/* The same translations with and without ex: identical results and the same
 * memory writes. */
TEST(explain_does_not_change_the_result)
{
    const mmu_profile *p = tp_profile("sv39");
    static const struct { uint64_t va; mmu_access a; mmu_priv pv; } acc[] = {
        {0x1008, ST, S}, {0x1008, LD, U}, {0x40212345, FE, S}, {0x5000, LD, S},
        {0x4000000000ull, LD, S}, {0xffffffffc0201000ull, ST, S}};
    for (unsigned i = 0; i < sizeof acc / sizeof acc[0]; i++) {
        mmu_result res[2];
        uint64_t after[2];
        for (int with = 0; with < 2; with++) {
            fresh();
            uint64_t np = 0x200;
            uint64_t at = tm_map(mem, p, 0x100, 0x1000, 0, tm_rv_pte(0x55, "vrw"), &np);
            tm_map(mem, p, 0x100, 0x40200000, 1, tm_rv_pte(0x80200, "vrx"), &np);
            tm_map(mem, p, 0x100, 0x5000, 0, tm_rv_pte(0x56, "vw"), &np);
            tm_map(mem, p, 0x100, 0xffffffffc0201000ull, 0, tm_rv_pte(0x57, "vrwuad"), &np);
            mmu_regs r = tp_regs(MMU_MODE_PAGING);
            r.ptbase = 0x100;
            mmu_mem m = tm_mem(mem);
            res[with] = mmu_translate(p, &r, &m, acc[i].va, acc[i].a, acc[i].pv, with ? &ex : NULL);
            after[with] = tm_get(mem, at, 8);
        }
        EXPECT_EQ(res[0].fault, res[1].fault);
        EXPECT_EQ(res[0].cause, res[1].cause);
        EXPECT_EQ(res[0].level, res[1].level);
        EXPECT_EQ(res[0].segment, res[1].segment);
        EXPECT_EQ(res[0].pa, res[1].pa);
        EXPECT_EQ(res[0].has_leaf, res[1].has_leaf);
        EXPECT_EQ(res[0].leaf_pte, res[1].leaf_pte);
        EXPECT_EQ(res[0].leaf_pte_addr, res[1].leaf_pte_addr);
        EXPECT_EQ(res[0].map_shift, res[1].map_shift);
        EXPECT_EQ(res[0].global, res[1].global);
        EXPECT_EQ(res[0].pte_reads, res[1].pte_reads);
        EXPECT_EQ(res[0].ad_writes, res[1].ad_writes);
        EXPECT_EQ(res[0].restarts, res[1].restarts);
        EXPECT_EQ(after[0], after[1]);
        EXPECT(ex.count >= 3);
    }
}

TEST(explain_is_bounded_and_reset_per_call)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    uint64_t np = 0x200;
    uint64_t at = tm_map(mem, p, 0x100, 0x1000, 0, tm_rv_pte(0x55, "vrw"), &np);
    const uint64_t seq[8] = {tm_rv_pte(0x61, "vrw"), tm_rv_pte(0x62, "vrw"), tm_rv_pte(0x63, "vrw"),
                             tm_rv_pte(0x64, "vrw"), tm_rv_pte(0x65, "vrw"), tm_rv_pte(0x66, "vrw"),
                             tm_rv_pte(0x67, "vrw"), tm_rv_pte(0x68, "vrw")};
    tm_race_seq(mem, at, seq, 8);                              /* 8 restarts: > 48 lines */
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.ptbase = 0x100;
    mmu_result res = X(p, &r, 0x1000, ST, S);
    EXPECT_EQ(res.restarts, 8);
    EXPECT_EQ(res.pa, 0x68000);
    EXPECT_EQ(ex.count, MMU_EXPLAIN_MAX_LINES);
    EXPECT_STR_CONTAINS(ex.line[MMU_EXPLAIN_MAX_LINES - 1], "more steps");
    for (unsigned i = 0; i < ex.count; i++) EXPECT(strlen(ex.line[i]) < MMU_EXPLAIN_LINE);
    mmu_regs b = tp_regs(MMU_MODE_BARE);
    X(p, &b, 0x10, LD, S);
    EXPECT_EQ(ex.count, 3);
}

/* The walk as data (mmu_explain.read) for drawings: one record per PTE read
 * of the last walk, with the numbers the step lines print. */
TEST(explain_records_each_read_of_the_last_walk)
{
    fresh();
    const mmu_profile *p = tp_profile("sv39");
    uint64_t np = 0x200;
    tm_map(mem, p, 0x100, 0x1000, 0, tm_rv_pte(0x12345, "vrwx"), &np);
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.ptbase = 0x100;
    X(p, &r, 0x1abc, ST, S);
    EXPECT_EQ(ex.reads, 3);
    EXPECT_EQ(ex.read[0].level, 2);
    EXPECT_EQ(ex.read[0].table, 0x100000);
    EXPECT_EQ(ex.read[0].pte_addr, 0x100000);
    EXPECT_EQ(ex.read[0].pte, 0x80001);
    EXPECT_EQ(ex.read[0].kind, ARCH_PTE_POINTER);
    EXPECT_EQ(ex.read[2].level, 0);
    EXPECT_EQ(ex.read[2].index, 1);
    EXPECT_EQ(ex.read[2].pte_addr, 0x201008);
    EXPECT_EQ(ex.read[2].kind, ARCH_PTE_LEAF);
    EXPECT(ex.read[2].ok);
    EXPECT(ex.ad_write);
    EXPECT_EQ(ex.ad_old, 0x48d140f);
    EXPECT_EQ(ex.ad_new, 0x48d14cf);
    /* A fault at the root: one read, no A/D write (reset from the call before). */
    X(p, &r, 0x40000000, LD, S);                   /* root[1] is empty */
    EXPECT_EQ(ex.reads, 1);
    EXPECT_EQ(ex.read[0].kind, ARCH_PTE_INVALID);
    EXPECT(!ex.ad_write);
    /* Svadu restarts: only the last walk is kept. */
    uint64_t at = tm_map(mem, p, 0x100, 0x5000, 0, tm_rv_pte(0x55, "vrw"), &np);
    const uint64_t seq[2] = {tm_rv_pte(0x61, "vrw"), tm_rv_pte(0x62, "vrw")};
    tm_race_seq(mem, at, seq, 2);
    mmu_result res = X(p, &r, 0x5000, ST, S);
    EXPECT_EQ(res.restarts, 2);
    EXPECT_EQ(ex.reads, 3);
    EXPECT_EQ(mmu_pte_ppn(p, ex.read[2].pte), 0x62);
    /* Segment modes read no PTE. */
    mmu_regs b = tp_regs(MMU_MODE_BARE);
    X(p, &b, 0x10, LD, S);
    EXPECT_EQ(ex.reads, 0);
}

int main(void)
{
    RUN(explain_bare_and_base_bounds);
    RUN(explain_segmentation_textbook_steps);
    RUN(explain_sv39_walk_lists_each_pte);
    RUN(explain_ostep_linear_and_small_tables);
    RUN(explain_hybrid);
    RUN(explain_does_not_change_the_result);
    RUN(explain_is_bounded_and_reset_per_call);
    RUN(explain_records_each_read_of_the_last_walk);
    tm_free(mem);
    return check_summary();
}
