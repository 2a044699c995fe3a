/* segplace.c — segmentation: where each segment lives in physical memory.
 *
 * Every segment of a process is one contiguous block taken from the free list
 * by the configured fit (first, best, worst); freed blocks coalesce with their
 * neighbours. When no free block is large enough but the free bytes together
 * are, the OS compacts: every block moves down, in address order, to the
 * lowest free address (its bytes copied), segment registers are rewritten,
 * and the free space becomes one block at the top. A heap that grows is
 * extended in place when the bytes after it are free, else moved.
 *
 * Register values (docs/translation.md): grows-positive base = block start,
 * bound = size; grows-negative base = block end, bound = size. A segment
 * whose VA range does not start at offset 0 still needs the bytes from
 * offset 0 (PA = base + offset): the block covers [0, end offset). */
#include <stdlib.h>
#include <string.h>
#include "os_internal.h"

/* A block handed out reads as zero (only non-zero words are written). */
static void zero_range(mmu_os *os, uint64_t pa, uint64_t n)
{
    for (uint64_t o = 0; o < n; o += 8) {
        unsigned b = n - o >= 8 ? 8 : (unsigned)(n - o);
        if (os_read(os, pa + o, b)) os_write(os, pa + o, b, 0);
    }
}

typedef struct { os_proc *pr; unsigned sel; } seg_ref;

static int cmp_phys(const void *a, const void *b)
{
    const seg_ref *x = a, *y = b;
    uint64_t px = x->pr->sseg[x->sel].phys, py = y->pr->sseg[y->sel].phys;
    return px < py ? -1 : px > py;
}

void os_seg_load_regs(mmu_os *os, const os_proc *pr)
{
    for (unsigned s = 0; s < MMU_MAX_SEGMENTS; s++) {
        mmu_segment g = {0};
        if (pr->sseg[s].used) {
            g.valid = true;
            g.grows_negative = pr->sseg[s].grows_negative;
            g.base = pr->sseg[s].phys + (g.grows_negative ? pr->sseg[s].size : 0);
            g.bound = pr->sseg[s].size;
            g.r = pr->sseg[s].r;
            g.w = pr->sseg[s].w;
            g.x = pr->sseg[s].x;
            g.user = true;
        }
        os->regs.seg[s] = g;
    }
}

static void compact(mmu_os *os)
{
    size_t n = 0, k = 0;
    for (size_t i = 0; i < os->nprocs; i++)
        for (unsigned s = 0; s < MMU_MAX_SEGMENTS; s++) n += os->procs[i]->sseg[s].used;
    seg_ref *refs = calloc(n ? n : 1, sizeof *refs);
    if (!refs) return;
    for (size_t i = 0; i < os->nprocs; i++)
        for (unsigned s = 0; s < MMU_MAX_SEGMENTS; s++)
            if (os->procs[i]->sseg[s].used) refs[k++] = (seg_ref){os->procs[i], s};
    qsort(refs, n, sizeof *refs, cmp_phys);
    uint64_t cursor = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t *phys = &refs[i].pr->sseg[refs[i].sel].phys, size = refs[i].pr->sseg[refs[i].sel].size;
        if (*phys != cursor) {
            os_bytes_copy(os, cursor, *phys, size);   /* moves down: a forward copy is safe */
            *phys = cursor;
            os->st.relocations++;
        }
        cursor += size;
    }
    free(refs);
    mmu_fit_policy fit = os->phys.fit;
    os_fl_done(&os->phys);
    (void)os_fl_init(&os->phys, cursor, os->mem_bytes - cursor, fit);
    os->st.compactions++;
    if (os->cur) {
        os_seg_load_regs(os, os->cur);
        os_set_regs(os);
    }
}

/* A block of size bytes: fit, or compact and fit. */
static int place(mmu_os *os, uint64_t size, uint64_t *phys, mmu_error *err)
{
    if (size == 0) {           /* an empty heap owns no memory yet */
        *phys = 0;
        return 0;
    }
    int rc = os_fl_alloc(&os->phys, size, 1, phys);
    if (rc == 1 && os_fl_total(&os->phys) >= size) {
        compact(os);
        rc = os_fl_alloc(&os->phys, size, 1, phys);
    }
    if (rc < 0) return mmu_fail(err, NULL, 0, "out of memory");
    if (rc) return mmu_fail(err, NULL, 0, "out of physical memory: no room for a %llu-byte segment "
                            "(%llu bytes free in all)", (unsigned long long)size,
                            (unsigned long long)os_fl_total(&os->phys));
    zero_range(os, *phys, size);
    return 0;
}

