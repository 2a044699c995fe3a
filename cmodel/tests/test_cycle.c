/* test_cycle.c — the cycle model (cmodel/cycle/, mmu_cycle.h) against the
 * timing of docs/rtl.md: reset values and registered reads, one hit per
 * cycle answered the next cycle, walks with their memory requests per level
 * and the documented latency formula (with back-pressure), each SFENCE kind,
 * replacement victim sequences per policy, Svadu CAS (+ mismatch re-walk,
 * bus error, Svade), no fill after a translation event during a walk,
 * counters, hit-path checks without a flush, segment modes, elaboration
 * rejects, the signal list; and the second generation's rules: a request
 * behind a miss held in s1 and answered after the walk from its replay read,
 * the flush walk (SETS + 1 cycles, covered entries only) and its escalation,
 * an invalid-VA flush, FLUSH_EXACT = 0, the feature parameters off. The random self-check (every completed
 * translation equals mmu_translate) is in test_cycle_random.c. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "mmu_cycle.h"
#include "mmu_env.h"
#include "testmem.h"
#include "testprof.h"
#include "../cycle/cycle_internal.h"

#define V (1ull << MMU_RV_V)
#define R (1ull << MMU_RV_R)
#define W (1ull << MMU_RV_W)
#define X (1ull << MMU_RV_X)
#define U (1ull << MMU_RV_U)
#define G (1ull << MMU_RV_G)
#define A (1ull << MMU_RV_A)
#define D (1ull << MMU_RV_D)

enum { REG_MODE = 0, REG_PTBASE = 1, REG_ASID = 2, REG_STATUS = 3, REG_FLUSH_VA = 4,
       REG_FLUSH_ASID = 5, REG_FLUSH = 6, REG_CONFIG0 = 7, REG_CONFIG1 = 8,
       REG_SEG = 0x40, REG_CTR = 0x80, REG_CTR_CLEAR = 0x8f };
enum { LOOKUPS = 0, HITS = 1, MISSES = 2, WALKS = 3, WALK_CYCLES = 4, FLUSHES = 5, AD_UPDATES = 6,
       CAUSE0 = 16 };

/* ---- test bench: the model, a memory responder, logs ------------------------ */

typedef struct { uint64_t cyc, addr, wdata, cmp; bool we; } memop;
typedef struct { uint64_t cyc, pa; unsigned cause, level; bool hit; unsigned id; } rspt;

typedef struct {
    const mmu_profile *p;
    mmu_cycle *m;
    testmem *mem;
    mmu_mem ops;
    mmu_cycle_in in;
    mmu_cycle_out out;
    uint64_t cyc;
    unsigned lat, rs, waited;
    bool pend;
    uint64_t pend_at, pend_data;
    bool pend_err;
    memop op[64];
    unsigned nop;
    rspt last;
    rspt rlog[64];                /* every response since the last reset */
    unsigned nrsp;
    bool accepted;
    uint64_t acc_cyc;
} tb;

static void tb_step(tb *t)
{
    t->in.mem_req_ready = t->waited >= t->rs;
    t->in.mem_rsp_valid = t->pend && t->cyc == t->pend_at;
    t->in.mem_rsp_data = t->in.mem_rsp_valid ? t->pend_data : 0;
    t->in.mem_rsp_err = t->in.mem_rsp_valid && t->pend_err;
    mmu_cycle_eval(t->m, &t->in, &t->out);
    if (t->out.rsp_valid) {
        t->last = (rspt){t->cyc, t->out.rsp_pa, t->out.rsp_cause, t->out.rsp_level, t->out.rsp_hit, t->out.rsp_id};
        if (t->nrsp < 64) t->rlog[t->nrsp] = t->last;
        t->nrsp++;
    }
    if (t->in.req_valid && t->out.req_ready) {
        t->accepted = true;
        t->acc_cyc = t->cyc;
    }
    if (t->out.mem_req_valid && t->in.mem_req_ready) {
        uint64_t v = 0;
        int rc;
        if (t->out.mem_req_we)
            rc = t->ops.cas(t->ops.ctx, t->out.mem_req_addr, t->p->pte_bytes, t->out.mem_req_cmp,
                            t->out.mem_req_wdata, &v);
        else
            rc = t->ops.read(t->ops.ctx, t->out.mem_req_addr, t->p->pte_bytes, &v);
        t->pend = true;
        t->pend_at = t->cyc + t->lat;
        t->pend_data = v;
        t->pend_err = rc != 0;
        if (t->nop < 64)
            t->op[t->nop++] = (memop){t->cyc, t->out.mem_req_addr, t->out.mem_req_wdata,
                                      t->out.mem_req_cmp, t->out.mem_req_we};
        t->waited = 0;
    } else if (t->out.mem_req_valid) {
        t->waited++;
    }
    mmu_cycle_tick(t->m, &t->in);
    if (t->in.mem_rsp_valid) t->pend = false;
    t->cyc++;
}

static void tb_reset(tb *t)
{
    memset(&t->in, 0, sizeof t->in);
    t->in.rst = true;
    tb_step(t);
    tb_step(t);
    t->in.rst = false;
    t->cyc = 0;
    t->nop = 0;
    t->nrsp = 0;
}

static tb *tb_new_prof(const mmu_profile *p, uint64_t mem_limit)
{
    tb *t = calloc(1, sizeof *t);
    mmu_error err;
    t->p = p;
    t->m = mmu_cycle_new(p, &err);
    if (!t->m) {
        fprintf(stderr, "mmu_cycle_new(%s): %s\n", p->name, err.msg);
        abort();
    }
    t->mem = tm_new(mem_limit);
    t->ops = tm_mem(t->mem);
    t->lat = 1;
    tb_reset(t);
    return t;
}
static tb *tb_new(const char *prof) { return tb_new_prof(tp_profile(prof), (uint64_t)1 << 40); }

static void tb_free(tb *t)
{
    mmu_cycle_free(t->m);
    tm_free(t->mem);
    free(t);
}

static void tb_wr(tb *t, unsigned addr, uint64_t v)
{
    t->in.reg_we = true;
    t->in.reg_addr = addr;
    t->in.reg_wdata = v;
    tb_step(t);
    t->in.reg_we = false;
}

static uint64_t tb_rd(tb *t, unsigned addr)
{
    t->in.reg_addr = addr;
    tb_step(t);
    tb_step(t);
    return t->out.reg_rdata;
}

static uint64_t ctr(tb *t, unsigned slot) { return tb_rd(t, REG_CTR + slot); }

/* Offer a request until accepted, then wait for its response; *lat = cycles
 * from the acceptance cycle to the response cycle. */
static rspt tb_req(tb *t, uint64_t va, unsigned acc, unsigned priv, uint64_t *lat)
{
    t->in.req_valid = true;
    t->in.req_va = va;
    t->in.req_acc = acc;
    t->in.req_priv = priv;
    t->accepted = false;
    for (int i = 0; i < 1000 && !t->accepted; i++) tb_step(t);
    t->in.req_valid = false;
    unsigned n = t->nrsp;
    for (int i = 0; i < 1000 && t->nrsp == n; i++) tb_step(t);
    if (lat) *lat = t->last.cyc - t->acc_cyc;
    return t->last;
}

static const uint64_t ROOT = 0x100;       /* root table frame */
static uint64_t next_ppn;

/* Sv39/Sv32 page table with one leaf; returns the leaf's PTE address. */
static uint64_t map(tb *t, uint64_t va, int level, uint64_t ppn, uint64_t flags)
{
    if (next_ppn < 0x200) next_ppn = 0x200;
    return tm_map(t->mem, t->p, ROOT, va, level, (ppn << 10) | flags, &next_ppn);
}

static void paging_on(tb *t)
{
    tb_wr(t, REG_PTBASE, ROOT);
    tb_wr(t, REG_MODE, MMU_MODE_PAGING);
}

static unsigned valid_in_set(tb *t, unsigned set)
{
    return (unsigned)__builtin_popcount(t->m->tlb.valid_q[set]);
}

/* ---- reset and registers --------------------------------------------------- */

TEST(reset_values_and_register_reads)
{
    tb *t = tb_new("sv39");
    EXPECT_EQ(tb_rd(t, REG_MODE), 0);
    EXPECT_EQ(tb_rd(t, REG_PTBASE), 0);
    EXPECT_EQ(tb_rd(t, REG_ASID), 0);
    EXPECT_EQ(tb_rd(t, REG_STATUS), 4);        /* ADUE = 1 */
    EXPECT_EQ(tb_rd(t, REG_FLUSH_VA), 0);
    EXPECT_EQ(tb_rd(t, REG_FLUSH), 0);
    EXPECT_EQ(tb_rd(t, REG_CONFIG0), 0x01040309030c3827ull);
    EXPECT_EQ(tb_rd(t, REG_CONFIG1), 0x201f080402102c40ull);   /* [52:50] FLUSH_EXACT SVADU SEGMENTATION */
    uint64_t c0, c1;
    mmu_env_expected_config(t->p, &c0, &c1);   /* the harness's reading agrees */
    EXPECT_EQ(tb_rd(t, REG_CONFIG0), c0);
    EXPECT_EQ(tb_rd(t, REG_CONFIG1), c1);
    for (unsigned s = 0; s < 32; s++) EXPECT_EQ(ctr(t, s), 0);
    EXPECT_EQ(tb_rd(t, 0x09), 0);
    EXPECT_EQ(tb_rd(t, 0xff), 0);
    mmu_cycle_view v;
    mmu_cycle_inspect(t->m, &v);
    EXPECT_EQ(v.ptw_state, 0);
    EXPECT(!v.walking);
    EXPECT_EQ(v.counter_count, 30);
    /* outputs idle, req_ready high */
    EXPECT(t->out.req_ready);
    EXPECT(!t->out.rsp_valid && !t->out.mem_req_valid);

    /* registered read: write in c (addr A), c+1 shows the old value, c+2 the new */
    t->in.reg_addr = REG_PTBASE;
    tb_step(t);
    t->in.reg_we = true;
    t->in.reg_wdata = 0x1234;
    tb_step(t);                               /* c: write */
    t->in.reg_we = false;
    EXPECT_EQ(t->out.reg_rdata, 0);           /* (value read in c-1) */
    tb_step(t);                               /* c+1 */
    EXPECT_EQ(t->out.reg_rdata, 0);           /* old */
    tb_step(t);                               /* c+2 */
    EXPECT_EQ(t->out.reg_rdata, 0x1234);      /* new */

    /* widths: truncation to the field */
    tb_wr(t, REG_PTBASE, ~0ull);
    EXPECT_EQ(tb_rd(t, REG_PTBASE), (1ull << 44) - 1);
    tb_wr(t, REG_ASID, ~0ull);
    EXPECT_EQ(tb_rd(t, REG_ASID), 0xffff);
    tb_wr(t, REG_STATUS, 0xff);
    EXPECT_EQ(tb_rd(t, REG_STATUS), 7);
    tb_wr(t, REG_FLUSH_ASID, 0x12345);
    EXPECT_EQ(tb_rd(t, REG_FLUSH_ASID), 0x2345);
    tb_wr(t, REG_FLUSH_VA, ~0ull);
    EXPECT_EQ(tb_rd(t, REG_FLUSH_VA), ~0ull);
    tb_wr(t, REG_MODE, 3);
    tb_wr(t, REG_MODE, 5);                    /* ignored */
    EXPECT_EQ(tb_rd(t, REG_MODE), 3);
    tb_wr(t, REG_MODE, 0x100000001ull);       /* >= 5 as a 64-bit value: ignored */
    EXPECT_EQ(tb_rd(t, REG_MODE), 3);
    tb_wr(t, REG_MODE, 4);
    EXPECT_EQ(tb_rd(t, REG_MODE), 4);
    tb_wr(t, REG_SEG + 4 * 3 + 0, ~0ull);
    tb_wr(t, REG_SEG + 4 * 3 + 1, ~0ull);
    tb_wr(t, REG_SEG + 4 * 3 + 2, ~0ull);
    EXPECT_EQ(tb_rd(t, REG_SEG + 4 * 3 + 0), (1ull << 56) - 1);
    EXPECT_EQ(tb_rd(t, REG_SEG + 4 * 3 + 1), (1ull << 40) - 1);
    EXPECT_EQ(tb_rd(t, REG_SEG + 4 * 3 + 2), 63);
    EXPECT_EQ(tb_rd(t, REG_SEG + 4 * 3 + 3), 0);
    tb_wr(t, REG_SEG + 4 * 4, 5);             /* segment 4 does not exist in sv39 */
    EXPECT_EQ(tb_rd(t, REG_SEG + 4 * 4), 0);

    /* reset: outputs of the reset cycle follow the state before it */
    t->in.reg_addr = REG_MODE;
    tb_step(t);
    t->in.rst = true;
    tb_step(t);
    EXPECT_EQ(t->out.reg_rdata, 4);           /* MODE read in the cycle before */
    t->in.rst = false;
    EXPECT_EQ(tb_rd(t, REG_MODE), 0);
    EXPECT_EQ(tb_rd(t, REG_STATUS), 4);
    EXPECT_EQ(tb_rd(t, REG_SEG + 4 * 3), 0);
    tb_free(t);
}

