/* env_internal.h — pieces of the environment library (not public).
 *
 *   env.c       the per-cycle engine: step queue, request/response tracking,
 *               register shadow (versions), monitors, history, failures
 *   mem.c       physical memory behind the walker port: latency models,
 *               back-pressure, read and compare-and-swap, CAS-race injection
 *   check.c     the arch check of completed translations: memoised
 *               mmu_translate, stale views (overlay) and their retirement
 *   pt.c        the OS side: address spaces, page-table construction with
 *               fault injection, PTE mutation bookkeeping
 *   stim.c      seeded random stimulus (access streams, control events)
 *   order.c     response matching by rsp_id and the hit-under-miss ordering
 *               rules (mmu_env_match_response, mmu_env.h)
 *   directed.c  directed sequences, one family per MMU-BUG-CLASSES.md class
 *   config.c    config defaults, latency/knob/mode parsing, PRNG
 */
#ifndef ENV_INTERNAL_H
#define ENV_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_env.h"
#include "mmu_scenario.h"

/* Fast draws for the per-cycle paths (multiply-shift; the bias, < n/2^64, is
 * irrelevant for stimulus). The generator is mmu_rng (mmu_tracegen.h). */
static inline uint64_t env_below(mmu_rng *r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)mmu_rng_next(r) * n) >> 64);
}
static inline bool env_permille(mmu_rng *r, unsigned pm) { return env_below(r, 1000) < pm; }

/* ---- steps: what the env does, in order ------------------------------------------
 * Each cycle the engine starts steps from the head of the queue while it can:
 * instant steps (MEMW, ARM_RACE, EXPECT_MEM) never block; REQ needs the request
 * channel free (the previous request accepted); REG needs the register port
 * unused this cycle; WAIT* block until their condition; BARRIER ends the cycle. */
typedef enum {
    ST_REQ,            /* va, acc, priv [, expect]                          */
    ST_REG,            /* reg_addr <- a                                    */
    ST_MEMW,           /* env PTE write: addr a <- b (info: pti)            */
    ST_WAIT,           /* a cycles                                          */
    ST_WAIT_IDLE,      /* no request pending or outstanding, port idle      */
    ST_WAIT_REQFREE,   /* no request waiting for acceptance                 */
    ST_WAIT_MEMRSP,    /* a memory responses since the last REQ was accepted */
    ST_ARM_RACE,       /* next CAS to address a: env writes b first          */
    ST_BARRIER,        /* next step starts in a later cycle                  */
    ST_EXPECT_MEM,     /* memory at a must equal b (now)                     */
    ST_MEM_SLOW,       /* walker memory answers a cycles later than the latency
                          model says, from now on (0: the model alone)      */
    ST_REBUILD,        /* OS: rebuild every page table (only when idle)      */
    ST_NOTE,           /* a history line (directed test names)               */
    /* PTEs named by (address space acc, VA a, level reg_addr), resolved when
     * the step runs, so directed sequences never write memory early: */
    ST_MAP,            /* map VA a -> PTE b (priv: global), creating tables */
    ST_PTE,            /* rewrite that PTE to b (an OS write: stale overlay) */
    ST_PTE_OR,         /* rewrite that PTE to (its value | b)               */
    ST_EXPECT_PTE,     /* that PTE must equal b                             */
    ST_RACE_PTE,       /* next CAS to that PTE: env writes b first          */
    ST_SWITCH_AS,      /* bookkeeping: current address space = acc          */
    ST_ALIAS           /* point the level reg_addr+1 PTE of VA b at the table
                          that holds the level reg_addr PTE of VA a: one table
                          frame reached from two VAs                        */
} step_kind;

/* What the environment meant a PTE to map: for its own covering flushes
 * (stim.c). The arch check never uses it (one PTE can serve several VAs and
 * ASIDs; check.c decides from the flush operands and the entry alone). */
typedef struct {
    uint32_t asid;
    bool global;          /* flushes by ASID do not cover it                  */
    bool leaf;            /* a flush by VA can cover it (else only flush-all) */
    uint64_t va_lo, va_hi; /* VA range (va_bits-masked) it translates          */
} env_ptinfo;

typedef struct {
    uint8_t kind;
    uint8_t acc, priv;
    uint8_t flags;        /* MAP: 1 = leaf table from the write-protected pool */
    int8_t expect_cause;  /* -1: none                                        */
    int8_t expect_hit;    /* -1: none                                        */
    int8_t expect_order;  /* 0: none; d > 0: answered before the request d
                             requests earlier (it is still outstanding: the
                             answer overtook it) when the profile has id_bits
                             > 0, after it (in order) when id_bits = 0;
                             d < 0: answered after the request -d earlier  */
    bool expect_pa_valid;
    unsigned reg_addr;
    uint64_t a, b;
    uint64_t expect_pa;
    env_ptinfo info;      /* MEMW                                            */
    const char *note;     /* NOTE                                            */
} env_step;

