/* cycle_internal.h — the cycle model's state (not public).
 *
 * Written from docs/rtl.md: one source per RTL module, each with a struct of
 * that module's registers (the doc's `_q` names) and functions that compute
 * combinational values and next-state decisions from the current state and
 * the inputs. mmu_cycle_tick first computes every decision from the pre-edge
 * state (phase "d"), then commits them all (phase "edge"), so no module ever
 * sees another module's post-edge value within a cycle.
 *
 *   mmu_top.c        s1 stage, response mux, PA composition, counter events,
 *                    the public API (mmu_cycle.h)
 *   mmu_regs.c       register block: writes, registered reads, translation events
 *   mmu_perf.c       performance counters
 *   mmu_seg.c        combinational step 0 / bare / base-and-bounds / segmentation /
 *                    hybrid pre-checks (the arch layer's rules for modes 1 and 2)
 *   mmu_pte_decode.c PTE decode at a level (the arch layer's classify + flags)
 *   mmu_perm_check.c leaf checks PRIV / PROT / A/D-needed: a table built once
 *                    from the arch layer's mmu_leaf_check / mmu_leaf_needs_ad
 *   mmu_tlb.c        tags, valid bits, payload RAM, the read port and its
 *                    registers, compare, fill, flush-all and the flush walk
 *   mmu_tlb_repl.c   LRU / tree-PLRU / FIFO / LFSR replacement
 *   mmu_ptw.c        walker FSM with Svadu CAS
 *   mmu_pwc.c        page-walk cache: pointer PTEs by VA, FIFO fill, clear
 */
#ifndef CYCLE_INTERNAL_H
#define CYCLE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_arch.h"
#include "mmu_cycle.h"
#include "mmu_defs.h"
/* The arch layer's PTE classify/flags: the single copy of the PTE formats. */
#include "mmu_arch_parts.h"

#define CYC_MAX_WAYS 16
#define CYC_CTR_SLOTS 32

/* Register map (docs/rtl.md "Register map", word addresses). */
enum {
    CYC_REG_MODE = 0x00, CYC_REG_PTBASE = 0x01, CYC_REG_ASID = 0x02, CYC_REG_STATUS = 0x03,
    CYC_REG_FLUSH_VA = 0x04, CYC_REG_FLUSH_ASID = 0x05, CYC_REG_FLUSH = 0x06,
    CYC_REG_CONFIG0 = 0x07, CYC_REG_CONFIG1 = 0x08,
    CYC_REG_SEG_FIRST = 0x40, CYC_REG_SEG_LAST = 0x7F,
    CYC_REG_CTR_BASE = 0x80, CYC_REG_CTR_CLEAR = 0x8F, CYC_REG_CTR_LAST = 0x9F
};
/* Counter slots (address 0x80 + slot). */
enum {
    CYC_CTR_LOOKUPS = 0, CYC_CTR_HITS = 1, CYC_CTR_MISSES = 2, CYC_CTR_WALKS = 3,
    CYC_CTR_WALK_CYCLES = 4, CYC_CTR_FLUSHES = 5, CYC_CTR_AD_UPDATES = 6, CYC_CTR_CAUSE0 = 16
};
/* Walker states (docs/rtl.md encoding). */
enum {
    PTW_IDLE = 0, PTW_RD_REQ = 1, PTW_RD_WAIT = 2, PTW_CHECK = 3,
    PTW_AD_REQ = 4, PTW_AD_WAIT = 5, PTW_DONE = 6
};

