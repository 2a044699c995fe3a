/* walk.c — paging (MODE 3) and hybrid segmentation+paging (MODE 4).
 *
 * docs/translation.md "Paging": read one PTE per level from the root, decode
 * it by the profile's format, follow pointers, and at the leaf apply the
 * superpage rules, the leaf checks (pte.c) and the A/D policy. Under Svadu
 * (ADUE=1) the A/D update is an atomic compare-and-swap of the whole PTE; if
 * memory no longer holds the PTE that was read, the walk restarts from the
 * root (RISC-V privileged spec, step 9). Nothing is written for a leaf that
 * faults, is misaligned or is reserved. */
#include <inttypes.h>
#include "arch_internal.h"

typedef enum { LEAF_DONE, LEAF_RESTART } leaf_outcome;

static void explain_leaf_check(mmu_explain *ex, const mmu_profile *p, const mmu_regs *regs,
                               uint64_t pte, mmu_access acc, mmu_priv priv, mmu_cause c)
{
    arch_pte_flags f = arch_pte_flags_of(p, pte);
    const char *who = priv == MMU_PRIV_USER ? "user" : "supervisor";
    const char *what = mmu_access_name(acc);
    if (!f.has_prot) {
        arch_explain_add(ex, "no protection bits in format %s: %s %s allowed",
                         mmu_pte_format_name(p->pte_format), who, what);
        return;
    }
    switch (c) {
    case MMU_CAUSE_PRIV:
        if (priv == MMU_PRIV_USER)
            arch_explain_add(ex, "user access needs U=1: U=0, privilege fault");
        else if (acc == MMU_ACC_FETCH)
            arch_explain_add(ex, "supervisor fetch from a U=1 page: never allowed (even with SUM)");
        else
            arch_explain_add(ex, "supervisor %s of a U=1 page needs SUM=1: SUM=0, privilege fault", what);
        return;
    case MMU_CAUSE_PROT:
        if (acc == MMU_ACC_FETCH) arch_explain_add(ex, "fetch needs X: X=0, protection fault");
        else if (acc == MMU_ACC_LOAD)
            arch_explain_add(ex, "load needs R (or X with MXR=1): R=0, X=%d, MXR=%d, protection fault",
                             f.x, regs->mxr);
        else arch_explain_add(ex, "store needs W: W=0, protection fault");
        return;
    case MMU_CAUSE_AD:
        arch_explain_add(ex, "A=%d D=%d: %s needs A=1%s; ADUE=0 (Svade): fault", f.a, f.d, what,
                         acc == MMU_ACC_STORE ? " and D=1" : "");
        return;
    default:
        arch_explain_add(ex, "U/R/W/X allow a %s %s: ok", who, what);
        return;
    }
}

/* Leaf reached at `level`: checks, A/D, PA. `global` is the G of the
 * pointers above it. */
