/* gen_config.c — generator kinds, their defaults, and checking a config.
 * The generators themselves are in gen.c. */
#include "mmu_tracegen.h"

#include <inttypes.h>
#include <string.h>

static const struct {
    const char *name;
    const char *summary;
    unsigned options;
} kinds[MMU_GEN_KIND_COUNT] = {
    [MMU_GEN_SEQ] = {"seq", "walk the heap SIZE bytes at a time (wraps at SPAN)",
                     MMU_GEN_OPT_SPAN | MMU_GEN_OPT_SIZE | MMU_GEN_OPT_STORE},
    [MMU_GEN_STRIDE] = {"stride", "one access every STRIDE bytes, wrapping at SPAN",
                        MMU_GEN_OPT_SPAN | MMU_GEN_OPT_SIZE | MMU_GEN_OPT_STRIDE | MMU_GEN_OPT_STORE},
    [MMU_GEN_RANDOM] = {"random", "uniformly random accesses over SPAN",
                        MMU_GEN_OPT_SPAN | MMU_GEN_OPT_SIZE | MMU_GEN_OPT_STORE},
    [MMU_GEN_LOOP] = {"loop", "a 16-instruction code loop (3 fetches per data access) sweeping SPAN by "
                      "STRIDE again and again (LRU's worst case when SPAN exceeds the TLB)",
                      MMU_GEN_OPT_SPAN | MMU_GEN_OPT_SIZE | MMU_GEN_OPT_STRIDE | MMU_GEN_OPT_STORE},
    [MMU_GEN_WSET] = {"wset", "LOCALITY% of accesses inside a WSET-byte window of SPAN that moves every "
                      "PHASE accesses, the rest anywhere in SPAN",
                      MMU_GEN_OPT_SPAN | MMU_GEN_OPT_SIZE | MMU_GEN_OPT_STORE | MMU_GEN_OPT_WSET |
                          MMU_GEN_OPT_LOCALITY | MMU_GEN_OPT_PHASE},
    [MMU_GEN_MULTI] = {"multi", "PROCS processes with the same layout, round-robin, a switch every QUANTUM "
                       "accesses; each: 25% fetches, 60% its WSET heap window, 15% its stack top",
                       MMU_GEN_OPT_SPAN | MMU_GEN_OPT_SIZE | MMU_GEN_OPT_STORE | MMU_GEN_OPT_WSET |
                           MMU_GEN_OPT_PROCS | MMU_GEN_OPT_QUANTUM},
    [MMU_GEN_COW] = {"cow", "process 1 stores to every page of a SPAN heap, forks 2, then child and parent "
                     "take turns (QUANTUM) reading and writing it: copy-on-write",
                     MMU_GEN_OPT_SPAN | MMU_GEN_OPT_SIZE | MMU_GEN_OPT_STORE | MMU_GEN_OPT_QUANTUM},
    [MMU_GEN_HEAP] = {"heap", "an empty heap grown by brk +GROW every EVERY accesses up to SPAN (then "
                      "brk 0 and again); new memory is stored to first, like malloc+init",
                      MMU_GEN_OPT_SPAN | MMU_GEN_OPT_SIZE | MMU_GEN_OPT_STORE | MMU_GEN_OPT_GROW |
                          MMU_GEN_OPT_EVERY},
};

const char *mmu_gen_kind_name(mmu_gen_kind k) { return (unsigned)k < MMU_GEN_KIND_COUNT ? kinds[k].name : "?"; }
const char *mmu_gen_kind_summary(mmu_gen_kind k) { return (unsigned)k < MMU_GEN_KIND_COUNT ? kinds[k].summary : ""; }
unsigned mmu_gen_kind_options(mmu_gen_kind k) { return (unsigned)k < MMU_GEN_KIND_COUNT ? kinds[k].options : 0; }

int mmu_gen_kind_parse(const char *s, mmu_gen_kind *out)
{
    for (int i = 0; i < MMU_GEN_KIND_COUNT; i++)
        if (!strcmp(s, kinds[i].name)) {
            *out = (mmu_gen_kind)i;
            return 0;
        }
    return -1;
}