/* Elaboration-time constants (parameters and derived masks). */
typedef struct {
    mmu_profile p;               /* copy: arch calls take the profile */
    unsigned va_bits, va_port_bits, pa_bits, page_shift, levels, vpn_bits;
    unsigned pte_bytes, pte_bits, ppn_bits, asid_bits, seg_sel_bits, seg_count, off_bits;
    unsigned pte_format, pte_log2;
    bool va_sign_extend, superpages;
    /* feature parameters (docs/rtl.md "Parameters") */
    bool segmentation, svadu, flush_exact;
    bool s2_stage;          /* HIT_STAGES = 2: s1's response leaves through s2 */
    unsigned pwc_entries;        /* PWC_ENTRIES; 0: no page-walk cache           */
    bool hum;                    /* ID_BITS > 0: hit under miss                  */
    unsigned id_mask;            /* ID_BITS ones (0 with ID_BITS = 0)            */
    unsigned ctr_bits;           /* CTR_BITS = profile counters; 0: no counters  */
    unsigned status_mask;        /* STATUS bits that exist: 7, or 3 without SVADU */
    unsigned sets, ways, idx_bits, way_bits, repl;
    uint64_t va_mask, va_port_mask, pa_mask, pte_mask, ppn_mask, asid_mask, bound_mask;
    uint64_t vpn_mask;           /* VA_BITS - PAGE_SHIFT ones                   */
    uint64_t lvl_mask[4];        /* mask(l): VPN bits k >= l*VPN_BITS           */
    uint64_t lo_mask[4];         /* PAGE_SHIFT + l*VPN_BITS low bits            */
    uint64_t ctr_mask;           /* CTR_BITS ones (0 without counters)            */
    uint64_t config0, config1;
} cyc_cfg;

static inline uint64_t cyc_mask(unsigned bits)
{
    return bits >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << bits) - 1);
}
/* req_acc_i = 3 behaves as a store (docs/rtl.md "Ports"). */
static inline unsigned cyc_acc_eff(unsigned acc) { return acc >= MMU_ACC_STORE ? MMU_ACC_STORE : acc; }
/* A 3-bit two's complement level from -1..3. */
static inline unsigned cyc_level3(int l) { return (unsigned)l & 7u; }

/* ---- mmu_regs ------------------------------------------------------------ */
typedef struct {
    unsigned mode_q;
    uint64_t ptbase_q;
    uint32_t asid_q;
    unsigned status_q;           /* [0] SUM [1] MXR [2] ADUE                     */
    uint64_t flush_va_q;
    uint32_t flush_asid_q;
    uint64_t seg_base_q[MMU_MAX_SEGMENTS];
    uint64_t seg_bound_q[MMU_MAX_SEGMENTS];
    unsigned seg_ctrl_q[MMU_MAX_SEGMENTS];
    uint64_t rdata_q;            /* registered read                              */
    mmu_regs arch;               /* derived view of the above for arch calls,
                                    rebuilt at each committed write (not state) */
    /* Read port, derived like arch (not state): the value each address
     * 0x00..0x7F reads, and for every address where its value lives (this
     * table, a counter, or a zero). The env reads a random address every
     * cycle: one load, no branch on the address. */
    uint64_t rd_val[CYC_REG_CTR_BASE];
    const uint64_t *rd_src[256];
} cyc_regs_q;

/* The decoded write port of one cycle (combinational). */
typedef struct {
    bool we;
    unsigned addr;
    uint64_t wdata;
    bool event;                  /* reg_event: a translation event               */
    bool flush;                  /* a write to FLUSH                              */
    bool flush_opnd;             /* a write to FLUSH_VA or FLUSH_ASID             */
    bool ctr_clear;
} cyc_regs_wr;

