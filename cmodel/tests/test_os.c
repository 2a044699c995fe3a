/* test_os.c — the OS layer: demand paging, swap policies, CLOCK's A bits,
 * copy-on-write, context switches and ASIDs, brk, hybrid tables, and
 * segment placement (fits, coalescing, compaction). Accesses go through the
 * arch walker (no TLB) with the OS fixing faults, as `mmu-ref run` does. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "mmu_os.h"
#include "testprof.h"

/* ---- a recording hook ---- */
#define MAX_FLUSH 4096
typedef struct {
    mmu_flush_req f[MAX_FLUSH];
    unsigned n;
    unsigned regs_writes;
    mmu_regs last_regs;
} rec;

static void rec_flush(void *ctx, const mmu_flush_req *f)
{
    rec *r = ctx;
    if (r->n < MAX_FLUSH) r->f[r->n++] = *f;
}

static void rec_regs(void *ctx, const mmu_regs *regs)
{
    rec *r = ctx;
    r->regs_writes++;
    r->last_regs = *regs;
}

static bool has_flush(const rec *r, bool use_va, uint64_t va, bool use_asid, uint32_t asid)
{
    for (unsigned i = 0; i < r->n; i++)
        if (r->f[i].use_va == use_va && (!use_va || r->f[i].va == va) && r->f[i].use_asid == use_asid &&
            (!use_asid || r->f[i].asid == asid))
            return true;
    return false;
}

static unsigned count_full_flushes(const rec *r)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->n; i++) n += !r->f[i].use_va && !r->f[i].use_asid;
    return n;
}

static rec g_rec;
static const mmu_profile *g_prof;

static mmu_os *new_os(const mmu_profile *p, mmu_mode mode, uint64_t frames, mmu_swap_policy pol)
{
    memset(&g_rec, 0, sizeof g_rec);
    g_prof = p;
    mmu_os_config c = {.mode = mode, .frames = frames, .swap_policy = pol, .seed = 7};
    mmu_os_hooks h = {&g_rec, rec_flush, rec_regs};
    mmu_error err;
    mmu_os *os = mmu_os_new(p, &c, &h, &err);
    if (!os) fprintf(stderr, "mmu_os_new: %s\n", err.msg);
    return os;
}

/* One access as the run loop does it (minus the TLB). 0 ok, 1 segv, -1 error. */
static int touch(mmu_os *os, uint64_t va, mmu_access acc)
{
    for (int i = 0; i < 8; i++) {
        mmu_mem mem = mmu_os_mem(os);
        mmu_result r = mmu_translate(g_prof, mmu_os_regs(os), &mem, va, acc, MMU_PRIV_USER, NULL);
        if (!r.fault) {
            if (mmu_os_wants_accesses(os)) mmu_os_note_access(os, r.pa);
            return 0;
        }
        mmu_error err;
        int rc = mmu_os_fault(os, va, acc, MMU_PRIV_USER, &r, &err);
        if (rc) {
            if (rc < 0) fprintf(stderr, "fault: %s\n", err.msg);
            return rc;
        }
    }
    return -1;
}

static mmu_trace_seg seg(const char *name, uint64_t base, uint64_t size, const char *rwx, bool down)
{
    mmu_trace_seg s = {.base = base, .size = size, .grows_negative = down};
    snprintf(s.name, sizeof s.name, "%s", name);
    s.r = strchr(rwx, 'r') != NULL;
    s.w = strchr(rwx, 'w') != NULL;
    s.x = strchr(rwx, 'x') != NULL;
    return s;
}

#define PG(n) ((uint64_t)(n) << g_prof->page_shift)

static uint64_t faults(mmu_os *os) { return mmu_os_get_stats(os)->page_faults; }