void mmu_gen_defaults(mmu_gen_kind kind, mmu_gen_config *c)
{
    *c = (mmu_gen_config){
        .kind = kind, .seed = 1, .count = 10000, .va_bits = 32, .page = 4096,
        .span = 1 << 20, .size = 8, .stride = 4096, .store_pct = 30,
        .wset = 64 << 10, .locality = 90, .phase = 2000,
        .procs = 4, .quantum = 500, .grow = 16 << 10, .every = 500,
    };
    if (kind == MMU_GEN_LOOP) c->span = 64 * 4096;    /* 64 pages: more than a small TLB holds */
    if (kind == MMU_GEN_WSET) c->span = 16 << 20;
    if (kind == MMU_GEN_MULTI) c->wset = 16 << 10;
    if (kind == MMU_GEN_COW) c->span = 64 << 10, c->quantum = 200, c->store_pct = 50;
    if (kind == MMU_GEN_HEAP) c->store_pct = 50;
}

static bool pow2(uint64_t v) { return v && !(v & (v - 1)); }

static int bad(mmu_error *err, const char *fmt, uint64_t a, uint64_t b)
{
    return mmu_fail(err, "", 0, fmt, a, b);
}

static int check_common(const mmu_gen_config *c, mmu_error *err)
{
    if ((unsigned)c->kind >= MMU_GEN_KIND_COUNT) return mmu_fail(err, "", 0, "unknown generator kind %d", c->kind);
    if (c->count < 1) return mmu_fail(err, "", 0, "--count: expected at least 1 access");
    if (c->va_bits < 12 || c->va_bits > 48)
        return mmu_fail(err, "", 0, "--va-bits %u: expected 12..48", c->va_bits);
    uint64_t quarter = (1ull << c->va_bits) / 4;
    if (!pow2(c->page) || c->page < 16 || c->page > quarter)
        return bad(err, "--page %" PRIu64 ": expected a power of two from 16 to a quarter of the address "
                   "space (%" PRIu64 ")", c->page, quarter);
    if (!pow2(c->size) || c->size > c->page || c->size > MMU_TRACE_MAX_SIZE)
        return bad(err, "--size %" PRIu64 ": expected a power of two no larger than the page (%" PRIu64 ")",
                   c->size, c->page);
    if (c->span < c->size || c->span > quarter)
        return bad(err, "--span %" PRIu64 ": expected SIZE bytes up to a quarter of the address space "
                   "(%" PRIu64 "; raise --va-bits for more)", c->span, quarter);
    if (c->store_pct > 100) return mmu_fail(err, "", 0, "--store %u: expected a percentage 0..100", c->store_pct);
    return 0;
}

static int check_kind(const mmu_gen_config *c, mmu_error *err)
{
    unsigned o = kinds[c->kind].options;
    if ((o & MMU_GEN_OPT_STRIDE) && (c->stride < 1 || c->stride > c->span))
        return bad(err, "--stride %" PRIu64 ": expected 1..SPAN (%" PRIu64 ")", c->stride, c->span);
    if ((o & MMU_GEN_OPT_WSET) && (c->wset < c->size || c->wset > c->span))
        return bad(err, "--wset %" PRIu64 ": expected SIZE..SPAN bytes (SPAN is %" PRIu64 ")", c->wset, c->span);
    if ((o & MMU_GEN_OPT_LOCALITY) && c->locality > 100)
        return mmu_fail(err, "", 0, "--locality %u: expected a percentage 0..100", c->locality);
    if ((o & MMU_GEN_OPT_PHASE) && c->phase < 1) return mmu_fail(err, "", 0, "--phase: expected at least 1");
    if ((o & MMU_GEN_OPT_QUANTUM) && c->quantum < 1) return mmu_fail(err, "", 0, "--quantum: expected at least 1");
    if ((o & MMU_GEN_OPT_EVERY) && c->every < 1) return mmu_fail(err, "", 0, "--every: expected at least 1");
    if ((o & MMU_GEN_OPT_PROCS) && (c->procs < 1 || c->procs > 64))
        return mmu_fail(err, "", 0, "--procs %u: expected 1..64", c->procs);
    if ((o & MMU_GEN_OPT_GROW) && (c->grow < c->size || c->grow % c->size || c->grow > c->span))
        return bad(err, "--grow %" PRIu64 ": expected a multiple of SIZE up to SPAN (%" PRIu64 ")", c->grow, c->span);
    uint64_t pages = (c->span + c->page - 1) / c->page;
    if (c->kind == MMU_GEN_COW && c->count <= pages)
        return bad(err, "--count %" PRIu64 ": cow stores to each of the heap's %" PRIu64 " pages before it "
                   "forks; expected more accesses than that", c->count, pages);
    return 0;
}

int mmu_gen_check(const mmu_gen_config *c, mmu_error *err)
{
    return check_common(c, err) || check_kind(c, err) ? -1 : 0;
}
