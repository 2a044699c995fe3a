/* test_tlb_reference.c — TLB miss counts against an independent textbook
 * reference.
 *
 * The reference below is the set-associative TLB of any architecture
 * textbook and shares no code with cmodel/tlb: index = VPN mod sets, tag =
 * VPN, fill on every miss, an invalid way first, victim by timestamps (LRU:
 * last use; FIFO: fill time). The model side is the whole `mmu-ref run
 * --populate` stack: OS layer (every page mapped up front, A/D preset), the
 * TLB model, the arch walker on a miss. With no faults the two must count
 * exactly the same misses, on generated traces of several geometries and on
 * the real lackey traces in traces/.
 *
 * Also a tool for tb/checks/run_cli.sh:
 *   test_tlb_reference TRACE SETS WAYS lru|fifo [PAGE_SHIFT]   prints "accesses N misses M"
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "mmu_os.h"
#include "mmu_tlb.h"
#include "mmu_trace.h"
#include "testprof.h"

/* ---- the reference ---- */
typedef struct {
    unsigned sets, ways;
    bool fifo;
    uint64_t *tag, *stamp, clock;
    bool *valid;
} ref_tlb;

static void ref_init(ref_tlb *r, unsigned sets, unsigned ways, bool fifo)
{
    r->sets = sets;
    r->ways = ways;
    r->fifo = fifo;
    r->clock = 0;
    r->tag = calloc((size_t)sets * ways, sizeof *r->tag);
    r->stamp = calloc((size_t)sets * ways, sizeof *r->stamp);
    r->valid = calloc((size_t)sets * ways, sizeof *r->valid);
}

static void ref_free(ref_tlb *r) { free(r->tag); free(r->stamp); free(r->valid); }

/* true on a hit */
static bool ref_access(ref_tlb *r, uint64_t vpn)
{
    size_t base = (size_t)(vpn % r->sets) * r->ways;
    r->clock++;
    for (unsigned w = 0; w < r->ways; w++)
        if (r->valid[base + w] && r->tag[base + w] == vpn) {
            if (!r->fifo) r->stamp[base + w] = r->clock;
            return true;
        }
    size_t victim = SIZE_MAX;
    for (unsigned w = 0; w < r->ways && victim == SIZE_MAX; w++)
        if (!r->valid[base + w]) victim = base + w;
    if (victim == SIZE_MAX) {
        victim = base;
        for (unsigned w = 1; w < r->ways; w++)
            if (r->stamp[base + w] < r->stamp[victim]) victim = base + w;
    }
    r->valid[victim] = true;
    r->tag[victim] = vpn;
    r->stamp[victim] = r->clock;
    return false;
}

/* ---- the model: OS (populated) + TLB + arch walk, as mmu-ref run ---- */
typedef struct { uint64_t va; mmu_access acc; } acc_t;
typedef struct { acc_t *v; size_t n, cap; } acc_vec;

static void push(acc_vec *a, uint64_t va, mmu_access acc)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 4096;
        a->v = realloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = (acc_t){va, acc};
}

static void flush_hook(void *ctx, const mmu_flush_req *f)
{
    mmu_tlb_flush(ctx, f->use_va, f->va, f->use_asid, f->asid);
}

typedef struct { uint64_t misses, faults, walks; int error; } model_out;

