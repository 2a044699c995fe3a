/* cmd_run.c — `mmu-ref run`: a trace through TLB + arch walk + OS.
 *
 * Each access of the trace is split into the pages it touches
 * (mmu_trace_split_pages at the TLB's page size); each page is one TLB
 * lookup. A miss walks the tables with the arch model (ADUE=1: the walk sets
 * A/D) and fills the TLB; a fault goes to the OS layer, which fixes it
 * (demand-zero, swap-in, COW) and the access is retried. With --pwc the walk's
 * PTE reads (mmu_explain) go to the page-walk cache model (mmu_pwc.h), which
 * says how many it would have answered; the walk itself is unchanged, so
 * TLB hits and misses are too. docs/os.md has the counting rules and every
 * flag, docs/walkcache.md the PWC. */
#include "cli.h"
#include "mmu_os.h"
#include "mmu_pwc.h"
#include "mmu_run.h"
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
        "page-walk cache (paging mode only; docs/walkcache.md):\n"
        "  --pwc N              N entries, fully associative, FIFO; 0 = none (default 0, at most 64).\n"
        "                       Cleared by every flush and every write of MODE, PTBASE, ASID, SUM,\n"
        "                       MXR or ADUE. Changes PTE reads only, never translations or TLB counts\n"
        "  --pwc-org O          va | pa (default va). va: VA-indexed pointer entries, the walk starts\n"
        "                       below the deepest match (skips levels); pa: PTE-address tagged\n"
        "                       pointer PTEs, one lookup per level (like Rocket's PTW cache)\n"
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
        "walks counts page-table walks, pte_reads the PTE reads they made from memory (with --pwc,\n"
        "the reads the cache did not answer; pwc_reads_saved the ones it did).\n"
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
    mmu_pwc_config pwc;             /* entries 0: none */
} run_opts;

typedef mmu_run_counts run_counts;

typedef struct {
    const mmu_profile *p;
    mmu_os *os;
    mmu_tlb *tlb;                   /* NULL in segmentation mode */
    mmu_pwc *pwc;                   /* NULL without --pwc */
    mmu_explain *ex;                /* the walk's PTE reads, for the PWC */
    const mmu_regs *regs;           /* the OS's registers (a stable pointer) */
    const char *trace;
    mmu_mem mem;
    mmu_run *run;                   /* the trace, OS events, faults (mmu_run.h) */
    run_counts c;
} run_state;

static void hook_flush(void *ctx, const mmu_flush_req *f)
{
    run_state *s = ctx;
    if (s->tlb) mmu_tlb_flush(s->tlb, f->use_va, f->va, f->use_asid, f->asid);
    /* an SFENCE.VMA with rs1 = x0 empties it; one by VA orders only leaf
     * PTEs (RISC-V) and keeps it, as the RTL does (docs/rtl.md) */
    if (s->pwc && !f->use_va) mmu_pwc_clear(s->pwc);
}

