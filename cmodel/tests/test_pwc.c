/* test_pwc.c — the page-walk cache model (mmu_pwc.h, docs/walkcache.md) on
 * real walks: page tables built in a test memory (testmem), walked by
 * mmu_translate with an mmu_explain in reads_only mode, the reads given to
 * the PWC. Both organisations: the va one's deepest-level lookup, levels
 * skipped, fills (level, VPN, PPN, accumulated G), FIFO replacement and its
 * reset on a clear; the pa one's hit per PTE address; a superpage leaf
 * (only the pointers above it are cached); clears on SFENCE (through the OS
 * layer's hook) and on translation-register writes; nothing in hybrid mode;
 * stale entries detected; reads_only records the same reads as the full
 * explanation, without its lines. */
#include <string.h>
#include "check.h"
#include "mmu_arch_parts.h"
#include "mmu_os.h"
#include "mmu_pwc.h"
#include "testmem.h"
#include "testprof.h"

#define ROOT 0x100u            /* root table frame */
#define GB1 (1ull << 30)
#define MB2 (1ull << 21)

static testmem *mem;
static uint64_t next_ppn;
static mmu_explain ex;         /* reads_only: set by fresh() */

static const mmu_profile *sv39(void) { return tp_profile("sv39"); }

static void fresh(void)
{
    tm_free(mem);
    mem = tm_new((uint64_t)1 << 56);
    next_ppn = 0x200;
    memset(&ex, 0, sizeof ex);
    ex.reads_only = true;
}

static mmu_regs paging(void)
{
    mmu_regs r = tp_regs(MMU_MODE_PAGING);
    r.ptbase = ROOT;
    r.adue = true;
    return r;
}

/* A user page (4 KiB leaf) or superpage (leaf at level) mapping va to frame. */
static void map(const mmu_profile *p, uint64_t va, int level, uint64_t frame)
{
    tm_map(mem, p, ROOT, va, level, tm_rv_pte(frame, "vrwuad"), &next_ppn);
}

static mmu_pwc *mk(unsigned entries, mmu_pwc_org org, const mmu_profile *p)
{
    mmu_pwc_config c = {entries, org};
    mmu_error err;
    return mmu_pwc_new(&c, p, &err);
}

/* One translation the way mmu-ref run does it: the arch walk, then the PWC
 * told its reads. Returns the reads the PWC saved; *reads the walk's reads. */
static unsigned walk(mmu_pwc *w, const mmu_profile *p, const mmu_regs *r, uint64_t va, unsigned *reads)
{
    mmu_mem m = tm_mem(mem);
    mmu_result res = mmu_translate(p, r, &m, va, MMU_ACC_LOAD, MMU_PRIV_USER, &ex);
    if (reads) *reads = res.pte_reads;
    return mmu_pwc_walk(w, r, va, ex.read, ex.reads);
}

static unsigned valid_count(const mmu_pwc *w)
{
    unsigned n = 0;
    for (unsigned i = 0; mmu_pwc_entry_at(w, i); i++) n += mmu_pwc_entry_at(w, i)->valid;
    return n;
}

static uint64_t ppn_at(const mmu_profile *p, uint64_t va, int level)
{
    return mmu_pte_ppn(p, tm_get(mem, tm_pte_addr(mem, p, ROOT, va, level), p->pte_bytes));
}

