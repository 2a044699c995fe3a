/* test_arch_ad.c — accessed/dirty bits (Svade and Svadu), the Svadu
 * compare-and-swap with restart, bus errors on PTE reads and A/D writes, and
 * the priority of faults at a leaf.
 *
 * Bug classes of shared/MMU-BUG-CLASSES.md covered here:
 *   7 A/D handling   a leaf good for a load (D=0) faults (Svade) or is updated
 *                    (Svadu) on a store; the update is a CAS of the whole PTE
 *                    and a lost race re-walks from the root; D is never set by
 *                    a load or fetch; no update on a faulting leaf.
 *   3 (the A/D half) no A/D write into a misaligned superpage (also in
 *                    test_arch_paging.c for every level/field/access).
 *   5 wrong class    bus error on the A/D write is an access fault of the
 *                    original access, at the leaf's level.
 * Not applicable: 1, 2, 8, 9 (TLB/SFENCE: no TLB in the arch model), the PMP
 * parts of 5 and 7 (no PMP), AMOs (the MMU's accesses are fetch/load/store;
 * an AMO is a store here), 4, 6, 10 (test_arch_paging.c). */
#include <string.h>
#include "check.h"
#include "testmem.h"
#include "testprof.h"

#define S MMU_PRIV_SUPERVISOR
#define U MMU_PRIV_USER
#define FE MMU_ACC_FETCH
#define LD MMU_ACC_LOAD
#define ST MMU_ACC_STORE
#define ROOT 0x100u
#define A_BIT (1u << MMU_RV_A)
#define D_BIT (1u << MMU_RV_D)

static testmem *mem;
static uint64_t next_ppn;
static const mmu_profile *sv39;

static void fresh(void)
{
    tm_free(mem);
    mem = tm_new((uint64_t)1 << 56);
    next_ppn = 0x200;
    sv39 = tp_profile("sv39");
}
static mmu_result T(const mmu_regs *r, uint64_t va, mmu_access a, mmu_priv pv)
{
    mmu_mem m = tm_mem(mem);
    return mmu_translate(sv39, r, &m, va, a, pv, NULL);
}
static uint64_t map_at(uint64_t va, int level, uint64_t pte)
{
    return tm_map(mem, sv39, ROOT, va, level, pte, &next_ppn);
}
static mmu_regs regs(bool adue)
{
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.ptbase = ROOT;
    r.adue = adue;
    return r;
}
#define rv tm_rv_pte
#define EXPECT_PA(res, want) do { mmu_result r_ = (res); EXPECT_EQ(r_.cause, MMU_CAUSE_NONE); \
    EXPECT(!r_.fault); EXPECT_EQ(r_.pa, (want)); } while (0)
#define EXPECT_FAULT(res, c, lvl) do { mmu_result r_ = (res); EXPECT(r_.fault); \
    EXPECT_EQ(r_.cause, (c)); EXPECT_EQ(r_.level, (uint64_t)(int64_t)(lvl)); } while (0)

TEST(svade_missing_a_faults_every_access_at_every_level)
{
    for (int lvl = 0; lvl < 3; lvl++)
        for (int a = 0; a < MMU_ACC_COUNT; a++) {
            fresh();
            mmu_regs r = regs(false);
            uint64_t va = lvl == 0 ? 0x1000 : lvl == 1 ? 0x40200000 : 0x80000000;
            uint64_t ppn = lvl == 0 ? 0x55 : lvl == 1 ? 0x80200 : 0x140000;
            uint64_t pte = rv(ppn, "vrwxd");
            uint64_t at = map_at(va, lvl, pte);
            mmu_result res = T(&r, va, (mmu_access)a, S);
            EXPECT_FAULT(res, MMU_CAUSE_AD, lvl);
            EXPECT_EQ(mmu_cause_riscv_code(res.cause, (mmu_access)a), a == FE ? 12 : a == LD ? 13 : 15);
            EXPECT_EQ(tm_cas_calls(mem), 0);
            EXPECT_EQ(tm_get(mem, at, 8), pte);
            EXPECT(res.has_leaf);                  /* the leaf is well formed */
        }
}

