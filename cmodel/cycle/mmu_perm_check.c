/* mmu_perm_check.c — the leaf checks PRIV, PROT and "A/D needed"
 * (docs/rtl.md "Leaf checks"), used identically by the hit path (on a TLB
 * entry's {d,a,u,x,w,r}) and by the walker (on pte_q).
 *
 * No second copy of the rules: at elaboration (mmu_cycle_new) a table over
 * every {d,a,u,x,w,r} x access x privilege x SUM x MXR is filled by asking the
 * arch layer (mmu_leaf_check with ADUE=1, which reports PRIV or PROT first,
 * and mmu_leaf_needs_ad) about a PTE of the profile's format that decodes to
 * those bits. Per-cycle use is one table read. */
#include <string.h>
#include "cycle_internal.h"

/* Candidate PTEs: every combination of the format's flag bits. */
static uint64_t candidate(const cyc_cfg *c, unsigned k)
{
    switch (c->pte_format) {
    case MMU_PTE_OSTEP_LINEAR: return (uint64_t)k << 24;    /* bits 31:24 hold V RO NX SUP A D */
    default: return k;                                       /* riscv 7:0, ostep-small 7:0 */
    }
}

int cyc_perm_build(const cyc_cfg *c, cyc_perm_table *t)
{
    memset(t, 0, sizeof *t);
    bool seen[64] = {false};
    for (unsigned k = 0; k < 256; k++) {
        uint64_t pte = candidate(c, k);
        if (!mmu_pte_valid(&c->p, pte)) continue;
        unsigned perm = cyc_pte_perm(c, pte);
        for (unsigned acc = 0; acc < 4; acc++)
            for (unsigned priv = 0; priv < 2; priv++)
                for (unsigned sum = 0; sum < 2; sum++)
                    for (unsigned mxr = 0; mxr < 2; mxr++) {
                        mmu_regs r;
                        memset(&r, 0, sizeof r);
                        r.mode = MMU_MODE_PAGING;
                        r.sum = sum;
                        r.mxr = mxr;
                        r.adue = true;          /* A/D is reported separately */
                        mmu_access a = (mmu_access)cyc_acc_eff(acc);
                        unsigned v = (unsigned)mmu_leaf_check(&c->p, &r, pte, a, (mmu_priv)priv);
                        if (mmu_leaf_needs_ad(&c->p, pte, a)) v |= CYC_PERM_AD;
                        unsigned i = (((perm * 4 + acc) * 2 + priv) * 2 + sum) * 2 + mxr;
                        /* The rules read only the decoded bits: every PTE with
                         * the same {d,a,u,x,w,r} must give the same answer. */
                        if (seen[perm] && t->t[i] != v) return -1;
                        t->t[i] = (uint8_t)v;
                    }
        seen[perm] = true;
    }
    return 0;
}
