/* mmu_env.h — the verification environment around mmu_top: physical memory
 * behind the walker port (latency, back-pressure, compare-and-swap), the
 * register-port driver, seeded random and directed stimulus (page tables,
 * access streams, faults, flushes, context/mode switches), and the monitors
 * that check every completed translation against the arch model.
 *
 * Shared by the Verilator lockstep harness (tb/cosim/, `mmu-cosim`) and by
 * `mmu-ref vectors` (Icarus replay files). docs/cosim.md is the user guide.
 *
 * One clock cycle, for whoever owns the DUT (RTL, cycle model, or both):
 *
 *     mmu_env_drive(env, &in);               inputs of cycle n, computed from
 *                                            outputs of cycles < n only
 *     ...evaluate the DUT(s) with in -> out...
 *     mmu_env_observe(env, &in, &out, &err); monitors + arch check; the env
 *                                            advances to cycle n+1
 *
 * The caller drives reset itself (rst = 1 for the first cycles, without the
 * env) and calls the env from the first cycle after reset. The env never
 * asserts rst. Same profile + config (seed) => the same input sequence for
 * the same DUT outputs, in every simulator.
 */
#ifndef MMU_ENV_H
#define MMU_ENV_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_arch.h"
#include "mmu_cycle.h"
#include "mmu_error.h"
#include "mmu_profile.h"
#include "mmu_tracegen.h"   /* mmu_rng: xoshiro256** seeded by splitmix64 */

/* ---- memory latency models (docs/cosim.md "Latency models") ------------------
 *   fixed:N          mem_req_ready = 1; the response comes N cycles after the
 *                    request is accepted (N >= 1)
 *   random:MIN-MAX   mem_req_ready = 1; latency uniform in MIN..MAX (seeded)
 *   burst[:P,L,S,M]  mem_req_ready drops in back-pressure bursts (start with
 *                    probability P% per cycle, 1..L cycles long); latency 1..4,
 *                    or with probability S% a long stall of 5..M cycles.
 *                    `burst` alone is burst:20,12,5,200.                    */
typedef enum { MMU_LAT_FIXED, MMU_LAT_RANDOM, MMU_LAT_BURST } mmu_lat_kind;
typedef struct {
    mmu_lat_kind kind;
    unsigned a, b;             /* fixed: a; random: a..b                      */
    unsigned bp_pct, bp_len;   /* burst: back-pressure start % and max length */
    unsigned stall_pct, stall_max;
} mmu_lat_model;

/* The model's choices, drawn from rng (one implementation for every env):
 * cycles from a request's handshake to its response, and whether
 * mem_req_ready is high this cycle (*bp_left: back-pressure cycles left,
 * kept by the caller, 0 at start). */
unsigned mmu_lat_delay(const mmu_lat_model *m, mmu_rng *rng);
bool mmu_lat_ready(const mmu_lat_model *m, mmu_rng *rng, unsigned *bp_left);

/* ---- stimulus knobs: probabilities in per mille (0..1000) ---------------------
 * Listed by mmu_env_knob_names(); set by name with mmu_env_set_knob(). */
typedef struct {
    unsigned req;              /* a new request in a cycle the port is free     */
    unsigned locality;         /* reuse a recently used page (TLB hits)         */
    unsigned unmapped;         /* VA in no mapping (PTE_INVALID, bounds)        */
    unsigned noncanonical;     /* VA outside the address space                  */
    unsigned user;             /* user privilege                                */
    /* page-table faults, per PTE built */
    unsigned invalid_pte;      /* V=0 leaf or pointer                           */
    unsigned reserved;         /* reserved encodings / bits                     */
    unsigned misaligned;       /* superpage leaf with low PPN bits set          */
    unsigned no_ad;            /* A and/or D clear                              */
    unsigned perm;             /* random R/W/X/U (else R W X + U per region)    */
    unsigned superpage;        /* leaf above level 0                            */
    unsigned bus_error;        /* pointer / hybrid table beyond memory          */
    unsigned wp;               /* leaf in the CAS-write-protected region        */
    unsigned hybrid_bound;     /* hybrid/segment bounds smaller than the use    */
    /* control events, per cycle the register port is free */
    unsigned flush;            /* SFENCE variants                               */
    unsigned ctx_switch;       /* ASID + PTBASE switch                          */
    unsigned status;           /* SUM/MXR/ADUE write                            */
    unsigned mutate;           /* env writes a PTE (OS: remap, clear A, ...)    */
    unsigned mode_switch;      /* translation mode change (+ flush)             */
    unsigned seg_write;        /* segment register rewrite                      */
    unsigned ctr_clear;        /* counter clear                                 */
    /* per A/D compare-and-swap the walker issues */
    unsigned cas_race;         /* env changes the PTE before the CAS lands      */
} mmu_env_knobs;

