/* mmu_tracegen.h — seeded synthetic traces (docs/traces.md, "Generators").
 *
 * A generator yields the same events as a trace reader, in the native
 * format's rules (create, switch, accesses, OS events), so whatever reads a
 * trace can read a generator, and mmu_gen_write's output reads back as the
 * identical event sequence. Same config and seed: same events, on every
 * machine and build (the PRNG is ours, never rand()).
 */
#ifndef MMU_TRACEGEN_H
#define MMU_TRACEGEN_H

#include <stdint.h>
#include <stdio.h>
#include "mmu_error.h"
#include "mmu_trace.h"

/* xoshiro256** seeded through splitmix64: small, fast, and documented well
 * enough that a seed means the same thing everywhere. */
typedef struct { uint64_t s[4]; } mmu_rng;
void mmu_rng_seed(mmu_rng *g, uint64_t seed);
/* Inline: the lockstep environment draws several values every cycle. */
static inline uint64_t mmu_rng_next(mmu_rng *g)
{
    uint64_t *s = g->s;
    uint64_t x = s[1] * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}
uint64_t mmu_rng_below(mmu_rng *g, uint64_t n);   /* uniform in [0, n), n >= 1 */

typedef enum {
    MMU_GEN_SEQ = 0,    /* walk the data region SIZE bytes at a time            */
    MMU_GEN_STRIDE,     /* one access every STRIDE bytes, wrapping at SPAN       */
    MMU_GEN_RANDOM,     /* uniform over SPAN                                     */
    MMU_GEN_LOOP,       /* a code loop (fetches) sweeping SPAN by STRIDE, again and again */
    MMU_GEN_WSET,       /* LOCALITY% inside a WSET window that moves every PHASE */
    MMU_GEN_MULTI,      /* PROCS processes, a context switch every QUANTUM       */
    MMU_GEN_COW,        /* parent fills its heap, forks, both write: copy-on-write */
    MMU_GEN_HEAP,       /* brk grows the heap by GROW every EVERY accesses       */
    MMU_GEN_KIND_COUNT
} mmu_gen_kind;

/* Address-space layout (every kind): code at 0, heap at 2^va_bits / 4,
 * stack ending at 2^va_bits and growing down — the OSTEP picture, with the
 * top two VA bits choosing code (00), heap (01) and stack (11). */
typedef struct {
    mmu_gen_kind kind;
    uint64_t seed;
    uint64_t count;      /* accesses (fetches included); OS events come on top */
    unsigned va_bits;    /* size of each address space: 12..48                */
    uint64_t page;       /* page size: segment alignment; cow/heap granularity */
    uint64_t span;       /* bytes of heap the data accesses range over        */
    unsigned size;       /* bytes per data access: power of two <= page, aligned */
    uint64_t stride;     /* stride, loop                                      */
    unsigned store_pct;  /* share of data accesses that are stores            */
    uint64_t wset;       /* wset, multi: working-set bytes                    */
    unsigned locality;   /* wset: % of accesses inside the working set        */
    uint64_t phase;      /* wset: accesses before the working set moves       */
    unsigned procs;      /* multi: processes (1..64)                          */
    uint64_t quantum;    /* multi, cow: accesses per time slice               */
    uint64_t grow;       /* heap: bytes per brk                               */
    uint64_t every;      /* heap: accesses between brks                       */
} mmu_gen_config;

/* Which config fields a kind reads (bits of MMU_GEN_OPT_*); the CLI refuses
 * options a kind would ignore. */
enum {
    MMU_GEN_OPT_SPAN = 1 << 0, MMU_GEN_OPT_SIZE = 1 << 1, MMU_GEN_OPT_STRIDE = 1 << 2,
    MMU_GEN_OPT_STORE = 1 << 3, MMU_GEN_OPT_WSET = 1 << 4, MMU_GEN_OPT_LOCALITY = 1 << 5,
    MMU_GEN_OPT_PHASE = 1 << 6, MMU_GEN_OPT_PROCS = 1 << 7, MMU_GEN_OPT_QUANTUM = 1 << 8,
    MMU_GEN_OPT_GROW = 1 << 9, MMU_GEN_OPT_EVERY = 1 << 10
};
unsigned mmu_gen_kind_options(mmu_gen_kind kind);

const char *mmu_gen_kind_name(mmu_gen_kind kind);
const char *mmu_gen_kind_summary(mmu_gen_kind kind);
int mmu_gen_kind_parse(const char *s, mmu_gen_kind *out);

/* The defaults of a kind (seed 1, 10000 accesses, 32-bit address spaces). */
void mmu_gen_defaults(mmu_gen_kind kind, mmu_gen_config *cfg);
/* 0, or -1 with err saying which value is wrong and what would do. */
int mmu_gen_check(const mmu_gen_config *cfg, mmu_error *err);

typedef struct mmu_gen mmu_gen;
mmu_gen *mmu_gen_new(const mmu_gen_config *cfg, mmu_error *err);   /* checks cfg */
/* 1: *ev filled (ev->line counts events from 1); 0: done. */
int mmu_gen_next(mmu_gen *g, mmu_trace_event *ev);
void mmu_gen_free(mmu_gen *g);

/* The whole trace in the native format, after a `#` header naming the
 * config. 0, or -1 with err. */
int mmu_gen_write(const mmu_gen_config *cfg, FILE *out, mmu_error *err);

#endif