/* ---- bare and hits: one request per cycle, answered the next cycle ------------ */

TEST(bare_one_per_cycle)
{
    tb *t = tb_new("sv39");
    uint64_t va[4] = {0x1000, 0x2345, (1ull << 56) - 1, 1ull << 56};
    unsigned got = 0;
    for (unsigned i = 0; i < 5; i++) {
        t->in.req_valid = i < 4;
        t->in.req_va = i < 4 ? va[i] : 0;
        t->in.req_acc = MMU_ACC_LOAD;
        unsigned n = t->nrsp;
        tb_step(t);
        EXPECT(t->out.req_ready);
        if (i == 0) EXPECT(!t->out.rsp_valid);
        if (i > 0) {
            EXPECT(t->nrsp == n + 1);
            EXPECT(!t->last.hit);
            EXPECT_EQ(t->last.level, 7);
            if (i < 4) {
                EXPECT_EQ(t->last.cause, 0);
                EXPECT_EQ(t->last.pa, va[i - 1]);
            } else {
                EXPECT_EQ(t->last.cause, MMU_CAUSE_ACCESS);   /* VA >= 2^PA_BITS */
                EXPECT_EQ(t->last.pa, 0);
                EXPECT(t->out.rsp_fault);
            }
            got++;
        }
    }
    EXPECT_EQ(got, 4);
    tb_step(t);
    EXPECT(!t->out.rsp_valid);
    EXPECT_EQ(t->out.rsp_pa, 0);
    EXPECT_EQ(t->out.rsp_cause, 0);
    tb_free(t);
}

/* ---- walk: Sv39 memory requests per level, latency, then hits ---------------- */

TEST(sv39_miss_walk_then_hits)
{
    tb *t = tb_new("sv39");
    const uint64_t va = 0x12345678ull;
    uint64_t leaf = map(t, va, 0, 0xabcde, V | R | W | A | D);
    paging_on(t);
    uint64_t lat;
    uint64_t c0 = t->cyc;
    rspt r = tb_req(t, va, MMU_ACC_LOAD, 1, &lat);
    uint64_t acc = t->acc_cyc;
    EXPECT_EQ(acc, c0);
    EXPECT_EQ(lat, 9);                        /* 3 + 2 * 3 */
    EXPECT_EQ(r.cause, 0);
    EXPECT_EQ(r.pa, (0xabcdeull << 12) | 0x678);
    EXPECT_EQ(r.level, 0);
    EXPECT(!r.hit);
    EXPECT_EQ(t->nop, 3);
    EXPECT_EQ(t->op[0].cyc, acc + 2);         /* RD_REQ */
    EXPECT_EQ(t->op[1].cyc, acc + 4);         /* issued by CHECK */
    EXPECT_EQ(t->op[2].cyc, acc + 6);
    EXPECT_EQ(t->op[0].addr, tm_pte_addr(t->mem, t->p, ROOT, va, 2));
    EXPECT_EQ(t->op[1].addr, tm_pte_addr(t->mem, t->p, ROOT, va, 1));
    EXPECT_EQ(t->op[2].addr, leaf);
    for (unsigned i = 0; i < 3; i++) EXPECT(!t->op[i].we);

    /* 32 hits in 32 cycles, each answered the next cycle */
    t->in.req_valid = true;
    t->in.req_acc = MMU_ACC_LOAD;
    t->in.req_priv = 1;
    unsigned hits = 0;
    for (unsigned i = 0; i < 33; i++) {
        t->in.req_va = va + 8 * (i % 32);
        t->in.req_valid = i < 32;
        unsigned n = t->nrsp;
        tb_step(t);
        EXPECT(t->out.req_ready);
        if (i > 0) {
            EXPECT(t->nrsp == n + 1 && t->last.hit);
            EXPECT_EQ(t->last.pa, ((0xabcdeull << 12) | 0x678) + 8 * ((i - 1) % 32));
            hits += t->last.hit;
        }
    }
    EXPECT_EQ(hits, 32);
    EXPECT_EQ(t->nop, 3);
    t->in.req_valid = false;
    tb_step(t);
    EXPECT_EQ(ctr(t, LOOKUPS), 33);
    EXPECT_EQ(ctr(t, HITS), 32);
    EXPECT_EQ(ctr(t, MISSES), 1);
    EXPECT_EQ(ctr(t, WALKS), 1);
    EXPECT_EQ(ctr(t, WALK_CYCLES), 8);
    EXPECT_EQ(ctr(t, CAUSE0), 33);
    tb_free(t);
}

/* HIT_STAGES = 2 (docs/rtl.md "Stages", s2): every response s1 gives leaves
 * one cycle later -- hits and bare alike, still one per cycle -- while a walk
 * answers in its DONE cycle as with one stage; CONFIG1[53] says which. The
 * per-cause counters count a response when it leaves. */
TEST(hit_stages_two_delays_s1_answers_only)
{
    mmu_profile p = *tp_profile("sv39");
    p.hit_stages = 2;
    tb *t = tb_new_prof(&p, (uint64_t)1 << 40);
    EXPECT_EQ(tb_rd(t, REG_CONFIG1) >> 53 & 1, 1);
    /* bare: accepted in cycle a, answered in a+2, one per cycle */
    for (unsigned i = 0; i < 6; i++) {
        t->in.req_valid = i < 4;
        t->in.req_va = 0x1000 + 0x10 * i;
        t->in.req_acc = MMU_ACC_LOAD;
        unsigned n = t->nrsp;
        tb_step(t);
        EXPECT(t->out.req_ready);
        EXPECT_EQ(t->nrsp, n + (i >= 2));
        if (i >= 2) {
            EXPECT(!t->last.hit);
            EXPECT_EQ(t->last.pa, 0x1000 + 0x10 * (i - 2));
        }
    }
    tb_step(t);
    EXPECT(!t->out.rsp_valid);
    EXPECT_EQ(t->out.rsp_pa, 0);
    EXPECT_EQ(ctr(t, CAUSE0), 4);

    const uint64_t va = 0x12345678ull;
    map(t, va, 0, 0xabcde, V | R | W | A | D);
    paging_on(t);
    uint64_t lat;
    rspt r = tb_req(t, va, MMU_ACC_LOAD, 1, &lat);
    EXPECT_EQ(lat, 9);                        /* the walk: as with one stage */
    EXPECT(!r.hit);
    r = tb_req(t, va, MMU_ACC_LOAD, 1, &lat);
    EXPECT_EQ(lat, 2);                        /* a hit: through s2 */
    EXPECT(r.hit);
    EXPECT_EQ(r.pa, (0xabcdeull << 12) | 0x678);
    r = tb_req(t, va, MMU_ACC_STORE, 0, &lat);   /* user store to a supervisor page: PRIV from the TLB */
    EXPECT_EQ(lat, 2);
    EXPECT(r.hit);
    EXPECT_EQ(r.cause, MMU_CAUSE_PRIV);
    EXPECT_EQ(r.pa, 0);
    /* back-to-back hits: one per cycle, each two cycles after its acceptance */
    t->in.req_acc = MMU_ACC_LOAD;
    t->in.req_priv = 1;
    unsigned hits = 0;
    for (unsigned i = 0; i < 18; i++) {
        t->in.req_va = va + 8 * i;
        t->in.req_valid = i < 16;
        unsigned n = t->nrsp;
        tb_step(t);
        EXPECT(t->out.req_ready);
        EXPECT_EQ(t->nrsp, n + (i >= 2));
        if (i >= 2) {
            EXPECT(t->last.hit);
            EXPECT_EQ(t->last.pa, ((0xabcdeull << 12) | 0x678) + 8 * (i - 2));
            hits += t->last.hit;
        }
    }
    EXPECT_EQ(hits, 16);
    EXPECT_EQ(t->m->violations, 0);
    tb_free(t);
}

/* The Sv32 timing diagram of docs/rtl.md, cycle by cycle: the walker enters
 * RD_REQ the cycle after the miss, each pointer's CHECK issues the next read. */
