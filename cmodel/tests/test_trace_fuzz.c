/* test_trace_fuzz.c — a deterministic mutation fuzz of the three trace
 * parsers and the gzip path: whatever the input, no crash (ASan/UBSan),
 * -1 always comes with an error naming the input and a line, every event
 * yielded is well-formed, and every native event writes and reads back the
 * same.
 *
 * make test runs a few thousand inputs. For a longer run:
 *   MMU_FUZZ_SECONDS=300 MMU_FUZZ_SEED=7 build/san/tests/test_trace_fuzz */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include "check.h"
#include "mmu_tracegen.h"

static const char *const SEEDS[] = {
    "# native\ncreate 1 code=0x400000+64K:rx heap=0x600000+16K:rw stack=0x80000000-64K:rw:down\n"
    "switch 1\nI 0x400000 4\nL 0x600010 8\nS 0x600ffc 8\nM 0x600020 4\nfork 1 2\nswitch 2\n"
    "brk 2 +8K\nbrk 2 -4K\nbrk 2 32K\nflush\nexit 2\nswitch 1\nload 0x600000\nexit 1\n",
    "create 3 a=0+1:r b=0x10+0x30:w heap=0x1000+0:- c=0xfffffffffffff000+4K:x:down\nswitch 3\n"
    "X 0xfff 2\nW 1K 4096\nbrk 3 0x100\nfork 3 4\nexit 3\nswitch 4\nR 0\n",
    "==4647== Lackey, an example Valgrind tool\n==4647== Command: ./t\nI  004014f0,2\n L 1fff000780,8\n"
    " S 04229ce0,4\n M 0422a0a8,16\n--4647-- warning\nI  ffffffffff600000,3\n==4647== Exit code: 0\n",
    "I  00401615,4\n L 1ffefffd68,8\n S 1ffefffd60,8\nI  00401619,7\n M 004c6f40,4\n",
    "2 0\n0 1000\n1 70f60888\n2 2cb5\n3 0\n4 0\n0 7ffc 8 # comment\n0x1 0x10 0x4\n",
};
#define NSEEDS (sizeof SEEDS / sizeof SEEDS[0])
static const mmu_trace_format SEED_FORMAT[NSEEDS] = {MMU_TRACE_NATIVE, MMU_TRACE_NATIVE, MMU_TRACE_LACKEY,
                                                     MMU_TRACE_LACKEY, MMU_TRACE_DIN};

/* Fragments that steer mutations toward the parsers' edges. */
static const char *const TOKENS[] = {
    "\n", "\r\n", " ", "\t", "#", ",", "=", ":", "+", "-", "0x", "0", "1", "4", "9", "f", "ffffffffffffffff",
    "0xffffffffffffffff", "18446744073709551616", "4096", "4097", "65535", "65536", "K", "M", "G", "down",
    "create 9 heap=0+4K:rw", "switch 9", "switch 1", "exit 1", "fork 1 9", "brk 1 +", "brk 9 -1G", "flush",
    "L ", "S ", "I  ", " M ", "==1==", "--2--", "rwx", "heap=", "\0", "\x1f\x8b", "M 0xfff 4096",
};
#define NTOKENS (sizeof TOKENS / sizeof TOKENS[0])

typedef struct {
    char *p;
    size_t len, cap;
} buf;

static void reserve(buf *b, size_t n)
{
    if (b->len + n <= b->cap) return;
    while (b->cap < b->len + n) b->cap = b->cap ? b->cap * 2 : 256;
    b->p = realloc(b->p, b->cap);
}

static void insert(buf *b, size_t at, const char *s, size_t n)
{
    reserve(b, n);
    memmove(b->p + at + n, b->p + at, b->len - at);
    memcpy(b->p + at, s, n);
    b->len += n;
}

