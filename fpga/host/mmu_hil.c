/* mmu-hil — drive an MMU board (or the simulated board through a pty) over
 * its UART and check every response against the C arch model.
 *
 *   mmu-hil --port DEV [--baud N] (--scenario FILE | --trace FILE | --info) [options]
 *
 * The board and the model start from the same state (RESET: registers at
 * reset, TLB empty, memory zero); the host then writes the same memory and
 * registers to both, sends each translation to the board, translates it with
 * mmu_translate on the model memory, and compares cause, level and PA (the
 * fields the architecture defines; a TLB hit or miss is the board's business).
 * A/D updates the walker makes are made by the model too, and the memory the
 * board changed is read back at the end. Signature mode lets the board run N
 * LFSR-chosen translations by itself and compares its CRC-32 of the
 * responses with the CRC the model predicts. docs/fpga.md is the guide.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hil_link.h"
#include "mmu_arch.h"
#include "mmu_env.h"
#include "mmu_os.h"
#include "mmu_profile.h"
#include "mmu_run.h"
#include "mmu_scenario.h"
#include "mmu_trace.h"
#include "mmu_tracegen.h"

enum { EXIT_MISMATCH = 1, EXIT_USAGE = 2, EXIT_SETUP = 3 };

static void usage(FILE *f)
{
    fprintf(f,
        "usage: mmu-hil --port DEV [--baud N] MODE [options]\n"
        "Drives an MMU board (or the simulated board's pty) over its UART and checks every\n"
        "response against the C arch model.\n\n"
        "modes (one of):\n"
        "  --info                 print what the board reports (profile, memory, clock) and exit\n"
        "  --link-test            check the board's protocol error handling (bad CRC, unknown\n"
        "                         command, bad length, bad address, bad argument, resync)\n"
        "  --scenario FILE        load a scenario (docs/scenario.md) into board and model, check\n"
        "                         its accesses, then --random N more\n"
        "  --trace FILE           run a trace (native, lackey, din; .gz) through the OS layer:\n"
        "                         page faults fixed by the model's OS, tables written to the board\n"
        "options:\n"
        "  --port DEV             serial device (/dev/ttyUSB0, or the PTY the simulator prints)\n"
        "  --baud N               default 115200 (the bitstream's rate; ignored by the simulator)\n"
        "  --timeout MS           per response, default 2000\n"
        "  --profile NAME|PATH    default: the profile the board reports\n"
        "  --mem-base PA          scenario: PA of the board memory's first byte (aligned to its size);\n"
        "                         default: the page-table root's window in paging mode, else 0\n"
        "  --random N             scenario: N more seeded random accesses near the scenario's pages\n"
        "  --seed N               seed of --random and of the signature's default seed (default 1)\n"
        "  --mode M               trace: paging (default), hybrid or segmentation\n"
        "  --frames N             trace: resident user pages at most (default: a quarter of memory)\n"
        "  --swap-policy P        trace: fifo (default), lru, clock, rand\n"
        "  --populate             trace: map every page the trace touches up front\n"
        "  --limit N              trace: stop after N pages translated\n"
        "  --signature N          then let the board run N LFSR translations and compare CRCs\n"
        "  --sig-va-and M, --sig-va-or V   signature VA = (LFSR64 & M) | V (defaults: around the\n"
        "                         pages used so far)\n"
        "  --sig-acc fetch|load|store|random   --sig-priv user|supervisor|random  (random, random)\n"
        "  --no-verify-mem        skip reading back the memory the board changed\n"
        "  --max-report N         mismatches printed in full (default 10)\n"
        "  --inject-mismatch N    test hook: flip PA bit 0 of the model's answer to translation N\n"
        "                         (the run must then report a mismatch)\n"
        "  -v, --verbose          one line per translation\n"
        "Exit status: 0 every response matched, 1 a mismatch, 2 bad usage, 3 link or input error.\n");
}

typedef struct {
    const char *port, *scenario, *trace, *profile;
    unsigned baud, timeout_ms, max_report;
    bool info, link_test, verbose, verify_mem, populate, have_mem_base, have_and, have_or;
    const char *trace_only;     /* the first trace-mode option given (checked against the mode) */
    const char *sig_option;     /* the first --sig-* option given */
    uint64_t inject, mem_base, random_n, seed, frames, limit, sig_n, sig_and, sig_or;
    unsigned sig_acc, sig_priv;
    mmu_mode mode;
    mmu_swap_policy swap;
} opts;

/* ---- the checking session -------------------------------------------------------- */
typedef struct {
    hil_link *l;
    hil_info info;
    mmu_profile p;
    opts *o;
    uint64_t mem_size, base;    /* board memory window: PAs base .. base + mem_size - 1  */
    mmu_mem model;              /* what the arch model reads (the window applied)        */
    uint8_t *shadow;            /* what the board's memory holds                          */
    uint8_t *touched;           /* 8-byte chunks the board wrote or we wrote              */
    mmu_regs board_regs;        /* what the board's registers hold                        */
    unsigned ctr_bits;
    uint64_t va_port_mask, pa_mask;
    uint64_t translations, mismatches, hits, cause[MMU_CAUSE_COUNT];
    uint64_t mem_writes;
    uint64_t used_lo, used_hi;  /* VA pages with a leaf seen so far (signature window)    */
    uint64_t leaf_pages;
    mmu_flush_req pending[64];
    unsigned npending;
    bool pending_all;
} hil;

