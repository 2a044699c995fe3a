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

#define LFSR_RESET 0xACE1u

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
    for (unsigned s = 0; s < c->sets; s++)
        for (unsigned w = 0; w < c->ways; w++) q->age_q[(size_t)s * c->ways + w] = (uint8_t)w;
    memset(q->tree_q, 0, c->sets * sizeof *q->tree_q);
    q->lfsr_q = LFSR_RESET;
}

unsigned cyc_repl_victim(const cyc_cfg *c, const cyc_repl_q *q, unsigned set)
{
    switch (c->repl) {
    case MMU_REPL_LRU:
    case MMU_REPL_FIFO: {
        const uint8_t *age = &q->age_q[(size_t)set * c->ways];
        for (unsigned w = 0; w < c->ways; w++)
            if (age[w] == c->ways - 1) return w;
        return 0;   /* not a permutation: cannot happen from reset */
    }
    case MMU_REPL_PLRU: {
        unsigned tree = q->tree_q[set], node = 0, v = 0;
        for (unsigned d = 0; d < c->way_bits; d++) {
            unsigned b = (tree >> node) & 1u;
            v = (v << 1) | b;
            node = 2 * node + 1 + b;
        }
        return v;
    }
    default:
        return q->lfsr_q & (c->ways - 1);
    }
}

static void touch_age(const cyc_cfg *c, cyc_repl_q *q, unsigned set, unsigned way)
{
    uint8_t *age = &q->age_q[(size_t)set * c->ways], old = age[way];
    for (unsigned w = 0; w < c->ways; w++)
        if (age[w] < old) age[w]++;
    age[way] = 0;
}

static void touch_tree(const cyc_cfg *c, cyc_repl_q *q, unsigned set, unsigned way)
{
    unsigned tree = q->tree_q[set], node = 0;
    for (int d = (int)c->way_bits - 1; d >= 0; d--) {
        unsigned b = (way >> d) & 1u;
        tree = b ? tree & ~(1u << node) : tree | (1u << node);   /* node <- !w[d] */
        node = 2 * node + 1 + b;
    }
    q->tree_q[set] = (uint16_t)tree;
}

void cyc_repl_hit_commit(const cyc_cfg *c, cyc_repl_q *q, unsigned set, unsigned way)
{
    if (c->repl == MMU_REPL_LRU) touch_age(c, q, set, way);
    else if (c->repl == MMU_REPL_PLRU) touch_tree(c, q, set, way);
}

void cyc_repl_fill_commit(const cyc_cfg *c, cyc_repl_q *q, unsigned set, unsigned way)
{
    switch (c->repl) {
    case MMU_REPL_LRU:
    case MMU_REPL_FIFO: touch_age(c, q, set, way); break;
    case MMU_REPL_PLRU: touch_tree(c, q, set, way); break;
    default:
        q->lfsr_q = (uint16_t)((q->lfsr_q >> 1) ^ ((q->lfsr_q & 1u) ? 0xB400u : 0u));
        break;
    }
}
