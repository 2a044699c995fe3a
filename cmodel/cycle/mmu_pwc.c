/* mmu_pwc.c — the page-walk cache (docs/rtl.md "Page-walk cache (mmu_pwc)"):
 * PWC_ENTRIES pointer PTEs, fully associative, tagged by the VPN bits of the
 * levels at and above the cached pointer's. A walk starts below the deepest
 * match. Filled in CHECK of a pointer (FIFO, pwc_next_q), cleared whole by
 * every translation event but a FLUSH by VA (pwc_clear). */
#include "cycle_internal.h"

void cyc_pwc_reset(cyc_pwc_q *q)
{
    for (unsigned i = 0; i < CYC_MAX_PWC; i++) q->pwc_valid_q[i] = false;
    q->pwc_next_q = 0;
}

void cyc_pwc_lookup(const cyc_cfg *c, const cyc_pwc_q *q, uint64_t va, cyc_pwc_look *l)
{
    uint64_t vpn = (va >> c->page_shift) & c->vpn_mask;
    unsigned best = 0;
    l->hit = false;
    for (unsigned i = 0; i < c->pwc_entries; i++) {
        if (!q->pwc_valid_q[i] || ((q->pwc_vpn_q[i] ^ vpn) & c->lvl_mask[q->pwc_lvl_q[i] & 3u])) continue;
        /* deepest: the smallest level (at most one entry per level matches) */
        if (!l->hit || q->pwc_lvl_q[i] < q->pwc_lvl_q[best]) best = i;
        l->hit = true;
    }
    if (!l->hit) return;
    l->lvl = q->pwc_lvl_q[best] - 1;
    uint64_t vfield = (vpn >> (l->lvl * c->vpn_bits)) & cyc_mask(c->vpn_bits);
    l->addr = ((q->pwc_ppn_q[best] << c->page_shift) | (vfield << c->pte_log2)) & c->pa_mask;
    l->g = q->pwc_g_q[best];
}

void cyc_pwc_clear_commit(cyc_pwc_q *q)
{
    cyc_pwc_reset(q);
}

void cyc_pwc_fill_commit(const cyc_cfg *c, cyc_pwc_q *q, unsigned lvl, uint64_t va, uint64_t ppn, bool g)
{
    unsigned i = q->pwc_next_q;
    q->pwc_valid_q[i] = true;
    q->pwc_lvl_q[i] = lvl;
    q->pwc_vpn_q[i] = (va >> c->page_shift) & c->vpn_mask;
    q->pwc_ppn_q[i] = ppn & c->ppn_mask;
    q->pwc_g_q[i] = g;
    q->pwc_next_q = (i + 1) & (c->pwc_entries - 1);
}