/* Class 7 (rocket-chip#2580): a leaf a load was happy with (A=1, D=0) must
 * fault for a store under Svade. */
TEST(svade_store_to_clean_page_faults_after_load_succeeded)
{
    fresh();
    mmu_regs r = regs(false);
    map_at(0x1000, 0, rv(0x55, "vrwa"));
    EXPECT_PA(T(&r, 0x1008, LD, S), 0x55008);
    EXPECT_FAULT(T(&r, 0x1008, ST, S), MMU_CAUSE_AD, 0);
    EXPECT_EQ(tm_cas_calls(mem), 0);
    map_at(0x1000, 0, rv(0x55, "vrwad"));
    EXPECT_PA(T(&r, 0x1008, ST, S), 0x55008);
}

TEST(svadu_load_and_fetch_set_a_only)
{
    static const mmu_access acc[] = {LD, FE};
    for (unsigned i = 0; i < 2; i++) {
        fresh();
        mmu_regs r = regs(true);
        uint64_t pte = rv(0x55, "vrwx");
        uint64_t at = map_at(0x1000, 0, pte);
        mmu_result res = T(&r, 0x1010, acc[i], S);
        EXPECT_PA(res, 0x55010);
        EXPECT_EQ(tm_get(mem, at, 8), pte | A_BIT);          /* D is never set speculatively */
        EXPECT_EQ(res.leaf_pte, pte | A_BIT);
        EXPECT_EQ(res.ad_writes, 1);
        EXPECT_EQ(res.restarts, 0);
        EXPECT_EQ(tm_writes(mem), 1);
    }
}

TEST(svadu_store_sets_a_and_d)
{
    fresh();
    mmu_regs r = regs(true);
    uint64_t pte = rv(0x80200, "vrw");
    uint64_t at = map_at(0x40200000, 1, pte);                 /* a 2 MiB leaf */
    mmu_result res = T(&r, 0x40212345, ST, S);
    EXPECT_PA(res, 0x80212345);
    EXPECT_EQ(tm_get(mem, at, 8), pte | A_BIT | D_BIT);
    EXPECT_EQ(res.leaf_pte, pte | A_BIT | D_BIT);
    EXPECT_EQ(res.leaf_pte_addr, at);
    EXPECT_EQ(res.ad_writes, 1);
    /* Store to a page with A already set sets D. */
    pte = rv(0x55, "vrwa");
    at = map_at(0x1000, 0, pte);
    EXPECT_PA(T(&r, 0x1000, ST, S), 0x55000);
    EXPECT_EQ(tm_get(mem, at, 8), pte | D_BIT);
}

TEST(svadu_writes_nothing_when_bits_are_already_set)
{
    fresh();
    mmu_regs r = regs(true);
    map_at(0x1000, 0, rv(0x55, "vrwxad"));
    map_at(0x2000, 0, rv(0x56, "vrwa"));
    for (int a = 0; a < MMU_ACC_COUNT; a++) EXPECT_EQ(T(&r, 0x1000, (mmu_access)a, S).ad_writes, 0);
    EXPECT_EQ(T(&r, 0x2000, LD, S).ad_writes, 0);            /* load needs A only */
    EXPECT_EQ(tm_cas_calls(mem), 0);
    EXPECT(!mmu_leaf_needs_ad(sv39, rv(0x56, "vrwa"), LD));
    EXPECT(mmu_leaf_needs_ad(sv39, rv(0x56, "vrwa"), ST));
    EXPECT(mmu_leaf_needs_ad(sv39, rv(0x56, "vrwd"), FE));
}

/* Spec step 9: the CAS finds a different PTE (another hart changed it) ->
 * the walk restarts from the root and uses the new PTE. */
