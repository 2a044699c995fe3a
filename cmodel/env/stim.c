/* stim.c — seeded random stimulus.
 *
 * Each refill is one "slot": maybe one control event (each with its knob's
 * per-mille probability), then a request (knob req) or one idle cycle. A
 * request is offered as soon as the previous one is accepted, walk or not, so
 * a hit-under-miss MMU (id_bits > 0) sees requests behind its walks.
 * Control events and the rules that keep the arch check exact:
 *   flush        FLUSH_VA, FLUSH_ASID, FLUSH: all four SFENCE variants, with
 *                x0 vs a register holding 0, canonical and not; concurrent
 *                with requests and walks.
 *   ctx rewrite  PTBASE, MODE or ASID written alone with its current value,
 *                concurrent with walks (a translation event: no fill).
 *   ctx switch   ASID then PTBASE. No request may be accepted between the two
 *                writes (it would pair the new ASID with the old table): wait
 *                until no request is pending, then hold requests (barrier).
 *                Each ASID stays bound to one table, so no flush is needed.
 *   status       SUM/MXR/ADUE: concurrent (they apply from the next accepted
 *                request; TLB hits re-check permissions).
 *   cross-ASID   one VA in several ASIDs: G in some, not in others (same
 *                leaf), or a superpage in one and a 4K page in another
 *                (pt.c); never rewritten afterwards.
 *   mutate       an OS PTE write (clear A/D, flip R/W/X/U, invalidate, remap,
 *                new mapping), then sometimes a covering SFENCE, sometimes
 *                none: the old value stays legal until one comes (check.c).
 *   mode switch  (--mode mixed) segment registers for the new mode, MODE,
 *                flush-all, requests held in between. Only the modes the
 *                profile has (segmentation = 0: paging and bare).
 *   seg write    bound/ctrl rewrite (base too outside hybrid): concurrent;
 *                never without segmentation (the registers do not exist).
 *   ctr clear    only when the profile has counters.
 * Without Svadu (profile svadu = 0) STATUS writes still set bit 2 at times:
 * the register ignores it and the arch check sees ADUE = 0.
 *   rebuild      when table frames run low: wait until idle, rebuild every
 *                table, re-point PTBASE/segments, flush-all.
 */
#include "env_internal.h"

#include <string.h>

