/* test_cycle_random.c — self-check of the cycle model against the arch layer:
 * random short runs (random page tables, requests, register writes, flushes,
 * memory latency and back-pressure, bus errors) in which every completed
 * translation must equal mmu_translate for the registers as they were in its
 * acceptance cycle and the same memory. The arch layer gets its own copy of
 * memory; both sides do their own Svadu updates, so the two memories must
 * also be equal at the end of each run. Runs for every profile, and for
 * variants with the feature parameters off (SVADU, FLUSH_EXACT, counters). */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "mmu_cycle.h"
#include "testmem.h"
#include "testprof.h"

enum { REG_MODE = 0, REG_PTBASE = 1, REG_ASID = 2, REG_STATUS = 3, REG_FLUSH_VA = 4,
       REG_FLUSH_ASID = 5, REG_FLUSH = 6, REG_SEG = 0x40 };

static uint64_t rs;
static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}
static unsigned pct(void) { return (unsigned)(rnd() % 100); }

typedef struct {
    const mmu_profile *p;
    testmem *mc, *ma;          /* memory of the cycle model / of the arch layer */
    uint64_t region_lo, region_hi;
    uint64_t ptbase;
    uint64_t va[24];
    unsigned nva;
    mmu_segment seg[4];
    unsigned modes[8], nmodes;
} world;

static void put2(world *w, uint64_t pa, uint64_t v)
{
    tm_put(w->mc, pa, w->p->pte_bytes, v);
    tm_put(w->ma, pa, w->p->pte_bytes, v);
}

static uint64_t rand_riscv_pte(world *w)
{
    const mmu_profile *p = w->p;
    uint64_t nframes = (w->region_hi - w->region_lo) >> p->page_shift;
    unsigned k = pct();
    uint64_t pte;
    if (k < 6) return rnd() & ~1ull & ((1ull << (8 * p->pte_bytes - 1)) - 1);   /* invalid */
    if (k < 45) {                                                             /* pointer */
        uint64_t f = (w->region_lo >> p->page_shift) + rnd() % (nframes + 1);  /* +1: beyond memory */
        pte = (f << 10) | 1;
        if (pct() < 10) pte |= 1ull << MMU_RV_G;
        if (pct() < 3) pte |= 1ull << (4 + rnd() % 4);                        /* U/G/A/D */
    } else {                                                                  /* leaf */
        uint64_t ppn = rnd() & ((1ull << p->ppn_bits) - 1);
        if (pct() < 60) ppn &= ~((1ull << (p->vpn_bits * (p->levels - 1))) - 1);
        pte = (ppn << 10) | 1;
        unsigned rwx = (unsigned)(rnd() % 8);
        if (pct() < 80) rwx |= 1;                                             /* R */
        if (rwx == 0) rwx = 1;
        pte |= (uint64_t)rwx << 1;
        if (pct() < 50) pte |= 1ull << MMU_RV_U;
        if (pct() < 10) pte |= 1ull << MMU_RV_G;
        if (pct() < 70) pte |= 1ull << MMU_RV_A;
        if (pct() < 50) pte |= 1ull << MMU_RV_D;
    }
    if (p->pte_bytes == 8 && pct() < 3) pte |= 1ull << (54 + rnd() % 10);     /* reserved */
    return pte;
}

static uint64_t rand_linear_pte(world *w)
{
    const mmu_profile *p = w->p;
    uint64_t pte = rnd() & ((1ull << p->ppn_bits) - 1);
    if (pct() < 85) pte |= 1ull << MMU_OL_V;
    pte |= (rnd() & 0x1f) << MMU_OL_D;                     /* D A SUP NX RO random */
    if (pct() < 50) pte &= ~(1ull << MMU_OL_SUP);
    if (pct() < 5) pte |= 1ull << (p->ppn_bits + rnd() % (26 - p->ppn_bits));   /* reserved */
    return pte;
}