static void mutate(buf *b, mmu_rng *g)
{
    size_t at = b->len ? mmu_rng_below(g, b->len + 1) : 0;
    switch (mmu_rng_below(g, 7)) {
    case 0:                                               /* flip a bit */
        if (b->len) b->p[at % b->len] ^= (char)(1 << mmu_rng_below(g, 8));
        break;
    case 1: {                                             /* a random byte */
        char c = (char)mmu_rng_below(g, 256);
        insert(b, at, &c, 1);
        break;
    }
    case 2: {                                             /* an interesting fragment */
        const char *t = TOKENS[mmu_rng_below(g, NTOKENS)];
        insert(b, at, t, *t ? strlen(t) : 1);
        break;
    }
    case 3: {                                             /* delete a range */
        size_t n = mmu_rng_below(g, 16) + 1;
        if (at + n > b->len) n = b->len - at;
        memmove(b->p + at, b->p + at + n, b->len - at - n);
        b->len -= n;
        break;
    }
    case 4: {                                             /* duplicate a range */
        if (!b->len) break;
        size_t from = mmu_rng_below(g, b->len), n = mmu_rng_below(g, 64) + 1;
        if (from + n > b->len) n = b->len - from;
        char tmp[64];
        memcpy(tmp, b->p + from, n);
        insert(b, at, tmp, n);
        break;
    }
    case 5: {                                             /* splice in another seed */
        const char *s = SEEDS[mmu_rng_below(g, NSEEDS)];
        size_t from = mmu_rng_below(g, strlen(s)), n = mmu_rng_below(g, 80) + 1;
        if (from + n > strlen(s)) n = strlen(s) - from;
        insert(b, at, s + from, n);
        break;
    }
    default:                                              /* a digit becomes 9 (overflows, limits) */
        for (size_t i = at; i < b->len; i++)
            if (b->p[i] >= '0' && b->p[i] <= '8') {
                b->p[i] = '9';
                break;
            }
        break;
    }
}

static unsigned count_lines(const buf *b)
{
    unsigned n = 1;
    for (size_t i = 0; i < b->len; i++) n += b->p[i] == '\n';
    return n;
}

typedef struct {
    uint64_t inputs, events, errors, gz_inputs;
    unsigned bad;                 /* property violations (first noted) */
} stats;

static void violation(stats *st, const char *what, unsigned long long input)
{
    if (!st->bad++) check_note(__FILE__, __LINE__, "input %llu: %s", input, what);
}

static bool event_ok(const mmu_trace_event *ev, mmu_trace_format fmt)
{
    uint64_t pages[2];
    switch (ev->kind) {
    case MMU_EV_ACCESS:
        if (ev->size < 1 || ev->size > MMU_TRACE_MAX_SIZE || (unsigned)ev->acc >= MMU_ACC_COUNT) return false;
        if (ev->va + (ev->size - 1) < ev->va) return false;
        if (fmt != MMU_TRACE_NATIVE && ev->pid != 1) return false;
        return ev->pid >= 1 && mmu_trace_split_pages(ev, 12, pages) >= 1;
    case MMU_EV_CREATE: return ev->seg_count <= MMU_TRACE_MAX_SEGS && fmt == MMU_TRACE_NATIVE;
    case MMU_EV_FLUSH: return true;
    default: return fmt == MMU_TRACE_NATIVE && ev->pid >= 1 && ev->pid <= MMU_TRACE_MAX_PID;
    }
}

static bool same(const mmu_trace_event *a, const mmu_trace_event *b)
{
    return a->kind == b->kind && a->pid == b->pid && a->va == b->va && a->size == b->size && a->acc == b->acc &&
           a->child == b->child && a->value == b->value && a->seg_count == b->seg_count &&
           !memcmp(a->seg, b->seg, sizeof a->seg);
}

/* The native events written out must read back as themselves. */
static void check_round_trip(const mmu_trace_event *ev, size_t n, stats *st, unsigned long long input)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    for (size_t i = 0; i < n; i++)
        if (mmu_trace_write_event(f, &ev[i])) violation(st, "a native event the reader gave does not write", input);
    fclose(f);
    mmu_trace_reader *r = mmu_trace_open_buffer("rt", text, len, MMU_TRACE_NATIVE, NULL);
    mmu_trace_event back;
    mmu_error err;
    size_t i = 0;
    int got;
    while ((got = mmu_trace_next(r, &back, &err)) == 1) {
        if (i >= n || !same(&back, &ev[i])) violation(st, "round trip changed an event", input);
        i++;
    }
    if (got < 0 || i != n) violation(st, "round trip lost events or failed", input);
    mmu_trace_close(r);
    free(text);
}

#define MAX_KEEP 4096