/* Stimulus kinds (--stimulus). */
#define MMU_ENV_MODE_MIXED (-1)
typedef struct {
    uint64_t seed;             /* every random choice derives from it (mmu_rng) */
    mmu_lat_model lat;
    int mode;                  /* mmu_mode, or MMU_ENV_MODE_MIXED (switches)   */
    char stimulus[64];         /* "random" or "directed:NAME" / "directed:all" */
    mmu_env_knobs knobs;
    unsigned history;          /* events kept for reports (default 64)         */
    bool arch_check;           /* check translations against mmu_translate     */
    uint64_t hang_cycles;      /* a request unanswered this long is a failure
                                  (raised to outlast the latency model)       */
    unsigned reg_write_gap;    /* register writes at least this many cycles
                                  apart (default 1: back to back; 2 for an
                                  AXI4-Lite register slave, docs/cosim.md)    */
} mmu_env_config;

void mmu_env_config_defaults(mmu_env_config *c);
/* "fixed:N" | "random:MIN-MAX" | "burst[:P,L,S,M]" into c->lat. */
int mmu_env_parse_mem_latency(const char *s, mmu_env_config *c, mmu_error *err);
/* "NAME=VALUE" (per mille). */
int mmu_env_set_knob(mmu_env_config *c, const char *name_eq_value, mmu_error *err);
const char *const *mmu_env_knob_names(void);       /* NULL-terminated          */
/* Every directed sequence name (NULL-terminated); "all" runs them in order. */
const char *const *mmu_env_directed_names(void);
/* Mode names for --mode: bare, base-bounds, segmentation, paging, hybrid, mixed. */
int mmu_env_parse_mode(const char *s, int *mode, mmu_error *err);

typedef struct mmu_env mmu_env;
mmu_env *mmu_env_new(const mmu_profile *p, const mmu_env_config *c, mmu_error *err);
void mmu_env_free(mmu_env *e);

void mmu_env_drive(mmu_env *e, mmu_cycle_in *in);
/* 0, or -1 with err filled and the failure recorded (mmu_env_failure). */
int mmu_env_observe(mmu_env *e, const mmu_cycle_in *in, const mmu_cycle_out *out, mmu_error *err);

/* The PTE-sized word at physical address addr as the walker would read it now
 * (for a bus memory that answers a read the walker port never asked for, e.g.
 * the retry of a failed exclusive write). -1: outside the memory or unaligned. */
int mmu_env_mem_peek(mmu_env *e, uint64_t addr, uint64_t *v);

/* Directed stimulus ran to its end (random stimulus never ends). */
bool mmu_env_done(const mmu_env *e);

/* The first failure the monitors found. signal is e.g. "arch.rsp_pa_o",
 * "arch.rsp_cause_o", "proto.mem_req", "expect.rsp_cause_o", "hang". */
typedef struct {
    bool failed;
    uint64_t cycle;            /* env cycle (0 = first cycle after reset)     */
    char signal[48];
    uint64_t rtl, model;       /* value seen vs value expected               */
    char msg[400];
} mmu_env_failure_info;
const mmu_env_failure_info *mmu_env_failure(const mmu_env *e);

typedef struct {
    uint64_t cycles, requests, responses, hits, faults, walks_checked;
    uint64_t arch_checks, arch_alternates;   /* checks; passes only via a stale view */
    uint64_t mem_reads, mem_cas, mem_cas_fail, mem_errors;
    uint64_t reg_writes, flushes, ctx_switches, mode_switches, mutations, cas_races;
    uint64_t ctx_rewrites;   /* PTBASE, MODE or ASID written alone with its value */
    uint64_t cross_asid_maps; /* one VA mapped in several ASIDs (G and not, superpage and 4K) */
    uint64_t directed_steps, expectations;
    uint64_t cause[MMU_CAUSE_COUNT];
    uint64_t mode_responses[MMU_MODE_COUNT];
} mmu_env_stats;
const mmu_env_stats *mmu_env_get_stats(const mmu_env *e);

/* The last events (requests, responses, memory operations, register writes,
 * env PTE writes), oldest first, one line each, into buf. */
void mmu_env_history(const mmu_env *e, char *buf, unsigned size);
/* Same, as a JSON array of strings. */
void mmu_env_history_json(const mmu_env *e, char *buf, unsigned size);