static void build_world(world *w, const mmu_profile *p)
{
    memset(w, 0, sizeof *w);
    w->p = p;
    uint64_t limit;
    switch (p->pte_format) {
    case MMU_PTE_RISCV: {
        w->region_lo = 0x80000ull << p->page_shift;
        w->region_hi = w->region_lo + (12ull << p->page_shift);
        limit = w->region_hi;
        w->mc = tm_new(limit);
        w->ma = tm_new(limit);
        for (uint64_t a = w->region_lo; a < w->region_hi; a += p->pte_bytes)
            put2(w, a, rand_riscv_pte(w));
        w->ptbase = w->region_lo >> p->page_shift;
        break;
    }
    case MMU_PTE_OSTEP_LINEAR:
        limit = 1ull << p->pa_bits;
        w->mc = tm_new(limit);
        w->ma = tm_new(limit);
        w->region_lo = 0x7000;
        w->region_hi = 0x8000;
        for (uint64_t a = w->region_lo; a < w->region_hi; a += 4) put2(w, a, rand_linear_pte(w));
        w->ptbase = (w->region_lo >> p->page_shift) + rnd() % 4;
        break;
    default:                                                /* ostep-small: all of memory */
        limit = 1ull << p->pa_bits;
        w->mc = tm_new(limit);
        w->ma = tm_new(limit);
        w->region_lo = 0;
        w->region_hi = limit;
        for (uint64_t a = 0; a < limit; a++)
            put2(w, a, (rnd() & 0x7f) | (pct() < 80 ? 0x80 : 0));
        w->ptbase = rnd() % (1ull << p->ppn_bits);
        break;
    }
    /* segments: tables in the region for hybrid, random bounds and rights */
    unsigned off_bits = p->va_bits - p->seg_sel_bits;
    for (unsigned i = 0; i < p->seg_count && i < 4; i++) {
        mmu_segment *s = &w->seg[i];
        s->valid = pct() < 85;
        s->grows_negative = pct() < 30;
        s->r = pct() < 70;
        s->w = pct() < 70;
        s->x = pct() < 70;
        s->user = pct() < 70;
        uint64_t span = w->region_hi - w->region_lo;
        s->base = (w->region_lo + rnd() % span) & ~(uint64_t)(p->pte_bytes - 1);
        if (pct() < 10) s->base = ((1ull << p->pa_bits) - 8 * p->pte_bytes) & ~(uint64_t)(p->pte_bytes - 1);
        uint64_t maxoff = 1ull << (off_bits < 40 ? off_bits : 40);
        s->bound = pct() < 50 ? rnd() % (maxoff + 2) : rnd() % 24;
    }
    /* VA pool */
    w->nva = 24;
    for (unsigned i = 0; i < w->nva; i++) {
        uint64_t v = rnd() & ((1ull << p->va_bits) - 1);
        if (pct() < 30) v &= ~((1ull << p->page_shift) - 1) | 0xff;
        if (p->va_sign_extend && ((v >> (p->va_bits - 1)) & 1) && p->va_port_bits == 64)
            v |= ~0ull << p->va_bits;
        if (pct() < 6) v ^= 1ull << (p->va_bits + rnd() % (p->va_port_bits - p->va_bits + (p->va_port_bits == p->va_bits)));
        if (p->va_port_bits < 64) v &= (1ull << p->va_port_bits) - 1;
        w->va[i] = v;
    }
    if (p->pte_format == MMU_PTE_RISCV) {
        /* half of the pool gets a valid chain to a (mostly permissive) leaf */
        uint64_t nframes = (w->region_hi - w->region_lo) >> p->page_shift;
        for (unsigned i = 0; i < w->nva; i += 2) {
            uint64_t table = w->ptbase;
            int leaf = p->superpages && pct() < 25 ? 1 + (int)(rnd() % (p->levels - 1)) : 0;
            for (int l = (int)p->levels - 1; l >= leaf; l--) {
                uint64_t idx = (w->va[i] >> (p->page_shift + (unsigned)l * p->vpn_bits)) & ((1u << p->vpn_bits) - 1);
                uint64_t a = (table << p->page_shift) + idx * p->pte_bytes;
                if (l > leaf) {
                    uint64_t cur = tm_get(w->mc, a, p->pte_bytes);
                    if ((cur & 0xf) != 1 || (cur >> 10) < (w->region_lo >> p->page_shift) ||
                        (cur >> 10) >= (w->region_hi >> p->page_shift)) {
                        cur = (((w->region_lo >> p->page_shift) + rnd() % nframes) << 10) | 1;
                        put2(w, a, cur);
                    }
                    table = cur >> 10;
                } else {
                    uint64_t ppn = (rnd() & ((1ull << p->ppn_bits) - 1)) & ~((1ull << (p->vpn_bits * (unsigned)l)) - 1);
                    uint64_t fl = 1 | 2 | (pct() < 60 ? 4 : 0) | (pct() < 60 ? 8 : 0) | (pct() < 50 ? 16 : 0) |
                                  (pct() < 10 ? 32 : 0) | (pct() < 60 ? 64 : 0) | (pct() < 50 ? 128 : 0);
                    put2(w, a, (ppn << 10) | fl);
                }
            }
        }
    }
    w->nmodes = 0;
    for (unsigned i = 0; i < 4; i++) w->modes[w->nmodes++] = MMU_MODE_PAGING;
    w->modes[w->nmodes++] = MMU_MODE_BARE;
    if (p->pte_format != MMU_PTE_RISCV || p->va_bits < 40) {
        w->modes[w->nmodes++] = MMU_MODE_BASE_BOUNDS;
        w->modes[w->nmodes++] = MMU_MODE_SEGMENTATION;
        w->modes[w->nmodes++] = MMU_MODE_HYBRID;
    }
}

