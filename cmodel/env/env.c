/* env.c — the per-cycle engine of the environment.
 *
 *   drive(n):   junk on every don't-care input; the memory port (mem.c);
 *               then steps from the queue: a request is held (valid, same
 *               payload) until accepted; at most one register write per
 *               cycle; waits, barriers, environment PTE writes.
 *   observe(n): the response (matched to its request: in order, or by
 *               rsp_id_o under the hit-under-miss rules, order.c; arch check,
 *               expectations, A/D rules), the acceptance of the driven request, the memory port, the
 *               register write's effect on the shadow registers and on the
 *               stale-PTE overlay (flushes), the hang watchdog.
 * drive(n) reads only state that observe(<n) left: inputs never depend on
 * outputs of the same cycle, so RTL and model always see the same inputs.
 */
#include "env_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t mask(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

/* ---- failures and history ------------------------------------------------------------- */
int env_failf(mmu_env *e, const char *signal, uint64_t rtl, uint64_t model, const char *fmt, ...)
{
    if (e->fail.failed) return -1;
    e->fail.failed = true;
    e->fail.cycle = e->cycle;
    snprintf(e->fail.signal, sizeof e->fail.signal, "%s", signal);
    e->fail.rtl = rtl;
    e->fail.model = model;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->fail.msg, sizeof e->fail.msg, fmt, ap);
    va_end(ap);
    return -1;
}

const mmu_env_failure_info *mmu_env_failure(const mmu_env *e) { return &e->fail; }
const mmu_env_stats *mmu_env_get_stats(const mmu_env *e) { return &e->st; }
bool mmu_env_done(const mmu_env *e) { return e->directed && e->directed_done && !e->q_count &&
                                              !e->req_pending && !e->out_count; }

void env_hist_add(mmu_env *e, hist_kind k, uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                  unsigned acc, unsigned priv, unsigned flag, const char *note)
{
    if (!e->hist_cap) return;
    /* head < cap and count <= cap: one conditional wrap, no division per event */
    unsigned i = e->hist_head + e->hist_count;
    if (i >= e->hist_cap) i -= e->hist_cap;
    env_hist *h = &e->hist[i];
    if (e->hist_count < e->hist_cap) e->hist_count++;
    else if (++e->hist_head == e->hist_cap) e->hist_head = 0;
    h->cycle = e->cycle;
    h->kind = (uint8_t)k;
    h->a = a; h->b = b; h->c = c; h->d = d;
    h->acc = (uint8_t)acc; h->priv = (uint8_t)priv; h->flag = (uint8_t)flag;
    h->note = note;
}

static const char *reg_name(unsigned a)
{
    switch (a) {
    case MMU_ENV_REG_MODE: return "MODE";
    case MMU_ENV_REG_PTBASE: return "PTBASE";
    case MMU_ENV_REG_ASID: return "ASID";
    case MMU_ENV_REG_STATUS: return "STATUS";
    case MMU_ENV_REG_FLUSH_VA: return "FLUSH_VA";
    case MMU_ENV_REG_FLUSH_ASID: return "FLUSH_ASID";
    case MMU_ENV_REG_FLUSH: return "FLUSH";
    case MMU_ENV_REG_CTR_CLEAR: return "CTR_CLEAR";
    default: return (a & 0xc0) == 0x40 ? ((a & 3) == 0 ? "SEG_BASE" : (a & 3) == 1 ? "SEG_BOUND" : "SEG_CTRL") : "REG";
    }
}

