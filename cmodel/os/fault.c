/* fault.c — the page-fault handler and what it leans on.
 *
 * A fault of the current process is first checked against its address space
 * (VMA and rights): outside it, or not allowed, is a segfault. Otherwise:
 *   PTE_INVALID, HYBRID_BOUND  demand-zero (PTE zero) or swap-in (slot in the
 *                              PTE); hybrid grows the segment's table first
 *   PROT on a store            copy-on-write: copy a shared frame, or make a
 *                              private one writable again
 *   AD (Svade only)            set A/D in software
 * Each change is followed by the flush the hardware needs (VA + ASID). */
#include <stdlib.h>
#include <string.h>
#include "os_internal.h"

static bool vma_allows(const os_vma *v, mmu_access acc)
{
    switch (acc) {
    case MMU_ACC_FETCH: return v->x;
    case MMU_ACC_LOAD: return v->r || v->w;
    case MMU_ACC_STORE: return v->w;
    default: return false;
    }
}

static size_t first_slot(const mmu_os *os, unsigned pid, uint64_t vpn)
{
    uint64_t k = vpn * 0x9E3779B97F4A7C15ull ^ ((uint64_t)pid << 1);
    size_t j = (size_t)(k ^ (k >> 29)) & (os->nfirst_cap - 1);
    while (os->first[j].used && (os->first[j].key.pid != pid || os->first[j].key.vpn != vpn))
        j = (j + 1) & (os->nfirst_cap - 1);
    return j;
}

void os_policy_loaded(mmu_os *os, uint64_t frame, const os_proc *pr, uint64_t vpn)
{
    os_frame *f = &os->fr[frame];
    f->load_seq = f->last_use = ++os->tick;
    f->next_use = os->ref_pos;   /* used now; OPT refines it on the access */
    if (os->first && os->ref_pos == 0) {
        /* Before the first access (populate): the first use from the future. */
        size_t j = first_slot(os, pr->pid, vpn);
        f->next_use = os->first[j].used ? os->first[j].at : OS_NONE;
    }
}

static int map_frame(mmu_os *os, os_proc *pr, uint64_t va, uint64_t pte_addr, uint64_t frame,
                     const os_vma *v, mmu_error *err)
{
    uint64_t vpn = va >> os->p.page_shift;
    if (os_map_add(os, frame, pr, vpn) || os_resident_add(os, frame))
        return mmu_fail(err, NULL, 0, "out of memory");
    os_write(os, pte_addr, os->p.pte_bytes, os_pte_leaf(os, frame, v, true));
    os_policy_loaded(os, frame, pr, vpn);
    os_flush_page(os, pr, va);
    return 0;
}

/* Map an aligned group of 2^group_shift bytes to contiguous frames. */
static int map_group(mmu_os *os, os_proc *pr, uint64_t va, const os_vma *v, mmu_error *err)
{
    unsigned gs = os->cfg.group_shift;
    uint64_t n = (uint64_t)1 << (gs - os->p.page_shift), base = va & ~os_mask(gs), first;
    if (base < v->start || base + ((uint64_t)1 << gs) > v->end)
        return mmu_fail(err, NULL, 0, "page group 0x%llx..0x%llx (2^%u bytes) is not inside one segment "
                        "('%s'): a TLB page larger than the profile's needs segments aligned to it",
                        (unsigned long long)base, (unsigned long long)(base + ((uint64_t)1 << gs) - 1), gs, v->name);
    if (os_frames_alloc_range(os, n, n, FR_DATA, &first, err)) return -1;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t pva = base + (i << os->p.page_shift), a;
        if (os_pte_addr(os, pr, pva, true, &a, err)) return -1;
        if (os_read(os, a, os->p.pte_bytes) != 0)
            return mmu_fail(err, NULL, 0, "internal: page group partly mapped");
        if (map_frame(os, pr, pva, a, first + i, v, err)) return -1;
        os->st.demand_zero++;
    }
    return 0;
}

/* Make va's page present in pr. *did = true when something was done. */
static int ensure_present(mmu_os *os, os_proc *pr, uint64_t va, const os_vma *v, bool *did, mmu_error *err)
{
    /* LAB6 BEGIN: demand paging: make va's page present (demand-zero or swap-in) */
    uint64_t a, slot, frame;
    *did = false;
    if (os_pte_addr(os, pr, va, true, &a, err)) return -1;
    uint64_t pte = os_read(os, a, os->p.pte_bytes);
    if (mmu_pte_valid(&os->p, pte)) return 0;
    *did = true;
    if (os_pte_is_swapped(os, pte, &slot)) return os_swap_in(os, pr, va, a, slot, err);
    if (pte != 0) return mmu_fail(err, NULL, 0, "internal: unknown invalid PTE 0x%llx", (unsigned long long)pte);
    if (os->cfg.group_shift > os->p.page_shift) return map_group(os, pr, va, v, err);
    if (os_frame_alloc(os, FR_DATA, &frame, err)) return -1;
    os->st.demand_zero++;
    return map_frame(os, pr, va, a, frame, v, err);
    /* LAB6 END */
}