TEST(os_demand_zero_first_touch_faults_once)
{
    mmu_os *os = new_os(tp_profile("sv39"), MMU_MODE_PAGING, 0, MMU_SWAP_FIFO);
    mmu_error err;
    EXPECT_EQ(mmu_os_create(os, 1, NULL, 0, &err), 0);
    for (int rep = 0; rep < 3; rep++)
        for (int i = 0; i < 10; i++) EXPECT_EQ(touch(os, PG(100 + 37 * i) + 8, rep ? MMU_ACC_STORE : MMU_ACC_LOAD), 0);
    const mmu_os_stats *st = mmu_os_get_stats(os);
    EXPECT_EQ(st->page_faults, 10);
    EXPECT_EQ(st->demand_zero, 10);
    EXPECT_EQ(st->resident, 10);
    uint64_t pte;
    EXPECT_EQ(mmu_os_page_state(os, 1, PG(100) + 8, &pte), MMU_PAGE_RESIDENT);
    EXPECT((pte >> MMU_RV_A) & 1);                    /* the walker set A and D */
    EXPECT((pte >> MMU_RV_D) & 1);
    EXPECT_EQ(mmu_os_page_state(os, 1, PG(101), NULL), MMU_PAGE_NONE);
    uint8_t b[4] = {9, 9, 9, 9};                       /* demand-zero really is zero */
    EXPECT_EQ(mmu_os_read(os, PG(100 + 37), b, 4, &err), 0);
    EXPECT_EQ(b[0] | b[1] | b[2] | b[3], 0);
    mmu_os_free(os);
}

TEST(os_every_profile_builds_tables)
{
    const char *profs[] = {"sv39", "sv32", "ostep-linear", "ostep-multilevel"};
    for (unsigned k = 0; k < 4; k++) {
        mmu_os *os = new_os(tp_profile(profs[k]), MMU_MODE_PAGING, 0, MMU_SWAP_FIFO);
        mmu_error err;
        EXPECT_EQ(mmu_os_create(os, 1, NULL, 0, &err), 0);
        uint64_t vas[3] = {PG(0), PG(3) + 5, PG(((uint64_t)1 << (g_prof->va_bits - 1 - g_prof->page_shift)) - 1)};
        for (unsigned i = 0; i < 3; i++) {
            char w[8], r[8] = {0};
            snprintf(w, sizeof w, "p%u-%u", k, i);
            EXPECT_EQ(mmu_os_write(os, vas[i], w, 5, &err), 0);
            EXPECT_EQ(mmu_os_read(os, vas[i], r, 5, &err), 0);
            EXPECT(!memcmp(w, r, 5));
        }
        EXPECT_EQ(faults(os), 3);
        mmu_os_free(os);
    }
}

/* OSTEP chapter 22's reference string 0 1 2 0 1 3 0 3 1 2 1 with 3 frames:
 * FIFO 7 misses, LRU 5, OPT 5. Page 0 is stored to on its first use. */
static const unsigned REFS[] = {0, 1, 2, 0, 1, 3, 0, 3, 1, 2, 1};
#define NREFS (sizeof REFS / sizeof REFS[0])

static mmu_os *run_refs(mmu_swap_policy pol, uint64_t frames, const unsigned *refs, size_t n, bool store_first)
{
    mmu_os *os = new_os(tp_profile("sv39"), MMU_MODE_PAGING, frames, pol);
    mmu_error err;
    if (mmu_os_create(os, 1, NULL, 0, &err)) return os;
    if (pol == MMU_SWAP_OPT) {
        mmu_os_page *f = calloc(n, sizeof *f);
        for (size_t i = 0; i < n; i++) f[i] = (mmu_os_page){1, 0x100 + refs[i]};
        mmu_os_set_future(os, f, n, &err);
        free(f);
    }
    for (size_t i = 0; i < n; i++)
        touch(os, PG(0x100 + refs[i]), store_first && i == 0 ? MMU_ACC_STORE : MMU_ACC_LOAD);
    return os;
}