static int hist_line(const mmu_env *e, const env_hist *h, char *b, size_t n)
{
    static const char *acc[] = { "fetch", "load", "store", "acc3" };
    switch ((hist_kind)h->kind) {
    case H_REQ:
        return snprintf(b, n, "cycle %" PRIu64 ": accept #%" PRIu64 " %s %s VA 0x%" PRIx64 " (mode %s)", h->cycle,
                        h->b, h->priv ? "S" : "U", acc[h->acc & 3], h->a, mmu_mode_name((mmu_mode)h->c));
    case H_RSP:
        if (h->c) return snprintf(b, n, "cycle %" PRIu64 ": answer #%" PRIu64 " %s fault %s level %d", h->cycle, h->a,
                                  h->flag ? "hit" : "walk", h->c < MMU_CAUSE_COUNT ? mmu_cause_name((mmu_cause)h->c) : "?",
                                  (h->d & 4) ? (int)(h->d & 7) - 8 : (int)h->d);
        return snprintf(b, n, "cycle %" PRIu64 ": answer #%" PRIu64 " %s PA 0x%" PRIx64 " level %d", h->cycle, h->a,
                        h->flag ? "hit" : "walk", h->b, (h->d & 4) ? (int)(h->d & 7) - 8 : (int)h->d);
    case H_MEMRD:
        return snprintf(b, n, "cycle %" PRIu64 ": mem read 0x%" PRIx64 " -> 0x%" PRIx64 "%s", h->cycle, h->a, h->b,
                        h->c ? " (bus error)" : "");
    case H_MEMCAS:
        return snprintf(b, n, "cycle %" PRIu64 ": mem CAS 0x%" PRIx64 " cmp 0x%" PRIx64 " new 0x%" PRIx64
                        " found 0x%" PRIx64 " -> %s", h->cycle, h->a, h->b, h->c, h->d,
                        h->flag == 2 ? "bus error" : h->flag ? "written" : "mismatch");
    case H_REG:
        return snprintf(b, n, "cycle %" PRIu64 ": reg write %s[0x%02" PRIx64 "] = 0x%" PRIx64, h->cycle,
                        reg_name((unsigned)h->a), h->a, h->b);
    case H_MEMW:
        return snprintf(b, n, "cycle %" PRIu64 ": env PTE write 0x%" PRIx64 ": 0x%" PRIx64 " -> 0x%" PRIx64, h->cycle,
                        h->a, h->b, h->c);
    case H_RACE:
        return snprintf(b, n, "cycle %" PRIu64 ": env CAS race: PTE 0x%" PRIx64 " changed 0x%" PRIx64 " -> 0x%" PRIx64
                        " before the walker's CAS", h->cycle, h->a, h->b, h->c);
    case H_NOTE:
        return snprintf(b, n, "cycle %" PRIu64 ": -- %s", h->cycle, h->note ? h->note : "");
    case H_REBUILD:
        return snprintf(b, n, "cycle %" PRIu64 ": env rebuilt every page table", h->cycle);
    }
    (void)e;
    return 0;
}

void mmu_env_history(const mmu_env *e, char *buf, unsigned size)
{
    size_t used = 0;
    if (size) buf[0] = 0;
    for (unsigned i = 0; i < e->hist_count && used + 2 < size; i++) {
        const env_hist *h = &e->hist[(e->hist_head + i) % e->hist_cap];
        int k = hist_line(e, h, buf + used, size - used - 1);
        if (k < 0) break;
        used += (size_t)k < size - used - 1 ? (size_t)k : size - used - 2;
        buf[used++] = '\n';
        buf[used] = 0;
    }
}

void mmu_env_history_json(const mmu_env *e, char *buf, unsigned size)
{
    size_t used = 0;
    char line[512];
    if (size < 3) return;
    buf[used++] = '[';
    for (unsigned i = 0; i < e->hist_count; i++) {
        const env_hist *h = &e->hist[(e->hist_head + i) % e->hist_cap];
        hist_line(e, h, line, sizeof line);
        size_t need = strlen(line) + 4;
        if (used + need + 2 >= size) break;
        if (i) buf[used++] = ',';
        buf[used++] = '"';
        for (char *c = line; *c; c++) {
            if (*c == '"' || *c == '\\') buf[used++] = '\\';
            buf[used++] = *c;
        }
        buf[used++] = '"';
    }
    buf[used++] = ']';
    buf[used] = 0;
}

