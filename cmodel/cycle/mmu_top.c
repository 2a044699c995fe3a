/* mmu_top.c — mmu_top: parameters and elaboration checks, the s1 stage
 * (acceptance, hold and replay), the TLB read port's priority, the flush
 * command, the response mux, PA composition, counter events; and the public
 * API of mmu_cycle.h.
 *
 *   req_* --> mmu_seg --> [s1_*_q] ----------+--> compare, perm check --> response mux
 *   read port: flush walk > walker > replay > req_va --> [rd_*_q] --+        ^
 *   miss (to_ptw) --> mmu_ptw (copies s1_*) --> DONE: response, fill --------+
 *   s1 holds a request while the walker is busy; it replays its read, then acts.
 *
 * One cycle: mmu_cycle_eval computes the outputs, which depend on the state
 * only (docs/rtl.md: every output is a function of registers), and caches
 * the state-only combinational values; mmu_cycle_tick adds the
 * input-dependent ones (acceptance, the segment unit, register writes, the
 * walker's transitions), computes every module's next state from the
 * pre-edge state, then commits them all. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "cycle_internal.h"

/* One docs/rtl.md assertion failed this cycle: count it, remember the first. */
#define CYC_VIOLATE(m, name) \
    do { (m)->name++; if (!(m)->violations++) (m)->first_violation = #name + 7; } while (0)

/* ---- elaboration ---------------------------------------------------------- */

static bool pow2(unsigned v) { return v && !(v & (v - 1)); }
static unsigned log2u(unsigned v)
{
    unsigned n = 0;
    while ((1u << n) < v) n++;
    return n;
}

/* The parameter rules of docs/rtl.md "Parameters": what the RTL rejects at
 * elaboration (unsupported_parameter_* modules). */
static int cfg_check(const mmu_profile *p, mmu_error *err)
{
    const char *f = p->path;
#define BAD(...) return mmu_fail(err, f, 0, "mmu_cycle: unsupported parameter: " __VA_ARGS__)
    if (p->levels < 1 || p->levels > 4) BAD("LEVELS = %u (1..4)", p->levels);
    if (p->va_bits != p->page_shift + p->levels * p->vpn_bits)
        BAD("VA_BITS = %u, not PAGE_SHIFT + LEVELS*VPN_BITS = %u", p->va_bits, p->page_shift + p->levels * p->vpn_bits);
    if (p->va_port_bits < p->va_bits || p->va_port_bits > 64)
        BAD("VA_PORT_BITS = %u (VA_BITS %u .. 64)", p->va_port_bits, p->va_bits);
    if (p->va_sign_extend != 0 && p->va_sign_extend != 1) BAD("VA_SIGN_EXTEND = %d (0, 1)", p->va_sign_extend);
    if (p->pa_bits != p->page_shift + p->ppn_bits || p->pa_bits > 64)
        BAD("PA_BITS = %u, not PAGE_SHIFT + PPN_BITS = %u (<= 64)", p->pa_bits, p->page_shift + p->ppn_bits);
    if (p->seg_sel_bits < 1) BAD("SEG_SEL_BITS = %u (>= 1)", p->seg_sel_bits);
    if (p->seg_sel_bits >= p->va_bits || p->va_bits - p->seg_sel_bits <= p->page_shift)
        BAD("PAGE_SHIFT = %u: a segment (2^%d bytes) must be larger than a page", p->page_shift,
            (int)p->va_bits - (int)p->seg_sel_bits);
    if (!pow2(p->pte_bytes) || p->vpn_bits + log2u(p->pte_bytes) > p->page_shift)
        BAD("VPN_BITS + log2(PTE_BYTES) = %u > PAGE_SHIFT = %u", p->vpn_bits + log2u(p->pte_bytes), p->page_shift);
    switch (p->pte_format) {
    case MMU_PTE_RISCV:
        if (p->pte_bytes != 4 && p->pte_bytes != 8) BAD("PTE_FORMAT riscv needs PTE_BYTES 4 or 8, not %u", p->pte_bytes);
        if (10 + p->ppn_bits > 8 * p->pte_bytes) BAD("PPN_BITS = %u does not fit a %u-byte riscv PTE", p->ppn_bits, p->pte_bytes);
        break;
    case MMU_PTE_OSTEP_LINEAR:
        if (p->pte_bytes != 4 || p->levels != 1 || p->ppn_bits > 26)
            BAD("PTE_FORMAT ostep-linear needs 4-byte PTEs, 1 level, PPN_BITS <= 26");
        break;
    case MMU_PTE_OSTEP_SMALL:
        if (p->pte_bytes != 1 || p->ppn_bits > 7) BAD("PTE_FORMAT ostep-small needs 1-byte PTEs, PPN_BITS <= 7");
        break;
    default:
        BAD("PTE_FORMAT = %d", (int)p->pte_format);
    }
    if (p->asid_bits < 1 || p->asid_bits > 16) BAD("ASID_BITS = %u (1..16)", p->asid_bits);
    if (p->superpages != 0 && !(p->superpages == 1 && p->pte_format == MMU_PTE_RISCV))
        BAD("SUPERPAGES = %d (0, or 1 with riscv PTEs)", p->superpages);
    if (p->seg_count < 1 || p->seg_count > 16 || (p->seg_sel_bits < 5 && p->seg_count > (1u << p->seg_sel_bits)))
        BAD("SEG_COUNT = %u (1..16, <= 2^SEG_SEL_BITS)", p->seg_count);
    if (!pow2(p->tlb_sets) || p->tlb_sets < 2) BAD("TLB_SETS = %u (a power of two from 2)", p->tlb_sets);
    if (p->tlb_ways != 2 && p->tlb_ways != 4 && p->tlb_ways != 8 && p->tlb_ways != 16)
        BAD("TLB_WAYS = %u (2, 4, 8, 16)", p->tlb_ways);
    if ((unsigned)p->tlb_repl > MMU_REPL_RANDOM) BAD("TLB_REPL = %d (0..3)", (int)p->tlb_repl);
    if (p->counters > 64) BAD("CTR_BITS = %u (0..64)", p->counters);
    if (p->segmentation != 0 && p->segmentation != 1) BAD("SEGMENTATION = %d (0, 1)", p->segmentation);
    if (p->svadu != 0 && p->svadu != 1) BAD("SVADU = %d (0, 1)", p->svadu);
    if (p->flush_exact != 0 && p->flush_exact != 1) BAD("FLUSH_EXACT = %d (0, 1)", p->flush_exact);
    if (p->hit_stages != 1 && p->hit_stages != 2) BAD("HIT_STAGES = %u (1, 2)", p->hit_stages);
    if (p->pwc_entries && (p->pwc_entries > CYC_MAX_PWC || !pow2(p->pwc_entries) || p->pwc_entries < 2 || p->levels < 2))
        BAD("PWC_ENTRIES = %u (0, or 2, 4, 8, 16 with LEVELS >= 2)", p->pwc_entries);
    if (p->id_bits > 8) BAD("ID_BITS = %u (0..8)", p->id_bits);
    if (p->id_bits && p->hit_stages != 1) BAD("ID_BITS = %u needs HIT_STAGES = 1", p->id_bits);
#undef BAD
    return 0;
}

static void cfg_init(const mmu_profile *p, cyc_cfg *c)
{
    memset(c, 0, sizeof *c);
    c->p = *p;
    c->va_bits = p->va_bits;
    c->va_port_bits = p->va_port_bits;
    c->pa_bits = p->pa_bits;
    c->page_shift = p->page_shift;
    c->levels = p->levels;
    c->vpn_bits = p->vpn_bits;
    c->pte_bytes = p->pte_bytes;
    c->pte_bits = 8 * p->pte_bytes;
    c->ppn_bits = p->ppn_bits;
    c->asid_bits = p->asid_bits;
    c->seg_sel_bits = p->seg_sel_bits;
    c->seg_count = p->seg_count;
    c->off_bits = p->va_bits - p->seg_sel_bits;
    c->pte_format = (unsigned)p->pte_format;
    c->pte_log2 = log2u(p->pte_bytes);
    c->segmentation = p->segmentation != 0;
    c->svadu = p->svadu != 0;
    c->flush_exact = p->flush_exact != 0;
    c->s2_stage = p->hit_stages == 2;
    c->pwc_entries = p->pwc_entries;
    c->hum = p->id_bits > 0;
    c->id_mask = (unsigned)cyc_mask(p->id_bits);
    c->ctr_bits = p->counters;
    c->status_mask = c->svadu ? 7u : 3u;
    c->va_sign_extend = p->va_sign_extend != 0;
    c->superpages = p->superpages != 0;
    c->sets = p->tlb_sets;
    c->ways = p->tlb_ways;
    c->idx_bits = log2u(p->tlb_sets);
    c->way_bits = log2u(p->tlb_ways);
    c->repl = (unsigned)p->tlb_repl;
    c->va_mask = cyc_mask(p->va_bits);
    c->va_port_mask = cyc_mask(p->va_port_bits);
    c->pa_mask = cyc_mask(p->pa_bits);
    c->pte_mask = cyc_mask(c->pte_bits);
    c->ppn_mask = cyc_mask(p->ppn_bits);
    c->asid_mask = cyc_mask(p->asid_bits);
    c->bound_mask = cyc_mask(p->va_bits + 1);
    c->vpn_mask = cyc_mask(p->va_bits - p->page_shift);
    for (unsigned l = 0; l < 4; l++) {
        unsigned low = l * p->vpn_bits;
        c->lvl_mask[l] = c->vpn_mask & ~cyc_mask(low);
        c->lo_mask[l] = cyc_mask(p->page_shift + low);
    }
    c->ctr_mask = cyc_mask(c->ctr_bits);
    c->config0 = (uint64_t)(p->va_bits & 0xff) | (uint64_t)(p->pa_bits & 0xff) << 8 |
                 (uint64_t)(p->page_shift & 0xff) << 16 | (uint64_t)(p->levels & 0xff) << 24 |
                 (uint64_t)(p->vpn_bits & 0xff) << 32 | (uint64_t)(c->idx_bits & 0xff) << 40 |
                 (uint64_t)(p->tlb_ways & 0xff) << 48 | (uint64_t)((unsigned)p->tlb_repl & 0xf) << 56 |
                 (uint64_t)((unsigned)p->pte_format & 0xf) << 60;
    c->config1 = (uint64_t)(p->va_port_bits & 0xff) | (uint64_t)(p->ppn_bits & 0xff) << 8 |
                 (uint64_t)(p->asid_bits & 0xff) << 16 | (uint64_t)(p->seg_sel_bits & 0xff) << 24 |
                 (uint64_t)(p->seg_count & 0xff) << 32 | (uint64_t)(p->pte_bytes & 0xff) << 40 |
                 (uint64_t)(p->va_sign_extend & 1) << 48 | (uint64_t)(p->superpages & 1) << 49 |
                 (uint64_t)c->segmentation << 50 | (uint64_t)c->svadu << 51 | (uint64_t)c->flush_exact << 52 |
                 (uint64_t)c->s2_stage << 53 | (uint64_t)c->hum << 54 | (uint64_t)(c->pwc_entries != 0) << 55 |
                 (uint64_t)(c->ctr_bits & 0xff) << 56;
}

/* ---- reset ---------------------------------------------------------------- */

static void reset_all(mmu_cycle *m)
{
    const cyc_cfg *c = &m->cfg;
    m->top.s1_valid_q = false;       /* the other s1_* fields are not reset */
    m->top.s1_replay_q = false;
    m->s2.valid_q = false;           /* the other s2 fields are not reset */
    cyc_regs_reset(c, &m->regs);
    cyc_perf_reset(&m->perf);
    cyc_tlb_reset(c, &m->tlb);
    cyc_repl_reset(c, &m->repl);
    cyc_ptw_reset(&m->ptw);
    cyc_pwc_reset(&m->pwc);
    m->comb_ok = false;
}

mmu_cycle *mmu_cycle_new(const mmu_profile *p, mmu_error *err)
{
    if (!p) {
        mmu_fail(err, "", 0, "mmu_cycle_new: no profile");
        return NULL;
    }
    if (cfg_check(p, err)) return NULL;
    mmu_cycle *m = calloc(1, sizeof *m);
    if (!m) {
        mmu_fail(err, "", 0, "mmu_cycle_new: out of memory");
        return NULL;
    }
    cfg_init(p, &m->cfg);
    cyc_regs_bind(&m->cfg, &m->regs, &m->perf);
    if (cyc_tlb_alloc(&m->cfg, &m->tlb) || cyc_repl_alloc(&m->cfg, &m->repl)) {
        mmu_cycle_free(m);
        mmu_fail(err, "", 0, "mmu_cycle_new: out of memory");
        return NULL;
    }
    if (cyc_perm_build(&m->cfg, &m->perm)) {
        mmu_cycle_free(m);
        mmu_fail(err, p->path, 0, "mmu_cycle_new: leaf checks of format %s depend on more than {d,a,u,x,w,r}",
                 mmu_pte_format_name(p->pte_format));
        return NULL;
    }
    /* The RTL's state is undefined until a reset; the model starts from the
     * reset values (every register zero otherwise). */
    reset_all(m);
    return m;
}

void mmu_cycle_free(mmu_cycle *m)
{
    if (!m) return;
    cyc_tlb_free(&m->tlb);
    cyc_repl_free(&m->repl);
    free(m);
}

/* ---- combinational: state only ---------------------------------------------- */

static void comb_state(mmu_cycle *m)
{
    const cyc_cfg *c = &m->cfg;
    const cyc_top_q *t = &m->top;
    cyc_comb *k = &m->comb;
    mmu_cycle_out *o = &k->out;

    /* every term a register: req_ready_o never depends on this cycle's hit.
     * Hit under miss (docs/rtl.md): s1 acts during a walk but in DONE; the
     * walker takes the read port in CHECK and AD_WAIT only. */
    unsigned ps = m->ptw.state_q;
    k->busy = ps != PTW_IDLE;
    bool done_s = ps == PTW_DONE;
    bool fl_free = !m->tlb.fl_busy_q && !m->tlb.fl_cmp_q;
    if (c->hum) {
        k->ptw_port = ps == PTW_CHECK || ps == PTW_AD_WAIT;
        k->req_ready = fl_free && !t->s1_replay_q && !(t->s1_valid_q && k->busy) && !k->ptw_port && !done_s;
        k->go = t->s1_valid_q && !t->s1_replay_q && !done_s;
    } else {
        k->ptw_port = k->busy;
        k->req_ready = fl_free && !k->busy && !t->s1_replay_q;
        k->go = t->s1_valid_q && !k->busy && !t->s1_replay_q;
    }
    k->cmp_en = k->go && t->s1_tlb_q;
    k->hit_set = m->tlb.rd_idx_q;
    k->hit_rsp = false;
    k->hit_check = 0;
    if (k->cmp_en) {
        cyc_tlb_compare(c, &m->tlb, t->s1_va_q, t->s1_asid_q, &k->cmp);
        if (k->cmp.matches > 1) CYC_VIOLATE(m, assert_multi_hit);
        if (k->cmp.hit) {
            k->hit_check = cyc_perm_check(&m->perm, cyc_ram_perm(k->cmp.ram), t->s1_acc_q, t->s1_priv_q,
                                          t->s1_sum_q, t->s1_mxr_q);
            /* a hit needing A/D is handled as a miss (the walker re-reads the PTE) */
            k->hit_rsp = (k->hit_check & 0xfu) != MMU_CAUSE_NONE || !(k->hit_check & CYC_PERM_AD);
        }
    } else {
        k->cmp.hit = false;
        k->cmp.matches = 0;
    }
    k->park = k->cmp_en && !k->hit_rsp && k->busy;     /* ID_BITS > 0 only (go needs !busy otherwise) */
    if (k->go && done_s) CYC_VIOLATE(m, assert_miss_busy);
    k->to_ptw = k->cmp_en && !k->hit_rsp && !k->busy;
    k->s1_rsp = k->go && (!t->s1_tlb_q || k->hit_rsp);

    cyc_ptw_out *po = &k->ptw;
    cyc_ptw_outputs(c, &m->perm, &m->ptw, po);

    /* s1's response (the outputs with HIT_STAGES = 1, s2's next value with 2) */
    cyc_s2_q *a = &k->s1_answer;
    memset(a, 0, sizeof *a);
    if (k->s1_rsp) {
        a->valid_q = true;
        if (!t->s1_tlb_q) {
            a->cause_q = t->s1_cause_q;
            a->level_q = t->s1_level_q;
            a->pa_q = t->s1_cause_q == MMU_CAUSE_NONE ? t->s1_pa_q & c->pa_mask : 0;
        } else {
            a->cause_q = k->hit_check & 0xfu;
            a->level_q = k->cmp.lvl;
            a->pa_q = a->cause_q == MMU_CAUSE_NONE
                          ? cyc_compose(c, cyc_ram_ppn(k->cmp.ram), t->s1_va_q, k->cmp.lvl) : 0;
            a->hit_q = true;
        }
    }
    const cyc_s2_q *r = c->s2_stage ? &m->s2 : a;   /* the s1 answer leaving now */

    o->req_ready = k->req_ready;
    o->rsp_valid = false;
    o->rsp_pa = 0;
    o->rsp_cause = 0;
    o->rsp_level = 0;
    o->rsp_hit = false;
    o->rsp_id = 0;
    if (r->valid_q) {
        if (po->rsp_valid) CYC_VIOLATE(m, assert_hit_and_walk);
        o->rsp_valid = true;
        o->rsp_cause = r->cause_q;
        o->rsp_level = r->level_q;
        o->rsp_pa = r->pa_q;
        o->rsp_hit = r->hit_q;
        o->rsp_id = t->s1_id_q & c->id_mask;
    } else if (po->rsp_valid) {
        o->rsp_valid = true;
        o->rsp_cause = po->rsp_cause;
        o->rsp_level = po->rsp_level;
        o->rsp_pa = po->rsp_pa;
        o->rsp_id = t->ptw_id_q & c->id_mask;
    }
    o->rsp_fault = o->rsp_cause != MMU_CAUSE_NONE;
    o->mem_req_valid = po->mem_req_valid;
    o->mem_req_addr = po->mem_req_addr;
    o->mem_req_we = po->mem_req_we;
    o->mem_req_wdata = po->mem_req_wdata;
    o->mem_req_cmp = po->mem_req_cmp;
    o->reg_rdata = m->regs.rdata_q;

    uint32_t ev = 0;
    if (k->cmp_en && !k->park) ev |= 1u << CYC_CTR_LOOKUPS;
    if (k->hit_rsp) ev |= 1u << CYC_CTR_HITS;
    if (k->to_ptw) ev |= 1u << CYC_CTR_MISSES;
    if (k->busy) ev |= 1u << CYC_CTR_WALK_CYCLES;
    if (o->rsp_valid) ev |= 1u << (CYC_CTR_CAUSE0 + o->rsp_cause);
    k->events = ev;
    m->comb_ok = true;
}

void mmu_cycle_eval(mmu_cycle *m, const mmu_cycle_in *in, mmu_cycle_out *out)
{
    (void)in;   /* no output depends on this cycle's inputs */
    if (!m->comb_ok) comb_state(m);
    *out = m->comb.out;
}

/* ---- the rising edge ------------------------------------------------------ */

void mmu_cycle_tick(mmu_cycle *m, const mmu_cycle_in *in)
{
    const cyc_cfg *c = &m->cfg;
    if (!m->comb_ok) comb_state(m);
    if (in->rst) {
        reset_all(m);
        return;
    }
    const cyc_comb *k = &m->comb;
    const cyc_top_q *t = &m->top;
    cyc_tlb_q *tlb = &m->tlb;

    /* Inputs, masked to the port widths. */
    uint64_t req_va = in->req_va & c->va_port_mask;
    unsigned req_acc = in->req_acc & 3u, req_priv = in->req_priv & 1u;

    /* ---- phase d: every decision from the pre-edge state ---- */
    bool accept = in->req_valid && k->req_ready;
    bool hold = t->s1_valid_q && (!k->go || k->park);   /* s1_hold */
    if (accept && hold) CYC_VIOLATE(m, assert_accept_hold);
    cyc_regs_wr wr;
    cyc_regs_decode(c, in->reg_we, in->reg_addr, in->reg_wdata, &wr);
    uint64_t rdata_d = cyc_regs_read(&m->regs, in->reg_addr);

    cyc_top_q s1d;                 /* loaded only when accept */
    if (accept) {
        cyc_seg_out seg;
        cyc_seg_eval(c, &m->regs, req_va, req_acc, req_priv, &seg);
        s1d.s1_va_q = req_va & c->va_mask;
        s1d.s1_acc_q = req_acc;
        s1d.s1_priv_q = req_priv;
        s1d.s1_tlb_q = !seg.done;
        s1d.s1_pa_q = seg.pa;
        s1d.s1_cause_q = seg.cause;
        s1d.s1_level_q = seg.level;
        s1d.s1_asid_q = m->regs.asid_q;
        s1d.s1_sum_q = cyc_regs_sum(&m->regs);
        s1d.s1_mxr_q = cyc_regs_mxr(&m->regs);
        s1d.s1_adue_q = cyc_regs_adue(&m->regs);
        if (m->regs.mode_q == MMU_MODE_HYBRID) {
            s1d.s1_first_addr_q = seg.hyb_addr;
            s1d.s1_first_lvl_q = 0;
        } else {
            /* {PTBASE, vpn[LEVELS-1], PTE_LOG2'b0}: the root table page-aligned */
            uint64_t vpn_top = (req_va >> (c->page_shift + (c->levels - 1) * c->vpn_bits)) & cyc_mask(c->vpn_bits);
            s1d.s1_first_addr_q = ((m->regs.ptbase_q << c->page_shift) | (vpn_top << c->pte_log2)) & c->pa_mask;
            s1d.s1_first_lvl_q = c->levels - 1;
        }
        s1d.s1_stale_q = wr.event;
        s1d.s1_valid_q = true;
        s1d.s1_replay_q = false;
        s1d.s1_id_q = in->req_id & c->id_mask;
    }

    cyc_ptw_q ptw_d;
    cyc_ptw_ev pev = {false, false, false, false};
    bool ptw_quiet = cyc_ptw_quiet(&m->ptw, k->to_ptw);
    bool ptw_hold = !ptw_quiet && cyc_ptw_hold(&m->ptw, in->mem_req_ready, in->mem_rsp_valid);
    bool ptw_to_done = false;
    if (!ptw_quiet && !ptw_hold) {
        cyc_ptw_start st = {
            .va = t->s1_va_q, .acc = t->s1_acc_q, .priv = t->s1_priv_q, .sum = t->s1_sum_q,
            .mxr = t->s1_mxr_q, .adue = t->s1_adue_q, .asid = t->s1_asid_q,
            .first_addr = t->s1_first_addr_q, .first_lvl = t->s1_first_lvl_q, .stale = t->s1_stale_q,
        };
        /* the walker's IDLE cycle looks its VA up in the page-walk cache */
        cyc_pwc_look pl = {false, 0, 0, false};
        if (c->pwc_entries && m->ptw.state_q == PTW_IDLE) cyc_pwc_lookup(c, &m->pwc, t->s1_va_q, &pl);
        cyc_ptw_next(c, &m->ptw, &k->ptw, k->to_ptw, &st, &pl, wr.event, in->mem_req_ready, in->mem_rsp_valid,
                     in->mem_rsp_data, in->mem_rsp_err, &ptw_d, &pev);
        ptw_to_done = ptw_d.state_q == PTW_DONE;
    }

    /* Flush: a command while a flush walk runs, or a write to its operands,
     * escalates to flush-all and ends the walk; otherwise (x0,x0), or any
     * command without FLUSH_EXACT, is flush-all in this cycle, and the other
     * kinds start the walk. A use_va command whose FLUSH_VA fails step 0
     * flushes nothing (no walk either). */
    bool fl_active = tlb->fl_busy_q | tlb->fl_cmp_q;
    bool fl_esc = false, fl_all = false, fl_start = false, use_va = false, use_asid = false;
    unsigned fl_set = tlb->rd_idx_q, fl_kill = 0;
    if (__builtin_expect(fl_active | wr.flush, 0)) {      /* rare: skipped in most cycles */
        fl_esc = fl_active && (wr.flush || wr.flush_opnd);
        use_va = wr.wdata & 1u;
        use_asid = (wr.wdata >> 1) & 1u;
        fl_all = fl_esc;
        if (wr.flush && !fl_active && (!use_va || cyc_tlb_flush_va_ok(c, m->regs.flush_va_q))) {
            if ((!use_va && !use_asid) || !c->flush_exact) fl_all = true;
            else fl_start = true;
        }
        /* the walk's compare on the set read last cycle, with the live operands */
        if (tlb->fl_cmp_q && !fl_esc) fl_kill = cyc_tlb_flush_cmp(c, tlb, m->regs.flush_va_q, m->regs.flush_asid_q);
    }

    cyc_tlb_fill fill;
    if (pev.fill) {
        const cyc_ptw_q *w = &m->ptw;
        if (wr.flush) CYC_VIOLATE(m, assert_fill_in_flush);
        if (fl_active) CYC_VIOLATE(m, assert_fill_in_flush_walk);
        if (tlb->rd_idx_q != cyc_tlb_idx(c, w->va_q)) CYC_VIOLATE(m, assert_fill_set);
        bool g = w->g_q || arch_pte_flags_of(&c->p, w->pte_q).g;
        cyc_tlb_fill_plan(c, tlb, &m->repl, w->va_q, w->lvl_q, w->asid_q, g,
                          mmu_pte_ppn(&c->p, w->pte_q), cyc_pte_perm(c, w->pte_q), &fill);
    }

    /* The read port (docs/rtl.md "The TLB read port"): the set of the first
     * true line of the priority table. The read registers are only ever used
     * in the cycle right after they were loaded (compare when s1 acts, fill
     * in DONE, flush compare), so the model loads them only at the edges
     * where the next cycle can use them: a flush walk read, the walker's
     * read before DONE, a replay, an acceptance. */
    unsigned rd_idx = 0;
    bool rd_load;
    if (tlb->fl_busy_q) {
        rd_idx = tlb->fl_idx_q;
        rd_load = true;
    } else if (k->ptw_port) {
        rd_idx = cyc_tlb_idx(c, m->ptw.va_q);
        rd_load = ptw_to_done;
    } else if (t->s1_replay_q) {
        rd_idx = cyc_tlb_idx(c, t->s1_va_q);
        rd_load = true;
    } else {
        rd_idx = cyc_tlb_idx(c, req_va);
        rd_load = accept;
    }

    uint32_t events = k->events;
    if (pev.walk) events |= 1u << CYC_CTR_WALKS;
    if (pev.cas) events |= 1u << CYC_CTR_AD_UPDATES;
    if (wr.flush) events |= 1u << CYC_CTR_FLUSHES;

    /* ---- phase edge: commit ---- */
    if (rd_load) cyc_tlb_read_commit(c, tlb, rd_idx);             /* pre-edge contents */
    if (pev.fill) {
        cyc_tlb_fill_commit(c, tlb, &fill);
        cyc_repl_fill_commit(c, &m->repl, fill.idx, fill.way);
    }
    if (__builtin_expect(fl_active | wr.flush, 0)) {
        if (fl_kill) tlb->valid_q[fl_set] = (uint16_t)(tlb->valid_q[fl_set] & ~fl_kill);
        if (fl_all) cyc_tlb_flush_all_commit(c, tlb);
        if (fl_esc) {
            tlb->fl_busy_q = false;
            tlb->fl_cmp_q = false;
        } else if (fl_active) {
            bool busy_q = tlb->fl_busy_q;
            if (busy_q) {
                tlb->fl_busy_q = tlb->fl_idx_q != c->sets - 1;
                tlb->fl_idx_q = (tlb->fl_idx_q + 1) & (c->sets - 1);
            }
            tlb->fl_cmp_q = busy_q;
        } else if (fl_start) {
            tlb->fl_busy_q = true;
            tlb->fl_idx_q = 0;
            tlb->fl_use_va_q = use_va;
            tlb->fl_use_asid_q = use_asid;
        }
    }
    if (k->hit_rsp) cyc_repl_hit_commit(c, &m->repl, k->hit_set, k->cmp.way);

    bool replay_d = (hold && k->busy) || (t->s1_replay_q && fl_active);
    unsigned ptw_id_d = k->busy ? t->ptw_id_q : t->s1_id_q;   /* follows s1 while the walker is idle */
    if (accept) m->top = s1d;
    else if (hold) m->top.s1_stale_q = t->s1_stale_q || wr.event;
    m->top.ptw_id_q = ptw_id_d;
    m->top.s1_valid_q = accept || hold;
    m->top.s1_replay_q = replay_d;
    m->s2 = k->s1_answer;

    /* the page-walk cache: cleared by every translation event but a FLUSH by
     * VA (pwc_clear), else filled by CHECK of a pointer (from the walker's
     * pre-edge registers) */
    if (c->pwc_entries) {
        if (wr.event && !(wr.flush && (wr.wdata & 1u))) cyc_pwc_clear_commit(&m->pwc);
        else if (pev.pwc_fill)
            cyc_pwc_fill_commit(c, &m->pwc, m->ptw.lvl_q, m->ptw.va_q, k->ptw.chk.ppn, k->ptw.chk.g);
    }
    if (ptw_hold) cyc_ptw_hold_commit(&m->ptw, wr.event);
    else if (!ptw_quiet) m->ptw = ptw_d;
    cyc_regs_commit(c, &m->regs, &wr, rdata_d);
    if (c->ctr_bits) cyc_perf_commit(c, &m->perf, events, wr.ctr_clear);
    m->comb_ok = false;
}

/* ---- signals and introspection --------------------------------------------- */

static uint64_t g_req_ready(const mmu_cycle_out *o) { return o->req_ready; }
static uint64_t g_rsp_valid(const mmu_cycle_out *o) { return o->rsp_valid; }
static uint64_t g_rsp_pa(const mmu_cycle_out *o) { return o->rsp_pa; }
static uint64_t g_rsp_fault(const mmu_cycle_out *o) { return o->rsp_fault; }
static uint64_t g_rsp_cause(const mmu_cycle_out *o) { return o->rsp_cause; }
static uint64_t g_rsp_level(const mmu_cycle_out *o) { return o->rsp_level; }
static uint64_t g_rsp_hit(const mmu_cycle_out *o) { return o->rsp_hit; }
static uint64_t g_rsp_id(const mmu_cycle_out *o) { return o->rsp_id; }
static uint64_t g_mem_req_valid(const mmu_cycle_out *o) { return o->mem_req_valid; }
static uint64_t g_mem_req_addr(const mmu_cycle_out *o) { return o->mem_req_addr; }
static uint64_t g_mem_req_we(const mmu_cycle_out *o) { return o->mem_req_we; }
static uint64_t g_mem_req_wdata(const mmu_cycle_out *o) { return o->mem_req_wdata; }
static uint64_t g_mem_req_cmp(const mmu_cycle_out *o) { return o->mem_req_cmp; }
static uint64_t g_reg_rdata(const mmu_cycle_out *o) { return o->reg_rdata; }

#define NSIG 14u
enum { W_PA = 0xfe, W_PTE = 0xff, W_ID = 0xfd };   /* width placeholders */
static const mmu_cycle_signal sig_proto[NSIG] = {
    {"req_ready_o", 1, g_req_ready},
    {"rsp_valid_o", 1, g_rsp_valid},
    {"rsp_pa_o", W_PA, g_rsp_pa},
    {"rsp_fault_o", 1, g_rsp_fault},
    {"rsp_cause_o", 4, g_rsp_cause},
    {"rsp_level_o", 3, g_rsp_level},
    {"rsp_hit_o", 1, g_rsp_hit},
    {"rsp_id_o", W_ID, g_rsp_id},
    {"mem_req_valid_o", 1, g_mem_req_valid},
    {"mem_req_addr_o", W_PA, g_mem_req_addr},
    {"mem_req_we_o", 1, g_mem_req_we},
    {"mem_req_wdata_o", W_PTE, g_mem_req_wdata},
    {"mem_req_cmp_o", W_PTE, g_mem_req_cmp},
    {"reg_rdata_o", 64, g_reg_rdata},
};
/* One list per (PA_BITS, PTE_BYTES, rsp_id_o width 1..8): the pointer stays
 * valid for the program's life, whatever other profiles are asked for later. */
static mmu_cycle_signal sig_tab[65][4][8][NSIG];
static atomic_int sig_ready;

const mmu_cycle_signal *mmu_cycle_signals(const mmu_profile *p, unsigned *count)
{
    if (!atomic_load_explicit(&sig_ready, memory_order_acquire)) {
        for (unsigned pa = 0; pa <= 64; pa++)
            for (unsigned b = 0; b < 4; b++)
                for (unsigned w = 0; w < 8; w++)
                    for (unsigned i = 0; i < NSIG; i++) {
                        mmu_cycle_signal s = sig_proto[i];
                        if (s.width == W_PA) s.width = pa;
                        else if (s.width == W_PTE) s.width = 8u << b;
                        else if (s.width == W_ID) s.width = w + 1;
                        sig_tab[pa][b][w][i] = s;
                    }
        atomic_store_explicit(&sig_ready, 1, memory_order_release);
    }
    if (count) *count = NSIG;
    unsigned pa = p && p->pa_bits <= 64 ? p->pa_bits : 64;
    unsigned b = p ? log2u(p->pte_bytes ? p->pte_bytes : 1) : 3;
    unsigned w = p && p->id_bits > 1 ? (p->id_bits > 8 ? 8 : p->id_bits) : 1;   /* ID_W = max(ID_BITS, 1) */
    return sig_tab[pa][b > 3 ? 3 : b][w - 1];
}

uint64_t mmu_cycle_violations(const mmu_cycle *m, const char **first)
{
    if (first) *first = m->first_violation;
    return m->violations;
}

void mmu_cycle_inspect(const mmu_cycle *m, mmu_cycle_view *v)
{
    memset(v, 0, sizeof *v);
    v->ptw_state = m->ptw.state_q;
    v->walking = m->ptw.state_q != PTW_IDLE;
    for (unsigned s = 0; s < CYC_CTR_SLOTS; s++) v->counters[s] = m->perf.ctr_q[s];
    v->counter_count = CYC_CTR_CAUSE0 + MMU_CAUSE_COUNT;
}