TEST(sv32_timing_diagram)
{
    tb *t = tb_new("sv32");
    const uint64_t va = 0x00403abcull;
    map(t, va, 0, 0x55, V | R | X | A);
    paging_on(t);
    static const unsigned states[] = {0, 0, 1, 2, 3, 2, 3, 6, 0};
    static const int ready[] = {1, 1, 0, 0, 0, 0, 0, 0, 1};
    static const int memv[] = {0, 0, 1, 0, 1, 0, 0, 0, 0};
    static const int rspv[] = {0, 0, 0, 0, 0, 0, 0, 1, 0};
    t->in.req_valid = true;
    t->in.req_va = va;
    t->in.req_acc = MMU_ACC_FETCH;
    t->in.req_priv = 1;
    uint64_t c0 = t->cyc;
    for (unsigned i = 0; i < 9; i++) {
        mmu_cycle_view v;
        mmu_cycle_inspect(t->m, &v);
        EXPECT_EQ(v.ptw_state, states[i]);
        t->in.req_valid = i == 0 || i == 8;    /* a second request offered in t+8 */
        tb_step(t);
        EXPECT_EQ(t->out.req_ready, ready[i]);
        EXPECT_EQ(t->out.mem_req_valid, memv[i]);
        EXPECT_EQ(t->out.rsp_valid, rspv[i]);
        if (memv[i]) EXPECT_EQ(t->in.mem_rsp_valid, 0);
    }
    EXPECT_EQ(t->last.pa, (0x55ull << 12) | 0xabc);
    EXPECT_EQ(t->last.cyc - c0, 7);
    EXPECT_EQ(t->nop, 2);
    EXPECT_EQ(t->op[1].cyc - c0, 4);            /* the level-0 read, issued by CHECK */
    EXPECT_EQ(t->op[1].addr, tm_pte_addr(t->mem, t->p, ROOT, va, 0));
    t->in.req_valid = false;
    tb_step(t);                                 /* t+9: the hit's answer */
    EXPECT_EQ(t->acc_cyc - c0, 8);
    EXPECT(t->out.rsp_valid && t->out.rsp_hit);
    tb_free(t);
}

/* Latency 2 + (1 + Rs1) + sum over reads (Rw + 1) + sum over later reads Rs,
 * with back-pressure and slow memory. */
TEST(walk_latency_backpressure)
{
    tb *t = tb_new("sv39");
    const uint64_t va = 0x7654000ull;
    map(t, va, 0, 0x999, V | R | A | D);
    paging_on(t);
    t->rs = 2;
    t->lat = 3;
    uint64_t lat;
    rspt r = tb_req(t, va, MMU_ACC_LOAD, 1, &lat);
    EXPECT_EQ(lat, 2 + (1 + 2) + 3 * (3 + 1) + 2 * 2);
    EXPECT_EQ(r.pa, 0x999000ull);
    /* the request is held stable until the handshake */
    EXPECT_EQ(t->nop, 3);
    tb_free(t);
}

/* mem_req_* held stable while mem_req_ready_i is low; reset mid-walk. */
TEST(backpressure_stable_and_reset_mid_walk)
{
    tb *t = tb_new("sv39");
    const uint64_t va = 0x5555000ull;
    map(t, va, 0, 0x123, V | R | W);                  /* needs a CAS too */
    paging_on(t);
    t->rs = 3;
    t->lat = 2;
    t->in.req_valid = true;
    t->in.req_va = va;
    t->in.req_acc = MMU_ACC_STORE;
    t->in.req_priv = 1;
    bool held = false;
    uint64_t addr = 0, wd = 0, cmp = 0;
    bool we = false;
    unsigned stable_bad = 0, reqs = 0;
    for (unsigned i = 0; i < 60 && t->nrsp == 0; i++) {
        tb_step(t);
        t->in.req_valid = false;
        if (t->out.mem_req_valid) {
            if (held && (t->out.mem_req_addr != addr || t->out.mem_req_we != we || t->out.mem_req_wdata != wd ||
                         t->out.mem_req_cmp != cmp))
                stable_bad++;
            if (!held) reqs++;
            held = !t->in.mem_req_ready;
            addr = t->out.mem_req_addr;
            we = t->out.mem_req_we;
            wd = t->out.mem_req_wdata;
            cmp = t->out.mem_req_cmp;
        } else {
            EXPECT(t->out.mem_req_addr == 0 && !t->out.mem_req_we && t->out.mem_req_wdata == 0);
            held = false;
        }
    }
    EXPECT_EQ(stable_bad, 0);
    EXPECT_EQ(reqs, 4);
    EXPECT_EQ(t->nrsp, 1);
    /* latency: 2 + (1 + 3) + 3 * (2 + 1) + 2 * 3 + CAS (3 + 2) */
    EXPECT_EQ(t->last.cyc - t->acc_cyc, 2 + 4 + 9 + 6 + 5);
    /* reset in the middle of a walk: idle, TLB empty, registers at reset */
    map(t, 0x9000, 0, 0x9, V | R | A | D);
    t->rs = 0;
    t->lat = 1;
    t->in.req_valid = true;
    t->in.req_va = 0x9000;
    tb_step(t);
    t->in.req_valid = false;
    tb_step(t);
    tb_step(t);
    tb_step(t);
    mmu_cycle_view v;
    mmu_cycle_inspect(t->m, &v);
    EXPECT(v.walking);
    t->in.rst = true;
    t->pend = false;
    tb_step(t);
    t->in.rst = false;
    mmu_cycle_inspect(t->m, &v);
    EXPECT(!v.walking);
    EXPECT_EQ(valid_in_set(t, 5), 0);
    tb_step(t);
    EXPECT(t->out.req_ready && !t->out.rsp_valid && !t->out.mem_req_valid);
    EXPECT_EQ(tb_rd(t, REG_MODE), 0);
    paging_on(t);
    rspt r = tb_req(t, va, MMU_ACC_STORE, 1, NULL);   /* the earlier fill is gone */
    EXPECT(!r.hit);
    EXPECT_EQ(r.cause, 0);
    tb_free(t);
}

/* ---- faults in the walk, superpages ------------------------------------------ */

