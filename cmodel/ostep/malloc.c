/* malloc.c — solve OSTEP's malloc.py (vm-freespace).
 *
 * Input: what the simulator printed, with or without -c:
 *
 *   seed 0                 thirteen "key value" lines in a fixed order
 *   size 100               (the command line), then an empty line
 *   ...
 *   compute False
 *   <empty>
 *   ptr[0] = Alloc(3) returned ?        one record per operation:
 *   List?                               op line(s), the list line, empty;
 *   <empty>                             "Invalid Free: Skipping" alone
 *
 * The operations follow from the header alone (a random stream from the
 * seed, or -A's list), so they are regenerated and every listed operation
 * is checked against them; the answers in the input are not read. The
 * heap is replayed exactly as the simulator keeps it: a free list of
 * (address, size) pairs searched BEST/WORST/FIRST, re-sorted (stably) on
 * every free, and "coalesced" by merging neighbours in list order.
 */
#include "ostep_internal.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_SEED, K_SIZE, K_BASE, K_HEADER, K_ALIGN, K_POLICY, K_ORDER, K_COALESCE,
       K_NUMOPS, K_RANGE, K_PERCENT, K_ALLOCLIST, K_COMPUTE, K_COUNT };
static const char *const key_name[K_COUNT] = {
    "seed", "size", "baseAddr", "headerSize", "alignment", "policy", "listOrder",
    "coalesce", "numOps", "range", "percentAlloc", "allocList", "compute" };
static const bool key_is_int[K_COUNT] = {
    true, true, true, true, true, false, false, false, true, true, true, false, false };

typedef enum { FIT_BEST, FIT_WORST, FIT_FIRST } mm_fit;
typedef enum { ORD_ADDRSORT, ORD_SIZE_UP, ORD_SIZE_DOWN, ORD_FRONT, ORD_BACK } mm_order;

typedef struct {
    char *val[K_COUNT];          /* raw values (malloc'd) */
    int64_t num[K_COUNT];        /* the integer ones, parsed */
    mm_fit fit;
    mm_order order;
    bool coalesce;
} mm_args;

typedef struct { int64_t addr, size; } mm_block;

typedef struct {
    mm_block *b;
    size_t n, cap;
} mm_blocks;

/* A pointer the program holds: the op number that returned it and the
 * address (the simulator's dict p, and its list L of live op numbers). */
typedef struct { int64_t op, addr; } mm_ptr;

typedef struct {
    mm_ptr *p;
    size_t n, cap;
} mm_ptrs;

/* The simulated heap: the free list and the size of every allocated block
 * (the simulator's sizemap, keyed by address). */
typedef struct {
    const mm_args *a;
    mm_blocks free_list, allocated;
    bool overflow;               /* some arithmetic left 64 bits */
} mm_heap;

/* Where the solver is: input cursor, output, random stream. */
typedef struct {
    const ostep_input *in;
    size_t pos;                  /* next input line to check (0-based) */
    ostep_out *o;
    mmu_error *err;
    mm_heap heap;
    ostep_pyrandom rng;
    mm_ptrs ptrs;                /* pointers in the order they were returned */
} mm_run;

/* ---- text helpers ---------------------------------------------------- */

static void blocks_insert(mm_blocks *l, size_t at, mm_block e)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        mm_block *b = realloc(l->b, l->cap * sizeof *b);
        if (!b) abort();   /* out of memory: nothing sensible to do */
        l->b = b;
    }
    memmove(l->b + at + 1, l->b + at, (l->n - at) * sizeof *l->b);
    l->b[at] = e;
    l->n++;
}

static void blocks_remove(mm_blocks *l, size_t at)
{
    memmove(l->b + at, l->b + at + 1, (l->n - at - 1) * sizeof *l->b);
    l->n--;
}

/* Index of the block at addr, or SIZE_MAX. */
static size_t blocks_find(const mm_blocks *l, int64_t addr)
{
    for (size_t k = 0; k < l->n; k++)
        if (l->b[k].addr == addr) return k;
    return SIZE_MAX;
}

static void ptrs_push(mm_ptrs *l, mm_ptr e)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        mm_ptr *p = realloc(l->p, l->cap * sizeof *p);
        if (!p) abort();
        l->p = p;
    }
    l->p[l->n++] = e;
}

static void ptrs_remove(mm_ptrs *l, size_t at)
{
    memmove(l->p + at, l->p + at + 1, (l->n - at - 1) * sizeof *l->p);
    l->n--;
}

