/* tlb_repl.c — replacement state per set, docs/rtl.md "Replacement
 * (mmu_tlb_repl)", the rules of rtl/mmu_tlb_repl.v:
 *
 *   lru     age: a permutation of 0..ways-1 per set, reset age[w] = w; a
 *           touch (hit or fill) raises the ages below the way's and makes its
 *           age 0; the victim is the way of age ways-1
 *   plru    ways-1 tree bits per set in heap order (children of n: 2n+1,
 *           2n+2), reset 0; a touch (hit or fill) of w walks from the root
 *           taking child 2n+1+w[d] for bit d of w (msb first) and sets each
 *           node to !w[d]; the victim follows the bits (0 left, 1 right)
 *   fifo    the LRU age permutation, touched on fills only (an in-place
 *           refill counts as a new insertion): true insertion order
 *   random  one 16-bit Galois LFSR for the TLB, reset 0xACE1 (or the
 *           configured seed), lfsr <- (lfsr >> 1) ^ (lfsr[0] ? 0xB400 : 0)
 *           (x^16+x^14+x^13+x^11+1) on every fill; the victim is the LFSR's
 *           value during the fill mod ways (its low bits for the RTL's
 *           power-of-two ways)
 * Fills take an overlapping or invalid way first (tlb.c); the policies only
 * choose in full sets. Flushes leave the state alone. */
#include <stdint.h>
#include <stdlib.h>
#include "tlb_internal.h"

#define LFSR_RESET 0xACE1u

int tlb_repl_init(mmu_tlb *t)
{
    size_t n = (size_t)t->cfg.sets * t->cfg.ways;
    t->rank = malloc(n);
    t->plru = calloc((size_t)t->cfg.sets * (t->cfg.ways > 1 ? t->cfg.ways - 1 : 1), 1);
    if (!t->rank || !t->plru) return -1;
    for (size_t i = 0; i < n; i++) t->rank[i] = (uint8_t)(i % t->cfg.ways);
    t->last_touch = SIZE_MAX;
    t->lfsr = t->cfg.seed & 0xffffu ? t->cfg.seed & 0xffffu : LFSR_RESET;
    return 0;
}

void tlb_repl_done(mmu_tlb *t)
{
    free(t->rank);
    free(t->plru);
}

void tlb_repl_touch(mmu_tlb *t, unsigned set, unsigned way)
{
    unsigned ways = t->cfg.ways;
    t->last_touch = (size_t)set * ways + way;
    switch (t->cfg.repl) {
    case MMU_REPL_LRU:
    case MMU_REPL_FIFO: {
        uint8_t *r = &t->rank[(size_t)set * ways], old = r[way];
        for (unsigned w = 0; w < ways; w++)
            if (r[w] < old) r[w]++;
        r[way] = 0;
        break;
    }
    case MMU_REPL_PLRU: {
        uint8_t *b = &t->plru[(size_t)set * (ways - 1)];
        unsigned node = 0;
        for (unsigned d = ways >> 1; d; d >>= 1) {      /* bit d of w, msb first */
            unsigned bit = (way & d) != 0;
            b[node] = (uint8_t)!bit;
            node = 2 * node + 1 + bit;
        }
        break;
    }
    case MMU_REPL_RANDOM:
        t->lfsr = (t->lfsr >> 1) ^ ((t->lfsr & 1u) ? 0xB400u : 0u);
        break;
    }
}

unsigned tlb_repl_victim(const mmu_tlb *t, unsigned set)
{
    unsigned ways = t->cfg.ways;
    switch (t->cfg.repl) {
    case MMU_REPL_LRU:
    case MMU_REPL_FIFO: {
        const uint8_t *r = &t->rank[(size_t)set * ways];
        for (unsigned w = 0; w < ways; w++)
            if (r[w] == ways - 1) return w;
        return 0;
    }
    case MMU_REPL_PLRU: {
        const uint8_t *b = &t->plru[(size_t)set * (ways - 1)];
        unsigned node = 0, victim = 0;
        for (unsigned d = ways >> 1; d; d >>= 1) {
            unsigned bit = b[node] != 0;
            if (bit) victim |= d;
            node = 2 * node + 1 + bit;
        }
        return victim;
    }
    case MMU_REPL_RANDOM:
        return t->lfsr % ways;
    }
    return 0;
}