TEST(va_fill_caches_each_pointer_with_the_vas_vpn_and_accumulated_g)
{
    fresh();
    const mmu_profile *p = sv39();
    mmu_regs r = paging();
    uint64_t va = 3 * GB1 + 5 * MB2 + 0x7123;
    map(p, va, 0, 0x9000);
    /* The root's pointer global: both entries inherit G. */
    uint64_t a2 = tm_pte_addr(mem, p, ROOT, va, 2);
    tm_put(mem, a2, 8, tm_get(mem, a2, 8) | (1ull << MMU_RV_G));
    mmu_pwc *w = mk(8, MMU_PWC_VA, p);
    unsigned reads;
    EXPECT_EQ(walk(w, p, &r, va, &reads), 0);
    EXPECT_EQ(reads, 3);
    EXPECT_EQ(valid_count(w), 2);
    const mmu_pwc_entry *e0 = mmu_pwc_entry_at(w, 0), *e1 = mmu_pwc_entry_at(w, 1);
    EXPECT_EQ(e0->lvl, 2);                          /* root first: FIFO order */
    EXPECT_EQ(e1->lvl, 1);
    EXPECT_EQ(e0->vpn, va >> 12);
    EXPECT_EQ(e1->vpn, va >> 12);
    EXPECT_EQ(e0->ppn, ppn_at(p, va, 2));
    EXPECT_EQ(e1->ppn, ppn_at(p, va, 1));
    EXPECT(e0->g && e1->g);
    EXPECT_EQ(mmu_pwc_get_stats(w)->fills, 2);
    /* Without G on the root pointer: neither entry is global. */
    mmu_pwc_clear(w);
    tm_put(mem, a2, 8, tm_get(mem, a2, 8) & ~(1ull << MMU_RV_G));
    walk(w, p, &r, va, NULL);
    EXPECT(!mmu_pwc_entry_at(w, 0)->g && !mmu_pwc_entry_at(w, 1)->g);
    mmu_pwc_free(w);
}

TEST(va_lookup_takes_the_deepest_matching_level_and_skips_its_reads)
{
    fresh();
    const mmu_profile *p = sv39();
    mmu_regs r = paging();
    uint64_t a = 1 * GB1 + 2 * MB2 + 0x1000;        /* filler */
    uint64_t same_2m = a + 0x3000;                   /* VPN[2], VPN[1] equal      */
    uint64_t same_1g = a + 7 * MB2;                  /* VPN[2] equal, VPN[1] not  */
    uint64_t other = a + 4 * GB1;                    /* nothing in common         */
    map(p, a, 0, 0x9000);
    map(p, same_2m, 0, 0x9001);
    map(p, same_1g, 0, 0x9002);
    map(p, other, 0, 0x9003);
    mmu_pwc *w = mk(8, MMU_PWC_VA, p);
    EXPECT_EQ(mmu_pwc_va_lookup(w, a, NULL), (uint64_t)-1);
    EXPECT_EQ(walk(w, p, &r, a, NULL), 0);
    uint64_t ppn = 0;
    EXPECT_EQ(mmu_pwc_va_lookup(w, same_2m, &ppn), 1);      /* lvl 1 beats lvl 2 */
    EXPECT_EQ(ppn, ppn_at(p, a, 1));
    EXPECT_EQ(mmu_pwc_va_lookup(w, same_1g, &ppn), 2);
    EXPECT_EQ(ppn, ppn_at(p, a, 2));
    EXPECT_EQ(mmu_pwc_va_lookup(w, other, NULL), (uint64_t)-1);
    /* Saved reads: (levels-1) - (lvl-1). */
    unsigned reads;
    EXPECT_EQ(walk(w, p, &r, same_2m, &reads), 2);
    EXPECT_EQ(reads, 3);                              /* the walk itself is unchanged */
    EXPECT_EQ(walk(w, p, &r, same_1g, NULL), 1);
    EXPECT_EQ(walk(w, p, &r, other, NULL), 0);
    const mmu_pwc_stats *st = mmu_pwc_get_stats(w);
    EXPECT_EQ(st->walks, 4);
    EXPECT_EQ(st->hits, 2);
    EXPECT_EQ(st->reads_saved, 3);
    /* Fills: a (2), same_2m none (started at level 0), same_1g its lvl-1 pointer
     * only (level 2 skipped), other (2). */
    EXPECT_EQ(st->fills, 5);
    EXPECT_EQ(valid_count(w), 5);
    EXPECT_EQ(st->stale, 0);
    /* The translation is the arch walk's, PWC or not. */
    mmu_mem m = tm_mem(mem);
    EXPECT_EQ(mmu_translate(p, &r, &m, same_1g, MMU_ACC_LOAD, MMU_PRIV_USER, &ex).pa, (0x9002ull << 12));
    mmu_pwc_free(w);
}

