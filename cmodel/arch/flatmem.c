/* flatmem.c — a flat little-endian physical memory usable as mmu_mem.
 * Accesses must be naturally aligned and inside [0, size): anything else is a
 * bus error (non-zero return), reported by the walker as MMU_CAUSE_ACCESS. */
#include "mmu_arch.h"

static int flat_ok(const mmu_flat_mem *m, uint64_t pa, unsigned bytes)
{
    if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) return 0;
    if (pa % bytes != 0) return 0;
    return pa < m->size && bytes <= m->size - pa;
}

static uint64_t flat_get(const mmu_flat_mem *m, uint64_t pa, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) v |= (uint64_t)m->bytes[pa + i] << (8 * i);
    return v;
}

static void flat_put(mmu_flat_mem *m, uint64_t pa, unsigned bytes, uint64_t v)
{
    for (unsigned i = 0; i < bytes; i++) m->bytes[pa + i] = (uint8_t)(v >> (8 * i));
}

static int flat_read(void *ctx, uint64_t pa, unsigned bytes, uint64_t *val)
{
    const mmu_flat_mem *m = ctx;
    if (!flat_ok(m, pa, bytes)) return -1;
    *val = flat_get(m, pa, bytes);
    return 0;
}

static int flat_cas(void *ctx, uint64_t pa, unsigned bytes, uint64_t expect,
                    uint64_t new_val, uint64_t *old)
{
    mmu_flat_mem *m = ctx;
    if (!flat_ok(m, pa, bytes)) return -1;
    uint64_t cur = flat_get(m, pa, bytes);
    if (old) *old = cur;
    if (cur == expect) flat_put(m, pa, bytes, new_val);
    return 0;
}

mmu_mem mmu_flat_mem_ops(mmu_flat_mem *m)
{
    mmu_mem mem = {.ctx = m, .read = flat_read, .cas = flat_cas};
    return mem;
}
