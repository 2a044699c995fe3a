/* test_tlb.c — the TLB model: hit/miss/replacement per policy, invalid-way
 * first, SFENCE.VMA variants x global/non-global x ASID match/mismatch x
 * (x0 vs a register holding 0), superpage lookups and flushes at the edges,
 * SUM/MXR/privilege changes without a flush, A/D on hits, no fill on a
 * fault, no duplicate after a page -> superpage change
 * (shared/MMU-BUG-CLASSES.md classes 1, 2, 6, 7, 8, 9). */
#include <string.h>
#include "check.h"
#include "mmu_tlb.h"
#include "testprof.h"

#define V (1ull << MMU_RV_V)
#define R (1ull << MMU_RV_R)
#define W (1ull << MMU_RV_W)
#define X (1ull << MMU_RV_X)
#define U (1ull << MMU_RV_U)
#define G (1ull << MMU_RV_G)
#define A (1ull << MMU_RV_A)
#define D (1ull << MMU_RV_D)

static mmu_tlb *mk(unsigned sets, unsigned ways, mmu_repl repl)
{
    mmu_tlb_config c = {sets, ways, repl, 12, 39, true, 0, false};
    mmu_error err;
    return mmu_tlb_new(&c, &err);
}

/* A successful walk's result: leaf flags, frame, size. */
static mmu_result leaf(uint64_t va, uint64_t flags, uint64_t pa_frame, unsigned map_shift)
{
    mmu_result r;
    memset(&r, 0, sizeof r);
    r.has_leaf = true;
    r.map_shift = map_shift;
    r.level = (int)(map_shift - 12) / 9;
    r.global = (flags & G) != 0;
    uint64_t base = (pa_frame << 12) & ~((1ull << map_shift) - 1);
    r.pa = base | (va & ((1ull << map_shift) - 1));
    r.leaf_pte = flags | V | ((base >> 12) << MMU_RV_PPN_LSB);
    return r;
}

static const mmu_profile *sv39(void) { return tp_profile("sv39"); }
static mmu_tlb *flush_setup(void);
enum { NENT_ = 6 };
static const uint64_t MB2 = 1ull << 21, GB1 = 1ull << 30;

static mmu_regs regs_asid(uint32_t asid)
{
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.asid = asid;
    return r;
}

static void fill(mmu_tlb *t, uint64_t va, uint32_t asid, uint64_t flags, uint64_t frame, unsigned shift)
{
    mmu_result r = leaf(va, flags, frame, shift);
    mmu_tlb_fill(t, sv39(), va, asid, &r);
}

static mmu_tlb_outcome look(mmu_tlb *t, uint64_t va, uint32_t asid, mmu_access acc, mmu_priv priv, uint64_t *pa)
{
    mmu_regs r = regs_asid(asid);
    mmu_cause c;
    uint64_t dummy;
    return mmu_tlb_lookup(t, sv39(), &r, va, acc, priv, pa ? pa : &dummy, &c);
}

static bool hits(mmu_tlb *t, uint64_t va, uint32_t asid)
{
    return look(t, va, asid, MMU_ACC_LOAD, MMU_PRIV_USER, NULL) == MMU_TLB_HIT;
}

static unsigned valid_count(const mmu_tlb *t)
{
    const mmu_tlb_config *c = mmu_tlb_get_config(t);
    unsigned n = 0;
    for (unsigned s = 0; s < c->sets; s++)
        for (unsigned w = 0; w < c->ways; w++) n += mmu_tlb_entry_at(t, s, w)->valid;
    return n;
}

#define UPAGE (R | W | X | U | A | D)
#define PAGE(n) ((uint64_t)(n) << 12)

TEST(tlb_hit_gives_pa_miss_otherwise)
{
    mmu_tlb *t = mk(4, 2, MMU_REPL_LRU);
    uint64_t pa = 0;
    EXPECT_EQ(look(t, PAGE(5) + 0x123, 1, MMU_ACC_LOAD, MMU_PRIV_USER, &pa), MMU_TLB_MISS);
    fill(t, PAGE(5) + 0x123, 1, UPAGE, 0x777, 12);
    EXPECT_EQ(look(t, PAGE(5) + 0xabc, 1, MMU_ACC_STORE, MMU_PRIV_USER, &pa), MMU_TLB_HIT);
    EXPECT_EQ(pa, 0x777abc);
    EXPECT_EQ(look(t, PAGE(6), 1, MMU_ACC_LOAD, MMU_PRIV_USER, &pa), MMU_TLB_MISS);
    EXPECT_EQ(look(t, PAGE(5), 2, MMU_ACC_LOAD, MMU_PRIV_USER, &pa), MMU_TLB_MISS);   /* other ASID */
    EXPECT_EQ(mmu_tlb_set_of(t, PAGE(5)), 1);
    const mmu_tlb_stats *st = mmu_tlb_get_stats(t);
    EXPECT_EQ(st->hits, 1);
    EXPECT_EQ(st->misses, 3);
    mmu_tlb_free(t);
}

