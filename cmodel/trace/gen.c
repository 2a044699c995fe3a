/* gen.c — the synthetic trace generators (kinds in gen_config.c).
 *
 * A generator is a small state machine: a prologue (create, switch), then
 * one body step per access (each step queues at most a few OS events and
 * exactly one access, so the access count is exact), then an epilogue
 * (exit). Events wait in a short queue until mmu_gen_next takes them. */
#include "mmu_tracegen.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define QCAP 8
#define MAX_PROCS 64
#define LOOP_BODY 64        /* loop: 16 four-byte instructions */
#define MULTI_CODE 1024     /* multi: each process runs through 1 KiB of code */

enum { STAGE_PROLOGUE, STAGE_BODY, STAGE_EPILOGUE, STAGE_DONE };

struct mmu_gen {
    mmu_gen_config c;
    mmu_rng rng;
    uint64_t code_base, code_size, heap_base, heap_size, stack_base, stack_size;
    int stage;
    uint64_t accesses, events;
    mmu_trace_event q[QCAP];
    unsigned qhead, qlen;

    unsigned cur;                  /* current pid */
    unsigned made;                 /* processes created and not yet exited */
    uint64_t pos, pc, step;        /* seq/stride/loop position, fetch pc, body steps */
    uint64_t win;                  /* wset window offset */
    uint64_t slice;                /* accesses left in the time slice */
    bool forked;                   /* cow */
    uint64_t heap_now, fill;       /* heap: current size, next byte to initialise */
    uint64_t since_brk;
    uint64_t proc_win[MAX_PROCS + 1], proc_pc[MAX_PROCS + 1];
};

/* ---- queue -------------------------------------------------------------- */

static mmu_trace_event *push(mmu_gen *g, mmu_event_kind kind, unsigned pid)
{
    mmu_trace_event *ev = &g->q[(g->qhead + g->qlen++) % QCAP];
    memset(ev, 0, sizeof *ev);
    ev->kind = kind;
    ev->pid = pid;
    return ev;
}

static void push_switch(mmu_gen *g, unsigned pid)
{
    push(g, MMU_EV_SWITCH, pid);
    g->cur = pid;
}

static void push_access(mmu_gen *g, mmu_access acc, uint64_t va, unsigned size)
{
    mmu_trace_event *ev = push(g, MMU_EV_ACCESS, g->cur);
    ev->acc = acc;
    ev->va = va;
    ev->size = size;
    g->accesses++;
}

/* A data access at va: a store with probability store_pct. */
static void push_data(mmu_gen *g, uint64_t va)
{
    bool store = mmu_rng_below(&g->rng, 100) < g->c.store_pct;
    push_access(g, store ? MMU_ACC_STORE : MMU_ACC_LOAD, va, g->c.size);
}

/* A size-aligned offset uniformly in [0, bytes). */
static uint64_t random_offset(mmu_gen *g, uint64_t bytes)
{
    return mmu_rng_below(&g->rng, bytes / g->c.size) * g->c.size;
}

static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }

/* ---- layout and prologue ------------------------------------------------ */

static void layout(mmu_gen *g)
{
    const mmu_gen_config *c = &g->c;
    uint64_t space = 1ull << c->va_bits, quarter = space / 4;
    uint64_t small = quarter < (64 << 10) ? quarter : (64 << 10);
    g->code_base = 0;
    g->code_size = small > c->page ? small : c->page;
    g->heap_base = quarter;
    g->heap_size = (c->span + c->page - 1) / c->page * c->page;
    g->stack_size = g->code_size;
    g->stack_base = space - g->stack_size;
}

static void seg(mmu_trace_seg *s, const char *name, uint64_t base, uint64_t size, const char *rights)
{
    snprintf(s->name, sizeof s->name, "%s", name);
    s->base = base;
    s->size = size;
    s->r = strchr(rights, 'r') != NULL;
    s->w = strchr(rights, 'w') != NULL;
    s->x = strchr(rights, 'x') != NULL;
    s->grows_negative = strchr(rights, 'd') != NULL;
}

static void push_create(mmu_gen *g, unsigned pid, uint64_t heap_size)
{
    mmu_trace_event *ev = push(g, MMU_EV_CREATE, pid);
    ev->seg_count = 3;
    seg(&ev->seg[0], "code", g->code_base, g->code_size, "rx");
    seg(&ev->seg[1], "heap", g->heap_base, heap_size, "rw");
    seg(&ev->seg[2], "stack", g->stack_base, g->stack_size, "rwd");
}

static unsigned nprocs(const mmu_gen *g)
{
    return g->c.kind == MMU_GEN_MULTI ? g->c.procs : g->forked ? 2 : 1;
}

