/* pagetable.c — the page tables the OS builds for every profile.
 *
 * PTE encodings (docs/translation.md "PTE formats"):
 *   riscv        leaf V|R|W|X|U + PPN<<10 (W implies R: W without R is
 *                reserved); pointer V + PPN<<10
 *   ostep-linear V + PFN, RO when not writable, NX when not executable
 *   ostep-small  V + PFN (no protection: no COW, no A/D)
 * An invalid PTE (V=0) belongs to the OS: a swapped-out page keeps slot + 1
 * in the PPN/PFN field (riscv bits 10 and up, ostep-linear bits 25:0,
 * ostep-small bits 6:0); a never-touched page is all zero.
 *
 * The OS edits its tables with plain reads and writes of physical memory;
 * translation itself is always the hardware's (the arch walker). */
#include <string.h>
#include "os_internal.h"

#define BIT(n) ((uint64_t)1 << (n))

uint64_t os_read(mmu_os *os, uint64_t pa, unsigned bytes)
{
    uint64_t v = 0;
    (void)mmu_sparse_mem_read(os->mem, pa, bytes, &v);
    return v;
}

void os_write(mmu_os *os, uint64_t pa, unsigned bytes, uint64_t v)
{
    (void)mmu_sparse_mem_write(os->mem, pa, bytes, v);
}

uint64_t os_pte_leaf(const mmu_os *os, uint64_t ppn, const os_vma *v, bool writable)
{
    bool w = writable && v->w;
    switch (os->p.pte_format) {
    case MMU_PTE_RISCV: {
        uint64_t pte = BIT(MMU_RV_V) | BIT(MMU_RV_U) | (ppn << MMU_RV_PPN_LSB);
        if (v->r || v->w || !v->x) pte |= BIT(MMU_RV_R);
        if (w) pte |= BIT(MMU_RV_W);
        if (v->x) pte |= BIT(MMU_RV_X);
        return pte;
    }
    case MMU_PTE_OSTEP_LINEAR:
        return BIT(MMU_OL_V) | (w ? 0 : BIT(MMU_OL_RO)) | (v->x ? 0 : BIT(MMU_OL_NX)) | ppn;
    case MMU_PTE_OSTEP_SMALL:
        return BIT(MMU_OS_V) | ppn;
    }
    return 0;
}

uint64_t os_pte_pointer(const mmu_os *os, uint64_t ppn)
{
    switch (os->p.pte_format) {
    case MMU_PTE_RISCV: return BIT(MMU_RV_V) | (ppn << MMU_RV_PPN_LSB);
    case MMU_PTE_OSTEP_SMALL: return BIT(MMU_OS_V) | ppn;
    case MMU_PTE_OSTEP_LINEAR: break;   /* one level: no pointers */
    }
    return 0;
}

uint64_t os_pte_swapped(const mmu_os *os, uint64_t slot)
{
    return (slot + 1) << os->swap_shift;
}

bool os_pte_is_swapped(const mmu_os *os, uint64_t pte, uint64_t *slot)
{
    if (pte == 0 || mmu_pte_valid(&os->p, pte)) return false;
    uint64_t s = (pte >> os->swap_shift) & os_mask(os->swap_bits);
    if (s == 0) return false;
    if (slot) *slot = s - 1;
    return true;
}

bool os_pte_writable(const mmu_os *os, uint64_t pte)
{
    switch (os->p.pte_format) {
    case MMU_PTE_RISCV: return (pte & BIT(MMU_RV_W)) != 0;
    case MMU_PTE_OSTEP_LINEAR: return (pte & BIT(MMU_OL_RO)) == 0;
    case MMU_PTE_OSTEP_SMALL: return true;
    }
    return false;
}

uint64_t os_pte_set_writable(const mmu_os *os, uint64_t pte, bool w)
{
    switch (os->p.pte_format) {
    case MMU_PTE_RISCV: return w ? pte | BIT(MMU_RV_W) | BIT(MMU_RV_R) : pte & ~BIT(MMU_RV_W);
    case MMU_PTE_OSTEP_LINEAR: return w ? pte & ~BIT(MMU_OL_RO) : pte | BIT(MMU_OL_RO);
    case MMU_PTE_OSTEP_SMALL: return pte;
    }
    return pte;
}

static unsigned a_bit(const mmu_os *os) { return os->p.pte_format == MMU_PTE_RISCV ? MMU_RV_A : MMU_OL_A; }
static unsigned d_bit(const mmu_os *os) { return os->p.pte_format == MMU_PTE_RISCV ? MMU_RV_D : MMU_OL_D; }
static bool has_ad(const mmu_os *os) { return os->p.pte_format != MMU_PTE_OSTEP_SMALL; }