TEST(fifo_replaces_the_oldest_and_restarts_at_0_after_a_clear)
{
    fresh();
    const mmu_profile *p = sv39();
    mmu_regs r = paging();
    uint64_t va[3] = {0x1000, GB1 + 0x1000, 2 * GB1 + 0x1000};   /* 2 entries each */
    for (int i = 0; i < 3; i++) map(p, va[i], 0, 0x9000 + (uint64_t)i);
    mmu_pwc *w = mk(3, MMU_PWC_VA, p);
    walk(w, p, &r, va[0], NULL);                     /* entries 0, 1            */
    EXPECT_EQ(mmu_pwc_fifo(w), 2);
    walk(w, p, &r, va[1], NULL);                     /* entry 2, then 0 (oldest) */
    EXPECT_EQ(mmu_pwc_fifo(w), 1);
    EXPECT_EQ(mmu_pwc_get_stats(w)->evictions, 1);
    EXPECT_EQ(mmu_pwc_entry_at(w, 2)->lvl, 2);
    EXPECT_EQ(mmu_pwc_entry_at(w, 2)->vpn, va[1] >> 12);
    EXPECT_EQ(mmu_pwc_entry_at(w, 0)->lvl, 1);
    EXPECT_EQ(mmu_pwc_entry_at(w, 0)->vpn, va[1] >> 12);
    EXPECT_EQ(mmu_pwc_entry_at(w, 1)->vpn, va[0] >> 12);    /* va[0]'s lvl 1 survives */
    EXPECT_EQ(walk(w, p, &r, va[0] + 0x1000, NULL), 2);     /* and still hits         */
    /* A clear empties it and the next fills start at entry 0 again. */
    mmu_pwc_clear(w);
    EXPECT_EQ(valid_count(w), 0);
    EXPECT_EQ(mmu_pwc_fifo(w), 0);
    EXPECT_EQ(walk(w, p, &r, va[0], NULL), 0);
    EXPECT_EQ(mmu_pwc_entry_at(w, 0)->vpn, va[0] >> 12);
    EXPECT_EQ(mmu_pwc_entry_at(w, 0)->lvl, 2);
    EXPECT_EQ(mmu_pwc_entry_at(w, 1)->vpn, va[0] >> 12);
    EXPECT(!mmu_pwc_entry_at(w, 2)->valid);
    walk(w, p, &r, va[2], NULL);
    EXPECT_EQ(mmu_pwc_entry_at(w, 2)->vpn, va[2] >> 12);
    EXPECT_EQ(mmu_pwc_entry_at(w, 2)->lvl, 2);
    EXPECT_EQ(mmu_pwc_entry_at(w, 0)->lvl, 1);              /* overwrote va[0]'s lvl 2 */
    EXPECT_EQ(mmu_pwc_entry_at(w, 0)->vpn, va[2] >> 12);
    EXPECT(mmu_pwc_entry_at(w, 3) == NULL);
    mmu_pwc_free(w);
}

