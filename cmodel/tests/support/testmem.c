/* testmem.c — see testmem.h. */
#include "testmem.h"
#include <stdlib.h>
#include <string.h>

#define TM_CHUNK 4096u
#define TM_MAX_INJECT 8

typedef struct { uint64_t base; uint8_t *bytes; } tm_chunk;

struct testmem {
    uint64_t limit;
    tm_chunk *chunk;
    unsigned nchunk, cap;
    uint64_t fail_read[TM_MAX_INJECT]; unsigned nfail_read;
    uint64_t fail_cas[TM_MAX_INJECT]; unsigned nfail_cas;
    uint64_t race_pa, race_val[TM_MAX_INJECT]; unsigned race_next, race_n;
    unsigned reads, cas_calls, writes;
};

static void *tm_alloc(size_t n)
{
    void *p = calloc(1, n);
    if (!p) abort();
    return p;
}

testmem *tm_new(uint64_t limit)
{
    testmem *m = tm_alloc(sizeof *m);
    m->limit = limit;
    return m;
}

void tm_free(testmem *m)
{
    if (!m) return;
    for (unsigned i = 0; i < m->nchunk; i++) free(m->chunk[i].bytes);
    free(m->chunk);
    free(m);
}

static uint8_t *tm_byte(testmem *m, uint64_t pa, int create)
{
    uint64_t base = pa & ~(uint64_t)(TM_CHUNK - 1);
    for (unsigned i = 0; i < m->nchunk; i++)
        if (m->chunk[i].base == base) return &m->chunk[i].bytes[pa - base];
    if (!create) return NULL;
    if (m->nchunk == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 16;
        m->chunk = realloc(m->chunk, m->cap * sizeof *m->chunk);
        if (!m->chunk) abort();
    }
    m->chunk[m->nchunk].base = base;
    m->chunk[m->nchunk].bytes = tm_alloc(TM_CHUNK);
    return &m->chunk[m->nchunk++].bytes[pa - base];
}

void tm_put(testmem *m, uint64_t pa, unsigned bytes, uint64_t val)
{
    for (unsigned i = 0; i < bytes; i++) *tm_byte(m, pa + i, 1) = (uint8_t)(val >> (8 * i));
}

uint64_t tm_get(const testmem *m, uint64_t pa, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        const uint8_t *b = tm_byte((testmem *)m, pa + i, 0);
        if (b) v |= (uint64_t)*b << (8 * i);
    }
    return v;
}

static int in_list(const uint64_t *l, unsigned n, uint64_t pa)
{
    for (unsigned i = 0; i < n; i++)
        if (l[i] == pa) return 1;
    return 0;
}

static int tm_bad(const testmem *m, uint64_t pa, unsigned bytes)
{
    if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) return 1;
    return pa % bytes != 0 || pa >= m->limit || bytes > m->limit - pa;
}

static int tm_read_op(void *ctx, uint64_t pa, unsigned bytes, uint64_t *val)
{
    testmem *m = ctx;
    m->reads++;
    if (tm_bad(m, pa, bytes) || in_list(m->fail_read, m->nfail_read, pa)) return -1;
    *val = tm_get(m, pa, bytes);
    return 0;
}

static int tm_cas_op(void *ctx, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t new_val,
                     uint64_t *old)
{
    testmem *m = ctx;
    m->cas_calls++;
    if (tm_bad(m, pa, bytes) || in_list(m->fail_cas, m->nfail_cas, pa)) return -1;
    if (m->race_next < m->race_n && m->race_pa == pa)
        tm_put(m, pa, bytes, m->race_val[m->race_next++]);
    uint64_t cur = tm_get(m, pa, bytes);
    *old = cur;
    if (cur == expect) {
        tm_put(m, pa, bytes, new_val);
        m->writes++;
    }
    return 0;
}

mmu_mem tm_mem(testmem *m)
{
    mmu_mem mem = {.ctx = m, .read = tm_read_op, .cas = tm_cas_op};
    return mem;
}

void tm_fail_read_at(testmem *m, uint64_t pa)
{
    if (m->nfail_read < TM_MAX_INJECT) m->fail_read[m->nfail_read++] = pa;
}

void tm_fail_cas_at(testmem *m, uint64_t pa)
{
    if (m->nfail_cas < TM_MAX_INJECT) m->fail_cas[m->nfail_cas++] = pa;
}

void tm_race_seq(testmem *m, uint64_t pa, const uint64_t *vals, unsigned n)
{
    m->race_pa = pa;
    m->race_next = 0;
    m->race_n = n < TM_MAX_INJECT ? n : TM_MAX_INJECT;
    for (unsigned i = 0; i < m->race_n; i++) m->race_val[i] = vals[i];
}

void tm_race_at(testmem *m, uint64_t pa, uint64_t val, unsigned times)
{
    uint64_t v[TM_MAX_INJECT];
    for (unsigned i = 0; i < TM_MAX_INJECT; i++) v[i] = val;
    tm_race_seq(m, pa, v, times);
}

unsigned tm_reads(const testmem *m) { return m->reads; }
unsigned tm_cas_calls(const testmem *m) { return m->cas_calls; }
unsigned tm_writes(const testmem *m) { return m->writes; }

uint64_t tm_rv_pte(uint64_t ppn, const char *flags)
{
    static const char letters[] = "vrwxugad";
    uint64_t v = ppn << 10;
    for (; *flags; flags++) {
        const char *at = strchr(letters, *flags);
        if (at) v |= (uint64_t)1 << (at - letters);
    }
    return v;
}

static uint64_t tm_vpn(const mmu_profile *p, uint64_t va, int i)
{
    return (va >> (p->page_shift + (unsigned)i * p->vpn_bits)) & ((1u << p->vpn_bits) - 1);
}

uint64_t tm_map(testmem *m, const mmu_profile *p, uint64_t root, uint64_t va, int level,
                uint64_t pte, uint64_t *next_ppn)
{
    uint64_t table = root;
    for (int i = (int)p->levels - 1; i > level; i--) {
        uint64_t a = (table << p->page_shift) + tm_vpn(p, va, i) * p->pte_bytes;
        uint64_t cur = tm_get(m, a, p->pte_bytes);
        if (!(cur & 1) || (cur & 0xe)) {             /* not a valid pointer: make one */
            cur = tm_rv_pte((*next_ppn)++, "v");
            tm_put(m, a, p->pte_bytes, cur);
        }
        table = cur >> 10;
    }
    uint64_t a = (table << p->page_shift) + tm_vpn(p, va, level) * p->pte_bytes;
    tm_put(m, a, p->pte_bytes, pte);
    return a;
}

uint64_t tm_pte_addr(const testmem *m, const mmu_profile *p, uint64_t root, uint64_t va, int level)
{
    uint64_t table = root;
    for (int i = (int)p->levels - 1; i > level; i--)
        table = tm_get(m, (table << p->page_shift) + tm_vpn(p, va, i) * p->pte_bytes, p->pte_bytes) >> 10;
    return (table << p->page_shift) + tm_vpn(p, va, level) * p->pte_bytes;
}
