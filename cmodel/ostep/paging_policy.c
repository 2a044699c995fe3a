/* paging_policy.c — solve OSTEP's paging-policy.py (vm-beyondphys-policy).
 *
 * Input: what the simulator printed, with or without -c:
 *
 *   ARG addresses -1          nine "ARG key value" lines, always in this
 *   ARG addressfile           order, then an empty line; the values are the
 *   ...                       simulator's command line, echoed verbatim
 *   ARG notrace False
 *   <empty>
 *   body: question  "Assuming a replacement policy ..." (3 lines), the
 *                   accesses "Access: N  Hit/Miss?  State of Memory?", empty
 *         solved    "Solving...", empty, "Access: N  HIT |MISS ...", empty,
 *                   FINALSTATS, empty    (with notrace: empty, FINALSTATS)
 *
 * The page references come from the arguments (regenerated from the seed,
 * or -a's list) and must agree with the listed ones; with -f (address file)
 * the listed accesses are the only source. The answer is then replayed:
 * the cache is a list of pages, the victim chosen by the policy, and the
 * random policies (RAND, CLOCK) draw from the same Python random stream the
 * simulator used — after the draws that generated the references.
 */
#include "mmu_policy.h"
#include "ostep_internal.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Generating more references than this from the arguments alone (a solved
 * -N input lists none) is refused rather than run for hours. */
#define PP_MAX_GENERATED 1000000

enum { A_ADDRESSES, A_ADDRESSFILE, A_NUMADDRS, A_POLICY, A_CLOCKBITS,
       A_CACHESIZE, A_MAXPAGE, A_SEED, A_NOTRACE, A_COUNT };
static const char *const arg_key[A_COUNT] = {
    "addresses", "addressfile", "numaddrs", "policy", "clockbits",
    "cachesize", "maxpage", "seed", "notrace" };

typedef enum { P_FIFO, P_LRU, P_MRU, P_OPT, P_UNOPT, P_RAND, P_CLOCK,
               P_UNKNOWN } pp_policy;

typedef struct {
    char *val[A_COUNT];           /* raw values (malloc'd), echoed verbatim */
    int64_t numaddrs, clockbits, cachesize, maxpage, seed;
    bool notrace;
    pp_policy policy;
} pp_args;

typedef struct {
    int64_t *page;
    size_t *lineno;               /* input line of each listed access */
    size_t n, cap;
} pp_list;

/* One page frame: the page, its CLOCK reference count, and the index in
 * the reference string of its next use (for OPT/UNOPT). */
typedef struct {
    int64_t page, ref;
    size_t next_use;
} pp_frame;

/* ---- text helpers ---------------------------------------------------- */

static void list_push(pp_list *l, int64_t page, size_t lineno)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        int64_t *p = realloc(l->page, l->cap * sizeof *p);
        size_t *q = p ? realloc(l->lineno, l->cap * sizeof *q) : NULL;
        if (!p || !q) abort();   /* out of memory: nothing sensible to do */
        l->page = p;
        l->lineno = q;
    }
    l->page[l->n] = page;
    l->lineno[l->n++] = lineno;
}

static void args_free(pp_args *a)
{
    for (int k = 0; k < A_COUNT; k++) free(a->val[k]);
}

/* ---- the ARG block --------------------------------------------------- */

static pp_policy policy_of(const char *s)
{
    static const char *const names[] = { "FIFO", "LRU", "MRU", "OPT", "UNOPT",
                                         "RAND", "CLOCK" };
    for (int p = 0; p < P_UNKNOWN; p++)
        if (strcmp(s, names[p]) == 0) return (pp_policy)p;
    return P_UNKNOWN;
}

static int parse_int_arg(const ostep_input *in, int k, int64_t *v, mmu_error *err,
                         const pp_args *a)
{
    if (ostep_py_int_n(a->val[k], strlen(a->val[k]), v) == 0) return 0;
    return ostep_error(in, (size_t)k + 1, err,
                       "ARG %s: expected an integer (within 64 bits), found \"%s\"",
                       arg_key[k], a->val[k]);
}