/* Once, before the first reset: point the read table at q and perf. */
struct cyc_perf_q;
void cyc_regs_bind(const cyc_cfg *c, cyc_regs_q *q, const struct cyc_perf_q *perf);
void cyc_regs_reset(const cyc_cfg *c, cyc_regs_q *q);
static inline void cyc_regs_decode(const cyc_cfg *c, bool we, unsigned addr, uint64_t wdata, cyc_regs_wr *w)
{
    w->we = we;
    w->addr = addr & 0xffu;
    w->wdata = wdata;
    /* reg_event: MODE, PTBASE, ASID, STATUS, FLUSH, 0x40..0x7F (the segment
     * registers only with SEGMENTATION: unmapped otherwise) */
    w->event = we && (w->addr <= CYC_REG_STATUS || w->addr == CYC_REG_FLUSH ||
                      (c->segmentation && w->addr >= CYC_REG_SEG_FIRST && w->addr <= CYC_REG_SEG_LAST));
    w->flush = we && w->addr == CYC_REG_FLUSH;
    w->flush_opnd = we && (w->addr == CYC_REG_FLUSH_VA || w->addr == CYC_REG_FLUSH_ASID);
    w->ctr_clear = we && w->addr == CYC_REG_CTR_CLEAR;
}
/* The value register addr has now (reg_rdata_o of the next cycle). */
static inline uint64_t cyc_regs_read(const cyc_regs_q *q, unsigned addr) { return *q->rd_src[addr & 0xffu]; }
void cyc_regs_commit(const cyc_cfg *c, cyc_regs_q *q, const cyc_regs_wr *w, uint64_t rdata_d);
static inline bool cyc_regs_sum(const cyc_regs_q *q) { return q->status_q & 1u; }
static inline bool cyc_regs_mxr(const cyc_regs_q *q) { return (q->status_q >> 1) & 1u; }
static inline bool cyc_regs_adue(const cyc_regs_q *q) { return (q->status_q >> 2) & 1u; }   /* 0 without SVADU */

/* ---- mmu_perf ------------------------------------------------------------ */
typedef struct cyc_perf_q {
    uint64_t ctr_q[CYC_CTR_SLOTS];  /* by slot; slots without an event stay 0     */
} cyc_perf_q;
void cyc_perf_reset(cyc_perf_q *q);
/* events: bit s = slot s increments this cycle. */
void cyc_perf_clear(cyc_perf_q *q);
static inline void cyc_perf_commit(const cyc_cfg *c, cyc_perf_q *q, uint32_t events, bool clear)
{
    if (clear) {
        cyc_perf_clear(q);      /* clear wins over this cycle's increments */
        return;
    }
    /* Without a branch per slot: slots 0..6 add 0 or 1; of the cause slots at
     * most one has an event (one response per cycle), found with ctz (slot
     * 31, which never counts, takes the +0 when there is none). */
#pragma GCC unroll 8
    for (unsigned s = 0; s <= CYC_CTR_AD_UPDATES; s++)
        q->ctr_q[s] = (q->ctr_q[s] + ((events >> s) & 1u)) & c->ctr_mask;
    uint32_t cause_ev = events >> CYC_CTR_CAUSE0;
    unsigned cs = CYC_CTR_CAUSE0 + (unsigned)__builtin_ctz(cause_ev | (1u << 15));
    q->ctr_q[cs] = (q->ctr_q[cs] + (cause_ev != 0)) & c->ctr_mask;
}

/* ---- mmu_seg ------------------------------------------------------------- */
typedef struct {
    bool done;                   /* seg_done: final without the TLB              */
    uint64_t pa;                 /* seg_pa                                        */
    unsigned cause;              /* seg_cause                                     */
    unsigned level;              /* seg_level, 3-bit two's complement             */
    uint64_t hyb_addr;           /* hybrid: the PTE address                       */
} cyc_seg_out;
/* va: the port value (VA_PORT_BITS). */
void cyc_seg_eval(const cyc_cfg *c, const cyc_regs_q *r, uint64_t va, unsigned acc, unsigned priv,
                  cyc_seg_out *o);

/* ---- mmu_pte_decode ------------------------------------------------------ */
typedef enum {
    CYC_PTE_FAULT = 0,           /* cause says which (INVALID, RESERVED, NO_LEAF, MISALIGNED) */
    CYC_PTE_POINTER = 1,
    CYC_PTE_LEAF = 2
} cyc_pte_kind;
typedef struct {
    cyc_pte_kind kind;
    unsigned cause;
    uint64_t ppn;
    unsigned perm;               /* {d,a,u,x,w,r}                                  */
    bool g;
} cyc_pte_dec;
void cyc_pte_decode(const cyc_cfg *c, uint64_t pte, unsigned lvl, cyc_pte_dec *o);
unsigned cyc_pte_perm(const cyc_cfg *c, uint64_t pte);

