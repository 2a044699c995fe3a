/* cmd_run.c — `mmu-ref run`: a trace through TLB + arch walk + OS.
 *
 * Each access of the trace is split into the pages it touches
 * (mmu_trace_split_pages at the TLB's page size); each page is one TLB
 * lookup. A miss walks the tables with the arch model (ADUE=1: the walk sets
 * A/D) and fills the TLB; a fault goes to the OS layer, which fixes it
 * (demand-zero, swap-in, COW) and the access is retried. docs/os.md has the
 * counting rules and every flag. */
#include "cli.h"
#include "mmu_os.h"
#include "mmu_scenario.h"
#include "mmu_tlb.h"
#include "mmu_trace.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CMD "run"

static void help(FILE *f)
{
    fprintf(f,
        "usage: mmu-ref run --trace FILE [options]\n\n"
        "Run a memory trace through the TLB model, the arch walker on a miss and the OS\n"
        "layer on a fault (demand-zero paging, swap, copy-on-write), and print what happened.\n\n"
        "input:\n"
        "  --trace FILE         trace to run ('-' = stdin; .gz read transparently)\n"
        "  --format F           native | lackey | din (default: detected from the content)\n"
        "  --profile NAME       geometry and PTE format (default sv39)\n"
        "  --mode M             paging | hybrid | segmentation (default paging)\n"
        "TLB:\n"
        "  --tlb-sets N         sets, a power of two (default: the profile's)\n"
        "  --tlb-ways N         ways (default: the profile's)\n"
        "  --tlb-repl R         lru | plru | fifo | random (default: the profile's)\n"
        "  --tlb-seed N         random: the LFSR's start value (default: docs/rtl.md's)\n"
        "  --page-shift N       TLB page = 2^N bytes (default: the profile's page). Larger than the\n"
        "                       profile's page only with --populate: the OS then maps each aligned\n"
        "                       2^N-byte group to contiguous frames with equal rights (like Svnapot),\n"
        "                       so one entry may cover the group; no --frames, no fork\n"
        "OS:\n"
        "  --populate           map every page the trace touches before it is touched (MAP_POPULATE):\n"
        "                       A and D preset, no page faults (unless --frames forces swapping)\n"
        "  --frames N           at most N user pages in memory; beyond that, page out (default: no limit)\n"
        "  --memsize BYTES      physical memory (default: min(2^pa_bits, 4G)); K/M/G suffixes\n"
        "  --swap-policy P      fifo | lru | opt | clock | rand (default fifo)\n"
        "  --swap-slots N       swap space in pages (default: as many as the invalid PTE can name)\n"
        "  --fit F              segment placement: first | best | worst (default first)\n"
        "  --seed N             seed of the rand policy (default 1)\n"
        "  --svade              ADUE=0: missing A/D faults and the OS sets them (default: hardware sets)\n"
        "  --strict             an access the OS refuses (segfault) is an error, not a count\n"
        "output:\n"
        "  --stats-json FILE    counters as JSON (written whole or not at all)\n"
        "  --quiet              no progress line and no summary\n"
        "  --bench N            then replay the trace's accesses N times from memory and print\n"
        "                       translations per second (TLB + walk + OS, no parsing)\n"
        "  --help               this text\n\n"
        "accesses counts TLB lookups of the trace's accesses (an access crossing a page counts once\n"
        "per page; retries after a fault are not accesses). tlb_hits and tlb_misses count the\n"
        "trace's lookups (hits + misses = accesses); lookups of retries are retry_hits/retry_misses.\n"
        "Exit status: 0, 1 bad input (file:line on stderr, no JSON written), 2 bad usage.\n");
}

typedef struct {
    const char *trace, *json, *profile_name;
    mmu_trace_format fmt;
    mmu_mode mode;
    long sets, ways, page_shift;
    int repl;                       /* -1: profile's */
    uint32_t tlb_seed;
    bool populate, quiet, strict, svade;
    uint64_t frames, memsize, swap_slots, seed;
    mmu_swap_policy swap;
    mmu_fit_policy fit;
    uint64_t bench;
} run_opts;

typedef struct {
    uint64_t accesses, fetches, loads, stores;
    uint64_t hits, misses, miss_by[MMU_ACC_COUNT], hit_faults;
    uint64_t retries, retry_hits, retry_misses, walks, pte_reads, ad_writes, segv_skipped;
} run_counts;