/* One create per call (multi has up to 64: more than the queue holds), then
 * the switch to process 1. Returns true when the prologue is complete. */
static bool prologue(mmu_gen *g)
{
    const mmu_gen_config *c = &g->c;
    if (g->made < nprocs(g)) {
        unsigned pid = ++g->made;
        if (c->kind == MMU_GEN_MULTI)
            g->proc_win[pid] = align_down(mmu_rng_below(&g->rng, g->heap_size - c->wset + 1), c->size);
        push_create(g, pid, c->kind == MMU_GEN_HEAP ? 0 : g->heap_size);
        return false;
    }
    push_switch(g, 1);
    g->slice = c->quantum;
    return true;
}

/* ---- body steps, one access each ---------------------------------------- */

static void step_seq(mmu_gen *g)
{
    push_data(g, g->heap_base + g->pos);
    g->pos += g->c.size;
    if (g->pos + g->c.size > g->heap_size) g->pos = 0;
}

static void step_stride(mmu_gen *g)
{
    push_data(g, g->heap_base + align_down(g->pos, g->c.size));
    g->pos = (g->pos + g->c.stride) % g->heap_size;
}

static void step_random(mmu_gen *g)
{
    push_data(g, g->heap_base + random_offset(g, g->heap_size));
}

static void step_loop(mmu_gen *g)
{
    if (g->step % 4 != 3) {                     /* three instructions, then the data access */
        push_access(g, MMU_ACC_FETCH, g->code_base + g->pc, 4);
        g->pc = (g->pc + 4) % LOOP_BODY;
        return;
    }
    step_stride(g);
}

static void wset_move(mmu_gen *g)
{
    uint64_t w = g->c.wset;
    g->win = align_down(mmu_rng_below(&g->rng, g->heap_size - w + 1), g->c.size);
}

static void step_wset(mmu_gen *g)
{
    if (g->step % g->c.phase == 0) wset_move(g);
    if (mmu_rng_below(&g->rng, 100) < g->c.locality)
        push_data(g, g->heap_base + g->win + random_offset(g, g->c.wset));
    else
        push_data(g, g->heap_base + random_offset(g, g->heap_size));
}

static void next_slice(mmu_gen *g, unsigned nprocs)
{
    if (g->slice--) return;
    g->slice = g->c.quantum - 1;
    if (nprocs > 1) push_switch(g, g->cur % nprocs + 1);
}

static void step_multi(mmu_gen *g)
{
    next_slice(g, g->c.procs);
    unsigned p = g->cur;
    uint64_t r = mmu_rng_below(&g->rng, 100);
    if (r < 25) {
        push_access(g, MMU_ACC_FETCH, g->code_base + g->proc_pc[p], 4);
        g->proc_pc[p] = (g->proc_pc[p] + 4) % (g->code_size < MULTI_CODE ? g->code_size : MULTI_CODE);
    } else if (r < 85) {
        push_data(g, g->heap_base + g->proc_win[p] + random_offset(g, g->c.wset));
    } else {
        uint64_t top = g->stack_size < 256 ? g->stack_size : 256;
        push_data(g, g->stack_base + g->stack_size - top + random_offset(g, top));
    }
}

static void step_cow(mmu_gen *g)
{
    uint64_t page = g->c.page, pages = g->heap_size / page;
    if (g->pos < pages) {                       /* the parent touches every page first */
        push_access(g, MMU_ACC_STORE, g->heap_base + g->pos++ * page, g->c.size);
        return;
    }
    if (!g->forked) {
        mmu_trace_event *ev = push(g, MMU_EV_FORK, 1);
        ev->child = 2;
        g->forked = true;
        g->made = 2;
        push_switch(g, 2);                       /* the child runs first */
        g->slice = g->c.quantum;
    }
    next_slice(g, 2);
    push_data(g, g->heap_base + random_offset(g, g->heap_size));
}

static void push_brk(mmu_gen *g, uint64_t size)
{
    push(g, MMU_EV_BRK, 1)->value = size;
    g->heap_now = size;
}

static void step_heap(mmu_gen *g)
{
    const mmu_gen_config *c = &g->c;
    if (g->since_brk++ % c->every == 0) {
        if (g->heap_now + c->grow > g->heap_size) push_brk(g, 0);   /* free it all, start again */
        g->fill = g->heap_now;
        push_brk(g, g->heap_now + c->grow);
    }
    if (g->fill + c->size <= g->heap_now && mmu_rng_below(&g->rng, 2)) {
        push_access(g, MMU_ACC_STORE, g->heap_base + g->fill, c->size);   /* initialise new memory */
        g->fill += c->size;
        return;
    }
    push_data(g, g->heap_base + random_offset(g, g->heap_now));
}