/* ---- steps -------------------------------------------------------------------------------- */
env_step *env_push(mmu_env *e, step_kind k)
{
    if (e->q_count == e->q_cap) {
        unsigned ncap = e->q_cap * 2;
        env_step *n = malloc(ncap * sizeof *n);
        if (!n) abort();
        for (unsigned i = 0; i < e->q_count; i++) n[i] = e->q[(e->q_head + i) & (e->q_cap - 1)];
        free(e->q);
        e->q = n;
        e->q_cap = ncap;
        e->q_head = 0;
    }
    env_step *s = &e->q[(e->q_head + e->q_count) & (e->q_cap - 1)];
    e->q_count++;
    memset(s, 0, sizeof *s);
    s->kind = (uint8_t)k;
    s->expect_cause = -1;
    s->expect_hit = -1;
    return s;
}

void env_push_req(mmu_env *e, uint64_t va, unsigned acc, unsigned priv)
{
    env_step *s = env_push(e, ST_REQ);
    s->a = va & e->va_port_mask;
    s->acc = (uint8_t)acc;
    s->priv = (uint8_t)priv;
}

void env_push_reg(mmu_env *e, unsigned addr, uint64_t data)
{
    env_step *s = env_push(e, ST_REG);
    s->reg_addr = addr;
    s->a = data;
}

void env_push_flush(mmu_env *e, bool use_va, uint64_t va, bool use_asid, uint64_t asid)
{
    env_push_reg(e, MMU_ENV_REG_FLUSH_VA, va);
    env_push_reg(e, MMU_ENV_REG_FLUSH_ASID, asid);
    env_push_reg(e, MMU_ENV_REG_FLUSH, (uint64_t)use_va | (uint64_t)use_asid << 1);
}

const mmu_regs *env_regs(const mmu_env *e) { return &e->ver[e->cur_ver % ENV_VERSIONS]; }

/* ---- lifecycle ------------------------------------------------------------------------------- */
mmu_env *mmu_env_new(const mmu_profile *p, const mmu_env_config *c, mmu_error *err)
{
    if (mmu_profile_validate(p, err)) return NULL;
    mmu_env *e = calloc(1, sizeof *e);
    if (!e) { mmu_fail(err, "", 0, "out of memory"); return NULL; }
    e->p = *p;
    e->cfg = *c;
    mmu_rng_seed(&e->rng, c->seed);
    mmu_rng_seed(&e->lat_rng, c->seed ^ 0x6c61746e63790000ull);
    mmu_rng_seed(&e->junk_rng, c->seed ^ 0x6a756e6b00000000ull);
    e->va_port_mask = mask(p->va_port_bits);
    e->va_mask = mask(p->va_bits);
    e->pa_mask = mask(p->pa_bits);
    e->pte_bits = p->pte_bytes * 8;
    e->pte_mask = mask(e->pte_bits);
    e->q_cap = 256;        /* a power of two (doubles when full): rings index by mask */
    e->q = calloc(e->q_cap, sizeof *e->q);
    e->ver = calloc(ENV_VERSIONS, sizeof *e->ver);
    e->memo = calloc(ENV_MEMO_SIZE, sizeof *e->memo);
    e->flog = calloc(ENV_FLUSH_LOG, sizeof *e->flog);
    e->hist_cap = c->history ? c->history : 1;
    e->hist = calloc(e->hist_cap, sizeof *e->hist);
    if (!e->q || !e->ver || !e->memo || !e->flog || !e->hist) {
        mmu_env_free(e);
        mmu_fail(err, "", 0, "out of memory");
        return NULL;
    }
    /* the watchdog must outlast the slowest legal walk: levels reads + a CAS,
     * restarts, each up to the latency model's worst case */
    {
        const mmu_lat_model *l = &c->lat;
        uint64_t worst = l->kind == MMU_LAT_BURST ? (uint64_t)l->stall_max + l->bp_len : l->b;
        uint64_t need = 16 * (worst + 2) * (p->levels + 2);
        if (e->cfg.hang_cycles < need) e->cfg.hang_cycles = need;
    }
    mmu_env_regs_reset(p, &e->ver[0]);
    e->next_id = 1;
    e->id_mask = (unsigned)mask(p->id_bits);
    if (c->mode != MMU_ENV_MODE_MIXED && !mmu_profile_mode_supported(p, (unsigned)c->mode)) {
        mmu_fail(err, "", 0, "--mode %s: profile %s has no segmentation (segmentation = 0): expected bare, "
                 "paging or mixed", mmu_mode_name((mmu_mode)c->mode), p->name);
        mmu_env_free(e);
        return NULL;
    }
    if (!strncmp(c->stimulus, "directed:", 9)) {
        e->directed = true;
        if (strcmp(c->stimulus + 9, "all") && env_directed_lookup(c->stimulus + 9) < 0) {
            mmu_fail(err, "", 0, "--stimulus %s: no such directed sequence (mmu-cosim --help lists them)", c->stimulus);
            mmu_env_free(e);
            return NULL;
        }
    } else if (strcmp(c->stimulus, "random")) {
        mmu_fail(err, "", 0, "--stimulus '%s': expected random, directed:NAME or directed:all", c->stimulus);
        mmu_env_free(e);
        return NULL;
    }
    if (env_mem_init(e, err) || env_pt_init(e, err)) {
        mmu_env_free(e);
        return NULL;
    }
    env_pt_build_world(e);
    env_stim_start(e);
    e->live = true;
    return e;
}

