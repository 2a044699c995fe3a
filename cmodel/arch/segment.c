/* segment.c — base-and-bounds (MODE 1) and segmentation (MODE 2).
 *
 * docs/translation.md: valid, then bound (OSTEP "segmentation violation"),
 * then protection, then the PA range. Grows-negative segments follow OSTEP:
 * dist = max_seg - offset, dist > bound faults, PA = base - dist. */
#include <inttypes.h>
#include "arch_internal.h"

static const char *const acc_need[MMU_ACC_COUNT] = {"x", "r", "w"};

/* Protection of modes 1 and 2: fetch x, load r, store w; user also needs user. */
static bool seg_allows(const mmu_segment *s, mmu_access acc, mmu_priv priv)
{
    bool ok = acc == MMU_ACC_FETCH ? s->x : acc == MMU_ACC_LOAD ? s->r : s->w;
    return ok && (priv == MMU_PRIV_SUPERVISOR || s->user);
}

static void explain_prot(mmu_explain *ex, const mmu_segment *s, mmu_access acc, mmu_priv priv, bool ok)
{
    arch_explain_add(ex, "protection %c%c%c%s: %s %s needs %s%s: %s",
                     s->r ? 'r' : '-', s->w ? 'w' : '-', s->x ? 'x' : '-', s->user ? " user" : "",
                     priv == MMU_PRIV_USER ? "user" : "supervisor", mmu_access_name((mmu_access)acc),
                     (unsigned)acc < MMU_ACC_COUNT ? acc_need[acc] : "?",
                     priv == MMU_PRIV_USER ? " and user" : "", ok ? "ok" : "protection fault");
}

/* base + off, or false when it is at or beyond 2^pa_bits (overflow-safe). */
static bool pa_add(const mmu_profile *p, uint64_t base, uint64_t off, uint64_t *pa)
{
    uint64_t limit = p->pa_bits >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << p->pa_bits);
    if (base >= limit || off >= limit - base) return false;
    *pa = base + off;
    return true;
}

void arch_base_bounds(const mmu_profile *p, const mmu_regs *regs, uint64_t va,
                      mmu_access acc, mmu_priv priv, mmu_result *r, mmu_explain *ex)
{
    const mmu_segment *s = &regs->seg[0];
    r->segment = 0;
    EXPLAIN(ex, "VA 0x%" PRIx64 " (%" PRIu64 "): base-and-bounds, offset = VA = %" PRIu64, va, va, va);
    if (!s->valid) {
        EXPLAIN(ex, "base/bound register (segment 0) not valid");
        arch_fault(r, MMU_CAUSE_SEG_INVALID, -1);
        return;
    }
    if (va >= s->bound) {
        EXPLAIN(ex, "offset %" PRIu64 " >= bound %" PRIu64 ": segmentation violation", va, s->bound);
        arch_fault(r, MMU_CAUSE_SEG_BOUND, -1);
        return;
    }
    EXPLAIN(ex, "offset %" PRIu64 " < bound %" PRIu64 ": ok", va, s->bound);
    bool ok = seg_allows(s, acc, priv);
    if (arch_text(ex)) explain_prot(ex, s, acc, priv, ok);
    if (!ok) {
        arch_fault(r, MMU_CAUSE_SEG_PROT, -1);
        return;
    }
    if (!pa_add(p, s->base, va, &r->pa)) {
        EXPLAIN(ex, "PA = base %" PRIu64 " + %" PRIu64 " >= 2^%u: out of range", s->base, va, p->pa_bits);
        arch_fault(r, MMU_CAUSE_ACCESS, -1);
        return;
    }
    EXPLAIN(ex, "PA = base %" PRIu64 " + %" PRIu64 " = %" PRIu64, s->base, va, r->pa);
}