static void (*const steps[MMU_GEN_KIND_COUNT])(mmu_gen *) = {
    [MMU_GEN_SEQ] = step_seq, [MMU_GEN_STRIDE] = step_stride, [MMU_GEN_RANDOM] = step_random,
    [MMU_GEN_LOOP] = step_loop, [MMU_GEN_WSET] = step_wset, [MMU_GEN_MULTI] = step_multi,
    [MMU_GEN_COW] = step_cow, [MMU_GEN_HEAP] = step_heap,
};

/* One exit per call, highest pid first. Returns true when none is left. */
static bool epilogue(mmu_gen *g)
{
    if (!g->made) return true;
    push(g, MMU_EV_EXIT, g->made--);
    return false;
}

/* ---- driver ------------------------------------------------------------- */

static void refill(mmu_gen *g)
{
    while (g->qlen == 0 && g->stage != STAGE_DONE) {
        switch (g->stage) {
        case STAGE_PROLOGUE:
            if (prologue(g)) g->stage = STAGE_BODY;
            break;
        case STAGE_BODY:
            if (g->accesses < g->c.count) {
                steps[g->c.kind](g);
                g->step++;
            } else {
                g->stage = STAGE_EPILOGUE;
            }
            break;
        default:
            if (epilogue(g)) g->stage = STAGE_DONE;
            break;
        }
    }
}

mmu_gen *mmu_gen_new(const mmu_gen_config *cfg, mmu_error *err)
{
    if (mmu_gen_check(cfg, err)) return NULL;
    mmu_gen *g = calloc(1, sizeof *g);
    if (!g) {
        mmu_fail(err, "", 0, "out of memory");
        return NULL;
    }
    g->c = *cfg;
    mmu_rng_seed(&g->rng, cfg->seed);
    layout(g);
    return g;
}

int mmu_gen_next(mmu_gen *g, mmu_trace_event *ev)
{
    refill(g);
    if (!g->qlen) return 0;
    *ev = g->q[g->qhead];
    g->qhead = (g->qhead + 1) % QCAP;
    g->qlen--;
    ev->line = (int)(++g->events > INT32_MAX ? INT32_MAX : g->events);
    return 1;
}

void mmu_gen_free(mmu_gen *g) { free(g); }

/* ---- writing a whole trace ---------------------------------------------- */

static void write_header(const mmu_gen_config *c, FILE *out)
{
    unsigned o = mmu_gen_kind_options(c->kind);
    fprintf(out, "# mmukit synthetic trace (docs/traces.md): mmu-ref gen %s --seed %" PRIu64 " --count %" PRIu64
            " --va-bits %u --page %" PRIu64, mmu_gen_kind_name(c->kind), c->seed, c->count, c->va_bits, c->page);
    if (o & MMU_GEN_OPT_SPAN) fprintf(out, " --span %" PRIu64, c->span);
    if (o & MMU_GEN_OPT_SIZE) fprintf(out, " --size %u", c->size);
    if (o & MMU_GEN_OPT_STRIDE) fprintf(out, " --stride %" PRIu64, c->stride);
    if (o & MMU_GEN_OPT_STORE) fprintf(out, " --store %u", c->store_pct);
    if (o & MMU_GEN_OPT_WSET) fprintf(out, " --wset %" PRIu64, c->wset);
    if (o & MMU_GEN_OPT_LOCALITY) fprintf(out, " --locality %u", c->locality);
    if (o & MMU_GEN_OPT_PHASE) fprintf(out, " --phase %" PRIu64, c->phase);
    if (o & MMU_GEN_OPT_PROCS) fprintf(out, " --procs %u", c->procs);
    if (o & MMU_GEN_OPT_QUANTUM) fprintf(out, " --quantum %" PRIu64, c->quantum);
    if (o & MMU_GEN_OPT_GROW) fprintf(out, " --grow %" PRIu64, c->grow);
    if (o & MMU_GEN_OPT_EVERY) fprintf(out, " --every %" PRIu64, c->every);
    fputc('\n', out);
}

int mmu_gen_write(const mmu_gen_config *cfg, FILE *out, mmu_error *err)
{
    mmu_gen *g = mmu_gen_new(cfg, err);
    if (!g) return -1;
    write_header(cfg, out);
    mmu_trace_event ev;
    int rc = 0;
    while (rc == 0 && mmu_gen_next(g, &ev) == 1) rc = mmu_trace_write_event(out, &ev);
    mmu_gen_free(g);
    if (rc || ferror(out)) return mmu_fail(err, "", 0, "cannot write the trace");
    return 0;
}
