/* trace_env.c — a memory trace through mmu_top with the OS layer servicing
 * its faults (mmu_tenv.h; docs/cosim.md "Running a trace through the RTL").
 *
 *   drive(n):   don't-care inputs get junk; the walker memory port answers
 *               from the OS's physical memory (latency model as mmu_env's);
 *               then, in this order of priority: a request held until it is
 *               accepted; the OS fixing a fault (only with nothing in flight);
 *               one queued register write per cycle (OS register changes and
 *               SFENCEs, only with nothing in flight); the next page of the
 *               trace (mmu_run_next, which applies OS events only when
 *               idle), issued at once if everything in flight is known not
 *               to fault; at the end, reads of the performance counters.
 *   observe(n): the response, matched to its request (in order, or by
 *               rsp_id_o under the hit-under-miss rules: mmu_env_match_response):
 *               arch check, the TLB model's lookup (and fill on a walk that
 *               succeeds) in response order, which is the order the MMU
 *               touches its TLB in (docs/rtl.md "Hit under miss"), counts;
 *               then, in acceptance (program) order, each request whose
 *               answer and every older one's are in: user data, the OS's
 *               access bookkeeping, a fault noted for the OS. The
 *               acceptance (arch result of the request, evaluated now: the
 *               OS does nothing while it is in flight, so memory only
 *               changes by the walk's own A/D write, which the arch model's
 *               read-only CAS already assumes), the memory port monitors,
 *               the register write. Registers are written only with nothing
 *               in flight, so those of the acceptance hold until the answer.
 *
 * With data_check, user data goes through the DUT's answers too: every store writes a token
 * (pid, trace line) into the 8-byte word at the PA the RTL gave, every load
 * reads the word at its PA and must find the token of the last store of its
 * own address space to that VA word (0 when none: demand-zero). fork copies
 * the parent's words to the child; exit and create forget a pid; a page the
 * OS demand-zeroes forgets its words. So copy-on-write (each side keeps its
 * own data after the copy), page-out/page-in (the data comes back) and
 * demand-zero are checked end to end ("data.load").
 */
#include "mmu_tenv.h"
#include "mmu_scenario.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TENV_OUT 4            /* requests in flight at most */
#define TENV_MAX_ATTEMPTS 8   /* as mmu-ref run: an access faulting after this many OS fixes is an error */
#define TENV_CTRS 7

typedef struct {
    mmu_run_page pg;
    unsigned attempt;
    uint64_t id, accept_cycle;
    mmu_result arch;          /* the arch model's answer at acceptance */
    mmu_env_slot slot;        /* req_id, mode without TLB, overtaken (order.c) */
    bool use_tlb;             /* the TLB model looks it up (paging, hybrid) */
    bool no_walk;             /* a pre-walk fault (arch_translate)          */
    bool answered;            /* answered, waiting for older ones to retire */
    bool rsp_fault, rsp_hit;  /* the answer, for the retirement */
    mmu_cause rsp_cause;
    uint64_t rsp_pa;
    bool have_read;
    uint64_t last_read_addr, last_read_val;
    unsigned cas_ok;
} tenv_req;

typedef enum { TH_REQ, TH_RSP, TH_MEMRD, TH_CAS, TH_REG, TH_OS } tenv_hist_kind;
typedef struct {
    uint64_t cycle;
    uint8_t kind, acc, flag;
    uint64_t a, b, c, d;
} tenv_hist;

typedef struct { unsigned addr; uint64_t data; } tenv_regw;

/* expected user data: (pid, VA word) -> token (0 = zero) */
typedef struct { uint64_t va; unsigned pid; bool used; uint64_t val; } tenv_word;

struct mmu_tenv {
    mmu_profile p;
    mmu_tenv_config c;
    mmu_os *os;
    mmu_mem mem;
    mmu_tlb *tlb;                 /* the TLB model of mmu-ref run, alongside (NULL: segmentation) */
    mmu_tlb_config tc;
    mmu_run *run;
    mmu_run_counts cnt;
    mmu_rng junk, lat_rng;
    uint64_t cycle;
    uint64_t va_port_mask, pte_mask, pa_mask;

    /* register port */
    tenv_regw *regq;
    unsigned regq_cap, regq_head, regq_count;
    unsigned flush_wait;            /* cycles before the next flush-register write:
                                       an exact SFENCE walks the TLB's sets, and a
                                       flush write during the walk empties the TLB
                                       (docs/rtl.md "Escalation"); like a driver
                                       that waits for its SFENCE, the OS leaves it
                                       the time, so the TLB keeps what the model keeps */
    mmu_regs queued;              /* registers as the queued writes leave them */
    uint64_t q_flush_va, q_flush_asid;
    mmu_regs hw;                  /* the DUT's registers (writes applied at the end of their cycle) */
    bool reg_we_now;
    unsigned reg_addr_now;
    uint64_t reg_wdata_now;

    /* requests */
    bool have_page;               /* the next page of the trace, waiting to be issued */
    mmu_run_page page;
    bool have_retry;              /* a page the OS fixed: issued before have_page */
    mmu_run_page retry;
    unsigned retry_attempt;
    bool req_pending;
    tenv_req cur;
    tenv_req out[TENV_OUT];       /* accepted and not retired, oldest first (ring) */
    unsigned out_head, out_count;
    unsigned id_mask;             /* req_id_i: request number & id_mask (0: id_bits = 0) */
    unsigned out_unsafe;          /* in flight and the arch model says it faults */
    uint64_t next_id;
    uint64_t req_since;
    bool fault_pending;           /* the oldest... answered with a fault, for the OS */
    tenv_req fault_req;
    bool fault_hit;
    mmu_cause fault_cause;
    bool trace_end;

    /* end: counter reads */
    unsigned fin_step;
    bool fin_now, fin_done;
    uint64_t ctr[TENV_CTRS];
    uint64_t flush_cmds, cas_handshakes;
    uint64_t pre_tlb;             /* responses decided before the TLB (hybrid bound): counted
                                     as misses and walks, as mmu-ref run does, but the RTL's
                                     counters never see them */

    /* user data (tokens) */
    tenv_word *words;
    size_t words_cap, words_n;
    uint64_t data_checks;