TEST(walk_faults_and_superpages)
{
    tb *t = tb_new("sv39");
    paging_on(t);
    uint64_t lat;
    /* invalid root entry: PTE_INVALID at level 2 after one read */
    rspt r = tb_req(t, 0x40000000ull, MMU_ACC_LOAD, 1, &lat);
    EXPECT_EQ(r.cause, MMU_CAUSE_PTE_INVALID);
    EXPECT_EQ(r.level, 2);
    EXPECT_EQ(lat, 5);
    EXPECT_EQ(r.pa, 0);
    /* 2 MiB superpage at its last byte */
    const uint64_t sp = 0x80200000ull;
    map(t, sp, 1, 0x80200, V | R | W | A | D);
    r = tb_req(t, sp + 0x1fffff, MMU_ACC_STORE, 1, &lat);
    EXPECT_EQ(r.cause, 0);
    EXPECT_EQ(r.level, 1);
    EXPECT_EQ(r.pa, 0x803fffffull);
    EXPECT_EQ(lat, 7);
    /* same superpage, VA in another set: a miss (fragment), then hits */
    r = tb_req(t, sp + 0x1000, MMU_ACC_LOAD, 1, NULL);
    EXPECT(!r.hit);
    EXPECT_EQ(r.pa, 0x80201000ull);
    r = tb_req(t, sp + 0x1ff000 + 0x123, MMU_ACC_LOAD, 1, NULL);
    EXPECT(r.hit);                            /* set 7 holds the first fragment */
    EXPECT_EQ(r.pa, 0x803ff123ull);
    EXPECT_EQ(r.level, 1);
    /* misaligned 2 MiB superpage: no fill, no write */
    const uint64_t mis = 0xc0000000ull;
    map(t, mis, 1, 0x80201, V | R | W);
    r = tb_req(t, mis, MMU_ACC_STORE, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_MISALIGNED);
    EXPECT_EQ(r.level, 1);
    r = tb_req(t, mis, MMU_ACC_STORE, 1, NULL);
    EXPECT(!r.hit);
    EXPECT_EQ(tm_writes(t->mem), 0);
    /* bus error on a PTE read: ACCESS at that level */
    const uint64_t be = 0x3000ull;
    uint64_t la = map(t, be, 0, 0x42, V | R | A);
    tm_fail_read_at(t->mem, la);
    r = tb_req(t, be, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_ACCESS);
    EXPECT_EQ(r.level, 0);
    /* pointer at level 0: NO_LEAF; reserved bits: PTE_RESERVED */
    map(t, 0x5000, 0, 0x77, V);
    r = tb_req(t, 0x5000, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_NO_LEAF);
    map(t, 0x6000, 0, 0x77, V | R | (1ull << 60));
    r = tb_req(t, 0x6000, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_PTE_RESERVED);
    /* non-canonical: answered at t+1 without the TLB */
    r = tb_req(t, 0x4000000000ull, MMU_ACC_FETCH, 0, &lat);
    EXPECT_EQ(r.cause, MMU_CAUSE_NONCANONICAL);
    EXPECT_EQ(r.level, 7);
    EXPECT_EQ(lat, 1);
    EXPECT(!r.hit);
    /* high-half canonical VA walks */
    const uint64_t hi = 0xffffffc000001000ull;
    map(t, hi, 0, 0x31, V | R | A);
    r = tb_req(t, hi + 5, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(r.cause, 0);
    EXPECT_EQ(r.pa, 0x31005ull);
    tb_free(t);
}

/* ---- permissions on hits: SUM/MXR/privilege without a flush -------------------- */

TEST(hit_checks_without_flush)
{
    tb *t = tb_new("sv39");
    const uint64_t va = 0x10000ull;
    map(t, va, 0, 0x20, V | R | U | A | D);
    paging_on(t);
    rspt r = tb_req(t, va, MMU_ACC_LOAD, 0, NULL);     /* user load: fills */
    EXPECT_EQ(r.cause, 0);
    r = tb_req(t, va, MMU_ACC_LOAD, 1, NULL);          /* supervisor, SUM=0 */
    EXPECT(r.hit);
    EXPECT_EQ(r.cause, MMU_CAUSE_PRIV);
    EXPECT_EQ(r.level, 0);
    EXPECT_EQ(r.pa, 0);
    tb_wr(t, REG_STATUS, 4 | 1);                       /* SUM */
    r = tb_req(t, va, MMU_ACC_LOAD, 1, NULL);
    EXPECT(r.hit);
    EXPECT_EQ(r.cause, 0);
    r = tb_req(t, va, MMU_ACC_FETCH, 1, NULL);         /* supervisor fetch of U page: never */
    EXPECT(r.hit);
    EXPECT_EQ(r.cause, MMU_CAUSE_PRIV);
    r = tb_req(t, va, MMU_ACC_STORE, 0, NULL);         /* no W: PROT on the hit */
    EXPECT(r.hit);
    EXPECT_EQ(r.cause, MMU_CAUSE_PROT);
    /* MXR: execute-only page */
    const uint64_t xo = 0x11000ull;
    map(t, xo, 0, 0x21, V | X | A | D);
    r = tb_req(t, xo, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_PROT);
    EXPECT(!r.hit);                                    /* faulting walk: no fill */
    r = tb_req(t, xo, MMU_ACC_FETCH, 1, NULL);         /* fills */
    EXPECT_EQ(r.cause, 0);
    r = tb_req(t, xo, MMU_ACC_LOAD, 1, NULL);
    EXPECT(r.hit);
    EXPECT_EQ(r.cause, MMU_CAUSE_PROT);
    tb_wr(t, REG_STATUS, 4 | 2);                       /* MXR */
    r = tb_req(t, xo, MMU_ACC_LOAD, 1, NULL);
    EXPECT(r.hit);
    EXPECT_EQ(r.cause, 0);
    /* acc = 3 behaves as a store */
    r = tb_req(t, xo, 3, 1, NULL);
    EXPECT(r.hit);
    EXPECT_EQ(r.cause, MMU_CAUSE_PROT);
    tb_free(t);
}

/* ---- Svadu / Svade ------------------------------------------------------------- */

TEST(svadu_cas_and_store_rewalk)
{
    tb *t = tb_new("sv39");
    const uint64_t va = 0x1abcull;
    uint64_t la = map(t, va, 0, 0x12345, V | R | W | X);
    paging_on(t);
    uint64_t lat;
    rspt r = tb_req(t, va, MMU_ACC_LOAD, 1, &lat);     /* sets A */
    EXPECT_EQ(r.cause, 0);
    EXPECT_EQ(r.pa, 0x12345abcull);
    EXPECT_EQ(lat, 3 + 2 * 3 + 1);
    EXPECT_EQ(t->nop, 4);
    EXPECT(t->op[3].we);
    EXPECT_EQ(t->op[3].addr, la);
    EXPECT_EQ(t->op[3].cmp, (0x12345ull << 10) | V | R | W | X);
    EXPECT_EQ(t->op[3].wdata, (0x12345ull << 10) | V | R | W | X | A);
    EXPECT_EQ(t->op[3].cyc, t->acc_cyc + 8);          /* issued by the leaf's CHECK */
    EXPECT_EQ(tm_get(t->mem, la, 8), (0x12345ull << 10) | V | R | W | X | A);
    /* the load filled the entry with A=1 D=0: a store hit needs D -> walk, CAS sets D */
    r = tb_req(t, va, MMU_ACC_STORE, 1, &lat);
    EXPECT(!r.hit);
    EXPECT_EQ(lat, 10);
    EXPECT_EQ(tm_get(t->mem, la, 8), (0x12345ull << 10) | V | R | W | X | A | D);
    EXPECT_EQ(valid_in_set(t, 1), 1);                  /* replaced in place: no duplicate */
    r = tb_req(t, va, MMU_ACC_STORE, 1, &lat);
    EXPECT(r.hit);
    EXPECT_EQ(lat, 1);
    EXPECT_EQ(ctr(t, AD_UPDATES), 2);
    EXPECT_EQ(ctr(t, MISSES), 2);
    EXPECT_EQ(ctr(t, HITS), 1);
    EXPECT_EQ(t->m->assert_multi_hit, 0);
    tb_free(t);
}

/* The model's assertion counters are read (mmu_cycle_violations, which
 * mmu-cosim fails on): a duplicated TLB entry must show as multi_hit. */
TEST(duplicate_entry_is_reported_as_a_violation)
{
    tb *t = tb_new("sv39");
    const uint64_t va = 0x12345678ull;
    map(t, va, 0, 0xabcde, V | R | W | A | D);
    paging_on(t);
    uint64_t lat;
    rspt r = tb_req(t, va, MMU_ACC_LOAD, 1, &lat);
    EXPECT(!r.hit);
    EXPECT_EQ(mmu_cycle_violations(t->m, NULL), 0);
    const cyc_cfg *c = &t->m->cfg;
    unsigned set = cyc_tlb_idx(c, va), w0 = 0;
    while (w0 < c->ways && !((t->m->tlb.valid_q[set] >> w0) & 1)) w0++;
    unsigned w1 = (w0 + 1) % c->ways;
    t->m->tlb.tag_q[set * c->ways + w1] = t->m->tlb.tag_q[set * c->ways + w0];
    t->m->tlb.ram_q[set * c->ways + w1] = t->m->tlb.ram_q[set * c->ways + w0];
    t->m->tlb.valid_q[set] |= (uint16_t)(1u << w1);
    tb_req(t, va, MMU_ACC_LOAD, 1, &lat);
    const char *name = NULL;
    EXPECT(mmu_cycle_violations(t->m, &name) >= 1);
    EXPECT(name && !strcmp(name, "multi_hit"));
    tb_free(t);
}

TEST(svadu_cas_mismatch_rewalks)
{
    tb *t = tb_new("sv39");
    const uint64_t va = 0x2000ull;
    uint64_t la = map(t, va, 0, 0x111, V | R | W);
    paging_on(t);
    /* another hart changes the PTE just before the CAS: restart from the root */
    uint64_t other = (0x222ull << 10) | V | R | W | A;
    tm_race_at(t->mem, la, other, 1);
    uint64_t lat;
    rspt r = tb_req(t, va, MMU_ACC_LOAD, 1, &lat);
    EXPECT_EQ(r.cause, 0);
    EXPECT_EQ(r.pa, 0x222000ull);
    /* the restart goes through RD_REQ again: 1 + 2 * 3 more */
    EXPECT_EQ(lat, 3 + 2 * 3 + 1 + 1 + 2 * 3);
    EXPECT_EQ(t->nop, 7);
    EXPECT_EQ(t->op[4].addr, t->op[0].addr);           /* re-walk from the root */
    EXPECT_EQ(ctr(t, WALKS), 2);
    EXPECT_EQ(ctr(t, AD_UPDATES), 1);
    /* mismatch to an invalid PTE */
    const uint64_t vb = 0x3000ull;
    uint64_t lb = map(t, vb, 0, 0x333, V | R);
    tm_race_at(t->mem, lb, 0, 1);
    r = tb_req(t, vb, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_PTE_INVALID);
    EXPECT_EQ(r.level, 0);
    /* bus error on the CAS */
    const uint64_t vc = 0x4000ull;
    uint64_t lc = map(t, vc, 0, 0x444, V | R);
    tm_fail_cas_at(t->mem, lc);
    r = tb_req(t, vc, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_ACCESS);
    EXPECT_EQ(r.level, 0);
    r = tb_req(t, vc, MMU_ACC_LOAD, 1, NULL);
    EXPECT(!r.hit);                                    /* no fill on a fault */
    /* Svade: AD fault, no CAS; no CAS on a faulting leaf either */
    tb_wr(t, REG_STATUS, 0);
    const uint64_t vd = 0x5000ull;
    map(t, vd, 0, 0x555, V | R);
    unsigned cas0 = tm_cas_calls(t->mem);
    r = tb_req(t, vd, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_AD);
    EXPECT_EQ(r.level, 0);
    tb_wr(t, REG_STATUS, 4);
    r = tb_req(t, vd, MMU_ACC_STORE, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_PROT);
    EXPECT_EQ(tm_cas_calls(t->mem), cas0);
    tb_free(t);
}

/* ---- stale walks: an event at any cycle of a walk prevents the fill ------------ */

TEST(no_fill_after_event_during_walk)
{
    for (int kind = 0; kind < 3; kind++) {
        for (unsigned k = 0; k <= 13; k++) {
            tb *t = tb_new("sv39");
            const uint64_t va = 0x77000ull;
            map(t, va, 0, 0x77, V | R | A | D);
            paging_on(t);
            t->in.req_valid = true;
            t->in.req_va = va;
            t->in.req_acc = MMU_ACC_LOAD;
            t->in.req_priv = 1;
            uint64_t c0 = t->cyc;
            for (unsigned i = 0; i <= 13; i++) {
                if (i == k) {
                    t->in.reg_we = true;
                    /* 0: FLUSH by an unrelated VA; 1: ASID rewrite (same value);
                     * 2: FLUSH_VA (not an event) */
                    t->in.reg_addr = kind == 0 ? REG_FLUSH : kind == 1 ? REG_ASID : REG_FLUSH_VA;
                    t->in.reg_wdata = kind == 0 ? 1 : kind == 1 ? 0 : 0x999000;
                }
                tb_step(t);
                t->in.req_valid = false;
                t->in.reg_we = false;
            }
            EXPECT_EQ(t->last.pa, 0x77000ull);         /* answered with the acceptance values */
            EXPECT_EQ(t->last.cyc - c0, 9);
            rspt r = tb_req(t, va, MMU_ACC_LOAD, 1, NULL);
            /* events in cycles 0 (acceptance) .. 9 (DONE) prevent the fill */
            bool want_hit = kind == 2 || k > 9;
            if (r.hit != want_hit) {
                EXPECT(r.hit == want_hit);
                fprintf(stderr, "kind %d event cycle %u: hit %d\n", kind, k, r.hit);
            }
            EXPECT_EQ(t->m->assert_fill_in_flush, 0);
            tb_free(t);
        }
    }
}

/* A write in the acceptance cycle does not affect that request. */
TEST(write_in_acceptance_cycle)
{
    tb *t = tb_new("sv39");
    t->in.req_valid = true;
    t->in.req_va = 0x5000;
    t->in.reg_we = true;
    t->in.reg_addr = REG_MODE;
    t->in.reg_wdata = MMU_MODE_PAGING;
    tb_step(t);
    t->in.req_valid = false;
    t->in.reg_we = false;
    tb_step(t);
    EXPECT(t->out.rsp_valid);
    EXPECT_EQ(t->out.rsp_pa, 0x5000);                  /* still bare */
    /* flush in the acceptance cycle: the request still sees the pre-flush TLB */
    map(t, 0x9000, 0, 0x90, V | R | A | D);
    tb_wr(t, REG_PTBASE, ROOT);
    rspt r = tb_req(t, 0x9000, MMU_ACC_LOAD, 1, NULL);
    EXPECT(!r.hit);
    t->in.req_valid = true;
    t->in.req_va = 0x9004;
    t->in.reg_we = true;
    t->in.reg_addr = REG_FLUSH;
    t->in.reg_wdata = 0;
    tb_step(t);
    t->in.req_valid = false;
    t->in.reg_we = false;
    tb_step(t);
    EXPECT(t->out.rsp_valid && t->out.rsp_hit);
    EXPECT_EQ(t->out.rsp_pa, 0x90004);
    r = tb_req(t, 0x9000, MMU_ACC_LOAD, 1, NULL);
    EXPECT(!r.hit);                                    /* flushed at the end of that cycle */
    tb_free(t);
}

/* ---- s1 hold and replay -------------------------------------------------------- */

/* docs/rtl.md: a request accepted in the miss cycle is held in s1 through the
 * walk, replays its TLB read in d+1 (so it sees the walk's fill) and is
 * answered in d+2, in order; req_ready_o is low from the cycle after the
 * miss to d+1 and does not depend on the hit. */
TEST(request_behind_miss_held_and_replayed)
{
    tb *t = tb_new("sv39");
    const uint64_t va = 0x12345000ull, vc = 0x2222000ull;
    map(t, va, 0, 0xabc, V | R | A | D);
    map(t, vc, 0, 0xccc, V | R | A | D);
    paging_on(t);
    uint64_t c0 = t->cyc;
    /* A misses; B (same page) is accepted in A's miss cycle, read the TLB
     * before the fill, and must hit on its replay read; C behind it. */
    const uint64_t seq[3] = {va + 0x10, va + 0x20, vc + 0x30};
    uint64_t acc[3] = {0, 0, 0};
    bool ready[24];
    unsigned i = 0;
    t->in.req_acc = MMU_ACC_LOAD;
    t->in.req_priv = 1;
    for (unsigned k = 0; k < 24; k++) {
        t->in.req_valid = i < 3;
        t->in.req_va = i < 3 ? seq[i] : 0;
        t->accepted = false;
        tb_step(t);
        ready[k] = t->out.req_ready;
        if (t->accepted) acc[i++] = t->acc_cyc - c0;
    }
    t->in.req_valid = false;
    for (unsigned k = 0; k < 14; k++) tb_step(t);
    EXPECT_EQ(acc[0], 0);
    EXPECT_EQ(acc[1], 1);                      /* accepted in A's miss cycle */
    EXPECT_EQ(acc[2], 11);                     /* d + 2: s1 acts on B, port free */
    for (unsigned k = 0; k < 12; k++) EXPECT_EQ(ready[k], k < 2 || k == 11);
    EXPECT_EQ(t->nrsp, 3);
    /* A from the walk in d = 9, B from the TLB in d + 2 = 11 (the fill of A) */
    EXPECT_EQ(t->rlog[0].cyc - c0, 9);
    EXPECT(!t->rlog[0].hit);
    EXPECT_EQ(t->rlog[0].pa, (0xabcull << 12) | 0x10);
    EXPECT_EQ(t->rlog[1].cyc - c0, 11);
    EXPECT(t->rlog[1].hit);
    EXPECT_EQ(t->rlog[1].pa, (0xabcull << 12) | 0x20);
    /* C, accepted in B's acting cycle, misses: walks, 9 cycles */
    EXPECT_EQ(t->rlog[2].cyc - c0, 11 + 9);
    EXPECT(!t->rlog[2].hit);
    EXPECT_EQ(t->rlog[2].pa, (0xcccull << 12) | 0x30);
    EXPECT_EQ(ctr(t, LOOKUPS), 3);             /* the held request counts once */
    EXPECT_EQ(ctr(t, HITS), 1);
    EXPECT_EQ(ctr(t, MISSES), 2);
    EXPECT_EQ(t->m->assert_accept_hold, 0);
    EXPECT_EQ(t->m->assert_fill_set, 0);
    tb_free(t);
}

/* A held request that misses walks after the first walk, with its own
 * acceptance-cycle registers; an event while it is held makes its walk stale
 * (no fill) but it is still answered with the values of its acceptance. */
TEST(held_request_walks_and_stale_while_held)
{
    for (int ev = 0; ev < 2; ev++) {
        tb *t = tb_new("sv39");
        const uint64_t va = 0x40000ull, vb = 0x41000ull;
        map(t, va, 0, 0x40, V | R | A | D);
        map(t, vb, 0, 0x41, V | R | A | D);
        paging_on(t);
        uint64_t c0 = t->cyc;
        t->in.req_acc = MMU_ACC_LOAD;
        t->in.req_priv = 1;
        for (unsigned k = 0; k < 30; k++) {
            t->in.req_valid = k < 2;
            t->in.req_va = k == 0 ? va : vb;
            /* cycle 5: B is held; ASID rewritten with its value (an event) */
            t->in.reg_we = ev && k == 5;
            t->in.reg_addr = REG_ASID;
            t->in.reg_wdata = 0;
            tb_step(t);
        }
        t->in.reg_we = false;
        EXPECT_EQ(t->nrsp, 2);
        EXPECT_EQ(t->rlog[0].cyc - c0, 9);
        EXPECT_EQ(t->rlog[1].cyc - c0, 11 + 8);   /* replay d+1, miss in d+2, DONE 8 later */
        EXPECT_EQ(t->rlog[1].pa, 0x41000ull);
        rspt r = tb_req(t, vb, MMU_ACC_LOAD, 1, NULL);
        EXPECT(r.hit == !ev);                      /* stale while held: no fill */
        r = tb_req(t, va, MMU_ACC_LOAD, 1, NULL);
        EXPECT(r.hit == !ev);                      /* the event was in A's walk too */
        tb_free(t);
    }
}

/* ---- flush walk, escalation, FLUSH_EXACT = 0 ---------------------------------------- */

static unsigned tlb_valid_total(tb *t)
{
    unsigned n = 0;
    for (unsigned s = 0; s < t->p->tlb_sets; s++) n += valid_in_set(t, s);
    return n;
}

/* A flush by VA/ASID visits the SETS sets through the read port: req_ready_o
 * is low for SETS + 1 cycles after the command cycle; only covered entries go. */
TEST(flush_walk_timing)
{
    for (int kind = 0; kind < 3; kind++) {
        tb *t = tb_new("sv39");
        /* ASID 1: pages 0x100000 + i*0x1000, i < 12 (every set); ASID 2: page 0x101000 */
        for (unsigned i = 0; i < 12; i++) map(t, 0x100000ull + i * 0x1000, 0, 0x500 + i, V | R | A | D);
        paging_on(t);
        tb_wr(t, REG_ASID, 1);
        for (unsigned i = 0; i < 12; i++) tb_req(t, 0x100000ull + i * 0x1000, MMU_ACC_LOAD, 1, NULL);
        tb_wr(t, REG_ASID, 2);
        tb_req(t, 0x101000ull, MMU_ACC_LOAD, 1, NULL);
        EXPECT_EQ(tlb_valid_total(t), 13);
        tb_wr(t, REG_FLUSH_VA, 0x101abc);
        tb_wr(t, REG_FLUSH_ASID, 1);
        tb_wr(t, REG_ASID, 1);
        /* command in cycle c, with a request accepted in c (sees the pre-flush TLB) */
        unsigned cmd = kind == 0 ? 1 : kind == 1 ? 2 : 3;     /* (va,x0) (x0,asid) (va,asid) */
        t->in.reg_we = true;
        t->in.reg_addr = REG_FLUSH;
        t->in.reg_wdata = cmd;
        t->in.req_valid = true;
        t->in.req_va = 0x101000ull;
        t->in.req_acc = MMU_ACC_LOAD;
        t->in.req_priv = 1;
        uint64_t c = t->cyc;
        tb_step(t);
        EXPECT(t->out.req_ready);
        EXPECT(t->accepted && t->acc_cyc == c);
        t->in.reg_we = false;
        t->in.req_valid = true;                    /* offered all along */
        t->in.req_va = 0x100000ull;
        unsigned low = 0;
        t->accepted = false;
        for (unsigned k = 1; k <= 12 && !t->accepted; k++) {
            tb_step(t);
            if (k == 1) EXPECT(t->out.rsp_valid && t->out.rsp_hit);   /* the pre-flush TLB */
            if (!t->out.req_ready) low++;
        }
        t->in.req_valid = false;
        EXPECT_EQ(low, 8 + 1);                     /* SETS + 1 */
        EXPECT_EQ(t->acc_cyc - c, 8 + 2);          /* accepted again from c + SETS + 2 */
        tb_step(t);
        tb_step(t);
        EXPECT(!t->m->tlb.fl_busy_q && !t->m->tlb.fl_cmp_q);
        /* covered: (va,x0) both 0x101000 entries; (x0,asid) the 12 of ASID 1;
         * (va,asid) the one of ASID 1 */
        unsigned want = kind == 0 ? 11 : kind == 1 ? 1 : 12;
        EXPECT_EQ(tlb_valid_total(t), want);
        EXPECT_EQ(ctr(t, FLUSHES), 1);
        tb_free(t);
    }
}

/* During the walk another flush command, or a write to FLUSH_VA/FLUSH_ASID,
 * clears every valid bit at the end of that cycle and ends the walk. */
TEST(flush_walk_escalation)
{
    for (int kind = 0; kind < 3; kind++) {
        for (unsigned at = 1; at <= 9; at++) {
            tb *t = tb_new("sv39");
            for (unsigned i = 0; i < 10; i++) map(t, 0x200000ull + i * 0x1000, 0, 0x600 + i, V | R | A | D);
            paging_on(t);
            for (unsigned i = 0; i < 10; i++) tb_req(t, 0x200000ull + i * 0x1000, MMU_ACC_LOAD, 1, NULL);
            tb_wr(t, REG_FLUSH_ASID, 5);                 /* covers nothing: ASID 0 entries */
            tb_wr(t, REG_FLUSH, 2);                      /* cycle c */
            for (unsigned k = 1; k < at; k++) tb_step(t);
            EXPECT_EQ(tlb_valid_total(t), 10);
            /* cycle c + at: 0 FLUSH command, 1 FLUSH_VA write, 2 FLUSH_ASID write */
            tb_wr(t, kind == 0 ? REG_FLUSH : kind == 1 ? REG_FLUSH_VA : REG_FLUSH_ASID, kind == 0 ? 2 : 5);
            EXPECT(!t->out.req_ready);                   /* still in the walk */
            EXPECT_EQ(tlb_valid_total(t), 0);
            EXPECT(!t->m->tlb.fl_busy_q && !t->m->tlb.fl_cmp_q);
            tb_step(t);
            EXPECT(t->out.req_ready);
            tb_free(t);
        }
    }
    /* the cycle after the walk: a FLUSH_VA write is no escalation */
    tb *t = tb_new("sv39");
    map(t, 0x300000ull, 0, 0x700, V | R | A | D);
    paging_on(t);
    tb_req(t, 0x300000ull, MMU_ACC_LOAD, 1, NULL);
    tb_wr(t, REG_FLUSH_ASID, 5);
    tb_wr(t, REG_FLUSH, 2);
    for (unsigned k = 1; k <= 9; k++) tb_step(t);
    tb_wr(t, REG_FLUSH_VA, 0);
    EXPECT_EQ(tlb_valid_total(t), 1);
    tb_free(t);
}

/* A use_va command whose FLUSH_VA fails step 0 flushes nothing and starts no
 * walk (both FLUSH_EXACT values); during a walk it still escalates. */
TEST(flush_invalid_va)
{
    for (int exact = 1; exact >= 0; exact--) {
        mmu_profile p = *tp_profile("sv39");
        p.flush_exact = exact;
        tb *t = tb_new_prof(&p, (uint64_t)1 << 40);
        for (unsigned i = 0; i < 3; i++) map(t, 0x500000ull + i * 0x1000, 0, 0x900 + i, V | R | A | D);
        paging_on(t);
        for (unsigned i = 0; i < 3; i++) tb_req(t, 0x500000ull + i * 0x1000, MMU_ACC_LOAD, 1, NULL);
        tb_wr(t, REG_FLUSH_VA, 0x4000000000ull);          /* not canonical in Sv39 */
        for (unsigned cmd = 1; cmd <= 3; cmd += 2) {      /* (va,x0), (va,asid) */
            tb_wr(t, REG_FLUSH, cmd);
            tb_step(t);
            EXPECT(t->out.req_ready);
            EXPECT_EQ(tlb_valid_total(t), 3);
        }
        if (exact) {
            tb_wr(t, REG_FLUSH_ASID, 7);                   /* covers nothing */
            tb_wr(t, REG_FLUSH, 2);                        /* (x0,asid): a walk */
            tb_step(t);
            EXPECT(!t->out.req_ready);
            tb_wr(t, REG_FLUSH, 1);                        /* invalid VA, during the walk */
            EXPECT_EQ(tlb_valid_total(t), 0);
            tb_step(t);
            EXPECT(t->out.req_ready);
        }
        EXPECT_EQ(ctr(t, FLUSHES), exact ? 4 : 2);
        tb_free(t);
    }
}

/* FLUSH_EXACT = 0: every command empties the TLB at the end of its cycle;
 * req_ready_o never drops. */
TEST(flush_exact_off_flushes_all)
{
    mmu_profile p = *tp_profile("sv39");
    p.flush_exact = 0;
    tb *t = tb_new_prof(&p, (uint64_t)1 << 40);
    EXPECT_EQ((tb_rd(t, REG_CONFIG1) >> 50) & 7, 3);
    for (unsigned i = 0; i < 4; i++) map(t, 0x400000ull + i * 0x1000, 0, 0x800 + i, V | R | A | D);
    paging_on(t);
    for (unsigned cmd = 0; cmd < 4; cmd++) {
        for (unsigned i = 0; i < 4; i++) tb_req(t, 0x400000ull + i * 0x1000, MMU_ACC_LOAD, 1, NULL);
        EXPECT_EQ(tlb_valid_total(t), 4);
        tb_wr(t, REG_FLUSH_VA, 0x123000);                /* maps nothing */
        tb_wr(t, REG_FLUSH_ASID, 9);
        tb_wr(t, REG_FLUSH, cmd);
        EXPECT(t->out.req_ready);
        EXPECT_EQ(tlb_valid_total(t), 0);
        tb_step(t);
        EXPECT(t->out.req_ready);
    }
    tb_free(t);
}

/* ---- feature parameters off -------------------------------------------------------- */

/* sv32-fpga: no segmentation (MODE writes of B&B 1, segmentation 2 and hybrid
 * 4 ignored: only bare 0 and paging 3 remain; 0x40..0x7F unmapped and no
 * events), no counters (read 0); SVADU off on a copy: ADUE 0, A/D faults. */
TEST(features_off)
{
    tb *t = tb_new("sv32-fpga");
    uint64_t c1 = tb_rd(t, REG_CONFIG1);
    EXPECT_EQ((c1 >> 50) & 7, 6);                      /* FLUSH_EXACT, SVADU, no SEGMENTATION */
    EXPECT_EQ(c1 >> 56, 0);                            /* CTR_BITS 0 */
    uint64_t e0, e1;
    mmu_env_expected_config(t->p, &e0, &e1);
    EXPECT_EQ(c1, e1);
    static const unsigned gone[] = {MMU_MODE_BASE_BOUNDS, MMU_MODE_SEGMENTATION, MMU_MODE_HYBRID, 5, 7};
    for (unsigned i = 0; i < 5; i++) {
        tb_wr(t, REG_MODE, MMU_MODE_PAGING);
        tb_wr(t, REG_MODE, gone[i]);
        EXPECT_EQ(tb_rd(t, REG_MODE), MMU_MODE_PAGING);
        tb_wr(t, REG_MODE, MMU_MODE_BARE);
        tb_wr(t, REG_MODE, gone[i]);
        EXPECT_EQ(tb_rd(t, REG_MODE), MMU_MODE_BARE);
    }
    tb_wr(t, REG_MODE, MMU_MODE_BARE);
    EXPECT_EQ(tb_rd(t, REG_MODE), 0);
    tb_wr(t, REG_SEG + 0, 0x1234);
    tb_wr(t, REG_SEG + 2, 63);
    EXPECT_EQ(tb_rd(t, REG_SEG + 0), 0);
    EXPECT_EQ(tb_rd(t, REG_SEG + 2), 0);
    /* a segment-register write during a walk is no event: the walk fills */
    const uint64_t va = 0x5000ull;
    map(t, va, 0, 0x55, V | R | A | D);
    paging_on(t);
    t->in.req_valid = true;
    t->in.req_va = va;
    t->in.req_acc = MMU_ACC_LOAD;
    t->in.req_priv = 1;
    tb_step(t);
    t->in.req_valid = false;
    tb_wr(t, REG_SEG + 1, 7);
    for (unsigned k = 0; k < 10; k++) tb_step(t);
    EXPECT_EQ(t->nrsp, 1);
    rspt r = tb_req(t, va, MMU_ACC_LOAD, 1, NULL);
    EXPECT(r.hit);
    for (unsigned s = 0; s < 32; s++) EXPECT_EQ(ctr(t, s), 0);
    EXPECT_EQ(tb_rd(t, REG_STATUS), 4);
    tb_free(t);

    mmu_profile p = *tp_profile("sv32");
    p.svadu = 0;
    p.counters = 8;
    t = tb_new_prof(&p, (uint64_t)1 << 40);
    EXPECT_EQ(tb_rd(t, REG_STATUS), 0);                /* reset 0b000 */
    tb_wr(t, REG_STATUS, 7);
    EXPECT_EQ(tb_rd(t, REG_STATUS), 3);                /* ADUE ignores writes */
    EXPECT_EQ(tb_rd(t, REG_CONFIG1) >> 56, 8);
    EXPECT_EQ((tb_rd(t, REG_CONFIG1) >> 50) & 7, 5);
    const uint64_t vb = 0x6000ull;
    map(t, vb, 0, 0x66, V | R | W);                    /* A = 0 */
    paging_on(t);
    unsigned cas0 = tm_cas_calls(t->mem);
    r = tb_req(t, vb, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_AD);
    EXPECT_EQ(tm_cas_calls(t->mem), cas0);
    /* 8-bit counters wrap */
    t->m->perf.ctr_q[WALK_CYCLES] = 0xfe;
    tb_req(t, vb, MMU_ACC_LOAD, 1, NULL);
    EXPECT_EQ(ctr(t, WALK_CYCLES), (0xfe + 6) & 0xff);
    tb_free(t);

    /* sv39-fpga: the same without segmentation and counters, 16 sets */
    t = tb_new("sv39-fpga");
    EXPECT_EQ((tb_rd(t, REG_CONFIG1) >> 50) & 7, 6);
    EXPECT_EQ(tb_rd(t, REG_CONFIG0) >> 40 & 0xff, 4);
    tb_wr(t, REG_MODE, MMU_MODE_HYBRID);
    EXPECT_EQ(tb_rd(t, REG_MODE), 0);
    tb_free(t);
}

/* ---- SFENCE.VMA ------------------------------------------------------------------ */

enum { PG_G = 0, PG_B1, PG_B2, PG_C2, PG_Z0, PG_SP, NPG };
static const uint64_t FVA[NPG] = {0x100000, 0x101000, 0x101000, 0x102000, 0x0, 0x40000000};
static const uint32_t FASID[NPG] = {1, 1, 2, 2, 0, 1};

/* Fills: a global page (under ASID 1), page B under ASIDs 1 and 2, page C
 * under 2, VA 0 under ASID 0, a 2 MiB superpage under 1. */
static tb *flush_setup(void)
{
    tb *t = tb_new("sv39");
    map(t, FVA[PG_G], 0, 0x10, V | R | G | A | D);
    map(t, FVA[PG_B1], 0, 0x11, V | R | A | D);
    map(t, FVA[PG_C2], 0, 0x12, V | R | A | D);
    map(t, FVA[PG_Z0], 0, 0x13, V | R | A | D);
    map(t, FVA[PG_SP], 1, 0x400, V | R | A | D);
    paging_on(t);
    for (unsigned i = 0; i < NPG; i++) {
        tb_wr(t, REG_ASID, FASID[i]);
        tb_req(t, FVA[i] + (i == PG_SP ? 0x5000 : 0), MMU_ACC_LOAD, 1, NULL);
    }
    return t;
}

static bool present(tb *t, unsigned i)
{
    tb_wr(t, REG_ASID, FASID[i]);
    return tb_req(t, FVA[i] + (i == PG_SP ? 0x5000 : 0), MMU_ACC_LOAD, 1, NULL).hit;
}

TEST(sfence_matrix)
{
    struct { bool use_va, use_asid; uint64_t va; uint32_t asid; unsigned keep; } cs[] = {
        {false, false, 0, 0, 0},
        {false, true, 0, 1, 1u << PG_G | 1u << PG_B2 | 1u << PG_C2 | 1u << PG_Z0},
        {false, true, 0, 0, 0x3fu & ~(1u << PG_Z0)},            /* register holding 0 */
        {true, false, 0x101abc, 0, 0x3fu & ~(1u << PG_B1 | 1u << PG_B2)},
        {true, true, 0x101abc, 1, 0x3fu & ~(1u << PG_B1)},
        {true, true, 0x100000, 1, 0x3f},                         /* global kept */
        {true, false, 0x100000, 7, 0x3fu & ~(1u << PG_G)},       /* globals included */
        {true, false, 0x0, 0, 0x3fu & ~(1u << PG_Z0)},           /* VA register holding 0 */
        {true, false, 0x401fffff, 0, 0x3fu & ~(1u << PG_SP)},    /* last byte of the superpage */
        {true, false, 0x4000000000ull, 0, 0x3f},                 /* non-canonical: nothing */
        {true, false, 0x40200000, 0, 0x3f},                      /* just past the superpage */
    };
    for (unsigned k = 0; k < sizeof cs / sizeof cs[0]; k++) {
        tb *t = flush_setup();
        tb_wr(t, REG_FLUSH_VA, cs[k].va);
        tb_wr(t, REG_FLUSH_ASID, cs[k].asid);
        tb_wr(t, REG_FLUSH, (unsigned)cs[k].use_va | (unsigned)cs[k].use_asid << 1);
        unsigned keep = 0;
        for (unsigned i = 0; i < NPG; i++) keep |= (unsigned)present(t, i) << i;
        if (keep != cs[k].keep) {
            EXPECT_EQ(keep, cs[k].keep);
            fprintf(stderr, "sfence case %u: kept 0x%x, want 0x%x\n", k, keep, cs[k].keep);
        }
        EXPECT_EQ(ctr(t, FLUSHES), 1);
        tb_free(t);
    }
    /* replacement state is unchanged by a flush */
    tb *t = flush_setup();
    uint16_t before[8];
    memcpy(before, t->m->repl.tree_q, sizeof before);
    tb_wr(t, REG_FLUSH, 0);
    EXPECT(memcmp(before, t->m->repl.tree_q, sizeof before) == 0);
    EXPECT_EQ(valid_in_set(t, 0) + valid_in_set(t, 1) + valid_in_set(t, 2) + valid_in_set(t, 5), 0);
    tb_free(t);
}

/* ---- replacement victim sequences per policy -------------------------------------- */

typedef struct {
    mmu_repl repl;
    unsigned ways;
    unsigned long long stamp[16], fstamp[16], now;
    int page[16];                 /* page held by each way, -1 none */
    unsigned tree;                /* PLRU, 4 ways: bit0 root, bit1 left, bit2 right */
    unsigned lfsr;
} refrepl;

static unsigned ref_victim(refrepl *r)
{
    unsigned v = 0;
    switch (r->repl) {
    case MMU_REPL_LRU:
        for (unsigned w = 1; w < r->ways; w++) if (r->stamp[w] < r->stamp[v]) v = w;
        return v;
    case MMU_REPL_FIFO:
        for (unsigned w = 1; w < r->ways; w++) if (r->fstamp[w] < r->fstamp[v]) v = w;
        return v;
    case MMU_REPL_PLRU:
        return (r->tree & 1) ? 2 + ((r->tree >> 2) & 1) : ((r->tree >> 1) & 1);
    default:
        return r->lfsr & (r->ways - 1);
    }
}

static void ref_touch(refrepl *r, unsigned w, bool fill)
{
    r->now++;
    if (r->repl == MMU_REPL_PLRU) {
        r->tree = (r->tree & ~1u) | ((w >> 1) ? 0 : 1);
        if (w < 2) r->tree = (r->tree & ~2u) | ((w & 1) ? 0 : 2);
        else r->tree = (r->tree & ~4u) | ((w & 1) ? 0 : 4);
    }
    if (r->repl == MMU_REPL_LRU || fill) r->stamp[w] = r->now;
    if (fill) r->fstamp[w] = r->now;
    if (fill && r->repl == MMU_REPL_RANDOM) r->lfsr = (r->lfsr >> 1) ^ ((r->lfsr & 1) ? 0xB400u : 0);
}

TEST(replacement_sequences)
{
    static const mmu_repl pol[] = {MMU_REPL_LRU, MMU_REPL_PLRU, MMU_REPL_FIFO, MMU_REPL_RANDOM};
    for (unsigned pi = 0; pi < 4; pi++) {
        mmu_profile p = *tp_profile("sv39");
        p.tlb_repl = pol[pi];
        tb *t = tb_new_prof(&p, (uint64_t)1 << 40);
        enum { NP = 9 };
        uint64_t va[NP];
        for (unsigned i = 0; i < NP; i++) {
            va[i] = 0x200000ull + (uint64_t)i * 8 * 4096 + 3 * 4096;   /* all in set 3 */
            map(t, va[i], 0, 0x1000 + i, V | R | A | D);
        }
        paging_on(t);
        refrepl ref;
        memset(&ref, 0, sizeof ref);
        ref.repl = pol[pi];
        ref.ways = 4;
        ref.lfsr = 0xACE1;
        for (unsigned w = 0; w < 4; w++) ref.page[w] = -1;
        uint32_t rng = 12345 + pi;
        unsigned mism = 0;
        for (unsigned step = 0; step < 200; step++) {
            rng = rng * 1103515245u + 12345u;
            unsigned pg = (rng >> 16) % (step < 4 ? 4 : NP);
            if (step < 4) pg = step;
            int way = -1;
            for (unsigned w = 0; w < 4; w++) if (ref.page[w] == (int)pg) way = (int)w;
            rspt r = tb_req(t, va[pg], MMU_ACC_LOAD, 1, NULL);
            EXPECT_EQ(r.pa, (0x1000ull + pg) << 12);
            if (way >= 0) {
                if (!r.hit) mism++;
                ref_touch(&ref, (unsigned)way, false);
            } else {
                if (r.hit) mism++;
                unsigned target = 4;
                for (unsigned w = 0; w < 4 && target == 4; w++) if (ref.page[w] < 0) target = w;
                if (target == 4) target = ref_victim(&ref);
                ref.page[target] = (int)pg;
                ref_touch(&ref, target, true);
                /* the model's entry for pg sits in way `target` */
                const cyc_tlb_tag *tg = &t->m->tlb.tag_q[3 * 4 + target];
                if (!((t->m->tlb.valid_q[3] >> target) & 1) || tg->vpn != (va[pg] >> 12)) mism++;
            }
        }
        if (mism) fprintf(stderr, "policy %s: %u mismatches\n", mmu_repl_name(pol[pi]), mism);
        EXPECT_EQ(mism, 0);
        tb_free(t);
    }
}

/* ---- counters ------------------------------------------------------------------------ */

TEST(counters_and_clear)
{
    tb *t = tb_new("sv39");
    map(t, 0x1000, 0, 0x1, V | R | A | D);
    paging_on(t);
    tb_req(t, 0x1000, MMU_ACC_LOAD, 1, NULL);          /* miss */
    tb_req(t, 0x1000, MMU_ACC_LOAD, 1, NULL);          /* hit */
    tb_req(t, 0x1000, MMU_ACC_STORE, 1, NULL);         /* hit, PROT */
    tb_req(t, 0x9000, MMU_ACC_LOAD, 1, NULL);          /* walk: PTE_INVALID at level 0 */
    tb_req(t, 0x4000000000ull, MMU_ACC_LOAD, 1, NULL); /* NONCANONICAL, no lookup */
    tb_wr(t, REG_FLUSH, 3);
    EXPECT_EQ(ctr(t, LOOKUPS), 4);
    EXPECT_EQ(ctr(t, HITS), 2);
    EXPECT_EQ(ctr(t, MISSES), 2);
    EXPECT_EQ(ctr(t, WALKS), 2);
    EXPECT_EQ(ctr(t, WALK_CYCLES), 8 + 8);
    EXPECT_EQ(ctr(t, FLUSHES), 1);
    EXPECT_EQ(ctr(t, AD_UPDATES), 0);
    EXPECT_EQ(ctr(t, CAUSE0), 2);
    EXPECT_EQ(ctr(t, CAUSE0 + MMU_CAUSE_PROT), 1);
    EXPECT_EQ(ctr(t, CAUSE0 + MMU_CAUSE_PTE_INVALID), 1);
    EXPECT_EQ(ctr(t, CAUSE0 + MMU_CAUSE_NONCANONICAL), 1);
    EXPECT_EQ(ctr(t, 7), 0);
    EXPECT_EQ(ctr(t, 15), 0);
    mmu_cycle_view v;
    mmu_cycle_inspect(t->m, &v);
    EXPECT_EQ(v.counters[HITS], 2);
    EXPECT_EQ(v.counters[CAUSE0 + MMU_CAUSE_PROT], 1);
    /* clear wins over the increments of its cycle (a response in that cycle) */
    t->in.req_valid = true;
    t->in.req_va = 0x1000;
    tb_step(t);
    t->in.req_valid = false;
    t->in.reg_we = true;
    t->in.reg_addr = REG_CTR_CLEAR;
    tb_step(t);
    EXPECT(t->out.rsp_valid);
    t->in.reg_we = false;
    for (unsigned s = 0; s < 32; s++) EXPECT_EQ(ctr(t, s), 0);
    /* counters wrap at 2^32 */
    t->m->perf.ctr_q[WALK_CYCLES] = 0xffffffffull;
    tb_req(t, 0xa000, MMU_ACC_LOAD, 1, NULL);
    EXPECT(ctr(t, WALK_CYCLES) < 16);
    tb_free(t);
}

/* ---- segment modes (ostep-linear) ----------------------------------------------------- */

TEST(ostep_segments_and_hybrid)
{
    tb *t = tb_new_prof(tp_profile("ostep-linear"), 1u << 16);
    /* textbook: code seg0 32K/2K r-x user, heap seg1 34K/3K rw- user, stack seg3 28K/2K gn */
    tb_wr(t, REG_SEG + 0, 32 * 1024);
    tb_wr(t, REG_SEG + 1, 2 * 1024);
    tb_wr(t, REG_SEG + 2, 1 | 4 | 16 | 32);
    tb_wr(t, REG_SEG + 4, 34 * 1024);
    tb_wr(t, REG_SEG + 5, 3 * 1024);
    tb_wr(t, REG_SEG + 6, 1 | 4 | 8 | 32);
    tb_wr(t, REG_SEG + 12, 28 * 1024);
    tb_wr(t, REG_SEG + 13, 2 * 1024);
    tb_wr(t, REG_SEG + 14, 1 | 2 | 4 | 8 | 32);
    tb_wr(t, REG_MODE, MMU_MODE_SEGMENTATION);
    uint64_t lat;
    rspt r = tb_req(t, 100, MMU_ACC_LOAD, 0, &lat);
    EXPECT_EQ(r.pa, 32868);
    EXPECT_EQ(lat, 1);
    r = tb_req(t, 4200, MMU_ACC_LOAD, 0, NULL);
    EXPECT_EQ(r.pa, 34920);
    r = tb_req(t, 15 * 1024, MMU_ACC_STORE, 0, NULL);
    EXPECT_EQ(r.pa, 27 * 1024);
    r = tb_req(t, 100, MMU_ACC_STORE, 0, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_SEG_PROT);
    r = tb_req(t, 0x2000, MMU_ACC_LOAD, 0, NULL);      /* segment 2 invalid */
    EXPECT_EQ(r.cause, MMU_CAUSE_SEG_INVALID);
    r = tb_req(t, 0x4000, MMU_ACC_LOAD, 0, NULL);      /* bit 14 set: outside 14-bit VA */
    EXPECT_EQ(r.cause, MMU_CAUSE_NONCANONICAL);
    /* base and bounds (OSTEP relocation: base 15766, bound 314) */
    tb_wr(t, REG_SEG + 0, 15766);
    tb_wr(t, REG_SEG + 1, 314);
    tb_wr(t, REG_SEG + 2, 1 | 4 | 8 | 16 | 32);
    tb_wr(t, REG_MODE, MMU_MODE_BASE_BOUNDS);
    r = tb_req(t, 129, MMU_ACC_LOAD, 0, NULL);
    EXPECT_EQ(r.pa, 15895);
    r = tb_req(t, 721, MMU_ACC_LOAD, 0, NULL);
    EXPECT_EQ(r.cause, MMU_CAUSE_SEG_BOUND);
    /* hybrid: segment 1's table at 0x7100 maps 3 pages; VA 0x1807 -> 0x2c07, CAS sets A */
    tb_wr(t, REG_SEG + 4, 0x7100);
    tb_wr(t, REG_SEG + 5, 3);
    tb_wr(t, REG_SEG + 6, 1);
    tm_put(t->mem, 0x7108, 4, 0x8000000b);
    tb_wr(t, REG_MODE, MMU_MODE_HYBRID);
    r = tb_req(t, 0x1807, MMU_ACC_LOAD, 0, &lat);
    EXPECT_EQ(r.cause, 0);
    EXPECT_EQ(r.pa, 0x2c07);
    EXPECT_EQ(r.level, 0);
    EXPECT_EQ(lat, 3 + 2 + 1);                          /* one read, one CAS */
    EXPECT_EQ(tm_get(t->mem, 0x7108, 4), 0x8800000b);
    r = tb_req(t, 0x1807, MMU_ACC_LOAD, 0, &lat);
    EXPECT(r.hit);
    r = tb_req(t, 0x1c00, MMU_ACC_LOAD, 0, NULL);      /* VPN 3 >= bound 3 */
    EXPECT_EQ(r.cause, MMU_CAUSE_HYBRID_BOUND);
    EXPECT_EQ(r.level, 7);
    /* PTE address beyond 2^PA_BITS: ACCESS at level 0, no memory access */
    tb_wr(t, REG_SEG + 4, 0xfff8);
    unsigned n = t->nop;
    r = tb_req(t, 0x1c00 - 0x400, MMU_ACC_LOAD, 0, &lat);   /* VPN 2: 0xfff8 + 8 */
    EXPECT_EQ(r.cause, MMU_CAUSE_ACCESS);
    EXPECT_EQ(r.level, 0);
    EXPECT_EQ(lat, 1);
    EXPECT_EQ(t->nop, n);
    /* linear paging with OSTEP's table (PTE 0x8000001c at 0x7c10, VA 0x12a2 -> 0x72a2) */
    tm_put(t->mem, 0x7c10, 4, 0x8000001c);
    tb_wr(t, REG_PTBASE, 31);
    tb_wr(t, REG_MODE, MMU_MODE_PAGING);
    tb_wr(t, REG_FLUSH, 0);
    r = tb_req(t, 0x12a2, MMU_ACC_LOAD, 0, &lat);
    EXPECT_EQ(r.pa, 0x72a2);
    EXPECT_EQ(lat, 3 + 2 + 1);
    tb_free(t);
}

/* ostep-small: no protection, two levels, FIFO. */
TEST(ostep_small_walk)
{
    tb *t = tb_new_prof(tp_profile("ostep-multilevel"), 1u << 12);
    /* paging-multilevel-translate.py -s 39 example: PDBR 26, VA 0x315e -> 0x31e */
    tm_put(t->mem, 0x34c, 1, 0xb2);
    tm_put(t->mem, 0x64a, 1, 0x98);
    tb_wr(t, REG_PTBASE, 26);
    tb_wr(t, REG_MODE, MMU_MODE_PAGING);
    uint64_t lat;
    rspt r = tb_req(t, 0x315e, MMU_ACC_STORE, 1, &lat);
    EXPECT_EQ(r.cause, 0);
    EXPECT_EQ(r.pa, 0x31e);
    EXPECT_EQ(lat, 7);
    EXPECT_EQ(t->nop, 2);
    r = tb_req(t, 0x315e, MMU_ACC_FETCH, 1, &lat);     /* supervisor: no checks in this format */
    EXPECT(r.hit);
    EXPECT_EQ(r.cause, 0);
    tb_free(t);
}

/* ---- elaboration and signals -------------------------------------------------------- */

TEST(elaboration_rejects)
{
    const char *names[] = {"ostep-linear", "ostep-multilevel", "sv32", "sv39"};
    mmu_error err;
    for (unsigned i = 0; i < 4; i++) {
        mmu_cycle *m = mmu_cycle_new(tp_profile(names[i]), &err);
        EXPECT(m != NULL);
        mmu_cycle_free(m);
    }
    const mmu_profile *base = tp_profile("sv39");
    for (unsigned k = 0; k < 8; k++) {
        mmu_profile p = *base;
        switch (k) {
        case 0: p.asid_bits = 0; break;
        case 1: p.tlb_ways = 3; break;
        case 2: p.tlb_sets = 1; break;
        case 3: p.tlb_sets = 6; break;
        case 4: p.seg_count = 5; break;
        case 5: p.tlb_ways = 32; break;
        case 6: p.asid_bits = 17; break;
        case 7: p.va_port_bits = 38; break;
        }
        mmu_cycle *m = mmu_cycle_new(&p, &err);
        EXPECT(m == NULL);
        if (!m) EXPECT_STR_CONTAINS(err.msg, "unsupported parameter");
        mmu_cycle_free(m);
    }
    mmu_profile p = *tp_profile("sv32");
    p.superpages = 1;
    p.pte_format = MMU_PTE_OSTEP_LINEAR;
    EXPECT(mmu_cycle_new(&p, &err) == NULL);
}

TEST(signal_list)
{
    unsigned n = 0;
    const mmu_cycle_signal *s = mmu_cycle_signals(tp_profile("sv39"), &n);
    EXPECT_EQ(n, 14);
    static const char *want[] = {"req_ready_o", "rsp_valid_o", "rsp_pa_o", "rsp_fault_o", "rsp_cause_o",
                                 "rsp_level_o", "rsp_hit_o", "rsp_id_o", "mem_req_valid_o", "mem_req_addr_o",
                                 "mem_req_we_o", "mem_req_wdata_o", "mem_req_cmp_o", "reg_rdata_o"};
    static const unsigned w39[] = {1, 1, 56, 1, 4, 3, 1, 1, 1, 56, 1, 64, 64, 64};
    for (unsigned i = 0; i < 14 && i < n; i++) {
        EXPECT(strcmp(s[i].name, want[i]) == 0);
        EXPECT_EQ(s[i].width, w39[i]);
    }
    const mmu_cycle_signal *s32 = mmu_cycle_signals(tp_profile("sv32"), &n);
    EXPECT_EQ(s32[2].width, 34);
    EXPECT_EQ(s32[11].width, 32);
    EXPECT_EQ(mmu_cycle_signals(tp_profile("sv39-hum"), &n)[7].width, 2);   /* rsp_id_o: ID_BITS */
    EXPECT_EQ(s[2].width, 56);                         /* the sv39 list is still valid */
    mmu_cycle_out o;
    memset(&o, 0, sizeof o);
    o.rsp_pa = 0x1234;
    o.rsp_level = 7;
    EXPECT_EQ(s[2].get(&o), 0x1234);
    EXPECT_EQ(s[5].get(&o), 7);
}


/* Hit under miss (docs/rtl.md "Hit under miss", ID_BITS > 0): while a walk
 * is in flight a later hit is answered the cycle after its acceptance, ahead
 * of the walk, with its own ID; a miss under the walk parks and walks after
 * it; a miss to the page being walked replays after the fill and hits. The
 * counters count a parked miss once. With ID_BITS = 0 the same stream is
 * answered in order. */
static void hum_stream(tb *t, const uint64_t *va, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        t->in.req_valid = true;
        t->in.req_va = va[i];
        t->in.req_acc = MMU_ACC_LOAD;
        t->in.req_priv = 1;
        t->in.req_id = i;
        t->accepted = false;
        for (int k = 0; k < 1000 && !t->accepted; k++) tb_step(t);
    }
    t->in.req_valid = false;
    for (int k = 0; k < 200; k++) tb_step(t);
}