/* ---- outstanding requests ----------------------------------------------------------- */
#define ENV_OUT 8                   /* at most (id_bits > 0: MMU_ENV_HUM_OUTSTANDING) */
typedef struct {
    uint64_t id, va, accept_cycle;
    unsigned acc, priv;
    uint32_t regs_ver;
    uint64_t accept_ev;             /* e->ev_seq at acceptance (check.c)       */
    uint64_t accept_tev;            /* e->tev_seq at acceptance (check.c)      */
    int8_t expect_cause, expect_hit, expect_order;
    bool expect_pa_valid;
    uint64_t expect_pa;
    mmu_env_slot slot;              /* req_id, mode without TLB, overtaken    */
    unsigned cas_ok, cas_seen;      /* A/D compare-and-swaps during its walk   */
    uint64_t last_read_addr, last_read_val;
    bool have_read;
} env_req;

/* ---- stale views (check.c) -----------------------------------------------------------
 * Every environment PTE write and every flush gets the next number of one
 * event sequence (e->ev_seq); a request remembers the number current at its
 * acceptance. An old PTE value remembers the number of the write that
 * replaced it; the flush log keeps each flush's operands. Whether an old
 * value may still be seen follows from those alone (check.c). */
#define ENV_OVERLAY_MAX 256
#define ENV_OVERLAY_OLD 4
typedef struct {
    uint64_t addr;
    unsigned n_old;
    uint64_t old[ENV_OVERLAY_OLD];
    uint64_t old_seq[ENV_OVERLAY_OLD]; /* event number of the write that replaced it */
    uint64_t old_after[ENV_OVERLAY_OLD]; /* last request accepted before that write */
} env_overlay;

typedef struct {
    uint64_t seq;                   /* event number of the flush              */
    uint64_t vpn;                   /* FLUSH_VA[VA_BITS-1:PAGE_SHIFT]         */
    uint32_t asid;
    bool use_va, use_asid;
} env_flushrec;
#define ENV_FLUSH_LOG 4096          /* a power of two */
#define ENV_FLUSH_ALL_PENDING 8

/* Aligned PTE-sized words read from the sparse memory (which probes its hash
 * table once per byte), direct-mapped by word address. Write-through:
 * env_mem_wr is the only writer of memory and updates its entry. */
#define ENV_MEMC_SIZE 1024
typedef struct {
    uint64_t addr_plus1;  /* 0 = empty */
    uint64_t val;
} env_memc;

/* A memoised arch translation: the result of mmu_translate for (VA page,
 * access, privilege, register version) and the PTE words its walk read; it
 * holds while memory still has those values (the walk is a function of them). */
#define ENV_MEMO_SIZE 2048
#define ENV_MEMO_DEPS 4       /* LEVELS <= 4 reads; a longer walk is not kept */
typedef struct {
    uint64_t key_va;
    uint32_t regs_ver;
    uint8_t acc, priv, valid, ndeps;
    bool fault;
    uint8_t cause;
    int8_t level;
    uint64_t pa;
    uint64_t dep_addr[ENV_MEMO_DEPS], dep_val[ENV_MEMO_DEPS];
} env_memo;

/* ---- address spaces (pt.c) ----------------------------------------------------------- */
#define ENV_MAX_AS 4
#define ENV_MAX_PAGES 96
typedef struct {
    uint64_t va;          /* base of the mapping (va_bits-masked, sign-extended for the port) */
    uint8_t level;        /* leaf level (mapping size)                        */
    uint8_t shared;       /* in the cross-ASID region (pt.c): never mutated   */
} env_page;
typedef struct {
    uint32_t asid;
    uint64_t root_ppn;
    env_page page[ENV_MAX_PAGES];
    unsigned npages;
} env_as;

/* PTE address -> what it maps (for mutations and CAS races). Open addressing. */
typedef struct {
    uint64_t addr_plus1;  /* 0 = empty */
    env_ptinfo info;
    uint8_t level;
} env_ptslot;

/* ---- history ------------------------------------------------------------------------- */
typedef enum {
    H_REQ, H_RSP, H_MEMRD, H_MEMCAS, H_REG, H_MEMW, H_RACE, H_NOTE, H_REBUILD
} hist_kind;
typedef struct {
    uint64_t cycle;
    uint8_t kind;
    uint8_t acc, priv, flag;
    uint64_t a, b, c, d;
    const char *note;
} env_hist;