TEST(svadu_cas_sees_changed_pte_and_restarts_the_walk)
{
    fresh();
    mmu_regs r = regs(true);
    uint64_t pte = rv(0x55, "vrw");
    uint64_t at = map_at(0x1000, 0, pte);
    uint64_t other = rv(0x66, "vrw");                         /* remapped meanwhile, A=0 */
    tm_race_at(mem, at, other, 1);
    mmu_result res = T(&r, 0x1004, ST, S);
    EXPECT_PA(res, 0x66004);                                  /* the new mapping */
    EXPECT_EQ(res.restarts, 1);
    EXPECT_EQ(res.ad_writes, 1);
    EXPECT_EQ(res.pte_reads, 6);                              /* two full walks */
    EXPECT_EQ(tm_get(mem, at, 8), other | A_BIT | D_BIT);
    EXPECT_EQ(tm_cas_calls(mem), 2);
    /* The other hart set A itself: after the restart a load needs no write. */
    fresh();
    at = map_at(0x1000, 0, pte);
    tm_race_at(mem, at, pte | A_BIT, 1);
    res = T(&r, 0x1004, LD, S);
    EXPECT_PA(res, 0x55004);
    EXPECT_EQ(res.restarts, 1);
    EXPECT_EQ(res.ad_writes, 0);
    EXPECT_EQ(tm_cas_calls(mem), 1);
    /* The same value written again is not a change: the CAS succeeds. */
    fresh();
    at = map_at(0x1000, 0, pte);
    tm_race_at(mem, at, pte, 3);
    res = T(&r, 0x1004, LD, S);
    EXPECT_EQ(res.restarts, 0);
    EXPECT_EQ(tm_writes(mem), 1);
    /* Three lost races in a row, each restart counted. */
    fresh();
    at = map_at(0x1000, 0, pte);
    const uint64_t seq[] = {rv(0x61, "vrw"), rv(0x62, "vrw"), rv(0x63, "vrw")};
    tm_race_seq(mem, at, seq, 3);
    res = T(&r, 0x1004, ST, S);
    EXPECT_PA(res, 0x63004);
    EXPECT_EQ(res.restarts, 3);
    EXPECT_EQ(res.ad_writes, 1);
    EXPECT_EQ(res.pte_reads, 12);
    EXPECT_EQ(res.leaf_pte, seq[2] | A_BIT | D_BIT);
}

TEST(svadu_restart_to_an_invalid_or_forbidden_pte_faults)
{
    fresh();
    mmu_regs r = regs(true);
    uint64_t pte = rv(0x55, "vrw");
    uint64_t at = map_at(0x1000, 0, pte);
    tm_race_at(mem, at, rv(0x55, "rw"), 1);                   /* unmapped meanwhile */
    mmu_result res = T(&r, 0x1004, LD, S);
    EXPECT_FAULT(res, MMU_CAUSE_PTE_INVALID, 0);
    EXPECT_EQ(res.restarts, 1);
    EXPECT(!res.has_leaf);
    EXPECT_EQ(tm_writes(mem), 0);
    fresh();
    at = map_at(0x1000, 0, pte);
    tm_race_at(mem, at, rv(0x55, "vr"), 1);                   /* made read-only meanwhile */
    res = T(&r, 0x1004, ST, S);
    EXPECT_FAULT(res, MMU_CAUSE_PROT, 0);
    EXPECT_EQ(res.restarts, 1);
    EXPECT_EQ(tm_writes(mem), 0);
    EXPECT_EQ(tm_get(mem, at, 8), rv(0x55, "vr"));
}

TEST(svadu_cas_bus_error_is_access_fault_at_leaf_level)
{
    for (int lvl = 0; lvl < 3; lvl++)
        for (int a = 0; a < MMU_ACC_COUNT; a++) {
            fresh();
            mmu_regs r = regs(true);
            uint64_t va = lvl == 0 ? 0x1000 : lvl == 1 ? 0x40200000 : 0x80000000;
            uint64_t ppn = lvl == 0 ? 0x55 : lvl == 1 ? 0x80200 : 0x140000;
            uint64_t pte = rv(ppn, "vrwx");
            uint64_t at = map_at(va, lvl, pte);
            tm_fail_cas_at(mem, at);
            mmu_result res = T(&r, va, (mmu_access)a, S);
            EXPECT_FAULT(res, MMU_CAUSE_ACCESS, lvl);
            EXPECT_EQ(mmu_cause_riscv_code(res.cause, (mmu_access)a), a == FE ? 1 : a == LD ? 5 : 7);
            EXPECT_EQ(tm_get(mem, at, 8), pte);
            EXPECT_EQ(res.ad_writes, 0);
        }
}