/* The model memory: the underlying memory, with only the board's window present. */
typedef struct { mmu_mem inner; uint64_t base, size; } window_mem;
static int win_read(void *ctx, uint64_t pa, unsigned bytes, uint64_t *val)
{
    window_mem *w = ctx;
    if (pa < w->base || pa - w->base >= w->size || pa - w->base + bytes > w->size) return -1;
    return w->inner.read(w->inner.ctx, pa, bytes, val);
}
static int win_cas(void *ctx, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t nv, uint64_t *old)
{
    window_mem *w = ctx;
    if (pa < w->base || pa - w->base >= w->size || pa - w->base + bytes > w->size) return -1;
    return w->inner.cas(w->inner.ctx, pa, bytes, expect, nv, old);
}

static int fail_setup(const mmu_error *err)
{
    char buf[1024];
    fprintf(stderr, "mmu-hil: %s\n", mmu_error_format(err, buf, sizeof buf));
    return EXIT_SETUP;
}

static uint64_t model_chunk(hil *h, uint64_t off)
{
    uint64_t v = 0;
    if (h->model.read(h->model.ctx, h->base + off, 8, &v)) v = 0;
    return v;
}

/* Write every 8-byte chunk where the model memory differs from the board's. */
static int sync_mem(hil *h, mmu_error *err)
{
    for (uint64_t off = 0; off < h->mem_size; off += 8) {
        uint64_t v = model_chunk(h, off);
        uint64_t b;
        memcpy(&b, h->shadow + off, 8);
        if (v == b) continue;
        uint8_t bytes[8];
        for (int i = 0; i < 8; i++) bytes[i] = (uint8_t)(v >> (8 * i));
        if (hil_mem_write(h->l, (uint32_t)off, bytes, 8, err)) return -1;
        memcpy(h->shadow + off, bytes, 8);
        h->touched[off / 8] = 1;
        h->mem_writes++;
    }
    return 0;
}

static uint64_t status_bits(const mmu_regs *r) { return (uint64_t)r->sum | (uint64_t)r->mxr << 1 | (uint64_t)r->adue << 2; }
static uint64_t seg_ctrl(const mmu_segment *s)
{
    return (uint64_t)s->valid | (uint64_t)s->grows_negative << 1 | (uint64_t)s->r << 2 |
           (uint64_t)s->w << 3 | (uint64_t)s->x << 4 | (uint64_t)s->user << 5;
}

/* Write the registers that differ from what the board holds. */
static int sync_regs(hil *h, const mmu_regs *r, mmu_error *err)
{
    mmu_regs *b = &h->board_regs;
#define W(addr, val, cur) do { uint64_t v_ = (val); if (v_ != (cur)) { if (hil_reg_write(h->l, (addr), v_, err)) return -1; } } while (0)
    W(MMU_ENV_REG_MODE, (uint64_t)r->mode, (uint64_t)b->mode);
    W(MMU_ENV_REG_PTBASE, r->ptbase, b->ptbase);
    W(MMU_ENV_REG_ASID, r->asid, b->asid);
    W(MMU_ENV_REG_STATUS, status_bits(r), status_bits(b));
    for (unsigned i = 0; h->p.segmentation && i < h->p.seg_count; i++) {   /* none without segmentation */
        W(MMU_ENV_REG_SEG_BASE + 4 * i, r->seg[i].base, b->seg[i].base);
        W(MMU_ENV_REG_SEG_BASE + 4 * i + 1, r->seg[i].bound, b->seg[i].bound);
        W(MMU_ENV_REG_SEG_BASE + 4 * i + 2, seg_ctrl(&r->seg[i]), seg_ctrl(&b->seg[i]));
    }
#undef W
    *b = *r;
    return 0;
}

static int flush(hil *h, const mmu_flush_req *f, mmu_error *err)
{
    if (f->use_va && hil_reg_write(h->l, MMU_ENV_REG_FLUSH_VA, f->va, err)) return -1;
    if (f->use_asid && hil_reg_write(h->l, MMU_ENV_REG_FLUSH_ASID, f->asid, err)) return -1;
    return hil_reg_write(h->l, MMU_ENV_REG_FLUSH, (uint64_t)f->use_va | (uint64_t)f->use_asid << 1, err);
}

/* Registers, memory, then the flushes the OS asked for (its order). */
static int sync_all(hil *h, const mmu_regs *r, mmu_error *err)
{
    if (sync_regs(h, r, err) || sync_mem(h, err)) return -1;
    if (h->pending_all) {
        mmu_flush_req all = {false, 0, false, 0};
        if (flush(h, &all, err)) return -1;
    } else {
        for (unsigned i = 0; i < h->npending; i++)
            if (flush(h, &h->pending[i], err)) return -1;
    }
    h->npending = 0;
    h->pending_all = false;
    return 0;
}

static void hook_flush(void *ctx, const mmu_flush_req *f)
{
    hil *h = ctx;
    if (h->npending < sizeof h->pending / sizeof h->pending[0]) h->pending[h->npending++] = *f;
    else h->pending_all = true;      /* too many: one full flush covers them */
}

static int signed_level(unsigned lvl) { return (lvl & 4) ? (int)(lvl & 7) - 8 : (int)(lvl & 7); }

/* The model's A/D write (if any) is also in the board's memory now. */
static void note_model_writes(hil *h, const mmu_result *r)
{
    if (!r->ad_writes || !r->has_leaf) return;
    uint64_t off = (r->leaf_pte_addr - h->base) & ~(uint64_t)7;
    if (off >= h->mem_size) return;
    uint64_t v = model_chunk(h, off);
    memcpy(h->shadow + off, &v, 8);      /* little-endian host */
    h->touched[off / 8] = 1;
}