void mmu_env_free(mmu_env *e)
{
    if (!e) return;
    mmu_sparse_mem_free(e->mem);
    free(e->q);
    free(e->ver);
    free(e->memo);
    free(e->flog);
    free(e->hist);
    free(e->pt);
    free(e);
}

/* ---- drive --------------------------------------------------------------------------------- */
static const uint8_t readable[] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x07, 0x08, 0x40, 0x41, 0x42, 0x44, 0x45, 0x46,
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x90, 0x91, 0x97, 0x9b, 0x9c, 0x9d, 0x50, 0xff,
};

static void drive_req(mmu_env *e, mmu_cycle_in *in)
{
    in->req_valid = true;
    in->req_va = e->cur.va;
    in->req_acc = e->cur.acc;
    in->req_priv = e->cur.priv;
    in->req_id = e->cur.slot.id;
}

/* req_id_i of the request about to be offered: the number it will get at
 * acceptance (next_id: one request pending at a time) modulo 2^id_bits, or
 * the next ID up that no outstanding request holds (answers under a walk let
 * the numbers run ahead of the walking request's). It stays free while the
 * request waits: nothing else is accepted meanwhile. -1: every ID is in use
 * (id_bits = 1, two outstanding); the request waits to be offered. */
static int free_id(const mmu_env *e)
{
    for (unsigned k = 0; k <= e->id_mask; k++) {
        unsigned id = (unsigned)(e->next_id + k) & e->id_mask;
        bool used = false;
        for (unsigned i = 0; i < e->out_count; i++) used |= e->out[i].slot.id == id;
        if (!used) return (int)id;
    }
    return -1;
}

static void refill(mmu_env *e)
{
    if (e->directed) {
        if (!e->directed_done && !env_directed_refill(e)) e->directed_done = true;
    } else {
        env_stim_refill(e);
    }
}