/* Lines 1..9 are "ARG key value" in the simulator's fixed order; line 10 is
 * empty. The value is everything after "ARG key " (possibly empty). */
static int parse_args(const ostep_input *in, pp_args *a, mmu_error *err)
{
    for (int k = 0; k < A_COUNT; k++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "ARG %s ", arg_key[k]);
        if (!ostep_line_starts(in, (size_t)k, prefix))
            return ostep_error(in, (size_t)k + 1, err,
                               "expected \"%s<value>\" (paging-policy.py prints "
                               "nine ARG lines in a fixed order)", prefix);
        size_t off = strlen(prefix), len = ostep_line_len(in, (size_t)k) - off;
        a->val[k] = malloc(len + 1);
        if (!a->val[k]) abort();
        memcpy(a->val[k], in->line[k] + off, len);
        a->val[k][len] = '\0';
    }
    if (!ostep_line_is(in, A_COUNT, ""))
        return ostep_error(in, A_COUNT + 1, err, "expected an empty line after the ARG lines");
    if (parse_int_arg(in, A_NUMADDRS, &a->numaddrs, err, a)
        || parse_int_arg(in, A_CLOCKBITS, &a->clockbits, err, a)
        || parse_int_arg(in, A_CACHESIZE, &a->cachesize, err, a)
        || parse_int_arg(in, A_MAXPAGE, &a->maxpage, err, a)
        || parse_int_arg(in, A_SEED, &a->seed, err, a))
        return -1;
    const char *nt = a->val[A_NOTRACE];
    if (strcmp(nt, "True") && strcmp(nt, "False"))
        return ostep_error(in, A_NOTRACE + 1, err,
                           "ARG notrace: expected True or False, found \"%s\"", nt);
    a->notrace = strcmp(nt, "True") == 0;
    a->policy = policy_of(a->val[A_POLICY]);
    return 0;
}

/* ---- the body: collect the listed accesses --------------------------- */

/* "Access: N  " followed by the question's "Hit/Miss?" or an answer. */
static bool parse_access(const ostep_input *in, size_t i, int64_t *page)
{
    static const char pre[] = "Access: ";
    if (!ostep_line_starts(in, i, pre)) return false;
    const char *s = in->line[i] + strlen(pre);
    const char *sep = strstr(s, "  ");
    if (!sep || sep == s || ostep_py_int_n(s, (size_t)(sep - s), page) != 0) return false;
    if (*s == ' ' || *s == '+') return false;   /* printed with %d: canonical */
    sep += 2;
    return strncmp(sep, "Hit/Miss?", 9) == 0 || strncmp(sep, "HIT ", 4) == 0
        || strncmp(sep, "MISS", 4) == 0;
}

/* Access lines from line i on, up to an empty line, which must be there
 * (its absence means the list was cut short). Returns the index after it. */
static int read_accesses(const ostep_input *in, size_t i, pp_list *l, size_t *next,
                         mmu_error *err)
{
    int64_t page;
    for (; i < in->count && !ostep_line_is(in, i, ""); i++) {
        if (!parse_access(in, i, &page))
            return ostep_error(in, i + 1, err,
                               "expected \"Access: <page>  Hit/Miss?  State of Memory?\" "
                               "or an empty line after the accesses");
        list_push(l, page, i + 1);
    }
    if (i >= in->count)
        return ostep_error(in, i + 1, err,
                           "input ends inside the access list: expected an empty line "
                           "after the last access (truncated?)");
    *next = i + 1;
    return 0;
}

/* Only empty lines may follow what the simulator printed. */
static int expect_end(const ostep_input *in, size_t i, mmu_error *err)
{
    for (; i < in->count; i++)
        if (!ostep_line_is(in, i, ""))
            return ostep_error(in, i + 1, err, "unexpected text after the end of the output");
    return 0;
}

static const char *const intro[] = {
    "figure out whether each of the following page references hit or miss",
    "in the page cache.", "" };