TEST(os_swap_fifo_lru_opt_textbook_counts)
{
    unsigned want[3] = {7, 5, 5};
    mmu_swap_policy pol[3] = {MMU_SWAP_FIFO, MMU_SWAP_LRU, MMU_SWAP_OPT};
    for (int k = 0; k < 3; k++) {
        mmu_os *os = run_refs(pol[k], 3, REFS, NREFS, true);
        const mmu_os_stats *st = mmu_os_get_stats(os);
        EXPECT_EQ(st->page_faults, want[k]);
        EXPECT_EQ(st->swap_outs, want[k] - 3);
        EXPECT_EQ(st->resident, 3);
        EXPECT_LE(st->peak_resident, 3);
        mmu_os_free(os);
    }
}

TEST(os_swap_writes_back_only_dirty_pages)
{
    /* FIFO: page 0 (stored to) is evicted first, at the access to 3, and
     * written back; clean pages 1, 2 are never written: only page 0. Then 0
     * is swapped in clean (its copy stays in the slot) and evicted again
     * without a write. */
    mmu_os *os = run_refs(MMU_SWAP_FIFO, 3, REFS, NREFS, true);
    size_t n;
    const mmu_os_page *wb = mmu_os_writebacks(os, &n);
    EXPECT_EQ(n, 1);
    if (n) { EXPECT_EQ(wb[0].pid, 1); EXPECT_EQ(wb[0].vpn, 0x100); }
    const mmu_os_stats *st = mmu_os_get_stats(os);
    EXPECT_EQ(st->dirty_writebacks, 1);
    EXPECT_GE(st->swap_ins, 1);                         /* 0 came back from swap */
    /* Nothing stored: nothing written back at all. */
    mmu_os *os2 = run_refs(MMU_SWAP_LRU, 3, REFS, NREFS, false);
    EXPECT_EQ(mmu_os_get_stats(os2)->dirty_writebacks, 0);
    EXPECT_EQ(mmu_os_get_stats(os2)->swap_ins, 0);     /* clean zero pages come back demand-zero */
    mmu_os_free(os);
    mmu_os_free(os2);
}

TEST(os_swap_data_survives_page_out_and_in)
{
    mmu_os *os = new_os(tp_profile("sv32"), MMU_MODE_PAGING, 2, MMU_SWAP_FIFO);
    mmu_error err;
    EXPECT_EQ(mmu_os_create(os, 1, NULL, 0, &err), 0);
    for (unsigned i = 0; i < 6; i++) {
        uint32_t v = 0xC0DE0000u + i;
        EXPECT_EQ(mmu_os_write(os, PG(10 + i) + 64, &v, 4, &err), 0);
    }
    for (unsigned i = 0; i < 6; i++) {
        uint32_t v = 0;
        EXPECT_EQ(mmu_os_read(os, PG(10 + i) + 64, &v, 4, &err), 0);
        EXPECT_EQ(v, 0xC0DE0000u + i);
    }
    const mmu_os_stats *st = mmu_os_get_stats(os);
    EXPECT_GE(st->swap_ins, 4);
    EXPECT_GE(st->dirty_writebacks, 4);
    EXPECT_LE(st->peak_resident, 2);
    mmu_os_free(os);
}

TEST(os_swap_opt_never_worse_than_others)
{
    unsigned refs[400];
    uint64_t x = 12345;
    for (unsigned i = 0; i < 400; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        unsigned r = (unsigned)(x >> 33);
        refs[i] = r % 4 == 0 ? r % 12 : (r >> 4) % 5;   /* a hot set and a cold tail */
    }
    mmu_os *opt = run_refs(MMU_SWAP_OPT, 4, refs, 400, false);
    uint64_t f_opt = faults(opt);
    mmu_swap_policy others[4] = {MMU_SWAP_FIFO, MMU_SWAP_LRU, MMU_SWAP_CLOCK, MMU_SWAP_RAND};
    for (int k = 0; k < 4; k++) {
        mmu_os *os = run_refs(others[k], 4, refs, 400, false);
        EXPECT_LE(f_opt, faults(os));
        EXPECT_GT(faults(os), 12);                       /* it did swap */
        mmu_os_free(os);
    }
    mmu_os_free(opt);
}