typedef struct {
    const mmu_profile *p;
    mmu_os *os;
    mmu_tlb *tlb;                   /* NULL in segmentation mode */
    const mmu_regs *regs;           /* the OS's registers (a stable pointer) */
    mmu_mem mem;
    bool notes;
    bool strict;
    run_counts c;
} run_state;

static void hook_flush(void *ctx, const mmu_flush_req *f)
{
    run_state *s = ctx;
    if (s->tlb) mmu_tlb_flush(s->tlb, f->use_va, f->va, f->use_asid, f->asid);
}

/* ---- a set of (pid, page) for --populate and OPT ---- */
typedef struct { unsigned pid; uint64_t va; } page_key;
typedef struct {
    page_key *k;
    bool *used;
    size_t cap, n;
} page_set;

static size_t ps_hash(unsigned pid, uint64_t vpn, size_t cap)
{
    uint64_t h = (vpn ^ ((uint64_t)pid << 40)) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h ^ (h >> 31)) & (cap - 1);
}

static int ps_add(page_set *s, unsigned pid, uint64_t va, unsigned shift)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        page_key *k = calloc(cap, sizeof *k);
        bool *u = calloc(cap, sizeof *u);
        if (!k || !u) { free(k); free(u); return -1; }
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->used[i]) continue;
            size_t j = ps_hash(s->k[i].pid, s->k[i].va >> shift, cap);
            while (u[j]) j = (j + 1) & (cap - 1);
            u[j] = true;
            k[j] = s->k[i];
        }
        free(s->k);
        free(s->used);
        s->k = k;
        s->used = u;
        s->cap = cap;
    }
    size_t j = ps_hash(pid, va >> shift, s->cap);
    while (s->used[j]) {
        if (s->k[j].pid == pid && (s->k[j].va >> shift) == (va >> shift)) return 0;
        j = (j + 1) & (s->cap - 1);
    }
    s->used[j] = true;
    s->k[j] = (page_key){pid, va};
    s->n++;
    return 0;
}

static void ps_free(page_set *s) { free(s->k); free(s->used); }

/* ---- growable vectors ---- */
typedef struct { mmu_os_page *v; size_t n, cap; } ref_vec;
static int refs_push(ref_vec *r, unsigned pid, uint64_t vpn)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4096;
        mmu_os_page *v = realloc(r->v, cap * sizeof *v);
        if (!v) return -1;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = (mmu_os_page){pid, vpn};
    return 0;
}

typedef struct { uint64_t va; unsigned pid; uint8_t acc; } bench_acc;
typedef struct { bench_acc *v; size_t n, cap; } bench_vec;
static int bench_push(bench_vec *b, unsigned pid, uint64_t va, mmu_access acc)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        bench_acc *v = realloc(b->v, cap * sizeof *v);
        if (!v) return -1;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = (bench_acc){va, pid, (uint8_t)acc};
    return 0;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int ev_fail(mmu_error *err, const char *file, int line, const mmu_error *why)
{
    return mmu_fail(err, file, line, "%s", why->msg);
}

/* One page of one access: lookup, walk on a miss, OS on a fault, retry.
 * 0 done, -1 error (err). */
