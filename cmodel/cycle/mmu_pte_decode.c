/* mmu_pte_decode.c — combinational PTE decode at a level (docs/rtl.md
 * "Decode of pte_q"), first match wins: invalid, reserved, no-leaf, pointer,
 * misaligned, leaf.
 *
 * The formats are the arch layer's (arch_pte_classify, arch_pte_flags_of,
 * mmu_pte_ppn): this file only maps them onto the walker's decisions, adding
 * the two level-dependent rules the arch layer keeps in its walk loop
 * (leaf above level 0 without superpages = reserved; superpage alignment). */
#include "cycle_internal.h"

unsigned cyc_pte_perm(const cyc_cfg *c, uint64_t pte)
{
    arch_pte_flags f = arch_pte_flags_of(&c->p, pte);
    return (unsigned)f.r | (unsigned)f.w << 1 | (unsigned)f.x << 2 | (unsigned)f.u << 3 |
           (unsigned)f.a << 4 | (unsigned)f.d << 5;
}

void cyc_pte_decode(const cyc_cfg *c, uint64_t pte, unsigned lvl, cyc_pte_dec *o)
{
    o->kind = CYC_PTE_FAULT;
    o->cause = MMU_CAUSE_NONE;
    o->ppn = mmu_pte_ppn(&c->p, pte);
    o->perm = 0;
    o->g = false;
    switch (arch_pte_classify(&c->p, pte, (int)lvl)) {
    case ARCH_PTE_INVALID:
        o->cause = MMU_CAUSE_PTE_INVALID;
        return;
    case ARCH_PTE_RESERVED:
        o->cause = MMU_CAUSE_PTE_RESERVED;
        return;
    case ARCH_PTE_POINTER:
        if (lvl == 0) {
            o->cause = MMU_CAUSE_NO_LEAF;
            return;
        }
        o->kind = CYC_PTE_POINTER;
        o->g = arch_pte_flags_of(&c->p, pte).g;
        return;
    case ARCH_PTE_LEAF:
        if (lvl > 0 && !c->superpages) {
            o->cause = MMU_CAUSE_PTE_RESERVED;
            return;
        }
        if (lvl > 0 && (o->ppn & cyc_mask(lvl * c->vpn_bits)) != 0) {
            o->cause = MMU_CAUSE_MISALIGNED;
            return;
        }
        o->kind = CYC_PTE_LEAF;
        o->perm = cyc_pte_perm(c, pte);
        o->g = arch_pte_flags_of(&c->p, pte).g;
        return;
    }
}