static size_t ptrs_find(const mm_ptrs *l, int64_t op)
{
    for (size_t k = 0; k < l->n; k++)
        if (l->p[k].op == op) return k;
    return SIZE_MAX;
}

/* a + b, noting (rather than wrapping silently into undefined behaviour)
 * when the simulator's unbounded integers would leave 64 bits. */
static int64_t add64(mm_heap *h, int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) h->overflow = true;
    return r;
}

static int64_t sub64(mm_heap *h, int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) h->overflow = true;
    return r;
}

/* ---- the header ------------------------------------------------------ */

static int pick(const char *s, const char *const *names, int n)
{
    for (int k = 0; k < n; k++)
        if (strcmp(s, names[k]) == 0) return k;
    return -1;
}

/* The enumerated values; the simulator asserts on anything else before it
 * prints a line, so no real run has them. */
static int parse_choices(const ostep_input *in, mm_args *a, mmu_error *err)
{
    static const char *const fits[] = { "BEST", "WORST", "FIRST" };
    static const char *const orders[] = { "ADDRSORT", "SIZESORT+", "SIZESORT-",
                                          "INSERT-FRONT", "INSERT-BACK" };
    static const char *const bools[] = { "False", "True" };
    int f = pick(a->val[K_POLICY], fits, 3), o = pick(a->val[K_ORDER], orders, 5);
    int c = pick(a->val[K_COALESCE], bools, 2), s = pick(a->val[K_COMPUTE], bools, 2);
    if (f < 0) return ostep_error(in, K_POLICY + 1, err, "policy: expected BEST, WORST or FIRST");
    if (o < 0)
        return ostep_error(in, K_ORDER + 1, err, "listOrder: expected ADDRSORT, SIZESORT+, "
                           "SIZESORT-, INSERT-FRONT or INSERT-BACK");
    if (c < 0) return ostep_error(in, K_COALESCE + 1, err, "coalesce: expected True or False");
    if (s < 0) return ostep_error(in, K_COMPUTE + 1, err, "compute: expected True or False");
    a->fit = (mm_fit)f;
    a->order = (mm_order)o;
    a->coalesce = c == 1;
    return 0;
}

static int parse_header(const ostep_input *in, mm_args *a, mmu_error *err)
{
    for (int k = 0; k < K_COUNT; k++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%s ", key_name[k]);
        if (!ostep_line_starts(in, (size_t)k, prefix))
            return ostep_error(in, (size_t)k + 1, err, "expected \"%s<value>\" (malloc.py "
                               "prints thirteen settings in a fixed order)", prefix);
        size_t off = strlen(prefix), len = ostep_line_len(in, (size_t)k) - off;
        a->val[k] = malloc(len + 1);
        if (!a->val[k]) abort();
        memcpy(a->val[k], in->line[k] + off, len);
        a->val[k][len] = '\0';
        if (key_is_int[k] && 0 != ostep_py_int_n(a->val[k], len, &a->num[k]))
            return ostep_error(in, (size_t)k + 1, err, "%s: expected an integer (within "
                               "64 bits), found \"%s\"", key_name[k], a->val[k]);
    }
    if (!ostep_line_is(in, K_COUNT, ""))
        return ostep_error(in, K_COUNT + 1, err, "expected an empty line after the settings");
    if (a->num[K_ALIGN] != -1 && a->num[K_ALIGN] <= 0)
        return ostep_error(in, K_ALIGN + 1, err, "alignment: expected -1 or a positive number");
    if (a->num[K_PERCENT] <= 0)
        return ostep_error(in, K_PERCENT + 1, err, "percentAlloc: expected a positive "
                           "percentage (the simulator asserts it)");
    return parse_choices(in, a, err);
}

static void print_header(const mm_args *a, ostep_out *o)
{
    for (int k = 0; k < K_COUNT; k++) {
        if (k == K_COMPUTE) ostep_puts(o, "compute True\n");
        else if (key_is_int[k]) ostep_printf(o, "%s %lld\n", key_name[k], (long long)a->num[k]);
        else ostep_printf(o, "%s %s\n", key_name[k], a->val[k]);
    }
    ostep_puts(o, "\n");
}

/* ---- the heap -------------------------------------------------------- */

/* The request as the allocator sees it: rounded up to the alignment
 * (Python's % is a floor modulo, so a negative size rounds up too), then
 * the header added. */
static int64_t padded_size(mm_heap *h, int64_t size)
{
    int64_t align = h->a->num[K_ALIGN];
    if (align != -1) {
        int64_t left = size % align;
        if (left < 0) left += align;
        if (left) size = add64(h, size, align - left);
    }
    return add64(h, size, h->a->num[K_HEADER]);
}