static leaf_outcome finish_leaf(const mmu_profile *p, const mmu_regs *regs, const mmu_mem *mem,
                                uint64_t va, mmu_access acc, mmu_priv priv, mmu_result *r,
                                mmu_explain *ex, uint64_t pte, uint64_t pte_addr, int level,
                                bool global)
{
    unsigned map_shift = p->page_shift + (unsigned)level * p->vpn_bits;
    r->has_leaf = true;
    r->leaf_pte = pte;
    r->leaf_pte_addr = pte_addr;
    r->map_shift = map_shift;
    r->global = global || (p->pte_format == MMU_PTE_RISCV && ((pte >> MMU_RV_G) & 1));
    r->level = level;

    mmu_cause c = mmu_leaf_check(p, regs, pte, acc, priv);
    if (arch_text(ex)) explain_leaf_check(ex, p, regs, pte, acc, priv, c);
    if (c != MMU_CAUSE_NONE) {
        arch_fault(r, c, level);
        return LEAF_DONE;
    }
    if (regs->adue && mmu_leaf_needs_ad(p, pte, acc)) {
        uint64_t want = mmu_pte_with_ad(p, pte, acc), found = 0;
        uint64_t a_only = mmu_pte_with_ad(p, pte, MMU_ACC_LOAD);     /* name only the bits that change */
        bool sets_a = a_only != pte, sets_d = want != a_only;
        EXPLAIN(ex, "Svadu: compare-and-swap PTE at 0x%" PRIx64 ": 0x%" PRIx64 " -> 0x%" PRIx64 " (set %s)",
                pte_addr, pte, want, sets_a && sets_d ? "A and D" : sets_d ? "D" : "A");
        if (!mem->cas || mem->cas(mem->ctx, pte_addr, p->pte_bytes, pte, want, &found) != 0) {
            EXPLAIN(ex, "bus error on the A/D write");
            arch_fault(r, MMU_CAUSE_ACCESS, level);
            return LEAF_DONE;
        }
        found &= arch_mask(p->pte_bytes * 8);
        if (found != pte) {
            EXPLAIN(ex, "PTE changed to 0x%" PRIx64 " since it was read: restart the walk", found);
            return LEAF_RESTART;
        }
        r->ad_writes++;
        r->leaf_pte = want;
        if (ex) { ex->ad_write = true; ex->ad_old = pte; ex->ad_new = want; }
    }
    uint64_t frame = mmu_pte_ppn(p, pte) >> ((unsigned)level * p->vpn_bits);
    uint64_t low = va & arch_mask(map_shift);
    r->pa = (frame << map_shift) | low;
    if (level > 0)
        EXPLAIN(ex, "superpage of 2^%u bytes: PA = PPN 0x%" PRIx64 " >> %u << %u | VA low bits 0x%" PRIx64
                " = 0x%" PRIx64, map_shift, mmu_pte_ppn(p, pte), (unsigned)level * p->vpn_bits, map_shift,
                low, r->pa);
    else
        EXPLAIN(ex, "PA = frame 0x%" PRIx64 " (%" PRIu64 ") * %" PRIu64 " + offset 0x%" PRIx64 " = 0x%" PRIx64,
                frame, frame, (uint64_t)1 << map_shift, low, r->pa);
    return LEAF_DONE;
}

/* The read as data for drawings (mmu_explain_read). */
static void explain_read(mmu_explain *ex, const mmu_profile *p, int level, uint64_t table, uint64_t index,
                         uint64_t pte_addr, bool ok, uint64_t pte)
{
    if (ex->reads >= MMU_MAX_LEVELS) return;
    ex->read[ex->reads++] = (mmu_explain_read){level, table, index, pte_addr, ok ? pte : 0, ok,
                                               ok ? (int)arch_pte_classify(p, pte, level) : 0};
}

/* Read the PTE at table + index; false (and r faulted) on a bus error. */
static bool read_pte(const mmu_profile *p, const mmu_mem *mem, uint64_t table, uint64_t index, int level,
                     uint64_t *pte, mmu_result *r, mmu_explain *ex)
{
    uint64_t pte_addr = table + index * p->pte_bytes;
    if (mem->read(mem->ctx, pte_addr, p->pte_bytes, pte) != 0) {
        EXPLAIN(ex, "level %d: bus error reading the PTE at 0x%" PRIx64, level, pte_addr);
        if (ex) explain_read(ex, p, level, table, index, pte_addr, false, 0);
        arch_fault(r, MMU_CAUSE_ACCESS, level);
        return false;
    }
    r->pte_reads++;
    *pte &= arch_mask(p->pte_bytes * 8);
    if (ex) explain_read(ex, p, level, table, index, pte_addr, true, *pte);
    return true;
}

static void explain_pte(mmu_explain *ex, const mmu_profile *p, uint64_t pte, int level, arch_pte_kind k)
{
    char flags[32];
    static const char *const kind[] = {
        [ARCH_PTE_INVALID] = "not valid", [ARCH_PTE_RESERVED] = "reserved encoding",
        [ARCH_PTE_POINTER] = "pointer to the next table", [ARCH_PTE_LEAF] = "leaf",
    };
    uint64_t ppn = mmu_pte_ppn(p, pte);
    arch_explain_add(ex, "level %d: PTE 0x%" PRIx64 " [%s] pfn 0x%" PRIx64 " (%" PRIu64 ") -> %s",
                     level, pte, mmu_pte_describe(p, pte, flags, sizeof flags), ppn, ppn, kind[k]);
}