static void count(hil *h, uint64_t va, const mmu_result *r, bool hit)
{
    h->translations++;
    h->hits += hit;
    h->cause[r->fault ? r->cause : MMU_CAUSE_NONE]++;
    /* pages with a leaf PTE (a translation, or a fault decided at the leaf) */
    if (!r->fault || r->cause == MMU_CAUSE_PRIV || r->cause == MMU_CAUSE_PROT || r->cause == MMU_CAUSE_AD) {
        uint64_t pg = va >> h->p.page_shift;
        if (!h->leaf_pages || pg < h->used_lo) h->used_lo = pg;
        if (!h->leaf_pages || pg > h->used_hi) h->used_hi = pg;
        h->leaf_pages++;
    }
}

/* One translation on the board, checked against the model. *res gets the
 * model's result. 0 match, 1 mismatch, -1 link error. */
static int check_one(hil *h, const mmu_regs *regs, uint64_t va, mmu_access acc, mmu_priv priv,
                     const char *where, mmu_result *res, mmu_error *err)
{
    va &= h->va_port_mask;
    hil_rsp b;
    if (hil_translate(h->l, va, acc, priv, &b, err)) return -1;
    mmu_result r = mmu_translate(&h->p, regs, &h->model, va, acc, priv, NULL);
    note_model_writes(h, &r);
    count(h, va, &r, b.hit);
    if (res) *res = r;
    unsigned cause = r.fault ? (unsigned)r.cause : 0;
    uint64_t pa = r.fault ? 0 : (r.pa & h->pa_mask);
    if (h->o->inject && h->translations == h->o->inject) pa ^= 1;   /* --inject-mismatch */
    bool bad = b.cause != cause || signed_level(b.level) != r.level || b.pa != pa;
    if (h->o->verbose || (bad && h->mismatches < h->o->max_report)) {
        printf("%s%s %s %s VA 0x%" PRIx64 ": board %s level %d PA 0x%" PRIx64 " (%s, %u cycles)",
               bad ? "MISMATCH " : "", where, priv ? "supervisor" : "user", mmu_access_name(acc), va,
               b.cause < MMU_CAUSE_COUNT ? mmu_cause_name((mmu_cause)b.cause) : "?", signed_level(b.level),
               b.pa, b.hit ? "TLB hit" : "walk", b.cycles);
        if (bad)
            printf("; model %s level %d PA 0x%" PRIx64, mmu_cause_name((mmu_cause)cause), r.level, pa);
        printf("\n");
    }
    if (bad) h->mismatches++;
    return bad;
}

/* ---- signature -------------------------------------------------------------------- */
static int run_signature(hil *h, const mmu_regs *regs, mmu_error *err)
{
    opts *o = h->o;
    hil_sig_args a;
    a.seed = (uint32_t)(o->seed * 2654435761u) | 1u;
    a.count = (uint32_t)o->sig_n;
    /* default VA window: a power of two around the pages used so far */
    uint64_t span_pages = h->used_hi - h->used_lo + 1, win = 1;
    while (win < span_pages * 2 && win < ((uint64_t)1 << 40)) win <<= 1;
    uint64_t wmask = (win << h->p.page_shift) - 1;
    a.va_and = o->have_and ? o->sig_and : wmask;
    a.va_or = o->have_or ? o->sig_or : ((h->used_lo << h->p.page_shift) & ~wmask);
    if (h->p.va_sign_extend && !o->have_and && !o->have_or) {
        uint64_t top = (uint64_t)1 << (h->p.va_bits - 1);
        if (a.va_or & top) a.va_or |= ~(top - 1) & h->va_port_mask;
    }
    a.accsel = o->sig_acc;
    a.privsel = o->sig_priv;

    /* the model's prediction, computed as the board will run */
    uint32_t s = a.seed, crc = 0xFFFFFFFFu;
    uint64_t causes[MMU_CAUSE_COUNT] = {0};
    for (uint32_t i = 0; i < a.count; i++) {
        uint32_t r0 = s = hil_lfsr_next(s);
        uint32_t r1 = s = hil_lfsr_next(s);
        uint32_t r2 = s = hil_lfsr_next(s);
        uint64_t va = (((((uint64_t)r1 << 32) | r0) & a.va_and) | a.va_or) & h->va_port_mask;
        unsigned acc = a.accsel >= 3 ? ((r2 & 3) == 3 ? 0 : (r2 & 3)) : a.accsel;
        unsigned priv = a.privsel >= 2 ? (r2 >> 2) & 1 : a.privsel;
        mmu_result r = mmu_translate(&h->p, regs, &h->model, va, (mmu_access)acc, (mmu_priv)priv, NULL);
        note_model_writes(h, &r);
        uint64_t pa = r.fault ? 0 : (r.pa & h->pa_mask);
        uint8_t bytes[10];
        for (int k = 0; k < 8; k++) bytes[k] = (uint8_t)(pa >> (8 * k));
        bytes[8] = (uint8_t)(r.fault ? r.cause : 0);
        bytes[9] = (uint8_t)(r.level & 7);
        crc = hil_crc32_update(crc, bytes, 10);
        causes[r.fault ? r.cause : 0]++;
    }
    crc = ~crc;

    hil_sig_result res;
    /* the board needs ~100-300 cycles per translation; allow for a slow simulator */
    hil_set_timeout(h->l, o->timeout_ms + (unsigned)(a.count / 2u));
    int rc = hil_signature(h->l, &a, &res, err);
    hil_set_timeout(h->l, o->timeout_ms);
    if (rc) return -1;
    for (int c = 0; c < MMU_CAUSE_COUNT; c++) h->cause[c] += causes[c];
    h->translations += a.count;
    h->hits += res.hits;
    bool ok = res.crc == crc && res.done == a.count;
    double rate = res.cycles ? (double)a.count * h->info.clk_hz / res.cycles : 0;
    printf("%s signature: %u translations (seed 0x%08x, VA & 0x%" PRIx64 " | 0x%" PRIx64 "): board CRC 0x%08x, "
           "model CRC 0x%08x; %u TLB hits, %u cycles (%.0f translations/s at %u Hz)\n",
           ok ? "PASS" : "FAIL", a.count, a.seed, a.va_and, a.va_or, res.crc, crc, res.hits, res.cycles, rate,
           h->info.clk_hz);
    if (!ok) h->mismatches++;
    return ok ? 0 : 1;
}