/* Whether entry size esize beats the best so far. FIRST takes the first
 * fit; WORST starts from -1; BEST starts from "heap size + 1", i.e. before
 * any candidate it takes only blocks no larger than the heap (written as
 * <= size so a heap of INT64_MAX does not overflow). */
static bool better_fit(const mm_heap *h, int64_t esize, int64_t need, int64_t best,
                       bool have_best)
{
    if (esize < need) return false;
    switch (h->a->fit) {
    case FIT_BEST:  return have_best ? esize < best : esize <= h->a->num[K_SIZE];
    case FIT_WORST: return esize > (have_best ? best : -1);
    default:        return true;
    }
}

/* malloc(size): *ptr is the block's address (-1 on failure), *searched the
 * number of free-list entries looked at. Returns -1 when the simulator
 * itself would fail (an address handed out twice trips its assertion). */
static int heap_malloc(mm_heap *h, int64_t size, int64_t *ptr, int64_t *searched)
{
    int64_t need = padded_size(h, size);
    int64_t best = 0;
    size_t best_idx = SIZE_MAX;
    mm_blocks *fl = &h->free_list;
    *searched = 0;
    for (size_t k = 0; k < fl->n; k++) {
        (*searched)++;
        if (!better_fit(h, fl->b[k].size, need, best, best_idx != SIZE_MAX)) continue;
        best = fl->b[k].size;
        best_idx = k;
        if (h->a->fit == FIT_FIRST) break;
    }
    *ptr = -1;
    if (best_idx == SIZE_MAX) return 0;
    int64_t addr = fl->b[best_idx].addr;
    if (best > need)   /* split: the rest stays in place in the list */
        fl->b[best_idx] = (mm_block){ add64(h, addr, need), sub64(h, best, need) };
    else
        blocks_remove(fl, best_idx);
    if (blocks_find(&h->allocated, addr) != SIZE_MAX) return -1;
    blocks_insert(&h->allocated, h->allocated.n, (mm_block){ addr, need });
    *ptr = addr;
    return 0;
}

static int64_t sort_key(const mm_block *b, mm_order order)
{
    return order == ORD_ADDRSORT ? b->addr : b->size;
}

/* Stable sort of the whole list (Python's sorted(); with reverse=True equal
 * keys still keep their order). Insertion sort: the list is sorted after
 * every free and mallocs only shrink or drop entries, so it is nearly
 * sorted each time. */
static void sort_free_list(mm_blocks *fl, mm_order order)
{
    bool down = order == ORD_SIZE_DOWN;
    for (size_t k = 1; k < fl->n; k++) {
        mm_block e = fl->b[k];
        int64_t key = sort_key(&e, order);
        size_t j = k;
        while (j > 0 && (down ? sort_key(&fl->b[j - 1], order) < key
                              : sort_key(&fl->b[j - 1], order) > key)) {
            fl->b[j] = fl->b[j - 1];
            j--;
        }
        fl->b[j] = e;
    }
}

/* Merge each entry into the previous one when it starts where that one
 * ends — neighbours in list order only, so a size-sorted list may keep
 * adjacent blocks apart. */
static void coalesce(mm_heap *h)
{
    mm_blocks *fl = &h->free_list;
    size_t out = 0;
    for (size_t k = 1; k < fl->n; k++) {
        mm_block *cur = &fl->b[out];
        if (fl->b[k].addr == add64(h, cur->addr, cur->size))
            cur->size = add64(h, cur->size, fl->b[k].size);
        else
            fl->b[++out] = fl->b[k];
    }
    if (fl->n) fl->n = out + 1;
}

/* free(addr): 0, or -1 when addr is not an allocated block (list unchanged). */
static int heap_free(mm_heap *h, int64_t addr)
{
    size_t k = blocks_find(&h->allocated, addr);
    if (k == SIZE_MAX) return -1;
    mm_block blk = h->allocated.b[k];
    mm_blocks *fl = &h->free_list;
    blocks_insert(fl, h->a->order == ORD_FRONT ? 0 : fl->n, blk);
    if (h->a->order != ORD_FRONT && h->a->order != ORD_BACK)
        sort_free_list(fl, h->a->order);
    if (h->a->coalesce) coalesce(h);
    blocks_remove(&h->allocated, k);
    return 0;
}

