/* pte.c — PTE formats and the leaf permission rules.
 *
 * docs/translation.md "PTE formats" and "Leaf checks". mmu_leaf_check and
 * mmu_leaf_needs_ad are the only implementation of the leaf rules: the walker
 * (walk.c) and every TLB model call them, so a TLB hit and a walk can never
 * disagree on a permission. */
#include <stdio.h>
#include "arch_internal.h"

#define BIT(v, n) ((((v) >> (n)) & 1u) != 0)

arch_pte_kind arch_pte_classify(const mmu_profile *p, uint64_t pte, int level)
{
    switch (p->pte_format) {
    case MMU_PTE_RISCV: {
        if (!BIT(pte, MMU_RV_V)) return ARCH_PTE_INVALID;
        /* Bits above the PPN (Sv39 63:54: N, PBMT, reserved) must be zero. */
        unsigned top = MMU_RV_PPN_LSB + p->ppn_bits, width = p->pte_bytes * 8;
        if (width > top && ((pte >> top) & arch_mask(width - top)) != 0) return ARCH_PTE_RESERVED;
        bool r = BIT(pte, MMU_RV_R), w = BIT(pte, MMU_RV_W), x = BIT(pte, MMU_RV_X);
        if (w && !r) return ARCH_PTE_RESERVED;             /* W=1 R=0, incl. W+X */
        if (r || x) return ARCH_PTE_LEAF;
        /* Pointer: D, A, U are reserved on a non-leaf. */
        if (BIT(pte, MMU_RV_D) || BIT(pte, MMU_RV_A) || BIT(pte, MMU_RV_U)) return ARCH_PTE_RESERVED;
        return ARCH_PTE_POINTER;
    }
    case MMU_PTE_OSTEP_LINEAR:
        if (!BIT(pte, MMU_OL_V)) return ARCH_PTE_INVALID;
        /* Bits 25:ppn_bits are reserved. */
        if (MMU_OL_D > p->ppn_bits && ((pte >> p->ppn_bits) & arch_mask(MMU_OL_D - p->ppn_bits)) != 0)
            return ARCH_PTE_RESERVED;
        return ARCH_PTE_LEAF;
    case MMU_PTE_OSTEP_SMALL:
        if (!BIT(pte, MMU_OS_V)) return ARCH_PTE_INVALID;
        return level > 0 ? ARCH_PTE_POINTER : ARCH_PTE_LEAF;
    }
    return ARCH_PTE_RESERVED;   /* unknown format: nothing in it can be trusted */
}

arch_pte_flags arch_pte_flags_of(const mmu_profile *p, uint64_t pte)
{
    arch_pte_flags f = {0};
    switch (p->pte_format) {
    case MMU_PTE_RISCV:
        f.v = BIT(pte, MMU_RV_V); f.r = BIT(pte, MMU_RV_R); f.w = BIT(pte, MMU_RV_W);
        f.x = BIT(pte, MMU_RV_X); f.u = BIT(pte, MMU_RV_U); f.g = BIT(pte, MMU_RV_G);
        f.a = BIT(pte, MMU_RV_A); f.d = BIT(pte, MMU_RV_D);
        f.has_prot = f.has_ad = true;
        break;
    case MMU_PTE_OSTEP_LINEAR:        /* negative-logic protection bits */
        f.v = BIT(pte, MMU_OL_V); f.r = true; f.w = !BIT(pte, MMU_OL_RO);
        f.x = !BIT(pte, MMU_OL_NX); f.u = !BIT(pte, MMU_OL_SUP);
        f.a = BIT(pte, MMU_OL_A); f.d = BIT(pte, MMU_OL_D);
        f.has_prot = f.has_ad = true;
        break;
    case MMU_PTE_OSTEP_SMALL:         /* no protection, no A/D */
        f.v = BIT(pte, MMU_OS_V); f.r = f.w = f.x = f.u = true;
        break;
    }
    return f;
}

bool mmu_pte_valid(const mmu_profile *p, uint64_t pte)
{
    return arch_pte_flags_of(p, pte).v;
}

bool mmu_pte_is_leaf(const mmu_profile *p, uint64_t pte, int level)
{
    return arch_pte_classify(p, pte, level) == ARCH_PTE_LEAF;
}

uint64_t mmu_pte_ppn(const mmu_profile *p, uint64_t pte)
{
    unsigned lsb = p->pte_format == MMU_PTE_RISCV ? MMU_RV_PPN_LSB : 0;
    return (pte >> lsb) & arch_mask(p->ppn_bits);
}

uint64_t mmu_pte_with_ad(const mmu_profile *p, uint64_t pte, mmu_access acc)
{
    switch (p->pte_format) {
    case MMU_PTE_RISCV:
        pte |= (uint64_t)1 << MMU_RV_A;
        if (acc == MMU_ACC_STORE) pte |= (uint64_t)1 << MMU_RV_D;
        break;
    case MMU_PTE_OSTEP_LINEAR:
        pte |= (uint64_t)1 << MMU_OL_A;
        if (acc == MMU_ACC_STORE) pte |= (uint64_t)1 << MMU_OL_D;
        break;
    case MMU_PTE_OSTEP_SMALL:
        break;
    }
    return pte;
}

bool mmu_leaf_needs_ad(const mmu_profile *p, uint64_t pte, mmu_access acc)
{
    arch_pte_flags f = arch_pte_flags_of(p, pte);
    if (!f.has_ad) return false;
    return !f.a || (acc == MMU_ACC_STORE && !f.d);
}

/* Leaf checks in the RISC-V priority: PRIV, then PROT, then A/D (Svade). */
mmu_cause mmu_leaf_check(const mmu_profile *p, const mmu_regs *regs,
                         uint64_t pte, mmu_access acc, mmu_priv priv)
{
    arch_pte_flags f = arch_pte_flags_of(p, pte);
    if (!f.has_prot) return MMU_CAUSE_NONE;
    /* 1. PRIV: user needs U; supervisor on a U page needs SUM, never for fetch. */
    if (priv == MMU_PRIV_USER) {
        if (!f.u) return MMU_CAUSE_PRIV;
    } else if (f.u && (acc == MMU_ACC_FETCH || !regs->sum)) {
        return MMU_CAUSE_PRIV;
    }
    /* 2. PROT: fetch X; load R, or X with MXR (loads only); store W. */
    bool ok;
    switch (acc) {
    case MMU_ACC_FETCH: ok = f.x; break;
    case MMU_ACC_LOAD: ok = f.r || (regs->mxr && f.x); break;
    case MMU_ACC_STORE: ok = f.w; break;
    default: ok = false; break;
    }
    if (!ok) return MMU_CAUSE_PROT;
    /* 3. A/D under Svade; under Svadu the walker sets them instead. */
    if (!regs->adue && f.has_ad && (!f.a || (acc == MMU_ACC_STORE && !f.d))) return MMU_CAUSE_AD;
    return MMU_CAUSE_NONE;
}

const char *mmu_pte_describe(const mmu_profile *p, uint64_t pte, char *buf, unsigned size)
{
    if (!buf || size == 0) return buf;
    arch_pte_flags f = arch_pte_flags_of(p, pte);
    if (!f.has_prot) {
        snprintf(buf, size, "%s", f.v ? "V" : "-");
    } else {
        snprintf(buf, size, "%c %c %c %c %c %c %c %c",
                 f.v ? 'V' : '-', f.r ? 'R' : '-', f.w ? 'W' : '-', f.x ? 'X' : '-',
                 f.u ? 'U' : '-', f.g ? 'G' : '-', f.a ? 'A' : '-', f.d ? 'D' : '-');
    }
    return buf;
}