TEST(svadu_never_writes_a_faulting_leaf)
{
    fresh();
    mmu_regs r = regs(true);
    map_at(0x1000, 0, rv(0x55, "vr"));          /* store: PROT   */
    map_at(0x2000, 0, rv(0x56, "vrwu"));        /* S fetch: PRIV */
    map_at(0x3000, 0, rv(0x57, "vx"));          /* load: PROT    */
    EXPECT_FAULT(T(&r, 0x1000, ST, S), MMU_CAUSE_PROT, 0);
    EXPECT_FAULT(T(&r, 0x2000, FE, S), MMU_CAUSE_PRIV, 0);
    EXPECT_FAULT(T(&r, 0x2000, LD, S), MMU_CAUSE_PRIV, 0);     /* SUM = 0 */
    EXPECT_FAULT(T(&r, 0x3000, LD, U), MMU_CAUSE_PRIV, 0);
    EXPECT_FAULT(T(&r, 0x3000, LD, S), MMU_CAUSE_PROT, 0);
    EXPECT_EQ(tm_cas_calls(mem), 0);
}

/* Leaf checks in RISC-V order: PRIV, then PROT, then AD. */
TEST(fault_priority_priv_before_prot_before_ad)
{
    fresh();
    mmu_regs r = regs(false);
    map_at(0x1000, 0, rv(0x55, "vx"));            /* S page, X only, A=D=0 */
    EXPECT_FAULT(T(&r, 0x1000, LD, U), MMU_CAUSE_PRIV, 0);    /* all three wrong: PRIV */
    EXPECT_FAULT(T(&r, 0x1000, LD, S), MMU_CAUSE_PROT, 0);    /* PROT and AD: PROT     */
    EXPECT_FAULT(T(&r, 0x1000, FE, S), MMU_CAUSE_AD, 0);      /* only AD               */
    map_at(0x2000, 0, rv(0x56, "vru"));           /* U page, R only, A=0 */
    EXPECT_FAULT(T(&r, 0x2000, ST, S), MMU_CAUSE_PRIV, 0);
    r.sum = true;
    EXPECT_FAULT(T(&r, 0x2000, ST, S), MMU_CAUSE_PROT, 0);
    EXPECT_FAULT(T(&r, 0x2000, LD, S), MMU_CAUSE_AD, 0);
}

/* Walk order: a bus error reading a PTE pre-empts every page-fault check of
 * that PTE and below; the page faults of an upper PTE pre-empt reads below. */
TEST(fault_priority_follows_walk_order)
{
    fresh();
    mmu_regs r = regs(true);
    map_at(0x1000, 0, rv(0x55, "vw"));                         /* reserved leaf */
    uint64_t l1 = tm_pte_addr(mem, sv39, ROOT, 0x1000, 1);
    tm_fail_read_at(mem, tm_pte_addr(mem, sv39, ROOT, 0x1000, 0));
    EXPECT_FAULT(T(&r, 0x1000, LD, S), MMU_CAUSE_ACCESS, 0);
    uint64_t ptr = tm_get(mem, l1, 8);
    tm_put(mem, l1, 8, ptr | A_BIT);                           /* now the pointer above is bad */
    mmu_result res = T(&r, 0x1000, LD, S);
    EXPECT_FAULT(res, MMU_CAUSE_PTE_RESERVED, 1);
    EXPECT_EQ(res.pte_reads, 2);
}