static void explain_split(mmu_explain *ex, const mmu_profile *p, uint64_t va)
{
    char buf[MMU_EXPLAIN_LINE];
    int n = snprintf(buf, sizeof buf, "VA 0x%" PRIx64 ": ", va);
    for (int i = (int)p->levels - 1; i >= 0 && n > 0 && (size_t)n < sizeof buf; i--) {
        uint64_t v = mmu_va_vpn(p, va, i);
        if (p->levels == 1)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "VPN 0x%" PRIx64 " (%" PRIu64 "), ", v, v);
        else
            n += snprintf(buf + n, sizeof buf - (size_t)n, "VPN[%d] 0x%" PRIx64 " (%" PRIu64 "), ", i, v, v);
    }
    uint64_t off = va & arch_mask(p->page_shift);
    if (n > 0 && (size_t)n < sizeof buf)
        snprintf(buf + n, sizeof buf - (size_t)n, "offset 0x%" PRIx64 " (%" PRIu64 ")", off, off);
    arch_explain_add(ex, "%s", buf);
}

/* One walk from the root; LEAF_RESTART when the Svadu CAS lost a race. */
static leaf_outcome walk_once(const mmu_profile *p, const mmu_regs *regs, const mmu_mem *mem,
                              uint64_t va, mmu_access acc, mmu_priv priv, mmu_result *r, mmu_explain *ex)
{
    uint64_t table = regs->ptbase << p->page_shift;
    bool global = false;
    if (ex) ex->reads = 0;      /* a restarted walk is drawn from its new root read */
    if (arch_text(ex)) explain_split(ex, p, va);
    for (int i = (int)p->levels - 1; i >= 0; i--) {
        uint64_t idx = mmu_va_vpn(p, va, i);
        uint64_t pte_addr = table + idx * p->pte_bytes, pte;
        EXPLAIN(ex, "level %d: PTE address = table 0x%" PRIx64 " + index 0x%" PRIx64 " * %u = 0x%" PRIx64,
                i, table, idx, p->pte_bytes, pte_addr);
        if (!read_pte(p, mem, table, idx, i, &pte, r, ex)) return LEAF_DONE;
        arch_pte_kind k = arch_pte_classify(p, pte, i);
        if (arch_text(ex)) explain_pte(ex, p, pte, i, k);
        switch (k) {
        case ARCH_PTE_INVALID:
            arch_fault(r, MMU_CAUSE_PTE_INVALID, i);
            return LEAF_DONE;
        case ARCH_PTE_RESERVED:
            arch_fault(r, MMU_CAUSE_PTE_RESERVED, i);
            return LEAF_DONE;
        case ARCH_PTE_POINTER:
            if (i == 0) {
                arch_fault(r, MMU_CAUSE_NO_LEAF, i);
                return LEAF_DONE;
            }
            global = global || (p->pte_format == MMU_PTE_RISCV && ((pte >> MMU_RV_G) & 1));
            table = mmu_pte_ppn(p, pte) << p->page_shift;
            continue;
        case ARCH_PTE_LEAF:
            if (i > 0 && !p->superpages) {
                EXPLAIN(ex, "leaf at level %d but profile has no superpages", i);
                arch_fault(r, MMU_CAUSE_PTE_RESERVED, i);
                return LEAF_DONE;
            }
            if (i > 0 && (mmu_pte_ppn(p, pte) & arch_mask((unsigned)i * p->vpn_bits)) != 0) {
                EXPLAIN(ex, "superpage leaf at level %d with PPN bits %u:0 = 0x%" PRIx64 " != 0: misaligned", i,
                        (unsigned)i * p->vpn_bits - 1, mmu_pte_ppn(p, pte) & arch_mask((unsigned)i * p->vpn_bits));
                arch_fault(r, MMU_CAUSE_MISALIGNED, i);
                return LEAF_DONE;
            }
            return finish_leaf(p, regs, mem, va, acc, priv, r, ex, pte, pte_addr, i, global);
        }
    }
    return LEAF_DONE;   /* levels == 0: not a valid profile */
}

