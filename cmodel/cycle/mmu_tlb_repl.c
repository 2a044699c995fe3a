/* mmu_tlb_repl.c — replacement state and victim (docs/rtl.md "Replacement
 * (mmu_tlb_repl)"): updated at the end of a fill (every policy) or of an
 * answered hit (LRU, PLRU); the victim is read from the state during the
 * fill cycle.
 *
 *   LRU (0)    age_q: per set WAYS ages, a permutation; reset age[w] = w;
 *              touch(w): ages < age[w] +1, age[w] = 0; victim: age WAYS-1
 *   PLRU (1)   tree_q: per set WAYS-1 bits in heap order; reset 0;
 *              touch(w): from the root, for bit d = msb..0 of w, node <- !w[d],
 *              go to child 2n+1+w[d]; victim: follow the bits
 *   FIFO (2)   age_q as LRU, touched on fills only
 *   random (3) lfsr_q: one 16-bit LFSR, reset 0xACE1, steps on every fill;
 *              victim lfsr_q[log2(WAYS)-1:0]
 */
#include <stdlib.h>
#include <string.h>
#include "cycle_internal.h"
#include "mmu_repl.h"

/* ---- the rules, one set at a time (mmu_repl.h; also used by cmodel/tlb) ---- */

void mmu_repl_age_reset(uint8_t *age, unsigned ways)
{
    for (unsigned w = 0; w < ways; w++) age[w] = (uint8_t)w;
}

void mmu_repl_age_touch(uint8_t *age, unsigned ways, unsigned way)
{
    uint8_t old = age[way];
    for (unsigned w = 0; w < ways; w++)
        if (age[w] < old) age[w]++;
    age[way] = 0;
}

unsigned mmu_repl_age_victim(const uint8_t *age, unsigned ways)
{
    for (unsigned w = 0; w < ways; w++)
        if (age[w] == ways - 1) return w;
    return 0;   /* not a permutation: cannot happen from reset */
}

uint16_t mmu_repl_tree_touch(uint16_t tree, unsigned way_bits, unsigned way)
{
    unsigned t = tree, node = 0;
    for (int d = (int)way_bits - 1; d >= 0; d--) {
        unsigned b = (way >> d) & 1u;
        t = b ? t & ~(1u << node) : t | (1u << node);   /* node <- !w[d] */
        node = 2 * node + 1 + b;
    }
    return (uint16_t)t;
}

unsigned mmu_repl_tree_victim(uint16_t tree, unsigned way_bits)
{
    unsigned node = 0, v = 0;
    for (unsigned d = 0; d < way_bits; d++) {
        unsigned b = (tree >> node) & 1u;
        v = (v << 1) | b;
        node = 2 * node + 1 + b;
    }
    return v;
}

/* ---- the module's state: age_q, tree_q and lfsr_q for every set ---------- */

int cyc_repl_alloc(const cyc_cfg *c, cyc_repl_q *q)
{
    memset(q, 0, sizeof *q);
    q->age_q = calloc((size_t)c->sets * c->ways, 1);
    q->tree_q = calloc(c->sets, sizeof *q->tree_q);
    return q->age_q && q->tree_q ? 0 : -1;
}

void cyc_repl_free(cyc_repl_q *q)
{
    free(q->age_q);
    free(q->tree_q);
}

void cyc_repl_reset(const cyc_cfg *c, cyc_repl_q *q)
{
    for (unsigned s = 0; s < c->sets; s++) mmu_repl_age_reset(&q->age_q[(size_t)s * c->ways], c->ways);
    memset(q->tree_q, 0, c->sets * sizeof *q->tree_q);
    q->lfsr_q = MMU_REPL_LFSR_RESET;
}

unsigned cyc_repl_victim(const cyc_cfg *c, const cyc_repl_q *q, unsigned set)
{
    switch (c->repl) {
    case MMU_REPL_LRU:
    case MMU_REPL_FIFO: return mmu_repl_age_victim(&q->age_q[(size_t)set * c->ways], c->ways);
    case MMU_REPL_PLRU: return mmu_repl_tree_victim(q->tree_q[set], c->way_bits);
    default: return q->lfsr_q & (c->ways - 1);
    }
}

void cyc_repl_hit_commit(const cyc_cfg *c, cyc_repl_q *q, unsigned set, unsigned way)
{
    if (c->repl == MMU_REPL_LRU) mmu_repl_age_touch(&q->age_q[(size_t)set * c->ways], c->ways, way);
    else if (c->repl == MMU_REPL_PLRU) q->tree_q[set] = mmu_repl_tree_touch(q->tree_q[set], c->way_bits, way);
}

void cyc_repl_fill_commit(const cyc_cfg *c, cyc_repl_q *q, unsigned set, unsigned way)
{
    switch (c->repl) {
    case MMU_REPL_LRU:
    case MMU_REPL_FIFO: mmu_repl_age_touch(&q->age_q[(size_t)set * c->ways], c->ways, way); break;
    case MMU_REPL_PLRU: q->tree_q[set] = mmu_repl_tree_touch(q->tree_q[set], c->way_bits, way); break;
    default: q->lfsr_q = mmu_repl_lfsr_step(q->lfsr_q); break;
    }
}