/* ---- mmu_perm_check ------------------------------------------------------ */
/* Table entry: bits 3:0 the first failing leaf check (NONE, PRIV, PROT),
 * bit 4 "A/D needed". Index: perm6, access (3 = store), priv, sum, mxr. */
typedef struct {
    uint8_t t[64 * 4 * 2 * 2 * 2];
} cyc_perm_table;
#define CYC_PERM_AD 0x10u
int cyc_perm_build(const cyc_cfg *c, cyc_perm_table *t);
static inline unsigned cyc_perm_check(const cyc_perm_table *t, unsigned perm, unsigned acc,
                                      unsigned priv, bool sum, bool mxr)
{
    return t->t[((((perm & 63u) * 4 + (acc & 3u)) * 2 + (priv & 1u)) * 2 + sum) * 2 + mxr];
}

/* ---- mmu_tlb ------------------------------------------------------------- */
typedef struct {
    uint64_t vpn;                /* VA[VA_BITS-1:PAGE_SHIFT]                       */
    uint32_t asid;
    uint8_t lvl;
    uint8_t g;
} cyc_tlb_tag;
/* Payload RAM word {ppn, d,a,u,x,w,r}. */
static inline uint64_t cyc_ram_word(uint64_t ppn, unsigned perm) { return (ppn << 6) | (perm & 63u); }
static inline uint64_t cyc_ram_ppn(uint64_t w) { return w >> 6; }
static inline unsigned cyc_ram_perm(uint64_t w) { return (unsigned)(w & 63u); }

typedef struct {
    uint16_t *valid_q;           /* [set]: bit w = entry (set, w) valid (flops)      */
    cyc_tlb_tag *tag_q;          /* [set * ways + w]: tag half of g_way[w].mem_q     */
    uint64_t *ram_q;             /* [set * ways + w]: payload half of g_way[w].mem_q */
    /* the read port's registers: the set rd_idx read at the last edge
     * (pre-edge contents: read-before-write) */
    unsigned rd_idx_q;
    uint16_t rd_valid_q;
    cyc_tlb_tag rd_tag_q[CYC_MAX_WAYS];
    uint64_t rd_q[CYC_MAX_WAYS]; /* g_way[w].rd_q payload                            */
    /* the flush walk (FLUSH_EXACT) */
    bool fl_busy_q;              /* the walk reads set fl_idx_q this cycle           */
    unsigned fl_idx_q;           /* next set to read                                 */
    bool fl_cmp_q;               /* clear the covered entries of the read set        */
    bool fl_use_va_q, fl_use_asid_q;
} cyc_tlb_q;

typedef struct {
    bool hit;
    unsigned way;
    unsigned lvl;
    uint64_t ram;
    unsigned matches;            /* number of matching ways (assertion: <= 1)       */
} cyc_tlb_cmp;

typedef struct {
    unsigned idx, way;
    uint16_t inval;              /* ov ways other than the target                   */
    cyc_tlb_tag tag;
    uint64_t ram;
    bool replaced_valid;         /* the target held a valid entry                   */
} cyc_tlb_fill;

int cyc_tlb_alloc(const cyc_cfg *c, cyc_tlb_q *q);
void cyc_tlb_free(cyc_tlb_q *q);
void cyc_tlb_reset(const cyc_cfg *c, cyc_tlb_q *q);
/* Compare when s1 acts: read registers vs VA and ASID of the request. */
void cyc_tlb_compare(const cyc_cfg *c, const cyc_tlb_q *q, uint64_t va, uint32_t asid, cyc_tlb_cmp *o);
/* Set index of a VA: VPN[IDX_BITS-1:0]. */
static inline unsigned cyc_tlb_idx(const cyc_cfg *c, uint64_t va)
{
    return (unsigned)((va >> c->page_shift) & (c->sets - 1));
}
/* Edge: load the read registers for set idx (pre-edge array values). */
void cyc_tlb_read_commit(const cyc_cfg *c, cyc_tlb_q *q, unsigned idx);
/* Plan a fill from the read registers (the walker's own set, read in the
 * cycle before DONE) / apply it at the edge. */
