/* pyrandom.c — Python 3's `random` module, bit for bit.
 *
 * The OSTEP simulators draw their problems (and RAND/CLOCK victims) from
 * Python's Mersenne Twister, so solving a problem from its seed means
 * replaying exactly the same stream: same seeding, same number of 32-bit
 * outputs consumed per call, same arithmetic on them. The rules below are
 * those of CPython 3.11 (Modules/_randommodule.c, Lib/random.py).
 */
#include "ostep_internal.h"

enum { MT_N = 624, MT_M = 397 };
#define MT_MATRIX_A   0x9908b0dfu
#define MT_UPPER_MASK 0x80000000u
#define MT_LOWER_MASK 0x7fffffffu

/* Standard MT19937 init_genrand. */
static void init_genrand(ostep_pyrandom *r, uint32_t s)
{
    r->mt[0] = s;
    for (int i = 1; i < MT_N; i++)
        r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
    r->index = MT_N;
}

/* Standard MT19937 init_by_array (key = the seed's 32-bit words). */
static void init_by_array(ostep_pyrandom *r, const uint32_t *key, int len)
{
    init_genrand(r, 19650218u);
    int i = 1, j = 0;
    for (int k = MT_N > len ? MT_N : len; k; k--) {
        r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1664525u))
                   + key[j] + (uint32_t)j;
        i++; j++;
        if (i >= MT_N) { r->mt[0] = r->mt[MT_N - 1]; i = 1; }
        if (j >= len) j = 0;
    }
    for (int k = MT_N - 1; k; k--) {
        r->mt[i] = (r->mt[i] ^ ((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1566083941u))
                   - (uint32_t)i;
        i++;
        if (i >= MT_N) { r->mt[0] = r->mt[MT_N - 1]; i = 1; }
    }
    r->mt[0] = 0x80000000u;   /* MSB is 1, assuring a non-zero initial array */
    r->index = MT_N;
}

/* Regenerate the whole state block (the "twist"). */
static void twist(ostep_pyrandom *r)
{
    static const uint32_t mag01[2] = { 0u, MT_MATRIX_A };
    int kk;
    uint32_t y;
    for (kk = 0; kk < MT_N - MT_M; kk++) {
        y = (r->mt[kk] & MT_UPPER_MASK) | (r->mt[kk + 1] & MT_LOWER_MASK);
        r->mt[kk] = r->mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1u];
    }
    for (; kk < MT_N - 1; kk++) {
        y = (r->mt[kk] & MT_UPPER_MASK) | (r->mt[kk + 1] & MT_LOWER_MASK);
        r->mt[kk] = r->mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1u];
    }
    y = (r->mt[MT_N - 1] & MT_UPPER_MASK) | (r->mt[0] & MT_LOWER_MASK);
    r->mt[MT_N - 1] = r->mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1u];
    r->index = 0;
}

/* One tempered 32-bit output. */
static uint32_t genrand_uint32(ostep_pyrandom *r)
{
    if (r->index >= MT_N) twist(r);
    uint32_t y = r->mt[r->index++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
}

/* random.seed(n) for an int n: the key is abs(n) cut into 32-bit words,
 * least significant first, with no leading zero words — except that 0 is
 * the one-word key {0}. (So seed(-5) == seed(5).) */
void ostep_pyrandom_seed(ostep_pyrandom *r, int64_t seed)
{
    uint64_t mag = seed < 0 ? (uint64_t)0 - (uint64_t)seed : (uint64_t)seed;
    uint32_t key[2] = { (uint32_t)mag, (uint32_t)(mag >> 32) };
    init_by_array(r, key, key[1] ? 2 : 1);
}

/* random.random(): 27 high bits of one output and 26 of the next form a
 * 53-bit integer, scaled by 2**-53; exactly representable, no rounding. */
double ostep_pyrandom_random(ostep_pyrandom *r)
{
    uint32_t a = genrand_uint32(r) >> 5, b = genrand_uint32(r) >> 6;
    return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

/* random.getrandbits(k): ceil(k/32) outputs, least significant word first;
 * the last (most significant) word keeps only its top bits. k == 0 consumes
 * nothing and gives 0. */
uint64_t ostep_pyrandom_getrandbits(ostep_pyrandom *r, unsigned k)
{
    if (k > 64) k = 64;
    uint64_t v = 0;
    for (unsigned shift = 0; k > 0; shift += 32) {
        uint32_t w = genrand_uint32(r);
        unsigned take = k < 32 ? k : 32;
        if (take < 32) w >>= 32 - take;
        v |= (uint64_t)w << shift;
        k -= take;
    }
    return v;
}

static unsigned bit_length(uint64_t n)
{
    unsigned k = 0;
    while (n) { k++; n >>= 1; }
    return k;
}

/* randint(a, b) = randrange(a, b+1) = a + _randbelow(b-a+1), where
 * _randbelow(n) draws getrandbits(n.bit_length()) until the value is < n
 * (rejection sampling: each try consumes words, so the count matters).
 * Python raises ValueError for b < a; here that returns a, consuming
 * nothing. A width of 2**64 (the whole int64 range) has bit_length 65:
 * three words per try, retried while the 65th bit is set. */
int64_t ostep_pyrandom_randint(ostep_pyrandom *r, int64_t a, int64_t b)
{
    if (b < a) return a;
    uint64_t n = (uint64_t)b - (uint64_t)a + 1u;   /* 0 means 2**64 */
    uint64_t v;
    if (n == 0) {
        uint32_t top;
        do {
            v = ostep_pyrandom_getrandbits(r, 64);
            top = genrand_uint32(r) >> 31;
        } while (top);
    } else {
        unsigned k = bit_length(n);
        do v = ostep_pyrandom_getrandbits(r, k); while (v >= n);
    }
    return (int64_t)((uint64_t)a + v);
}