TEST(hit_under_miss_answers_hits_during_a_walk)
{
    const uint64_t a = 0x12345000ull, b = 0x2345000ull, c = 0x34567000ull;
    const char *prof[] = {"sv39-hum", "sv39"};
    for (unsigned pi = 0; pi < 2; pi++) {
        bool hum = pi == 0;
        tb *t = tb_new(prof[pi]);
        map(t, a, 0, 0xa1, V | R | W | A | D);
        map(t, b, 0, 0xb1, V | R | W | A | D);
        map(t, c, 0, 0xc1, V | R | W | A | D);
        paging_on(t);
        tb_req(t, a, MMU_ACC_LOAD, 1, NULL);      /* a in the TLB */
        tb_wr(t, REG_CTR_CLEAR, 0);
        t->lat = 10;
        t->nrsp = 0;
        /* b misses (id 0); a hits (1); c misses (2); b again, the page being walked (3):
         * a overtakes b's walk; c parks and walks after b; the second b
         * hits b's fill while c walks, and overtakes c */
        const uint64_t va[] = {b, a + 8, c, b + 16};
        hum_stream(t, va, 4);
        EXPECT_EQ(t->nrsp, 4);
        unsigned order[4];
        for (unsigned i = 0; i < 4 && i < t->nrsp; i++) order[i] = hum ? t->rlog[i].id : 0;
        if (hum) {
            EXPECT_EQ(order[0], 1);               /* the hit overtakes b's walk */
            EXPECT(t->rlog[0].hit);
            EXPECT_EQ(t->rlog[0].pa, (0xa1ull << 12) | 8);
            EXPECT_EQ(order[1], 0);               /* then b's walk */
            EXPECT(!t->rlog[1].hit);
            EXPECT_EQ(t->rlog[1].pa, 0xb1ull << 12);
            EXPECT_EQ(order[2], 3);               /* b again: a hit on b's fill, under c's walk */
            EXPECT(t->rlog[2].hit);
            EXPECT_EQ(t->rlog[2].pa, (0xb1ull << 12) | 16);
            EXPECT_EQ(t->rlog[2].cyc, t->rlog[1].cyc + 3);   /* c: replay read, to_ptw (b+16 accepted), hit */
            EXPECT_EQ(order[3], 2);               /* c parked, walked after b */
            EXPECT(!t->rlog[3].hit);
            EXPECT_EQ(t->rlog[3].pa, 0xc1ull << 12);
        } else {
            for (unsigned i = 0; i < 4; i++) EXPECT_EQ(t->rlog[i].id, 0);
            EXPECT(!t->rlog[0].hit && t->rlog[1].hit && !t->rlog[2].hit && t->rlog[3].hit);
            EXPECT_EQ(t->rlog[1].pa, (0xa1ull << 12) | 8);
        }
        EXPECT_EQ(ctr(t, LOOKUPS), 4);            /* the parked miss counts once */
        EXPECT_EQ(ctr(t, HITS), 2);
        EXPECT_EQ(ctr(t, MISSES), 2);
        EXPECT_EQ(tb_rd(t, REG_CONFIG1) >> 54 & 3, hum ? 3u : 0u);   /* [54] hit under miss, [55] walk cache */
        const char *first;
        EXPECT_EQ(mmu_cycle_violations(t->m, &first), 0);
        tb_free(t);
    }
}