/* The functions TLB models use on a hit agree with the walker. */
TEST(leaf_check_is_the_tlb_entry_point)
{
    fresh();
    mmu_regs r = regs(true);
    uint64_t clean = rv(0x55, "vrw");
    EXPECT_EQ(mmu_leaf_check(sv39, &r, clean, ST, S), MMU_CAUSE_NONE);   /* Svadu: not a fault */
    EXPECT(mmu_leaf_needs_ad(sv39, clean, ST));
    EXPECT_EQ(mmu_pte_with_ad(sv39, clean, ST), clean | A_BIT | D_BIT);
    EXPECT_EQ(mmu_pte_with_ad(sv39, clean, LD), clean | A_BIT);
    EXPECT_EQ(mmu_pte_with_ad(sv39, clean, FE), clean | A_BIT);
    r.adue = false;
    EXPECT_EQ(mmu_leaf_check(sv39, &r, clean, ST, S), MMU_CAUSE_AD);
    EXPECT_EQ(mmu_leaf_check(sv39, &r, clean | A_BIT, LD, S), MMU_CAUSE_NONE);
    EXPECT_EQ(mmu_leaf_check(sv39, &r, clean | A_BIT, ST, S), MMU_CAUSE_AD);
    /* Other formats. */
    const mmu_profile *ol = tp_profile("ostep-linear");
    const mmu_profile *ml = tp_profile("ostep-multilevel");
    uint64_t olp = (1u << MMU_OL_V) | 3;
    EXPECT(mmu_leaf_needs_ad(ol, olp, LD));
    EXPECT_EQ(mmu_pte_with_ad(ol, olp, ST), olp | (1u << MMU_OL_A) | (1u << MMU_OL_D));
    EXPECT_EQ(mmu_leaf_check(ol, &r, olp, LD, U), MMU_CAUSE_AD);
    EXPECT(!mmu_leaf_needs_ad(ml, 0x85, ST));
    EXPECT_EQ(mmu_pte_with_ad(ml, 0x85, ST), 0x85);
    EXPECT_EQ(mmu_leaf_check(ml, &r, 0x85, FE, S), MMU_CAUSE_NONE);
}

TEST(pte_field_helpers_per_format)
{
    const mmu_profile *p = tp_profile("sv39");
    const mmu_profile *ol = tp_profile("ostep-linear");
    const mmu_profile *ml = tp_profile("ostep-multilevel");
    char buf[32];
    EXPECT(mmu_pte_valid(p, rv(1, "v")));
    EXPECT(!mmu_pte_valid(p, rv(1, "rwx")));
    EXPECT(mmu_pte_is_leaf(p, rv(1, "vr"), 0));
    EXPECT(mmu_pte_is_leaf(p, rv(1, "vx"), 2));
    EXPECT(!mmu_pte_is_leaf(p, rv(1, "v"), 1));
    EXPECT(!mmu_pte_is_leaf(p, rv(1, "vw"), 0));                       /* reserved */
    EXPECT_EQ(mmu_pte_ppn(p, rv(0xfffffffffffull, "v") | ((uint64_t)1 << 63)), 0xfffffffffffull);
    EXPECT(strcmp(mmu_pte_describe(p, rv(1, "vrwuad"), buf, sizeof buf), "V R W - U - A D") == 0);
    EXPECT(strcmp(mmu_pte_describe(p, rv(1, "vxg"), buf, sizeof buf), "V - - X - G - -") == 0);
    EXPECT(mmu_pte_valid(ol, 0x80000000));
    EXPECT(mmu_pte_is_leaf(ol, 0x80000000, 0));
    EXPECT_EQ(mmu_pte_ppn(ol, 0x8000001d), 0x1d);
    EXPECT(strcmp(mmu_pte_describe(ol, 0x80000000 | (1u << MMU_OL_RO), buf, sizeof buf),
                  "V R - X U - - -") == 0);
    EXPECT(mmu_pte_valid(ml, 0x80));
    EXPECT(!mmu_pte_valid(ml, 0x7f));
    EXPECT(!mmu_pte_is_leaf(ml, 0xb2, 1));
    EXPECT(mmu_pte_is_leaf(ml, 0xb2, 0));
    EXPECT_EQ(mmu_pte_ppn(ml, 0xb2), 0x32);
    EXPECT(strcmp(mmu_pte_describe(ml, 0xb2, buf, sizeof buf), "V") == 0);
    EXPECT(strcmp(mmu_pte_describe(p, rv(1, "vrwuad"), buf, 4), "V R") == 0);   /* truncates safely */
}