/* One set, four ways: A B C D filled, A used, E filled. */
static unsigned victim_after_abcd_a(mmu_repl repl)
{
    mmu_tlb *t = mk(1, 4, repl);
    for (unsigned i = 0; i < 4; i++) fill(t, PAGE(10 + i), 1, UPAGE, 100 + i, 12);
    hits(t, PAGE(10), 1);
    fill(t, PAGE(20), 1, UPAGE, 200, 12);
    unsigned gone = 99;
    for (unsigned i = 0; i < 4; i++)
        if (!hits(t, PAGE(10 + i), 1)) gone = i;
    mmu_tlb_free(t);
    return gone;
}

TEST(tlb_lru_replaces_least_recently_used)
{
    EXPECT_EQ(victim_after_abcd_a(MMU_REPL_LRU), 1);   /* B */
}

TEST(tlb_fifo_replaces_oldest_even_if_used)
{
    EXPECT_EQ(victim_after_abcd_a(MMU_REPL_FIFO), 0);  /* A, although just used */
}

TEST(tlb_plru_follows_the_tree)
{
    /* After fills of ways 0..3 and a touch of way 0 the tree points right,
     * then left within the right pair: way 2 (C). */
    EXPECT_EQ(victim_after_abcd_a(MMU_REPL_PLRU), 2);
}

TEST(tlb_random_is_seeded_and_spreads)
{
    unsigned seen[4] = {0}, seq1[32], seq2[32];
    for (int run = 0; run < 2; run++) {
        mmu_tlb *t = mk(1, 4, MMU_REPL_RANDOM);
        for (unsigned i = 0; i < 4; i++) fill(t, PAGE(i), 1, UPAGE, i, 12);
        for (unsigned k = 0; k < 32; k++) {
            fill(t, PAGE(100 + k), 1, UPAGE, k, 12);
            for (unsigned w = 0; w < 4; w++)
                if (mmu_tlb_entry_at(t, 0, w)->tag == 100 + k) (run ? seq2 : seq1)[k] = w, seen[w]++;
        }
        mmu_tlb_free(t);
    }
    EXPECT(!memcmp(seq1, seq2, sizeof seq1));          /* same seed, same victims */
    for (unsigned w = 0; w < 4; w++) EXPECT(seen[w] > 0);
}

TEST(tlb_random_follows_rtl_lfsr)
{
    /* docs/rtl.md: reset 0xACE1, lfsr <- (lfsr >> 1) ^ (lfsr[0] ? 0xB400 : 0)
     * on every fill, victim = the value during the fill, low bits. */
    uint32_t l = 0xACE1;
    mmu_tlb *t = mk(1, 4, MMU_REPL_RANDOM);
    for (unsigned i = 0; i < 4; i++) {
        fill(t, PAGE(i), 1, UPAGE, i, 12);                 /* invalid ways: LFSR still steps */
        l = (l >> 1) ^ ((l & 1) ? 0xB400u : 0u);
    }
    for (unsigned k = 0; k < 40; k++) {
        unsigned want = l & 3;
        fill(t, PAGE(100 + k), 1, UPAGE, k, 12);
        l = (l >> 1) ^ ((l & 1) ? 0xB400u : 0u);
        EXPECT_EQ(mmu_tlb_entry_at(t, 0, want)->tag, 100 + k);
    }
    mmu_tlb_free(t);
}

TEST(tlb_fifo_inplace_refill_is_an_insertion)
{
    mmu_tlb *t = mk(1, 4, MMU_REPL_FIFO);
    for (unsigned i = 0; i < 4; i++) fill(t, PAGE(10 + i), 1, R | W | U | A, i, 12);
    fill(t, PAGE(10), 1, UPAGE, 0, 12);                     /* store re-walk of A: refilled in place */
    fill(t, PAGE(20), 1, UPAGE, 9, 12);
    EXPECT(hits(t, PAGE(10), 1));
    EXPECT(!hits(t, PAGE(11), 1));                          /* B is now the oldest */
    mmu_tlb_free(t);
}

