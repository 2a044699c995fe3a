/* freelist.c — free physical byte ranges, as OSTEP's free-space chapter
 * describes them: a list sorted by address, placement by first, best or
 * worst fit, and coalescing of neighbours on every release. */
#include <stdlib.h>
#include <string.h>
#include "os_internal.h"

int os_fl_init(os_freelist *fl, uint64_t start, uint64_t size, mmu_fit_policy fit)
{
    memset(fl, 0, sizeof *fl);
    fl->fit = fit;
    fl->cap = 16;
    fl->r = malloc(fl->cap * sizeof *fl->r);
    if (!fl->r) return -1;
    if (size) fl->r[fl->n++] = (os_range){start, size};
    return 0;
}

void os_fl_done(os_freelist *fl)
{
    free(fl->r);
    memset(fl, 0, sizeof *fl);
}

static int insert_at(os_freelist *fl, size_t i, os_range v)
{
    if (fl->n == fl->cap) {
        os_range *r = realloc(fl->r, fl->cap * 2 * sizeof *r);
        if (!r) return -1;
        fl->r = r;
        fl->cap *= 2;
    }
    memmove(&fl->r[i + 1], &fl->r[i], (fl->n - i) * sizeof *fl->r);
    fl->r[i] = v;
    fl->n++;
    return 0;
}

static void remove_at(os_freelist *fl, size_t i)
{
    memmove(&fl->r[i], &fl->r[i + 1], (fl->n - i - 1) * sizeof *fl->r);
    fl->n--;
}

/* Carve [a, a+size) out of block i (which contains it). */
static int carve(os_freelist *fl, size_t i, uint64_t a, uint64_t size)
{
    os_range b = fl->r[i];
    uint64_t pre = a - b.start, post = b.start + b.size - (a + size);
    if (pre && post) {
        fl->r[i].size = pre;
        return insert_at(fl, i + 1, (os_range){a + size, post});
    }
    if (pre) fl->r[i].size = pre;
    else if (post) fl->r[i] = (os_range){a + size, post};
    else remove_at(fl, i);
    return 0;
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
    return align <= 1 ? v : (v + align - 1) / align * align;
}

int os_fl_alloc(os_freelist *fl, uint64_t size, uint64_t align, uint64_t *out)
{
    size_t best = SIZE_MAX;
    uint64_t best_left = 0;
    if (size == 0) size = 1;
    for (size_t i = 0; i < fl->n; i++) {
        uint64_t a = align_up(fl->r[i].start, align), end = fl->r[i].start + fl->r[i].size;
        if (a < fl->r[i].start || a > end || end - a < size) continue;
        uint64_t left = fl->r[i].size - size;
        if (fl->fit == MMU_FIT_FIRST) { best = i; break; }
        if (best == SIZE_MAX || (fl->fit == MMU_FIT_BEST ? left < best_left : left > best_left)) {
            best = i;
            best_left = left;
        }
    }
    if (best == SIZE_MAX) return 1;
    uint64_t a = align_up(fl->r[best].start, align);
    if (carve(fl, best, a, size)) return -1;
    *out = a;
    return 0;
}

int os_fl_release(os_freelist *fl, uint64_t start, uint64_t size)
{
    if (!size) return 0;
    size_t i = 0;
    while (i < fl->n && fl->r[i].start < start) i++;
    bool join_prev = i > 0 && fl->r[i - 1].start + fl->r[i - 1].size == start;
    bool join_next = i < fl->n && start + size == fl->r[i].start;
    if (join_prev && join_next) {
        fl->r[i - 1].size += size + fl->r[i].size;
        remove_at(fl, i);
    } else if (join_prev) {
        fl->r[i - 1].size += size;
    } else if (join_next) {
        fl->r[i].start = start;
        fl->r[i].size += size;
    } else {
        return insert_at(fl, i, (os_range){start, size});
    }
    return 0;
}

int os_fl_take(os_freelist *fl, uint64_t start, uint64_t size)
{
    for (size_t i = 0; i < fl->n; i++) {
        os_range b = fl->r[i];
        if (b.start <= start && start - b.start <= b.size && b.start + b.size - start >= size)
            return carve(fl, i, start, size);
    }
    return 1;
}

uint64_t os_fl_total(const os_freelist *fl)
{
    uint64_t t = 0;
    for (size_t i = 0; i < fl->n; i++) t += fl->r[i].size;
    return t;
}