TEST(flat_mem_reads_and_cas_little_endian_with_bus_errors)
{
    uint8_t bytes[64] = {0};
    mmu_flat_mem fm = {bytes, sizeof bytes};
    mmu_mem m = mmu_flat_mem_ops(&fm);
    uint64_t v = 0, old = 0;
    bytes[8] = 0x11; bytes[15] = 0x88;
    EXPECT_EQ(m.read(m.ctx, 8, 8, &v), 0);
    EXPECT_EQ(v, 0x8800000000000011ull);
    EXPECT_EQ(m.read(m.ctx, 8, 1, &v), 0);
    EXPECT_EQ(v, 0x11);
    EXPECT(m.read(m.ctx, 64, 1, &v) != 0);                 /* beyond size */
    EXPECT(m.read(m.ctx, 60, 8, &v) != 0);                 /* straddles the end / misaligned */
    EXPECT(m.read(m.ctx, 4, 8, &v) != 0);                  /* misaligned */
    EXPECT_EQ(m.cas(m.ctx, 8, 8, 1, 2, &old), 0);          /* mismatch: no store */
    EXPECT_EQ(old, 0x8800000000000011ull);
    EXPECT_EQ(bytes[8], 0x11);
    EXPECT_EQ(m.cas(m.ctx, 8, 8, old, 0x1234, &old), 0);
    EXPECT_EQ(bytes[8], 0x34);
    EXPECT_EQ(bytes[15], 0);
    /* A walk over a flat memory. */
    const mmu_profile *p = tp_profile("sv32");
    static uint8_t ram[3 * 4096];
    memset(ram, 0, sizeof ram);
    mmu_flat_mem fr = {ram, sizeof ram};
    mmu_mem mr = mmu_flat_mem_ops(&fr);
    uint32_t l1 = (uint32_t)rv(1, "v"), l0 = (uint32_t)rv(0x42, "vrw");
    memcpy(&ram[0 * 4096 + 0], &l1, 4);                    /* VPN[1] = 0 -> frame 1 */
    memcpy(&ram[1 * 4096 + 4 * 5], &l0, 4);                /* VPN[0] = 5            */
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    mmu_result res = mmu_translate(p, &r, &mr, 0x5123, ST, S, NULL);
    EXPECT_PA(res, 0x42123);
    memcpy(&l0, &ram[1 * 4096 + 4 * 5], 4);
    EXPECT_EQ(l0, rv(0x42, "vrwad"));
}

int main(void)
{
    RUN(svade_missing_a_faults_every_access_at_every_level);
    RUN(svade_store_to_clean_page_faults_after_load_succeeded);
    RUN(svadu_load_and_fetch_set_a_only);
    RUN(svadu_store_sets_a_and_d);
    RUN(svadu_writes_nothing_when_bits_are_already_set);
    RUN(svadu_cas_sees_changed_pte_and_restarts_the_walk);
    RUN(svadu_restart_to_an_invalid_or_forbidden_pte_faults);
    RUN(svadu_cas_bus_error_is_access_fault_at_leaf_level);
    RUN(svadu_never_writes_a_faulting_leaf);
    RUN(fault_priority_priv_before_prot_before_ad);
    RUN(fault_priority_follows_walk_order);
    RUN(leaf_check_is_the_tlb_entry_point);
    RUN(pte_field_helpers_per_format);
    RUN(flat_mem_reads_and_cas_little_endian_with_bus_errors);
    tm_free(mem);
    return check_summary();
}