TEST(pa_org_hits_per_pte_address_at_each_pointer_level)
{
    fresh();
    const mmu_profile *p = sv39();
    mmu_regs r = paging();
    uint64_t a = 5 * GB1 + 9 * MB2 + 0x4000;
    uint64_t same_2m = a + 0x1000, same_1g = a + 3 * MB2, other = a + GB1;
    map(p, a, 0, 0x9000);
    map(p, same_2m, 0, 0x9001);
    map(p, same_1g, 0, 0x9002);
    map(p, other, 0, 0x9003);
    mmu_pwc *w = mk(8, MMU_PWC_PA, p);
    EXPECT_EQ(mmu_pwc_va_lookup(w, a, NULL), (uint64_t)-1);  /* no VA lookups in pa */
    EXPECT_EQ(walk(w, p, &r, a, NULL), 0);
    EXPECT_EQ(valid_count(w), 2);                    /* two pointers, never the leaf */
    EXPECT_EQ(mmu_pwc_entry_at(w, 0)->pte_addr, tm_pte_addr(mem, p, ROOT, a, 2));
    EXPECT_EQ(mmu_pwc_entry_at(w, 1)->pte_addr, tm_pte_addr(mem, p, ROOT, a, 1));
    EXPECT_EQ(mmu_pwc_entry_at(w, 1)->pte, tm_get(mem, tm_pte_addr(mem, p, ROOT, a, 1), 8));
    EXPECT_EQ(walk(w, p, &r, same_2m, NULL), 2);    /* both pointer reads hit    */
    EXPECT_EQ(walk(w, p, &r, same_1g, NULL), 1);    /* root's pointer only       */
    EXPECT_EQ(valid_count(w), 3);                    /* + same_1g's level-1 PTE    */
    EXPECT_EQ(walk(w, p, &r, other, NULL), 0);      /* another root slot          */
    EXPECT_EQ(walk(w, p, &r, same_1g + 0x1000, NULL), 2);
    const mmu_pwc_stats *st = mmu_pwc_get_stats(w);
    EXPECT_EQ(st->hits, 5);
    EXPECT_EQ(st->reads_saved, 5);
    EXPECT_EQ(st->fills, 5);
    mmu_pwc_free(w);
}

TEST(superpage_leaf_caches_only_the_pointer_above_it)
{
    fresh();
    const mmu_profile *p = sv39();
    mmu_regs r = paging();
    uint64_t va = 2 * GB1 + 4 * MB2 + 0x12345;
    map(p, va, 1, 0x40000);                          /* 2 MiB leaf at level 1 */
    for (int org = 0; org < 2; org++) {
        mmu_pwc *w = mk(8, (mmu_pwc_org)org, p);
        unsigned reads;
        EXPECT_EQ(walk(w, p, &r, va, &reads), 0);
        EXPECT_EQ(reads, 2);
        EXPECT_EQ(valid_count(w), 1);
        EXPECT_EQ(mmu_pwc_entry_at(w, 0)->lvl, 2);
        EXPECT_EQ(mmu_pwc_entry_at(w, 0)->ppn, ppn_at(p, va, 2));
        /* Another VA of the superpage: the root read is saved, the leaf read is not. */
        EXPECT_EQ(walk(w, p, &r, va + 0x1000, &reads), 1);
        EXPECT_EQ(reads, 2);
        EXPECT_EQ(valid_count(w), 1);
        mmu_pwc_free(w);
    }
}

TEST(sv32_two_levels_save_at_most_one_read)
{
    fresh();
    const mmu_profile *p = tp_profile("sv32");
    mmu_regs r = paging();
    uint64_t va = 0x00c03000;
    map(p, va, 0, 0x9000);
    map(p, va + 0x1000, 0, 0x9001);
    for (int org = 0; org < 2; org++) {
        mmu_pwc *w = mk(4, (mmu_pwc_org)org, p);
        EXPECT_EQ(walk(w, p, &r, va, NULL), 0);
        EXPECT_EQ(valid_count(w), 1);
        EXPECT_EQ(mmu_pwc_entry_at(w, 0)->lvl, 1);
        EXPECT_EQ(walk(w, p, &r, va + 0x1000, NULL), 1);
        mmu_pwc_free(w);
    }
}

/* The OS layer's hooks wired as mmu-ref run wires them. */
static void hook_flush(void *ctx, const mmu_flush_req *f) { (void)f; mmu_pwc_clear(ctx); }
static void hook_regs(void *ctx, const mmu_regs *r) { mmu_pwc_set_regs(ctx, r); }