static int translate_one(run_state *s, uint64_t va, mmu_access acc, mmu_error *err)
{
    const mmu_regs *regs = s->regs;
    for (int attempt = 0;; attempt++) {
        if (attempt > 8)
            return mmu_fail(err, NULL, 0, "VA 0x%" PRIx64 " still faults after the OS fixed it 8 times", va);
        if (attempt) s->c.retries++;
        mmu_result r;
        uint64_t pa = 0;
        if (s->tlb) {
            mmu_cause cause = MMU_CAUSE_NONE;
            mmu_tlb_outcome o = mmu_tlb_lookup(s->tlb, s->p, regs, va, acc, MMU_PRIV_USER, &pa, &cause);
            /* accesses/hits/misses count the trace's lookups only: a retry
             * after the OS fixed a fault is counted apart (retry_*). */
            if (o != MMU_TLB_MISS && attempt) s->c.retry_hits++;
            if (o == MMU_TLB_HIT) {
                if (!attempt) s->c.hits++;
                if (s->notes) mmu_os_note_access(s->os, pa);
                return 0;
            }
            if (o == MMU_TLB_HIT_FAULT) {
                if (!attempt) s->c.hits++;
                s->c.hit_faults++;
                memset(&r, 0, sizeof r);
                r.fault = true;
                r.cause = cause;
                r.level = -1;
                goto fault;
            }
            if (attempt) {
                s->c.retry_misses++;
            } else {
                s->c.misses++;
                s->c.miss_by[acc]++;
            }
            s->c.walks++;
        }
        r = mmu_translate(s->p, regs, &s->mem, va, acc, MMU_PRIV_USER, NULL);
        s->c.pte_reads += r.pte_reads;
        s->c.ad_writes += r.ad_writes;
        if (!r.fault) {
            if (s->tlb) mmu_tlb_fill(s->tlb, s->p, va, regs->asid, &r);
            if (s->notes) mmu_os_note_access(s->os, r.pa);
            return 0;
        }
    fault:;
        int rc = mmu_os_fault(s->os, va, acc, MMU_PRIV_USER, &r, err);
        if (rc < 0) return -1;
        if (rc > 0) {
            if (s->strict)
                return mmu_fail(err, NULL, 0, "segmentation fault: %s of VA 0x%" PRIx64 " (%s: %s)",
                                mmu_access_name(acc), va, mmu_cause_name(r.cause), mmu_cause_text(r.cause));
            s->c.segv_skipped++;
            if (s->notes) mmu_os_note_access(s->os, UINT64_MAX);
            return 0;
        }
    }
}

/* Populate every page of pid collected in the pre-pass (idempotent). */
static int populate_pid(run_state *s, const page_set *pages, unsigned pid, mmu_error *err)
{
    for (size_t i = 0; i < pages->cap; i++)
        if (pages->used[i] && pages->k[i].pid == pid && mmu_os_populate(s->os, pid, pages->k[i].va, err))
            return -1;
    return 0;
}

static int parse_u64(const char *opt, const char *v, uint64_t *out)
{
    if (mmu_parse_number(v, out))
        return cli_usage_error(CMD, "%s: expected a number (decimal, 0x hex, K/M/G suffix), got '%s'", opt, v);
    return 0;
}