static model_out run_model(const mmu_profile *p, unsigned sets, unsigned ways, mmu_repl repl,
                           unsigned page_shift, const acc_vec *a)
{
    model_out o = {0, 0, 0, 0};
    mmu_error err;
    mmu_tlb_config tc = {sets, ways, repl, page_shift, p->va_bits, p->va_sign_extend != 0, 0, false};
    mmu_tlb *t = mmu_tlb_new(&tc, &err);
    mmu_os_config oc = {.mode = MMU_MODE_PAGING, .populate_ad = true,
                        .group_shift = page_shift > p->page_shift ? page_shift : 0};
    mmu_os_hooks h = {t, flush_hook, NULL};
    mmu_os *os = t ? mmu_os_new(p, &oc, &h, &err) : NULL;
    if (!os || mmu_os_create(os, 1, NULL, 0, &err)) { o.error = 1; goto out; }
    for (size_t i = 0; i < a->n; i++)
        if (mmu_os_populate(os, 1, a->v[i].va, &err)) { o.error = 2; goto out; }
    const mmu_regs *regs = mmu_os_regs(os);
    mmu_mem mem = mmu_os_mem(os);
    for (size_t i = 0; i < a->n; i++) {
        uint64_t pa;
        mmu_cause c;
        if (mmu_tlb_lookup(t, p, regs, a->v[i].va, a->v[i].acc, MMU_PRIV_USER, &pa, &c) == MMU_TLB_HIT) continue;
        o.misses++;
        mmu_result r = mmu_translate(p, regs, &mem, a->v[i].va, a->v[i].acc, MMU_PRIV_USER, NULL);
        o.walks++;
        if (r.fault) { o.faults++; continue; }
        mmu_tlb_fill(t, p, a->v[i].va, regs->asid, &r);
    }
    o.faults += mmu_os_get_stats(os)->page_faults;
out:
    mmu_os_free(os);
    mmu_tlb_free(t);
    return o;
}

static uint64_t run_ref(unsigned sets, unsigned ways, bool fifo, unsigned page_shift, uint64_t va_mask,
                        const acc_vec *a)
{
    ref_tlb r;
    ref_init(&r, sets, ways, fifo);
    uint64_t misses = 0;
    for (size_t i = 0; i < a->n; i++) misses += !ref_access(&r, (a->v[i].va & va_mask) >> page_shift);
    ref_free(&r);
    return misses;
}

static int compare(const char *what, const mmu_profile *p, unsigned sets, unsigned ways, mmu_repl repl,
                   unsigned page_shift, const acc_vec *a, bool verbose)
{
    model_out m = run_model(p, sets, ways, repl, page_shift, a);
    uint64_t ref = run_ref(sets, ways, repl == MMU_REPL_FIFO, page_shift, mmu_va_mask(p), a);
    check_cur.asserted++;
    if (m.error || m.faults || m.misses != ref) {
        check_note(__FILE__, __LINE__, "%s, %ux%u %s, 2^%u pages: model %llu misses (%llu faults, error %d), "
                   "reference %llu", what, sets, ways, mmu_repl_name(repl), page_shift,
                   (unsigned long long)m.misses, (unsigned long long)m.faults, m.error, (unsigned long long)ref);
        return 1;
    }
    if (verbose)
        printf("  %-28s %4u x %-2u %-4s 2^%u: %zu accesses, %llu misses (model = reference)\n", what, sets,
               ways, mmu_repl_name(repl), page_shift, a->n, (unsigned long long)ref);
    return 0;
}

/* ---- generated traces ---- */
static uint64_t rng_state = 0x1234567;
static uint64_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return rng_state >> 33;
}

static void gen(acc_vec *a, int kind, size_t n)
{
    a->n = 0;
    uint64_t base = 0x10000000;
    for (size_t i = 0; i < n; i++) {
        uint64_t va;
        switch (kind) {
        case 0: va = base + i * 64; break;                                  /* sequential */
        case 1: va = base + (i * 4096 * 3 + i * 8) % (1u << 26); break;     /* strided    */
        case 2: va = base + (rnd() % 200) * 4096 + rnd() % 4096; break;     /* random     */
        case 3: va = base + ((i / 7) % 37) * 4096 + (i % 7) * 8; break;      /* loop       */
        default:                                                            /* working set + noise */
            va = rnd() % 10 ? base + (rnd() % 24) * 4096 : base + (1u << 24) + (rnd() % 4000) * 4096;
            break;
        }
        push(a, va, (mmu_access)(rnd() % 3));
    }
}

static const unsigned GEO[][2] = {{1, 1}, {1, 4}, {4, 2}, {8, 4}, {16, 4}, {64, 1}, {8, 8}, {32, 2}};
#define NGEO (sizeof GEO / sizeof GEO[0])

