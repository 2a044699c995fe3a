/* swap.c — page-out and page-in with the replacement policies.
 *
 * Victim choice among resident user pages:
 *   FIFO   the page loaded longest ago
 *   LRU    the page used longest ago (needs every access: mmu_os_note_access)
 *   OPT    the page used farthest in the future (the run gives the future)
 *   CLOCK  a hand sweeps the frames in physical order; a page whose PTE has
 *          A=1 gets A cleared (and its TLB entry flushed: the TLB caches A)
 *          and is passed over; the first page with A=0 goes. Formats without
 *          A (ostep-small) make it FIFO in frame order.
 *   RAND   uniformly, from a seeded generator
 * Page-out writes the page to a swap slot only when it is dirty (D=1; every
 * page counts as dirty in a format without D) or has no copy there yet and may
 * hold data; a clean page keeps its slot. The invalid PTE records slot + 1;
 * a clean page never written and never swapped goes back to "untouched"
 * (the next touch is demand-zero again). */
#include <stdlib.h>
#include <string.h>
#include "mmu_policy.h"
#include "os_internal.h"

int os_swap_init(mmu_os *os, mmu_error *err)
{
    switch (os->p.pte_format) {
    case MMU_PTE_RISCV:
        os->swap_shift = MMU_RV_PPN_LSB;
        os->swap_bits = os->p.pte_bytes * 8 - MMU_RV_PPN_LSB;
        break;
    case MMU_PTE_OSTEP_LINEAR:
        os->swap_shift = 0;
        os->swap_bits = MMU_OL_D;
        break;
    case MMU_PTE_OSTEP_SMALL:
        os->swap_shift = 0;
        os->swap_bits = MMU_OS_V;
        break;
    }
    uint64_t max = os->swap_bits >= 40 ? (uint64_t)1 << 40 : os_mask(os->swap_bits) - 1;
    os->slot_limit = os->cfg.swap_slots ? os->cfg.swap_slots : max;
    if (os->slot_limit > max)
        return mmu_fail(err, NULL, 0, "swap space of %llu pages does not fit the %s PTE (at most %llu slots)",
                        (unsigned long long)os->cfg.swap_slots, mmu_pte_format_name(os->p.pte_format),
                        (unsigned long long)max);
    return 0;
}

void os_swap_done(mmu_os *os)
{
    for (size_t i = 0; i < os->nslots; i++) free(os->slots[i].data);
    free(os->slots);
    free(os->free_slots);
    free(os->wb);
}

static int slot_alloc(mmu_os *os, uint64_t *slot, mmu_error *err)
{
    if (os->nfree_slots) {
        *slot = os->free_slots[--os->nfree_slots];
    } else {
        if (os->nslots >= os->slot_limit)
            return mmu_fail(err, NULL, 0, "out of swap space (%llu slots in use)", (unsigned long long)os->nslots);
        if (os->nslots == os->capslots) {
            size_t cap = os->capslots ? os->capslots * 2 : 64;
            os_slot *s = realloc(os->slots, cap * sizeof *s);
            if (!s) return mmu_fail(err, NULL, 0, "out of memory");
            os->slots = s;
            os->capslots = cap;
        }
        *slot = os->nslots++;
    }
    os->slots[*slot] = (os_slot){1, NULL};
    return 0;
}

void os_slot_get(mmu_os *os, uint64_t slot) { os->slots[slot].refs++; }

void os_slot_put(mmu_os *os, uint64_t slot)
{
    os_slot *s = &os->slots[slot];
    if (s->refs == 0 || --s->refs) return;
    free(s->data);
    s->data = NULL;
    if (os->nfree_slots == os->capfree_slots) {
        size_t cap = os->capfree_slots ? os->capfree_slots * 2 : 64;
        uint64_t *f = realloc(os->free_slots, cap * sizeof *f);
        if (!f) return;   /* the slot is leaked, not reused: still correct */
        os->free_slots = f;
        os->capfree_slots = cap;
    }
    os->free_slots[os->nfree_slots++] = slot;
}

