/* tlb_repl.c — replacement state per set (docs/rtl.md, "TLB replacement").
 *
 *   lru     true LRU: each way has a rank, 0 = most recently used; a touch
 *           moves the way to rank 0 and ages the ways that were younger; the
 *           victim is the way of rank ways-1
 *   plru    tree-PLRU: ways-1 bits per set in heap order (node 0 the root,
 *           children of n are 2n+1, 2n+2); a bit 0 sends the victim search
 *           left, 1 right; a touch sets the bits on the way's path to point
 *           away from it
 *   fifo    true insertion order: the victim is the way filled longest ago
 *           (hits change nothing; overwriting an entry in place keeps its age)
 *   random  a 16-bit Fibonacci LFSR x^16+x^14+x^13+x^11+1, stepped once per
 *           victim choice; victim = lfsr mod ways
 * Fills always take an invalid way first (lowest index); the policies only
 * choose among full sets. */
#include <stdint.h>
#include <stdlib.h>
#include "tlb_internal.h"

#define LFSR_RESET 0xACE1u

int tlb_repl_init(mmu_tlb *t)
{
    size_t n = (size_t)t->cfg.sets * t->cfg.ways;
    t->rank = malloc(n);
    t->plru = calloc((size_t)t->cfg.sets * (t->cfg.ways > 1 ? t->cfg.ways - 1 : 1), 1);
    t->stamp = calloc(n, sizeof *t->stamp);
    if (!t->rank || !t->plru || !t->stamp) return -1;
    for (size_t i = 0; i < n; i++) t->rank[i] = (uint8_t)(i % t->cfg.ways);
    t->last_touch = SIZE_MAX;
    t->lfsr = t->cfg.seed & 0xffffu ? t->cfg.seed & 0xffffu : LFSR_RESET;
    return 0;
}

void tlb_repl_done(mmu_tlb *t)
{
    free(t->rank);
    free(t->plru);
    free(t->stamp);
}

void tlb_repl_touch(mmu_tlb *t, unsigned set, unsigned way)
{
    unsigned ways = t->cfg.ways;
    t->last_touch = (size_t)set * ways + way;
    switch (t->cfg.repl) {
    case MMU_REPL_LRU: {
        uint8_t *r = &t->rank[(size_t)set * ways], old = r[way];
        for (unsigned w = 0; w < ways; w++)
            if (r[w] < old) r[w]++;
        r[way] = 0;
        break;
    }
    case MMU_REPL_PLRU: {
        uint8_t *b = &t->plru[(size_t)set * (ways - 1)];
        unsigned node = 0, lo = 0, span = ways;
        while (span > 1) {
            span /= 2;
            bool right = way >= lo + span;
            b[node] = right ? 0 : 1;          /* point away from the touched way */
            node = 2 * node + (right ? 2 : 1);
            if (right) lo += span;
        }
        break;
    }
    default:
        break;
    }
}

void tlb_repl_filled(mmu_tlb *t, unsigned set, unsigned way)
{
    t->stamp[(size_t)set * t->cfg.ways + way] = ++t->fill_seq;
}

unsigned tlb_repl_victim(mmu_tlb *t, unsigned set)
{
    unsigned ways = t->cfg.ways;
    switch (t->cfg.repl) {
    case MMU_REPL_LRU: {
        const uint8_t *r = &t->rank[(size_t)set * ways];
        for (unsigned w = 0; w < ways; w++)
            if (r[w] == ways - 1) return w;
        return 0;
    }
    case MMU_REPL_PLRU: {
        const uint8_t *b = &t->plru[(size_t)set * (ways - 1)];
        unsigned node = 0, lo = 0, span = ways;
        while (span > 1) {
            span /= 2;
            bool right = b[node] != 0;
            node = 2 * node + (right ? 2 : 1);
            if (right) lo += span;
        }
        return lo;
    }
    case MMU_REPL_FIFO: {
        const uint64_t *s = &t->stamp[(size_t)set * ways];
        unsigned v = 0;
        for (unsigned w = 1; w < ways; w++)
            if (s[w] < s[v]) v = w;
        return v;
    }
    case MMU_REPL_RANDOM: {
        uint32_t l = t->lfsr;
        uint32_t bit = ((l >> 0) ^ (l >> 2) ^ (l >> 3) ^ (l >> 5)) & 1u;
        t->lfsr = (l >> 1) | (bit << 15);
        return t->lfsr % ways;
    }
    }
    return 0;
}
