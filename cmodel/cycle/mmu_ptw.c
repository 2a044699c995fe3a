/* mmu_ptw.c — the walker FSM with Svadu compare-and-swap (docs/rtl.md
 * "Walker (mmu_ptw)").
 *
 * States IDLE 0, RD_REQ 1, RD_WAIT 2, CHECK 3, AD_REQ 4, AD_WAIT 5, DONE 6.
 * Every register keeps its value by default, except stale_d = stale_q |
 * reg_event. The walker only uses the values captured at acceptance (s1_*),
 * never the live registers. */
#include "cycle_internal.h"

void cyc_ptw_reset(cyc_ptw_q *q)
{
    *q = (cyc_ptw_q){0};
    q->state_q = PTW_IDLE;
}

/* RD_REQ, AD_REQ: the memory request; DONE: the response; every other
 * output 0. Selects rather than a switch: evaluated every cycle. */
void cyc_ptw_outputs(const cyc_cfg *c, const cyc_ptw_q *q, cyc_ptw_out *o)
{
    bool rd = q->state_q == PTW_RD_REQ, ad = q->state_q == PTW_AD_REQ, done = q->state_q == PTW_DONE;
    o->mem_req_valid = rd | ad;
    o->mem_req_we = ad;
    o->mem_req_addr = (rd | ad) ? q->addr_q : 0;
    o->mem_req_cmp = ad ? q->pte_q : 0;
    o->mem_req_wdata = 0;
    if (ad) o->mem_req_wdata = mmu_pte_with_ad(&c->p, q->pte_q, (mmu_access)cyc_acc_eff(q->acc_q)) & c->pte_mask;
    o->rsp_valid = done;
    o->rsp_cause = done ? q->cause_q : 0;
    o->rsp_level = done ? q->lvl_q & 7u : 0;
    o->rsp_pa = 0;
    if (done && q->cause_q == MMU_CAUSE_NONE)
        o->rsp_pa = cyc_compose(c, mmu_pte_ppn(&c->p, q->pte_q), q->va_q, q->lvl_q);
}

static void check(const cyc_cfg *c, const cyc_perm_table *perm, const cyc_ptw_q *q, cyc_ptw_q *d)
{
    cyc_pte_dec dec;
    cyc_pte_decode(c, q->pte_q, q->lvl_q, &dec);
    d->state_q = PTW_DONE;
    switch (dec.kind) {
    case CYC_PTE_FAULT:
        d->cause_q = dec.cause;
        return;
    case CYC_PTE_POINTER:
        d->g_q = q->g_q || dec.g;
        d->addr_q = ((dec.ppn << c->page_shift) +
                     mmu_va_vpn(&c->p, q->va_q, (int)q->lvl_q - 1) * c->pte_bytes) & c->pa_mask;
        d->lvl_q = q->lvl_q - 1;
        d->state_q = PTW_RD_REQ;
        return;
    case CYC_PTE_LEAF: {
        unsigned chk = cyc_perm_check(perm, dec.perm, q->acc_q, q->priv_q, q->sum_q, q->mxr_q);
        if ((chk & 0xfu) != MMU_CAUSE_NONE) d->cause_q = chk & 0xfu;      /* PRIV, PROT */
        else if (chk & CYC_PERM_AD) {
            if (q->adue_q) d->state_q = PTW_AD_REQ;
            else d->cause_q = MMU_CAUSE_AD;
        }
        return;
    }
    }
}

/* (cyc_ptw_quiet / cyc_ptw_quiet_commit, the IDLE-without-to_ptw row of the
 * table, are inline in cycle_internal.h for speed.) */
void cyc_ptw_next(const cyc_cfg *c, const cyc_perm_table *perm, const cyc_ptw_q *q,
                  bool to_ptw, const cyc_ptw_start *s1, bool reg_event,
                  bool mem_req_ready, bool mem_rsp_valid, uint64_t mem_rsp_data, bool mem_rsp_err,
                  cyc_ptw_q *d, cyc_ptw_ev *ev)
{
    *d = *q;
    ev->walk = ev->cas = ev->fill = false;
    d->stale_q = q->stale_q || reg_event;
    switch (q->state_q) {
    case PTW_IDLE:
        if (!to_ptw) {
            d->stale_q = false;
            break;
        }
        d->state_q = PTW_RD_REQ;
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
        d->cause_q = MMU_CAUSE_NONE;
        d->stale_q = s1->stale || reg_event;
        ev->walk = true;
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
        check(c, perm, q, d);
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
            d->g_q = false;
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
