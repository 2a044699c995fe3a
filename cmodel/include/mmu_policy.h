/* mmu_policy.h — which resident page to evict, for the policies the OS layer
 * and OSTEP's paging-policy.py share (FIFO, LRU, OPT). One rule, used by the
 * OS layer's page-out (cmodel/os/swap.c) and by the OSTEP solver
 * (cmodel/ostep/paging_policy.c), so the homework answers follow from the same
 * code as the OS. CLOCK and RAND differ between the two (docs/ostep.md): the OS
 * sweeps a hand over the hardware A bits, OSTEP probes random slots. */
#ifndef MMU_POLICY_H
#define MMU_POLICY_H

#include <stdbool.h>
#include <stdint.h>

typedef enum { MMU_POLICY_FIFO, MMU_POLICY_LRU, MMU_POLICY_OPT } mmu_policy;

/* What a policy knows of a resident page: when it was brought in, last used,
 * and next used (UINT64_MAX or any value past the end: never again). */
typedef struct {
    uint64_t load_seq, last_use, next_use;
} mmu_policy_page;

/* Is a a better victim than b?  FIFO: loaded earlier. LRU: used less
 * recently. OPT: used later in the future; between pages never used again
 * (or used at the same time), the one loaded later — the choice OSTEP's
 * simulator makes, and as optimal as any. */
static inline bool mmu_policy_better(mmu_policy p, const mmu_policy_page *a, const mmu_policy_page *b)
{
    switch (p) {
    case MMU_POLICY_LRU: return a->last_use < b->last_use;
    case MMU_POLICY_OPT:
        return a->next_use > b->next_use || (a->next_use == b->next_use && a->load_seq > b->load_seq);
    default: return a->load_seq < b->load_seq;
    }
}

#endif