int main(void)
{
    RUN(reset_values_and_register_reads);
    RUN(bare_one_per_cycle);
    RUN(sv39_miss_walk_then_hits);
    RUN(hit_stages_two_delays_s1_answers_only);
    RUN(hit_under_miss_answers_hits_during_a_walk);
    RUN(duplicate_entry_is_reported_as_a_violation);
    RUN(sv32_timing_diagram);
    RUN(walk_latency_backpressure);
    RUN(backpressure_stable_and_reset_mid_walk);
    RUN(walk_faults_and_superpages);
    RUN(hit_checks_without_flush);
    RUN(svadu_cas_and_store_rewalk);
    RUN(svadu_cas_mismatch_rewalks);
    RUN(no_fill_after_event_during_walk);
    RUN(write_in_acceptance_cycle);
    RUN(request_behind_miss_held_and_replayed);
    RUN(held_request_walks_and_stale_while_held);
    RUN(flush_walk_timing);
    RUN(flush_walk_escalation);
    RUN(flush_invalid_va);
    RUN(flush_exact_off_flushes_all);
    RUN(features_off);
    RUN(sfence_matrix);
    RUN(replacement_sequences);
    RUN(counters_and_clear);
    RUN(ostep_segments_and_hybrid);
    RUN(ostep_small_walk);
    RUN(elaboration_rejects);
    RUN(signal_list);
    return check_summary();
}