static void free_world(world *w)
{
    tm_free(w->mc);
    tm_free(w->ma);
}

typedef struct { uint64_t pa; unsigned cause, level; uint64_t va; unsigned acc, priv; } expect;

static uint64_t agg[32];       /* model counters summed over the runs of a profile */

/* One run; returns the number of mismatches (and prints the first). */
static unsigned run_once(const mmu_profile *p, uint64_t seed, unsigned cycles, unsigned *responses)
{
    rs = seed * 0x9E3779B97F4A7C15ull + 1;
    world w;
    build_world(&w, p);
    mmu_error err;
    mmu_cycle *m = mmu_cycle_new(p, &err);
    if (!m) return 1;
    mmu_mem mc = tm_mem(w.mc), ma = tm_mem(w.ma);
    /* a few bus errors, identical on both sides */
    for (unsigned i = 0; i < 2; i++) {
        uint64_t a = (w.region_lo + rnd() % (w.region_hi - w.region_lo)) & ~(uint64_t)(p->pte_bytes - 1);
        tm_fail_read_at(w.mc, a);
        tm_fail_read_at(w.ma, a);
        a = (w.region_lo + rnd() % (w.region_hi - w.region_lo)) & ~(uint64_t)(p->pte_bytes - 1);
        tm_fail_cas_at(w.mc, a);
        tm_fail_cas_at(w.ma, a);
    }
    mmu_regs regs;                                 /* the registers as the model holds them */
    memset(&regs, 0, sizeof regs);
    regs.adue = p->svadu != 0;                     /* reset: ADUE = SVADU */
    mmu_cycle_in in;
    mmu_cycle_out o;
    memset(&in, 0, sizeof in);
    in.rst = true;
    mmu_cycle_eval(m, &in, &o);
    mmu_cycle_tick(m, &in);
    in.rst = false;

    /* script of register writes to issue (setup first) */
    unsigned wq_addr[64];
    uint64_t wq_data[64];
    unsigned wq_n = 0, wq_i = 0;
#define QW(a, d) do { if (wq_n < 64) { wq_addr[wq_n] = (a); wq_data[wq_n] = (d); wq_n++; } } while (0)
    QW(REG_PTBASE, w.ptbase);
    for (unsigned i = 0; i < p->seg_count && i < 4; i++) {
        const mmu_segment *s = &w.seg[i];
        QW(REG_SEG + 4 * i, s->base);
        QW(REG_SEG + 4 * i + 1, s->bound);
        QW(REG_SEG + 4 * i + 2, (unsigned)s->valid | (unsigned)s->grows_negative << 1 | (unsigned)s->r << 2 |
                                    (unsigned)s->w << 3 | (unsigned)s->x << 4 | (unsigned)s->user << 5);
    }
    QW(REG_MODE, MMU_MODE_PAGING);
    bool hold = true;                              /* no requests while the setup is written */

    expect q[8];
    unsigned qn = 0, mism = 0;
    unsigned lat = 1 + (unsigned)(rnd() % 3), ready_low = 0;
    bool pend = false;
    uint64_t pend_at = 0, pend_data = 0;
    bool pend_err = false;
    uint64_t cyc;
    for (cyc = 0; cyc < cycles + 200; cyc++) {
        if (cyc == cycles) hold = true;            /* drain: no new requests or writes */
        /* drive */
        in.reg_we = false;
        if (cyc >= cycles) {
            /* draining */
        } else if (wq_i < wq_n) {
            in.reg_we = true;
            in.reg_addr = wq_addr[wq_i];
            in.reg_wdata = wq_data[wq_i];
            wq_i++;
            if (wq_i == wq_n) wq_i = wq_n = 0;
        } else {
            hold = false;
            unsigned k = (unsigned)(rnd() % 1000);
            if (k < 15) {
                in.reg_we = true;
                in.reg_addr = REG_STATUS;
                in.reg_wdata = rnd() % 8;
            } else if (k < 25) {
                in.reg_we = true;
                in.reg_addr = REG_ASID;
                in.reg_wdata = rnd() % 4;
            } else if (k < 28) {
                QW(REG_FLUSH_VA, w.va[rnd() % w.nva] ^ (pct() < 20 ? rnd() : 0));
                QW(REG_FLUSH_ASID, rnd() % 4);
                QW(REG_FLUSH, rnd() % 4);
            } else if (k < 30) {
                /* mode change: paging and hybrid share the TLB, so software
                 * flushes and issues nothing until the flush is done */
                QW(REG_MODE, w.modes[rnd() % w.nmodes]);
                QW(REG_FLUSH, 0);
                hold = true;
            }
        }
        if (!in.req_valid || o.req_ready) {        /* a new request once the last one was taken */
            in.req_valid = !hold && pct() < 70;
            in.req_va = w.va[rnd() % w.nva];
            in.req_acc = (unsigned)(rnd() % 3);
            in.req_priv = (unsigned)(rnd() % 2);
        }
        if (hold) in.req_valid = false;
        in.mem_req_ready = ready_low == 0;
        in.mem_rsp_valid = pend && cyc == pend_at;
        in.mem_rsp_data = in.mem_rsp_valid ? pend_data : rnd();
        in.mem_rsp_err = in.mem_rsp_valid ? pend_err : (pct() < 50);
        mmu_cycle_eval(m, &in, &o);

        /* observe */
        if (o.rsp_valid) {
            if (qn == 0) {
                if (!mism++) printf("  %s seed %llu cycle %llu: response without a request\n", p->name,
                                    (unsigned long long)seed, (unsigned long long)cyc);
            } else {
                expect e = q[0];
                memmove(q, q + 1, --qn * sizeof q[0]);
                (*responses)++;
                if (o.rsp_cause != e.cause || o.rsp_pa != e.pa || o.rsp_level != e.level ||
                    o.rsp_fault != (e.cause != 0)) {
                    if (!mism++)
                        printf("  %s seed %llu cycle %llu: va 0x%llx acc %u priv %u: model cause %u pa 0x%llx "
                               "level %u hit %d, arch cause %u pa 0x%llx level %u\n",
                               p->name, (unsigned long long)seed, (unsigned long long)cyc,
                               (unsigned long long)e.va, e.acc, e.priv, o.rsp_cause,
                               (unsigned long long)o.rsp_pa, o.rsp_level, o.rsp_hit, e.cause,
                               (unsigned long long)e.pa, e.level);
                }
            }
        }
        if (in.req_valid && o.req_ready) {
            mmu_result r = mmu_translate(p, &regs, &ma, in.req_va, (mmu_access)in.req_acc,
                                         (mmu_priv)in.req_priv, NULL);
            if (qn < 8)
                q[qn++] = (expect){r.fault ? 0 : r.pa, r.fault ? (unsigned)r.cause : 0,
                                   (unsigned)r.level & 7u, in.req_va, in.req_acc, in.req_priv};
        }
        if (o.mem_req_valid && in.mem_req_ready) {
            uint64_t v = 0;
            int rc = o.mem_req_we ? mc.cas(mc.ctx, o.mem_req_addr, p->pte_bytes, o.mem_req_cmp, o.mem_req_wdata, &v)
                                  : mc.read(mc.ctx, o.mem_req_addr, p->pte_bytes, &v);
            pend = true;
            pend_at = cyc + lat;
            pend_data = v;
            pend_err = rc != 0;
            ready_low = pct() < 30 ? (unsigned)(rnd() % 3) : 0;
            lat = 1 + (unsigned)(pct() < 70 ? 0 : rnd() % 4);
        } else if (ready_low) {
            ready_low--;
        }
        mmu_cycle_tick(m, &in);
        if (in.mem_rsp_valid) pend = false;
        /* the registers after this edge */
        if (in.reg_we) {
            switch (in.reg_addr) {
            case REG_MODE:
                if (in.reg_wdata < 5 && mmu_profile_mode_supported(p, (unsigned)in.reg_wdata))
                    regs.mode = (mmu_mode)in.reg_wdata;
                break;
            case REG_PTBASE: regs.ptbase = in.reg_wdata & ((1ull << p->ppn_bits) - 1); break;
            case REG_ASID: regs.asid = (uint32_t)(in.reg_wdata & ((1u << p->asid_bits) - 1)); break;
            case REG_STATUS:
                regs.sum = in.reg_wdata & 1;
                regs.mxr = (in.reg_wdata >> 1) & 1;
                regs.adue = p->svadu && ((in.reg_wdata >> 2) & 1);
                break;
            default:
                if (p->segmentation && in.reg_addr >= REG_SEG && in.reg_addr < REG_SEG + 16) {
                    unsigned i = (in.reg_addr - REG_SEG) / 4;
                    regs.seg[i] = w.seg[i];
                    regs.seg[i].base &= (p->pa_bits < 64 ? (1ull << p->pa_bits) - 1 : ~0ull);
                    regs.seg[i].bound &= (1ull << (p->va_bits + 1)) - 1;
                }
                break;
            }
        }
    }
    if (qn) {
        printf("  %s seed %llu: %u requests never answered\n", p->name, (unsigned long long)seed, qn);
        mism++;
    }
    /* the two memories went through the same A/D updates */
    for (uint64_t a = w.region_lo; a < w.region_hi && !mism; a += p->pte_bytes)
        if (tm_get(w.mc, a, p->pte_bytes) != tm_get(w.ma, a, p->pte_bytes)) {
            printf("  %s seed %llu: memory differs at 0x%llx: model 0x%llx arch 0x%llx\n", p->name,
                   (unsigned long long)seed, (unsigned long long)a,
                   (unsigned long long)tm_get(w.mc, a, p->pte_bytes), (unsigned long long)tm_get(w.ma, a, p->pte_bytes));
            mism++;
        }
    mmu_cycle_view v;
    mmu_cycle_inspect(m, &v);
    for (unsigned i = 0; i < 32; i++) agg[i] += v.counters[i];
    const char *broke = NULL;
    if (mmu_cycle_violations(m, &broke)) {      /* the model's own docs/rtl.md assertions */
        printf("  %s seed %llu: cycle model assertion %s failed\n", p->name, (unsigned long long)seed, broke);
        mism++;
    }
    mmu_cycle_free(m);
    free_world(&w);
    return mism;
#undef QW
}

