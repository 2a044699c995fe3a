/* mmu_repl.h — the TLB replacement rules of docs/rtl.md ("Replacement
 * (mmu_tlb_repl)"), one set at a time. The single implementation: the cycle
 * model (cmodel/cycle/mmu_tlb_repl.c) and the functional TLB of `mmu-ref run`
 * (cmodel/tlb/) both call these, so their victims cannot drift apart.
 *
 *   LRU, FIFO  age[w]: a permutation of 0..ways-1, reset age[w] = w; a touch
 *              raises the ages below age[way] and makes age[way] 0; the
 *              victim is the way of age ways-1 (FIFO touches on fills only)
 *   PLRU       ways-1 tree bits in heap order (children of n: 2n+1, 2n+2),
 *              reset 0; a touch of w walks from the root taking child
 *              2n+1+w[d] for bit d of w (msb first), setting each node to
 *              !w[d]; the victim follows the bits (0 left, 1 right)
 *   random     one 16-bit Galois LFSR, reset 0xACE1, stepped on every fill:
 *              lfsr <- (lfsr >> 1) ^ (lfsr[0] ? 0xB400 : 0); the victim is
 *              its value during the fill mod ways
 */
#ifndef MMU_REPL_H
#define MMU_REPL_H

#include <stdint.h>

#define MMU_REPL_LFSR_RESET 0xACE1u
#define MMU_REPL_MAX_PLRU_WAYS 16    /* the tree fits a uint16_t */

void mmu_repl_age_reset(uint8_t *age, unsigned ways);
void mmu_repl_age_touch(uint8_t *age, unsigned ways, unsigned way);
unsigned mmu_repl_age_victim(const uint8_t *age, unsigned ways);

uint16_t mmu_repl_tree_touch(uint16_t tree, unsigned way_bits, unsigned way);
unsigned mmu_repl_tree_victim(uint16_t tree, unsigned way_bits);

static inline uint16_t mmu_repl_lfsr_step(uint16_t lfsr)
{
    return (uint16_t)((lfsr >> 1) ^ ((lfsr & 1u) ? 0xB400u : 0u));
}

#endif