/* ---- response order (docs/rtl.md "Hit under miss"; cmodel/env/order.c) ----------
 * Every request is driven with req_id_i = its number (1, 2, ... in acceptance
 * order) modulo 2^id_bits, or the next ID up that no outstanding request
 * holds (IDs of outstanding requests are distinct; with every ID in use the
 * next request waits); 0 when the profile has id_bits = 0. Held while
 * req_valid_i waits. A response is matched to an outstanding request: with
 * id_bits = 0 the oldest (in order); with id_bits > 0 the oldest accepted
 * with rsp_id_o, under the ordering rules below. */
#define MMU_ENV_HUM_OUTSTANDING 2   /* id_bits > 0: the walking request and one in s1 */
typedef struct {
    uint64_t num;              /* the env's request number (messages)             */
    unsigned id;               /* req_id_i it was accepted with                  */
    bool no_tlb;               /* its mode answers without the TLB (bare,
                                  base-and-bounds, segmentation)                */
    bool overtaken;            /* a later request was answered before it         */
} mmu_env_slot;
typedef struct {
    char signal[48];           /* "proto.rsp_id_o", "proto.rsp_order", "proto.rsp_valid_o" */
    char msg[320];
} mmu_env_order_error;
/* Does the arch model answer slot k without reading memory (a pre-walk
 * fault: non-canonical VA, hybrid bound, hybrid table beyond the PA space)?
 * Asked only for an answer with rsp_hit_o = 0 that overtakes an older one. */
typedef bool (*mmu_env_no_walk_fn)(void *ctx, unsigned k);
/* Which of the n outstanding requests s[0..n) (oldest first) the response o
 * answers: its index, or -1 with why filled. id_bits = 0: 0. id_bits > 0:
 * the oldest slot whose id is rsp_id_o (none: proto.rsp_id_o), and
 * (proto.rsp_order) only slot 0, the walking request, may be overtaken, only
 * by an answer from the TLB (rsp_hit_o = 1) or without it (a no_tlb slot, or
 * a pre-walk fault: no_walk); an overtaken request is answered by its walk
 * (rsp_hit_o = 0). Sets s[0].overtaken when the answer overtakes it; the
 * caller removes the matched slot. */
int mmu_env_match_response(unsigned id_bits, mmu_env_slot *s, unsigned n, const mmu_cycle_out *o,
                           mmu_env_no_walk_fn no_walk, void *ctx, mmu_env_order_error *why);

/* Register-port encodings the env writes (docs/rtl.md "Register map"). */
enum {
    MMU_ENV_REG_MODE = 0x00, MMU_ENV_REG_PTBASE = 0x01, MMU_ENV_REG_ASID = 0x02,
    MMU_ENV_REG_STATUS = 0x03, MMU_ENV_REG_FLUSH_VA = 0x04, MMU_ENV_REG_FLUSH_ASID = 0x05,
    MMU_ENV_REG_FLUSH = 0x06, MMU_ENV_REG_CONFIG0 = 0x07, MMU_ENV_REG_CONFIG1 = 0x08,
    MMU_ENV_REG_SEG_BASE = 0x40, MMU_ENV_REG_CTR_BASE = 0x80, MMU_ENV_REG_CTR_CLEAR = 0x8f
};
/* The register block as an MMU elaborated with profile p has it (docs/rtl.md
 * "Register map"); one copy for every model of the register port.
 * Reset values: mmu_regs_reset's, with ADUE = p->svadu. */
void mmu_env_regs_reset(const mmu_profile *p, mmu_regs *r);
/* A register-port write of data to addr, applied to r: fields cut to their
 * widths; a MODE value the profile does not support ignored
 * (mmu_profile_mode_supported); STATUS.ADUE kept 0 without Svadu; segment
 * registers unmapped at i >= seg_count, and entirely (0x40..0x7F) without
 * segmentation. Returns true when the write is a translation event that
 * touches the registers (MODE, PTBASE, ASID, STATUS, 0x40..0x7F with
 * segmentation; whether or not anything changed), false for every other
 * address (FLUSH*, counters, CONFIG, unmapped: the caller handles FLUSH). */
bool mmu_env_reg_write(const mmu_profile *p, mmu_regs *r, unsigned addr, uint64_t data);

/* CONFIG0/CONFIG1 as the RTL elaborated with profile p must report them
 * (CONFIG1: [50] SEGMENTATION, [51] SVADU, [52] FLUSH_EXACT, [53] HIT_STAGES = 2,
 * [54] hit under miss (id_bits > 0), [55] page-walk cache (pwc_entries > 0),
 * [63:56] CTR_BITS = p->counters). The harness refuses to run when the RTL disagrees. */
void mmu_env_expected_config(const mmu_profile *p, uint64_t *config0, uint64_t *config1);

#endif