static int parse_args(int argc, char **argv, run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->profile_name = "sv39";
    o->mode = MMU_MODE_PAGING;
    o->sets = o->ways = o->page_shift = -1;
    o->repl = -1;
    o->seed = 1;
    o->fmt = MMU_TRACE_AUTO;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { help(stdout); return -1; }
        if (!strcmp(a, "--populate")) { o->populate = true; continue; }
        if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) { o->quiet = true; continue; }
        if (!strcmp(a, "--strict")) { o->strict = true; continue; }
        if (!strcmp(a, "--svade")) { o->svade = true; continue; }
        static const char *const with_value[] = {
            "--trace", "--format", "--profile", "--mode", "--tlb-sets", "--tlb-ways", "--tlb-repl",
            "--tlb-seed", "--page-shift", "--frames", "--memsize", "--swap-policy", "--swap-slots", "--fit",
            "--seed", "--stats-json", "--bench", NULL};
        int known = 0;
        for (int k = 0; with_value[k]; k++) known |= !strcmp(a, with_value[k]);
        if (!known) {
            if (a[0] == '-' && a[1]) return cli_usage_error(CMD, "unknown option '%s'", a);
            if (o->trace) return cli_usage_error(CMD, "one trace only (got '%s' and '%s')", o->trace, a);
            o->trace = a;
            continue;
        }
        if (i + 1 >= argc) return cli_usage_error(CMD, "%s needs a value", a);
        const char *v = argv[++i];
        uint64_t n = 0;
        if (!strcmp(a, "--trace")) o->trace = v;
        else if (!strcmp(a, "--stats-json")) o->json = v;
        else if (!strcmp(a, "--profile")) o->profile_name = v;
        else if (!strcmp(a, "--format")) {
            if (mmu_trace_format_parse(v, &o->fmt) || o->fmt == MMU_TRACE_AUTO)
                return cli_usage_error(CMD, "--format: expected native, lackey or din, got '%s'", v);
        } else if (!strcmp(a, "--mode")) {
            if (mmu_mode_parse(v, &o->mode) || (o->mode != MMU_MODE_PAGING && o->mode != MMU_MODE_HYBRID &&
                                                o->mode != MMU_MODE_SEGMENTATION))
                return cli_usage_error(CMD, "--mode: expected paging, hybrid or segmentation, got '%s'", v);
        } else if (!strcmp(a, "--tlb-repl")) {
            mmu_repl r;
            if (mmu_repl_parse(v, &r)) return cli_usage_error(CMD, "--tlb-repl: expected lru, plru, fifo or random, got '%s'", v);
            o->repl = (int)r;
        } else if (!strcmp(a, "--swap-policy")) {
            if (mmu_swap_policy_parse(v, &o->swap))
                return cli_usage_error(CMD, "--swap-policy: expected fifo, lru, opt, clock or rand, got '%s'", v);
        } else if (!strcmp(a, "--fit")) {
            if (mmu_fit_policy_parse(v, &o->fit)) return cli_usage_error(CMD, "--fit: expected first, best or worst, got '%s'", v);
        } else {
            if (parse_u64(a, v, &n)) return CLI_USAGE;
            if (!strcmp(a, "--tlb-sets")) {
                if (n == 0 || (n & (n - 1)) || n > (1u << 20)) return cli_usage_error(CMD, "--tlb-sets: expected a power of two up to 2^20, got '%s'", v);
                o->sets = (long)n;
            } else if (!strcmp(a, "--tlb-ways")) {
                if (n == 0 || n > 1024) return cli_usage_error(CMD, "--tlb-ways: expected 1..1024, got '%s'", v);
                o->ways = (long)n;
            } else if (!strcmp(a, "--page-shift")) {
                if (n > 40) return cli_usage_error(CMD, "--page-shift: expected a page size exponent up to 40, got '%s'", v);
                o->page_shift = (long)n;
            } else if (!strcmp(a, "--tlb-seed")) {
                if (n > UINT32_MAX) return cli_usage_error(CMD, "--tlb-seed: expected a 32-bit value, got '%s'", v);
                o->tlb_seed = (uint32_t)n;
            } else if (!strcmp(a, "--frames")) {
                if (n == 0) return cli_usage_error(CMD, "--frames: expected at least 1 frame");
                o->frames = n;
            } else if (!strcmp(a, "--memsize")) o->memsize = n;
            else if (!strcmp(a, "--swap-slots")) o->swap_slots = n;
            else if (!strcmp(a, "--seed")) o->seed = n;
            else if (!strcmp(a, "--bench")) o->bench = n;
        }
    }
    if (!o->trace) return cli_usage_error(CMD, "missing --trace FILE");
    return 0;
}

static void json_num(char **p, size_t *left, const char *key, uint64_t v, bool *first)
{
    int n = snprintf(*p, *left, "%s\n  \"%s\": %" PRIu64, *first ? "" : ",", key, v);
    *first = false;
    if (n > 0 && (size_t)n < *left) { *p += n; *left -= (size_t)n; }
}

static void json_raw(char **p, size_t *left, const char *key, const char *v, bool *first)
{
    int n = snprintf(*p, *left, "%s\n  \"%s\": %s", *first ? "" : ",", key, v);
    *first = false;
    if (n > 0 && (size_t)n < *left) { *p += n; *left -= (size_t)n; }
}

static void json_str(char **p, size_t *left, const char *key, const char *v, bool *first)
{
    char esc[600];
    size_t j = 0;
    for (size_t i = 0; v[i] && j + 7 < sizeof esc; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (ch == '"' || ch == '\\') { esc[j++] = '\\'; esc[j++] = (char)ch; }
        else if (ch < 0x20) j += (size_t)snprintf(esc + j, sizeof esc - j, "\\u%04x", ch);
        else esc[j++] = (char)ch;
    }
    esc[j] = '\0';
    int n = snprintf(*p, *left, "%s\n  \"%s\": \"%s\"", *first ? "" : ",", key, esc);
    *first = false;
    if (n > 0 && (size_t)n < *left) { *p += n; *left -= (size_t)n; }
}