static int parse_question(const ostep_input *in, size_t i, pp_list *l, mmu_error *err)
{
    for (int k = 0; k < 3; k++)
        if (!ostep_line_is(in, i + 1 + (size_t)k, intro[k]))
            return ostep_error(in, i + 2 + (size_t)k, err, "expected \"%s\"", intro[k]);
    size_t next;
    if (read_accesses(in, i + 4, l, &next, err)) return -1;
    return expect_end(in, next, err);
}

/* After the access list of a solved run: FINALSTATS (answers are not read). */
static int parse_solved_tail(const ostep_input *in, size_t i, mmu_error *err)
{
    if (ostep_line_starts(in, i, "Policy ")) return expect_end(in, i + 1, err);
    if (!ostep_line_starts(in, i, "FINALSTATS "))
        return ostep_error(in, i + 1, err, "expected the FINALSTATS line");
    return expect_end(in, i + 1, err);
}

/* Fills l with the listed accesses; *listed says whether the input lists
 * them at all (a solved run with notrace does not). */
static int parse_body(const ostep_input *in, pp_list *l, bool *listed, mmu_error *err)
{
    size_t i = A_COUNT + 1;
    *listed = true;
    if (ostep_line_starts(in, i, "Assuming a replacement policy of "))
        return parse_question(in, i, l, err);
    if (ostep_line_is(in, i, "Solving...")) {
        if (!ostep_line_is(in, i + 1, ""))
            return ostep_error(in, i + 2, err, "expected an empty line after \"Solving...\"");
        if (ostep_line_starts(in, i + 2, "Policy ")) {
            *listed = false;
            return parse_solved_tail(in, i + 2, err);
        }
        size_t next;
        if (read_accesses(in, i + 2, l, &next, err)) return -1;
        return parse_solved_tail(in, next, err);
    }
    *listed = false;
    if (ostep_line_starts(in, i, "Policy ")) return parse_solved_tail(in, i, err);
    if (ostep_line_is(in, i, "")) return parse_solved_tail(in, i + 1, err);
    return ostep_error(in, i + 1, err,
                       "expected \"Assuming a replacement policy of ...\" (a question), "
                       "\"Solving...\" or FINALSTATS (an answer)");
}

/* ---- the reference string -------------------------------------------- */

/* References as the simulator built them from -a: the string split at
 * commas, each piece read by int(). */
static int split_addresses(const ostep_input *in, const char *s, pp_list *gen, mmu_error *err)
{
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        int64_t v;
        if (0 != ostep_py_int_n(s, n, &v))
            return ostep_error(in, A_ADDRESSES + 1, err,
                               "ARG addresses: expected comma-separated integers, "
                               "found \"%.*s\"", (int)n, s);
        list_push(gen, v, A_ADDRESSES + 1);
        if (!comma) return 0;
        s = comma + 1;
    }
}

/* -a -1 and no -f: numaddrs pages drawn as int(maxpage * random()). */
static int generate_addresses(const ostep_input *in, const pp_args *a, size_t listed_n,
                              bool listed, ostep_pyrandom *rng, pp_list *gen,
                              mmu_error *err)
{
    if (listed && (a->numaddrs < 0 ? 0 : (uint64_t)a->numaddrs) != listed_n)
        return ostep_error(in, A_NUMADDRS + 1, err,
                           "ARG numaddrs is %lld but the input lists %zu accesses "
                           "(truncated or edited?)", (long long)a->numaddrs, listed_n);
    if (!listed && a->numaddrs > PP_MAX_GENERATED)
        return ostep_error(in, A_NUMADDRS + 1, err,
                           "ARG numaddrs %lld: more than %d references to regenerate",
                           (long long)a->numaddrs, PP_MAX_GENERATED);
    for (int64_t k = 0; k < a->numaddrs; k++) {
        /* Python: int * float is float(maxpage) * r, then int() truncates
         * toward zero — the same as a C cast. */
        double x = (double)a->maxpage * ostep_pyrandom_random(rng);
        list_push(gen, (int64_t)x, A_NUMADDRS + 1);
    }
    return 0;
}