struct mmu_env {
    mmu_profile p;
    mmu_env_config cfg;
    mmu_rng rng;           /* stimulus */
    mmu_rng lat_rng;       /* latency model */
    mmu_rng junk_rng;      /* don't-care input values */
    uint64_t cycle;
    uint64_t va_port_mask, pa_mask, pte_mask, va_mask;
    unsigned pte_bits;

    /* step queue (ring) */
    env_step *q;
    unsigned q_cap, q_head, q_count;
    unsigned wait_left;    /* ST_WAIT in progress */
    bool wait_active;
    bool directed;
    unsigned directed_idx; /* next directed family (directed:all) */
    bool directed_done;

    /* request channel */
    bool req_pending;      /* driving req_valid, not yet accepted */
    uint64_t req_since;
    bool fail_reported;
    int stim_mode;         /* mode the stimulus last programmed */
    env_req cur;           /* the request being driven */
    env_req out[ENV_OUT];  /* accepted, unanswered, oldest first; with id_bits
                              > 0 one may leave from the middle (order.c) */
    unsigned out_count;
    unsigned id_mask;      /* req_id_i: request number & id_mask (0: id_bits = 0) */
    uint64_t next_id, last_accepted_id;
    uint64_t answered_id;  /* every request numbered <= answered_id has answered:
                              the oldest outstanding's number - 1, or the last
                              accepted when none is outstanding (check.c) */
    uint64_t memrsp_since_accept;

    /* register port: this cycle's write (from drive, applied in observe) */
    bool reg_we_now;
    uint64_t last_reg_we_cycle;   /* env cycle of the last register write + 1 (0: none) */
    unsigned reg_addr_now;
    uint64_t reg_wdata_now;
    /* shadow registers, versioned */
    mmu_regs *ver;         /* ring of ENV_VERSIONS */
    uint32_t cur_ver;
    uint64_t flush_va, flush_asid;

    /* memory */
    mmu_sparse_mem *mem;
    env_memc memc[ENV_MEMC_SIZE];      /* read cache of mem (mem.c)          */
    unsigned pte_shift;                /* log2(pte_bytes)                    */
    uint64_t mem_size, wp_lo, wp_hi;   /* CAS to [wp_lo, wp_hi) is a bus error */
    uint64_t wp_next;                  /* next WP table frame */
    bool force_wp;                     /* next leaf table from the WP pool */
    /* walker port */
    bool mp_busy;          /* accepted, response pending */
    uint64_t mp_due, mp_addr, mp_wdata, mp_cmp;
    bool mp_we;
    unsigned mem_slow;     /* extra cycles per memory response (ST_MEM_SLOW) */
    unsigned bp_left;      /* burst back-pressure cycles left */
    bool prev_mreq_valid, prev_mreq_ready;
    uint64_t prev_maddr, prev_mwdata, prev_mcmp;
    bool prev_mwe;
    bool race_armed;
    uint64_t race_addr, race_val;

    /* arch check */
    env_overlay ov[ENV_OVERLAY_MAX];
    unsigned n_ov;
    uint64_t ev_seq;                   /* PTE writes and flushes, numbered      */
    uint64_t tev_seq;                  /* number of the last translation event
                                          (it clears the page-walk cache)       */
    env_flushrec *flog;                /* ring of ENV_FLUSH_LOG                  */
    uint64_t n_flog;                   /* flushes logged since the world build   */
    struct { uint64_t seq, after_id; } fa_pending[ENV_FLUSH_ALL_PENDING];
    unsigned n_fa_pending;             /* flush-alls whose earlier requests are
                                          not all answered yet                   */
    uint64_t ov_inval_min;             /* smallest old_after of an invalid old
                                          value (UINT64_MAX: none)               */
    env_memo *memo;

    /* OS: address spaces and page tables */
    env_as as[ENV_MAX_AS];
    unsigned n_as, cur_as;
    env_page gpage[ENV_MAX_PAGES];     /* global mappings, in every AS */
    unsigned n_gpage;
    uint64_t tbl_next, tbl_end;        /* table frame allocator (frame numbers) */
    uint64_t gshared[4];               /* shared global tables (ppn), per root slot */
    unsigned n_gshared;
    unsigned cross_next;               /* next fresh VA of the cross-ASID region (pt.c) */
    unsigned groot_slot[4];
    env_ptslot *pt;
    unsigned pt_cap, pt_used;
    bool live;                         /* traffic started: PTE writes go through the overlay */
    uint64_t recent[8];
    unsigned recent_n, recent_i;
    /* segmentation / hybrid setup */
    uint64_t hyb_table[MMU_MAX_SEGMENTS];    /* byte address of each segment's table */
    unsigned hyb_pages[MMU_MAX_SEGMENTS];    /* entries built */
    uint64_t next_mode_switch;