static uint64_t mask(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

static unsigned rnd_acc(mmu_env *e)
{
    uint64_t r = env_below(&e->rng, 10);
    return r < 3 ? MMU_ACC_FETCH : r < 7 ? MMU_ACC_LOAD : MMU_ACC_STORE;
}

static uint64_t noncanon(mmu_env *e, uint64_t va)
{
    const mmu_profile *p = &e->p;
    if (p->va_port_bits <= p->va_bits) return va;
    unsigned b = p->va_bits + (unsigned)env_below(&e->rng, p->va_port_bits - p->va_bits);
    return (va ^ ((uint64_t)1 << b)) & e->va_port_mask;
}

/* ---- VAs per mode ------------------------------------------------------------------------ */
static uint64_t va_paging(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    const mmu_env_knobs *k = &e->cfg.knobs;
    uint64_t pm = mask(p->page_shift);
    if (e->recent_n && env_permille(&e->rng, k->locality))
        return (e->recent[env_below(&e->rng, e->recent_n)] & ~pm) | (mmu_rng_next(&e->rng) & pm & ~(uint64_t)7);
    if (env_permille(&e->rng, k->unmapped))
        return env_va_canon(e, mmu_rng_next(&e->rng));
    env_as *as = &e->as[e->cur_as];
    unsigned n = as->npages + e->n_gpage;
    if (!n) return env_va_canon(e, mmu_rng_next(&e->rng));
    unsigned i = (unsigned)env_below(&e->rng, n);
    env_page *pg = i < as->npages ? &as->page[i] : &e->gpage[i - as->npages];
    unsigned sh = p->page_shift + pg->level * p->vpn_bits;
    uint64_t off = mmu_rng_next(&e->rng) & mask(sh);
    if (pg->level && env_below(&e->rng, 4)) off &= mask(p->page_shift + 2);   /* first pages: hits */
    return env_va_canon(e, pg->va | off);
}

static uint64_t va_segment(mmu_env *e, int mode)
{
    const mmu_profile *p = &e->p;
    const mmu_env_knobs *k = &e->cfg.knobs;
    const mmu_regs *r = env_regs(e);
    unsigned off_bits = p->va_bits - p->seg_sel_bits;
    uint64_t max_seg = (uint64_t)1 << off_bits;
    bool beyond = env_permille(&e->rng, k->hybrid_bound);
    if (mode == MMU_MODE_BASE_BOUNDS) {
        uint64_t b = r->seg[0].bound;
        uint64_t off = (b && !beyond) ? env_below(&e->rng, b < e->va_mask ? b : e->va_mask) : mmu_rng_next(&e->rng) & e->va_mask;
        return env_va_canon(e, off);
    }
    unsigned sel = (unsigned)env_below(&e->rng, (uint64_t)1 << p->seg_sel_bits);
    if (sel >= p->seg_count && env_below(&e->rng, 4)) sel = (unsigned)env_below(&e->rng, p->seg_count);
    const mmu_segment *s = &r->seg[sel < p->seg_count ? sel : 0];
    uint64_t off;
    if (mode == MMU_MODE_HYBRID) {
        uint64_t pages = max_seg >> p->page_shift;
        uint64_t lim = s->bound < pages ? s->bound : pages;
        uint64_t vpn = (lim && !beyond) ? env_below(&e->rng, lim) : env_below(&e->rng, lim * 2 + 2 < pages ? lim * 2 + 2 : pages);
        off = (vpn << p->page_shift) | (mmu_rng_next(&e->rng) & mask(p->page_shift));
    } else {
        uint64_t b = s->bound < max_seg ? s->bound : max_seg;
        if (s->grows_negative) {
            uint64_t dist = 1 + ((b && !beyond) ? env_below(&e->rng, b) : env_below(&e->rng, max_seg));
            off = max_seg - dist;
        } else {
            off = (b && !beyond) ? env_below(&e->rng, b) : env_below(&e->rng, max_seg);
        }
    }
    return env_va_canon(e, ((uint64_t)sel << off_bits) | (off & (max_seg - 1)));
}

uint64_t env_stim_va(mmu_env *e, int mode)
{
    const mmu_profile *p = &e->p;
    uint64_t va;
    switch (mode) {
    case MMU_MODE_BARE: {
        unsigned w = p->pa_bits < p->va_port_bits ? p->pa_bits : p->va_port_bits;
        va = mmu_rng_next(&e->rng) & mask(w);
        if (p->va_port_bits > p->pa_bits && env_permille(&e->rng, e->cfg.knobs.noncanonical * 4))
            va |= (uint64_t)1 << (p->pa_bits + env_below(&e->rng, p->va_port_bits - p->pa_bits));
        return va & e->va_port_mask;
    }
    case MMU_MODE_PAGING: va = va_paging(e); break;
    default: va = va_segment(e, mode); break;
    }
    if (env_permille(&e->rng, e->cfg.knobs.noncanonical)) va = noncanon(e, va);
    return va & e->va_port_mask;
}

/* ---- register programming ------------------------------------------------------------------ */
static void seg_program(mmu_env *e, unsigned i, int mode)
{
    const mmu_profile *p = &e->p;
    const mmu_env_knobs *k = &e->cfg.knobs;
    unsigned a = MMU_ENV_REG_SEG_BASE + 4 * i;
    unsigned off_bits = p->va_bits - p->seg_sel_bits;
    uint64_t base, bound, ctrl;
    if (mode == MMU_MODE_HYBRID) {
        base = e->hyb_table[i];
        bound = 1 + env_below(&e->rng, e->hyb_pages[i]);
        if (env_permille(&e->rng, k->bus_error * 3)) {
            /* table beyond memory (bus error, level 0) or beyond the PA space (pre-walk ACCESS) */
            base = (mmu_rng_next(&e->rng) & 1) ? e->mem_size - p->pte_bytes * 2 : e->pa_mask + 1 - p->pte_bytes * 4;
        }
        ctrl = env_permille(&e->rng, 950) ? 1 : 0;
    } else {
        uint64_t span = mode == MMU_MODE_BASE_BOUNDS ? ((uint64_t)1 << p->va_bits) : ((uint64_t)1 << off_bits);
        base = mmu_rng_next(&e->rng) & e->pa_mask & ~(uint64_t)0xf;
        if (env_below(&e->rng, 4) == 0) base = e->pa_mask + 1 - (env_below(&e->rng, span) & ~(uint64_t)0xf);
        bound = env_below(&e->rng, 4) ? 1 + env_below(&e->rng, span) : span;
        if (env_below(&e->rng, 16) == 0) bound = mmu_rng_next(&e->rng) & mask(p->va_bits + 1);
        ctrl = (env_permille(&e->rng, 920) ? 1u : 0u) | (env_permille(&e->rng, 300) ? 2u : 0u) |
               (env_permille(&e->rng, 950) ? 4u : 0u) | (env_permille(&e->rng, 800) ? 8u : 0u) |
               (env_permille(&e->rng, 700) ? 16u : 0u) | (env_permille(&e->rng, 850) ? 32u : 0u);
    }
    env_push_reg(e, a, base);
    env_push_reg(e, a + 1, bound);
    env_push_reg(e, a + 2, ctrl);
}

static void program_mode(mmu_env *e, int mode)
{
    const mmu_profile *p = &e->p;
    env_push(e, ST_WAIT_REQFREE);
    if (mode == MMU_MODE_BASE_BOUNDS) seg_program(e, 0, mode);
    else if (mode == MMU_MODE_SEGMENTATION || mode == MMU_MODE_HYBRID)
        for (unsigned i = 0; i < p->seg_count; i++) seg_program(e, i, mode);
    if (env_below(&e->rng, 16) == 0)
        env_push_reg(e, MMU_ENV_REG_MODE, MMU_MODE_COUNT + env_below(&e->rng, 3));  /* ignored */
    env_push_reg(e, MMU_ENV_REG_MODE, (uint64_t)mode);
    env_push_flush(e, false, 0, false, 0);
    env_push(e, ST_BARRIER);
    e->stim_mode = mode;
}

static void switch_as(mmu_env *e, unsigned i)
{
    env_push(e, ST_WAIT_REQFREE);
    env_push_reg(e, MMU_ENV_REG_ASID, e->as[i].asid);
    env_push_reg(e, MMU_ENV_REG_PTBASE, e->as[i].root_ppn);
    env_push(e, ST_BARRIER);
    e->cur_as = i;
    e->st.ctx_switches++;
}

/* One translation register written alone with the value it holds (PTBASE,
 * MODE or ASID), concurrent with requests and walks: architecturally no
 * change, but a translation event, so a walk in flight must not fill
 * (docs/rtl.md "Stale walks"). Queued after any pending switch, so the value
 * is the one the register will hold then. */
static void rewrite_context(mmu_env *e)
{
    switch (env_below(&e->rng, 3)) {
    case 0: env_push_reg(e, MMU_ENV_REG_PTBASE, e->as[e->cur_as].root_ppn); break;
    case 1: env_push_reg(e, MMU_ENV_REG_MODE, (uint64_t)e->stim_mode); break;
    default: env_push_reg(e, MMU_ENV_REG_ASID, e->as[e->cur_as].asid); break;
    }
    e->st.ctx_rewrites++;
}

void env_stim_start(mmu_env *e)
{
    int mode = e->cfg.mode == MMU_ENV_MODE_MIXED ? MMU_MODE_PAGING : e->cfg.mode;
    if (e->directed) mode = MMU_MODE_PAGING;
    env_push_reg(e, MMU_ENV_REG_STATUS, 4 | (mmu_rng_next(&e->rng) & 3));
    switch_as(e, 0);
    e->st.ctx_switches = 0;
    program_mode(e, mode);
}

static void rebuild(mmu_env *e)
{
    env_push(e, ST_WAIT_IDLE);
    env_push(e, ST_REBUILD);
    switch_as(e, e->cur_as);
    program_mode(e, e->stim_mode);
}

/* ---- control events ------------------------------------------------------------------------ */
static void random_flush(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    unsigned kind = (unsigned)env_below(&e->rng, 4);
    bool use_va = kind & 1, use_asid = kind & 2;
    uint64_t va, asid;
    switch (env_below(&e->rng, 5)) {
    case 0: va = 0; break;                                           /* register holding 0 */
    case 1: va = env_va_canon(e, mmu_rng_next(&e->rng)); break;
    case 2: va = noncanon(e, env_stim_va(e, MMU_MODE_PAGING)); break; /* invalid VA: no effect */
    default: va = env_stim_va(e, MMU_MODE_PAGING); break;
    }
    switch (env_below(&e->rng, 4)) {
    case 0: asid = 0; break;
    case 1: asid = mmu_rng_next(&e->rng); break;                     /* bits above ASIDLEN ignored */
    default: asid = e->as[env_below(&e->rng, e->n_as)].asid; break;
    }
    if (e->n_ov > ENV_OVERLAY_MAX / 2) use_va = use_asid = false;
    env_push_flush(e, use_va, va, use_asid, asid & mask(p->asid_bits < 16 && env_below(&e->rng, 2) ? 16 : p->asid_bits));
}

/* A covering SFENCE for a PTE of as at va (random variant among the covering ones). */
static void covering_flush(mmu_env *e, const env_ptinfo *in, uint64_t va)
{
    unsigned k = (unsigned)env_below(&e->rng, 4);
    bool use_va = (k & 1) && in->leaf, use_asid = (k & 2) && !in->global;
    env_push_flush(e, use_va, env_va_canon(e, va), use_asid, in->asid);
}

static void mutate(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    if (!env_overlay_room(e, p->levels + 4)) return;
    if (env_below(&e->rng, 5) == 0 && !env_pt_tables_low(e)) {
        unsigned i = (unsigned)env_below(&e->rng, e->n_as);
        if (env_below(&e->rng, 4) == 0) env_pt_cross_asid_mapping(e);
        else env_pt_new_mapping(e, i, e->n_gshared && env_below(&e->rng, 4) == 0);
        if (env_below(&e->rng, 2)) env_push_flush(e, false, 0, false, 0);
        return;
    }
    uint64_t addr = 0, va = 0;
    int level = 0;
    if (e->stim_mode == MMU_MODE_HYBRID) {
        unsigned s = (unsigned)env_below(&e->rng, p->seg_count);
        uint64_t i = env_below(&e->rng, e->hyb_pages[s]);
        addr = e->hyb_table[s] + i * p->pte_bytes;
    } else {
        env_as *as = &e->as[env_below(&e->rng, e->n_as)];
        unsigned n = as->npages + e->n_gpage;
        if (!n) return;
        unsigned i = (unsigned)env_below(&e->rng, n);
        env_page *pg = i < as->npages ? &as->page[i] : &e->gpage[i - as->npages];
        if (pg->shared) return;       /* the cross-ASID region stays as built (pt.c) */
        level = pg->level;
        if (p->levels > 1 && level + 1 < (int)p->levels && env_below(&e->rng, 8) == 0) level++;  /* a pointer */
        va = pg->va;
        /* the global region's root pointers are one copy per address space:
         * they must stay identical in all of them (RISC-V: global mappings
         * are the same everywhere), so the OS never rewrites them */
        if (e->n_gshared && level == (int)p->levels - 1 && i >= as->npages) return;
        addr = env_pte_addr_of(e, as, pg->va, level, false, false);
        if (!addr) return;
    }
    env_ptinfo in;
    int lv;
    if (!env_pt_lookup(e, addr, &in, &lv)) return;
    uint64_t old = env_mem_rd(e, addr), v = old;
    bool rv = p->pte_format == MMU_PTE_RISCV;
    switch (env_below(&e->rng, 7)) {
    case 0: /* OS clears A/D (CLOCK, write-back) */
        v &= rv ? ~(uint64_t)0xc0 : ~((uint64_t)3 << MMU_OL_D);
        break;
    case 1: v = mmu_pte_with_ad(p, v, MMU_ACC_STORE); break;
    case 2: v ^= rv ? (uint64_t)1 << (1 + env_below(&e->rng, 4)) : (uint64_t)1 << (MMU_OL_SUP + env_below(&e->rng, 3)); break;
    case 3: v ^= rv ? 1 : p->pte_format == MMU_PTE_OSTEP_LINEAR ? (uint64_t)1 << MMU_OL_V : (uint64_t)1 << MMU_OS_V; break;
    case 4: if (!in.leaf) { v ^= rv ? 1 : (uint64_t)1 << MMU_OS_V; break; }
            v = env_pt_random_leaf(e, lv, in.global); break;
    default: /* remap */
        if (!in.leaf) { v ^= rv ? 1 : (uint64_t)1 << MMU_OS_V; break; }
        if (rv) v = (v & 0x3ff) | ((mmu_rng_next(&e->rng) & mask(p->ppn_bits) & ~mask((unsigned)lv * p->vpn_bits)) << MMU_RV_PPN_LSB);
        else v = (v & ~mask(p->ppn_bits)) | (mmu_rng_next(&e->rng) & mask(p->ppn_bits));
        break;
    }
    /* A global mapping must be the same in every address space (RISC-V), so
     * the OS never leaves G set outside the shared region: validating an
     * invalid PTE (whose other bits are random) could otherwise do it. */
    if (rv && !in.global) v &= ~((uint64_t)1 << MMU_RV_G);
    if (v == old) return;
    env_step *s = env_push(e, ST_MEMW);
    s->a = addr;
    s->b = v;
    s->info = in;
    s->reg_addr = (unsigned)lv;       /* MEMW: the PTE's level */
    if (env_below(&e->rng, 2)) covering_flush(e, &in, va ? va : in.va_lo);
}

void env_stim_refill(mmu_env *e)
{
    const mmu_env_knobs *k = &e->cfg.knobs;
    const mmu_profile *p = &e->p;
    if (env_pt_tables_low(e)) { rebuild(e); return; }
    if (e->n_ov > ENV_OVERLAY_MAX * 3 / 4) env_push_flush(e, false, 0, false, 0);
    if (env_permille(&e->rng, k->flush)) random_flush(e);
    if (env_permille(&e->rng, k->ctx_switch) && e->n_as > 1)
        switch_as(e, (e->cur_as + 1 + (unsigned)env_below(&e->rng, e->n_as - 1)) % e->n_as);
    if (env_permille(&e->rng, k->ctx_switch)) rewrite_context(e);
    if (env_permille(&e->rng, k->status))
        env_push_reg(e, MMU_ENV_REG_STATUS, (mmu_rng_next(&e->rng) & 3) | (env_permille(&e->rng, 750) ? 4 : 0) |
                                            (mmu_rng_next(&e->rng) & ~(uint64_t)7 & 0xff00));
    if (env_permille(&e->rng, k->mutate)) mutate(e);
    if (e->cfg.mode == MMU_ENV_MODE_MIXED && env_permille(&e->rng, k->mode_switch)) {
        static const int w[] = { MMU_MODE_PAGING, MMU_MODE_PAGING, MMU_MODE_PAGING, MMU_MODE_HYBRID, MMU_MODE_HYBRID,
                                 MMU_MODE_SEGMENTATION, MMU_MODE_BASE_BOUNDS, MMU_MODE_BARE };
        int m = w[env_below(&e->rng, 8)];
        if (!mmu_profile_mode_supported(p, (unsigned)m)) m = MMU_MODE_PAGING;   /* segmentation = 0 */
        program_mode(e, m);
    }
    if (p->segmentation && env_permille(&e->rng, k->seg_write)) {
        unsigned i = (unsigned)env_below(&e->rng, p->seg_count);
        unsigned a = MMU_ENV_REG_SEG_BASE + 4 * i + (e->stim_mode == MMU_MODE_HYBRID ? 1 + (unsigned)env_below(&e->rng, 2)
                                                                                   : (unsigned)env_below(&e->rng, 3));
        uint64_t v = mmu_rng_next(&e->rng);
        if ((a & 3) == 2) v = (v & 0x3f) | 1;
        else if ((a & 3) == 1 && e->stim_mode == MMU_MODE_HYBRID) v = env_below(&e->rng, e->hyb_pages[i] + 2);
        else if ((a & 3) == 1) v &= mask(p->va_bits - p->seg_sel_bits + 1);
        env_push_reg(e, a, v);
    }
    if (p->counters && env_permille(&e->rng, k->ctr_clear)) env_push_reg(e, MMU_ENV_REG_CTR_CLEAR, 0);
    if (env_permille(&e->rng, k->req)) {
        uint64_t va = env_stim_va(e, e->stim_mode);
        env_push_req(e, va, rnd_acc(e), env_permille(&e->rng, k->user) ? MMU_PRIV_USER : MMU_PRIV_SUPERVISOR);
    } else {
        env_step *s = env_push(e, ST_WAIT);
        s->a = 1;
    }
}