/* The listed accesses must be the ones the arguments produce. */
static int check_listed(const ostep_input *in, const pp_list *gen, const pp_list *l,
                        mmu_error *err)
{
    for (size_t k = 0; k < l->n; k++) {
        if (k >= gen->n)
            return ostep_error(in, l->lineno[k], err,
                               "more accesses listed than the ARG lines produce (%zu)", gen->n);
        if (gen->page[k] != l->page[k])
            return ostep_error(in, l->lineno[k], err,
                               "access %zu is %lld, but the ARG lines produce %lld",
                               k + 1, (long long)l->page[k], (long long)gen->page[k]);
    }
    if (gen->n > l->n)
        return ostep_error(in, l->n ? l->lineno[l->n - 1] + 1 : A_COUNT + 1, err,
                           "only %zu of the %zu accesses are listed (truncated?)",
                           l->n, gen->n);
    return 0;
}

/* Decide the reference string (into *refs) and leave rng where the
 * simulator's was when it started solving. */
static int resolve_refs(const ostep_input *in, const pp_args *a, pp_list *l, bool listed,
                        ostep_pyrandom *rng, pp_list *refs, mmu_error *err)
{
    ostep_pyrandom_seed(rng, a->seed);
    bool needed = listed || a->policy != P_UNKNOWN;   /* else nothing is replayed */
    if (a->val[A_ADDRESSFILE][0] != '\0') {
        if (!needed) return 0;
        if (!listed)
            return ostep_error(in, A_ADDRESSFILE + 1, err,
                               "the references come from file \"%s\", which a run with "
                               "notrace does not list; give the question instead",
                               a->val[A_ADDRESSFILE]);
        *refs = *l;
        memset(l, 0, sizeof *l);
        return 0;
    }
    bool random_refs = strcmp(a->val[A_ADDRESSES], "-1") == 0;
    if (random_refs && !needed) return 0;
    int rc = random_refs
        ? generate_addresses(in, a, l->n, listed, rng, refs, err)
        : split_addresses(in, a->val[A_ADDRESSES], refs, err);
    if (rc == 0 && listed) rc = check_listed(in, refs, l, err);
    return rc;
}

/* ---- the cache ------------------------------------------------------- */

typedef struct {
    const pp_args *a;
    const pp_list *refs;
    size_t *next_use;       /* next_use[i]: next index with the same page, or n */
    pp_frame *mem;          /* memory[0..count), left to right as printed */
    size_t count;
    ostep_pyrandom *rng;
    ostep_out scratch;
} pp_cache;

typedef struct { int64_t page; size_t idx; } pp_use;

static int by_page_then_index(const void *x, const void *y)
{
    const pp_use *u = x, *v = y;
    if (u->page != v->page) return u->page < v->page ? -1 : 1;
    return u->idx < v->idx ? -1 : u->idx > v->idx;
}

/* next_use[i] = the index of the next reference to the same page (n when
 * there is none) — what OPT/UNOPT look up by scanning the future. */
static size_t *compute_next_use(const pp_list *refs)
{
    size_t n = refs->n;
    pp_use *use = malloc((n ? n : 1) * sizeof *use);
    size_t *next = malloc((n ? n : 1) * sizeof *next);
    if (!use || !next) abort();
    for (size_t i = 0; i < n; i++) use[i] = (pp_use){ refs->page[i], i };
    qsort(use, n, sizeof *use, by_page_then_index);
    for (size_t k = 0; k < n; k++) {
        bool same = k + 1 < n && use[k + 1].page == use[k].page;
        next[use[k].idx] = same ? use[k + 1].idx : n;
    }
    free(use);
    return next;
}

static size_t find_page(const pp_cache *c, int64_t page)
{
    for (size_t k = 0; k < c->count; k++)
        if (c->mem[k].page == page) return k;
    return SIZE_MAX;
}

static pp_frame remove_at(pp_cache *c, size_t k)
{
    pp_frame f = c->mem[k];
    memmove(c->mem + k, c->mem + k + 1, (c->count - k - 1) * sizeof *c->mem);
    c->count--;
    return f;
}