static uint64_t rng_next(mmu_os *os)
{
    uint64_t z = (os->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* PTE address of mapping m (the tables exist: it is mapped). */
static uint64_t map_pte_addr(mmu_os *os, const os_map *m)
{
    uint64_t pa = 0;
    (void)os_pte_addr(os, m->proc, m->vpn << os->p.page_shift, false, &pa, NULL);
    return pa;
}

/* CLOCK: one sweep step; true when frame f is the victim. */
static bool clock_check(mmu_os *os, uint64_t frame)
{
    /* LAB6 BEGIN: CLOCK: one step of the hand over frame f */
    os_frame *f = &os->fr[frame];
    bool referenced = false, has_a = false;
    for (uint32_t i = 0; i < f->nmap; i++) {
        os_map m = *os_map_at(f, i);
        uint64_t a = map_pte_addr(os, &m), pte = os_read(os, a, os->p.pte_bytes);
        if (!os_pte_accessed(os, pte, &has_a)) continue;
        referenced = true;
        os_write(os, a, os->p.pte_bytes, os_pte_clear_a(os, pte));
        os_flush_page(os, m.proc, m.vpn << os->p.page_shift);
    }
    return !referenced;
    /* LAB6 END */
}

static uint64_t pick_victim(mmu_os *os)
{
    /* LAB6 BEGIN: replacement policies: choose the frame to page out */
    uint64_t best = OS_NONE;
    switch (os->cfg.swap_policy) {
    case MMU_SWAP_RAND: {
        for (int tries = 0; tries < 64; tries++) {
            uint64_t f = os->resident[rng_next(os) % os->nres];
            if (f != os->pin_frame) return f;
        }
        break;   /* fall back to a scan below */
    }
    case MMU_SWAP_CLOCK:
        for (uint64_t steps = 0; steps < 3 * os->fr_cap + 3; steps++) {
            uint64_t f = os->clock_hand;
            os->clock_hand = (os->clock_hand + 1) % os->fr_cap;
            if (os->fr[f].kind != FR_DATA || os->fr[f].res_idx == OS_NONE || f == os->pin_frame) continue;
            if (clock_check(os, f)) return f;
        }
        break;
    default:
        break;
    }
    for (size_t i = 0; i < os->nres; i++) {
        uint64_t f = os->resident[i];
        if (f == os->pin_frame) continue;
        if (best == OS_NONE) { best = f; continue; }
        const os_frame *a = &os->fr[f], *b = &os->fr[best];
        mmu_policy_page pa = {a->load_seq, a->last_use, a->next_use};
        mmu_policy_page pb = {b->load_seq, b->last_use, b->next_use};
        mmu_policy pol = os->cfg.swap_policy == MMU_SWAP_LRU ? MMU_POLICY_LRU
                       : os->cfg.swap_policy == MMU_SWAP_OPT ? MMU_POLICY_OPT
                       : MMU_POLICY_FIFO;                        /* FIFO, and fallbacks */
        if (mmu_policy_better(pol, &pa, &pb)) best = f;
    }
    return best;
    /* LAB6 END */
}

static int log_writeback(mmu_os *os, const os_map *m)
{
    if (os->nwb == os->capwb) {
        size_t cap = os->capwb ? os->capwb * 2 : 64;
        mmu_os_page *w = realloc(os->wb, cap * sizeof *w);
        if (!w) return -1;
        os->wb = w;
        os->capwb = cap;
    }
    os->wb[os->nwb++] = (mmu_os_page){m->proc->pid, m->vpn};
    return 0;
}

int os_evict_one(mmu_os *os, mmu_error *err)
{
    if (os->nres == 0) return mmu_fail(err, NULL, 0, "out of memory: no user page left to swap out");
    uint64_t frame = pick_victim(os);
    if (frame == OS_NONE) return mmu_fail(err, NULL, 0, "out of memory: every resident page is in use");
    if (os->cfg.group_shift > os->p.page_shift)
        return mmu_fail(err, NULL, 0, "out of memory with page groups of 2^%u bytes: groups are never "
                        "swapped (give more memory or no frame limit)", os->cfg.group_shift);
    os_frame *f = &os->fr[frame];
    /* LAB6 BEGIN: dirty bit: must the victim be written to swap? */
    bool dirty = false, has_d = false;
    for (uint32_t i = 0; i < f->nmap; i++) {
        os_map m = *os_map_at(f, i);
        uint64_t pte = os_read(os, map_pte_addr(os, &m), os->p.pte_bytes);
        if (os_pte_dirty(os, pte, &has_d) || !has_d) dirty = true;
    }
    /* LAB6 END */
    /* A dirty page holds what the program stored: its bytes must go to swap. */
    if (dirty) f->maybe_nonzero = true;
    /* Where the page goes: its clean copy, a new slot, or nowhere. */
    uint64_t slot = f->slot;
    bool write = false;
    if (dirty || (slot == OS_NONE && f->maybe_nonzero)) {
        if (slot != OS_NONE && os->slots[slot].refs > 1) {   /* copy shared with others */
            os_slot_put(os, slot);
            f->slot = slot = OS_NONE;
        }
        if (slot == OS_NONE) {
            if (slot_alloc(os, &slot, err)) return -1;
            f->slot = slot;          /* held by the frame until it is released */
        }
        write = true;
    }
    if (write) {
        os_slot *s = &os->slots[slot];
        if (f->maybe_nonzero) {
            if (!s->data && !(s->data = malloc(os->page_bytes))) return mmu_fail(err, NULL, 0, "out of memory");
            uint64_t pa = frame << os->p.page_shift;
            for (uint64_t o = 0; o < os->page_bytes; o += 8) {
                uint64_t v = os_read(os, pa + o, 8);
                memcpy(s->data + o, &v, 8);
            }
        } else {
            free(s->data);
            s->data = NULL;
        }
        os->st.dirty_writebacks++;
        if (log_writeback(os, &f->map0)) return mmu_fail(err, NULL, 0, "out of memory");
    }
    /* Every PTE naming the frame now names the slot (or nothing). */
    f = &os->fr[frame];
    for (uint32_t i = 0; i < f->nmap; i++) {
        os_map m = *os_map_at(f, i);
        uint64_t a = map_pte_addr(os, &m);
        if (slot != OS_NONE) os_slot_get(os, slot);
        os_write(os, a, os->p.pte_bytes, slot != OS_NONE ? os_pte_swapped(os, slot) : 0);
        os_flush_page(os, m.proc, m.vpn << os->p.page_shift);
    }
    f->nmap = 0;
    os->st.swap_outs++;
    os_frame_release(os, frame);   /* drops the frame's own reference to the slot */
    return 0;
}

int os_swap_in(mmu_os *os, os_proc *pr, uint64_t va, uint64_t pte_addr, uint64_t slot, mmu_error *err)
{
    const os_vma *v = os_vma_of(pr, va);
    uint64_t frame;
    if (!v) return mmu_fail(err, NULL, 0, "internal: swapped page outside the address space");
    if (os_frame_alloc(os, FR_DATA, &frame, err)) return -1;
    os_frame *f = &os->fr[frame];
    os_slot *s = &os->slots[slot];
    if (s->data) {
        uint64_t pa = frame << os->p.page_shift;
        for (uint64_t o = 0; o < os->page_bytes; o += 8) {
            uint64_t w;
            memcpy(&w, s->data + o, 8);
            if (w) os_write(os, pa + o, 8, w);
        }
        f->maybe_nonzero = true;
    }
    f->slot = slot;               /* the PTE's reference becomes the frame's clean copy */
    uint64_t vpn = va >> os->p.page_shift;
    if (os_map_add(os, frame, pr, vpn)) return mmu_fail(err, NULL, 0, "out of memory");
    os_write(os, pte_addr, os->p.pte_bytes, os_pte_leaf(os, frame, v, true));
    if (os_resident_add(os, frame)) return mmu_fail(err, NULL, 0, "out of memory");
    os_policy_loaded(os, frame, pr, vpn);
    os->st.swap_ins++;
    os_flush_page(os, pr, va);
    return 0;
}