TEST(tlb_fill_invalidates_other_overlapping_ways)
{
    mmu_tlb *t = mk(1, 4, MMU_REPL_LRU);
    uint64_t b = 10 * MB2;
    fill(t, b + PAGE(1), 1, UPAGE, 0x11, 12);
    fill(t, b + PAGE(7), 1, UPAGE, 0x17, 12);
    fill(t, b + PAGE(300), 2, UPAGE, 0x18, 12);             /* another ASID: no overlap */
    fill(t, b + PAGE(7), 1, UPAGE, 0x80000, 21);            /* superpage over both of ASID 1 */
    EXPECT_EQ(valid_count(t), 2);
    EXPECT_EQ(mmu_tlb_entry_at(t, 0, 0)->map_shift, 21);    /* the lowest overlapping way */
    EXPECT(!mmu_tlb_entry_at(t, 0, 1)->valid);
    EXPECT(hits(t, b + PAGE(300), 2));
    fill(t, b + PAGE(300), 3, UPAGE | G, 0x40000, 12);      /* a global overlaps every ASID: */
    EXPECT_EQ(valid_count(t), 1);                           /* ASID 2's page and ASID 1's superpage */
    EXPECT(hits(t, b + PAGE(300), 9));
    mmu_tlb_free(t);
}

TEST(tlb_flush_noncanonical_va_flushes_nothing)
{
    mmu_tlb *t = flush_setup();
    EXPECT_EQ(mmu_tlb_flush(t, true, PAGE(0x41) | (1ull << 50), false, 0), 0);
    EXPECT_EQ(valid_count(t), NENT_);
    mmu_tlb_free(t);
}

TEST(tlb_fill_takes_invalid_way_first)
{
    mmu_repl pol[4] = {MMU_REPL_LRU, MMU_REPL_PLRU, MMU_REPL_FIFO, MMU_REPL_RANDOM};
    for (int k = 0; k < 4; k++) {
        mmu_tlb *t = mk(1, 4, pol[k]);
        for (unsigned i = 0; i < 4; i++) fill(t, PAGE(10 + i), 1, UPAGE, i, 12);
        EXPECT_EQ(mmu_tlb_flush(t, true, PAGE(12), false, 0), 1);
        fill(t, PAGE(30), 1, UPAGE, 30, 12);
        EXPECT(hits(t, PAGE(10), 1) && hits(t, PAGE(11), 1) && hits(t, PAGE(13), 1) && hits(t, PAGE(30), 1));
        EXPECT_EQ(mmu_tlb_entry_at(t, 0, 2)->tag, 30);
        mmu_tlb_free(t);
    }
}

/* Entries at pages X and Y: global (asid 5), non-global asid 5, non-global
 * asid 0 — the global one at a different page of its own, as one VA has one
 * translation per address space. */
enum { GX, N5X, N0X, GY, N5Y, N0Y, NENT };
static const uint64_t EV[NENT] = {PAGE(0x40), PAGE(0x41), PAGE(0x41), PAGE(0x80), PAGE(0x81), PAGE(0x81)};
static const uint32_t EA[NENT] = {5, 5, 0, 5, 5, 0};
static const bool EG[NENT] = {true, false, false, true, false, false};

static mmu_tlb *flush_setup(void)
{
    mmu_tlb *t = mk(1, 8, MMU_REPL_LRU);
    for (int i = 0; i < NENT; i++) fill(t, EV[i], EA[i], UPAGE | (EG[i] ? G : 0), 0x100 + (unsigned)i, 12);
    return t;
}

static void expect_survivors(mmu_tlb *t, const bool want[NENT], int line)
{
    for (int i = 0; i < NENT; i++) {
        bool h = hits(t, EV[i], EA[i]);
        if (h != want[i]) check_note(__FILE__, line, "entry %d: %s, want %s", i, h ? "kept" : "flushed",
                                     want[i] ? "kept" : "flushed");
        check_cur.asserted++;
    }
}

TEST(tlb_flush_all_x0_x0)
{
    mmu_tlb *t = flush_setup();
    EXPECT_EQ(mmu_tlb_flush(t, false, 0, false, 0), NENT);
    bool want[NENT] = {0};
    expect_survivors(t, want, __LINE__);
    mmu_tlb_free(t);
}

