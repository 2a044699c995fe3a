/* mmu_run.h — a trace through the OS layer: the part `mmu-ref run` (TLB model
 * + arch walker) and `mmu-cosim --trace` (the RTL in lockstep with the cycle
 * model) share, so that both read, count and report a trace the same way
 * (docs/os.md "mmu-ref run", docs/cosim.md "Running a trace through the RTL").
 *
 *   mmu_run_open       reads the trace ahead when needed (--populate: the
 *                      pages each process touches; OPT: the future), opens it
 *   mmu_run_next       applies the OS events up to the next access and returns
 *                      its next page (an access is split at the TLB page with
 *                      mmu_trace_split_pages; each page is one TLB lookup,
 *                      counted in accesses)
 *   mmu_run_done       a page translated: LRU/OPT bookkeeping
 *   mmu_run_fault      a page faulted: the OS fixes it (retry) or refuses it
 *                      (segfault: skipped and counted, or an error with --strict)
 *   mmu_run_json_*     the --stats-json object, mmu_run_print_summary the text
 *
 * Whoever translates (the C TLB or the RTL) counts hits, misses, retries and
 * walks in mmu_run_counts by the rules of docs/os.md "Counting".
 */
#ifndef MMU_RUN_H
#define MMU_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "mmu_arch.h"
#include "mmu_error.h"
#include "mmu_os.h"
#include "mmu_profile.h"
#include "mmu_pwc.h"
#include "mmu_tlb.h"
#include "mmu_trace.h"

typedef struct {
    uint64_t accesses, fetches, loads, stores;      /* TLB lookups of the trace's accesses   */
    uint64_t hits, misses, miss_by[MMU_ACC_COUNT];   /* of those lookups (retries excluded)   */
    uint64_t hit_faults;                             /* hits answered with PRIV/PROT          */
    uint64_t retries, retry_hits, retry_misses;      /* lookups repeated after an OS fix      */
    uint64_t walks, pte_reads, ad_writes;            /* walks = misses + retry_misses         */
    uint64_t segv_skipped;
} mmu_run_counts;

typedef struct {
    const char *trace;         /* path; "-" = stdin (not with populate or OPT)        */
    mmu_trace_format fmt;      /* MMU_TRACE_AUTO: detected                              */
    unsigned page_shift;       /* TLB page: where accesses are split                    */
    bool populate;             /* map every page the trace touches before it is touched */
    bool strict;               /* a segfault is an error (file:line) instead of a count */
    bool future;               /* the OS's policy is OPT: give it the trace's future    */
    /* Told each OS event after the OS applied it (create, fork, exit, switch,
     * brk, flush; not the implicit create/switch of an access). May be NULL. */
    void (*on_event)(void *ctx, const mmu_trace_event *ev);
    void *event_ctx;
} mmu_run_config;

/* One page of one access: what to translate. */
typedef struct {
    uint64_t va;
    mmu_access acc;
    unsigned pid;
    int line;                  /* trace line, for errors */
} mmu_run_page;

typedef struct mmu_run mmu_run;

/* os must be fresh (no process yet); counts is where accesses are counted
 * (the caller's, zeroed). NULL on error (err names file:line). */
mmu_run *mmu_run_open(const mmu_run_config *c, const mmu_profile *p, mmu_os *os,
                      mmu_run_counts *counts, mmu_error *err);
void mmu_run_close(mmu_run *r);   /* NULL is fine */

enum { MMU_RUN_END = 0, MMU_RUN_PAGE = 1, MMU_RUN_BUSY = 2 };
/* Apply the trace's OS events (create, fork, exit, switch, brk, flush, and the
 * implicit create/switch of an access) up to the next access page, and return
 * it: MMU_RUN_PAGE (*pg filled, counted in accesses), MMU_RUN_END, or -1
 * (malformed trace, OS error, VA outside the address space: err names
 * file:line). With idle = false nothing that calls the OS is done: when the
 * next step would, MMU_RUN_BUSY is returned and nothing is consumed (the
 * caller drains its translations in flight and calls again with idle = true). */
int mmu_run_next(mmu_run *r, bool idle, mmu_run_page *pg, mmu_error *err);

/* The page translated to pa (any attempt). */
void mmu_run_done(mmu_run *r, uint64_t pa);
/* The page faulted with res (the walk's or the TLB's answer): the OS fixes it.
 * 0: retry it; 1: the OS refused it (segfault), it is skipped and counted in
 * segv_skipped; -1: error (out of memory or swap, or a segfault with strict),
 * err names the trace line. */
int mmu_run_fault(mmu_run *r, const mmu_run_page *pg, const mmu_result *res, mmu_error *err);

/* The format being read ("native", "lackey", "din"; "?" before the first line). */
const char *mmu_run_format_name(const mmu_run *r);

/* ---- reports ---------------------------------------------------------------------- */
typedef struct {
    const char *trace, *format;
    const mmu_profile *p;
    mmu_mode mode;
    const mmu_tlb_config *tlb;  /* NULL: no TLB (segmentation mode)                  */
    unsigned page_shift;
    bool populate;
    uint64_t frames;
    mmu_swap_policy swap;
    const mmu_run_counts *c;
    const mmu_os_stats *os;
    const mmu_tlb_stats *ts;    /* NULL: evictions/flushes reported as 0             */
    /* The page-walk cache (mmu-ref run; mmu_pwc.h). pwc NULL: no pwc_* keys and no
     * PWC line (mmu-cosim). pwc->entries 0: none (pwc_stats may be NULL); then
     * pte_reads are all the walks' reads, else those the PWC did not answer. */
    const mmu_pwc_config *pwc;
    const mmu_pwc_stats *pwc_stats;
} mmu_run_report;

/* A flat JSON object built in memory, written whole or not at all. */
typedef struct {
    char *buf;
    size_t len, cap;
    bool first, oom;
} mmu_json;
void mmu_json_begin(mmu_json *j);
void mmu_json_num(mmu_json *j, const char *key, uint64_t v);
void mmu_json_real(mmu_json *j, const char *key, double v);
void mmu_json_str(mmu_json *j, const char *key, const char *v);
void mmu_json_raw(mmu_json *j, const char *key, const char *v);    /* v verbatim */
/* Every key `mmu-ref run --stats-json` documents (docs/os.md), in its order
 * (pte_reads_per_walk always; the pwc_* keys when r->pwc is given). */
void mmu_run_json_fields(mmu_json *j, const mmu_run_report *r);
/* Close the object and write it to path (temp file + rename); frees the
 * buffer (also on error). 0 or -1 (err). */
int mmu_json_write(mmu_json *j, const char *path, mmu_error *err);
void mmu_json_free(mmu_json *j);

/* The summary `mmu-ref run` prints (configuration, accesses, TLB, walks, OS). */
void mmu_run_print_summary(FILE *f, const mmu_run_report *r);

#endif