bool os_pte_accessed(const mmu_os *os, uint64_t pte, bool *has)
{
    *has = has_ad(os);
    return *has && (pte & BIT(a_bit(os)));
}

bool os_pte_dirty(const mmu_os *os, uint64_t pte, bool *has)
{
    *has = has_ad(os);
    return *has && (pte & BIT(d_bit(os)));
}

uint64_t os_pte_clear_a(const mmu_os *os, uint64_t pte)
{
    return has_ad(os) ? pte & ~BIT(a_bit(os)) : pte;
}

uint64_t os_pte_with_ad(const mmu_os *os, uint64_t pte, bool a, bool d)
{
    if (!has_ad(os)) return pte;
    if (a) pte |= BIT(a_bit(os));
    if (d) pte |= BIT(d_bit(os));
    return pte;
}

/* Bytes of one table at a level: 2^vpn_bits entries. */
static uint64_t table_bytes(const mmu_os *os)
{
    return ((uint64_t)1 << os->p.vpn_bits) * os->p.pte_bytes;
}

static uint64_t frames_for(const mmu_os *os, uint64_t bytes)
{
    return (bytes + os->page_bytes - 1) / os->page_bytes;
}

int os_pt_create(mmu_os *os, os_proc *pr, mmu_error *err)
{
    if (os->cfg.mode == MMU_MODE_PAGING) {
        pr->root_frames = frames_for(os, table_bytes(os));
        return os_frames_alloc_range(os, pr->root_frames, 1, FR_TABLE, &pr->root, err);
    }
    /* Hybrid: a linear table per segment covering the VMA; a segment that
     * spans the whole selector region (nseg = 0) starts empty and grows on
     * HYBRID_BOUND faults. */
    unsigned off_bits = mmu_profile_seg_offset_bits(&os->p);
    for (unsigned i = 0; i < pr->nvma; i++) {
        const os_vma *v = &pr->vma[i];
        unsigned sel = (unsigned)(v->start >> off_bits);
        uint64_t region = (uint64_t)1 << off_bits;
        bool whole = (v->start & os_mask(off_bits)) == 0 && v->end - v->start == region;
        uint64_t end_off = v->end > v->start ? ((v->end - 1) & os_mask(off_bits)) + 1 : v->start & os_mask(off_bits);
        uint64_t pages = whole ? 0 : (end_off + os->page_bytes - 1) >> os->p.page_shift;
        pr->hseg[sel].used = true;
        pr->hseg[sel].pages = 0;
        pr->hseg[sel].table = 0;
        pr->hseg[sel].table_bytes = 0;
        if (pages && os_hybrid_grow(os, pr, sel, pages, err)) return -1;
    }
    return 0;
}

int os_hybrid_grow(mmu_os *os, os_proc *pr, unsigned sel, uint64_t want, mmu_error *err)
{
    unsigned off_bits = mmu_profile_seg_offset_bits(&os->p);
    uint64_t max_pages = (uint64_t)1 << (off_bits - os->p.page_shift);
    uint64_t old_pages = pr->hseg[sel].pages, pages = want;
    if (pages < old_pages * 2) pages = old_pages * 2;
    if (pages > max_pages) pages = max_pages;
    if (pages <= old_pages) return 0;
    uint64_t bytes = pages * os->p.pte_bytes, nfr = frames_for(os, bytes), first;
    if (os_frames_alloc_range(os, nfr, 1, FR_TABLE, &first, err)) return -1;
    uint64_t table = first << os->p.page_shift;
    if (old_pages) {
        os_bytes_copy(os, table, pr->hseg[sel].table, old_pages * os->p.pte_bytes);
        uint64_t ofirst = pr->hseg[sel].table >> os->p.page_shift;
        for (uint64_t f = 0; f < frames_for(os, pr->hseg[sel].table_bytes); f++) os_frame_release(os, ofirst + f);
    }
    pr->hseg[sel].table = table;
    pr->hseg[sel].pages = pages;
    pr->hseg[sel].table_bytes = nfr * os->page_bytes;
    if (pr == os->cur) {
        os->regs.seg[sel].base = table;
        os->regs.seg[sel].bound = pages;
        os_set_regs(os);
    }
    return 0;
}