TEST(os_clock_clears_a_bits_and_flushes)
{
    mmu_os *os = new_os(tp_profile("sv39"), MMU_MODE_PAGING, 3, MMU_SWAP_CLOCK);
    mmu_error err;
    EXPECT_EQ(mmu_os_create(os, 1, NULL, 0, &err), 0);
    uint32_t asid = mmu_os_asid(os, 1);
    for (unsigned i = 0; i < 3; i++) EXPECT_EQ(touch(os, PG(0x200 + i), MMU_ACC_LOAD), 0);
    g_rec.n = 0;
    EXPECT_EQ(touch(os, PG(0x203), MMU_ACC_LOAD), 0);  /* all A=1: a full sweep, then page 0x200 */
    uint64_t pte;
    EXPECT_EQ(mmu_os_page_state(os, 1, PG(0x200), NULL), MMU_PAGE_NONE);   /* clean zero page: dropped */
    EXPECT_EQ(mmu_os_page_state(os, 1, PG(0x201), &pte), MMU_PAGE_RESIDENT);
    EXPECT_EQ((pte >> MMU_RV_A) & 1, 0);
    EXPECT_EQ(mmu_os_page_state(os, 1, PG(0x202), &pte), MMU_PAGE_RESIDENT);
    EXPECT_EQ((pte >> MMU_RV_A) & 1, 0);
    EXPECT_WHY(has_flush(&g_rec, true, PG(0x201), true, asid), "no such flush among the TLB flushes the OS issued");   /* the TLB caches A */
    EXPECT_WHY(has_flush(&g_rec, true, PG(0x202), true, asid), "no such flush among the TLB flushes the OS issued");
    /* 0x201 is used again (A=1), 0x202 not: the hand spares 0x201. */
    EXPECT_EQ(touch(os, PG(0x201), MMU_ACC_LOAD), 0);
    EXPECT_EQ(touch(os, PG(0x204), MMU_ACC_LOAD), 0);
    EXPECT_EQ(mmu_os_page_state(os, 1, PG(0x201), NULL), MMU_PAGE_RESIDENT);
    EXPECT_EQ(mmu_os_page_state(os, 1, PG(0x202), NULL), MMU_PAGE_NONE);
    EXPECT_EQ(mmu_os_page_state(os, 1, PG(0x203), NULL), MMU_PAGE_RESIDENT);
    mmu_os_free(os);
}

static void cow_on(const char *prof)
{
    mmu_os *os = new_os(tp_profile(prof), MMU_MODE_PAGING, 0, MMU_SWAP_FIFO);
    mmu_error err;
    uint64_t heap = PG(4);
    mmu_trace_seg segs[2] = {seg("code", 0, PG(2), "rx", false), seg("heap", heap, PG(4), "rw", false)};
    EXPECT_EQ(mmu_os_create(os, 1, segs, 2, &err), 0);
    char buf[8] = {0};
    EXPECT_EQ(mmu_os_write(os, heap + 8, "parent", 7, &err), 0);
    EXPECT_EQ(mmu_os_fork(os, 1, 2, &err), 0);
    uint32_t pasid = mmu_os_asid(os, 1);
    EXPECT_EQ(mmu_os_read(os, heap + 8, buf, 7, &err), 0);
    EXPECT_STREQ(buf, "parent");
    g_rec.n = 0;
    EXPECT_EQ(mmu_os_write(os, heap + 8, "P2", 3, &err), 0);   /* COW: copy */
    EXPECT_EQ(mmu_os_get_stats(os)->cow_copies, 1);
    EXPECT_WHY(has_flush(&g_rec, true, heap, true, pasid), "no such flush among the TLB flushes the OS issued");
    EXPECT_EQ(mmu_os_switch(os, 2, &err), 0);
    EXPECT_EQ(mmu_os_read(os, heap + 8, buf, 7, &err), 0);
    EXPECT_STREQ(buf, "parent");
    EXPECT_EQ(mmu_os_write(os, heap + 8, "C", 2, &err), 0);    /* last sharer: no copy */
    EXPECT_EQ(mmu_os_get_stats(os)->cow_copies, 1);
    EXPECT_EQ(mmu_os_read(os, heap + 8, buf, 2, &err), 0);
    EXPECT_STREQ(buf, "C");
    EXPECT_EQ(mmu_os_switch(os, 1, &err), 0);
    EXPECT_EQ(mmu_os_read(os, heap + 8, buf, 3, &err), 0);
    EXPECT_STREQ(buf, "P2");
    EXPECT_EQ(touch(os, 8, MMU_ACC_STORE), 1);                 /* code is not writable: segfault */
    EXPECT_EQ(mmu_os_exit(os, 2, &err), 0);
    EXPECT_EQ(mmu_os_exit(os, 1, &err), 0);
    EXPECT_EQ(mmu_os_get_stats(os)->resident, 0);
    mmu_os_free(os);
}