int cmd_run(int argc, char **argv)
{
    run_opts o;
    int prc = parse_args(argc, argv, &o);
    if (prc) return prc < 0 ? 0 : prc;

    mmu_error err;
    memset(&err, 0, sizeof err);
    mmu_profile prof;
    if (mmu_profile_find(o.profile_name, &prof, &err)) return cli_report(&err);
    unsigned page_shift = o.page_shift >= 0 ? (unsigned)o.page_shift : prof.page_shift;
    mmu_tlb_config tc = {
        o.sets >= 0 ? (unsigned)o.sets : prof.tlb_sets,
        o.ways >= 0 ? (unsigned)o.ways : prof.tlb_ways,
        o.repl >= 0 ? (mmu_repl)o.repl : prof.tlb_repl,
        page_shift, prof.va_bits, prof.va_sign_extend != 0, o.tlb_seed,
    };
    if (page_shift < prof.page_shift)
        return cli_usage_error(CMD, "--page-shift %u is below the profile's page (2^%u): a TLB entry cannot "
                               "map less than a PTE", page_shift, prof.page_shift);
    if (page_shift > prof.page_shift && (!o.populate || o.frames || o.mode != MMU_MODE_PAGING))
        return cli_usage_error(CMD, "--page-shift %u above the profile's page (2^%u) needs --populate, paging "
                               "mode and no --frames (the OS maps whole 2^%u-byte groups up front)",
                               page_shift, prof.page_shift, page_shift);
    if (page_shift >= prof.va_bits)
        return cli_usage_error(CMD, "--page-shift %u: must be below the %u-bit address space", page_shift, prof.va_bits);
    if (tc.repl == MMU_REPL_PLRU && (tc.ways & (tc.ways - 1)))
        return cli_usage_error(CMD, "--tlb-repl plru needs a power-of-two number of ways, not %u", tc.ways);
    if ((o.populate || o.swap == MMU_SWAP_OPT || o.bench) && !strcmp(o.trace, "-"))
        return cli_usage_error(CMD, "--populate, --swap-policy opt and --bench read the trace twice: give a file, not stdin");

    run_state s;
    memset(&s, 0, sizeof s);
    s.p = &prof;
    s.strict = o.strict;
    if (o.mode != MMU_MODE_SEGMENTATION) {
        s.tlb = mmu_tlb_new(&tc, &err);
        if (!s.tlb) return cli_usage_error(CMD, "%s", err.msg);
    }
    mmu_os_config oc = {
        .mode = o.mode, .mem_bytes = o.memsize, .frames = o.frames, .swap_slots = o.swap_slots,
        .swap_policy = o.swap, .fit = o.fit, .seed = o.seed,
        .group_shift = page_shift > prof.page_shift ? page_shift : 0,
        .populate_ad = true, .svade = o.svade,
    };
    mmu_os_hooks hooks = {&s, hook_flush, NULL};
    s.os = mmu_os_new(&prof, &oc, &hooks, &err);
    if (!s.os) {
        mmu_tlb_free(s.tlb);
        return cli_usage_error(CMD, "%s", err.msg);
    }
    s.notes = mmu_os_wants_accesses(s.os);
    s.regs = mmu_os_regs(s.os);
    s.mem = mmu_os_mem(s.os);

    int rc = CLI_OK;
    page_set pages = {0};
    ref_vec refs = {0};
    bench_vec bench = {0};
    mmu_trace_reader *tr = NULL;
    mmu_trace_event ev;
    uint64_t vas[2];
    const char *fmt_name = "?";

    /* Pre-pass: the pages each process touches (populate), the future (OPT). */
    if (o.populate || o.swap == MMU_SWAP_OPT) {
        tr = mmu_trace_open(o.trace, o.fmt, &err);
        if (!tr) { rc = cli_report(&err); goto done; }
        int n;
        while ((n = mmu_trace_next(tr, &ev, &err)) > 0) {
            if (ev.kind != MMU_EV_ACCESS) continue;
            unsigned k = mmu_trace_split_pages(&ev, page_shift, vas);
            for (unsigned i = 0; i < k; i++) {
                if (o.populate && ps_add(&pages, ev.pid, vas[i], prof.page_shift)) n = -2;
                if (o.swap == MMU_SWAP_OPT &&
                    refs_push(&refs, ev.pid, (vas[i] & mmu_va_mask(&prof)) >> prof.page_shift)) n = -2;
            }
            if (n == -2) break;
        }
        mmu_trace_close(tr);
        tr = NULL;
        if (n == -2) { mmu_fail(&err, o.trace, 0, "out of memory reading the trace ahead"); rc = cli_report(&err); goto done; }
        if (n < 0) { rc = cli_report(&err); goto done; }
        if (o.swap == MMU_SWAP_OPT && mmu_os_set_future(s.os, refs.v, refs.n, &err)) { rc = cli_report(&err); goto done; }
    }

    tr = mmu_trace_open(o.trace, o.fmt, &err);
    if (!tr) { rc = cli_report(&err); goto done; }
    bool progress = !o.quiet && isatty(2);
    double t0 = now_s(), last = t0;
    int n;
    while ((n = mmu_trace_next(tr, &ev, &err)) > 0) {
        mmu_error why;
        int bad = 0;
        switch (ev.kind) {
        case MMU_EV_ACCESS: {
            if (!mmu_os_has_process(s.os, ev.pid)) {
                bad = mmu_os_create(s.os, ev.pid, NULL, 0, &why);
                if (!bad && o.populate) bad = populate_pid(&s, &pages, ev.pid, &why);
            }
            if (!bad && mmu_os_current(s.os) != (int)ev.pid) bad = mmu_os_switch(s.os, ev.pid, &why);
            if (bad) break;
            unsigned k = mmu_trace_split_pages(&ev, page_shift, vas);
            if (k == 0) {
                bad = mmu_fail(&why, NULL, 0, "access of %u bytes at 0x%" PRIx64 " touches more than two "
                               "%u-byte pages", ev.size, ev.va, 1u << page_shift);
                break;
            }
            for (unsigned i = 0; i < k && !bad; i++) {
                if (!mmu_va_in_range(&prof, vas[i])) {
                    bad = mmu_fail(&why, NULL, 0, "VA 0x%" PRIx64 " is outside profile %s's %u-bit address space%s",
                                   vas[i], prof.name, prof.va_bits,
                                   prof.va_sign_extend ? " (canonical form)" : "");
                    break;
                }
                s.c.accesses++;
                if (ev.acc == MMU_ACC_FETCH) s.c.fetches++;
                else if (ev.acc == MMU_ACC_LOAD) s.c.loads++;
                else s.c.stores++;
                bad = translate_one(&s, vas[i], ev.acc, &why);
                if (!bad && o.bench && bench_push(&bench, ev.pid, vas[i], ev.acc))
                    bad = mmu_fail(&why, NULL, 0, "out of memory keeping accesses for --bench");
            }
            break;
        }
        case MMU_EV_CREATE:
            bad = mmu_os_create(s.os, ev.pid, ev.seg, ev.seg_count, &why);
            if (!bad && o.populate) bad = populate_pid(&s, &pages, ev.pid, &why);
            break;
        case MMU_EV_FORK:
            bad = mmu_os_fork(s.os, ev.pid, ev.child, &why);
            if (!bad && o.populate) bad = populate_pid(&s, &pages, ev.child, &why);
            break;
        case MMU_EV_EXIT:
            bad = mmu_os_exit(s.os, ev.pid, &why);
            break;
        case MMU_EV_SWITCH:
            bad = mmu_os_switch(s.os, ev.pid, &why);
            break;
        case MMU_EV_BRK:
            bad = mmu_os_brk(s.os, ev.pid, ev.value, &why);
            if (!bad && o.populate) bad = populate_pid(&s, &pages, ev.pid, &why);
            break;
        case MMU_EV_FLUSH:
            mmu_os_flush_all(s.os);
            break;
        }
        if (bad) {
            ev_fail(&err, o.trace, ev.line, &why);
            n = -1;
            break;
        }
        if (progress && (s.c.accesses & 0xffff) == 0) {
            double t = now_s();
            if (t - last >= 1.0) {
                last = t;
                const mmu_os_stats *st = mmu_os_get_stats(s.os);
                fprintf(stderr, "\r%" PRIu64 " accesses, %.2f%% TLB hits, %" PRIu64 " faults, %" PRIu64
                        " swaps, %.1f M/s   ", s.c.accesses,
                        s.c.hits + s.c.misses ? 100.0 * s.c.hits / (double)(s.c.hits + s.c.misses) : 0.0,
                        st->page_faults, st->swap_outs, s.c.accesses / (t - t0) / 1e6);
            }
        }
    }
    if (progress && last != t0) fprintf(stderr, "\n");
    fmt_name = mmu_trace_format_name(mmu_trace_reader_format(tr));
    if (n < 0) { rc = cli_report(&err); goto done; }
    double elapsed = now_s() - t0;

    const mmu_os_stats *st = mmu_os_get_stats(s.os);
    const mmu_tlb_stats *ts = s.tlb ? mmu_tlb_get_stats(s.tlb) : NULL;
    if (o.json) {
        size_t cap = 8192, left = cap;
        char *buf = malloc(cap), *p = buf;
        bool first = true;
        if (!buf) { mmu_fail(&err, o.json, 0, "out of memory"); rc = cli_report(&err); goto done; }
        *p++ = '{';
        left--;
        json_str(&p, &left, "trace", o.trace, &first);
        json_str(&p, &left, "format", fmt_name, &first);
        json_str(&p, &left, "profile", prof.name, &first);
        json_str(&p, &left, "mode", mmu_mode_name(o.mode), &first);
        json_num(&p, &left, "tlb_sets", tc.sets, &first);
        json_num(&p, &left, "tlb_ways", tc.ways, &first);
        json_str(&p, &left, "tlb_repl", mmu_repl_name(tc.repl), &first);
        json_num(&p, &left, "page_shift", page_shift, &first);
        json_raw(&p, &left, "populate", o.populate ? "true" : "false", &first);
        json_num(&p, &left, "frames", o.frames, &first);
        json_str(&p, &left, "swap_policy", mmu_swap_policy_name(o.swap), &first);
        json_num(&p, &left, "accesses", s.c.accesses, &first);
        json_num(&p, &left, "fetches", s.c.fetches, &first);
        json_num(&p, &left, "loads", s.c.loads, &first);
        json_num(&p, &left, "stores", s.c.stores, &first);
        json_num(&p, &left, "tlb_hits", s.c.hits, &first);
        json_num(&p, &left, "tlb_misses", s.c.misses, &first);
        json_num(&p, &left, "fetch_misses", s.c.miss_by[MMU_ACC_FETCH], &first);
        json_num(&p, &left, "load_misses", s.c.miss_by[MMU_ACC_LOAD], &first);
        json_num(&p, &left, "store_misses", s.c.miss_by[MMU_ACC_STORE], &first);
        json_num(&p, &left, "tlb_hit_faults", s.c.hit_faults, &first);
        json_num(&p, &left, "tlb_evictions", ts ? ts->evictions : 0, &first);
        json_num(&p, &left, "tlb_flushes", ts ? ts->flushes : 0, &first);
        json_num(&p, &left, "tlb_flushed_entries", ts ? ts->flushed : 0, &first);
        json_num(&p, &left, "retries", s.c.retries, &first);
        json_num(&p, &left, "retry_hits", s.c.retry_hits, &first);
        json_num(&p, &left, "retry_misses", s.c.retry_misses, &first);
        json_num(&p, &left, "walks", s.c.walks, &first);
        json_num(&p, &left, "pte_reads", s.c.pte_reads, &first);
        json_num(&p, &left, "ad_writes", s.c.ad_writes, &first);
        json_num(&p, &left, "page_faults", st->page_faults, &first);
        json_num(&p, &left, "demand_zero", st->demand_zero, &first);
        json_num(&p, &left, "swap_ins", st->swap_ins, &first);
        json_num(&p, &left, "swap_outs", st->swap_outs, &first);
        json_num(&p, &left, "dirty_writebacks", st->dirty_writebacks, &first);
        json_num(&p, &left, "cow_copies", st->cow_copies, &first);
        json_num(&p, &left, "segv", st->segv, &first);
        json_num(&p, &left, "populated", st->populated, &first);
        json_num(&p, &left, "context_switches", st->context_switches, &first);
        json_num(&p, &left, "asid_rollovers", st->asid_rollovers, &first);
        json_num(&p, &left, "compactions", st->compactions, &first);
        json_num(&p, &left, "peak_resident", st->peak_resident, &first);
        snprintf(p, left, "\n}\n");
        if (cli_write_file_atomic(o.json, buf, strlen(buf), &err)) rc = cli_report(&err);
        free(buf);
        if (rc) goto done;
    }
    if (!o.quiet) {
        uint64_t look = s.c.hits + s.c.misses;
        printf("trace %s (%s), profile %s, mode %s\n", o.trace, fmt_name, prof.name, mmu_mode_name(o.mode));
        if (s.tlb)
            printf("TLB %u sets x %u ways, %s, 2^%u-byte pages%s\n", tc.sets, tc.ways, mmu_repl_name(tc.repl),
                   page_shift, o.populate ? ", populated" : "");
        printf("accesses   %" PRIu64 " (%" PRIu64 " fetch, %" PRIu64 " load, %" PRIu64 " store)\n",
               s.c.accesses, s.c.fetches, s.c.loads, s.c.stores);
        if (s.tlb)
            printf("TLB        %" PRIu64 " hits, %" PRIu64 " misses (%" PRIu64 " fetch, %" PRIu64 " load, %" PRIu64
                   " store): hit rate %.3f%%\n", s.c.hits, s.c.misses, s.c.miss_by[0], s.c.miss_by[1],
                   s.c.miss_by[2], look ? 100.0 * s.c.hits / (double)look : 0.0);
        printf("walks      %" PRIu64 " (%" PRIu64 " PTE reads, %" PRIu64 " A/D writes), %" PRIu64 " retries\n",
               s.c.walks, s.c.pte_reads, s.c.ad_writes, s.c.retries);
        printf("OS         %" PRIu64 " page faults (%" PRIu64 " demand-zero), %" PRIu64 " swap-ins, %" PRIu64
               " swap-outs, %" PRIu64 " dirty write-backs, %" PRIu64 " COW copies\n",
               st->page_faults, st->demand_zero, st->swap_ins, st->swap_outs, st->dirty_writebacks, st->cow_copies);
        printf("           %" PRIu64 " context switches, %" PRIu64 " flushes, peak %" PRIu64 " resident pages",
               st->context_switches, st->flushes, st->peak_resident);
        if (o.frames) printf(" of %" PRIu64 " frames (policy %s)", o.frames, mmu_swap_policy_name(o.swap));
        printf("\n");
        if (st->segv) printf("segfaults  %" PRIu64 " accesses refused by the OS (skipped)\n", st->segv);
        if (st->compactions) printf("memory     %" PRIu64 " compactions\n", st->compactions);
        printf("time       %.3f s (%.1f M accesses/s, trace parsing included)\n", elapsed,
               elapsed > 0 ? s.c.accesses / elapsed / 1e6 : 0.0);
    }
    if (o.bench && bench.n) {
        run_counts before = s.c;
        unsigned cur = (unsigned)mmu_os_current(s.os);
        double b0 = now_s(), c0 = cpu_s();
        for (uint64_t r = 0; r < o.bench && rc == CLI_OK; r++) {
            for (size_t i = 0; i < bench.n; i++) {
                const bench_acc *b = &bench.v[i];
                if (b->pid != cur) {
                    if (mmu_os_switch(s.os, b->pid, &err)) { rc = cli_report(&err); break; }
                    cur = b->pid;
                }
                if (translate_one(&s, b->va, (mmu_access)b->acc, &err)) { rc = cli_report(&err); break; }
            }
        }
        double bt = now_s() - b0, ct = cpu_s() - c0;
        uint64_t done_n = (uint64_t)bench.n * o.bench;
        uint64_t hits = s.c.hits - before.hits, look = hits + s.c.misses - before.misses;
        printf("bench      %" PRIu64 " translations in %.3f s (%.3f s CPU): %.1f M translations/s wall, "
               "%.1f M/s CPU (%.2f%% TLB hits)\n", done_n, bt, ct, bt > 0 ? done_n / bt / 1e6 : 0.0,
               ct > 0 ? done_n / ct / 1e6 : 0.0, look ? 100.0 * hits / (double)look : 0.0);
    }
done:
    mmu_trace_close(tr);
    ps_free(&pages);
    free(refs.v);
    free(bench.v);
    mmu_os_free(s.os);
    mmu_tlb_free(s.tlb);
    return rc;
}