static int cow(mmu_os *os, os_proc *pr, uint64_t va, const os_vma *v, mmu_error *err)
{
    /* LAB6 BEGIN: copy-on-write: a store to a page shared after fork */
    uint64_t a, nf;
    if (os_pte_addr(os, pr, va, false, &a, err)) return 1;
    uint64_t pte = os_read(os, a, os->p.pte_bytes);
    if (!mmu_pte_valid(&os->p, pte) || os_pte_writable(os, pte)) return 0;   /* already fixed */
    uint64_t frame = mmu_pte_ppn(&os->p, pte), vpn = va >> os->p.page_shift;
    os_frame *f = os_frame_info(os, frame);
    if (!f || f->kind != FR_DATA) return mmu_fail(err, NULL, 0, "internal: COW on a frame that is not a user page");
    if (f->nmap > 1) {
        os->pin_frame = frame;
        int rc = os_frame_alloc(os, FR_DATA, &nf, err);
        os->pin_frame = OS_NONE;
        if (rc) return -1;
        os_frame_copy(os, nf, frame);
        os_map_remove(os, frame, pr, vpn);
        if (os_map_add(os, nf, pr, vpn) || os_resident_add(os, nf)) return mmu_fail(err, NULL, 0, "out of memory");
        os_write(os, a, os->p.pte_bytes, os_pte_leaf(os, nf, v, true));
        os_policy_loaded(os, nf, pr, vpn);
        os->st.cow_copies++;
    } else {
        /* The last sharer: the page is private again, just writable. */
        os_write(os, a, os->p.pte_bytes, os_pte_set_writable(os, pte, true));
    }
    os_flush_page(os, pr, va);
    return 0;
    /* LAB6 END */
}

static int segv(mmu_os *os)
{
    os->st.segv++;
    return 1;
}

int mmu_os_fault(mmu_os *os, uint64_t va, mmu_access acc, mmu_priv priv,
                 const mmu_result *r, mmu_error *err)
{
    os_proc *pr = os->cur;
    if (!pr) return mmu_fail(err, NULL, 0, "page fault with no current process");
    if (!os_paged(os) || !mmu_va_in_range(&os->p, va)) return segv(os);
    uint64_t v = os_va_mask(os, va);
    const os_vma *vm = os_vma_of(pr, v);
    if (!vm || !vma_allows(vm, acc)) return segv(os);
    bool did;
    switch (r->cause) {
    case MMU_CAUSE_PTE_INVALID:
    case MMU_CAUSE_HYBRID_BOUND:
        if (ensure_present(os, pr, v, vm, &did, err)) return -1;
        os->st.page_faults++;
        return 0;
    case MMU_CAUSE_PROT:
        if (acc != MMU_ACC_STORE) return segv(os);
        if (cow(os, pr, v, vm, err)) return -1;
        os->st.page_faults++;
        return 0;
    case MMU_CAUSE_AD: {
        uint64_t a;
        if (os_pte_addr(os, pr, v, false, &a, err)) return segv(os);
        uint64_t pte = os_read(os, a, os->p.pte_bytes);
        os_write(os, a, os->p.pte_bytes, os_pte_with_ad(os, pte, true, acc == MMU_ACC_STORE));
        os_flush_page(os, pr, v);
        os->st.ad_faults++;
        return 0;
    }
    case MMU_CAUSE_PRIV:
    case MMU_CAUSE_NONCANONICAL:
    case MMU_CAUSE_SEG_INVALID:
    case MMU_CAUSE_SEG_BOUND:
    case MMU_CAUSE_SEG_PROT:
        (void)priv;
        return segv(os);
    default:
        return mmu_fail(err, NULL, 0, "fault %s at VA 0x%llx in tables the OS built: %s",
                        mmu_cause_name(r->cause), (unsigned long long)va, mmu_cause_text(r->cause));
    }
}

int mmu_os_populate(mmu_os *os, unsigned pid, uint64_t va, mmu_error *err)
{
    os_proc *pr = os_find(os, pid);
    if (!pr) return mmu_fail(err, NULL, 0, "populate: no process %u", pid);
    if (!os_paged(os) || !mmu_va_in_range(&os->p, va)) return 0;
    uint64_t v = os_va_mask(os, va);
    const os_vma *vm = os_vma_of(pr, v);
    if (!vm) return 0;
    bool did;
    if (ensure_present(os, pr, v, vm, &did, err)) return -1;
    if (!did) return 0;
    unsigned gs = os->cfg.group_shift > os->p.page_shift ? os->cfg.group_shift : os->p.page_shift;
    uint64_t n = (uint64_t)1 << (gs - os->p.page_shift), base = v & ~os_mask(gs);
    os->st.populated += n;
    if (!os->cfg.populate_ad) return 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t a, pva = base + (i << os->p.page_shift);
        if (os_pte_addr(os, pr, pva, false, &a, err)) continue;
        uint64_t pte = os_read(os, a, os->p.pte_bytes);
        if (mmu_pte_valid(&os->p, pte))
            os_write(os, a, os->p.pte_bytes, os_pte_with_ad(os, pte, true, os_pte_writable(os, pte) && vm->w));
    }
    return 0;
}