void mmu_env_drive(mmu_env *e, mmu_cycle_in *in)
{
    in->rst = false;
    in->req_valid = false;
    in->req_va = mmu_rng_next(&e->junk_rng) & e->va_port_mask;
    in->req_acc = (unsigned)(mmu_rng_next(&e->junk_rng) & 3);
    in->req_priv = (unsigned)(mmu_rng_next(&e->junk_rng) & 1);
    in->reg_we = false;
    uint64_t j = mmu_rng_next(&e->junk_rng);
    in->reg_addr = readable[j % sizeof readable];
    in->reg_wdata = mmu_rng_next(&e->junk_rng);
    e->reg_we_now = false;

    env_mem_drive(e, in);

    /* the held request, or the junk (selects: pending is random cycle to cycle) */
    bool pend = e->req_pending;
    in->req_valid = pend;
    in->req_va = pend ? e->cur.va : in->req_va;
    in->req_acc = pend ? e->cur.acc : in->req_acc;
    in->req_priv = pend ? e->cur.priv : in->req_priv;
    /* id: junk from the VA's (no extra draw: id_bits = 0 runs see the inputs of before) */
    in->req_id = pend ? e->cur.slot.id : (unsigned)(in->req_va >> 5) & e->id_mask;
    bool started = false;
    for (unsigned guard = 0; guard < 64; guard++) {
        if (!e->q_count) {
            refill(e);
            if (!e->q_count) break;
        }
        env_step *s = &e->q[e->q_head];
        bool pop = false, stop = false;
        switch ((step_kind)s->kind) {
        case ST_REQ: {
            int id = e->id_mask ? free_id(e) : 0;
            if (e->req_pending || id < 0) { stop = true; break; }
            memset(&e->cur, 0, sizeof e->cur);
            e->cur.slot.id = (unsigned)id;
            e->cur.va = s->a;
            e->cur.acc = s->acc;
            e->cur.priv = s->priv;
            e->cur.expect_cause = s->expect_cause;
            e->cur.expect_hit = s->expect_hit;
            e->cur.expect_order = s->expect_order;
            e->cur.expect_pa_valid = s->expect_pa_valid;
            e->cur.expect_pa = s->expect_pa;
            e->req_pending = true;
            e->req_since = e->cycle;
            drive_req(e, in);
            pop = started = true;
            break;
        }
        case ST_REG:
            if (e->reg_we_now || (e->last_reg_we_cycle && e->cycle + 1 - e->last_reg_we_cycle < e->cfg.reg_write_gap)) {
                stop = true;
                break;
            }
            e->reg_we_now = true;
            e->last_reg_we_cycle = e->cycle + 1;
            e->reg_addr_now = s->reg_addr & 0xff;
            e->reg_wdata_now = s->a;
            in->reg_we = true;
            in->reg_addr = e->reg_addr_now;
            in->reg_wdata = s->a;
            pop = started = true;
            break;
        case ST_MEMW:
            env_pt_write(e, s->a, s->b, &s->info, (int)s->reg_addr);
            pop = true;
            break;
        case ST_WAIT:
            if (!e->wait_active) { e->wait_active = true; e->wait_left = (unsigned)s->a; }
            if (!e->wait_left) { e->wait_active = false; pop = true; }
            else { e->wait_left--; stop = true; }
            break;
        case ST_WAIT_IDLE:
            if (!e->req_pending && !e->out_count && !e->mp_busy) pop = true;
            else stop = true;
            break;
        case ST_WAIT_REQFREE:
            if (!e->req_pending) pop = true;
            else stop = true;
            break;
        case ST_WAIT_MEMRSP:
            if (e->memrsp_since_accept >= s->a || (!e->req_pending && !e->out_count)) pop = true;
            else stop = true;
            break;
        case ST_ARM_RACE:
            e->race_armed = true;
            e->race_addr = s->a;
            e->race_val = s->b;
            pop = true;
            break;
        case ST_BARRIER:
            if (started) stop = true;
            else pop = true;
            break;
        case ST_EXPECT_MEM: {
            uint64_t v = env_mem_rd(e, s->a);
            e->st.expectations++;
            if (v != (s->b & e->pte_mask))
                env_failf(e, "expect.memory", v, s->b & e->pte_mask,
                          "PTE at 0x%" PRIx64 " is 0x%" PRIx64 ", expected 0x%" PRIx64 " (%s)",
                          s->a, v, s->b & e->pte_mask, s->note ? s->note : "directed check");
            pop = true;
            break;
        }
        case ST_MEM_SLOW:
            e->mem_slow = (unsigned)s->a;
            pop = true;
            break;
        case ST_REBUILD:
            env_pt_build_world(e);
            env_hist_add(e, H_REBUILD, 0, 0, 0, 0, 0, 0, 0, NULL);
            pop = true;
            break;
        case ST_NOTE:
            env_hist_add(e, H_NOTE, 0, 0, 0, 0, 0, 0, 0, s->note);
            e->st.directed_steps++;
            pop = true;
            break;
        case ST_MAP:
            e->force_wp = s->flags & 1;
            env_pt_map(e, &e->as[s->acc % ENV_MAX_AS], s->a, (int)s->reg_addr, s->b, s->priv != 0, true);
            e->force_wp = false;
            pop = true;
            break;
        case ST_PTE:
        case ST_PTE_OR:
        case ST_EXPECT_PTE:
        case ST_RACE_PTE: {
            uint64_t addr = env_pte_addr_of(e, &e->as[s->acc % ENV_MAX_AS], s->a, (int)s->reg_addr, false, false);
            env_ptinfo info;
            int lv;
            pop = true;
            if (!addr || !env_pt_lookup(e, addr, &info, &lv)) {
                env_failf(e, "env.directed", s->a, 0, "directed step names VA 0x%" PRIx64 " level %u, which has no PTE",
                          s->a, s->reg_addr);
                break;
            }
            if (s->kind == ST_PTE || s->kind == ST_PTE_OR) {
                env_pt_write(e, addr, s->kind == ST_PTE ? s->b : env_mem_rd(e, addr) | s->b, &info, lv);
            } else if (s->kind == ST_RACE_PTE) {
                e->race_armed = true;
                e->race_addr = addr;
                e->race_val = s->b & e->pte_mask;
            } else {
                uint64_t v = env_mem_rd(e, addr);
                e->st.expectations++;
                if (v != (s->b & e->pte_mask))
                    env_failf(e, "expect.memory", v, s->b & e->pte_mask,
                              "PTE of VA 0x%" PRIx64 " (level %u, at 0x%" PRIx64 ") is 0x%" PRIx64 ", expected 0x%" PRIx64
                              " (%s)", s->a, s->reg_addr, addr, v, s->b & e->pte_mask, s->note ? s->note : "directed check");
            }
            break;
        }
        case ST_SWITCH_AS:
            e->cur_as = s->acc % ENV_MAX_AS;
            pop = true;
            break;
        case ST_ALIAS: {
            env_as *as = &e->as[s->acc % ENV_MAX_AS];
            uint64_t src = env_pte_addr_of(e, as, s->a, (int)s->reg_addr, false, false);
            uint64_t dst = src ? env_pte_addr_of(e, as, s->b, (int)s->reg_addr + 1, true, false) : 0;
            pop = true;
            if (!dst) {
                env_failf(e, "env.directed", s->a, 0, "directed alias step: VA 0x%" PRIx64 " has no level %u table",
                          s->a, s->reg_addr);
                break;
            }
            env_ptinfo pi;
            memset(&pi, 0, sizeof pi);
            pi.asid = as->asid;
            pi.va_lo = s->b & e->va_mask;
            pi.va_hi = pi.va_lo;
            env_pt_write(e, dst, env_pt_ptr(e, src >> e->p.page_shift, false), &pi, (int)s->reg_addr + 1);
            break;
        }
        }
        if (pop) {
            e->q_head = (e->q_head + 1) & (e->q_cap - 1);
            e->q_count--;
        }
        if (stop) break;
    }
}

