/* frames.c — physical frames in paging and hybrid mode.
 *
 * All of memory is one free list (first fit, coalescing); a frame is taken
 * from it whole, alone or in aligned runs (tables larger than a page, page
 * groups). Each frame used so far has an os_frame: its kind, whether it may
 * hold non-zero bytes (zeroed before reuse: demand-zero), its reverse map
 * (the PTEs naming it; more than one when COW-shared) and the replacement
 * bookkeeping. User-page frames are also on the resident list. */
#include <stdlib.h>
#include <string.h>
#include "os_internal.h"

static int ensure_info(mmu_os *os, uint64_t frame)
{
    if (frame < os->fr_cap) return 0;
    uint64_t cap = os->fr_cap ? os->fr_cap : 64;
    while (cap <= frame) cap *= 2;
    os_frame *f = realloc(os->fr, cap * sizeof *f);
    if (!f) return -1;
    memset(f + os->fr_cap, 0, (cap - os->fr_cap) * sizeof *f);
    for (uint64_t i = os->fr_cap; i < cap; i++) f[i].slot = OS_NONE;
    os->fr = f;
    os->fr_cap = cap;
    return 0;
}

os_frame *os_frame_info(mmu_os *os, uint64_t frame)
{
    return frame < os->fr_cap ? &os->fr[frame] : NULL;
}

int os_frames_init(mmu_os *os, mmu_error *err)
{
    if (os_fl_init(&os->phys, 0, os->mem_bytes,
                   os->cfg.mode == MMU_MODE_SEGMENTATION ? os->cfg.fit : MMU_FIT_FIRST))
        return mmu_fail(err, NULL, 0, "out of memory");
    return 0;
}

void os_frames_done(mmu_os *os)
{
    for (uint64_t i = 0; i < os->fr_cap; i++) free(os->fr[i].more);
    free(os->fr);
    free(os->resident);
    os_fl_done(&os->phys);
}

void os_frame_zero(mmu_os *os, uint64_t frame)
{
    uint64_t pa = frame << os->p.page_shift;
    for (uint64_t o = 0; o < os->page_bytes; o += 8)
        if (os_read(os, pa + o, 8)) os_write(os, pa + o, 8, 0);
}

void os_bytes_copy(mmu_os *os, uint64_t dst, uint64_t src, uint64_t n)
{
    uint64_t o = 0;
    for (; o + 8 <= n; o += 8) {
        uint64_t v = os_read(os, src + o, 8);
        if (v || os_read(os, dst + o, 8)) os_write(os, dst + o, 8, v);
    }
    for (; o < n; o++) os_write(os, dst + o, 1, os_read(os, src + o, 1));
}

void os_frame_copy(mmu_os *os, uint64_t dst, uint64_t src)
{
    os_bytes_copy(os, dst << os->p.page_shift, src << os->p.page_shift, os->page_bytes);
    os_frame *d = os_frame_info(os, dst), *s = os_frame_info(os, src);
    if (d && s) d->maybe_nonzero = s->maybe_nonzero;
}

static void init_used(mmu_os *os, uint64_t frame, int kind)
{
    os_frame *f = &os->fr[frame];
    /* A data frame may hold bytes a program stored (the OS does not see
     * stores): zero it, so no process sees another's data (demand-zero). */
    if (f->maybe_nonzero || kind == FR_DATA) os_frame_zero(os, frame);
    free(f->more);
    memset(f, 0, sizeof *f);
    f->kind = (uint8_t)kind;
    f->maybe_nonzero = kind == FR_TABLE;
    f->slot = OS_NONE;
    f->res_idx = OS_NONE;
}

