/* tlb_repl.c — the functional TLB's replacement state (docs/rtl.md
 * "Replacement (mmu_tlb_repl)"): LRU/FIFO ages, the PLRU tree and the random
 * LFSR per set, updated by the rules of mmu_repl.h, which the cycle model
 * shares. FIFO touches on fills only (an in-place refill counts as a new
 * insertion); the random LFSR may start from a configured seed. Fills take an
 * overlapping or invalid way first (tlb.c); the policies only choose in full
 * sets. Flushes leave the state alone. */
#include <stdint.h>
#include <stdlib.h>
#include "mmu_repl.h"
#include "tlb_internal.h"

int tlb_repl_init(mmu_tlb *t)
{
    size_t n = (size_t)t->cfg.sets * t->cfg.ways;
    t->rank = malloc(n);
    t->plru = calloc(t->cfg.sets, sizeof *t->plru);
    if (!t->rank || !t->plru) return -1;
    for (unsigned s = 0; s < t->cfg.sets; s++) mmu_repl_age_reset(&t->rank[(size_t)s * t->cfg.ways], t->cfg.ways);
    t->way_bits = 0;
    while ((1u << t->way_bits) < t->cfg.ways) t->way_bits++;
    t->last_touch = SIZE_MAX;
    t->lfsr = t->cfg.seed & 0xffffu ? t->cfg.seed & 0xffffu : MMU_REPL_LFSR_RESET;
    return 0;
}

void tlb_repl_done(mmu_tlb *t)
{
    free(t->rank);
    free(t->plru);
}

void tlb_repl_touch(mmu_tlb *t, unsigned set, unsigned way)
{
    t->last_touch = (size_t)set * t->cfg.ways + way;
    switch (t->cfg.repl) {
    case MMU_REPL_LRU:
    case MMU_REPL_FIFO: mmu_repl_age_touch(&t->rank[(size_t)set * t->cfg.ways], t->cfg.ways, way); break;
    case MMU_REPL_PLRU: t->plru[set] = mmu_repl_tree_touch(t->plru[set], t->way_bits, way); break;
    case MMU_REPL_RANDOM: t->lfsr = mmu_repl_lfsr_step((uint16_t)t->lfsr); break;
    }
}

unsigned tlb_repl_victim(const mmu_tlb *t, unsigned set)
{
    switch (t->cfg.repl) {
    case MMU_REPL_LRU:
    case MMU_REPL_FIFO: return mmu_repl_age_victim(&t->rank[(size_t)set * t->cfg.ways], t->cfg.ways);
    case MMU_REPL_PLRU: return mmu_repl_tree_victim(t->plru[set], t->way_bits);
    case MMU_REPL_RANDOM: return t->lfsr % t->cfg.ways;
    }
    return 0;
}