TEST(tlb_reference_lru_fifo_generated_sv39)
{
    acc_vec a = {0};
    const char *names[5] = {"sequential", "strided", "random", "loop", "working-set"};
    for (int kind = 0; kind < 5; kind++) {
        gen(&a, kind, 20000);
        for (unsigned g = 0; g < NGEO; g++) {
            compare(names[kind], tp_profile("sv39"), GEO[g][0], GEO[g][1], MMU_REPL_LRU, 12, &a, false);
            compare(names[kind], tp_profile("sv39"), GEO[g][0], GEO[g][1], MMU_REPL_FIFO, 12, &a, false);
        }
    }
    free(a.v);
}

TEST(tlb_reference_other_profiles_and_page_groups)
{
    acc_vec a = {0};
    gen(&a, 2, 20000);
    compare("random sv32", tp_profile("sv32"), 8, 2, MMU_REPL_LRU, 12, &a, false);
    compare("random sv32", tp_profile("sv32"), 8, 2, MMU_REPL_FIFO, 12, &a, false);
    compare("random sv39 16K groups", tp_profile("sv39"), 4, 4, MMU_REPL_LRU, 14, &a, false);
    compare("random sv39 64K groups", tp_profile("sv39"), 2, 4, MMU_REPL_FIFO, 16, &a, false);
    /* The OSTEP linear profile: 16 KB space, 1 KB pages. */
    a.n = 0;
    for (int i = 0; i < 5000; i++) push(&a, rnd() % 16384, (mmu_access)(rnd() % 3));
    compare("random ostep-linear", tp_profile("ostep-linear"), 4, 2, MMU_REPL_LRU, 10, &a, false);
    compare("random ostep-linear", tp_profile("ostep-linear"), 2, 2, MMU_REPL_FIFO, 10, &a, false);
    free(a.v);
}

static int load_trace(const char *path, unsigned page_shift, acc_vec *a)
{
    mmu_error err;
    mmu_trace_reader *r = mmu_trace_open(path, MMU_TRACE_AUTO, &err);
    if (!r) return -1;
    mmu_trace_event ev;
    int n;
    a->n = 0;
    while ((n = mmu_trace_next(r, &ev, &err)) > 0) {
        uint64_t v[2];
        unsigned k = mmu_trace_split_pages(&ev, page_shift, v);
        for (unsigned i = 0; i < k; i++) push(a, v[i], ev.acc);
    }
    mmu_trace_close(r);
    return n;
}

TEST(tlb_reference_lru_fifo_real_traces)
{
    static const unsigned geo[][2] = {{8, 4}, {16, 2}, {64, 4}, {1, 16}, {4, 1}};
    DIR *d = opendir("traces");
    struct dirent *e;
    acc_vec a = {0};
    int traces = 0;
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 10 || strcmp(e->d_name + l - 10, ".lackey.gz")) continue;
        char path[512];
        snprintf(path, sizeof path, "traces/%s", e->d_name);
        EXPECT_EQ(load_trace(path, 12, &a), 0);
        traces++;
        for (unsigned g = 0; g < 5; g++) {
            compare(e->d_name, tp_profile("sv39"), geo[g][0], geo[g][1], MMU_REPL_LRU, 12, &a, true);
            compare(e->d_name, tp_profile("sv39"), geo[g][0], geo[g][1], MMU_REPL_FIFO, 12, &a, true);
        }
    }
    if (d) closedir(d);
    EXPECT(traces >= 1);     /* the lackey traces in traces/ are checked in */
    free(a.v);
}

int main(int argc, char **argv)
{
    if (argc >= 5) {
        acc_vec a = {0};
        unsigned ps = argc > 5 ? (unsigned)atoi(argv[5]) : 12;
        if (load_trace(argv[1], ps, &a)) { fprintf(stderr, "cannot read %s\n", argv[1]); return 1; }
        uint64_t m = run_ref((unsigned)atoi(argv[2]), (unsigned)atoi(argv[3]), !strcmp(argv[4], "fifo"), ps,
                             (1ull << 39) - 1, &a);
        printf("accesses %zu misses %llu\n", a.n, (unsigned long long)m);
        free(a.v);
        return 0;
    }
    RUN(tlb_reference_lru_fifo_generated_sv39);
    RUN(tlb_reference_other_profiles_and_page_groups);
    RUN(tlb_reference_lru_fifo_real_traces);
    return check_summary();
}