static void clear_leaf(mmu_result *r)
{
    r->has_leaf = false;
    r->leaf_pte = r->leaf_pte_addr = 0;
    r->map_shift = 0;
    r->global = false;
    r->level = -1;
}

void arch_paging(const mmu_profile *p, const mmu_regs *regs, const mmu_mem *mem,
                 uint64_t va, mmu_access acc, mmu_priv priv, mmu_result *r, mmu_explain *ex)
{
    while (walk_once(p, regs, mem, va, acc, priv, r, ex) == LEAF_RESTART) {
        r->restarts++;
        clear_leaf(r);
    }
}

void arch_hybrid(const mmu_profile *p, const mmu_regs *regs, const mmu_mem *mem,
                 uint64_t va, mmu_access acc, mmu_priv priv, mmu_result *r, mmu_explain *ex)
{
    unsigned off_bits = mmu_profile_seg_offset_bits(p);
    uint64_t sel = off_bits >= 64 ? 0 : va >> off_bits;
    uint64_t offset = va & arch_mask(off_bits);
    uint64_t vpn = offset >> p->page_shift, page_off = offset & arch_mask(p->page_shift);
    const mmu_segment *s = sel < p->seg_count && sel < MMU_MAX_SEGMENTS ? &regs->seg[sel] : NULL;
    r->segment = (int)sel;
    if (arch_text(ex)) {
        char bits[65];
        arch_explain_add(ex, "VA 0x%" PRIx64 " (%" PRIu64 "): top %u bits = %s -> segment %" PRIu64 ", offset %" PRIu64
                         " = VPN 0x%" PRIx64 " (%" PRIu64 "), page offset 0x%" PRIx64,
                         va, va, p->seg_sel_bits, arch_sel_bits(p, sel, bits), sel, offset, vpn, vpn, page_off);
    }
    if (!s || !s->valid) {
        EXPLAIN(ex, "segment %" PRIu64 " not valid", sel);
        arch_fault(r, MMU_CAUSE_SEG_INVALID, -1);
        return;
    }
    if (vpn >= s->bound) {
        EXPLAIN(ex, "VPN %" PRIu64 " >= bound %" PRIu64 " pages: beyond the segment's page table", vpn, s->bound);
        arch_fault(r, MMU_CAUSE_HYBRID_BOUND, -1);
        return;
    }
    EXPLAIN(ex, "VPN %" PRIu64 " < bound %" PRIu64 " pages: ok", vpn, s->bound);
    uint64_t pte_addr = s->base + vpn * p->pte_bytes;
    for (;;) {
        uint64_t pte;
        EXPLAIN(ex, "PTE address = segment base 0x%" PRIx64 " + VPN 0x%" PRIx64 " * %u = 0x%" PRIx64,
                s->base, vpn, p->pte_bytes, pte_addr);
        if (ex) ex->reads = 0;
        if (!read_pte(p, mem, s->base, vpn, 0, &pte, r, ex)) return;
        arch_pte_kind k = arch_pte_classify(p, pte, 0);
        if (arch_text(ex)) explain_pte(ex, p, pte, 0, k);
        if (k == ARCH_PTE_INVALID) { arch_fault(r, MMU_CAUSE_PTE_INVALID, 0); return; }
        if (k == ARCH_PTE_RESERVED) { arch_fault(r, MMU_CAUSE_PTE_RESERVED, 0); return; }
        if (k == ARCH_PTE_POINTER) { arch_fault(r, MMU_CAUSE_NO_LEAF, 0); return; }
        if (finish_leaf(p, regs, mem, va, acc, priv, r, ex, pte, pte_addr, 0, false) == LEAF_DONE) return;
        r->restarts++;
        clear_leaf(r);
    }
}
