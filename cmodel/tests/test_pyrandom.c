/* test_pyrandom.c — the Python-random reimplementation against values
 * printed by CPython 3.11.7 (random.seed / random / getrandbits / randint).
 * Every expected number below was obtained by running real CPython; a
 * mismatch means an OSTEP answer that depends on a seed would be wrong. */
#include <string.h>
#include "check.h"
#include "../ostep/ostep_internal.h"

static uint64_t bits_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* random.seed(s); [random.random() for _ in range(3)], as bit patterns. */
static const struct { int64_t seed; uint64_t v[3]; } first_three[] = {
    { 0LL, { 0x3feb0580f98a7dbeull, 0x3fe84129978f9c1aull, 0x3fdaeaa51052e978ull } }, /* 0.8444218515250481 */
    { 1LL, { 0x3fc132d8f91b7584ull, 0x3feb1e2d5b3584f8ull, 0x3fe870d778409f13ull } }, /* 0.13436424411240122 */
    { 42LL, { 0x3fe4762f307200c5ull, 0x3f999c6b5eeb2060ull, 0x3fd19a1491f589dcull } }, /* 0.6394267984578837 */
    { -1LL, { 0x3fc132d8f91b7584ull, 0x3feb1e2d5b3584f8ull, 0x3fe870d778409f13ull } }, /* 0.13436424411240122 */
    { -42LL, { 0x3fe4762f307200c5ull, 0x3f999c6b5eeb2060ull, 0x3fd19a1491f589dcull } }, /* 0.6394267984578837 */
    { 12345LL, { 0x3fdaa9e665dc8a18ull, 0x3f84d392d1f6f840ull, 0x3fea68177b361de3ull } }, /* 0.41661987254534116 */
    { 2147483648LL, { 0x3fd5aed4cb04bd74ull, 0x3fe02977c383c171ull, 0x3fec73e27792adfdull } }, /* 0.3387958510019964 */
    { 4294967295LL, { 0x3fe454d9227a7013ull, 0x3fca0274a3720bf8ull, 0x3fe36f8c1616ef77ull } }, /* 0.6353574441341173 */
    { 4294967296LL, { 0x3fbced31cb3df170ull, 0x3fdabdb5477a4f26ull, 0x3f91139c02ebd380ull } }, /* 0.11299430095636409 */
    { 1099511627779LL, { 0x3fcc21fbe0f92b60ull, 0x3fe1953f8b55c5c9ull, 0x3fb8387c721ffc40ull } }, /* 0.21978710637116716 */
    { 9223372036854775807LL, { 0x3fd443e8e5409ca6ull, 0x3fe43346b887de9dull, 0x3fe9b6b765f6b847ull } }, /* 0.3166448820870279 */
    { INT64_MIN, { 0x3fe1b5fa2193586full, 0x3fee198384d65bb9ull, 0x3fcef9ab7f81e664ull } }, /* 0.5534639983914199 */
};

TEST(random_matches_cpython_for_many_seeds)
{
    for (size_t i = 0; i < sizeof first_three / sizeof first_three[0]; i++) {
        ostep_pyrandom r;
        ostep_pyrandom_seed(&r, first_three[i].seed);
        for (int k = 0; k < 3; k++)
            EXPECT_EQ(bits_of(ostep_pyrandom_random(&r)), first_three[i].v[k]);
    }
}

TEST(negative_seed_is_seeded_like_its_absolute_value)
{
    ostep_pyrandom a, b;
    ostep_pyrandom_seed(&a, -12345);
    ostep_pyrandom_seed(&b, 12345);
    for (int k = 0; k < 5; k++)
        EXPECT_EQ(bits_of(ostep_pyrandom_random(&a)), bits_of(ostep_pyrandom_random(&b)));
}

TEST(random_stays_right_across_state_regeneration)
{
    /* 1000 calls use 2000 words: the 624-word state is twisted three times. */
    ostep_pyrandom r;
    ostep_pyrandom_seed(&r, 7);
    double x = 0;
    for (int k = 0; k < 1000; k++) x = ostep_pyrandom_random(&r);
    EXPECT_EQ(bits_of(x), 0x3fd82ee6bd38d2b6ull);   /* 0.37786262968738116 */
}

TEST(getrandbits_uses_words_low_first_and_keeps_top_bits)
{
    /* random.seed(3); [getrandbits(k) for k in (1,5,31,32,33,48,64,0,64)] */
    static const unsigned k[] = { 1, 5, 31, 32, 33, 48, 64, 0, 64 };
    static const uint64_t want[] = {
        0x0, 0x12, 0x45a94da5, 0x21636369, 0x15eb561a4, 0x795b9a9a80fd,
        0x94b2b8fda02f34a6ull, 0x0, 0x9b08923d10c67fd9ull };
    ostep_pyrandom r;
    ostep_pyrandom_seed(&r, 3);
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        EXPECT_EQ(ostep_pyrandom_getrandbits(&r, k[i]), want[i]);
}

TEST(randint_rejection_sampling_consumes_like_cpython)
{
    /* random.seed(11): five randint(1,6), randint(0,0), randint(-10,10),
     * randint(0,2**40), randint(-2**63,2**63-1), randint(0,2**32-1),
     * randint(0,2**32), then random().hex() == 0x1.4eceef2f4a65dp-1 */
    ostep_pyrandom r;
    ostep_pyrandom_seed(&r, 11);
    static const int64_t dice[] = { 4, 5, 4, 4, 5 };
    for (int i = 0; i < 5; i++) EXPECT_EQ(ostep_pyrandom_randint(&r, 1, 6), dice[i]);
    EXPECT_EQ(ostep_pyrandom_randint(&r, 0, 0), 0);
    EXPECT_EQ(ostep_pyrandom_randint(&r, -10, 10), (int64_t)-5);
    EXPECT_EQ(ostep_pyrandom_randint(&r, 0, (int64_t)1 << 40), 206958040101LL);
    EXPECT_EQ(ostep_pyrandom_randint(&r, INT64_MIN, INT64_MAX), -3626606606854918714LL);
    EXPECT_EQ(ostep_pyrandom_randint(&r, 0, 4294967295LL), 4218488628LL);
    EXPECT_EQ(ostep_pyrandom_randint(&r, 0, 4294967296LL), 4143603128LL);
    EXPECT_EQ(bits_of(ostep_pyrandom_random(&r)), bits_of(0x1.4eceef2f4a65dp-1));
}

TEST(randint_then_random_for_negative_seed)
{
    /* random.seed(-11): [randint(1,100) for 4], then random() */
    ostep_pyrandom r;
    ostep_pyrandom_seed(&r, -11);
    static const int64_t want[] = { 58, 72, 100, 60 };
    for (int i = 0; i < 4; i++) EXPECT_EQ(ostep_pyrandom_randint(&r, 1, 100), want[i]);
    EXPECT_EQ(bits_of(ostep_pyrandom_random(&r)), 4601811107400650516ull);
}

int main(void)
{
    RUN(random_matches_cpython_for_many_seeds);
    RUN(negative_seed_is_seeded_like_its_absolute_value);
    RUN(random_stays_right_across_state_regeneration);
    RUN(getrandbits_uses_words_low_first_and_keeps_top_bits);
    RUN(randint_rejection_sampling_consumes_like_cpython);
    RUN(randint_then_random_for_negative_seed);
    return check_summary();
}