int os_unmap_page(mmu_os *os, os_proc *pr, uint64_t va, uint64_t pte_addr, uint64_t pte)
{
    uint64_t slot;
    os_write(os, pte_addr, os->p.pte_bytes, 0);
    if (mmu_pte_valid(&os->p, pte)) {
        uint64_t frame = mmu_pte_ppn(&os->p, pte);
        os_frame *f = os_frame_info(os, frame);
        if (f && f->kind == FR_DATA) {
            os_map_remove(os, frame, pr, va >> os->p.page_shift);
            if (f->nmap == 0) os_frame_release(os, frame);
        }
    } else if (os_pte_is_swapped(os, pte, &slot)) {
        os_slot_put(os, slot);
    }
    return 0;
}

bool mmu_os_wants_accesses(const mmu_os *os)
{
    return os->cfg.swap_policy == MMU_SWAP_LRU || os->cfg.swap_policy == MMU_SWAP_OPT;
}

void mmu_os_note_access(mmu_os *os, uint64_t pa)
{
    uint64_t frame = pa >> os->p.page_shift;
    os->tick++;
    if (frame < os->fr_cap && os->fr[frame].kind == FR_DATA) {
        os->fr[frame].last_use = os->tick;
        if (os->future_next)
            os->fr[frame].next_use = os->ref_pos < os->nfuture ? os->future_next[os->ref_pos] : OS_NONE;
    }
    os->ref_pos++;
}

/* OPT's future: for each reference, the index of the next reference to the
 * same page (open addressing on (pid, vpn), built back to front). */
int mmu_os_set_future(mmu_os *os, const mmu_os_page *refs, size_t n, mmu_error *err)
{
    free(os->future_next);
    free(os->first);
    os->future_next = NULL;
    os->first = NULL;
    os->nfuture = 0;
    size_t cap = 16;
    while (cap < 2 * n + 16) cap *= 2;
    os->first = calloc(cap, sizeof *os->first);
    os->nfirst_cap = cap;
    os->future_next = malloc((n ? n : 1) * sizeof *os->future_next);
    if (!os->first || !os->future_next)
        return mmu_fail(err, NULL, 0, "out of memory for the OPT future (%zu references)", n);
    for (size_t i = n; i-- > 0;) {
        size_t j = first_slot(os, refs[i].pid, refs[i].vpn);
        os->future_next[i] = os->first[j].used ? os->first[j].at : OS_NONE;
        os->first[j] = (struct os_first){refs[i], i, true};
    }
    os->nfuture = n;
    return 0;
}

/* User data: translate with the hardware rules, let the OS fix faults. */
static int user_access(mmu_os *os, uint64_t va, mmu_access acc, uint64_t *pa, mmu_error *err)
{
    for (int tries = 0; tries < 8; tries++) {
        mmu_result r = mmu_translate(&os->p, &os->regs, &os->memops, va, acc, MMU_PRIV_USER, NULL);
        if (!r.fault) { *pa = r.pa; return 0; }
        int rc = mmu_os_fault(os, va, acc, MMU_PRIV_USER, &r, err);
        if (rc < 0) return -1;
        if (rc > 0) return mmu_fail(err, NULL, 0, "segmentation fault: %s of VA 0x%llx (%s)", mmu_access_name(acc),
                                    (unsigned long long)va, mmu_cause_name(r.cause));
    }
    return mmu_fail(err, NULL, 0, "internal: VA 0x%llx still faults after the OS fixed it", (unsigned long long)va);
}

static void mark_nonzero(mmu_os *os, uint64_t pa)
{
    if (!os_paged(os)) return;
    os_frame *f = os_frame_info(os, pa >> os->p.page_shift);
    if (f) f->maybe_nonzero = true;
}

int mmu_os_write(mmu_os *os, uint64_t va, const void *buf, size_t n, mmu_error *err)
{
    const uint8_t *b = buf;
    for (size_t i = 0; i < n; i++) {
        uint64_t pa;
        if (user_access(os, va + i, MMU_ACC_STORE, &pa, err)) return -1;
        os_write(os, pa, 1, b[i]);
        mark_nonzero(os, pa);
    }
    return 0;
}

int mmu_os_read(mmu_os *os, uint64_t va, void *buf, size_t n, mmu_error *err)
{
    uint8_t *b = buf;
    for (size_t i = 0; i < n; i++) {
        uint64_t pa;
        if (user_access(os, va + i, MMU_ACC_LOAD, &pa, err)) return -1;
        b[i] = (uint8_t)os_read(os, pa, 1);
    }
    return 0;
}
