/* arch.c — mmu_translate: the entry point, step 0 and bare mode.
 *
 * docs/translation.md is the rule book; each mode lives in its own file
 * (segment.c, walk.c). The fast path (ex == NULL) allocates nothing and
 * formats nothing. */
#include <inttypes.h>
#include "arch_internal.h"

uint64_t mmu_va_mask(const mmu_profile *p) { return arch_mask(p->va_bits); }

/* Step 0: with va_sign_extend the bits above va_bits-1 copy bit va_bits-1
 * (Sv39 canonical form), otherwise they are zero. Bits above va_port_bits
 * are held to the same rule: a value that does not fit the port is never
 * silently truncated. */
bool mmu_va_in_range(const mmu_profile *p, uint64_t va)
{
    if (p->va_bits == 0 || p->va_bits >= 64) return true;
    if (!p->va_sign_extend) return (va >> p->va_bits) == 0;
    uint64_t top = va >> (p->va_bits - 1);                 /* bit va_bits-1 and up */
    return top == 0 || top == (~(uint64_t)0 >> (p->va_bits - 1));
}

uint64_t mmu_va_vpn(const mmu_profile *p, uint64_t va, int level)
{
    unsigned shift = p->page_shift + (unsigned)level * p->vpn_bits;
    return shift >= 64 ? 0 : (va >> shift) & arch_mask(p->vpn_bits);
}

static void translate_bare(const mmu_profile *p, uint64_t va, mmu_result *r, mmu_explain *ex)
{
    EXPLAIN(ex, "VA 0x%" PRIx64 " (%" PRIu64 "): bare, PA = VA", va, va);
    if (p->pa_bits < 64 && (va >> p->pa_bits) != 0) {
        EXPLAIN(ex, "PA 0x%" PRIx64 " >= 2^%u (physical address space): out of range", va, p->pa_bits);
        arch_fault(r, MMU_CAUSE_ACCESS, -1);
        return;
    }
    r->pa = va;
}

mmu_result mmu_translate(const mmu_profile *p, const mmu_regs *regs,
                         const mmu_mem *mem, uint64_t va, mmu_access acc,
                         mmu_priv priv, mmu_explain *ex)
{
    mmu_result r = {0};
    r.level = -1;
    r.segment = -1;
    if (ex) {
        ex->count = 0;
        ex->reads = 0;
        ex->ad_write = false;
    }
    if (arch_text(ex)) {
        arch_explain_add(ex, "%s %s, mode %s, profile %s",
                         priv == MMU_PRIV_USER ? "user" : "supervisor", mmu_access_name(acc),
                         mmu_mode_name(regs->mode), p->name);
    }
    if (regs->mode == MMU_MODE_BARE) {
        translate_bare(p, va, &r, ex);
    } else if (!mmu_va_in_range(p, va)) {
        if (p->va_sign_extend)
            EXPLAIN(ex, "VA 0x%" PRIx64 ": bits 63:%u are not copies of bit %u: not canonical",
                    va, p->va_bits, p->va_bits - 1);
        else
            EXPLAIN(ex, "VA 0x%" PRIx64 " >= 2^%u (virtual address space): out of range", va, p->va_bits);
        arch_fault(&r, MMU_CAUSE_NONCANONICAL, -1);
    } else {
        uint64_t v = va & mmu_va_mask(p);
        switch (regs->mode) {
        case MMU_MODE_BASE_BOUNDS: arch_base_bounds(p, regs, v, acc, priv, &r, ex); break;
        case MMU_MODE_SEGMENTATION: arch_segmentation(p, regs, v, acc, priv, &r, ex); break;
        case MMU_MODE_PAGING: arch_paging(p, regs, mem, v, acc, priv, &r, ex); break;
        case MMU_MODE_HYBRID: arch_hybrid(p, regs, mem, v, acc, priv, &r, ex); break;
        default:
            /* Not a mode the register can hold; the RTL never accepts it. */
            EXPLAIN(ex, "MODE %d is not a translation mode", (int)regs->mode);
            arch_fault(&r, MMU_CAUSE_ACCESS, -1);
            break;
        }
    }
    if (r.fault)
        EXPLAIN_FAULT(ex, r.cause, r.level);
    else
        EXPLAIN(ex, "-> PA 0x%" PRIx64 " (%" PRIu64 ")", r.pa, r.pa);
    return r;
}