static void heap_dump(const mm_heap *h, ostep_out *o)
{
    ostep_printf(o, "Free List [ Size %zu ]: ", h->free_list.n);
    for (size_t k = 0; k < h->free_list.n; k++)
        ostep_printf(o, "[ addr:%lld sz:%lld ]", (long long)h->free_list.b[k].addr,
                     (long long)h->free_list.b[k].size);
    ostep_puts(o, "\n");
}

/* ---- checking the listed operations ---------------------------------- */

/* The next input line is not `what` (a description of the expected line). */
static int fail_at(mm_run *r, const char *what)
{
    if (r->pos >= r->in->count)
        return ostep_error(r->in, r->pos + 1, r->err, "input ends; expected %s (truncated?)",
                           what);
    return ostep_error(r->in, r->pos + 1, r->err, "expected %s (the operations follow from "
                       "the settings)", what);
}

static int fail_expecting(mm_run *r, const char *line_start)
{
    char what[160];
    snprintf(what, sizeof what, "\"%s\"", line_start);
    return fail_at(r, what);
}

/* The next input line must start with `prefix`. */
static int expect_prefix(mm_run *r, const char *prefix)
{
    if (!ostep_line_starts(r->in, r->pos, prefix))
        return fail_expecting(r, prefix);
    r->pos++;
    return 0;
}

/* The free-list line (question "List?" / "List? ", or an answer) and the
 * empty line after it. */
static int expect_list_and_gap(mm_run *r)
{
    const ostep_input *in = r->in;
    if (!ostep_line_is(in, r->pos, "List?") && !ostep_line_is(in, r->pos, "List? ")
        && !ostep_line_starts(in, r->pos, "Free List [ Size "))
        return fail_at(r, "\"List?\" or \"Free List [ Size ...\"");
    r->pos++;
    if (!ostep_line_is(in, r->pos, "")) return fail_at(r, "an empty line");
    r->pos++;
    return 0;
}

static int overflow_error(mm_run *r)
{
    return ostep_error(r->in, r->pos, r->err, "arithmetic beyond 64 bits here (the simulator's "
                       "integers are unbounded); not supported");
}

/* ---- operations ------------------------------------------------------ */

/* Alloc record; `shown` is what the simulator prints as the result (the
 * random mode adds the header size to the address, -A mode does not —
 * even to the -1 of a failed allocation). */
static int do_alloc(mm_run *r, int64_t c, int64_t size, bool add_header, int64_t *ptr)
{
    char prefix[96];
    snprintf(prefix, sizeof prefix, "ptr[%lld] = Alloc(%lld) returned ", (long long)c,
             (long long)size);
    int64_t searched;
    if (heap_malloc(&r->heap, size, ptr, &searched))
        return ostep_error(r->in, r->pos + 1, r->err, "the simulator itself fails at "
                           "\"%s\" (its sizemap assertion: an address handed out twice)",
                           prefix);
    if (expect_prefix(r, prefix)) return -1;
    int64_t shown = add_header ? add64(&r->heap, *ptr, r->heap.a->num[K_HEADER]) : *ptr;
    if (r->heap.overflow) return overflow_error(r);
    ostep_printf(r->o, "%s%lld (searched %lld elements)\n", prefix, (long long)shown,
                 (long long)searched);
    heap_dump(&r->heap, r->o);
    ostep_puts(r->o, "\n");
    return expect_list_and_gap(r);
}

/* Free record: "Free(ptr[c])", "returned 0|-1", the list, an empty line. */
static int do_free(mm_run *r, int64_t c, int64_t addr)
{
    char line[64];
    snprintf(line, sizeof line, "Free(ptr[%lld])", (long long)c);
    if (!ostep_line_is(r->in, r->pos, line)) return fail_expecting(r, line);
    r->pos++;
    if (expect_prefix(r, "returned ")) return -1;
    int rc = heap_free(&r->heap, addr);
    if (r->heap.overflow) return overflow_error(r);
    ostep_printf(r->o, "%s\nreturned %d\n", line, rc);
    heap_dump(&r->heap, r->o);
    ostep_puts(r->o, "\n");
    return expect_list_and_gap(r);
}

/* Random mode: each step draws random() < percent for an alloc of
 * int(random() * range) + 1, else frees a random live pointer (a free with
 * none live prints nothing and does not count as an operation). */