/* ---- observe --------------------------------------------------------------------------------- */
static void apply_reg_write(mmu_env *e, unsigned a, uint64_t d)
{
    const mmu_profile *p = &e->p;
    e->st.reg_writes++;
    env_hist_add(e, H_REG, a, d, 0, 0, 0, 0, 0, NULL);
    if (a == MMU_ENV_REG_FLUSH_VA) { e->flush_va = d & e->va_port_mask; return; }
    if (a == MMU_ENV_REG_FLUSH_ASID) { e->flush_asid = d & mask(p->asid_bits); return; }
    if (a == MMU_ENV_REG_FLUSH) {
        bool use_va = d & 1, use_asid = (d >> 1) & 1;
        e->st.flushes++;
        if (!use_va) e->tev_seq = ++e->ev_seq;   /* rs1 = x0: clears the page-walk cache */
        /* The overlay retires stale views only on the flush's exact coverage,
         * even when the TLB empties itself (flush_exact = 0): dropping more
         * than asked only makes answers newer, which the check always takes. */
        if (use_va && !mmu_va_in_range(p, e->flush_va)) return;     /* invalid VA: no effect */
        env_overlay_flush(e, use_va, e->flush_va, use_asid, e->flush_asid);
        return;
    }
    mmu_regs n = *env_regs(e);
    if (!mmu_env_reg_write(p, &n, a, d)) return;     /* not a translation register */
    e->tev_seq = ++e->ev_seq;                        /* a translation event */
    e->cur_ver++;
    e->ver[e->cur_ver % ENV_VERSIONS] = n;
    if (e->out_count && e->cur_ver - e->out[0].regs_ver >= ENV_VERSIONS - 1)
        env_failf(e, "env.versions", e->cur_ver, 0, "register version ring wrapped under an outstanding request");
}