TEST(every_sfence_from_the_os_clears_it)
{
    fresh();
    const mmu_profile *p = sv39();
    mmu_pwc *w = mk(8, MMU_PWC_VA, p);
    mmu_os_hooks hooks = {w, hook_flush, hook_regs};
    mmu_os_config oc = {.mode = MMU_MODE_PAGING, .mem_bytes = 16u << 20};
    mmu_error err;
    mmu_os *os = mmu_os_new(p, &oc, &hooks, &err);
    EXPECT(os != NULL);
    if (!os) { mmu_pwc_free(w); return; }
    EXPECT_EQ(mmu_os_create(os, 1, NULL, 0, &err), 0);
    const mmu_regs *r = mmu_os_regs(os);
    mmu_mem m = mmu_os_mem(os);
    uint64_t va = 0x10000;
    EXPECT_EQ(mmu_os_populate(os, 1, va, &err), 0);
    EXPECT_EQ(mmu_os_populate(os, 1, va + 0x1000, &err), 0);
    mmu_translate(p, r, &m, va, MMU_ACC_LOAD, MMU_PRIV_USER, &ex);
    EXPECT_EQ(mmu_pwc_walk(w, r, va, ex.read, ex.reads), 0);
    EXPECT_EQ(valid_count(w), 2);
    uint64_t clears = mmu_pwc_get_stats(w)->clears;
    mmu_os_flush_all(os);                            /* SFENCE.VMA x0, x0 */
    EXPECT_EQ(valid_count(w), 0);
    EXPECT_EQ(mmu_pwc_get_stats(w)->clears, clears + 1);
    /* A page fault the OS fixes ends with an SFENCE.VMA of that page only:
     * it clears the whole PWC all the same. */
    mmu_translate(p, r, &m, va, MMU_ACC_LOAD, MMU_PRIV_USER, &ex);
    mmu_pwc_walk(w, r, va, ex.read, ex.reads);
    EXPECT_EQ(valid_count(w), 2);
    uint64_t fresh_va = va + 0x5000;
    mmu_result res = mmu_translate(p, r, &m, fresh_va, MMU_ACC_STORE, MMU_PRIV_USER, &ex);
    EXPECT(res.fault);
    EXPECT_EQ(mmu_pwc_walk(w, r, fresh_va, ex.read, ex.reads), 2);    /* pointers hit */
    EXPECT_EQ(mmu_os_fault(os, fresh_va, MMU_ACC_STORE, MMU_PRIV_USER, &res, &err), 0);
    EXPECT_EQ(valid_count(w), 0);
    EXPECT_EQ(mmu_pwc_get_stats(w)->stale, 0);
    mmu_os_free(os);
    mmu_pwc_free(w);
}

TEST(translation_register_writes_clear_it_others_do_not)
{
    fresh();
    const mmu_profile *p = sv39();
    mmu_regs r = paging();
    map(p, 0x1000, 0, 0x9000);
    mmu_pwc *w = mk(8, MMU_PWC_VA, p);
    mmu_pwc_set_regs(w, &r);                         /* the first write only records */
    walk(w, p, &r, 0x1000, NULL);
    EXPECT_EQ(valid_count(w), 2);
    mmu_regs same = r;
    same.seg[1] = tp_seg(0x5000, 3, "rw", 0);        /* not a paging register */
    mmu_pwc_set_regs(w, &same);
    EXPECT_EQ(valid_count(w), 2);
    for (int k = 0; k < 6; k++) {
        mmu_regs n = same;
        switch (k) {
        case 0: n.mode = MMU_MODE_HYBRID; break;
        case 1: n.ptbase++; break;
        case 2: n.asid ^= 1; break;
        case 3: n.sum = !n.sum; break;
        case 4: n.mxr = !n.mxr; break;
        default: n.adue = !n.adue; break;
        }
        mmu_pwc_set_regs(w, &same);                  /* back to r: nothing changes...  */
        walk(w, p, &r, 0x1000, NULL);                /* (refill if a case cleared it)  */
        EXPECT_EQ(valid_count(w), 2);
        mmu_pwc_set_regs(w, &n);                     /* ...this write clears          */
        EXPECT_EQ(valid_count(w), 0);
        EXPECT_EQ(mmu_pwc_fifo(w), 0);
        mmu_pwc_set_regs(w, &same);                  /* and so does the way back      */
    }
    mmu_pwc_free(w);
}