TEST(os_cow_fork_sv39) { cow_on("sv39"); }
TEST(os_cow_fork_ostep_linear) { cow_on("ostep-linear"); }

TEST(os_context_switch_with_asids_needs_no_flush)
{
    mmu_os *os = new_os(tp_profile("sv39"), MMU_MODE_PAGING, 0, MMU_SWAP_FIFO);
    mmu_error err;
    EXPECT_EQ(mmu_os_create(os, 1, NULL, 0, &err), 0);
    EXPECT_EQ(mmu_os_create(os, 2, NULL, 0, &err), 0);
    for (int i = 0; i < 6; i++) EXPECT_EQ(mmu_os_switch(os, 1 + (i & 1) ? 2 : 1, &err), 0);
    EXPECT_EQ(mmu_os_switch(os, 2, &err), 0);
    EXPECT_EQ(mmu_os_switch(os, 1, &err), 0);
    EXPECT_EQ(count_full_flushes(&g_rec), 0);
    EXPECT(mmu_os_asid(os, 1) != mmu_os_asid(os, 2));
    EXPECT_EQ(g_rec.last_regs.asid, mmu_os_asid(os, 1));
    mmu_os_free(os);
}

TEST(os_context_switch_without_asids_flushes_all)
{
    mmu_profile p = *tp_profile("sv32");
    p.asid_bits = 0;
    mmu_os *os = new_os(&p, MMU_MODE_PAGING, 0, MMU_SWAP_FIFO);
    mmu_error err;
    EXPECT_EQ(mmu_os_create(os, 1, NULL, 0, &err), 0);
    EXPECT_EQ(mmu_os_create(os, 2, NULL, 0, &err), 0);
    unsigned before = count_full_flushes(&g_rec);
    for (int i = 0; i < 4; i++) EXPECT_EQ(mmu_os_switch(os, i % 2 ? 1 : 2, &err), 0);
    EXPECT_EQ(count_full_flushes(&g_rec) - before, 4);
    mmu_os_free(os);
}

TEST(os_asid_rollover_flushes_once)
{
    mmu_os *os = new_os(tp_profile("ostep-linear"), MMU_MODE_PAGING, 0, MMU_SWAP_FIFO);  /* 4-bit ASIDs */
    mmu_error err;
    for (unsigned pid = 1; pid <= 16; pid++) EXPECT_EQ(mmu_os_create(os, pid, NULL, 0, &err), 0);
    for (unsigned pid = 1; pid <= 16; pid++) EXPECT_EQ(mmu_os_switch(os, pid, &err), 0);
    EXPECT_EQ(mmu_os_get_stats(os)->asid_rollovers, 1);
    EXPECT_EQ(count_full_flushes(&g_rec), 1);
    EXPECT_EQ(mmu_os_asid(os, 16), 1);               /* a new generation starts at 1 */
    mmu_os_free(os);
}