/* profile flush_exact = 0: every variant, an invalid VA too, empties the TLB */
TEST(tlb_flush_inexact_empties_on_every_variant)
{
    for (unsigned v = 0; v < 5; v++) {
        mmu_tlb_config c = {1, 8, MMU_REPL_LRU, 12, 39, true, 0, true};
        mmu_error err;
        mmu_tlb *t = mmu_tlb_new(&c, &err);
        for (int i = 0; i < NENT; i++) fill(t, EV[i], EA[i], UPAGE | (EG[i] ? G : 0), 0x100 + (unsigned)i, 12);
        bool use_va = v & 1, use_asid = v & 2;
        uint64_t va = v == 4 ? (1ull << 50) : EV[0];     /* v = 4: a non-canonical VA */
        EXPECT_EQ(mmu_tlb_flush(t, use_va || v == 4, va, use_asid, EA[0]), NENT);
        bool want[NENT] = {0};
        expect_survivors(t, want, __LINE__);
        EXPECT_EQ(mmu_tlb_get_stats(t)->flushed, NENT);
        mmu_tlb_free(t);
    }
}

TEST(tlb_flush_asid_keeps_globals)
{
    mmu_tlb *t = flush_setup();
    mmu_tlb_flush(t, false, 0, true, 5);
    bool want[NENT] = {[GX] = true, [N0X] = true, [GY] = true, [N0Y] = true};
    expect_survivors(t, want, __LINE__);
    mmu_tlb_free(t);
}

TEST(tlb_flush_asid_register_holding_zero_is_not_x0)
{
    mmu_tlb *t = flush_setup();
    mmu_tlb_flush(t, false, 0, true, 0);     /* rs2 = a register holding 0: ASID 0 only */
    bool want[NENT] = {[GX] = true, [N5X] = true, [GY] = true, [N5Y] = true};
    expect_survivors(t, want, __LINE__);
    mmu_tlb_free(t);
}

TEST(tlb_flush_va_all_asids_includes_globals)
{
    mmu_tlb *t = flush_setup();
    mmu_tlb_flush(t, true, PAGE(0x41) + 0x7ff, false, 0);
    bool want[NENT] = {[GX] = true, [GY] = true, [N5Y] = true, [N0Y] = true};
    expect_survivors(t, want, __LINE__);
    mmu_tlb_flush(t, true, PAGE(0x80), false, 0);   /* a global goes with VA-only */
    bool want2[NENT] = {[GX] = true, [N5Y] = true, [N0Y] = true};
    expect_survivors(t, want2, __LINE__);
    mmu_tlb_free(t);
}

TEST(tlb_flush_va_asid_non_global_only)
{
    mmu_tlb *t = flush_setup();
    mmu_tlb_flush(t, true, PAGE(0x41), true, 5);
    mmu_tlb_flush(t, true, PAGE(0x40), true, 5);    /* the global at 0x40 stays */
    bool want[NENT] = {[GX] = true, [N0X] = true, [GY] = true, [N5Y] = true, [N0Y] = true};
    expect_survivors(t, want, __LINE__);
    mmu_tlb_free(t);
}

TEST(tlb_flush_va_register_holding_zero_is_not_x0)
{
    mmu_tlb *t = flush_setup();
    fill(t, 0x123, 5, UPAGE, 0x300, 12);                  /* a page at VA 0 */
    mmu_tlb_flush(t, true, 0, false, 0);                   /* rs1 = register holding 0: page 0 only */
    EXPECT(!hits(t, 0x123, 5));
    bool want[NENT] = {true, true, true, true, true, true};
    expect_survivors(t, want, __LINE__);
    mmu_tlb_free(t);
}

TEST(tlb_global_hits_in_every_asid)
{
    mmu_tlb *t = flush_setup();
    EXPECT(hits(t, PAGE(0x40), 9));
    EXPECT(!hits(t, PAGE(0x41), 9));
    mmu_tlb_free(t);
}

TEST(tlb_superpage_lookup_edges)
{
    uint64_t bases[3] = {4 * MB2, 3 * GB1, 0xffffffffc0000000ull};    /* 2 MiB, 1 GiB, 1 GiB high half */
    unsigned shifts[3] = {21, 30, 30};
    for (int k = 0; k < 3; k++) {
        mmu_tlb *t = mk(1, 4, MMU_REPL_LRU);
        uint64_t size = 1ull << shifts[k], b = bases[k], pa = 0;
        fill(t, b + size / 2, 3, UPAGE, (1ull << 30) >> 12 << (k ? 1 : 0), shifts[k]);
        EXPECT_EQ(look(t, b, 3, MMU_ACC_LOAD, MMU_PRIV_USER, &pa), MMU_TLB_HIT);
        EXPECT_EQ(pa & (size - 1), 0);
        EXPECT_EQ(look(t, b + size - 1, 3, MMU_ACC_LOAD, MMU_PRIV_USER, &pa), MMU_TLB_HIT);
        EXPECT_EQ(pa & (size - 1), size - 1);
        EXPECT(!hits(t, b + size, 3));
        EXPECT(!hits(t, b - 1, 3));
        mmu_tlb_free(t);
    }
}