TEST(hybrid_and_other_modes_never_look_up_or_fill)
{
    fresh();
    const mmu_profile *p = sv39();
    /* Hybrid: segment 0's linear table at 0x80000; its PTE 0 is a leaf, PTE 1
     * looks like a pointer (NO_LEAF). */
    mmu_regs h = tp_regs(MMU_MODE_HYBRID);
    h.seg[0] = tp_seg(0x80000, 4, "", 0);
    tm_put(mem, 0x80000, 8, tm_rv_pte(0x9000, "vrwuad"));
    tm_put(mem, 0x80008, 8, tm_rv_pte(0x9001, "v"));
    for (int org = 0; org < 2; org++) {
        mmu_pwc *w = mk(8, (mmu_pwc_org)org, p);
        unsigned reads;
        EXPECT_EQ(walk(w, p, &h, 0x123, &reads), 0);
        EXPECT_EQ(reads, 1);
        EXPECT_EQ(walk(w, p, &h, 0x1123, &reads), 0);
        EXPECT_EQ(reads, 1);
        /* Reads that would fill two entries in paging mode: not in hybrid. */
        mmu_explain_read rd[3] = {
            {2, ROOT << 12, 0, ROOT << 12, tm_rv_pte(0x300, "v"), true, ARCH_PTE_POINTER},
            {1, 0x300000, 0, 0x300000, tm_rv_pte(0x301, "v"), true, ARCH_PTE_POINTER},
            {0, 0x301000, 0, 0x301000, tm_rv_pte(0x9000, "vrwuad"), true, ARCH_PTE_LEAF},
        };
        EXPECT_EQ(mmu_pwc_walk(w, &h, 0, rd, 3), 0);
        mmu_regs s = h;
        s.mode = MMU_MODE_SEGMENTATION;
        EXPECT_EQ(mmu_pwc_walk(w, &s, 0, rd, 3), 0);
        EXPECT_EQ(valid_count(w), 0);
        EXPECT_EQ(mmu_pwc_get_stats(w)->walks, 0);
        EXPECT_EQ(mmu_pwc_get_stats(w)->fills, 0);
        /* The same reads in paging mode do fill (the test can fail). */
        mmu_regs pg = paging();
        EXPECT_EQ(mmu_pwc_walk(w, &pg, 0, rd, 3), 0);
        EXPECT_EQ(valid_count(w), 2);
        mmu_pwc_free(w);
    }
}

TEST(an_entry_memory_no_longer_holds_is_counted_stale_and_saves_nothing)
{
    fresh();
    const mmu_profile *p = sv39();
    mmu_regs r = paging();
    uint64_t va = 0x40201000;
    for (int org = 0; org < 2; org++) {
        fresh();
        map(p, va, 0, 0x9000);
        mmu_pwc *w = mk(8, (mmu_pwc_org)org, p);
        walk(w, p, &r, va, NULL);
        /* The OS moves the level-0 table without a flush. */
        uint64_t a1 = tm_pte_addr(mem, p, ROOT, va, 1);
        uint64_t old_ppn = ppn_at(p, va, 1), new_ppn = next_ppn++;
        for (unsigned i = 0; i < 512; i++)
            tm_put(mem, (new_ppn << 12) + i * 8, 8, tm_get(mem, (old_ppn << 12) + i * 8, 8));
        tm_put(mem, a1, 8, tm_rv_pte(new_ppn, "v"));
        unsigned saved = walk(w, p, &r, va, NULL);
        EXPECT_EQ(mmu_pwc_get_stats(w)->stale, 1);
        /* va: the level-1 entry was the match: nothing saved. pa: the root's
         * pointer still hits, the level-1 PTE is stale. */
        EXPECT_EQ(saved, org == MMU_PWC_VA ? 0 : 1);
        EXPECT_EQ(walk(w, p, &r, va, NULL), 2);     /* refilled with the new pointer */
        EXPECT_EQ(mmu_pwc_get_stats(w)->stale, 1);
        mmu_pwc_free(w);
    }
}