/* expect_order of r, answered now: is the request d before it still outstanding? */
static int check_order(mmu_env *e, const env_req *r)
{
    int d = r->expect_order;
    uint64_t n = d > 0 ? (uint64_t)d : (uint64_t)-d;
    if (!d || n >= r->id) return 0;
    bool pending = false;
    for (unsigned i = 0; i < e->out_count; i++) pending |= e->out[i].id == r->id - n;
    bool want = d > 0 && e->id_mask;          /* overtakes it (hit under miss), else after it */
    e->st.expectations++;
    if (pending == want) return 0;
    return env_failf(e, "expect.rsp_order", pending, want,
                     "directed request #%" PRIu64 " VA 0x%" PRIx64 ": expected to be answered %s request #%" PRIu64
                     "%s, but it was answered %s", r->id, r->va, want ? "before" : "after", r->id - n,
                     want ? " (a TLB answer under its walk)" : d > 0 ? " (in order: id_bits = 0)" : "",
                     pending ? "first" : "after it");
}

static bool no_walk(void *ctx, unsigned k)
{
    mmu_env *e = ctx;
    return env_arch_no_walk(e, &e->out[k]);
}

/* The outstanding request the response answers (order.c), or -1 (failure recorded). */
static int match(mmu_env *e, const mmu_cycle_out *out)
{
    if (!e->id_mask) {     /* in order: the oldest (as before request IDs existed) */
        if (e->out_count) return 0;
        return env_failf(e, "proto.rsp_valid_o", 1, 0, "response with no request outstanding");
    }
    mmu_env_slot s[ENV_OUT];
    for (unsigned i = 0; i < e->out_count; i++) s[i] = e->out[i].slot;
    mmu_env_order_error why;
    int k = mmu_env_match_response(e->p.id_bits, s, e->out_count, out, no_walk, e, &why);
    if (k < 0) return env_failf(e, why.signal, out->rsp_id, e->out_count ? e->out[0].slot.id : 0, "%s", why.msg);
    e->out[0].slot.overtaken = s[0].overtaken;
    return k;
}

