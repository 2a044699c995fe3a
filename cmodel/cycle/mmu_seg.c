/* mmu_seg.c — combinational, in the acceptance cycle (docs/rtl.md "Segment
 * unit"): step 0, bare, base-and-bounds, segmentation, and the hybrid
 * pre-checks and PTE address.
 *
 * The rules of modes 1 and 2 and of step 0 are the arch layer's
 * (arch_base_bounds, arch_segmentation, mmu_va_in_range): one copy. Only the
 * hybrid pre-checks are here, because the arch layer has them inside its
 * walk, plus the RTL decision that a hybrid PTE address that does not fit
 * PA_BITS is ACCESS at level 0 without a memory access. */
#include <string.h>
#include "cycle_internal.h"

/* Step 0 on the port value: the bits [VA_PORT_BITS-1 : VA_BITS] must copy
 * bit VA_BITS-1 (sign-extend) or be zero. The port value is first extended
 * to 64 bits the same way so mmu_va_in_range sees the port's bits only. */
static bool step0_ok(const cyc_cfg *c, uint64_t va)
{
    if (c->va_sign_extend && c->va_port_bits < 64 && ((va >> (c->va_port_bits - 1)) & 1u))
        va |= ~c->va_port_mask;
    return mmu_va_in_range(&c->p, va);
}

void cyc_seg_eval(const cyc_cfg *c, const cyc_regs_q *r, uint64_t va, unsigned acc, unsigned priv,
                  cyc_seg_out *o)
{
    o->done = true;
    o->pa = 0;
    o->cause = MMU_CAUSE_NONE;
    o->level = cyc_level3(-1);
    o->hyb_addr = 0;
    unsigned mode = r->mode_q;
    if (mode == MMU_MODE_BARE) {
        if (c->pa_bits < 64 && (va >> c->pa_bits) != 0) o->cause = MMU_CAUSE_ACCESS;
        else o->pa = va;
        return;
    }
    if (!step0_ok(c, va)) {
        o->cause = MMU_CAUSE_NONCANONICAL;
        return;
    }
    uint64_t v = va & c->va_mask;
    switch (mode) {
    case MMU_MODE_PAGING:
        o->done = false;
        return;
    case MMU_MODE_HYBRID: {
        uint64_t sel = v >> c->off_bits;
        uint64_t vpn = (v & cyc_mask(c->off_bits)) >> c->page_shift;
        if (sel >= c->seg_count || !(r->seg_ctrl_q[sel] & 1u)) {
            o->cause = MMU_CAUSE_SEG_INVALID;
            return;
        }
        if (vpn >= r->seg_bound_q[sel]) {
            o->cause = MMU_CAUSE_HYBRID_BOUND;
            return;
        }
        /* base < 2^PA_BITS and vpn * PTE_BYTES < 2^VA_BITS: no 64-bit overflow
         * for the geometries the RTL accepts (PA_BITS, VA_BITS <= 63) */
        uint64_t addr = r->seg_base_q[sel] + vpn * c->pte_bytes;
        if (addr < r->seg_base_q[sel] || (c->pa_bits < 64 && (addr >> c->pa_bits) != 0)) {
            o->cause = MMU_CAUSE_ACCESS;
            o->level = 0;
            return;
        }
        o->done = false;
        o->hyb_addr = addr;
        return;
    }
    case MMU_MODE_BASE_BOUNDS:
    case MMU_MODE_SEGMENTATION: {
        mmu_result res;
        memset(&res, 0, sizeof res);
        res.level = -1;
        if (mode == MMU_MODE_BASE_BOUNDS)
            arch_base_bounds(&c->p, &r->arch, v, (mmu_access)cyc_acc_eff(acc), (mmu_priv)priv, &res, NULL);
        else
            arch_segmentation(&c->p, &r->arch, v, (mmu_access)cyc_acc_eff(acc), (mmu_priv)priv, &res, NULL);
        if (res.fault) o->cause = res.cause;
        else o->pa = res.pa & c->pa_mask;
        return;
    }
    default:
        /* MODE holds 0..4 only (writes of 5..7 are ignored). */
        o->cause = MMU_CAUSE_ACCESS;
        return;
    }
}