TEST(tlb_superpage_flush_by_any_va_inside)
{
    uint64_t offs[3] = {0, MB2 / 2 + 0x1000, MB2 - 0x1000};   /* first, middle, last 4K */
    for (int k = 0; k < 3; k++) {
        mmu_tlb *t = mk(8, 2, MMU_REPL_LRU);
        uint64_t b = 6 * MB2;
        fill(t, b + 0x3000, 3, UPAGE, 0x80000, 21);             /* lives in set 3 */
        EXPECT(hits(t, b + 0x3000 + 0x10, 3));
        EXPECT_EQ(mmu_tlb_flush(t, true, b + offs[k], true, 3), 1);   /* VA in another set */
        EXPECT(!hits(t, b + 0x3000, 3));
        mmu_tlb_free(t);
    }
    /* 1 GiB in the high half, flushed by its last 4K. */
    mmu_tlb *t = mk(8, 2, MMU_REPL_LRU);
    fill(t, 0xffffffffc0000000ull, 3, UPAGE, 0x40000, 30);
    EXPECT_EQ(mmu_tlb_flush(t, true, 0xfffffffffffff000ull, false, 0), 1);
    mmu_tlb_free(t);
}

TEST(tlb_sum_mxr_priv_take_effect_without_flush)
{
    const mmu_profile *p = sv39();
    mmu_tlb *t = mk(4, 2, MMU_REPL_LRU);
    fill(t, PAGE(1), 0, R | W | U | A | D, 0x11, 12);          /* user data page */
    fill(t, PAGE(2), 0, X | A, 0x12, 12);                     /* supervisor execute-only */
    mmu_regs r = regs_asid(0);
    mmu_cause c = MMU_CAUSE_NONE;
    uint64_t pa;
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(1), MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, &pa, &c), MMU_TLB_HIT_FAULT);
    EXPECT_EQ(c, MMU_CAUSE_PRIV);
    r.sum = true;
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(1), MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, &pa, &c), MMU_TLB_HIT);
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(1), MMU_ACC_FETCH, MMU_PRIV_SUPERVISOR, &pa, &c), MMU_TLB_HIT_FAULT);
    EXPECT_EQ(c, MMU_CAUSE_PRIV);                            /* SUM never allows fetch */
    r.sum = false;
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(1), MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, &pa, &c), MMU_TLB_HIT_FAULT);
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(2), MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, &pa, &c), MMU_TLB_HIT_FAULT);
    EXPECT_EQ(c, MMU_CAUSE_PROT);
    r.mxr = true;
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(2), MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, &pa, &c), MMU_TLB_HIT);
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(2), MMU_ACC_LOAD, MMU_PRIV_USER, &pa, &c), MMU_TLB_HIT_FAULT);
    EXPECT_EQ(c, MMU_CAUSE_PRIV);                            /* privilege change, same entry */
    r.mxr = false;
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(2), MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, &pa, &c), MMU_TLB_HIT_FAULT);
    EXPECT_EQ(valid_count(t), 2);                            /* nothing was flushed or refilled */
    mmu_tlb_free(t);
}

TEST(tlb_store_hit_on_clean_entry)
{
    const mmu_profile *p = sv39();
    mmu_tlb *t = mk(4, 2, MMU_REPL_LRU);
    fill(t, PAGE(3), 0, R | W | U | A, 0x33, 12);            /* filled by a load: D=0 */
    mmu_regs r = regs_asid(0);
    mmu_cause c;
    uint64_t pa;
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(3), MMU_ACC_LOAD, MMU_PRIV_USER, &pa, &c), MMU_TLB_HIT);
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(3), MMU_ACC_STORE, MMU_PRIV_USER, &pa, &c), MMU_TLB_MISS);  /* Svadu: walk */
    r.adue = false;                                          /* Svade: a miss too; the walk faults AD */
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(3), MMU_ACC_STORE, MMU_PRIV_USER, &pa, &c), MMU_TLB_MISS);
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(3), MMU_ACC_LOAD, MMU_PRIV_USER, &pa, &c), MMU_TLB_HIT);
    r.adue = true;
    fill(t, PAGE(3), 0, R | W | U | A | D, 0x33, 12);        /* the re-walk's fill */
    EXPECT_EQ(valid_count(t), 1);                            /* overwritten in place */
    EXPECT_EQ(mmu_tlb_lookup(t, p, &r, PAGE(3), MMU_ACC_STORE, MMU_PRIV_USER, &pa, &c), MMU_TLB_HIT);
    mmu_tlb_free(t);
}