/* int(random() * count): a uniformly chosen slot. */
static size_t random_slot(pp_cache *c)
{
    return (size_t)(ostep_pyrandom_random(c->rng) * (double)c->count);
}

/* OSTEP's CLOCK has no hand: it probes random slots; a page with a
 * non-zero count is spared but its count drops by one, the first page
 * found at zero is the victim. */
static size_t clock_victim(pp_cache *c)
{
    for (;;) {
        size_t k = random_slot(c);
        if (c->mem[k].ref >= 1) c->mem[k].ref--;
        else return k;
    }
}

/* UNOPT: the page used soonest; on a tie the leftmost. */
static size_t soonest_victim(const pp_cache *c)
{
    size_t best = 0;
    for (size_t k = 1; k < c->count; k++)
        if (c->mem[k].next_use < c->mem[best].next_use) best = k;
    return best;
}

/* FIFO, LRU, OPT: the OS layer's own victim rule (mmu_policy.h). The cache
 * list is in load order (FIFO, OPT) or in recency order (LRU: a hit moves
 * the page to the right end), so a page's slot is its load_seq / last_use. */
static size_t shared_victim(const pp_cache *c, mmu_policy pol)
{
    size_t best = 0;
    mmu_policy_page b = {0, 0, c->mem[0].next_use};
    for (size_t k = 1; k < c->count; k++) {
        mmu_policy_page pg = {k, k, c->mem[k].next_use};
        if (mmu_policy_better(pol, &pg, &b)) best = k, b = pg;
    }
    return best;
}

/* Slot of the page to evict from a full cache. */
static size_t victim_slot(pp_cache *c)
{
    switch (c->a->policy) {
    case P_MRU:   return c->count - 1;
    case P_RAND:  return random_slot(c);
    case P_CLOCK: return clock_victim(c);
    case P_FIFO:  return shared_victim(c, MMU_POLICY_FIFO);
    case P_LRU:   return shared_victim(c, MMU_POLICY_LRU);
    case P_OPT:   return shared_victim(c, MMU_POLICY_OPT);
    case P_UNOPT: return soonest_victim(c);
    default:      return 0;
    }
}

/* ---- printing -------------------------------------------------------- */

/* The memory list as Python prints a list of ints: "[1, 2, 3]". */
static const char *memory_text(pp_cache *c)
{
    c->scratch.len = 0;
    ostep_puts(&c->scratch, "[");
    for (size_t k = 0; k < c->count; k++)
        ostep_printf(&c->scratch, "%s%lld", k ? ", " : "", (long long)c->mem[k].page);
    ostep_puts(&c->scratch, "]");
    return c->scratch.buf;
}

static void side_labels(pp_policy p, const char **left, const char **right)
{
    /* FIFO's right label really is "Lastin " with a trailing space. */
    if (p == P_FIFO) { *left = "FirstIn"; *right = "Lastin "; }
    else if (p == P_LRU || p == P_MRU) { *left = "LRU"; *right = "MRU"; }
    else { *left = "Left "; *right = "Right"; }
}

/* One reference. Returns whether it hit; *victim gets the evicted page and
 * *evicted whether there was one. */
static bool access_page(pp_cache *c, size_t i, int64_t *victim, bool *evicted)
{
    int64_t page = c->refs->page[i];
    size_t k = find_page(c, page);
    *evicted = false;
    if (k != SIZE_MAX) {
        pp_frame f = c->mem[k];
        if (c->a->policy == P_LRU || c->a->policy == P_MRU) {
            remove_at(c, k);                 /* move to the MRU (right) end */
            k = c->count++;
            c->mem[k] = f;
        }
        /* A hit adds one to the reference count, capped at clockbits (so
         * with clockbits 0 a hit clears it: 1+1 > 0 -> 0). */
        c->mem[k].ref = f.ref + 1 > c->a->clockbits ? c->a->clockbits : f.ref + 1;
        c->mem[k].next_use = c->next_use[i];
        return true;
    }
    /* The cache is full when the miss count reaches cachesize exactly; a
     * negative size therefore never fills. */
    if ((int64_t)c->count == c->a->cachesize) {
        *victim = remove_at(c, victim_slot(c)).page;
        *evicted = true;
    }
    c->mem[c->count++] = (pp_frame){ .page = page, .ref = 1, .next_use = c->next_use[i] };
    return false;
}