/* ---- end-of-run checks -------------------------------------------------------------- */
static int verify_memory(hil *h, mmu_error *err)
{
    uint64_t chunks = 0, bad = 0;
    for (uint64_t off = 0; off < h->mem_size; off += 8) {
        if (!h->touched[off / 8]) continue;
        uint8_t got[8];
        if (hil_mem_read(h->l, (uint32_t)off, got, 8, err)) return -1;
        chunks++;
        if (memcmp(got, h->shadow + off, 8)) {
            if (bad < h->o->max_report) {
                uint64_t g, w;
                memcpy(&g, got, 8);
                memcpy(&w, h->shadow + off, 8);
                printf("MISMATCH memory PA 0x%" PRIx64 ": board 0x%016" PRIx64 ", model 0x%016" PRIx64 "\n",
                       h->base + off, g, w);
            }
            bad++;
        }
    }
    printf("%s memory: %" PRIu64 " words written by the host or the walker read back, %" PRIu64 " differ\n",
           bad ? "FAIL" : "PASS", chunks, bad);
    h->mismatches += bad;
    return 0;
}

static int check_counters(hil *h, mmu_error *err)
{
    uint64_t mask = h->ctr_bits >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << h->ctr_bits) - 1;
    uint64_t bad = 0, v, lookups, hits, misses;
    for (unsigned c = 0; c < MMU_CAUSE_COUNT; c++) {
        if (hil_reg_read(h->l, 0x90 + c, &v, err)) return -1;
        if (v != (h->cause[c] & mask)) {
            printf("MISMATCH counter CTR_CAUSE[%s]: board %" PRIu64 ", responses seen %" PRIu64 "\n",
                   mmu_cause_name((mmu_cause)c), v, h->cause[c] & mask);
            bad++;
        }
    }
    if (hil_reg_read(h->l, 0x80, &lookups, err) || hil_reg_read(h->l, 0x81, &hits, err) ||
        hil_reg_read(h->l, 0x82, &misses, err))
        return -1;
    if (((hits + misses) & mask) != lookups) {
        printf("MISMATCH counters: LOOKUPS %" PRIu64 " != HITS %" PRIu64 " + MISSES %" PRIu64 "\n", lookups, hits, misses);
        bad++;
    }
    if (hits != (h->hits & mask)) {
        printf("MISMATCH counter HITS: board %" PRIu64 ", responses flagged as hits %" PRIu64 "\n", hits, h->hits & mask);
        bad++;
    }
    if (h->ctr_bits == 0)   /* a profile without counters (counters = 0): mask 0, every register must read 0 */
        printf("%s counters: none on this board (CTR_BITS 0), the counter registers read 0\n", bad ? "FAIL" : "PASS");
    else
        printf("%s counters: %" PRIu64 " responses by cause, %" PRIu64 " lookups = %" PRIu64 " hits + %" PRIu64 " misses\n",
               bad ? "FAIL" : "PASS", h->translations, lookups, hits, misses);
    h->mismatches += bad;
    return 0;
}