static int run_random(mm_run *r)
{
    const mm_args *a = r->heap.a;
    double percent = (double)a->num[K_PERCENT] / 100.0;
    int64_t c = 0;
    for (int64_t j = 0; j < a->num[K_NUMOPS];) {
        if (ostep_pyrandom_random(&r->rng) < percent) {
            int64_t size = (int64_t)(ostep_pyrandom_random(&r->rng) * (double)a->num[K_RANGE]) + 1;
            int64_t ptr;
            if (do_alloc(r, c, size, true, &ptr)) return -1;
            if (ptr != -1) ptrs_push(&r->ptrs, (mm_ptr){ c, ptr });
            c++;
            j++;
        } else if (r->ptrs.n > 0) {
            size_t d = (size_t)(ostep_pyrandom_random(&r->rng) * (double)r->ptrs.n);
            mm_ptr victim = r->ptrs.p[d];
            if (do_free(r, victim.op, victim.addr)) return -1;
            ptrs_remove(&r->ptrs, d);
            j++;
        }
    }
    return 0;
}

/* One -A operation "+size" or "-index": the number is the text after the
 * sign up to the next sign of the same kind (Python's op.split(sign)[1]). */
static int parse_op(mm_run *r, const char *op, size_t n, int64_t *num)
{
    const char *end = memchr(op + 1, op[0], n - 1);
    size_t len = end ? (size_t)(end - op - 1) : n - 1;
    if (ostep_py_int_n(op + 1, len, num) == 0) return 0;
    return ostep_error(r->in, K_ALLOCLIST + 1, r->err, "allocList: bad operation \"%.*s\" "
                       "(expected +size or -index)", (int)n, op);
}

/* -A "-index": an index at or past the number of successful allocations is
 * skipped; one below it that never succeeded makes the simulator fail. A
 * pointer already freed frees again and returns -1. */
static int list_free(mm_run *r, int64_t index)
{
    if (index >= (int64_t)r->ptrs.n) {
        if (!ostep_line_is(r->in, r->pos, "Invalid Free: Skipping"))
            return fail_expecting(r, "Invalid Free: Skipping");
        r->pos++;
        ostep_puts(r->o, "Invalid Free: Skipping\n");
        return 0;
    }
    size_t k = ptrs_find(&r->ptrs, index);
    if (k == SIZE_MAX)
        return ostep_error(r->in, r->pos + 1, r->err, "the simulator itself fails here "
                           "(ptr[%lld] was a failed allocation: KeyError)", (long long)index);
    return do_free(r, index, r->ptrs.p[k].addr);
}

/* -A mode: the comma-separated list, in order; allocations that fail keep
 * their number but are not pointers (the simulator's dict p). */
static int run_list(mm_run *r)
{
    const char *s = r->heap.a->val[K_ALLOCLIST];
    int64_t c = 0;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        int64_t num, ptr;
        if (n == 0 || (s[0] != '+' && s[0] != '-'))
            return ostep_error(r->in, K_ALLOCLIST + 1, r->err, "allocList: bad operation "
                               "\"%.*s\" (expected +size or -index)", (int)n, s);
        if (parse_op(r, s, n, &num)) return -1;
        if (s[0] == '+') {
            if (do_alloc(r, c, num, false, &ptr)) return -1;
            if (ptr != -1) ptrs_push(&r->ptrs, (mm_ptr){ c, ptr });
            c++;
        } else if (list_free(r, num)) {
            return -1;
        }
        if (!comma) return 0;
        s = comma + 1;
    }
}

/* Only empty lines may follow the last operation. */
static int expect_end(mm_run *r)
{
    for (; r->pos < r->in->count; r->pos++)
        if (!ostep_line_is(r->in, r->pos, ""))
            return ostep_error(r->in, r->pos + 1, r->err, "unexpected text after the last "
                               "operation the settings produce");
    return 0;
}

int ostep_solve_malloc(const ostep_input *in, ostep_out *o, mmu_error *err)
{
    mm_args a = { 0 };
    mm_run r = { .in = in, .pos = K_COUNT + 1, .o = o, .err = err };
    int rc = parse_header(in, &a, err);
    if (rc == 0) {
        r.heap.a = &a;
        blocks_insert(&r.heap.free_list, 0, (mm_block){ a.num[K_BASE], a.num[K_SIZE] });
        ostep_pyrandom_seed(&r.rng, a.num[K_SEED]);
        print_header(&a, o);
        rc = a.val[K_ALLOCLIST][0] == '\0' ? run_random(&r) : run_list(&r);
        if (rc == 0) rc = expect_end(&r);
    }
    free(r.heap.free_list.b);
    free(r.heap.allocated.b);
    free(r.ptrs.p);
    for (int k = 0; k < K_COUNT; k++) free(a.val[k]);
    return rc;
}
