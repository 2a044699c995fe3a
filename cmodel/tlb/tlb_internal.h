/* tlb_internal.h — the TLB model's state (not public).
 *
 *   tlb.c       entries: lookup, fill, flush (mmu_tlb.h)
 *   tlb_repl.c  replacement state per set: LRU, tree-PLRU, FIFO, LFSR random,
 *               the rules of docs/rtl.md
 */
#ifndef TLB_INTERNAL_H
#define TLB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_tlb.h"

struct mmu_tlb {
    mmu_tlb_config cfg;
    unsigned set_mask;
    uint64_t va_mask;
    mmu_tlb_entry *e;          /* sets * ways, set-major                     */
    uint64_t nsuper;           /* valid entries larger than the base page     */
    /* replacement state */
    uint8_t *rank;             /* LRU, FIFO: age per way (rtl age_q)          */
    uint16_t *plru;            /* PLRU: per set, ways-1 tree bits (tree_q)    */
    unsigned way_bits;         /* log2(ways) for PLRU                         */
    uint32_t lfsr;             /* random: lfsr_q                              */
    size_t last_touch;         /* set * ways + way of the last touch: touching
                                  it again changes no LRU/PLRU state           */
    mmu_tlb_stats st;
    /* fills: permission tables by PTE flag bits (tlb.c perm_table) */
#define TLB_MEMO 16
    const mmu_profile *memo_prof;
    uint64_t memo_key[TLB_MEMO], memo_allow[TLB_MEMO];
    bool memo_valid[TLB_MEMO];
};

int tlb_repl_init(mmu_tlb *t);
void tlb_repl_done(mmu_tlb *t);
/* The replacement update for (set, way): after every fill (all policies;
 * random steps its LFSR) and every answered hit (LRU, PLRU only: callers
 * check tlb_repl_on_hit). */
void tlb_repl_touch(mmu_tlb *t, unsigned set, unsigned way);
static inline bool tlb_repl_on_hit(const mmu_tlb *t)
{
    return t->cfg.repl == MMU_REPL_LRU || t->cfg.repl == MMU_REPL_PLRU;
}
/* The victim of a set, from the state as it is (before this fill's update). */
unsigned tlb_repl_victim(const mmu_tlb *t, unsigned set);

#endif
