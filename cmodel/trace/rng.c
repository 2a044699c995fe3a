/* rng.c — xoshiro256** (Blackman & Vigna), seeded through splitmix64.
 * Ours rather than rand(): a seed must mean the same trace on every libc. */
#include "mmu_tracegen.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void mmu_rng_seed(mmu_rng *g, uint64_t seed)
{
    for (int i = 0; i < 4; i++) g->s[i] = splitmix64(&seed);
}

/* mmu_rng_next (xoshiro256**) is inline in mmu_tracegen.h. */

/* Rejection keeps it uniform: values below 2^64 mod n would favour the
 * small residues. */
uint64_t mmu_rng_below(mmu_rng *g, uint64_t n)
{
    if (n <= 1) return 0;
    uint64_t threshold = (0 - n) % n;
    for (;;) {
        uint64_t v = mmu_rng_next(g);
        if (v >= threshold) return v % n;
    }
}