/* ---- scenario mode -------------------------------------------------------------------- */
static int run_scenario(hil *h, mmu_error *err)
{
    opts *o = h->o;
    mmu_scenario sc;
    if (mmu_scenario_load(o->scenario, h->p.path[0] ? h->p.path : h->p.name, &sc, err)) return -1;
    uint64_t smem = mmu_sparse_mem_size(sc.mem);
    h->base = 0;
    if (o->have_mem_base) h->base = o->mem_base;
    else if (sc.regs.mode == MMU_MODE_PAGING)
        h->base = (sc.regs.ptbase << h->p.page_shift) & ~(h->mem_size - 1);
    if (h->base & (h->mem_size - 1)) {
        mmu_scenario_free(&sc);
        return mmu_fail(err, NULL, 0, "--mem-base 0x%" PRIx64 ": must be aligned to the board memory size 0x%" PRIx64,
                        h->base, h->mem_size);
    }
    uint64_t limit = h->mem_size;
    if (h->base >= smem) limit = 0;
    else if (smem - h->base < limit) limit = smem - h->base;
    if (limit == 0) {
        mmu_scenario_free(&sc);
        return mmu_fail(err, o->scenario, 0, "memory window at 0x%" PRIx64 " is beyond the scenario's memory (%" PRIu64 " bytes)",
                        h->base, smem);
    }
    window_mem win = {mmu_sparse_mem_ops(sc.mem), h->base, limit};
    h->model = (mmu_mem){&win, win_read, win_cas};
    h->mem_size = limit;
    printf("scenario %s: profile %s, mode %s, board memory at PA 0x%" PRIx64 "..0x%" PRIx64 "\n", o->scenario,
           h->p.name, mmu_mode_name(sc.regs.mode), h->base, h->base + limit - 1);
    int rc = -1;
    if (hil_reset(h->l, h->base, (uint32_t)limit, err)) goto out;
    mmu_env_regs_reset(&h->p, &h->board_regs);
    {
        mmu_flush_req all = {false, 0, false, 0};
        if (sync_regs(h, &sc.regs, err) || sync_mem(h, err) || flush(h, &all, err)) goto out;
    }
    mmu_rng g;
    mmu_rng_seed(&g, o->seed);
    unsigned mism = 0;
    for (unsigned i = 0; i < sc.access_count; i++) {
        char where[300];
        snprintf(where, sizeof where, "%s:%d", o->scenario, sc.access[i].line);
        int r = check_one(h, &sc.regs, sc.access[i].va, sc.access[i].acc, sc.access[i].priv, where, NULL, err);
        if (r < 0) goto out;
        mism += (unsigned)r;
    }
    for (uint64_t i = 0; i < o->random_n; i++) {
        uint64_t va;
        uint64_t k = mmu_rng_below(&g, 8);
        if (k < 6 && sc.access_count) {       /* near an access of the scenario */
            const mmu_scenario_access *a = &sc.access[mmu_rng_below(&g, sc.access_count)];
            int64_t dpg = (int64_t)mmu_rng_below(&g, 5) - 2;
            va = (a->va & ~(((uint64_t)1 << h->p.page_shift) - 1)) + (uint64_t)(dpg << h->p.page_shift) +
                 mmu_rng_below(&g, (uint64_t)1 << h->p.page_shift);
        } else {
            va = mmu_rng_next(&g) & mmu_va_mask(&h->p);
        }
        mmu_access acc = (mmu_access)mmu_rng_below(&g, 3);
        mmu_priv priv = mmu_rng_below(&g, 2) ? MMU_PRIV_SUPERVISOR : MMU_PRIV_USER;
        char where[64];
        snprintf(where, sizeof where, "random #%" PRIu64, i + 1);
        int r = check_one(h, &sc.regs, va, acc, priv, where, NULL, err);
        if (r < 0) goto out;
        mism += (unsigned)r;
    }
    printf("%s scenario: %u accesses + %" PRIu64 " random, %u mismatches\n", mism ? "FAIL" : "PASS",
           sc.access_count, o->random_n, mism);
    if (o->sig_n && run_signature(h, &sc.regs, err) < 0) goto out;
    if (o->verify_mem && verify_memory(h, err)) goto out;
    if (check_counters(h, err)) goto out;
    rc = 0;
out:
    mmu_scenario_free(&sc);
    return rc;
}

/* ---- trace mode ------------------------------------------------------------------------- */
static int run_trace(hil *h, mmu_error *err)
{
    opts *o = h->o;
    uint64_t pages = h->mem_size >> h->p.page_shift;
    if (pages < 4)
        return mmu_fail(err, NULL, 0, "the board's memory (%" PRIu64 " bytes) holds fewer than 4 pages of profile %s: "
                        "too small for the OS layer", h->mem_size, h->p.name);
    mmu_os_config oc = {
        .mode = o->mode, .mem_bytes = h->mem_size, .frames = o->frames ? o->frames : pages / 4,
        .swap_policy = o->swap, .seed = o->seed,
    };
    mmu_os_hooks hooks = {h, hook_flush, NULL};
    mmu_os *os = mmu_os_new(&h->p, &oc, &hooks, err);
    if (!os) return -1;
    h->base = 0;
    mmu_mem osmem = mmu_os_mem(os);
    window_mem win = {osmem, 0, h->mem_size};
    h->model = (mmu_mem){&win, win_read, win_cas};
    mmu_run_counts counts;
    memset(&counts, 0, sizeof counts);
    mmu_run_config rc_cfg;
    memset(&rc_cfg, 0, sizeof rc_cfg);
    rc_cfg.trace = o->trace;
    rc_cfg.fmt = MMU_TRACE_AUTO;
    rc_cfg.page_shift = h->p.page_shift;
    rc_cfg.populate = o->populate;
    int rc = -1;
    mmu_run *run = NULL;
    if (hil_reset(h->l, 0, (uint32_t)h->mem_size, err)) goto out;
    mmu_env_regs_reset(&h->p, &h->board_regs);
    run = mmu_run_open(&rc_cfg, &h->p, os, &counts, err);
    if (!run) goto out;
    printf("trace %s: profile %s, mode %s, %" PRIu64 " bytes of memory, at most %" PRIu64 " resident pages\n",
           o->trace, h->p.name, mmu_mode_name(o->mode), h->mem_size, oc.frames);
    uint64_t pages_done = 0;
    unsigned mism = 0;
    for (;;) {
        if (o->limit && pages_done >= o->limit) break;
        mmu_run_page pg;
        int n = mmu_run_next(run, true, &pg, err);
        if (n < 0) goto out;
        if (n == MMU_RUN_END) break;
        pages_done++;
        for (int attempt = 0;; attempt++) {
            if (attempt > 8) {
                mmu_fail(err, o->trace, pg.line, "VA 0x%" PRIx64 " still faults after the OS fixed it 8 times", pg.va);
                goto out;
            }
            const mmu_regs *regs = mmu_os_regs(os);
            if (sync_all(h, regs, err)) goto out;
            char where[300];
            snprintf(where, sizeof where, "%s:%d", o->trace, pg.line);
            mmu_result r;
            int c = check_one(h, regs, pg.va, pg.acc, MMU_PRIV_USER, where, &r, err);
            if (c < 0) goto out;
            mism += (unsigned)c;
            if (!r.fault) { mmu_run_done(run, r.pa); break; }
            int f = mmu_run_fault(run, &pg, &r, err);
            if (f < 0) goto out;
            if (f > 0) break;
        }
    }
    if (sync_all(h, mmu_os_regs(os), err)) goto out;
    const mmu_os_stats *st = mmu_os_get_stats(os);
    printf("%s trace: %" PRIu64 " pages, %" PRIu64 " translations, %u mismatches; OS: %" PRIu64 " page faults, "
           "%" PRIu64 " swap-outs, %" PRIu64 " flushes; %" PRIu64 " memory words written\n",
           mism ? "FAIL" : "PASS", pages_done, h->translations, mism, st->page_faults, st->swap_outs,
           st->flushes, h->mem_writes);
    if (o->sig_n && run_signature(h, mmu_os_regs(os), err) < 0) goto out;
    if (o->verify_mem && verify_memory(h, err)) goto out;
    if (check_counters(h, err)) goto out;
    rc = 0;
out:
    mmu_run_close(run);
    mmu_os_free(os);
    return rc;
}