struct cyc_repl_q;
void cyc_tlb_fill_plan(const cyc_cfg *c, const cyc_tlb_q *q, const struct cyc_repl_q *r,
                       uint64_t va, unsigned lvl, uint32_t asid, bool g, uint64_t ppn, unsigned perm,
                       cyc_tlb_fill *f);
void cyc_tlb_fill_commit(const cyc_cfg *c, cyc_tlb_q *q, const cyc_tlb_fill *f);
/* Step 0 on the FLUSH_VA operand (VA_PORT_BITS wide). */
bool cyc_tlb_flush_va_ok(const cyc_cfg *c, uint64_t flush_va);
/* The ways of the read registers that the flush walk clears this cycle
 * (rd_valid_q and covered, with the live FLUSH_VA / FLUSH_ASID). */
unsigned cyc_tlb_flush_cmp(const cyc_cfg *c, const cyc_tlb_q *q, uint64_t flush_va, uint32_t flush_asid);
/* Edge: clear every valid bit (flush all, escalation). */
void cyc_tlb_flush_all_commit(const cyc_cfg *c, cyc_tlb_q *q);

/* ---- mmu_tlb_repl -------------------------------------------------------- */
typedef struct cyc_repl_q {
    uint8_t *age_q;              /* LRU, FIFO: [set * ways + w]                      */
    uint16_t *tree_q;            /* PLRU: [set], bit n = tree node n (heap order)    */
    uint16_t lfsr_q;             /* random                                           */
} cyc_repl_q;
int cyc_repl_alloc(const cyc_cfg *c, cyc_repl_q *q);
void cyc_repl_free(cyc_repl_q *q);
void cyc_repl_reset(const cyc_cfg *c, cyc_repl_q *q);
unsigned cyc_repl_victim(const cyc_cfg *c, const cyc_repl_q *q, unsigned set);
/* Edge updates. */
void cyc_repl_hit_commit(const cyc_cfg *c, cyc_repl_q *q, unsigned set, unsigned way);
void cyc_repl_fill_commit(const cyc_cfg *c, cyc_repl_q *q, unsigned set, unsigned way);

/* ---- mmu_ptw ------------------------------------------------------------- */
typedef struct {
    unsigned state_q;
    uint64_t va_q;
    unsigned acc_q, priv_q;
    bool sum_q, mxr_q, adue_q;
    uint32_t asid_q;
    uint64_t first_addr_q;
    unsigned first_lvl_q;
    uint64_t addr_q;
    unsigned lvl_q;
    uint64_t pte_q;
    bool g_q, stale_q;
    unsigned cause_q;
    bool first_g_q;              /* PWC: g of the walk's (cached) start            */
    bool restarted_q;            /* PWC: the walk restarted: no more cache fills   */
} cyc_ptw_q;

/* CHECK: what the decode of pte_q at lvl_q decides (first match wins). */
enum { CYC_CHK_DONE = 0, CYC_CHK_POINTER = 1, CYC_CHK_CAS = 2 };
typedef struct {
    unsigned act;                /* CYC_CHK_*                                       */
    unsigned cause;              /* DONE: the fault, or NONE                        */
    bool g;                      /* POINTER: g_q | G                                */
    uint64_t ppn;                /* POINTER: ppn(pte_q), the next table             */
    uint64_t next_addr;          /* POINTER: {ppn(pte_q), vpn[lvl_q-1], 0}          */
    uint64_t wdata;              /* CAS: pte_q with A (and D if store) set          */
} cyc_ptw_chk;

/* Walker outputs (combinational from state_q and the registers). */
typedef struct {
    bool mem_req_valid, mem_req_we;
    uint64_t mem_req_addr, mem_req_wdata, mem_req_cmp;
    bool rsp_valid;
    unsigned rsp_cause, rsp_level;
    uint64_t rsp_pa;
    cyc_ptw_chk chk;             /* state CHECK only                                */
} cyc_ptw_out;