    /* results */
    mmu_env_stats st;
    mmu_env_failure_info fail;
    env_hist *hist;
    unsigned hist_cap, hist_head, hist_count;
};

#define ENV_VERSIONS 256u

/* env.c */
env_step *env_push(mmu_env *e, step_kind k);
void env_hist_add(mmu_env *e, hist_kind k, uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                  unsigned acc, unsigned priv, unsigned flag, const char *note);
int env_failf(mmu_env *e, const char *signal, uint64_t rtl, uint64_t model, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
const mmu_regs *env_regs(const mmu_env *e);     /* current shadow */
void env_push_req(mmu_env *e, uint64_t va, unsigned acc, unsigned priv);
void env_push_reg(mmu_env *e, unsigned addr, uint64_t data);
void env_push_flush(mmu_env *e, bool use_va, uint64_t va, bool use_asid, uint64_t asid);

/* mem.c */
int env_mem_init(mmu_env *e, mmu_error *err);
void env_mem_drive(mmu_env *e, mmu_cycle_in *in);
int env_mem_observe(mmu_env *e, const mmu_cycle_in *in, const mmu_cycle_out *out);
int env_mem_read(mmu_env *e, uint64_t addr, uint64_t *v); /* PTE-sized, -1 outside memory */
void env_mem_cache_clear(mmu_env *e);                      /* after replacing e->mem */
uint64_t env_mem_rd(mmu_env *e, uint64_t addr);          /* PTE-sized, 0 on error */
void env_mem_wr(mmu_env *e, uint64_t addr, uint64_t val); /* PTE-sized, raw */

/* check.c */
int env_check_response(mmu_env *e, const env_req *r, const mmu_cycle_out *out);
/* The arch model answers r (registers of its acceptance) with a fault before
 * reading any PTE: nothing walks it (order.c's pre-walk faults). */
bool env_arch_no_walk(mmu_env *e, const env_req *r);
bool env_stale_allowed(const mmu_env *e, const env_req *r, const mmu_regs *regs, const mmu_result *res,
                       bool hit, uint64_t oldest);
/* With a page-walk cache: may a walk's answer (hit = false) use the old values
 * chosen at its reads (rd_seq[k]: the write that replaced read k's value,
 * UINT64_MAX for the current one; read_err: a bus error after the nreads
 * recorded reads)? Old pointers, when no cache-clearing event came between
 * their replacement and the acceptance; the last read current (check.c). */
bool env_pwc_stale_allowed(const mmu_env *e, const env_req *r, bool hit, const uint64_t *rd_seq,
                           unsigned nreads, bool read_err);
void env_overlay_record(mmu_env *e, uint64_t addr, uint64_t old);
void env_overlay_flush(mmu_env *e, bool use_va, uint64_t va, bool use_asid, uint64_t asid);
void env_overlay_answered(mmu_env *e, uint64_t id);   /* every request numbered <= id has answered */
bool env_overlay_room(const mmu_env *e, unsigned n);
void env_overlay_clear(mmu_env *e);

/* pt.c */
int env_pt_init(mmu_env *e, mmu_error *err);
void env_pt_build_world(mmu_env *e);               /* all address spaces from scratch */
uint64_t env_pte_addr_of(mmu_env *e, const env_as *as, uint64_t va, int level, bool create, bool global);
void env_pt_write(mmu_env *e, uint64_t addr, uint64_t val, const env_ptinfo *info, int level);
bool env_pt_lookup(const mmu_env *e, uint64_t addr, env_ptinfo *info, int *level);
uint64_t env_pt_leaf(mmu_env *e, uint64_t ppn, bool r, bool w, bool x, bool u, bool g, bool a, bool d);
uint64_t env_pt_ptr(mmu_env *e, uint64_t ppn, bool g);
uint64_t env_pt_random_leaf(mmu_env *e, int level, bool global);
uint64_t env_pt_map(mmu_env *e, env_as *as, uint64_t va, int level, uint64_t pte, bool global, bool live);
uint64_t env_va_canon(const mmu_env *e, uint64_t va_masked);
uint64_t env_pt_alloc_table(mmu_env *e);
void env_pt_new_mapping(mmu_env *e, unsigned as_idx, bool global);
void env_pt_cross_asid_mapping(mmu_env *e);
bool env_pt_tables_low(const mmu_env *e);

/* stim.c */
void env_stim_refill(mmu_env *e);
void env_stim_start(mmu_env *e);
uint64_t env_stim_va(mmu_env *e, int mode);

/* directed.c */
bool env_directed_refill(mmu_env *e);              /* false: nothing left */
int env_directed_lookup(const char *name);

#endif