TEST(tlb_no_fill_on_fault)
{
    mmu_tlb *t = mk(4, 2, MMU_REPL_LRU);
    mmu_result r = leaf(PAGE(4), UPAGE, 0x44, 12);
    r.fault = true;
    r.cause = MMU_CAUSE_PROT;
    mmu_tlb_fill(t, sv39(), PAGE(4), 0, &r);
    EXPECT_EQ(valid_count(t), 0);
    mmu_tlb_free(t);
}

TEST(tlb_page_then_superpage_no_duplicate)
{
    mmu_tlb *t = mk(1, 4, MMU_REPL_LRU);
    uint64_t va = 8 * MB2 + 0x5000, pa;
    fill(t, va, 1, UPAGE, 0x999, 12);
    fill(t, va, 1, UPAGE, 0x80000, 21);                      /* remapped as a 2 MiB page, no SFENCE */
    EXPECT_EQ(valid_count(t), 1);
    EXPECT_EQ(look(t, va, 1, MMU_ACC_LOAD, MMU_PRIV_USER, &pa), MMU_TLB_HIT);
    EXPECT_EQ(pa, (0x80000ull << 12) + 0x5000);
    mmu_tlb_free(t);
}

TEST(tlb_noncanonical_never_hits)
{
    mmu_tlb *t = mk(1, 2, MMU_REPL_LRU);
    fill(t, PAGE(7), 0, UPAGE, 0x77, 12);
    EXPECT(hits(t, PAGE(7), 0));
    EXPECT(!hits(t, PAGE(7) | (1ull << 45), 0));            /* aliases in the masked tag */
    mmu_tlb_free(t);
}

TEST(tlb_rejects_bad_geometry)
{
    mmu_error err;
    mmu_tlb_config c = {3, 2, MMU_REPL_LRU, 12, 39, true, 0, false};
    EXPECT(mmu_tlb_new(&c, &err) == NULL);
    EXPECT_STR_CONTAINS(err.msg, "power of two");
    mmu_tlb_config c2 = {4, 3, MMU_REPL_PLRU, 12, 39, true, 0, false};
    EXPECT(mmu_tlb_new(&c2, &err) == NULL);
    EXPECT_STR_CONTAINS(err.msg, "PLRU");
}

int main(void)
{
    RUN(tlb_hit_gives_pa_miss_otherwise);
    RUN(tlb_lru_replaces_least_recently_used);
    RUN(tlb_fifo_replaces_oldest_even_if_used);
    RUN(tlb_plru_follows_the_tree);
    RUN(tlb_random_is_seeded_and_spreads);
    RUN(tlb_random_follows_rtl_lfsr);
    RUN(tlb_fifo_inplace_refill_is_an_insertion);
    RUN(tlb_fill_invalidates_other_overlapping_ways);
    RUN(tlb_flush_noncanonical_va_flushes_nothing);
    RUN(tlb_fill_takes_invalid_way_first);
    RUN(tlb_flush_all_x0_x0);
    RUN(tlb_flush_inexact_empties_on_every_variant);
    RUN(tlb_flush_asid_keeps_globals);
    RUN(tlb_flush_asid_register_holding_zero_is_not_x0);
    RUN(tlb_flush_va_all_asids_includes_globals);
    RUN(tlb_flush_va_asid_non_global_only);
    RUN(tlb_flush_va_register_holding_zero_is_not_x0);
    RUN(tlb_global_hits_in_every_asid);
    RUN(tlb_superpage_lookup_edges);
    RUN(tlb_superpage_flush_by_any_va_inside);
    RUN(tlb_sum_mxr_priv_take_effect_without_flush);
    RUN(tlb_store_hit_on_clean_entry);
    RUN(tlb_no_fill_on_fault);
    RUN(tlb_page_then_superpage_no_duplicate);
    RUN(tlb_noncanonical_never_hits);
    RUN(tlb_rejects_bad_geometry);
    return check_summary();
}