TEST(os_brk_grows_and_shrinks_heap)
{
    mmu_os *os = new_os(tp_profile("sv39"), MMU_MODE_PAGING, 0, MMU_SWAP_FIFO);
    mmu_error err;
    uint64_t heap = PG(16);
    mmu_trace_seg segs[1] = {seg("heap", heap, PG(1), "rw", false)};
    EXPECT_EQ(mmu_os_create(os, 1, segs, 1, &err), 0);
    EXPECT_EQ(touch(os, heap + PG(3), MMU_ACC_STORE), 1);     /* beyond brk */
    EXPECT_EQ(mmu_os_brk(os, 1, PG(4), &err), 0);
    EXPECT_EQ(touch(os, heap + PG(3), MMU_ACC_STORE), 0);
    EXPECT_EQ(mmu_os_get_stats(os)->resident, 1);
    g_rec.n = 0;
    EXPECT_EQ(mmu_os_brk(os, 1, PG(1), &err), 0);
    EXPECT_EQ(mmu_os_get_stats(os)->resident, 0);
    EXPECT_WHY(has_flush(&g_rec, true, heap + PG(3), true, mmu_os_asid(os, 1)), "no such flush among the TLB flushes the OS issued");
    EXPECT_EQ(touch(os, heap + PG(3), MMU_ACC_LOAD), 1);
    EXPECT(mmu_os_brk(os, 2, PG(1), &err) != 0);                /* no such process */
    mmu_os_free(os);
}

TEST(os_hybrid_tables_grow_with_the_heap)
{
    mmu_os *os = new_os(tp_profile("ostep-linear"), MMU_MODE_HYBRID, 0, MMU_SWAP_FIFO);
    mmu_error err;
    /* code seg 0, heap seg 1 (1 page), stack seg 3 growing down (1 page). */
    mmu_trace_seg segs[3] = {seg("code", 0, 2048, "rx", false), seg("heap", 4096, 1024, "rw", false),
                             seg("stack", 16384 - 1024, 1024, "rw", true)};
    EXPECT_EQ(mmu_os_create(os, 1, segs, 3, &err), 0);
    const mmu_regs *r = mmu_os_regs(os);
    EXPECT_EQ(r->mode, MMU_MODE_HYBRID);
    EXPECT_EQ(r->seg[0].bound, 2);
    EXPECT_EQ(r->seg[1].bound, 1);
    EXPECT_EQ(r->seg[3].bound, 4);          /* hybrid ignores grows-negative: table from offset 0 */
    EXPECT(!r->seg[2].valid);
    EXPECT_EQ(touch(os, 4096 + 10, MMU_ACC_STORE), 0);
    EXPECT_EQ(touch(os, 16383, MMU_ACC_STORE), 0);
    EXPECT_EQ(mmu_os_brk(os, 1, 3072, &err), 0);
    EXPECT_EQ(touch(os, 4096 + 2048 + 4, MMU_ACC_STORE), 0);    /* HYBRID_BOUND -> table grows */
    EXPECT_GE(r->seg[1].bound, 3);
    char b[4] = {0};
    EXPECT_EQ(mmu_os_read(os, 4096 + 10, b, 1, &err), 0);
    EXPECT_EQ(touch(os, 8192 + 4, MMU_ACC_LOAD), 1);            /* segment 2 invalid */
    mmu_os_free(os);
}

/* ---- segmentation: placement ---- */
static mmu_os *seg_os(mmu_fit_policy fit)
{
    memset(&g_rec, 0, sizeof g_rec);
    g_prof = tp_profile("sv32");
    mmu_os_config c = {.mode = MMU_MODE_SEGMENTATION, .fit = fit, .mem_bytes = 20 * 1024};
    mmu_os_hooks h = {&g_rec, rec_flush, rec_regs};
    mmu_error err;
    mmu_os *os = mmu_os_new(g_prof, &c, &h, &err);
    if (!os) fprintf(stderr, "mmu_os_new: %s\n", err.msg);
    return os;
}

