/* sparsemem.c — sparse little-endian physical memory for scenarios and tests.
 * Chunks are kept in an open-addressing hash table keyed by chunk number, so
 * Sv39's 56-bit physical space costs only what is written. */
#include "mmu_scenario.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_SHIFT 12
#define CHUNK_SIZE (1u << CHUNK_SHIFT)

typedef struct {
    uint64_t key;      /* chunk number + 1; 0 = empty slot */
    uint8_t *bytes;
} chunk_slot;

struct mmu_sparse_mem {
    uint64_t size;
    chunk_slot *slot;
    size_t cap, used;
};

mmu_sparse_mem *mmu_sparse_mem_new(uint64_t size)
{
    mmu_sparse_mem *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->size = size;
    m->cap = 64;
    m->slot = calloc(m->cap, sizeof *m->slot);
    if (!m->slot) { free(m); return NULL; }
    return m;
}

void mmu_sparse_mem_free(mmu_sparse_mem *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->cap; i++) free(m->slot[i].bytes);
    free(m->slot);
    free(m);
}

uint64_t mmu_sparse_mem_size(const mmu_sparse_mem *m) { return m->size; }

static size_t hash(uint64_t k, size_t cap) { return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1); }

static uint8_t *find(const mmu_sparse_mem *m, uint64_t chunk)
{
    for (size_t i = hash(chunk + 1, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->slot[i].key == chunk + 1) return m->slot[i].bytes;
        if (!m->slot[i].key) return NULL;
    }
}

static int grow(mmu_sparse_mem *m)
{
    size_t cap = m->cap * 2;
    chunk_slot *s = calloc(cap, sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slot[i].key) continue;
        size_t j = hash(m->slot[i].key, cap);
        while (s[j].key) j = (j + 1) & (cap - 1);
        s[j] = m->slot[i];
    }
    free(m->slot);
    m->slot = s;
    m->cap = cap;
    return 0;
}

static uint8_t *find_or_add(mmu_sparse_mem *m, uint64_t chunk)
{
    uint8_t *b = find(m, chunk);
    if (b) return b;
    if ((m->used + 1) * 2 > m->cap && grow(m)) return NULL;
    size_t i = hash(chunk + 1, m->cap);
    while (m->slot[i].key) i = (i + 1) & (m->cap - 1);
    b = calloc(1, CHUNK_SIZE);
    if (!b) return NULL;
    m->slot[i].key = chunk + 1;
    m->slot[i].bytes = b;
    m->used++;
    return b;
}

static int in_range(const mmu_sparse_mem *m, uint64_t pa, unsigned bytes)
{
    return bytes && pa < m->size && bytes <= m->size - pa;
}

int mmu_sparse_mem_write(mmu_sparse_mem *m, uint64_t pa, unsigned bytes, uint64_t val)
{
    if (!in_range(m, pa, bytes) || bytes > 8) return -1;
    for (unsigned i = 0; i < bytes; i++) {
        uint8_t *c = find_or_add(m, (pa + i) >> CHUNK_SHIFT);
        if (!c) return -1;
        c[(pa + i) & (CHUNK_SIZE - 1)] = (uint8_t)(val >> (8 * i));
    }
    return 0;
}

int mmu_sparse_mem_read(mmu_sparse_mem *m, uint64_t pa, unsigned bytes, uint64_t *val)
{
    if (!in_range(m, pa, bytes) || bytes > 8) return -1;
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        const uint8_t *c = find(m, (pa + i) >> CHUNK_SHIFT);
        uint64_t byte = c ? c[(pa + i) & (CHUNK_SIZE - 1)] : 0;
        v |= byte << (8 * i);
    }
    *val = v;
    return 0;
}

static int ops_read(void *ctx, uint64_t pa, unsigned bytes, uint64_t *val)
{
    return mmu_sparse_mem_read(ctx, pa, bytes, val);
}

static int ops_cas(void *ctx, uint64_t pa, unsigned bytes, uint64_t expect,
                   uint64_t new_val, uint64_t *old)
{
    if (mmu_sparse_mem_read(ctx, pa, bytes, old)) return -1;
    if (*old != expect) return 0;
    return mmu_sparse_mem_write(ctx, pa, bytes, new_val);
}

mmu_mem mmu_sparse_mem_ops(mmu_sparse_mem *m)
{
    mmu_mem ops = {m, ops_read, ops_cas};
    return ops;
}