/* ---- protocol error handling ------------------------------------------------------- */
static int expect_status(hil *h, const char *name, unsigned cmd, const uint8_t *arg, unsigned len, unsigned want,
                         mmu_error *err)
{
    uint8_t rsp[HIL_MAX_PAYLOAD];
    unsigned st, rlen;
    if (hil_command(h->l, cmd, arg, len, &st, rsp, &rlen, err)) return -1;
    bool ok = st == want && (want == HIL_OK || rlen == 0);
    printf("%s link_%s: status %s%s\n", ok ? "PASS" : "FAIL", name, hil_status_name(st),
           ok ? "" : " (expected another)");
    if (!ok) h->mismatches++;
    return 0;
}

static int run_link_test(hil *h, mmu_error *err)
{
    uint8_t a[16] = {0};
    /* a frame whose CRC is wrong: the board answers BAD_CRC and stays in sync */
    uint8_t bad[] = {HIL_SYNC_REQ, HIL_REG_READ, 1, MMU_ENV_REG_CONFIG0, 0};
    bad[4] = (uint8_t)(hil_crc8(0, bad + 1, 3) ^ 0x5a);
    if (hil_send_raw(h->l, bad, sizeof bad, err)) return -1;
    unsigned cmd, st, rlen;
    uint8_t rsp[HIL_MAX_PAYLOAD];
    if (hil_receive(h->l, &cmd, &st, rsp, &rlen, err)) return -1;
    bool ok = st == HIL_BAD_CRC && rlen == 0;
    printf("%s link_bad_crc: status %s\n", ok ? "PASS" : "FAIL", hil_status_name(st));
    if (!ok) h->mismatches++;
    if (expect_status(h, "unknown_command", 0x7f, NULL, 0, HIL_BAD_CMD, err)) return -1;
    if (expect_status(h, "bad_length", HIL_REG_READ, a, 2, HIL_BAD_LEN, err)) return -1;
    uint64_t beyond = h->mem_size;   /* MEM_READ at the first byte past the memory */
    a[0] = (uint8_t)(beyond >> 24); a[1] = (uint8_t)(beyond >> 16); a[2] = (uint8_t)(beyond >> 8); a[3] = (uint8_t)beyond;
    a[4] = 1;
    if (expect_status(h, "bad_address", HIL_MEM_READ, a, 5, HIL_BAD_ADDR, err)) return -1;
    memset(a, 0, sizeof a);
    a[4] = 9;                        /* MEM_WRITE of 9 bytes: at most 8 */
    if (expect_status(h, "bad_argument", HIL_MEM_WRITE, a, 13, HIL_BAD_ARG, err)) return -1;
    /* noise, then a good frame: the decoder hunts for the sync byte */
    uint8_t noise[] = {0x00, 0x13, 0x37, 0xff};
    if (hil_send_raw(h->l, noise, sizeof noise, err)) return -1;
    hil_info again;
    if (hil_get_info(h->l, &again, err)) return -1;
    ok = !strcmp(again.profile, h->info.profile);
    printf("%s link_resync_after_noise: INFO answered (profile %s)\n", ok ? "PASS" : "FAIL", again.profile);
    if (!ok) h->mismatches++;
    /* a register written and read back */
    uint64_t v = 0;
    if (hil_reg_write(h->l, MMU_ENV_REG_FLUSH_VA, 0x1234000, err) || hil_reg_read(h->l, MMU_ENV_REG_FLUSH_VA, &v, err))
        return -1;
    ok = v == (0x1234000 & h->va_port_mask);
    printf("%s link_register_roundtrip: FLUSH_VA reads 0x%" PRIx64 "\n", ok ? "PASS" : "FAIL", v);
    if (!ok) h->mismatches++;
    /* memory bytes written and read back (after a reset, which zeroes it) */
    if (hil_reset(h->l, 0, 0, err)) return -1;
    uint8_t w[8] = {1, 2, 3, 4, 5, 6, 7, 8}, r8[8];
    if (hil_mem_write(h->l, 13, w, 8, err) || hil_mem_read(h->l, 13, r8, 8, err)) return -1;
    uint8_t z[3];
    if (hil_mem_read(h->l, 21, z, 3, err)) return -1;
    ok = !memcmp(w, r8, 8) && !z[0] && !z[1] && !z[2];
    printf("%s link_memory_roundtrip: 8 unaligned bytes back, neighbours zero\n", ok ? "PASS" : "FAIL");
    if (!ok) h->mismatches++;
    return 0;
}