int os_frames_alloc_range(mmu_os *os, uint64_t n, uint64_t align, int kind, uint64_t *first, mmu_error *err)
{
    for (;;) {
        uint64_t pa;
        int rc = os_fl_alloc(&os->phys, n * os->page_bytes, align * os->page_bytes, &pa);
        if (rc < 0) return mmu_fail(err, NULL, 0, "out of memory");
        if (rc == 0) {
            uint64_t f0 = pa >> os->p.page_shift;
            if (ensure_info(os, f0 + n - 1)) return mmu_fail(err, NULL, 0, "out of memory");
            for (uint64_t i = 0; i < n; i++) init_used(os, f0 + i, kind);
            *first = f0;
            return 0;
        }
        /* No free run: page out a user page and try again. */
        if (os->st.resident == 0)
            return mmu_fail(err, NULL, 0, "out of physical memory: %llu frame(s) of %llu bytes wanted, "
                            "none free and no user page to swap out (memory is %llu bytes)",
                            (unsigned long long)n, (unsigned long long)os->page_bytes,
                            (unsigned long long)os->mem_bytes);
        if (os_evict_one(os, err)) return -1;
    }
}

int os_frame_alloc(mmu_os *os, int kind, uint64_t *frame, mmu_error *err)
{
    if (kind == FR_DATA && os->cfg.frames && os->st.resident >= os->cfg.frames && os_evict_one(os, err))
        return -1;
    return os_frames_alloc_range(os, 1, 1, kind, frame, err);
}

void os_frame_release(mmu_os *os, uint64_t frame)
{
    os_frame *f = os_frame_info(os, frame);
    if (!f || f->kind == FR_FREE || f->kind == FR_UNUSED) return;
    if (f->kind == FR_DATA && f->res_idx != OS_NONE) os_resident_remove(os, frame);
    if (f->slot != OS_NONE) {
        os_slot_put(os, f->slot);
        f->slot = OS_NONE;
    }
    free(f->more);
    f->more = NULL;
    f->nmap = f->capmap = 0;
    f->kind = FR_FREE;
    (void)os_fl_release(&os->phys, frame << os->p.page_shift, os->page_bytes);
}

os_map *os_map_at(os_frame *f, uint32_t i)
{
    return i == 0 ? &f->map0 : &f->more[i - 1];
}

int os_map_add(mmu_os *os, uint64_t frame, os_proc *pr, uint64_t vpn)
{
    os_frame *f = &os->fr[frame];
    if (f->nmap == 0) {
        f->map0 = (os_map){pr, vpn};
    } else {
        if (f->nmap > f->capmap) {
            uint32_t cap = f->capmap ? f->capmap * 2 : 2;
            os_map *m = realloc(f->more, cap * sizeof *m);
            if (!m) return -1;
            f->more = m;
            f->capmap = cap;
        }
        f->more[f->nmap - 1] = (os_map){pr, vpn};
    }
    f->nmap++;
    return 0;
}

void os_map_remove(mmu_os *os, uint64_t frame, const os_proc *pr, uint64_t vpn)
{
    os_frame *f = os_frame_info(os, frame);
    if (!f) return;
    for (uint32_t i = 0; i < f->nmap; i++) {
        os_map *m = os_map_at(f, i);
        if (m->proc != pr || m->vpn != vpn) continue;
        *m = *os_map_at(f, f->nmap - 1);
        f->nmap--;
        return;
    }
}

int os_resident_add(mmu_os *os, uint64_t frame)
{
    if (os->nres == os->capres) {
        size_t cap = os->capres ? os->capres * 2 : 64;
        uint64_t *r = realloc(os->resident, cap * sizeof *r);
        if (!r) return -1;
        os->resident = r;
        os->capres = cap;
    }
    os->fr[frame].res_idx = os->nres;
    os->resident[os->nres++] = frame;
    os->st.resident++;
    if (os->st.resident > os->st.peak_resident) os->st.peak_resident = os->st.resident;
    return 0;
}

void os_resident_remove(mmu_os *os, uint64_t frame)
{
    uint64_t i = os->fr[frame].res_idx;
    if (i == OS_NONE) return;
    uint64_t last = os->resident[--os->nres];
    os->resident[i] = last;
    os->fr[last].res_idx = i;
    os->fr[frame].res_idx = OS_NONE;
    os->st.resident--;
}