static void hook_set_regs(void *ctx, const mmu_regs *regs)
{
    run_state *s = ctx;
    if (s->pwc) mmu_pwc_set_regs(s->pwc, regs);
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

/* One page of one access: lookup, walk on a miss, OS on a fault, retry.
 * 0 done, -1 error (err). */
static int translate_one(run_state *s, uint64_t va, mmu_access acc, int line, mmu_error *err)
{
    const mmu_regs *regs = s->regs;
    for (int attempt = 0;; attempt++) {
        if (attempt > 8)
            return mmu_fail(err, s->trace, line, "VA 0x%" PRIx64 " still faults after the OS fixed it 8 times", va);
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
                mmu_run_done(s->run, pa);
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
        /* Paging walks record their reads for the PWC (the other modes never use it). */
        mmu_explain *ex = s->pwc && regs->mode == MMU_MODE_PAGING ? s->ex : NULL;
        r = mmu_translate(s->p, regs, &s->mem, va, acc, MMU_PRIV_USER, ex);
        s->c.pte_reads += r.pte_reads;
        if (ex) s->c.pte_reads -= mmu_pwc_walk(s->pwc, regs, va, ex->read, ex->reads);
        s->c.ad_writes += r.ad_writes;
        if (!r.fault) {
            if (s->tlb) mmu_tlb_fill(s->tlb, s->p, va, regs->asid, &r);
            mmu_run_done(s->run, r.pa);
            return 0;
        }
    fault:;
        mmu_run_page pg = {va, acc, 0, line};
        int rc = mmu_run_fault(s->run, &pg, &r, err);
        if (rc < 0) return -1;
        if (rc > 0) return 0;
    }
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
            "--seed", "--stats-json", "--bench", "--pwc", "--pwc-org", NULL};
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
        } else if (!strcmp(a, "--pwc-org")) {
            if (mmu_pwc_org_parse(v, &o->pwc.org)) return cli_usage_error(CMD, "--pwc-org: expected va or pa, got '%s'", v);
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
                if (n == 0 || n > 0xffff)
                    return cli_usage_error(CMD, "--tlb-seed: expected 1..0xffff (the LFSR is 16 bits and stays at 0 "
                                           "forever), got '%s'", v);
                o->tlb_seed = (uint32_t)n;
            } else if (!strcmp(a, "--frames")) {
                if (n == 0) return cli_usage_error(CMD, "--frames: expected at least 1 frame");
                o->frames = n;
            } else if (!strcmp(a, "--memsize")) {
                if (n == 0) return cli_usage_error(CMD, "--memsize: expected a size of at least two pages, got '%s'", v);
                o->memsize = n;
            } else if (!strcmp(a, "--swap-slots")) {
                if (n == 0)
                    return cli_usage_error(CMD, "--swap-slots: expected at least 1 slot (leave the option out for "
                                           "as many as the invalid PTE can name), got '%s'", v);
                o->swap_slots = n;
            } else if (!strcmp(a, "--pwc")) {
                if (n > MMU_PWC_MAX_ENTRIES)
                    return cli_usage_error(CMD, "--pwc: expected 0 (none) to %u entries, got '%s'", MMU_PWC_MAX_ENTRIES, v);
                o->pwc.entries = (unsigned)n;
            } else if (!strcmp(a, "--seed")) o->seed = n;
            else if (!strcmp(a, "--bench")) {
                if (n == 0 || n > 1000000)
                    return cli_usage_error(CMD, "--bench: expected 1..1000000 replays, got '%s'", v);
                o->bench = n;
            }
        }
    }
    if (!o->trace) return cli_usage_error(CMD, "missing --trace FILE");
    if (!*o->trace) return cli_usage_error(CMD, "--trace: empty file name");
    return 0;
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
        page_shift, prof.va_bits, prof.va_sign_extend != 0, o.tlb_seed, !prof.flush_exact,
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

    /* Refuse an output that cannot be written now, not after the whole run. */
    if (o.json && cli_check_output(o.json, &err)) return cli_usage_error(CMD, "--stats-json %s", err.msg);
    if (o.json && !strcmp(o.json, o.trace))
        return cli_usage_error(CMD, "--stats-json %s: that is the trace (it would be overwritten)", o.json);

    run_state s;
    memset(&s, 0, sizeof s);
    s.p = &prof;
    s.trace = o.trace;
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
    if (o.pwc.entries) {
        s.pwc = mmu_pwc_new(&o.pwc, &prof, &err);
        s.ex = calloc(1, sizeof *s.ex);
        if (s.ex) s.ex->reads_only = true;      /* the reads without the text lines (docs/walkcache.md) */
        if (!s.pwc || !s.ex) {
            mmu_pwc_free(s.pwc);
            free(s.ex);
            mmu_tlb_free(s.tlb);
            return cli_usage_error(CMD, "%s", s.pwc ? "out of memory" : err.msg);
        }
    }
    mmu_os_hooks hooks = {&s, hook_flush, hook_set_regs};
    s.os = mmu_os_new(&prof, &oc, &hooks, &err);
    if (!s.os) {
        mmu_tlb_free(s.tlb);
        mmu_pwc_free(s.pwc);
        free(s.ex);
        return cli_usage_error(CMD, "%s", err.msg);
    }
    s.regs = mmu_os_regs(s.os);
    s.mem = mmu_os_mem(s.os);

    int rc = CLI_OK;
    bench_vec bench = {0};
    const char *fmt_name = "?";
    mmu_run_config rcfg = {o.trace, o.fmt, page_shift, o.populate, o.strict, o.swap == MMU_SWAP_OPT, NULL, NULL};
    s.run = mmu_run_open(&rcfg, &prof, s.os, &s.c, &err);
    if (!s.run) { rc = cli_report(&err); goto done; }
    bool progress = !o.quiet && isatty(2);
    double t0 = now_s(), last = t0;
    int n;
    mmu_run_page pg;
    while ((n = mmu_run_next(s.run, true, &pg, &err)) == MMU_RUN_PAGE) {
        if (translate_one(&s, pg.va, pg.acc, pg.line, &err)) { n = -1; break; }
        if (o.bench && bench_push(&bench, pg.pid, pg.va, pg.acc)) {
            mmu_fail(&err, o.trace, pg.line, "out of memory keeping accesses for --bench");
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
    fmt_name = mmu_run_format_name(s.run);
    if (n < 0) { rc = cli_report(&err); goto done; }
    double elapsed = now_s() - t0;

    mmu_run_report rep = {
        o.trace, fmt_name, &prof, o.mode, s.tlb ? &tc : NULL, page_shift, o.populate, o.frames, o.swap,
        &s.c, mmu_os_get_stats(s.os), s.tlb ? mmu_tlb_get_stats(s.tlb) : NULL,
        &o.pwc, s.pwc ? mmu_pwc_get_stats(s.pwc) : NULL,
    };
    if (o.json) {
        mmu_json j;
        mmu_json_begin(&j);
        mmu_run_json_fields(&j, &rep);
        if (mmu_json_write(&j, o.json, &err)) { rc = cli_report(&err); goto done; }
    }
    if (!o.quiet) {
        mmu_run_print_summary(stdout, &rep);
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
                if (translate_one(&s, b->va, (mmu_access)b->acc, 0, &err)) { rc = cli_report(&err); break; }
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
    mmu_run_close(s.run);
    free(bench.v);
    mmu_os_free(s.os);
    mmu_tlb_free(s.tlb);
    mmu_pwc_free(s.pwc);
    free(s.ex);
    return rc;
}