/* Read everything from r, checking the properties. */
static void drain(mmu_trace_reader *r, const char *name, unsigned lines, stats *st, unsigned long long input)
{
    static mmu_trace_event kept[MAX_KEEP];
    size_t nkept = 0;
    mmu_trace_event ev;
    mmu_error err;
    memset(&err, 0, sizeof err);
    int got;
    unsigned events = 0;
    while ((got = mmu_trace_next(r, &ev, &err)) == 1 && events < 200000) {
        events++;
        mmu_trace_format fmt = mmu_trace_reader_format(r);
        if (!event_ok(&ev, fmt)) violation(st, "malformed event", input);
        if (fmt == MMU_TRACE_NATIVE && nkept < MAX_KEEP) kept[nkept++] = ev;
    }
    st->events += events;
    if (got < 0) {
        st->errors++;
        mmu_error again;
        if (!err.msg[0] || strcmp(err.file, name)) violation(st, "-1 without a message naming the input", input);
        if (err.line < 0 || (unsigned)err.line > lines + 1) violation(st, "error line out of range", input);
        if (mmu_trace_next(r, &ev, &again) != -1 || again.line != err.line)
            violation(st, "error not sticky", input);
    }
    if (mmu_trace_reader_format(r) == MMU_TRACE_NATIVE && nkept) check_round_trip(kept, nkept, st, input);
}

typedef struct {
    int got, line;
    size_t n;
    uint64_t hash;
    char msg[512];
} outcome;

static uint64_t hash_event(uint64_t h, const mmu_trace_event *ev)
{
    uint64_t v[] = {ev->kind, ev->pid, ev->acc, ev->va, ev->size, ev->child, ev->value, ev->seg_count};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) h = (h ^ v[i]) * 0x100000001b3ull;
    return h;
}

static outcome outcome_of(const char *text, size_t len)
{
    outcome o = {0, 0, 0, 0xcbf29ce484222325ull, ""};
    mmu_error err = {{0}, 0, {0}};
    mmu_trace_reader *r = mmu_trace_open_buffer("diff", text, len, MMU_TRACE_NATIVE, &err);
    mmu_trace_event ev;
    while ((o.got = mmu_trace_next(r, &ev, &err)) == 1 && o.n < 100000) o.n++, o.hash = hash_event(o.hash, &ev);
    if (o.got < 0) o.line = err.line, snprintf(o.msg, sizeof o.msg, "%s", err.msg);
    mmu_trace_close(r);
    return o;
}

/* The native parser reads "L 0x10 8" on a fast path; " L 0x10 8" (a
 * leading blank) takes the general one. Both must agree on everything. */
static void fast_path_agrees(const buf *b, stats *st, unsigned long long input)
{
    size_t run = 0;
    for (size_t i = 0; i < b->len; i++)        /* the added blank must not make a line too long */
        if ((run = b->p[i] == '\n' ? 0 : run + 1) >= MMU_TRACE_MAX_LINE) return;
    buf spaced = {0};
    insert(&spaced, 0, " ", 1);
    for (size_t i = 0; i < b->len; i++) {
        insert(&spaced, spaced.len, &b->p[i], 1);
        if (b->p[i] == '\n') insert(&spaced, spaced.len, " ", 1);
    }
    outcome x = outcome_of(b->p, b->len), y = outcome_of(spaced.p, spaced.len);
    if (x.got != y.got || x.n != y.n || x.hash != y.hash || x.line != y.line || strcmp(x.msg, y.msg))
        violation(st, "the fast access path and the general parser disagree", input);
    free(spaced.p);
}

static void one_buffer(const buf *b, mmu_trace_format fmt, stats *st, unsigned long long input)
{
    /* An exact-size copy, so ASan sees any read past the end. */
    char *copy = malloc(b->len ? b->len : 1);
    memcpy(copy, b->p, b->len);
    mmu_error err;
    mmu_trace_reader *r = mmu_trace_open_buffer("fuzz", copy, b->len, fmt, &err);
    if (!r) violation(st, "open_buffer failed", input);
    else drain(r, "fuzz", count_lines(b), st, input);
    mmu_trace_close(r);
    free(copy);
}

