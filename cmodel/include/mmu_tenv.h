/* mmu_tenv.h — the trace environment of `mmu-cosim --trace`: a memory trace
 * (native, lackey, din) driven into mmu_top, with the OS layer (mmu_os.h)
 * servicing the faults the DUT raises. docs/cosim.md "Running a trace
 * through the RTL".
 *
 * Same cycle protocol as mmu_env.h (drive computes the inputs of cycle n from
 * outputs of cycles < n only; observe checks cycle n's outputs):
 *
 *   - each page of each access (mmu_run.h splits them) is one request, user
 *     mode; TLB hits stream one per cycle;
 *   - a request may be issued while others are in flight only if none of
 *     them can fault (the arch model, evaluated at acceptance, says so), so a
 *     fault always reaches the OS with nothing behind it: the OS then edits
 *     the page tables in physical memory (the memory behind the walker port)
 *     and its register writes and SFENCEs go out through the register port
 *     (hooks of mmu_os.h) before the access is retried;
 *   - requests carry req_id_i and responses are matched by rsp_id_o under
 *     the hit-under-miss rules when the profile has id_bits > 0 (mmu_env.h
 *     "Response order"), in order otherwise;
 *   - every response is checked against the arch model (registers of the
 *     acceptance cycle, memory as the OS left it), and its hit flag against
 *     the TLB model of `mmu-ref run` (mmu_tlb.h) run alongside, looked up and
 *     filled in response order (the order the MMU's TLB sees them), so the
 *     counts are `mmu-ref run`'s by construction (for an in-order profile;
 *     with hit under miss, those of the same TLB seeing the accesses in the
 *     order the MMU answered them) or the run stops at the first access
 *     where they are not; user data, the OS's bookkeeping and its fault
 *     service follow acceptance (program) order;
 *   - at the end the RTL's performance counters are read through the
 *     register port and compared with the counts (modulo 2^counters; not
 *     when the profile has none, counters = 0);
 *   - with data_check, user data too: stores leave tokens at the PAs the RTL
 *     gives, loads must find the last token of their own address space
 *     (copy-on-write, page-out/page-in and demand-zero checked end to end).
 */
#ifndef MMU_TENV_H
#define MMU_TENV_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_cycle.h"
#include "mmu_env.h"
#include "mmu_error.h"
#include "mmu_os.h"
#include "mmu_profile.h"
#include "mmu_run.h"

typedef struct {
    mmu_run_config run;        /* trace, format, populate, strict (page_shift: the profile's) */
    mmu_os_config os;          /* mode, frames, swap policy, ...                               */
    mmu_lat_model lat;         /* walker memory latency (mmu_env_parse_mem_latency)            */
    uint64_t seed;             /* latency draws and don't-care input values                    */
    unsigned history;          /* events kept for reports                                      */
    bool arch_check;           /* check responses against the arch model (and the TLB model)  */
    bool data_check;           /* user data through the DUT's PAs (trace_env.c): stores write
                                  tokens, loads must find their own address space's last one */
} mmu_tenv_config;

typedef struct mmu_tenv mmu_tenv;

/* Opens the trace (reads it ahead for --populate / OPT). NULL on error. */
mmu_tenv *mmu_tenv_new(const mmu_profile *p, const mmu_tenv_config *c, mmu_error *err);
void mmu_tenv_free(mmu_tenv *t);

void mmu_tenv_drive(mmu_tenv *t, mmu_cycle_in *in);
/* 0, or -1 with err filled (a check failed: mmu_tenv_failure; or an input/OS
 * error: mmu_tenv_error). */
int mmu_tenv_observe(mmu_tenv *t, const mmu_cycle_in *in, const mmu_cycle_out *out, mmu_error *err);

/* The trace ran to its end and the counters were read, or an error stopped it. */
bool mmu_tenv_done(const mmu_tenv *t);
/* A malformed trace, an OS error (out of memory or swap), a segfault with
 * strict: not the DUT's fault. NULL when none. */
const mmu_error *mmu_tenv_error(const mmu_tenv *t);
/* The first check that failed (signal "arch.rsp_pa_o", "tlb.rsp_hit_o",
 * "ctr.HITS", "proto.mem_req_wdata_o", "hang.rsp_valid_o", ...). */
const mmu_env_failure_info *mmu_tenv_failure(const mmu_tenv *t);
/* Harness counters in the mmu_env layout (requests, responses, memory...). */
const mmu_env_stats *mmu_tenv_env_stats(const mmu_tenv *t);
const mmu_run_counts *mmu_tenv_counts(const mmu_tenv *t);
/* Everything --stats-json reports (pointers into t). */
void mmu_tenv_report(const mmu_tenv *t, mmu_run_report *rep);
/* The RTL's counters read at the end (register-map order 0x80..0x86), or
 * false when the run did not get there or the profile has no counters. */
bool mmu_tenv_hw_counters(const mmu_tenv *t, uint64_t ctr[7]);

void mmu_tenv_history(const mmu_tenv *t, char *buf, unsigned size);
void mmu_tenv_history_json(const mmu_tenv *t, char *buf, unsigned size);

#endif
