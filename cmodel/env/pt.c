/* pt.c — the OS side of the environment: address spaces, page tables built
 * with fault injection, and the PTE-address bookkeeping that tells the
 * stimulus which VA/ASID it meant a PTE for (its covering flushes; the arch
 * check decides staleness from the flush operands alone, check.c).
 *
 * Physical memory layout (frames of the profile's page size):
 *   table pool     bump-allocated page-table frames (never reused until a
 *                  world rebuild, so an in-flight walk's tables stay intact)
 *   wp pool        table frames in the CAS-write-protected window: leaves
 *                  there make the A/D compare-and-swap a bus error (ACCESS)
 *   beyond memory  frame numbers >= mem_size: pointers there are bus errors
 * Leaf PPNs (data frames) are arbitrary: the MMU never touches data.
 *
 * Address spaces: up to 4, ASIDs 0, 1, the top ASID bit + 1, all ones (so
 * the full ASID width is exercised). RISC-V profiles share a global region:
 * the two highest root slots point (G=1) to shared tables in every space. */
#include "env_internal.h"

#include <stdlib.h>
#include <string.h>

static uint64_t mask(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

/* ---- PTE address bookkeeping ---------------------------------------------------------- */
static unsigned slot_of(uint64_t addr, unsigned cap) { return (unsigned)((addr * 0x9E3779B97F4A7C15ull) >> 40) & (cap - 1); }

static void pt_put(mmu_env *e, uint64_t addr, const env_ptinfo *info, int level)
{
    if ((e->pt_used + 1) * 2 > e->pt_cap) {
        unsigned ncap = e->pt_cap ? e->pt_cap * 2 : 4096;
        env_ptslot *n = calloc(ncap, sizeof *n);
        if (!n) return;
        for (unsigned i = 0; i < e->pt_cap; i++) {
            if (!e->pt[i].addr_plus1) continue;
            unsigned j = slot_of(e->pt[i].addr_plus1 - 1, ncap);
            while (n[j].addr_plus1) j = (j + 1) & (ncap - 1);
            n[j] = e->pt[i];
        }
        free(e->pt);
        e->pt = n;
        e->pt_cap = ncap;
    }
    unsigned j = slot_of(addr, e->pt_cap);
    while (e->pt[j].addr_plus1 && e->pt[j].addr_plus1 != addr + 1) j = (j + 1) & (e->pt_cap - 1);
    if (!e->pt[j].addr_plus1) e->pt_used++;
    e->pt[j].addr_plus1 = addr + 1;
    e->pt[j].info = *info;
    e->pt[j].level = (uint8_t)level;
}

bool env_pt_lookup(const mmu_env *e, uint64_t addr, env_ptinfo *info, int *level)
{
    if (!e->pt_cap) return false;
    unsigned j = slot_of(addr, e->pt_cap);
    while (e->pt[j].addr_plus1) {
        if (e->pt[j].addr_plus1 == addr + 1) {
            *info = e->pt[j].info;
            *level = e->pt[j].level;
            return true;
        }
        j = (j + 1) & (e->pt_cap - 1);
    }
    return false;
}

static bool is_valid_pointer(const mmu_env *e, uint64_t pte, int level)
{
    return mmu_pte_valid(&e->p, pte) && !mmu_pte_is_leaf(&e->p, pte, level) && level > 0;
}

/* Write a PTE; once traffic runs, the old value goes to the stale overlay. */
void env_pt_write(mmu_env *e, uint64_t addr, uint64_t val, const env_ptinfo *info_in, int level)
{
    env_ptinfo info = *info_in;
    uint64_t old = env_mem_rd(e, addr);
    pt_put(e, addr, &info, level);
    if (e->live && old != (val & e->pte_mask)) {
        env_overlay_record(e, addr, old);
        e->st.mutations++;
        env_hist_add(e, H_MEMW, addr, old, val, 0, 0, 0, 0, NULL);
    }
    env_mem_wr(e, addr, val);
}

/* ---- encoders --------------------------------------------------------------------------- */
uint64_t env_pt_leaf(mmu_env *e, uint64_t ppn, bool r, bool w, bool x, bool u, bool g, bool a, bool d)
{
    const mmu_profile *p = &e->p;
    ppn &= mask(p->ppn_bits);
    switch (p->pte_format) {
    case MMU_PTE_RISCV:
        return 1u | (uint64_t)r << MMU_RV_R | (uint64_t)w << MMU_RV_W | (uint64_t)x << MMU_RV_X |
               (uint64_t)u << MMU_RV_U | (uint64_t)g << MMU_RV_G | (uint64_t)a << MMU_RV_A |
               (uint64_t)d << MMU_RV_D | ppn << MMU_RV_PPN_LSB;
    case MMU_PTE_OSTEP_LINEAR:
        return (uint64_t)1 << MMU_OL_V | (uint64_t)!w << MMU_OL_RO | (uint64_t)!x << MMU_OL_NX |
               (uint64_t)!u << MMU_OL_SUP | (uint64_t)a << MMU_OL_A | (uint64_t)d << MMU_OL_D | ppn;
    default:
        (void)r; (void)g;
        return (uint64_t)1 << MMU_OS_V | ppn;
    }
}

uint64_t env_pt_ptr(mmu_env *e, uint64_t ppn, bool g)
{
    ppn &= mask(e->p.ppn_bits);
    if (e->p.pte_format == MMU_PTE_RISCV) return 1u | (uint64_t)g << MMU_RV_G | ppn << MMU_RV_PPN_LSB;
    return (uint64_t)1 << MMU_OS_V | ppn;
}

static uint64_t invalid_pte(mmu_env *e)
{
    uint64_t v = mmu_rng_next(&e->rng) & e->pte_mask;
    switch (e->p.pte_format) {
    case MMU_PTE_RISCV: return v & ~(uint64_t)1;
    case MMU_PTE_OSTEP_LINEAR: return v & ~((uint64_t)1 << MMU_OL_V);
    default: return v & ~((uint64_t)1 << MMU_OS_V);
    }
}

/* A leaf for `level` with the fault knobs applied. */
uint64_t env_pt_random_leaf(mmu_env *e, int level, bool global)
{
    const mmu_profile *p = &e->p;
    const mmu_env_knobs *k = &e->cfg.knobs;
    mmu_rng *g = &e->rng;
    if (env_permille(g, k->invalid_pte)) return invalid_pte(e);
    unsigned low = (unsigned)level * p->vpn_bits;
    uint64_t ppn = mmu_rng_next(g) & mask(p->ppn_bits) & ~mask(low);
    if (level > 0 && env_permille(g, k->misaligned))
        ppn |= ((uint64_t)1 << env_below(g, low)) & mask(p->ppn_bits);
    bool r = true, w = env_permille(g, 750), x = env_permille(g, 400), u = !global;
    if (env_permille(g, k->perm)) {
        r = mmu_rng_next(g) & 1; w = r && (mmu_rng_next(g) & 1); x = mmu_rng_next(g) & 1;
        u = mmu_rng_next(g) & 1;
        if (!r && !x) x = true;
    }
    bool a = true, d = true;
    if (env_permille(g, k->no_ad)) { a = mmu_rng_next(g) & 1; d = mmu_rng_next(g) & 1; }
    uint64_t pte = env_pt_leaf(e, ppn, r, w, x, u, global && (mmu_rng_next(g) & 1), a, d);
    if (env_permille(g, k->reserved)) {
        if (p->pte_format == MMU_PTE_RISCV) {
            unsigned top = MMU_RV_PPN_LSB + p->ppn_bits;
            if (top < p->pte_bytes * 8u && (mmu_rng_next(g) & 1))
                pte |= (uint64_t)1 << (top + env_below(g, p->pte_bytes * 8u - top));   /* bits 63:54 */
            else
                pte = (pte & ~(uint64_t)0x2) | 0x4;                                        /* W=1 R=0 */
        } else if (p->pte_format == MMU_PTE_OSTEP_LINEAR && p->ppn_bits < MMU_OL_D) {
            pte |= (uint64_t)1 << (p->ppn_bits + env_below(g, MMU_OL_D - p->ppn_bits));
        }
    }
    return pte;
}

/* A broken pointer: V=0, reserved (D/A/U on a pointer), or beyond memory. */
static uint64_t broken_pointer(mmu_env *e)
{
    const mmu_env_knobs *k = &e->cfg.knobs;
    uint64_t beyond = (e->mem_size >> e->p.page_shift) + env_below(&e->rng, 16);
    unsigned tot = k->invalid_pte + k->reserved + k->bus_error + 1;
    uint64_t pick = env_below(&e->rng, tot);
    if (pick < k->invalid_pte) return invalid_pte(e);
    if (pick < k->invalid_pte + k->reserved && e->p.pte_format == MMU_PTE_RISCV) {
        static const unsigned rb[3] = { MMU_RV_U, MMU_RV_A, MMU_RV_D };  /* reserved on a pointer */
        return env_pt_ptr(e, env_pt_alloc_table(e), false) | (uint64_t)1 << rb[env_below(&e->rng, 3)];
    }
    if (beyond < ((uint64_t)1 << e->p.ppn_bits)) return env_pt_ptr(e, beyond, false);
    return invalid_pte(e);
}

/* ---- table frames ------------------------------------------------------------------------ */
static uint64_t frames_in_mem(const mmu_env *e) { return e->mem_size >> e->p.page_shift; }

uint64_t env_pt_alloc_table(mmu_env *e)
{
    if (e->tbl_next >= e->tbl_end) return e->tbl_end - 1;   /* exhausted: stim rebuilds first */
    return e->tbl_next++;
}

bool env_pt_tables_low(const mmu_env *e) { return e->tbl_end - e->tbl_next < 6 + e->p.levels * 2; }

/* Leaf tables in the write-protected window, until it is full (then an
 * ordinary table: a table is never shared by two VA ranges). */
static uint64_t alloc_wp_table(mmu_env *e)
{
    uint64_t lo = e->wp_lo >> e->p.page_shift, hi = e->wp_hi >> e->p.page_shift;
    if (e->wp_next < lo) e->wp_next = lo;
    if (e->wp_next >= hi) return env_pt_alloc_table(e);
    return e->wp_next++;
}

int env_pt_init(mmu_env *e, mmu_error *err)
{
    const mmu_profile *p = &e->p;
    uint64_t nf = frames_in_mem(e);
    if (p->pa_bits > 32) {
        e->wp_lo = 0x30000000ull;
        e->wp_hi = e->wp_lo + ((uint64_t)64 << p->page_shift);
    } else {
        e->wp_lo = (nf - nf / 8) << p->page_shift;
        e->wp_hi = nf << p->page_shift;
    }
    (void)err;
    return 0;
}

static void reset_tables(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    uint64_t nf = frames_in_mem(e);
    if (p->pa_bits > 32) {
        e->tbl_next = 0x10000;
        e->tbl_end = 0x10000 + 8192;
    } else {
        e->tbl_next = 1;
        e->tbl_end = nf - nf / 8;
    }
    if (e->pt) memset(e->pt, 0, e->pt_cap * sizeof *e->pt);     /* NULL before the first mapping */
    e->pt_used = 0;
    e->wp_next = 0;
}

/* ---- walking/building ------------------------------------------------------------------------ */
uint64_t env_va_canon(const mmu_env *e, uint64_t v)
{
    v &= e->va_mask;
    if (e->p.va_sign_extend && ((v >> (e->p.va_bits - 1)) & 1)) v |= ~e->va_mask;
    return v & e->va_port_mask;
}

static env_ptinfo info_for(const mmu_env *e, const env_as *as, uint64_t va, int level, bool global, bool leaf)
{
    env_ptinfo in;
    unsigned sh = e->p.page_shift + (unsigned)level * e->p.vpn_bits;
    in.asid = as ? as->asid : 0;
    in.global = global;
    in.leaf = leaf;
    in.va_lo = (va & e->va_mask) & ~mask(sh);
    in.va_hi = in.va_lo | mask(sh);
    return in;
}

static bool in_global_region(const mmu_env *e, uint64_t va)
{
    if (!e->n_gshared) return false;
    unsigned top = (unsigned)mmu_va_vpn(&e->p, va, (int)e->p.levels - 1);
    for (unsigned i = 0; i < e->n_gshared; i++)
        if (e->groot_slot[i] == top) return true;
    return false;
}

/* Address of the PTE for va at `level`, creating pointer tables on the way
 * when create (otherwise 0 when the path is not there). */
uint64_t env_pte_addr_of(mmu_env *e, const env_as *as, uint64_t va, int level, bool create, bool global)
{
    const mmu_profile *p = &e->p;
    uint64_t table = as->root_ppn;
    for (int l = (int)p->levels - 1; ; l--) {
        uint64_t addr = (table << p->page_shift) + mmu_va_vpn(p, va, l) * p->pte_bytes;
        if (l == level) return addr;
        uint64_t pte = env_mem_rd(e, addr);
        if (is_valid_pointer(e, pte, l) && (mmu_pte_ppn(p, pte) < frames_in_mem(e))) {
            table = mmu_pte_ppn(p, pte);
            continue;
        }
        if (!create) return 0;
        uint64_t t = (l - 1 == level && level == 0 &&
                      (e->force_wp || (e->cfg.knobs.wp && !e->directed && env_permille(&e->rng, e->cfg.knobs.wp))))
                         ? alloc_wp_table(e) : env_pt_alloc_table(e);
        env_ptinfo in = info_for(e, as, va, l, global, false);
        env_pt_write(e, addr, env_pt_ptr(e, t, global && l == (int)p->levels - 1), &in, l);
        table = t;
    }
}

uint64_t env_pt_map(mmu_env *e, env_as *as, uint64_t va, int level, uint64_t pte, bool global, bool live)
{
    (void)live;
    uint64_t addr = env_pte_addr_of(e, as, va, level, true, global);
    env_ptinfo in = info_for(e, as, va, level, global, true);
    env_pt_write(e, addr, pte, &in, level);
    return addr;
}

/* A random VA for a new mapping: clustered windows so the TLB sets fill. */
static uint64_t pick_map_va(mmu_env *e, unsigned as_idx, int level, bool global)
{
    const mmu_profile *p = &e->p;
    unsigned sh = p->page_shift + (unsigned)level * p->vpn_bits;
    uint64_t va;
    if (global) {
        unsigned slot = e->groot_slot[env_below(&e->rng, e->n_gshared)];
        unsigned top_sh = p->page_shift + (p->levels - 1) * p->vpn_bits;
        va = ((uint64_t)slot << top_sh) | (mmu_rng_next(&e->rng) & mask(top_sh) & mask(top_sh - 3));
    } else {
        uint64_t space = e->va_mask;
        /* stay out of the global region and keep a cluster per address space */
        uint64_t win = (uint64_t)(as_idx + 1) * 0x9E3779B97F4A7C15ull;
        uint64_t base = win & space;
        if (env_below(&e->rng, 4)) {
            uint64_t span = (uint64_t)p->tlb_sets * 4;
            va = base + (env_below(&e->rng, span) << p->page_shift);
        } else {
            va = mmu_rng_next(&e->rng);
        }
        va &= space;
        if (e->n_gshared) va &= mask(p->va_bits - 1) >> 1;     /* lower quarter: never a global slot */
    }
    return va & ~mask(sh) & e->va_mask;
}

static void add_page_as(env_page *list, unsigned *n, uint64_t va, int level, bool shared)
{
    unsigned i = *n < ENV_MAX_PAGES ? (*n)++ : (unsigned)((va >> 12) % ENV_MAX_PAGES);
    list[i].va = va;
    list[i].level = (uint8_t)level;
    list[i].shared = shared;
}
static void add_page(env_page *list, unsigned *n, uint64_t va, int level) { add_page_as(list, n, va, level, false); }

/* One new mapping (maybe faulty) in as; live = traffic is running. */
void env_pt_new_mapping(mmu_env *e, unsigned as_idx, bool global)
{
    const mmu_profile *p = &e->p;
    const mmu_env_knobs *k = &e->cfg.knobs;
    env_as *as = &e->as[as_idx];
    int level = 0;
    if (p->superpages && env_permille(&e->rng, k->superpage))
        level = 1 + (int)env_below(&e->rng, p->levels - 1);
    if (global && level == (int)p->levels - 1) level--;
    uint64_t va = pick_map_va(e, as_idx, level, global);
    if (global && !in_global_region(e, va)) return;
    if (!global && in_global_region(e, va)) return;
    /* a broken path above the leaf (pointer faults: invalid, reserved, bus error, NO_LEAF) */
    if (p->levels > 1 && env_permille(&e->rng, (k->invalid_pte + k->reserved + k->bus_error) / 3)) {
        int bl = level + 1 + (int)env_below(&e->rng, p->levels - 1 - (unsigned)level);
        if (bl == (int)p->levels - 1 && global) bl = level + 1;
        if (bl < (int)p->levels && !(global && bl == (int)p->levels - 1)) {
            uint64_t addr = env_pte_addr_of(e, as, va, bl, true, global);
            env_ptinfo in = info_for(e, as, va, bl, global, false);
            env_pt_write(e, addr, broken_pointer(e), &in, bl);
            add_page(global ? e->gpage : as->page, global ? &e->n_gpage : &as->npages, va, level);
            return;
        }
    }
    uint64_t pte;
    if (level == 0 && p->levels > 1 && p->pte_format == MMU_PTE_RISCV &&
        env_permille(&e->rng, k->reserved / 2 + 1))
        pte = env_pt_ptr(e, env_pt_alloc_table(e), false);           /* pointer at level 0: NO_LEAF */
    else
        pte = env_pt_random_leaf(e, level, global);
    env_pt_map(e, as, va, level, pte, global, e->live);
    add_page(global ? e->gpage : as->page, global ? &e->n_gpage : &as->npages, va, level);
}

/* The cross-ASID region (RISC-V, several address spaces): one root slot of
 * its own (below the global slots, above every other mapping), where the
 * same VA is mapped in several ASIDs so overlapping TLB entries of different
 * ASIDs meet in one set:
 *   - one 4K page mapped identically in every address space, G=1 in some
 *     and G=0 in others (legal: "failing to mark a global mapping as global
 *     merely reduces performance"), A=D=1 so no copy's A/D can differ;
 *   - a superpage in one address space and a 4K page inside it in another,
 *     both non-global (different translations: ASIDs keep them apart).
 * Its tables hold nothing else and the OS never rewrites them (a change in
 * one copy of a global mapping would make it differ between address spaces). */
void env_pt_cross_asid_mapping(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    if (p->pte_format != MMU_PTE_RISCV || p->levels < 2 || e->n_as < 2 || e->cross_next >= 64) return;
    unsigned top = p->page_shift + (p->levels - 1) * p->vpn_bits;
    unsigned sh1 = p->page_shift + p->vpn_bits;
    uint64_t slot_g = ((uint64_t)((1u << p->vpn_bits) / 2 - 1)) << top;   /* G copies      */
    uint64_t slot_p = ((uint64_t)((1u << p->vpn_bits) / 2 - 2)) << top;   /* superpage/4K  */
    /* fresh VAs only (a copy of a global mapping is never remapped): G copies
     * are pages 1..32 of one level-0 table; pairs: up to 8 superpages (one
     * when level 1 is the root), 4K pages inside them */
    unsigned k = e->cross_next++;
    bool sp = p->superpages && (k & 1);
    unsigned n = p->superpages ? k >> 1 : k, nsp = sh1 < top ? 8u : 1u;
    uint64_t va = sp ? slot_p | ((uint64_t)(n % nsp) << sh1) | ((uint64_t)(n / nsp + 1) << p->page_shift)
                     : slot_g | ((uint64_t)(n + 1) << p->page_shift);
    va &= e->va_mask;
    if (!sp) {
        uint64_t ppn = mmu_rng_next(&e->rng) & mask(p->ppn_bits);
        bool w = env_permille(&e->rng, 700), x = env_permille(&e->rng, 400), u = env_permille(&e->rng, 500);
        unsigned g_as = (unsigned)env_below(&e->rng, e->n_as);           /* at least one G, one not */
        unsigned ng_as = (g_as + 1 + (unsigned)env_below(&e->rng, e->n_as - 1)) % e->n_as;
        for (unsigned i = 0; i < e->n_as; i++) {
            bool g = i == g_as || (i != ng_as && (mmu_rng_next(&e->rng) & 1));
            env_pt_map(e, &e->as[i], va, 0, env_pt_leaf(e, ppn, true, w, x, u, g, true, true), false, e->live);
            add_page_as(e->as[i].page, &e->as[i].npages, env_va_canon(e, va), 0, true);
        }
    } else {
        unsigned a = (unsigned)env_below(&e->rng, e->n_as), b = (a + 1) % e->n_as;
        uint64_t base = va & ~mask(sh1);
        /* the superpage only once per slot (the first pair of the slot) */
        if (!env_pte_addr_of(e, &e->as[a], base, 0, false, false)) {
            env_pt_map(e, &e->as[a], base, 1, env_pt_random_leaf(e, 1, false), false, e->live);
            add_page_as(e->as[a].page, &e->as[a].npages, env_va_canon(e, base), 1, true);
        }
        if (!env_pte_addr_of(e, &e->as[b], base, 0, false, false) &&
            env_pte_addr_of(e, &e->as[b], base, 1, false, false) &&
            mmu_pte_valid(p, env_mem_rd(e, env_pte_addr_of(e, &e->as[b], base, 1, false, false))))
            return;                                        /* b holds a superpage there itself */
        env_pt_map(e, &e->as[b], va, 0, env_pt_random_leaf(e, 0, false), false, e->live);
        add_page_as(e->as[b].page, &e->as[b].npages, env_va_canon(e, va), 0, true);
    }
    e->st.cross_asid_maps++;
}

/* Hybrid: one linear table of leaves per segment. */
static void build_hybrid_tables(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    unsigned off_bits = p->va_bits - p->seg_sel_bits;
    unsigned hvpn = off_bits - p->page_shift;
    uint64_t entries = hvpn >= 7 ? 64 : ((uint64_t)1 << hvpn);
    uint64_t bytes = entries * p->pte_bytes;
    uint64_t frames = (bytes + ((uint64_t)1 << p->page_shift) - 1) >> p->page_shift;
    for (unsigned s = 0; s < p->seg_count; s++) {
        uint64_t f0 = env_pt_alloc_table(e);
        for (uint64_t i = 1; i < frames; i++) env_pt_alloc_table(e);
        e->hyb_table[s] = f0 << p->page_shift;
        e->hyb_pages[s] = (unsigned)entries;
        for (uint64_t i = 0; i < entries; i++) {
            uint64_t addr = e->hyb_table[s] + i * p->pte_bytes;
            env_ptinfo in;
            in.asid = 0;
            in.global = true;          /* hybrid entries take the current ASID: only a flush-all is sure */
            in.leaf = true;
            in.va_lo = ((uint64_t)s << off_bits) | (i << p->page_shift);
            in.va_hi = in.va_lo | mask(p->page_shift);
            env_pt_write(e, addr, env_pt_random_leaf(e, 0, false), &in, 0);
        }
    }
}

void env_pt_build_world(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    bool was_live = e->live;
    e->live = false;
    mmu_sparse_mem_free(e->mem);
    e->mem = mmu_sparse_mem_new(e->mem_size);
    env_mem_cache_clear(e);
    reset_tables(e);
    e->n_as = 1;
    if (p->asid_bits >= 2) e->n_as = 4;
    else if (p->asid_bits == 1) e->n_as = 2;
    uint32_t amax = (uint32_t)mask(p->asid_bits);
    uint32_t ids[4] = { 0, 1, ((uint32_t)1 << (p->asid_bits - 1)) | 1u, amax };
    for (unsigned i = 0; i < e->n_as; i++) {
        memset(&e->as[i], 0, sizeof e->as[i]);
        e->as[i].asid = ids[i] & amax;
        e->as[i].root_ppn = env_pt_alloc_table(e);
    }
    /* global region: the two highest root slots, shared tables, G=1 pointers */
    e->n_gshared = 0;
    e->cross_next = 0;
    e->n_gpage = 0;
    if (p->pte_format == MMU_PTE_RISCV && p->levels > 1) {
        e->n_gshared = 2;
        for (unsigned g = 0; g < 2; g++) {
            e->groot_slot[g] = (1u << p->vpn_bits) - 1 - g;
            e->gshared[g] = env_pt_alloc_table(e);
            for (unsigned i = 0; i < e->n_as; i++) {
                uint64_t addr = (e->as[i].root_ppn << p->page_shift) + (uint64_t)e->groot_slot[g] * p->pte_bytes;
                env_ptinfo in = info_for(e, &e->as[i], (uint64_t)e->groot_slot[g] << (p->page_shift + (p->levels - 1) * p->vpn_bits),
                                         (int)p->levels - 1, true, false);
                env_pt_write(e, addr, env_pt_ptr(e, e->gshared[g], true), &in, (int)p->levels - 1);
            }
        }
    }
    unsigned per_as = e->directed ? 0 : p->levels == 1 ? 12 : 28;   /* directed sequences map their own */
    for (unsigned i = 0; i < e->n_as; i++)
        for (unsigned n = 0; n < per_as && !env_pt_tables_low(e); n++) env_pt_new_mapping(e, i, false);
    for (unsigned n = 0; n < 10 && e->n_gshared && !e->directed && !env_pt_tables_low(e); n++)
        env_pt_new_mapping(e, 0, true);
    for (unsigned n = 0; n < 6 && !e->directed && !env_pt_tables_low(e); n++) env_pt_cross_asid_mapping(e);
    build_hybrid_tables(e);
    env_overlay_clear(e);
    e->recent_n = 0;
    e->live = was_live;
}