int mmu_env_observe(mmu_env *e, const mmu_cycle_in *in, const mmu_cycle_out *out, mmu_error *err)
{
    int rc = 0;
    e->st.cycles++;
    /* 1. the response: the oldest outstanding request, or (id_bits > 0) the one rsp_id_o names */
    if (out->rsp_valid) {
        int k = match(e, out);
        if (k >= 0) {
            env_req *r = &e->out[k];
            e->st.responses++;
            if (out->rsp_hit) e->st.hits++;
            if (out->rsp_fault) e->st.faults++;
            if (out->rsp_cause < MMU_CAUSE_COUNT) e->st.cause[out->rsp_cause]++;
            const mmu_regs *rg = &e->ver[r->regs_ver % ENV_VERSIONS];
            e->st.mode_responses[rg->mode < MMU_MODE_COUNT ? rg->mode : 0]++;
            env_hist_add(e, H_RSP, r->id, out->rsp_pa, out->rsp_cause, out->rsp_level, 0, 0, out->rsp_hit, NULL);
            rc |= env_check_response(e, r, out);
            rc |= check_order(e, r);
            if (!out->rsp_fault) {        /* pages that translate: reused for TLB hits */
                e->recent[e->recent_i] = r->va;
                e->recent_i = (e->recent_i + 1) % 8;
                if (e->recent_n < 8) e->recent_n++;
            }
            e->out_count--;
            for (unsigned i = (unsigned)k; i < e->out_count; i++) e->out[i] = e->out[i + 1];
            /* every request up to the oldest still outstanding has answered */
            env_overlay_answered(e, e->out_count ? e->out[0].id - 1 : e->last_accepted_id);
        }
    }
    /* 2. acceptance of the driven request (registers of this cycle, before its write) */
    if (in->req_valid && out->req_ready) {
        if (!e->req_pending || e->out_count >= ENV_OUT) {
            rc |= env_failf(e, "env.req", 0, 0, "acceptance the environment did not expect");
        } else {
            env_req *r = &e->out[e->out_count];
            *r = e->cur;
            r->id = e->next_id++;
            r->slot.num = r->id;
            r->slot.no_tlb = env_regs(e)->mode != MMU_MODE_PAGING && env_regs(e)->mode != MMU_MODE_HYBRID;
            r->slot.overtaken = false;
            r->accept_cycle = e->cycle;
            r->regs_ver = e->cur_ver;
            r->accept_ev = e->ev_seq;
            r->accept_tev = e->tev_seq;
            e->out_count++;
            e->req_pending = false;
            e->last_accepted_id = r->id;
            e->memrsp_since_accept = 0;
            e->st.requests++;
            env_hist_add(e, H_REQ, r->va, r->id, env_regs(e)->mode, 0, r->acc, r->priv, 0, NULL);
            if (e->id_mask && e->out_count > MMU_ENV_HUM_OUTSTANDING)
                rc |= env_failf(e, "proto.req_ready_o", e->out_count, MMU_ENV_HUM_OUTSTANDING,
                                "request #%" PRIu64 " accepted with %u requests outstanding: hit under miss allows %u "
                                "(the walking one and one in s1)", r->id, e->out_count - 1, MMU_ENV_HUM_OUTSTANDING);
        }
    }
    /* 3. memory port */
    rc |= env_mem_observe(e, in, out);
    /* 4. the register write takes effect at the end of this cycle */
    if (e->reg_we_now) apply_reg_write(e, e->reg_addr_now, e->reg_wdata_now);
    /* 5. liveness */
    /* every outstanding request: out[] is in acceptance order whatever leaves
     * from the middle, so the oldest, out[0], has waited longest of them all.
     * & rather than &&: one branch on the (rare) combined condition */
    if (((e->out_count != 0) & (e->cycle - e->out[0].accept_cycle > e->cfg.hang_cycles)))
        rc |= env_failf(e, "hang.rsp_valid_o", 0, 1, "request #%" PRIu64 " (VA 0x%" PRIx64 ") unanswered for %" PRIu64
                        " cycles", e->out[0].id, e->out[0].va, e->cfg.hang_cycles);
    if ((e->req_pending & (e->cycle - e->req_since > e->cfg.hang_cycles)))
        rc |= env_failf(e, "hang.req_ready_o", 0, 1, "request (VA 0x%" PRIx64 ") not accepted for %" PRIu64 " cycles",
                        e->cur.va, e->cfg.hang_cycles);
    e->cycle++;
    if (e->fail.failed && !e->fail_reported) {
        e->fail_reported = true;
        if (err) mmu_fail(err, "", 0, "cycle %" PRIu64 ": %s: %s", e->fail.cycle, e->fail.signal, e->fail.msg);
        return -1;
    }
    (void)rc;
    return 0;
}
