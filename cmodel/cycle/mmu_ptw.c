/* mmu_ptw.c — the walker FSM with Svadu compare-and-swap (docs/rtl.md
 * "Walker (mmu_ptw)").
 *
 *   IDLE --to_ptw--> RD_REQ --ready--> RD_WAIT --rsp--> CHECK
 *                      ^                  ^               |  pointer: next read issued
 *                      |                  +---- ready ----+  in CHECK (RD_WAIT, or RD_REQ
 *                      +------------- !ready -------------+  without mem_req_ready)
 *   CHECK leaf needing A/D, ADUE: CAS issued in CHECK --> AD_WAIT (or AD_REQ --ready--> AD_WAIT)
 *   AD_WAIT --rsp--> DONE, or on a mismatch RD_REQ from the first PTE again
 *   CHECK fault / leaf, RD_WAIT / AD_WAIT bus error --> DONE --> IDLE (fill)
 *
 * States IDLE 0, RD_REQ 1, RD_WAIT 2, CHECK 3, AD_REQ 4, AD_WAIT 5, DONE 6.
 * Every register keeps its value by default, except stale_d = stale_q |
 * reg_event. The walker only uses the values captured at acceptance (s1_*),
 * or, on a page-walk cache hit in IDLE, the cached start below the hit
 * level (mmu_pwc.c; a CAS restart starts there again and fills no entry),
 * never the live registers. */
#include "cycle_internal.h"

void cyc_ptw_reset(cyc_ptw_q *q)
{
    *q = (cyc_ptw_q){0};
    q->state_q = PTW_IDLE;
}

/* CHECK: decode pte_q at lvl_q, first match wins: invalid, reserved,
 * no-leaf (a fault, DONE); pointer (next read); misaligned, PRIV, PROT
 * (DONE); A/D needed: CAS with ADUE, AD fault without; else DONE. */
static void check(const cyc_cfg *c, const cyc_perm_table *perm, const cyc_ptw_q *q, cyc_ptw_chk *k)
{
    cyc_pte_dec dec;
    cyc_pte_decode(c, q->pte_q, q->lvl_q, &dec);
    k->act = CYC_CHK_DONE;
    k->cause = MMU_CAUSE_NONE;
    k->g = false;
    k->next_addr = 0;
    k->ppn = 0;
    k->wdata = 0;
    switch (dec.kind) {
    case CYC_PTE_FAULT:
        k->cause = dec.cause;
        return;
    case CYC_PTE_POINTER: {
        /* next_addr = {ppn(pte_q), vpn[lvl_q-1], PTE_LOG2'b0}, the table
         * page-aligned: ppn at PAGE_SHIFT, the VPN field at PTE_LOG2 (no
         * adder: VPN_BITS + PTE_LOG2 <= PAGE_SHIFT) */
        uint64_t vpn = (q->va_q >> (c->page_shift + (q->lvl_q - 1) * c->vpn_bits)) & cyc_mask(c->vpn_bits);
        k->act = CYC_CHK_POINTER;
        k->g = q->g_q || dec.g;
        k->ppn = dec.ppn;
        k->next_addr = ((dec.ppn << c->page_shift) | (vpn << c->pte_log2)) & c->pa_mask;
        return;
    }
    case CYC_PTE_LEAF: {
        unsigned chk = cyc_perm_check(perm, dec.perm, q->acc_q, q->priv_q, q->sum_q, q->mxr_q);
        if ((chk & 0xfu) != MMU_CAUSE_NONE) k->cause = chk & 0xfu;        /* PRIV, PROT */
        else if (chk & CYC_PERM_AD) {
            if (q->adue_q) {
                k->act = CYC_CHK_CAS;
                k->wdata = mmu_pte_with_ad(&c->p, q->pte_q, (mmu_access)cyc_acc_eff(q->acc_q)) & c->pte_mask;
            } else {
                k->cause = MMU_CAUSE_AD;
            }
        }
        return;
    }
    }
}

/* RD_REQ, AD_REQ and CHECK (pointer: the next read; CAS): the memory
 * request; DONE: the response; every other output 0. */
void cyc_ptw_outputs(const cyc_cfg *c, const cyc_perm_table *perm, const cyc_ptw_q *q, cyc_ptw_out *o)
{
    unsigned s = q->state_q;
    o->mem_req_valid = false;
    o->mem_req_we = false;
    o->mem_req_addr = 0;
    o->mem_req_cmp = 0;
    o->mem_req_wdata = 0;
    o->rsp_valid = false;
    o->rsp_cause = 0;
    o->rsp_level = 0;
    o->rsp_pa = 0;
    o->chk.act = CYC_CHK_DONE;
    switch (s) {
    case PTW_IDLE:
    case PTW_RD_WAIT:
    case PTW_AD_WAIT:
        return;
    case PTW_RD_REQ:
        o->mem_req_valid = true;
        o->mem_req_addr = q->addr_q;
        return;
    case PTW_CHECK:
        check(c, perm, q, &o->chk);
        if (o->chk.act == CYC_CHK_POINTER) {
            o->mem_req_valid = true;
            o->mem_req_addr = o->chk.next_addr;
        } else if (o->chk.act == CYC_CHK_CAS) {
            o->mem_req_valid = true;
            o->mem_req_we = true;
            o->mem_req_addr = q->addr_q;
            o->mem_req_cmp = q->pte_q;
            o->mem_req_wdata = o->chk.wdata;
        }
        return;
    case PTW_AD_REQ:
        o->mem_req_valid = true;
        o->mem_req_we = true;
        o->mem_req_addr = q->addr_q;
        o->mem_req_cmp = q->pte_q;
        o->mem_req_wdata = mmu_pte_with_ad(&c->p, q->pte_q, (mmu_access)cyc_acc_eff(q->acc_q)) & c->pte_mask;
        return;
    case PTW_DONE:
        o->rsp_valid = true;
        o->rsp_cause = q->cause_q;
        o->rsp_level = q->lvl_q & 7u;
        if (q->cause_q == MMU_CAUSE_NONE)
            o->rsp_pa = cyc_compose(c, mmu_pte_ppn(&c->p, q->pte_q), q->va_q, q->lvl_q);
        return;
    default:
        return;
    }
}