/* ---- command line ------------------------------------------------------------------------ */
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "mmu-hil: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (try --help)\n");
    va_end(ap);
    return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->baud = 115200;
    o->timeout_ms = 2000;
    o->max_report = 10;
    o->verify_mem = true;
    o->seed = 1;
    o->sig_acc = 3;
    o->sig_priv = 2;
    o->mode = MMU_MODE_PAGING;
    o->swap = MMU_SWAP_FIFO;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return -1; }
        if (!strcmp(a, "--info")) { o->info = true; continue; }
        if (!strcmp(a, "--link-test")) { o->link_test = true; continue; }
        if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) { o->verbose = true; continue; }
        if (!strcmp(a, "--no-verify-mem")) { o->verify_mem = false; continue; }
        if (!strcmp(a, "--populate")) { o->populate = true; if (!o->trace_only) o->trace_only = a; continue; }
        static const char *const with_value[] = {
            "--port", "--baud", "--timeout", "--profile", "--scenario", "--trace", "--mem-base", "--random",
            "--seed", "--mode", "--frames", "--swap-policy", "--limit", "--signature", "--sig-va-and",
            "--sig-va-or", "--sig-acc", "--sig-priv", "--max-report", "--inject-mismatch", NULL};
        int known = 0;
        for (int k = 0; with_value[k]; k++) known |= !strcmp(a, with_value[k]);
        if (!known) return usage_error("unknown option '%s'", a);
        if (i + 1 >= argc) return usage_error("%s needs a value", a);
        const char *v = argv[++i];
        uint64_t n = 0;
        if (!*v) return usage_error("%s: empty value", a);
        if (!o->trace_only && (!strcmp(a, "--mode") || !strcmp(a, "--frames") || !strcmp(a, "--swap-policy") ||
                               !strcmp(a, "--limit")))
            o->trace_only = a;
        if (!o->sig_option && !strncmp(a, "--sig-", 6)) o->sig_option = a;
        if (!strcmp(a, "--port")) o->port = v;
        else if (!strcmp(a, "--profile")) o->profile = v;
        else if (!strcmp(a, "--scenario")) o->scenario = v;
        else if (!strcmp(a, "--trace")) o->trace = v;
        else if (!strcmp(a, "--mode")) {
            if (mmu_mode_parse(v, &o->mode) || (o->mode != MMU_MODE_PAGING && o->mode != MMU_MODE_HYBRID &&
                                                o->mode != MMU_MODE_SEGMENTATION))
                return usage_error("--mode: expected paging, hybrid or segmentation, got '%s'", v);
        } else if (!strcmp(a, "--swap-policy")) {
            if (mmu_swap_policy_parse(v, &o->swap) || o->swap == MMU_SWAP_OPT)
                return usage_error("--swap-policy: expected fifo, lru, clock or rand, got '%s'", v);
        } else if (!strcmp(a, "--sig-acc")) {
            const char *names[] = {"fetch", "load", "store", "random"};
            o->sig_acc = 4;
            for (unsigned k = 0; k < 4; k++) if (!strcmp(v, names[k])) o->sig_acc = k;
            if (o->sig_acc == 4) return usage_error("--sig-acc: expected fetch, load, store or random, got '%s'", v);
        } else if (!strcmp(a, "--sig-priv")) {
            const char *names[] = {"user", "supervisor", "random"};
            o->sig_priv = 3;
            for (unsigned k = 0; k < 3; k++) if (!strcmp(v, names[k])) o->sig_priv = k;
            if (o->sig_priv == 3) return usage_error("--sig-priv: expected user, supervisor or random, got '%s'", v);
        } else {
            if (mmu_parse_number(v, &n))
                return usage_error("%s: expected a number (decimal, 0x hex, 0b binary, K/M/G), got '%s'", a, v);
            if (!strcmp(a, "--baud")) {
                if (n == 0 || n > 12000000) return usage_error("--baud: expected a baud rate, got '%s'", v);
                o->baud = (unsigned)n;
            } else if (!strcmp(a, "--timeout")) {
                if (n == 0 || n > 3600000) return usage_error("--timeout: expected 1..3600000 ms, got '%s'", v);
                o->timeout_ms = (unsigned)n;
            } else if (!strcmp(a, "--mem-base")) { o->mem_base = n; o->have_mem_base = true; }
            else if (!strcmp(a, "--random")) {
                if (n > 100000000) return usage_error("--random: expected 0..100000000 accesses, got '%s'", v);
                o->random_n = n;
            }
            else if (!strcmp(a, "--seed")) o->seed = n;
            else if (!strcmp(a, "--frames")) {
                if (n == 0) return usage_error("--frames: expected at least 1");
                o->frames = n;
            } else if (!strcmp(a, "--limit")) {
                if (n == 0) return usage_error("--limit: expected at least 1 page (leave it out for the whole trace)");
                o->limit = n;
            }
            else if (!strcmp(a, "--signature")) {
                if (n == 0 || n > UINT32_MAX) return usage_error("--signature: expected 1..4294967295 translations, got '%s'", v);
                o->sig_n = n;
            } else if (!strcmp(a, "--sig-va-and")) { o->sig_and = n; o->have_and = true; }
            else if (!strcmp(a, "--sig-va-or")) { o->sig_or = n; o->have_or = true; }
            else if (!strcmp(a, "--max-report")) {
                if (n > 1000000) return usage_error("--max-report: expected 0..1000000, got '%s'", v);
                o->max_report = (unsigned)n;
            } else if (!strcmp(a, "--inject-mismatch")) {
                if (n == 0) return usage_error("--inject-mismatch: expected a translation number from 1, got '%s'", v);
                o->inject = n;
            }
        }
    }
    if (!o->port) return usage_error("missing --port DEV");
    int modes = (o->scenario != NULL) + (o->trace != NULL) + o->info + o->link_test;
    if (modes != 1) return usage_error("give exactly one of --info, --link-test, --scenario FILE, --trace FILE");
    if (o->random_n && !o->scenario) return usage_error("--random needs --scenario");
    if (o->have_mem_base && !o->scenario) return usage_error("--mem-base needs --scenario");
    if (o->trace_only && !o->trace) return usage_error("%s needs --trace", o->trace_only);
    if (o->sig_n && !o->scenario && !o->trace) return usage_error("--signature needs --scenario or --trace");
    if (o->sig_option && !o->sig_n) return usage_error("%s needs --signature N", o->sig_option);
    return 0;
}