static int mk(mmu_os *os, unsigned pid, uint64_t kb)
{
    mmu_trace_seg s = seg("code", 0, kb * 1024, "rwx", false);
    mmu_error err;
    return mmu_os_create(os, pid, &s, 1, &err);
}

static uint64_t where(mmu_os *os, unsigned pid)
{
    uint64_t phys = ~0ull, size;
    mmu_os_segment_place(os, pid, 0, &phys, &size);
    return phys;
}

/* 20K: P1 4K @0, P2 1K @4K, P3 2K @5K, P4 1K @7K, P5 3K @8K, P6 1K @11K, free
 * 8K @12K. Exit P1, P3, P5: holes 4K @0, 2K @5K, 3K @8K, 8K @12K. */
static mmu_os *holes(mmu_fit_policy fit)
{
    mmu_os *os = seg_os(fit);
    mmu_error err;
    uint64_t kb[6] = {4, 1, 2, 1, 3, 1};
    for (unsigned i = 0; i < 6; i++) mk(os, i + 1, kb[i]);
    mmu_os_exit(os, 1, &err);
    mmu_os_exit(os, 3, &err);
    mmu_os_exit(os, 5, &err);
    return os;
}

TEST(os_segments_first_best_worst_fit)
{
    mmu_fit_policy fit[3] = {MMU_FIT_FIRST, MMU_FIT_BEST, MMU_FIT_WORST};
    uint64_t want[3] = {0, 5 * 1024, 12 * 1024};
    for (int k = 0; k < 3; k++) {
        mmu_os *os = holes(fit[k]);
        EXPECT_EQ(where(os, 2), 4 * 1024);
        EXPECT_EQ(mk(os, 7, 2), 0);
        EXPECT_EQ(where(os, 7), want[k]);
        mmu_os_free(os);
    }
}

TEST(os_segments_coalesce_on_free)
{
    mmu_os *os = holes(MMU_FIT_FIRST);
    mmu_error err;
    EXPECT_EQ(mmu_os_exit(os, 2, &err), 0);          /* 4K @0 + 1K @4K + 2K @5K = 7K @0 */
    EXPECT_EQ(mk(os, 7, 7), 0);
    EXPECT_EQ(where(os, 7), 0);
    EXPECT_EQ(mmu_os_get_stats(os)->compactions, 0);
    mmu_os_free(os);
}

TEST(os_segments_compact_when_no_hole_fits)
{
    mmu_os *os = holes(MMU_FIT_FIRST);
    mmu_error err;
    EXPECT_EQ(mmu_os_switch(os, 4, &err), 0);
    EXPECT_EQ(mmu_os_write(os, 100, "keep", 5, &err), 0);
    EXPECT_EQ(mk(os, 7, 10), 0);                      /* 17K free, largest hole 8K */
    EXPECT_EQ(mmu_os_get_stats(os)->compactions, 1);
    EXPECT_EQ(where(os, 2), 0);
    EXPECT_EQ(where(os, 4), 1024);
    EXPECT_EQ(where(os, 6), 2048);
    EXPECT_EQ(where(os, 7), 3072);
    EXPECT_EQ(mmu_os_regs(os)->seg[0].base, 1024);   /* the running process's register moved */
    char b[5] = {0};
    EXPECT_EQ(mmu_os_read(os, 100, b, 5, &err), 0);
    EXPECT_STREQ(b, "keep");
    EXPECT(mk(os, 8, 8) != 0);                        /* 7K left: out of memory */
    mmu_os_free(os);
}