/* What the s1 stage hands the walker when to_ptw. */
typedef struct {
    uint64_t va;
    unsigned acc, priv;
    bool sum, mxr, adue;
    uint32_t asid;
    uint64_t first_addr;
    unsigned first_lvl;
    bool stale;
} cyc_ptw_start;

typedef struct {
    bool walk;                   /* WALKS event: start or CAS-mismatch restart     */
    bool cas;                    /* AD_UPDATES event: CAS request handshake         */
    bool fill;                   /* fill the TLB at this edge                       */
    bool pwc_fill;               /* fill the page-walk cache at this edge (pwc_fill) */
} cyc_ptw_ev;

/* ---- mmu_pwc (docs/rtl.md "Page-walk cache") ----------------------------- */
#define CYC_MAX_PWC 16
typedef struct {
    bool pwc_valid_q[CYC_MAX_PWC];
    unsigned pwc_lvl_q[CYC_MAX_PWC];
    uint64_t pwc_vpn_q[CYC_MAX_PWC];
    uint64_t pwc_ppn_q[CYC_MAX_PWC];
    bool pwc_g_q[CYC_MAX_PWC];
    unsigned pwc_next_q;
} cyc_pwc_q;
/* Lookup for a VA: the deepest matching entry's start (pwc_hit, pwc_addr,
 * pwc_lvl, pwc_g); hit false without a match or without a cache. */
typedef struct {
    bool hit;
    uint64_t addr;
    unsigned lvl;
    bool g;
} cyc_pwc_look;
void cyc_pwc_reset(cyc_pwc_q *q);
void cyc_pwc_lookup(const cyc_cfg *c, const cyc_pwc_q *q, uint64_t va, cyc_pwc_look *l);
/* Edge updates: a clear (pwc_clear) wins; a fill writes entry pwc_next_q. */
void cyc_pwc_clear_commit(cyc_pwc_q *q);
void cyc_pwc_fill_commit(const cyc_cfg *c, cyc_pwc_q *q, unsigned lvl, uint64_t va, uint64_t ppn, bool g);

void cyc_ptw_reset(cyc_ptw_q *q);
void cyc_ptw_outputs(const cyc_cfg *c, const cyc_perm_table *perm, const cyc_ptw_q *q, cyc_ptw_out *o);
/* The common cycle: IDLE and no walk to start. In the RTL the request
 * registers follow s1 every IDLE cycle; the model copies them only in the
 * IDLE cycle with to_ptw (cyc_ptw_next), which gives the same state
 * whenever it can be seen: nothing reads them in IDLE, and IDLE is only
 * left through a cycle with to_ptw, which copies them all. So the quiet
 * cycle commits nothing. */
static inline bool cyc_ptw_quiet(const cyc_ptw_q *q, bool to_ptw)
{
    return q->state_q == PTW_IDLE && !to_ptw;
}
/* Waiting for the memory port (RD_REQ/AD_REQ without mem_req_ready,
 * RD_WAIT/AD_WAIT without mem_rsp_valid): no event, and every register keeps
 * its value but stale (cyc_ptw_hold_commit). The other common cycle. */
static inline bool cyc_ptw_hold(const cyc_ptw_q *q, bool mem_req_ready, bool mem_rsp_valid)
{
    /* bit tests, no branch: the port signals are random under the latency models */
    unsigned s = q->state_q & 31u;
    unsigned wait_ready = (((1u << PTW_RD_REQ) | (1u << PTW_AD_REQ)) >> s) & 1u;
    unsigned wait_rsp = (((1u << PTW_RD_WAIT) | (1u << PTW_AD_WAIT)) >> s) & 1u;
    return (wait_ready & !mem_req_ready) | (wait_rsp & !mem_rsp_valid);
}
static inline void cyc_ptw_hold_commit(cyc_ptw_q *q, bool reg_event)
{
    q->stale_q = q->stale_q || reg_event;
}
/* o: this cycle's cyc_ptw_outputs (CHECK's decision). */
void cyc_ptw_next(const cyc_cfg *c, const cyc_ptw_q *q, const cyc_ptw_out *o,
                  bool to_ptw, const cyc_ptw_start *s1, const cyc_pwc_look *pwc, bool reg_event,
                  bool mem_req_ready, bool mem_rsp_valid, uint64_t mem_rsp_data, bool mem_rsp_err,
                  cyc_ptw_q *d, cyc_ptw_ev *ev);