/* The input files, before the port is opened: a bad file is reported the same
 * with or without a board (exit 3). With --profile the scenario is read whole. */
static int check_inputs(const opts *o, mmu_error *err)
{
    const char *path = o->scenario ? o->scenario : o->trace;
    mmu_profile p;
    if (o->profile && mmu_profile_find(o->profile, &p, err)) return -1;
    if (!path) return 0;
    struct stat st;
    if (strcmp(path, "-") && stat(path, &st) != 0) return mmu_fail(err, path, 0, "cannot open: %s", strerror(errno));
    if (strcmp(path, "-") && S_ISDIR(st.st_mode)) return mmu_fail(err, path, 0, "is a directory: expected a file");
    if (o->scenario) {
        if (!o->profile) return 0;
        mmu_scenario sc;
        if (mmu_scenario_load(o->scenario, o->profile, &sc, err)) return -1;
        mmu_scenario_free(&sc);
        return 0;
    }
    if (!strcmp(path, "-")) return 0;
    mmu_trace_reader *tr = mmu_trace_open(path, MMU_TRACE_AUTO, err);
    if (!tr) return -1;
    mmu_trace_event ev;
    int n;
    while ((n = mmu_trace_next(tr, &ev, err)) > 0 && ev.kind != MMU_EV_ACCESS) {}
    mmu_trace_close(tr);
    if (n < 0) return -1;
    if (n == 0) return mmu_fail(err, path, 0, "no memory accesses in the trace (empty, or only comments and process "
                                "events): expected at least one fetch, load or store");
    return 0;
}

int main(int argc, char **argv)
{
    opts o;
    int prc = parse_args(argc, argv, &o);
    if (prc) return prc < 0 ? 0 : prc;
    setvbuf(stdout, NULL, _IOLBF, 0);

    mmu_error err;
    memset(&err, 0, sizeof err);
    hil h;
    memset(&h, 0, sizeof h);
    h.o = &o;
    if (check_inputs(&o, &err)) return fail_setup(&err);
    h.l = hil_open(o.port, o.baud, o.timeout_ms, &err);
    if (!h.l) return fail_setup(&err);
    int rc = EXIT_SETUP;
    uint64_t c0, c1, e0, e1;
    if (hil_get_info(h.l, &h.info, &err)) goto fail;
    if (mmu_profile_find(o.profile ? o.profile : h.info.profile, &h.p, &err)) goto fail;
    if (hil_reg_read(h.l, MMU_ENV_REG_CONFIG0, &c0, &err) || hil_reg_read(h.l, MMU_ENV_REG_CONFIG1, &c1, &err))
        goto fail;
    mmu_env_expected_config(&h.p, &e0, &e1);
    /* The TLB geometry and counter width may differ from the profile's (a
     * board build may shrink them); the translation geometry may not. */
    const uint64_t m0 = ~0x0FFFFF0000000000ull, m1 = ~0xFF00000000000000ull;
    if ((c0 & m0) != (e0 & m0) || (c1 & m1) != (e1 & m1)) {
        mmu_fail(&err, NULL, 0, "the board's MMU (CONFIG0 0x%016" PRIx64 ", CONFIG1 0x%016" PRIx64 ") is not profile %s "
                 "(expected 0x%016" PRIx64 ", 0x%016" PRIx64 "); the board reports profile '%s'", c0, c1, h.p.name,
                 e0, e1, h.info.profile);
        goto fail;
    }
    h.ctr_bits = (unsigned)(c1 >> 56);
    h.mem_size = (uint64_t)1 << h.info.mem_log2;
    h.va_port_mask = h.p.va_port_bits >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << h.p.va_port_bits) - 1;
    h.pa_mask = h.p.pa_bits >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << h.p.pa_bits) - 1;
    printf("board: profile %s, TLB %u sets x %u ways %s, CTR_BITS %u, memory %" PRIu64 " bytes, %u Hz, "
           "%u clocks per bit\n", h.info.profile, 1u << ((c0 >> 40) & 0xff), (unsigned)((c0 >> 48) & 0xff),
           mmu_repl_name((mmu_repl)((c0 >> 56) & 0xf)), h.ctr_bits, h.mem_size, h.info.clk_hz, h.info.clks_per_bit);
    if (o.info) { rc = 0; goto done; }
    if (o.link_test) {
        if (run_link_test(&h, &err)) goto fail;
        rc = h.mismatches ? EXIT_MISMATCH : 0;
        goto done;
    }

    h.shadow = calloc(1, h.mem_size);
    h.touched = calloc(1, h.mem_size / 8 + 1);
    if (!h.shadow || !h.touched) { mmu_fail(&err, NULL, 0, "out of memory"); goto fail; }
    if ((o.scenario ? run_scenario(&h, &err) : run_trace(&h, &err)) < 0) goto fail;
    const hil_link_stats *ls = hil_stats(h.l);
    printf("mmu-hil: %" PRIu64 " translations checked, %" PRIu64 " mismatches (%" PRIu64 " frames, %" PRIu64
           " bytes sent, %" PRIu64 " received)\n", h.translations, h.mismatches, ls->frames, ls->bytes_out, ls->bytes_in);
    rc = h.mismatches ? EXIT_MISMATCH : 0;
    goto done;
fail:
    fail_setup(&err);
    rc = EXIT_SETUP;
done:
    free(h.shadow);
    free(h.touched);
    hil_close(h.l);
    return rc;
}
