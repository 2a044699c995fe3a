/* mmu_cycle.h — the cycle-accurate model of rtl/mmu_top.v.
 *
 * Written from docs/rtl.md (never from RTL signal values): the same state as
 * the RTL, updated by the same rules at each rising clock edge, with one C
 * source per RTL module under cmodel/cycle/ and the same state names.
 * Shared with the arch layer, not rewritten (one copy of each rule of
 * docs/translation.md): step 0, base-and-bounds and segmentation checks,
 * PTE decoding, the leaf permission table and the A/D value of the CAS. For
 * those rules the RTL meets one C implementation twice (here and in the arch
 * check); that implementation has its own outside checks (docs/architecture.md
 * "What sharing means for checking"). Timing, TLB, replacement, walker and
 * flush walk are this model's own.
 *
 * One clock cycle is:
 *     mmu_cycle_eval(m, &in, &out);   outputs of this cycle (state + inputs)
 *     mmu_cycle_tick(m, &in);         the rising edge: next state
 * The structs carry every port of mmu_top with the port name minus _i/_o.
 * Values wider than the port are never produced; inputs are masked to the
 * port widths by the model (as the RTL's ports would truncate them).
 */
#ifndef MMU_CYCLE_H
#define MMU_CYCLE_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_error.h"
#include "mmu_profile.h"

typedef struct {
    bool rst;              /* synchronous, active high */
    bool req_valid;
    uint64_t req_va;
    unsigned req_acc;      /* 0 fetch, 1 load, 2 store */
    unsigned req_priv;     /* 0 user, 1 supervisor */
    unsigned req_id;       /* ID_BITS wide; ignored with ID_BITS = 0 */
    bool mem_req_ready;
    bool mem_rsp_valid;
    uint64_t mem_rsp_data;
    bool mem_rsp_err;
    bool reg_we;
    unsigned reg_addr;
    uint64_t reg_wdata;
} mmu_cycle_in;

typedef struct {
    bool req_ready;
    bool rsp_valid;
    uint64_t rsp_pa;
    bool rsp_fault;
    unsigned rsp_cause;
    unsigned rsp_level;    /* 3-bit two's complement as on the port: 7 = -1 */
    bool rsp_hit;
    unsigned rsp_id;       /* the answered request's req_id (0 with ID_BITS = 0) */
    bool mem_req_valid;
    uint64_t mem_req_addr;
    bool mem_req_we;
    uint64_t mem_req_wdata;
    uint64_t mem_req_cmp;
    uint64_t reg_rdata;
} mmu_cycle_out;

typedef struct mmu_cycle mmu_cycle;

/* A model of mmu_top elaborated with profile p (its geometry and feature
 * parameters: SEGMENTATION, SVADU, FLUSH_EXACT, CTR_BITS = p->counters).
 * Fails (err) for geometries the RTL rejects at elaboration. The state is
 * undefined until a cycle with rst = 1 has been ticked, as in RTL. */
mmu_cycle *mmu_cycle_new(const mmu_profile *p, mmu_error *err);
void mmu_cycle_free(mmu_cycle *m);

void mmu_cycle_eval(mmu_cycle *m, const mmu_cycle_in *in, mmu_cycle_out *out);
void mmu_cycle_tick(mmu_cycle *m, const mmu_cycle_in *in);

/* Named output signals, for comparison and reports: the harness iterates over
 * them so a new port is compared as soon as it is added here. */
typedef struct {
    const char *name;      /* RTL port name, e.g. "rsp_pa_o" */
    unsigned width;        /* bits, for this profile */
    uint64_t (*get)(const mmu_cycle_out *o);
} mmu_cycle_signal;
/* The list for profile p; *count receives its length. */
const mmu_cycle_signal *mmu_cycle_signals(const mmu_profile *p, unsigned *count);

/* Introspection for coverage and reports (read-only view of model state). */
typedef struct {
    unsigned ptw_state;    /* walker FSM state (docs/rtl.md encoding) */
    bool walking;
    uint64_t counters[32]; /* performance counters in register-map order */
    unsigned counter_count;
} mmu_cycle_view;
void mmu_cycle_inspect(const mmu_cycle *m, mmu_cycle_view *v);

/* The docs/rtl.md "Assertions" the model checks on itself every cycle (at
 * most one hit way, no fill in a flush cycle or during a flush walk, no hit
 * while the walker is busy, no acceptance while s1 holds, fill into the
 * walked set): how many failed so far, and the first one's name (NULL when
 * none). mmu-cosim reports the first as a divergence (model.invariant). */
uint64_t mmu_cycle_violations(const mmu_cycle *m, const char **first);

#endif