void arch_segmentation(const mmu_profile *p, const mmu_regs *regs, uint64_t va,
                       mmu_access acc, mmu_priv priv, mmu_result *r, mmu_explain *ex)
{
    unsigned off_bits = mmu_profile_seg_offset_bits(p);
    uint64_t sel = off_bits >= 64 ? 0 : va >> off_bits;
    uint64_t offset = va & arch_mask(off_bits);
    const mmu_segment *s = sel < p->seg_count && sel < MMU_MAX_SEGMENTS ? &regs->seg[sel] : NULL;
    r->segment = (int)sel;
    if (arch_text(ex)) {
        char bits[65];
        arch_explain_add(ex, "VA 0x%" PRIx64 " (%" PRIu64 "): top %u bits = %s -> segment %" PRIu64 "%s, offset %" PRIu64,
                         va, va, p->seg_sel_bits, arch_sel_bits(p, sel, bits), sel,
                         arch_seg_label(p, s, (unsigned)sel), offset);
    }
    if (!s || !s->valid) {
        if (s) EXPLAIN(ex, "segment %" PRIu64 " not valid", sel);
        else EXPLAIN(ex, "segment %" PRIu64 " does not exist (%u segment registers)", sel, p->seg_count);
        arch_fault(r, MMU_CAUSE_SEG_INVALID, -1);
        return;
    }
    bool ok;
    if (!s->grows_negative) {
        if (offset >= s->bound) {
            EXPLAIN(ex, "offset %" PRIu64 " >= bound %" PRIu64 ": segmentation violation", offset, s->bound);
            arch_fault(r, MMU_CAUSE_SEG_BOUND, -1);
            return;
        }
        EXPLAIN(ex, "offset %" PRIu64 " < bound %" PRIu64 ": ok", offset, s->bound);
        ok = seg_allows(s, acc, priv);
        if (arch_text(ex)) explain_prot(ex, s, acc, priv, ok);
        if (!ok) {
            arch_fault(r, MMU_CAUSE_SEG_PROT, -1);
            return;
        }
        if (!pa_add(p, s->base, offset, &r->pa)) {
            EXPLAIN(ex, "PA = base %" PRIu64 " + %" PRIu64 " >= 2^%u: out of range", s->base, offset, p->pa_bits);
            arch_fault(r, MMU_CAUSE_ACCESS, -1);
            return;
        }
        EXPLAIN(ex, "PA = base %" PRIu64 " + %" PRIu64 " = %" PRIu64, s->base, offset, r->pa);
        return;
    }
    /* Grows negative: the offset counts down from the top of the segment. */
    uint64_t dist = (arch_mask(off_bits) - offset) + 1;          /* max_seg - offset */
    EXPLAIN(ex, "grows negative: offset %" PRIu64 " - max segment %" PRIu64 " = -%" PRIu64,
            offset, arch_mask(off_bits) + 1, dist);
    if (dist > s->bound) {
        EXPLAIN(ex, "distance %" PRIu64 " > bound %" PRIu64 ": segmentation violation", dist, s->bound);
        arch_fault(r, MMU_CAUSE_SEG_BOUND, -1);
        return;
    }
    EXPLAIN(ex, "distance %" PRIu64 " <= bound %" PRIu64 ": ok", dist, s->bound);
    ok = seg_allows(s, acc, priv);
    if (arch_text(ex)) explain_prot(ex, s, acc, priv, ok);
    if (!ok) {
        arch_fault(r, MMU_CAUSE_SEG_PROT, -1);
        return;
    }
    uint64_t pa;
    if (dist > s->base || !pa_add(p, s->base - dist, 0, &pa)) {
        EXPLAIN(ex, "PA = base %" PRIu64 " - %" PRIu64 " is outside physical memory (0 .. 2^%u-1)",
                s->base, dist, p->pa_bits);
        arch_fault(r, MMU_CAUSE_ACCESS, -1);
        return;
    }
    r->pa = pa;
    EXPLAIN(ex, "PA = base %" PRIu64 " - %" PRIu64 " = %" PRIu64, s->base, dist, r->pa);
}