/* Through a real .gz file; sometimes with the compressed bytes damaged. */
static void one_gzip(const buf *b, mmu_rng *g, const char *path, stats *st, unsigned long long input)
{
    gzFile z = gzopen(path, "wb");
    gzwrite(z, b->p, (unsigned)b->len);
    gzclose(z);
    if (mmu_rng_below(g, 2)) {
        FILE *f = fopen(path, "r+b");
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        long at = (long)mmu_rng_below(g, (uint64_t)size);
        fseek(f, at, SEEK_SET);
        fputc((int)mmu_rng_below(g, 256), f);
        fclose(f);
        if (mmu_rng_below(g, 2) && truncate(path, at)) violation(st, "truncate failed", input);
    }
    mmu_error err;
    mmu_trace_reader *r = mmu_trace_open(path, MMU_TRACE_AUTO, &err);
    if (!r) violation(st, "could not open the .gz", input);
    else drain(r, path, count_lines(b) + 1, st, input);
    mmu_trace_close(r);
    st->gz_inputs++;
}

static void fuzz(uint64_t seed, uint64_t iterations, double seconds, stats *st)
{
    mmu_rng g;
    mmu_rng_seed(&g, seed);
    char path[128];
    snprintf(path, sizeof path, "/tmp/mmukit-fuzz-%ld.gz", (long)getpid());
    static const mmu_trace_format fmts[] = {MMU_TRACE_AUTO, MMU_TRACE_NATIVE, MMU_TRACE_LACKEY, MMU_TRACE_DIN};
    time_t start = time(NULL);
    buf b = {0};
    for (uint64_t i = 0; seconds > 0 ? difftime(time(NULL), start) < seconds : i < iterations; i++) {
        uint64_t k = mmu_rng_below(&g, NSEEDS);
        b.len = 0;
        insert(&b, 0, SEEDS[k], strlen(SEEDS[k]));
        for (uint64_t m = mmu_rng_below(&g, 4) + 1; m; m--) mutate(&b, &g);
        /* Mostly the seed's own format or detection; now and then a wrong one. */
        uint64_t pick = mmu_rng_below(&g, 8);
        mmu_trace_format fmt = pick < 4 ? MMU_TRACE_AUTO : pick < 7 ? SEED_FORMAT[k] : fmts[mmu_rng_below(&g, 4)];
        one_buffer(&b, fmt, st, (unsigned long long)i);
        if (SEED_FORMAT[k] == MMU_TRACE_NATIVE) fast_path_agrees(&b, st, (unsigned long long)i);
        if (mmu_rng_below(&g, 40) == 0) one_gzip(&b, &g, path, st, (unsigned long long)i);
        st->inputs++;
    }
    free(b.p);
    remove(path);
}

static stats st;

TEST(mutated_traces_never_crash_and_errors_name_a_line)
{
    const char *secs = getenv("MMU_FUZZ_SECONDS"), *seed = getenv("MMU_FUZZ_SEED");
    fuzz(seed ? strtoull(seed, NULL, 0) : 1, 4000, secs ? atof(secs) : 0, &st);
    EXPECT(st.inputs >= 4000 || secs);
    EXPECT_EQ(st.bad, 0);
    /* A fuzz whose every input fails, or none, proves little: most
     * mutations break a line, but some must still read to the end. */
    EXPECT(st.errors > st.inputs / 2 && st.inputs - st.errors > st.inputs / 50);
    printf("# %llu inputs (%llu through gzip files), %llu events, %llu ended in an error\n",
           (unsigned long long)st.inputs, (unsigned long long)st.gz_inputs, (unsigned long long)st.events,
           (unsigned long long)st.errors);
}

TEST(generated_traces_survive_mutation_too)
{
    /* Generator output is long and valid: mutations land deep in it. */
    mmu_rng g;
    mmu_rng_seed(&g, 99);
    stats s = {0};
    for (int k = 0; k < MMU_GEN_KIND_COUNT; k++) {
        mmu_gen_config c;
        mmu_gen_defaults((mmu_gen_kind)k, &c);
        c.count = 300, c.span = 64 << 10, c.wset = 16 << 10, c.grow = 4096;
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        EXPECT_EQ(mmu_gen_write(&c, f, NULL), 0);
        fclose(f);
        for (int i = 0; i < 50; i++) {
            buf b = {0};
            insert(&b, 0, text, len);
            for (int m = 0; m < 3; m++) mutate(&b, &g);
            one_buffer(&b, MMU_TRACE_AUTO, &s, (unsigned long long)(k * 50 + i));
            free(b.p);
        }
        free(text);
    }
    EXPECT_EQ(s.bad, 0);
    EXPECT(s.errors > 0 && s.events > 10000);
}

int main(void)
{
    RUN(mutated_traces_never_crash_and_errors_name_a_line);
    RUN(generated_traces_survive_mutation_too);
    return check_summary();
}