int os_seg_place_all(mmu_os *os, os_proc *pr, mmu_error *err)
{
    unsigned off_bits = mmu_profile_seg_offset_bits(&os->p);
    uint64_t max_seg = (uint64_t)1 << off_bits;
    for (unsigned i = 0; i < pr->nvma; i++) {
        const os_vma *v = &pr->vma[i];
        unsigned sel = (unsigned)(v->start >> off_bits);
        uint64_t off0 = v->start & os_mask(off_bits);
        uint64_t off1 = v->end > v->start ? ((v->end - 1) & os_mask(off_bits)) + 1 : off0;
        uint64_t size = v->grows_negative ? max_seg - off0 : off1;
        if (place(os, size, &pr->sseg[sel].phys, err)) return -1;
        pr->sseg[sel].used = true;
        pr->sseg[sel].size = size;
        pr->sseg[sel].grows_negative = v->grows_negative;
        pr->sseg[sel].r = v->r || v->w;
        pr->sseg[sel].w = v->w;
        pr->sseg[sel].x = v->x;
    }
    if (pr == os->cur) {
        os_seg_load_regs(os, pr);
        os_set_regs(os);
    }
    return 0;
}

int os_seg_release_all(mmu_os *os, os_proc *pr)
{
    for (unsigned s = 0; s < MMU_MAX_SEGMENTS; s++) {
        if (!pr->sseg[s].used) continue;
        (void)os_fl_release(&os->phys, pr->sseg[s].phys, pr->sseg[s].size);
        pr->sseg[s].used = false;
    }
    return 0;
}

int os_seg_fork(mmu_os *os, os_proc *parent, os_proc *child, mmu_error *err)
{
    /* No pages, no COW: the child gets copies of the parent's segments. */
    for (unsigned s = 0; s < MMU_MAX_SEGMENTS; s++) {
        if (!parent->sseg[s].used) continue;
        uint64_t size = parent->sseg[s].size, phys;
        if (place(os, size, &phys, err)) return -1;   /* may compact: read parent's phys after */
        child->sseg[s] = parent->sseg[s];
        child->sseg[s].phys = phys;
        os_bytes_copy(os, phys, parent->sseg[s].phys, size);
    }
    return 0;
}

/* Heap growth or shrink: the segment now covers VA offsets up to new_end. */
int os_seg_resize(mmu_os *os, os_proc *pr, unsigned sel, uint64_t new_end, mmu_error *err)
{
    uint64_t size = pr->sseg[sel].size, phys = pr->sseg[sel].phys;
    uint64_t want = new_end & os_mask(mmu_profile_seg_offset_bits(&os->p));
    if (want == 0 && new_end) want = (uint64_t)1 << mmu_profile_seg_offset_bits(&os->p);
    if (pr->sseg[sel].grows_negative)
        return mmu_fail(err, NULL, 0, "brk: the heap grows negative; only a grows-positive heap can move its end");
    if (want <= size) {
        (void)os_fl_release(&os->phys, phys + want, size - want);
        pr->sseg[sel].size = want;
    } else if (size && os_fl_take(&os->phys, phys + size, want - size) == 0) {
        zero_range(os, phys + size, want - size);
        pr->sseg[sel].size = want;
    } else {
        /* Move: keep the bytes aside, free the old block, place (maybe
         * compacting), copy back. */
        uint8_t *save = malloc(size ? size : 1);
        if (!save) return mmu_fail(err, NULL, 0, "out of memory");
        for (uint64_t o = 0; o < size; o++) save[o] = (uint8_t)os_read(os, phys + o, 1);
        (void)os_fl_release(&os->phys, phys, size);
        pr->sseg[sel].used = false;
        uint64_t np;
        if (place(os, want, &np, err)) {
            /* place compacts only when it then succeeds: the old block is still free. */
            (void)os_fl_take(&os->phys, phys, size);
            pr->sseg[sel].used = true;
            free(save);
            return -1;
        }
        for (uint64_t o = 0; o < size; o++)
            if (save[o] || os_read(os, np + o, 1)) os_write(os, np + o, 1, save[o]);
        free(save);
        pr->sseg[sel].used = true;
        pr->sseg[sel].phys = np;
        pr->sseg[sel].size = want;
        os->st.relocations++;
    }
    if (pr == os->cur) {
        os_seg_load_regs(os, pr);
        os_set_regs(os);
    }
    return 0;
}

int mmu_os_segment_place(const mmu_os *os, unsigned pid, unsigned sel, uint64_t *phys, uint64_t *size)
{
    const os_proc *pr = os_find(os, pid);
    if (!pr || os_paged(os) || sel >= MMU_MAX_SEGMENTS || !pr->sseg[sel].used) return -1;
    *phys = pr->sseg[sel].phys;
    *size = pr->sseg[sel].size;
    return 0;
}