static void run_profile_p(const mmu_profile *p, const char *name, unsigned runs, unsigned cycles)
{
    unsigned bad = 0, responses = 0;
    memset(agg, 0, sizeof agg);
    for (unsigned s = 1; s <= runs; s++) bad += run_once(p, s, cycles, &responses) != 0;
    printf("  %s: %u responses; lookups %llu hits %llu walks %llu cas %llu flushes %llu; by cause:", name,
           responses, (unsigned long long)agg[0], (unsigned long long)agg[1], (unsigned long long)agg[3],
           (unsigned long long)agg[6], (unsigned long long)agg[5]);
    for (unsigned c = 0; c < MMU_CAUSE_COUNT; c++) printf(" %llu", (unsigned long long)agg[16 + c]);
    printf("\n");
    EXPECT_EQ(bad, 0);
    EXPECT(responses > runs * cycles / 20);        /* the runs did translate */
}

static void run_profile(const char *name, unsigned runs, unsigned cycles)
{
    run_profile_p(tp_profile(name), name, runs, cycles);
}

TEST(random_vs_arch_sv39) { run_profile("sv39", 40, 3000); }
TEST(random_vs_arch_sv32) { run_profile("sv32", 40, 3000); }
TEST(random_vs_arch_ostep_linear) { run_profile("ostep-linear", 40, 3000); }
TEST(random_vs_arch_ostep_multilevel) { run_profile("ostep-multilevel", 40, 3000); }
TEST(random_vs_arch_sv32_fpga) { run_profile("sv32-fpga", 40, 3000); }
TEST(random_vs_arch_sv39_fpga) { run_profile("sv39-fpga", 40, 3000); }
/* every feature parameter off at once, and sv32 with the flush walk off */
TEST(random_vs_arch_features_off)
{
    mmu_profile p = *tp_profile("sv39-fpga");
    p.svadu = 0;
    p.flush_exact = 0;
    run_profile_p(&p, "sv39-lean (no svadu, flush_exact 0)", 40, 3000);
    mmu_profile q = *tp_profile("sv32");
    q.flush_exact = 0;
    q.counters = 5;
    run_profile_p(&q, "sv32 (flush_exact 0, 5-bit counters)", 40, 3000);
}

int main(void)
{
    RUN(random_vs_arch_sv39);
    RUN(random_vs_arch_sv32);
    RUN(random_vs_arch_ostep_linear);
    RUN(random_vs_arch_ostep_multilevel);
    RUN(random_vs_arch_sv32_fpga);
    RUN(random_vs_arch_sv39_fpga);
    RUN(random_vs_arch_features_off);
    return check_summary();
}