TEST(os_segments_heap_grows_in_place_or_moves)
{
    mmu_os *os = seg_os(MMU_FIT_FIRST);
    mmu_error err;
    mmu_trace_seg s[2] = {seg("code", 0, 1024, "rx", false), seg("heap", (uint64_t)1 << 30, 1024, "rw", false)};
    EXPECT_EQ(mmu_os_create(os, 1, s, 2, &err), 0);
    EXPECT_EQ(mmu_os_write(os, ((uint64_t)1 << 30) + 10, "hi", 3, &err), 0);
    uint64_t phys, size;
    EXPECT_EQ(mmu_os_segment_place(os, 1, 1, &phys, &size), 0);
    EXPECT_EQ(mmu_os_brk(os, 1, 4096, &err), 0);              /* room after it: in place */
    uint64_t p2;
    EXPECT_EQ(mmu_os_segment_place(os, 1, 1, &p2, &size), 0);
    EXPECT_EQ(p2, phys);
    EXPECT_EQ(size, 4096);
    mk(os, 2, 1);                                             /* right after the heap */
    EXPECT_EQ(mmu_os_brk(os, 1, 8192, &err), 0);              /* blocked: moves */
    EXPECT_EQ(mmu_os_segment_place(os, 1, 1, &p2, &size), 0);
    EXPECT(p2 != phys);
    char b[3] = {0};
    EXPECT_EQ(mmu_os_read(os, ((uint64_t)1 << 30) + 10, b, 3, &err), 0);
    EXPECT_STREQ(b, "hi");
    EXPECT_EQ(mmu_os_regs(os)->seg[1].bound, 8192);
    EXPECT_EQ(touch(os, ((uint64_t)1 << 30) + 8192, MMU_ACC_LOAD), 1);   /* SEG_BOUND: a segfault */
    mmu_os_free(os);
}

TEST(os_errors_are_values)
{
    mmu_error err;
    mmu_os_config c = {.mode = MMU_MODE_BASE_BOUNDS};
    EXPECT(mmu_os_new(tp_profile("sv39"), &c, NULL, &err) == NULL);
    EXPECT_STR_CONTAINS(err.msg, "paging, hybrid or segmentation");
    mmu_os *os = new_os(tp_profile("sv39"), MMU_MODE_PAGING, 0, MMU_SWAP_FIFO);
    EXPECT(mmu_os_switch(os, 9, &err) != 0);
    EXPECT_STR_CONTAINS(err.msg, "does not exist");
    mmu_trace_seg s[2] = {seg("a", 0, 8192, "r", false), seg("b", 4096, 8192, "r", false)};
    EXPECT(mmu_os_create(os, 1, s, 2, &err) != 0);
    EXPECT_STR_CONTAINS(err.msg, "overlap");
    EXPECT_EQ(mmu_os_create(os, 1, NULL, 0, &err), 0);
    EXPECT(mmu_os_create(os, 1, NULL, 0, &err) != 0);
    mmu_os_free(os);
    mmu_os *sg = seg_os(MMU_FIT_FIRST);
    EXPECT(mmu_os_create(sg, 1, NULL, 0, &err) != 0);
    EXPECT_STR_CONTAINS(err.msg, "segmentation mode needs");
    mmu_os_free(sg);
}

int main(void)
{
    RUN(os_demand_zero_first_touch_faults_once);
    RUN(os_every_profile_builds_tables);
    RUN(os_swap_fifo_lru_opt_textbook_counts);
    RUN(os_swap_writes_back_only_dirty_pages);
    RUN(os_swap_data_survives_page_out_and_in);
    RUN(os_swap_opt_never_worse_than_others);
    RUN(os_clock_clears_a_bits_and_flushes);
    RUN(os_cow_fork_sv39);
    RUN(os_cow_fork_ostep_linear);
    RUN(os_context_switch_with_asids_needs_no_flush);
    RUN(os_context_switch_without_asids_flushes_all);
    RUN(os_asid_rollover_flushes_once);
    RUN(os_brk_grows_and_shrinks_heap);
    RUN(os_hybrid_tables_grow_with_the_heap);
    RUN(os_segments_first_best_worst_fit);
    RUN(os_segments_coalesce_on_free);
    RUN(os_segments_compact_when_no_hole_fits);
    RUN(os_segments_heap_grows_in_place_or_moves);
    RUN(os_errors_are_values);
    return check_summary();
}