static void print_trace_line(pp_cache *c, ostep_out *o, size_t i, bool hit,
                             bool evicted, int64_t victim, long long hits, long long miss)
{
    const char *left, *right;
    side_labels(c->a->policy, &left, &right);
    ostep_printf(o, "Access: %lld  %s %s -> %12s <- %s Replaced:",
                 (long long)c->refs->page[i], hit ? "HIT " : "MISS", left,
                 memory_text(c), right);
    /* Victim -1 is printed as "-", the simulator's "no victim" marker,
     * even when page -1 really was evicted. */
    if (!evicted || victim == -1) ostep_puts(o, "-");
    else ostep_printf(o, "%lld", (long long)victim);
    ostep_printf(o, " [Hits:%lld Misses:%lld]\n", hits, miss);
}

static void print_args(const pp_args *a, ostep_out *o)
{
    for (int k = 0; k < A_COUNT; k++)
        ostep_printf(o, "ARG %s %s\n", arg_key[k], a->val[k]);
    ostep_puts(o, "\n");
}

/* Replays every reference and prints the trace and FINALSTATS. */
static void run_cache(pp_cache *c, ostep_out *o)
{
    long long hits = 0, miss = 0;
    for (size_t i = 0; i < c->refs->n; i++) {
        int64_t victim = -1;
        bool evicted;
        bool hit = access_page(c, i, &victim, &evicted);
        if (hit) hits++; else miss++;
        if (!c->a->notrace) print_trace_line(c, o, i, hit, evicted, victim, hits, miss);
    }
    /* Hit rate: the same double arithmetic as the simulator, then "%.2f",
     * which rounds the exact binary value half-to-even like Python does. */
    double rate = (100.0 * (double)hits) / ((double)hits + (double)miss);
    ostep_printf(o, "\nFINALSTATS hits %lld   misses %lld   hitrate %.2f\n\n", hits, miss, rate);
}

static int solve(const ostep_input *in, const pp_args *a, pp_list *refs, ostep_pyrandom *rng,
                 ostep_out *o, mmu_error *err)
{
    print_args(a, o);
    if (!a->notrace) ostep_puts(o, "Solving...\n\n");
    if (a->policy == P_UNKNOWN) {
        /* The simulator stops here (exit status 1). */
        ostep_printf(o, "Policy %s is not yet implemented\n", a->val[A_POLICY]);
        return 0;
    }
    if (refs->n == 0)
        return ostep_error(in, A_COUNT + 1, err,
                           "no page references: the simulator itself fails computing the "
                           "hit rate (division by zero)");
    if (a->cachesize == 0)
        return ostep_error(in, A_CACHESIZE + 1, err,
                           "cachesize 0: the simulator itself fails at the first miss");
    pp_cache c = { .a = a, .refs = refs, .rng = rng };
    c.next_use = compute_next_use(refs);
    c.mem = malloc(refs->n * sizeof *c.mem);   /* at most one frame per reference */
    if (!c.mem) abort();
    run_cache(&c, o);
    free(c.mem);
    free(c.next_use);
    free(c.scratch.buf);
    return 0;
}

int ostep_solve_paging_policy(const ostep_input *in, ostep_out *o, mmu_error *err)
{
    pp_args a = { 0 };
    pp_list listed = { 0 }, refs = { 0 };
    bool has_list = false;
    ostep_pyrandom rng;
    int rc = parse_args(in, &a, err);
    if (rc == 0) rc = parse_body(in, &listed, &has_list, err);
    if (rc == 0) rc = resolve_refs(in, &a, &listed, has_list, &rng, &refs, err);
    if (rc == 0) rc = solve(in, &a, &refs, &rng, o, err);
    free(listed.page); free(listed.lineno);
    free(refs.page); free(refs.lineno);
    args_free(&a);
    return rc;
}