/* PA of a leaf: compose(ppn, va, lvl) (docs/rtl.md), PA_BITS wide. */
static inline uint64_t cyc_compose(const cyc_cfg *c, uint64_t ppn, uint64_t va, unsigned lvl)
{
    uint64_t lo = c->lo_mask[lvl & 3u];
    return ((((ppn << c->page_shift) & ~lo) | (va & lo)) & c->pa_mask);
}

/* ---- mmu_top ------------------------------------------------------------- */
typedef struct {
    bool s1_valid_q;
    uint64_t s1_va_q;
    unsigned s1_acc_q, s1_priv_q;
    bool s1_tlb_q;
    uint64_t s1_pa_q;
    unsigned s1_cause_q, s1_level_q;
    uint32_t s1_asid_q;
    bool s1_sum_q, s1_mxr_q, s1_adue_q;
    uint64_t s1_first_addr_q;
    unsigned s1_first_lvl_q;
    bool s1_stale_q;
    bool s1_replay_q;            /* a held request re-reads the TLB (reset 0)       */
    unsigned s1_id_q;            /* ID_BITS > 0: the request's req_id               */
    unsigned ptw_id_q;           /* ID_BITS > 0: follows s1_id_q while the walker
                                    is idle: the walking request's ID              */
} cyc_top_q;

/* s2, the response register stage (HIT_STAGES = 2): s1's response of the
 * cycle before. (The RTL keeps the PA per way, gated by the match; only the
 * matching way's is ever non-zero, so one PA here is the same OR.) */
typedef struct {
    bool valid_q;                /* s2_valid_q (reset 0)                            */
    uint64_t pa_q;
    unsigned cause_q, level_q;
    bool hit_q;
} cyc_s2_q;

/* Everything combinational that depends only on the state (all outputs do). */
typedef struct {
    bool busy;                   /* ptw_busy                                        */
    bool go;                     /* s1_go: s1 acts this cycle                       */
    bool cmp_en, hit_rsp, to_ptw, req_ready, s1_rsp;
    bool park;                   /* ID_BITS > 0: a miss under a walk waits in s1    */
    bool ptw_port;               /* the walker takes the TLB read port              */
    cyc_tlb_cmp cmp;
    cyc_ptw_out ptw;             /* the walker's outputs and CHECK decision         */
    unsigned hit_set;            /* rd_idx_q of this cycle                          */
    unsigned hit_check;          /* perm table entry of the hit                     */
    uint32_t events;             /* state-only counter events of this cycle         */
    cyc_s2_q s1_answer;          /* s1's response this cycle (valid = s1_rsp)       */
    mmu_cycle_out out;
} cyc_comb;

struct mmu_cycle {
    cyc_cfg cfg;
    cyc_perm_table perm;
    cyc_top_q top;
    cyc_s2_q s2;
    cyc_regs_q regs;
    cyc_perf_q perf;
    cyc_tlb_q tlb;
    cyc_repl_q repl;
    cyc_ptw_q ptw;
    cyc_pwc_q pwc;
    bool comb_ok;                /* comb holds this cycle's values                  */
    cyc_comb comb;
    /* Assertion counters of docs/rtl.md "Assertions": test_cycle reads them,
     * mmu-cosim fails on the first (mmu_cycle_violations). */
    uint64_t assert_multi_hit, assert_hit_and_walk, assert_fill_in_flush, assert_miss_busy;
    uint64_t assert_fill_in_flush_walk, assert_accept_hold, assert_fill_set;
    uint64_t violations;         /* their sum                                       */
    const char *first_violation; /* name of the first one seen, NULL before        */
};

#endif