/* (cyc_ptw_quiet, the IDLE-without-to_ptw row of the table, is inline in
 * cycle_internal.h.) */
void cyc_ptw_next(const cyc_cfg *c, const cyc_ptw_q *q, const cyc_ptw_out *o,
                  bool to_ptw, const cyc_ptw_start *s1, const cyc_pwc_look *pwc, bool reg_event,
                  bool mem_req_ready, bool mem_rsp_valid, uint64_t mem_rsp_data, bool mem_rsp_err,
                  cyc_ptw_q *d, cyc_ptw_ev *ev)
{
    *d = *q;
    ev->walk = ev->cas = ev->fill = ev->pwc_fill = false;
    d->stale_q = q->stale_q || reg_event;
    switch (q->state_q) {
    case PTW_IDLE:
        /* the request registers follow s1 (unconditionally in the RTL) */
        d->va_q = s1->va;
        d->acc_q = s1->acc;
        d->priv_q = s1->priv;
        d->sum_q = s1->sum;
        d->mxr_q = s1->mxr;
        d->adue_q = s1->adue;
        d->asid_q = s1->asid;
        d->first_addr_q = s1->first_addr;
        d->first_lvl_q = s1->first_lvl;
        d->addr_q = s1->first_addr;
        d->lvl_q = s1->first_lvl;
        d->g_q = false;
        if (pwc->hit) {   /* start below the cached levels (a restart does too) */
            d->first_addr_q = d->addr_q = pwc->addr;
            d->first_lvl_q = d->lvl_q = pwc->lvl;
            d->g_q = pwc->g;
        }
        d->first_g_q = d->g_q;
        d->restarted_q = false;
        d->cause_q = MMU_CAUSE_NONE;
        d->stale_q = s1->stale || reg_event;
        if (to_ptw) {
            d->state_q = PTW_RD_REQ;
            ev->walk = true;
        }
        break;
    case PTW_RD_REQ:
        if (mem_req_ready) d->state_q = PTW_RD_WAIT;
        break;
    case PTW_RD_WAIT:
        if (!mem_rsp_valid) break;
        if (mem_rsp_err) {
            d->cause_q = MMU_CAUSE_ACCESS;
            d->state_q = PTW_DONE;
        } else {
            d->pte_q = mem_rsp_data & c->pte_mask;
            d->state_q = PTW_CHECK;
        }
        break;
    case PTW_CHECK:
        switch (o->chk.act) {
        case CYC_CHK_POINTER:
            d->g_q = o->chk.g;
            d->addr_q = o->chk.next_addr;
            d->lvl_q = q->lvl_q - 1;
            d->state_q = mem_req_ready ? PTW_RD_WAIT : PTW_RD_REQ;
            ev->pwc_fill = c->pwc_entries && !q->stale_q && !reg_event && !q->restarted_q;
            break;
        case CYC_CHK_CAS:
            d->state_q = mem_req_ready ? PTW_AD_WAIT : PTW_AD_REQ;
            ev->cas = mem_req_ready;
            break;
        default:
            d->cause_q = o->chk.cause;
            d->state_q = PTW_DONE;
            break;
        }
        break;
    case PTW_AD_REQ:
        if (mem_req_ready) {
            d->state_q = PTW_AD_WAIT;
            ev->cas = true;
        }
        break;
    case PTW_AD_WAIT:
        if (!mem_rsp_valid) break;
        if (mem_rsp_err) {
            d->cause_q = MMU_CAUSE_ACCESS;
            d->state_q = PTW_DONE;
        } else if ((mem_rsp_data & c->pte_mask) == q->pte_q) {
            d->pte_q = mmu_pte_with_ad(&c->p, q->pte_q, (mmu_access)cyc_acc_eff(q->acc_q)) & c->pte_mask;
            d->state_q = PTW_DONE;
        } else {
            d->addr_q = q->first_addr_q;
            d->lvl_q = q->first_lvl_q;
            d->g_q = q->first_g_q;
            d->restarted_q = true;
            d->state_q = PTW_RD_REQ;
            ev->walk = true;
        }
        break;
    case PTW_DONE:
        d->state_q = PTW_IDLE;
        ev->fill = q->cause_q == MMU_CAUSE_NONE && !q->stale_q && !reg_event;
        break;
    default:
        d->state_q = PTW_IDLE;
        break;
    }
}