TEST(reads_only_records_the_same_reads_without_lines)
{
    fresh();
    const mmu_profile *p = sv39();
    mmu_regs r = paging();
    uint64_t va = 7 * GB1 + 0x5678;
    uint64_t leaf = tm_rv_pte(0x9000, "vrwu");        /* A/D clear: the store sets them */
    uint64_t a0 = tm_map(mem, p, ROOT, va, 0, leaf, &next_ppn);
    static mmu_explain full;
    memset(&full, 0, sizeof full);
    mmu_mem m = tm_mem(mem);
    mmu_result a = mmu_translate(p, &r, &m, va, MMU_ACC_STORE, MMU_PRIV_USER, &full);
    tm_put(mem, a0, 8, leaf);                        /* A/D clear again */
    mmu_result b = mmu_translate(p, &r, &m, va, MMU_ACC_STORE, MMU_PRIV_USER, &ex);
    EXPECT_GT(full.count, 5);
    EXPECT_EQ(ex.count, 0);
    EXPECT_EQ(ex.reads, 3);
    EXPECT_EQ(full.reads, ex.reads);
    EXPECT(memcmp(full.read, ex.read, sizeof full.read) == 0);
    EXPECT_EQ(a.pa, b.pa);
    EXPECT(full.ad_write && ex.ad_write);
    EXPECT_EQ(full.ad_new, ex.ad_new);
}

TEST(configuration_is_checked)
{
    const mmu_profile *p = sv39();
    mmu_error err;
    mmu_pwc_config c = {0, MMU_PWC_VA};
    EXPECT(mmu_pwc_new(&c, p, &err) == NULL);
    c.entries = MMU_PWC_MAX_ENTRIES + 1;
    EXPECT(mmu_pwc_new(&c, p, &err) == NULL);
    EXPECT_STR_CONTAINS(err.msg, "expected 1..64");
    c.entries = MMU_PWC_MAX_ENTRIES;
    mmu_pwc *w = mmu_pwc_new(&c, p, &err);
    EXPECT(w != NULL);
    mmu_pwc_free(w);
    mmu_pwc_org o;
    EXPECT(mmu_pwc_org_parse("pa", &o) == 0 && o == MMU_PWC_PA);
    EXPECT(mmu_pwc_org_parse("va", &o) == 0 && o == MMU_PWC_VA);
    EXPECT(mmu_pwc_org_parse("vipt", &o) != 0);
    EXPECT_STREQ(mmu_pwc_org_name(MMU_PWC_PA), "pa");
}

int main(void)
{
    RUN(va_fill_caches_each_pointer_with_the_vas_vpn_and_accumulated_g);
    RUN(va_lookup_takes_the_deepest_matching_level_and_skips_its_reads);
    RUN(fifo_replaces_the_oldest_and_restarts_at_0_after_a_clear);
    RUN(pa_org_hits_per_pte_address_at_each_pointer_level);
    RUN(superpage_leaf_caches_only_the_pointer_above_it);
    RUN(sv32_two_levels_save_at_most_one_read);
    RUN(every_sfence_from_the_os_clears_it);
    RUN(translation_register_writes_clear_it_others_do_not);
    RUN(hybrid_and_other_modes_never_look_up_or_fill);
    RUN(an_entry_memory_no_longer_holds_is_counted_stale_and_saves_nothing);
    RUN(reads_only_records_the_same_reads_without_lines);
    RUN(configuration_is_checked);
    tm_free(mem);
    return check_summary();
}