    /* walker memory port */
    bool mp_busy, mp_we;
    uint64_t mp_due, mp_addr, mp_wdata, mp_cmp;
    unsigned bp_left;
    bool prev_mreq_valid, prev_mreq_ready, prev_mwe;
    uint64_t prev_maddr, prev_mwdata, prev_mcmp;

    /* results */
    mmu_env_stats st;
    mmu_env_failure_info fail;
    bool fail_reported;
    bool errored;
    mmu_error error;
    tenv_hist *hist;
    unsigned hist_cap, hist_head, hist_count;
    uint64_t hang_cycles;
};

static uint64_t mask(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

/* ---- failures, errors, history ---------------------------------------------------- */
static int failf(mmu_tenv *t, const char *signal, uint64_t rtl, uint64_t model, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int failf(mmu_tenv *t, const char *signal, uint64_t rtl, uint64_t model, const char *fmt, ...)
{
    if (t->fail.failed) return -1;
    t->fail.failed = true;
    t->fail.cycle = t->cycle;
    snprintf(t->fail.signal, sizeof t->fail.signal, "%s", signal);
    t->fail.rtl = rtl;
    t->fail.model = model;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->fail.msg, sizeof t->fail.msg, fmt, ap);
    va_end(ap);
    return -1;
}

static void set_error(mmu_tenv *t, const mmu_error *e)
{
    if (t->errored) return;
    t->errored = true;
    t->error = *e;
}

static void hist(mmu_tenv *t, tenv_hist_kind k, uint64_t a, uint64_t b, uint64_t c, uint64_t d, unsigned acc,
                 unsigned flag)
{
    tenv_hist *h = &t->hist[(t->hist_head + t->hist_count) % t->hist_cap];
    if (t->hist_count < t->hist_cap) t->hist_count++;
    else t->hist_head = (t->hist_head + 1) % t->hist_cap;
    *h = (tenv_hist){t->cycle, (uint8_t)k, (uint8_t)acc, (uint8_t)flag, a, b, c, d};
}

static const char *const acc_letter[] = {"fetch", "load", "store", "?"};

static int hist_line(const tenv_hist *h, char *b, size_t n)
{
    switch ((tenv_hist_kind)h->kind) {
    case TH_REQ:
        return snprintf(b, n, "cycle %" PRIu64 ": accept #%" PRIu64 " U %s VA 0x%" PRIx64 " (trace line %" PRIu64
                        "%s)", h->cycle, h->b, acc_letter[h->acc & 3], h->a, h->c, h->flag ? ", retry" : "");
    case TH_RSP:
        return snprintf(b, n, "cycle %" PRIu64 ": answer #%" PRIu64 " %s %s PA 0x%" PRIx64, h->cycle, h->a,
                        h->flag & 1 ? "hit" : "walk", h->c ? mmu_cause_name((mmu_cause)(h->c < MMU_CAUSE_COUNT ? h->c : 0)) : "ok", h->b);
    case TH_MEMRD:
        return snprintf(b, n, "cycle %" PRIu64 ": mem read 0x%" PRIx64 " -> 0x%" PRIx64 "%s", h->cycle, h->a, h->b,
                        h->flag ? " (bus error)" : "");
    case TH_CAS:
        return snprintf(b, n, "cycle %" PRIu64 ": mem CAS 0x%" PRIx64 " cmp 0x%" PRIx64 " new 0x%" PRIx64
                        " found 0x%" PRIx64 " (%s)", h->cycle, h->a, h->b, h->c, h->d,
                        h->flag == 2 ? "bus error" : h->flag ? "stored" : "mismatch");
    case TH_REG:
        return snprintf(b, n, "cycle %" PRIu64 ": reg write 0x%02" PRIx64 " <- 0x%" PRIx64, h->cycle, h->a, h->b);
    case TH_OS:
        return snprintf(b, n, "cycle %" PRIu64 ": OS: %s fault on %s VA 0x%" PRIx64 " (trace line %" PRIu64 "): %s",
                        h->cycle, mmu_cause_name((mmu_cause)(h->c < MMU_CAUSE_COUNT ? h->c : 0)),
                        acc_letter[h->acc & 3], h->a, h->b,
                        h->flag == 0 ? "fixed, retry" : h->flag == 1 ? "segfault, skipped" : "error");
    }
    return 0;
}

void mmu_tenv_history(const mmu_tenv *t, char *buf, unsigned size)
{
    size_t used = 0;
    if (!size) return;
    buf[0] = '\0';
    for (unsigned i = 0; i < t->hist_count; i++) {
        char line[320];
        hist_line(&t->hist[(t->hist_head + i) % t->hist_cap], line, sizeof line);
        int n = snprintf(buf + used, size - used, "%s\n", line);
        if (n < 0 || (size_t)n >= size - used) break;
        used += (size_t)n;
    }
}

void mmu_tenv_history_json(const mmu_tenv *t, char *buf, unsigned size)
{
    size_t used = 0;
    if (size < 3) { if (size) buf[0] = '\0'; return; }
    buf[used++] = '[';
    buf[used] = '\0';
    for (unsigned i = 0; i < t->hist_count; i++) {
        char line[320];
        hist_line(&t->hist[(t->hist_head + i) % t->hist_cap], line, sizeof line);
        int n = snprintf(buf + used, size - used, "%s\"%s\"", i ? ", " : "", line);   /* no quotes in lines */
        if (n < 0 || (size_t)n >= size - used - 1) break;
        used += (size_t)n;
    }
    snprintf(buf + used, size - used, "]");
}

/* ---- register port ------------------------------------------------------------------ */
static void regq_push(mmu_tenv *t, unsigned addr, uint64_t data)
{
    if (t->regq_count == t->regq_cap) {
        unsigned cap = t->regq_cap ? t->regq_cap * 2 : 64;
        tenv_regw *q = malloc(cap * sizeof *q);
        if (!q) { mmu_error e; mmu_fail(&e, NULL, 0, "out of memory"); set_error(t, &e); return; }
        for (unsigned i = 0; i < t->regq_count; i++) q[i] = t->regq[(t->regq_head + i) % t->regq_cap];
        free(t->regq);
        t->regq = q;
        t->regq_cap = cap;
        t->regq_head = 0;
    }
    t->regq[(t->regq_head + t->regq_count) % t->regq_cap] = (tenv_regw){addr, data};
    t->regq_count++;
}

static uint64_t seg_ctrl(const mmu_segment *s)
{
    return (uint64_t)s->valid | (uint64_t)s->grows_negative << 1 | (uint64_t)s->r << 2 | (uint64_t)s->w << 3 |
           (uint64_t)s->x << 4 | (uint64_t)s->user << 5;
}

/* OS hook: the registers changed. Writes what differs from what is queued;
 * ASID before PTBASE, MODE last (nothing is accepted in between anyway). */
static void hook_set_regs(void *ctx, const mmu_regs *r)
{
    mmu_tenv *t = ctx;
    mmu_regs *q = &t->queued;
    uint64_t st_new = (uint64_t)r->sum | (uint64_t)r->mxr << 1 | (uint64_t)r->adue << 2;
    uint64_t st_old = (uint64_t)q->sum | (uint64_t)q->mxr << 1 | (uint64_t)q->adue << 2;
    if (st_new != st_old) regq_push(t, MMU_ENV_REG_STATUS, st_new);
    if (r->asid != q->asid) regq_push(t, MMU_ENV_REG_ASID, r->asid);
    if (r->ptbase != q->ptbase) regq_push(t, MMU_ENV_REG_PTBASE, r->ptbase);
    for (unsigned i = 0; t->p.segmentation && i < t->p.seg_count && i < MMU_MAX_SEGMENTS; i++) {
        const mmu_segment *a = &r->seg[i], *b = &q->seg[i];
        if (a->base != b->base) regq_push(t, MMU_ENV_REG_SEG_BASE + 4 * i, a->base);
        if (a->bound != b->bound) regq_push(t, MMU_ENV_REG_SEG_BASE + 4 * i + 1, a->bound);
        if (seg_ctrl(a) != seg_ctrl(b)) regq_push(t, MMU_ENV_REG_SEG_BASE + 4 * i + 2, seg_ctrl(a));
    }
    if (r->mode != q->mode) regq_push(t, MMU_ENV_REG_MODE, (uint64_t)r->mode);
    *q = *r;
}

/* OS hook: an SFENCE.VMA. The operand registers are written only when they
 * change. The TLB model flushes now, as in mmu-ref run (no request is
 * accepted before the FLUSH write has taken effect). */
static void hook_flush(void *ctx, const mmu_flush_req *f)
{
    mmu_tenv *t = ctx;
    if (f->use_va && (f->va & t->va_port_mask) != t->q_flush_va) {
        t->q_flush_va = f->va & t->va_port_mask;
        regq_push(t, MMU_ENV_REG_FLUSH_VA, t->q_flush_va);
    }
    uint64_t asid = f->asid & mask(t->p.asid_bits);
    if (f->use_asid && asid != t->q_flush_asid) {
        t->q_flush_asid = asid;
        regq_push(t, MMU_ENV_REG_FLUSH_ASID, asid);
    }
    regq_push(t, MMU_ENV_REG_FLUSH, (uint64_t)f->use_va | (uint64_t)f->use_asid << 1);
    if (t->tlb) mmu_tlb_flush(t->tlb, f->use_va, f->va, f->use_asid, f->asid);
}

static void apply_reg_write(mmu_tenv *t, unsigned a, uint64_t d)
{
    t->st.reg_writes++;
    hist(t, TH_REG, a, d, 0, 0, 0, 0);
    if (a == MMU_ENV_REG_FLUSH) { t->st.flushes++; t->flush_cmds++; return; }
    mmu_env_reg_write(&t->p, &t->hw, a, d);
}

/* ---- the arch model on a read-only view of the OS's memory ---------------------- */
typedef struct {
    mmu_tenv *t;
    uint64_t last_addr, last_val;
    unsigned reads;               /* reads the walker would make (a bus error is one;
                                     an address beyond the PA space is none: a
                                     hybrid table there faults before the walk) */
} view;

static int view_read(void *ctx, uint64_t pa, unsigned bytes, uint64_t *val)
{
    view *v = ctx;
    v->reads += pa + bytes - 1 <= v->t->pa_mask;
    if (v->t->mem.read(v->t->mem.ctx, pa, bytes, val)) return -1;
    v->last_addr = pa;
    v->last_val = *val;
    return 0;
}

/* The walk's A/D compare-and-swap, never written: it finds what the walk read. */
static int view_cas(void *ctx, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t new_val, uint64_t *old)
{
    view *v = ctx;
    (void)expect;
    (void)new_val;
    if (v->last_addr == pa) { *old = v->last_val; return 0; }
    return v->t->mem.read(v->t->mem.ctx, pa, bytes, old);
}

/* *no_walk: a fault decided before any PTE read (a pre-walk fault, order.c). */
static mmu_result arch_translate(mmu_tenv *t, const mmu_regs *regs, uint64_t va, mmu_access acc, bool *no_walk)
{
    view v = {t, ~(uint64_t)0, 0, 0};
    mmu_mem m = {&v, view_read, view_cas};
    mmu_result r = mmu_translate(&t->p, regs, &m, va, acc, MMU_PRIV_USER, NULL);
    *no_walk = r.fault && !v.reads;
    return r;
}

/* ---- user data tokens ------------------------------------------------------------------ */
static size_t word_hash(unsigned pid, uint64_t va, size_t cap)
{
    uint64_t h = ((va >> 3) ^ ((uint64_t)pid << 47)) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static tenv_word *word_find(mmu_tenv *t, unsigned pid, uint64_t va, bool create)
{
    if (create && (t->words_n + 1) * 2 > t->words_cap) {
        size_t cap = t->words_cap ? t->words_cap * 2 : 4096;
        tenv_word *w = calloc(cap, sizeof *w);
        if (!w) return NULL;
        for (size_t i = 0; i < t->words_cap; i++) {
            if (!t->words[i].used) continue;
            size_t j = word_hash(t->words[i].pid, t->words[i].va, cap);
            while (w[j].used) j = (j + 1) & (cap - 1);
            w[j] = t->words[i];
        }
        free(t->words);
        t->words = w;
        t->words_cap = cap;
    }
    if (!t->words_cap) return NULL;
    size_t j = word_hash(pid, va, t->words_cap);
    while (t->words[j].used) {
        if (t->words[j].pid == pid && t->words[j].va == va) return &t->words[j];
        j = (j + 1) & (t->words_cap - 1);
    }
    if (!create) return NULL;
    t->words[j] = (tenv_word){va, pid, true, 0};
    t->words_n++;
    return &t->words[j];
}

/* Forget (set to zero) pid's words, all of them or those of one page. */
static void words_zero(mmu_tenv *t, unsigned pid, bool one_page, uint64_t vpn)
{
    for (size_t i = 0; i < t->words_cap; i++) {
        tenv_word *w = &t->words[i];
        if (w->used && w->pid == pid && (!one_page || ((w->va & mmu_va_mask(&t->p)) >> t->p.page_shift) == vpn))
            w->val = 0;
    }
}

static void on_event(void *ctx, const mmu_trace_event *ev)
{
    mmu_tenv *t = ctx;
    if (ev->kind == MMU_EV_CREATE || ev->kind == MMU_EV_EXIT) words_zero(t, ev->pid, false, 0);
    if (ev->kind != MMU_EV_FORK) return;
    words_zero(t, ev->child, false, 0);
    size_t n = 0;
    for (size_t i = 0; i < t->words_cap; i++) n += t->words[i].used && t->words[i].pid == ev->pid && t->words[i].val;
    tenv_word *copy = malloc((n ? n : 1) * sizeof *copy);
    if (!copy) return;
    n = 0;
    for (size_t i = 0; i < t->words_cap; i++)
        if (t->words[i].used && t->words[i].pid == ev->pid && t->words[i].val) copy[n++] = t->words[i];
    for (size_t i = 0; i < n; i++) {
        tenv_word *w = word_find(t, ev->child, copy[i].va, true);
        if (w) w->val = copy[i].val;
    }
    free(copy);
}

/* A load or store of the trace translated to pa by the DUT. */
static void data_access(mmu_tenv *t, const tenv_req *r, uint64_t pa)
{
    uint64_t va = r->pg.va & ~(uint64_t)7, pw = pa & ~(uint64_t)7, got = 0;
    if (r->pg.acc == MMU_ACC_STORE) {
        uint64_t tok = (uint64_t)1 << 63 | (uint64_t)r->pg.pid << 40 | (uint64_t)(unsigned)r->pg.line;
        tenv_word *w = word_find(t, r->pg.pid, va, true);
        if (w) w->val = tok;
        if (!t->mem.read(t->mem.ctx, pw, 8, &got)) t->mem.cas(t->mem.ctx, pw, 8, got, tok, &got);
        return;
    }
    if (r->pg.acc != MMU_ACC_LOAD) return;
    tenv_word *w = word_find(t, r->pg.pid, va, false);
    uint64_t want = w ? w->val : 0;
    t->data_checks++;
    if (t->mem.read(t->mem.ctx, pw, 8, &got)) got = ~(uint64_t)0;
    if (got != want)
        failf(t, "data.load", got, want, "request #%" PRIu64 " (trace line %d): pid %u loads VA 0x%" PRIx64
              " at PA 0x%" PRIx64 " and finds 0x%" PRIx64 " (%s), expected 0x%" PRIx64 " (%s)", r->id, r->pg.line,
              r->pg.pid, r->pg.va, pa, got, got >> 63 ? "a store's token" : "no store", want,
              want ? "the token of its last store to that word" : "zero: nothing stored there by this process");
}

/* ---- lifecycle ------------------------------------------------------------------------ */
mmu_tenv *mmu_tenv_new(const mmu_profile *p, const mmu_tenv_config *c, mmu_error *err)
{
    if (mmu_profile_validate(p, err)) return NULL;
    mmu_tenv *t = calloc(1, sizeof *t);
    if (!t) { mmu_fail(err, NULL, 0, "out of memory"); return NULL; }
    t->p = *p;
    t->c = *c;
    t->c.run.page_shift = p->page_shift;
    t->va_port_mask = mask(p->va_port_bits);
    t->pte_mask = mask(p->pte_bytes * 8);
    t->pa_mask = mask(p->pa_bits);
    mmu_rng_seed(&t->junk, c->seed ^ 0x74726163656a6e6bull);
    mmu_rng_seed(&t->lat_rng, c->seed ^ 0x6c61746e63790000ull);
    t->hist_cap = c->history ? c->history : 1;
    t->hist = calloc(t->hist_cap, sizeof *t->hist);
    t->next_id = 1;
    t->id_mask = (unsigned)mask(p->id_bits);
    mmu_env_regs_reset(p, &t->queued);
    t->hw = t->queued;
    if (!t->hist) { mmu_fail(err, NULL, 0, "out of memory"); mmu_tenv_free(t); return NULL; }
    if (c->os.mode != MMU_MODE_SEGMENTATION) {
        t->tc = (mmu_tlb_config){p->tlb_sets, p->tlb_ways, p->tlb_repl, p->page_shift, p->va_bits,
                                 p->va_sign_extend != 0, 0, !p->flush_exact};
        t->tlb = mmu_tlb_new(&t->tc, err);
        if (!t->tlb) { mmu_tenv_free(t); return NULL; }
    }
    t->c.run.on_event = on_event;
    t->c.run.event_ctx = t;
    mmu_os_config oc = c->os;
    oc.group_shift = 0;
    oc.populate_ad = true;
    mmu_os_hooks hooks = {t, hook_flush, hook_set_regs};
    t->os = mmu_os_new(p, &oc, &hooks, err);
    if (!t->os) { mmu_tenv_free(t); return NULL; }
    t->mem = mmu_os_mem(t->os);
    hook_set_regs(t, mmu_os_regs(t->os));      /* STATUS etc. as the OS wants them */
    t->run = mmu_run_open(&t->c.run, p, t->os, &t->cnt, err);
    if (!t->run) { mmu_tenv_free(t); return NULL; }
    /* the watchdog outlasts the slowest legal walk (as mmu_env's) */
    const mmu_lat_model *l = &c->lat;
    uint64_t worst = l->kind == MMU_LAT_BURST ? (uint64_t)l->stall_max + l->bp_len : l->b > l->a ? l->b : l->a;
    t->hang_cycles = 16 * (worst + 2) * (p->levels + 2);
    if (t->hang_cycles < 20000) t->hang_cycles = 20000;
    return t;
}

void mmu_tenv_free(mmu_tenv *t)
{
    if (!t) return;
    mmu_run_close(t->run);
    mmu_os_free(t->os);
    mmu_tlb_free(t->tlb);
    free(t->regq);
    free(t->hist);
    free(t->words);
    free(t);
}

bool mmu_tenv_done(const mmu_tenv *t) { return t->errored || t->fin_done; }
const mmu_error *mmu_tenv_error(const mmu_tenv *t) { return t->errored ? &t->error : NULL; }
const mmu_env_failure_info *mmu_tenv_failure(const mmu_tenv *t) { return &t->fail; }
const mmu_env_stats *mmu_tenv_env_stats(const mmu_tenv *t) { return &t->st; }
const mmu_run_counts *mmu_tenv_counts(const mmu_tenv *t) { return &t->cnt; }

bool mmu_tenv_hw_counters(const mmu_tenv *t, uint64_t ctr[7])
{
    if (!t->fin_done || !t->p.counters) return false;
    memcpy(ctr, t->ctr, sizeof t->ctr);
    return true;
}

void mmu_tenv_report(const mmu_tenv *t, mmu_run_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->trace = t->c.run.trace;
    rep->format = mmu_run_format_name(t->run);
    rep->p = &t->p;
    rep->mode = t->c.os.mode ? t->c.os.mode : MMU_MODE_PAGING;
    rep->tlb = t->tlb ? &t->tc : NULL;
    rep->page_shift = t->p.page_shift;
    rep->populate = t->c.run.populate;
    rep->frames = t->c.os.frames;
    rep->swap = t->c.os.swap_policy;
    rep->c = &t->cnt;
    rep->os = mmu_os_get_stats(t->os);
    rep->ts = t->tlb ? mmu_tlb_get_stats(t->tlb) : NULL;
}

/* ---- walker memory port (the latency models of docs/cosim.md) -------------------- */
/* The i-th request of out[], oldest first. */
static tenv_req *out_at(mmu_tenv *t, unsigned i) { return &t->out[(t->out_head + i) % TENV_OUT]; }

/* The walker walks the oldest unanswered request (docs/rtl.md "Hit under
 * miss" rule 2; order.c checks it). */
static tenv_req *walking(mmu_tenv *t)
{
    for (unsigned i = 0; i < t->out_count; i++)
        if (!out_at(t, i)->answered) return out_at(t, i);
    return NULL;
}

static void mem_drive(mmu_tenv *t, mmu_cycle_in *in)
{
    bool due = t->mp_busy && t->cycle >= t->mp_due;
    in->mem_rsp_valid = due;
    in->mem_rsp_data = mmu_rng_next(&t->junk) & t->pte_mask;
    in->mem_rsp_err = !due && (mmu_rng_next(&t->junk) & 1);
    if (due) {
        tenv_req *w = walking(t);
        unsigned b = t->p.pte_bytes;
        uint64_t v = 0;
        bool bad = (t->mp_addr & (b - 1)) != 0;
        t->mp_busy = false;
        if (!t->mp_we) {
            bad = bad || t->mem.read(t->mem.ctx, t->mp_addr, b, &v);
            v &= t->pte_mask;
            t->st.mem_reads++;
            t->cnt.pte_reads++;
            if (w && !bad) { w->have_read = true; w->last_read_addr = t->mp_addr; w->last_read_val = v; }
            hist(t, TH_MEMRD, t->mp_addr, v, 0, 0, 0, bad);
        } else {
            bad = bad || t->mem.cas(t->mem.ctx, t->mp_addr, b, t->mp_cmp, t->mp_wdata, &v);
            v &= t->pte_mask;
            t->st.mem_cas++;
            bool ok = !bad && v == t->mp_cmp;
            if (ok) { t->cnt.ad_writes++; if (w) w->cas_ok++; }
            else if (!bad) t->st.mem_cas_fail++;
            hist(t, TH_CAS, t->mp_addr, t->mp_cmp, t->mp_wdata, v, 0, bad ? 2 : ok);
        }
        if (bad) { t->st.mem_errors++; v = 0; }
        in->mem_rsp_err = bad;
        in->mem_rsp_data = v;
    }
    in->mem_req_ready = mmu_lat_ready(&t->c.lat, &t->lat_rng, &t->bp_left) && !t->mp_busy;
}

static void mem_observe(mmu_tenv *t, const mmu_cycle_in *in, const mmu_cycle_out *out)
{
    if (t->prev_mreq_valid && !t->prev_mreq_ready) {
        if (!out->mem_req_valid)
            failf(t, "proto.mem_req_valid_o", 0, 1,
                  "mem_req_valid_o dropped before the request was accepted (mem_req_ready_i was 0)");
        else if (out->mem_req_addr != t->prev_maddr || out->mem_req_we != t->prev_mwe ||
                 (out->mem_req_we && (out->mem_req_wdata != t->prev_mwdata || out->mem_req_cmp != t->prev_mcmp)))
            failf(t, "proto.mem_req_addr_o", out->mem_req_addr, t->prev_maddr,
                  "memory request changed while waiting for mem_req_ready_i");
    }
    t->prev_mreq_valid = out->mem_req_valid;
    t->prev_mreq_ready = in->mem_req_ready;
    t->prev_maddr = out->mem_req_addr;
    t->prev_mwe = out->mem_req_we;
    t->prev_mwdata = out->mem_req_wdata;
    t->prev_mcmp = out->mem_req_cmp;
    if (!(out->mem_req_valid && in->mem_req_ready)) return;
    tenv_req *w = walking(t);
    if (!w) failf(t, "proto.mem_req_valid_o", 1, 0, "memory request with no translation outstanding");
    if (out->mem_req_addr & (t->p.pte_bytes - 1))
        failf(t, "proto.mem_req_addr_o", out->mem_req_addr, out->mem_req_addr & ~(uint64_t)(t->p.pte_bytes - 1),
              "PTE access not aligned to %u bytes", t->p.pte_bytes);
    t->mp_busy = true;
    t->mp_addr = out->mem_req_addr;
    t->mp_we = out->mem_req_we;
    t->mp_wdata = out->mem_req_wdata & t->pte_mask;
    t->mp_cmp = out->mem_req_cmp & t->pte_mask;
    t->mp_due = t->cycle + mmu_lat_delay(&t->c.lat, &t->lat_rng);
    if (t->mp_we) {
        t->cas_handshakes++;
        if (w) {
            uint64_t want = mmu_pte_with_ad(&t->p, t->mp_cmp, w->pg.acc) & t->pte_mask;
            if (!t->hw.adue)
                failf(t, "proto.mem_req_we_o", 1, 0, "A/D compare-and-swap with ADUE=0 (Svade must fault, never write)");
            else if (!w->have_read || w->last_read_addr != t->mp_addr)
                failf(t, "proto.mem_req_addr_o", t->mp_addr, w->last_read_addr,
                      "compare-and-swap to an address the walk did not just read");
            else if (t->mp_cmp != w->last_read_val)
                failf(t, "proto.mem_req_cmp_o", t->mp_cmp, w->last_read_val, "compare value is not the PTE the walk read");
            else if (t->mp_wdata != want)
                failf(t, "proto.mem_req_wdata_o", t->mp_wdata, want,
                      "CAS new value must be the PTE with A%s set (and nothing else changed)",
                      w->pg.acc == MMU_ACC_STORE ? " and D" : "");
        }
    }
}

/* ---- drive ------------------------------------------------------------------------------ */
static const uint8_t readable[] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x07, 0x08, 0x40, 0x41, 0x42, 0x80, 0x81, 0x82,
    0x83, 0x84, 0x85, 0x86, 0x90, 0x91, 0x97, 0x9b, 0x9c, 0x9d,
};

static void drive_req(mmu_tenv *t, mmu_cycle_in *in)
{
    in->req_valid = true;
    in->req_va = t->cur.pg.va & t->va_port_mask;
    in->req_acc = t->cur.pg.acc;
    in->req_priv = MMU_PRIV_USER;
    in->req_id = t->cur.slot.id;
}

/* req_id_i for the next request, as mmu_env's (mmu_env.h "Response order"):
 * its number modulo 2^id_bits or the next ID up no unanswered request holds;
 * -1 when all are held. */
static int free_id(mmu_tenv *t)
{
    for (unsigned k = 0; k <= t->id_mask; k++) {
        unsigned id = (unsigned)(t->next_id + k) & t->id_mask;
        bool used = false;
        for (unsigned i = 0; i < t->out_count; i++) used |= !out_at(t, i)->answered && out_at(t, i)->slot.id == id;
        if (!used) return (int)id;
    }
    return -1;
}

static bool idle(const mmu_tenv *t) { return !t->req_pending && !t->out_count; }

/* The OS fixes the fault of the oldest answered request (nothing in flight). */
static void service_fault(mmu_tenv *t)
{
    t->fault_pending = false;
    mmu_result r;
    if (t->fault_hit) {                /* as mmu-ref run: the TLB's answer */
        memset(&r, 0, sizeof r);
        r.fault = true;
        r.cause = t->fault_cause;
        r.level = -1;
    } else {
        r = t->fault_req.arch;
    }
    mmu_error err;
    const mmu_run_page *pg = &t->fault_req.pg;
    uint64_t dz = mmu_os_get_stats(t->os)->demand_zero;
    int rc = mmu_run_fault(t->run, pg, &r, &err);
    if (mmu_os_get_stats(t->os)->demand_zero != dz)      /* a fresh zero page: its old data is gone */
        words_zero(t, pg->pid, true, (pg->va & mmu_va_mask(&t->p)) >> t->p.page_shift);
    hist(t, TH_OS, pg->va, (uint64_t)pg->line, r.cause, 0, pg->acc, rc < 0 ? 2 : (unsigned)rc);
    if (rc < 0) { set_error(t, &err); return; }
    if (rc > 0) return;                /* segfault: skipped */
    if (t->fault_req.attempt + 1 > TENV_MAX_ATTEMPTS) {
        mmu_fail(&err, t->c.run.trace, pg->line, "VA 0x%" PRIx64 " still faults after the OS fixed it %d times",
                 pg->va, TENV_MAX_ATTEMPTS);
        set_error(t, &err);
        return;
    }
    t->have_retry = true;
    t->retry = *pg;
    t->retry_attempt = t->fault_req.attempt + 1;
}

void mmu_tenv_drive(mmu_tenv *t, mmu_cycle_in *in)
{
    if (t->flush_wait) t->flush_wait--;
    in->rst = false;
    in->req_valid = false;
    in->req_va = mmu_rng_next(&t->junk) & t->va_port_mask;
    in->req_acc = (unsigned)(mmu_rng_next(&t->junk) & 3);
    in->req_priv = (unsigned)(mmu_rng_next(&t->junk) & 1);
    in->req_id = (unsigned)(in->req_va >> 5) & t->id_mask;     /* junk, no extra draw */
    in->reg_we = false;
    in->reg_addr = readable[mmu_rng_next(&t->junk) % sizeof readable];
    in->reg_wdata = mmu_rng_next(&t->junk);
    t->reg_we_now = false;
    t->fin_now = false;
    mem_drive(t, in);
    if (t->errored || t->fin_done) return;

    if (t->req_pending) { drive_req(t, in); return; }
    if (t->fault_pending && idle(t)) service_fault(t);
    if (t->errored) return;
    if (t->regq_count) {
        if (!idle(t)) return;
        tenv_regw w = t->regq[t->regq_head];
        bool fl_reg = w.addr == MMU_ENV_REG_FLUSH || w.addr == MMU_ENV_REG_FLUSH_VA ||
                      w.addr == MMU_ENV_REG_FLUSH_ASID;
        if (fl_reg && t->flush_wait) return;
        if (w.addr == MMU_ENV_REG_FLUSH && (w.data & 3) && t->p.flush_exact)
            t->flush_wait = t->p.tlb_sets + 2;     /* the walk runs c+1 .. c+SETS+1 */
        t->regq_head = (t->regq_head + 1) % t->regq_cap;
        t->regq_count--;
        t->reg_we_now = true;
        t->reg_addr_now = w.addr;
        t->reg_wdata_now = w.data;
        in->reg_we = true;
        in->reg_addr = w.addr;
        in->reg_wdata = w.data;
        return;
    }
    if (t->fault_pending) return;      /* waiting for the pipeline to drain */
    if (!t->have_page && !t->have_retry && !t->trace_end) {
        mmu_error err;
        int rc = mmu_run_next(t->run, idle(t), &t->page, &err);
        if (rc < 0) { set_error(t, &err); return; }
        if (rc == MMU_RUN_END) t->trace_end = true;
        if (rc == MMU_RUN_PAGE) t->have_page = true;
        if (t->regq_count) return;     /* OS events wrote registers: those go first, next cycle */
    }
    if (t->have_retry || t->have_page) {
        if (t->out_unsafe || t->out_count >= TENV_OUT) return;
        int id = t->id_mask ? free_id(t) : 0;
        if (id < 0) return;
        memset(&t->cur, 0, sizeof t->cur);
        t->cur.slot.id = (unsigned)id;
        if (t->have_retry) {
            t->cur.pg = t->retry;
            t->cur.attempt = t->retry_attempt;
            t->have_retry = false;
        } else {
            t->cur.pg = t->page;
            t->have_page = false;
        }
        t->req_pending = true;
        t->req_since = t->cycle;
        drive_req(t, in);
        return;
    }
    if (t->trace_end && idle(t) && !t->fault_pending && !t->have_retry) {   /* read the performance counters */
        t->fin_now = true;
        if (t->fin_step < TENV_CTRS) in->reg_addr = 0x80 + t->fin_step;
    }
}

/* ---- observe --------------------------------------------------------------------------- */
static void accept(mmu_tenv *t)
{
    tenv_req *r = out_at(t, t->out_count);
    *r = t->cur;
    r->id = t->next_id++;
    r->slot.num = r->id;
    r->slot.no_tlb = t->hw.mode != MMU_MODE_PAGING && t->hw.mode != MMU_MODE_HYBRID;
    r->accept_cycle = t->cycle;
    t->out_count++;
    t->req_pending = false;
    t->st.requests++;
    if (r->attempt) t->cnt.retries++;
    hist(t, TH_REQ, r->pg.va, r->id, (uint64_t)r->pg.line, 0, r->pg.acc, r->attempt != 0);
    /* What the answer must be: the arch model with the registers of this
     * cycle (the TLB model looks it up when it is answered: respond). */
    r->arch = arch_translate(t, &t->hw, r->pg.va, r->pg.acc, &r->no_walk);
    r->use_tlb = t->tlb && !r->slot.no_tlb;
    if (r->arch.fault) t->out_unsafe++;
    unsigned n = 0;
    for (unsigned i = 0; i < t->out_count; i++) n += !out_at(t, i)->answered;
    if (t->id_mask && n > MMU_ENV_HUM_OUTSTANDING)
        failf(t, "proto.req_ready_o", n, MMU_ENV_HUM_OUTSTANDING, "request #%" PRIu64 " accepted with %u requests "
              "outstanding: hit under miss allows %u (the walking one and one in s1)", r->id, n - 1,
              MMU_ENV_HUM_OUTSTANDING);
}

/* In acceptance order, each answered request whose elders all answered:
 * user data, the OS's bookkeeping of the access, a fault for the OS. */
static void retire(mmu_tenv *t)
{
    while (t->out_count && t->out[t->out_head].answered) {
        tenv_req *r = &t->out[t->out_head];
        t->out_head = (t->out_head + 1) % TENV_OUT;
        t->out_count--;
        if (!r->rsp_fault) {
            if (t->c.arch_check && t->c.data_check) data_access(t, r, r->rsp_pa);
            mmu_run_done(t->run, r->rsp_pa);
            continue;
        }
        t->fault_pending = true;
        t->fault_req = *r;
        t->fault_hit = r->rsp_hit;
        t->fault_cause = r->rsp_cause;
    }
}

static bool no_walk(void *ctx, unsigned k) { return ((tenv_req **)ctx)[k]->no_walk; }

/* The request the response answers (order.c), or NULL (failure recorded). */
static tenv_req *match(mmu_tenv *t, const mmu_cycle_out *o)
{
    mmu_env_slot s[TENV_OUT];
    tenv_req *map[TENV_OUT];
    unsigned n = 0;
    for (unsigned i = 0; i < t->out_count; i++) {
        tenv_req *r = out_at(t, i);
        if (r->answered) continue;
        map[n] = r;
        s[n++] = r->slot;
    }
    mmu_env_order_error why;
    int k = mmu_env_match_response(t->p.id_bits, s, n, o, no_walk, map, &why);
    if (k < 0) {
        failf(t, why.signal, o->rsp_id, n ? s[0].id : 0, "%s", why.msg);
        return NULL;
    }
    map[0]->slot.overtaken = s[0].overtaken;
    return map[k];
}

static void respond(mmu_tenv *t, tenv_req *r, const mmu_cycle_out *o)
{
    if (r->arch.fault) t->out_unsafe--;
    t->st.responses++;
    if (o->rsp_hit) t->st.hits++;
    if (o->rsp_fault) t->st.faults++;
    if (o->rsp_cause < MMU_CAUSE_COUNT) t->st.cause[o->rsp_cause]++;
    t->st.mode_responses[t->hw.mode < MMU_MODE_COUNT ? t->hw.mode : 0]++;
    hist(t, TH_RSP, r->id, o->rsp_pa, o->rsp_cause, 0, 0, o->rsp_hit);
    /* The TLB model in response order, the order the MMU's TLB sees its
     * lookups and fills in (the registers are the acceptance's: nothing is
     * written while a request is in flight). */
    int tlb = -1;
    if (r->use_tlb) {
        uint64_t pa = 0;
        mmu_cause cause = MMU_CAUSE_NONE;
        tlb = (int)mmu_tlb_lookup(t->tlb, &t->p, &t->hw, r->pg.va, r->pg.acc, MMU_PRIV_USER, &pa, &cause);
        if (tlb == MMU_TLB_MISS && !r->arch.fault) mmu_tlb_fill(t->tlb, &t->p, r->pg.va, t->hw.asid, &r->arch);
    }
    if (t->c.arch_check) {
        const mmu_result *a = &r->arch;
        int lvl = (int)(o->rsp_level & 7u);
        if (lvl & 4) lvl -= 8;
        unsigned cause = a->fault ? (unsigned)a->cause : 0;
        uint64_t pa = a->fault ? 0 : (a->pa & t->pa_mask);
        const char *sig = NULL;
        uint64_t got = 0, want = 0;
        if (o->rsp_cause != cause) sig = "arch.rsp_cause_o", got = o->rsp_cause, want = cause;
        else if (o->rsp_fault != a->fault) sig = "arch.rsp_fault_o", got = o->rsp_fault, want = a->fault;
        else if (lvl != a->level) sig = "arch.rsp_level_o", got = o->rsp_level & 7u, want = (uint64_t)a->level & 7u;
        else if (o->rsp_pa != pa) sig = "arch.rsp_pa_o", got = o->rsp_pa, want = pa;
        t->st.arch_checks++;
        if (sig)
            failf(t, sig, got, want, "request #%" PRIu64 " (trace line %d) user %s VA 0x%" PRIx64 " accepted cycle %"
                  PRIu64 ": RTL %s cause %u level %d PA 0x%" PRIx64 ", arch %s cause %s level %d PA 0x%" PRIx64,
                  r->id, r->pg.line, mmu_access_name(r->pg.acc), r->pg.va, r->accept_cycle,
                  o->rsp_fault ? "fault" : "ok", o->rsp_cause, lvl, o->rsp_pa, a->fault ? "fault" : "ok",
                  mmu_cause_name((mmu_cause)cause), a->level, pa);
        else if (tlb >= 0 && (tlb != MMU_TLB_MISS) != o->rsp_hit)
            failf(t, "tlb.rsp_hit_o", o->rsp_hit, tlb != MMU_TLB_MISS,
                  "request #%" PRIu64 " (trace line %d) user %s VA 0x%" PRIx64 ": RTL %s, the TLB model of mmu-ref run "
                  "%s", r->id, r->pg.line, mmu_access_name(r->pg.acc), r->pg.va, o->rsp_hit ? "hit" : "miss",
                  tlb != MMU_TLB_MISS ? "hits" : "misses");
        else if (r->cas_ok && o->rsp_fault)
            failf(t, "proto.mem_req_we_o", 1, 0, "request #%" PRIu64 " faulted after its walk wrote A/D", r->id);
    }
    /* counts (docs/os.md "Counting"): the DUT's hit flag decides */
    if (t->tlb) {
        if (r->attempt) {
            if (o->rsp_hit) t->cnt.retry_hits++;
            else t->cnt.retry_misses++;
        } else if (o->rsp_hit) {
            t->cnt.hits++;
        } else {
            t->cnt.misses++;
            t->cnt.miss_by[r->pg.acc]++;
        }
        if (!o->rsp_hit) t->cnt.walks++;
        if (!o->rsp_hit && r->arch.fault && r->arch.level < 0) t->pre_tlb++;
        if (o->rsp_hit && o->rsp_fault) t->cnt.hit_faults++;
    }
    r->answered = true;
    r->rsp_fault = o->rsp_fault;
    r->rsp_hit = o->rsp_hit;
    r->rsp_pa = o->rsp_pa;
    r->rsp_cause = o->rsp_cause < MMU_CAUSE_COUNT ? (mmu_cause)o->rsp_cause : MMU_CAUSE_NONE;
    retire(t);
}

static const char *const ctr_name[TENV_CTRS] = {"LOOKUPS", "HITS", "MISSES", "WALKS", "WALK_CYCLES", "FLUSHES", "AD_UPDATES"};

static void check_counters(mmu_tenv *t)
{
    const mmu_run_counts *c = &t->cnt;
    uint64_t m = mask(t->p.counters);
    uint64_t hits = c->hits + c->retry_hits, misses = c->misses + c->retry_misses;
    uint64_t want[TENV_CTRS] = {hits + misses - t->pre_tlb, hits, misses - t->pre_tlb, c->walks - t->pre_tlb, 0,
                                t->flush_cmds, t->cas_handshakes};
    if (!t->tlb || !t->p.counters) return;    /* counters = 0: the registers read 0, nothing to compare */
    for (unsigned i = 0; i < TENV_CTRS; i++) {
        if (i == 4) continue;          /* WALK_CYCLES: timing, compared with the cycle model every cycle */
        if ((t->ctr[i] & m) != (want[i] & m)) {
            char sig[32];
            snprintf(sig, sizeof sig, "ctr.%s", ctr_name[i]);
            failf(t, sig, t->ctr[i], want[i] & m, "performance counter %s (0x%x) reads %" PRIu64
                  " at the end of the trace, the counts say %" PRIu64 " (mod 2^%u)", ctr_name[i], 0x80 + i,
                  t->ctr[i], want[i] & m, t->p.counters);
            return;
        }
    }
}

int mmu_tenv_observe(mmu_tenv *t, const mmu_cycle_in *in, const mmu_cycle_out *out, mmu_error *err)
{
    t->st.cycles++;
    if (out->rsp_valid) {
        tenv_req *r = match(t, out);
        if (r) respond(t, r, out);
    }
    if (in->req_valid && out->req_ready) {
        if (!t->req_pending || t->out_count >= TENV_OUT) failf(t, "env.req", 0, 0, "acceptance the environment did not expect");
        else accept(t);
    }
    mem_observe(t, in, out);
    if (t->reg_we_now) apply_reg_write(t, t->reg_addr_now, t->reg_wdata_now);
    /* end of trace: the counters, one per cycle (registered read: addr in c, data in c+1) */
    if (t->fin_now) {
        if (t->fin_step >= 1) t->ctr[t->fin_step - 1] = out->reg_rdata;
        if (t->fin_step == TENV_CTRS) {
            t->fin_done = true;
            check_counters(t);
        } else {
            t->fin_step++;
        }
    }
    /* the oldest unanswered request has waited longest of them all */
    const tenv_req *w = walking(t);
    if (w && t->cycle - w->accept_cycle > t->hang_cycles)
        failf(t, "hang.rsp_valid_o", 0, 1, "request #%" PRIu64 " (VA 0x%" PRIx64 ") unanswered for %" PRIu64 " cycles",
              w->id, w->pg.va, t->hang_cycles);
    if (t->req_pending && t->cycle - t->req_since > t->hang_cycles)
        failf(t, "hang.req_ready_o", 0, 1, "request (VA 0x%" PRIx64 ") not accepted for %" PRIu64 " cycles",
              t->cur.pg.va, t->hang_cycles);
    t->cycle++;
    if (t->fail.failed && !t->fail_reported) {
        t->fail_reported = true;
        if (err) mmu_fail(err, "", 0, "cycle %" PRIu64 ": %s: %s", t->fail.cycle, t->fail.signal, t->fail.msg);
        return -1;
    }
    if (t->errored && err) *err = t->error;
    return 0;
}
