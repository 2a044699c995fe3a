/* mmu_arch_parts.h — building blocks of mmu_translate, for models that
 * spread one translation over several clock cycles (the cycle model): PTE
 * classification and permission view, and the two segment modes. Using these
 * keeps a single copy of each rule (docs/translation.md); most code wants
 * mmu_translate / mmu_leaf_check from mmu_arch.h instead. */
#ifndef MMU_ARCH_PARTS_H
#define MMU_ARCH_PARTS_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_arch.h"

/* What a PTE is at a given level (docs/translation.md "PTE formats"). */
typedef enum {
    ARCH_PTE_INVALID,    /* V=0                                     */
    ARCH_PTE_RESERVED,   /* reserved encoding or reserved bits      */
    ARCH_PTE_POINTER,    /* points at the next-level table          */
    ARCH_PTE_LEAF        /* maps a page (or superpage)              */
} arch_pte_kind;

/* Permission view of a leaf, the same for every format. */
typedef struct {
    bool v, r, w, x, u, g, a, d;
    bool has_prot;       /* format has U/R/W/X (ostep-small has none)  */
    bool has_ad;         /* format has A/D                              */
} arch_pte_flags;

arch_pte_kind arch_pte_classify(const mmu_profile *p, uint64_t pte, int level);
arch_pte_flags arch_pte_flags_of(const mmu_profile *p, uint64_t pte);

/* Segment modes: VA already checked (step 0) and masked to va_bits. */
void arch_base_bounds(const mmu_profile *p, const mmu_regs *regs, uint64_t va,
                      mmu_access acc, mmu_priv priv, mmu_result *r, mmu_explain *ex);
void arch_segmentation(const mmu_profile *p, const mmu_regs *regs, uint64_t va,
                       mmu_access acc, mmu_priv priv, mmu_result *r, mmu_explain *ex);
#endif