int os_pte_addr(mmu_os *os, os_proc *pr, uint64_t va, bool create, uint64_t *pa, mmu_error *err)
{
    const mmu_profile *p = &os->p;
    if (os->cfg.mode == MMU_MODE_HYBRID) {
        unsigned off_bits = mmu_profile_seg_offset_bits(p);
        unsigned sel = (unsigned)(va >> off_bits);
        if (sel >= MMU_MAX_SEGMENTS || !pr->hseg[sel].used) return 1;
        uint64_t vpn = (va & os_mask(off_bits)) >> p->page_shift;
        if (vpn >= pr->hseg[sel].pages) {
            if (!create) return 1;
            if (os_hybrid_grow(os, pr, sel, vpn + 1, err)) return -1;
        }
        *pa = pr->hseg[sel].table + vpn * p->pte_bytes;
        return 0;
    }
    uint64_t table = pr->root << p->page_shift;
    for (int i = (int)p->levels - 1; i > 0; i--) {
        uint64_t a = table + mmu_va_vpn(p, va, i) * p->pte_bytes;
        uint64_t pte = os_read(os, a, p->pte_bytes);
        if (!mmu_pte_valid(p, pte)) {
            if (!create) return 1;
            uint64_t fr;
            if (os_frames_alloc_range(os, frames_for(os, table_bytes(os)), 1, FR_TABLE, &fr, err)) return -1;
            pte = os_pte_pointer(os, fr);
            os_write(os, a, p->pte_bytes, pte);
        }
        table = mmu_pte_ppn(p, pte) << p->page_shift;
    }
    *pa = table + mmu_va_vpn(p, va, 0) * p->pte_bytes;
    return 0;
}

/* Walk one table level of paging mode, calling fn on leaves and swapped
 * entries at level 0. */
static int foreach_level(mmu_os *os, os_proc *pr, uint64_t table, int level, uint64_t va_base,
                         os_pte_fn fn, void *ctx)
{
    const mmu_profile *p = &os->p;
    uint64_t n = (uint64_t)1 << p->vpn_bits;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t a = table + i * p->pte_bytes, pte = os_read(os, a, p->pte_bytes);
        if (pte == 0) continue;
        uint64_t va = va_base | (i << (p->page_shift + (unsigned)level * p->vpn_bits));
        if (level > 0) {
            if (!mmu_pte_valid(p, pte)) continue;
            int rc = foreach_level(os, pr, mmu_pte_ppn(p, pte) << p->page_shift, level - 1, va, fn, ctx);
            if (rc) return rc;
        } else {
            int rc = fn(os, pr, va, a, pte, ctx);
            if (rc) return rc;
        }
    }
    return 0;
}

int os_pt_foreach(mmu_os *os, os_proc *pr, os_pte_fn fn, void *ctx)
{
    const mmu_profile *p = &os->p;
    if (os->cfg.mode == MMU_MODE_PAGING)
        return foreach_level(os, pr, pr->root << p->page_shift, (int)p->levels - 1, 0, fn, ctx);
    unsigned off_bits = mmu_profile_seg_offset_bits(p);
    for (unsigned s = 0; s < MMU_MAX_SEGMENTS; s++) {
        if (!pr->hseg[s].used) continue;
        for (uint64_t v = 0; v < pr->hseg[s].pages; v++) {
            uint64_t a = pr->hseg[s].table + v * p->pte_bytes, pte = os_read(os, a, p->pte_bytes);
            if (pte == 0) continue;
            int rc = fn(os, pr, ((uint64_t)s << off_bits) | (v << p->page_shift), a, pte, ctx);
            if (rc) return rc;
        }
    }
    return 0;
}

static void destroy_level(mmu_os *os, uint64_t table, int level)
{
    const mmu_profile *p = &os->p;
    if (level > 0) {
        uint64_t n = (uint64_t)1 << p->vpn_bits;
        for (uint64_t i = 0; i < n; i++) {
            uint64_t pte = os_read(os, table + i * p->pte_bytes, p->pte_bytes);
            if (mmu_pte_valid(p, pte)) destroy_level(os, mmu_pte_ppn(p, pte) << p->page_shift, level - 1);
        }
    }
    uint64_t first = table >> p->page_shift;
    for (uint64_t f = 0; f < frames_for(os, table_bytes(os)); f++) os_frame_release(os, first + f);
}

void os_pt_destroy(mmu_os *os, os_proc *pr)
{
    if (os->cfg.mode == MMU_MODE_PAGING) {
        destroy_level(os, pr->root << os->p.page_shift, (int)os->p.levels - 1);
        return;
    }
    for (unsigned s = 0; s < MMU_MAX_SEGMENTS; s++) {
        if (!pr->hseg[s].used || !pr->hseg[s].table_bytes) continue;
        uint64_t first = pr->hseg[s].table >> os->p.page_shift;
        for (uint64_t f = 0; f < frames_for(os, pr->hseg[s].table_bytes); f++) os_frame_release(os, first + f);
        pr->hseg[s].used = false;
    }
}
