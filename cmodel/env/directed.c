/* directed.c — directed sequences, one family per class of
 * shared/MMU-BUG-CLASSES.md that applies to this MMU (and a few for the
 * OSTEP modes). --stimulus directed:NAME runs one, directed:all runs them in
 * order. Every family starts from a rebuilt, empty world (no random
 * mappings), maps what it needs through steps that run in order, and checks
 * with explicit expectations (cause, PA, hit, PTE contents) on top of the arch
 * check and the A/D monitors that run on every translation.
 *
 *   sfence_walk_race      class 1: each SFENCE variant at each cycle of a walk
 *                         after its leaf read (incl. the refill cycle), and
 *                         back-to-back SFENCEs with different operands
 *   sfence_asid_global    class 2: 4 variants x global/non-global x ASID
 *                         match/mismatch x x0 / register holding 0
 *   misaligned_superpage  class 3: every level > 0 x every low PPN field x
 *                         fetch/load/store, A=D=0 under Svadu: fault, no write
 *   reserved_encodings    class 4: W&!R, W+X, D/A/U on pointers, Sv39 bits 63:54,
 *                         OSTEP reserved bits, at every level
 *   bus_errors            class 5: PTE read beyond memory at every level, A/D
 *                         CAS into the write-protected window
 *   perm_staleness        class 6: SUM/MXR/privilege/ADUE changes between two
 *                         accesses to the same page, no SFENCE (TLB hit path)
 *   ad_updates            class 7: load-filled D=0 entry hit by a store (Svadu
 *                         CAS / Svade fault), CAS races (restart), WP CAS
 *   superpage_flush       class 8: SFENCE by VA at first/middle/last 4K of every
 *                         superpage size, fragments in several sets, high half
 *   invalid_to_valid      class 9: invalid->valid without SFENCE, 4K then
 *                         superpage for the same VA (no duplicate hit)
 *   pte_store_access      class 10: PTE store then immediate access, with and
 *                         without SFENCE; page-crossing neighbour unmapped
 *   cross_asid_overlap    one VA global in one ASID and non-global in another
 *                         (same leaf), and a superpage in one ASID over a 4K
 *                         page of another: which entry hits, fill overlap,
 *                         flush by ASID/VA on each
 *   shared_tables         one PTE behind two ASIDs (one root) or two VA ranges
 *                         (one leaf table): a flush by the other ASID/VA leaves
 *                         the stale entry (a hit with the old PA, checked),
 *                         its own flush removes it (issue 15's shapes)
 *   regs_during_walk      register writes (MODE, STATUS, ASID, PTBASE alone,
 *                         segments, FLUSH_VA/FLUSH_ASID operands) at each
 *                         cycle of a walk; unsupported MODE values ignored
 *                         (without segmentation: the segment write becomes a
 *                         write of a mode the profile lacks, also ignored)
 *   hit_under_miss        docs/rtl.md "Hit under miss", one case per rule, each
 *                         under a walk slowed down (ST_MEM_SLOW): hits (and
 *                         hits that fault PRIV/PROT) answered before the
 *                         walking request, also after a STATUS write; a bare
 *                         answer likewise; a miss behind a miss, a miss to
 *                         the page being walked (then a hit) and a request
 *                         whose entry a flush removed during the walk
 *                         answered after it. expect_order: with id_bits = 0
 *                         every one of them must be answered in order instead
 *   hybrid_edges          hybrid bound edges, table beyond memory / PA space
 *   segment_edges         bounds, grows-negative edges, PA wrap and range
 * A profile without a feature skips what needs it: no Svadu, the ADUE=1 half
 * of ad_updates; no segmentation, hybrid_edges and segment_edges; the
 * OSTEP small PTE (no permissions), the faulting hits of hit_under_miss.
 */
#include "env_internal.h"

#include <string.h>

static uint64_t mask(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

typedef void (*family_fn)(mmu_env *e);
typedef struct { const char *name; family_fn fn; } family;

/* ---- step helpers ------------------------------------------------------------------------ */
static void note(mmu_env *e, const char *n) { env_push(e, ST_NOTE)->note = n; }
/* Nothing pending or outstanding, and the next step starts a cycle later (so a
 * request after a register write never shares its cycle: it would still see
 * the old values, docs/rtl.md). */
static void idle(mmu_env *e) { env_push(e, ST_WAIT_IDLE); env_push(e, ST_BARRIER); }
static void wait(mmu_env *e, unsigned n) { if (n) env_push(e, ST_WAIT)->a = n; }
static void barrier(mmu_env *e) { env_push(e, ST_BARRIER); }
static void reg(mmu_env *e, unsigned a, uint64_t v) { env_push_reg(e, a, v); }
static void flush_all(mmu_env *e) { env_push_flush(e, false, 0, false, 0); }

static env_step *req(mmu_env *e, uint64_t va, unsigned acc, unsigned priv)
{
    env_push_req(e, va, acc, priv);
    return &e->q[(e->q_head + e->q_count - 1) % e->q_cap];
}
static void req_expect(mmu_env *e, uint64_t va, unsigned acc, unsigned priv, int cause)
{
    req(e, va, acc, priv)->expect_cause = (int8_t)cause;
}
static void req_pa(mmu_env *e, uint64_t va, unsigned acc, unsigned priv, uint64_t pa)
{
    env_step *s = req(e, va, acc, priv);
    s->expect_cause = MMU_CAUSE_NONE;
    s->expect_pa_valid = true;
    s->expect_pa = pa & e->pa_mask;
}
/* The "hit" expectation: a walk (0) or a TLB hit (1), with the PA. */
static void req_pa_hit(mmu_env *e, uint64_t va, unsigned acc, unsigned priv, uint64_t pa, bool hit)
{
    env_step *s = req(e, va, acc, priv);
    s->expect_cause = MMU_CAUSE_NONE;
    s->expect_pa_valid = true;
    s->expect_pa = pa & e->pa_mask;
    s->expect_hit = hit;
}
static void map(mmu_env *e, unsigned as, uint64_t va, int level, uint64_t pte, bool global)
{
    env_step *s = env_push(e, ST_MAP);
    s->acc = (uint8_t)as; s->a = va; s->reg_addr = (unsigned)level; s->b = pte; s->priv = global;
}
static void pte_step(mmu_env *e, step_kind k, unsigned as, uint64_t va, int level, uint64_t v, const char *why)
{
    env_step *s = env_push(e, k);
    s->acc = (uint8_t)as; s->a = va; s->reg_addr = (unsigned)level; s->b = v; s->note = why;
}
static void use_as(mmu_env *e, unsigned as)
{
    env_push(e, ST_WAIT_REQFREE);
    reg(e, MMU_ENV_REG_ASID, e->as[as].asid);
    reg(e, MMU_ENV_REG_PTBASE, e->as[as].root_ppn);
    env_push(e, ST_SWITCH_AS)->acc = (uint8_t)as;
    barrier(e);
}

/* Fresh world, paging in address space 1 (ASID 1), Svadu, SUM=MXR=0. */
static unsigned d_as;          /* address space the family uses */
static uint64_t d_next;        /* next free VA slot (in 4K pages of the directed region) */
static void fresh(mmu_env *e, const char *name)
{
    idle(e);
    note(e, name);
    env_push(e, ST_REBUILD);
    d_as = e->n_as > 1 ? 1 : 0;
    use_as(e, d_as);
    reg(e, MMU_ENV_REG_STATUS, 4);
    reg(e, MMU_ENV_REG_MODE, MMU_MODE_PAGING);
    flush_all(e);
    barrier(e);
    d_next = 0;
}

static unsigned map_shift(const mmu_env *e, int level) { return e->p.page_shift + (unsigned)level * e->p.vpn_bits; }

/* A VA for a new mapping at level, never reused within the world. Non-global
 * directed VAs live in the lower half and never in a global root slot. */
static uint64_t fresh_va(mmu_env *e, int level)
{
    const mmu_profile *p = &e->p;
    unsigned sh = map_shift(e, level);
    uint64_t limit = (uint64_t)1 << (p->va_bits - (e->n_gshared ? 2 : 0));
    uint64_t va = ((d_next << p->page_shift) + mask(sh)) & ~mask(sh);
    if (va + ((uint64_t)1 << sh) > limit || va >= limit) {
        /* out of VA space (OSTEP geometries): start a new world */
        idle(e);
        env_push(e, ST_REBUILD);
        use_as(e, d_as);
        flush_all(e);
        barrier(e);
        va = 0;
    }
    d_next = (va + ((uint64_t)1 << sh)) >> p->page_shift;
    /* skip VA 0 pages: the x0-vs-zero tests use them explicitly */
    if (va == 0 && level == 0 && p->levels > 1) return fresh_va(e, level);
    return va;
}

/* A valid leaf: R W X (and U when user) A D, PPN chosen from k. */
static uint64_t ppn_for(const mmu_env *e, int level, uint64_t k)
{
    uint64_t ppn = (0x1234567ull * (k + 1) + 0x89ull) & mask(e->p.ppn_bits);
    return ppn & ~mask((unsigned)level * e->p.vpn_bits);
}
static uint64_t leaf(mmu_env *e, uint64_t ppn, bool user)
{
    return env_pt_leaf(e, ppn, true, true, true, user, false, true, true);
}
static uint64_t pa_of(const mmu_env *e, uint64_t ppn, int level, uint64_t va)
{
    unsigned sh = map_shift(e, level);
    return (((ppn << e->p.page_shift) & ~mask(sh)) | (va & mask(sh))) & e->pa_mask;
}

static bool riscv(const mmu_env *e) { return e->p.pte_format == MMU_PTE_RISCV; }
static bool has_ad(const mmu_env *e) { return e->p.pte_format != MMU_PTE_OSTEP_SMALL; }

/* ---- class 1 --------------------------------------------------------------------------- */
static void sfence_walk_race(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    fresh(e, "sfence_walk_race");
    unsigned walk = p->levels * (e->cfg.lat.b + 3) + 6;
    for (unsigned v = 0; v < 4; v++) {
        bool use_va = v & 1, use_asid = v & 2;
        for (unsigned k = 0; k <= walk; k++) {
            uint64_t va = fresh_va(e, 0) | 0x8;           /* +8 below stays in a 32-byte page */
            uint64_t p1 = ppn_for(e, 0, k * 4 + v), p2 = ppn_for(e, 0, 1000 + k * 4 + v);
            map(e, d_as, va & ~mask(p->page_shift), 0, leaf(e, p1, false), false);
            idle(e);
            req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
            env_push(e, ST_WAIT_MEMRSP)->a = p->levels;        /* the walk has read the leaf */
            pte_step(e, ST_PTE, d_as, va, 0, leaf(e, p2, false), NULL);
            wait(e, k);
            env_push_flush(e, use_va, va, use_asid, e->as[d_as].asid);
            idle(e);
            req_pa_hit(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p2, 0, va), false);   /* the flush covered it */
            req_pa_hit(e, va + 8, MMU_ACC_FETCH, MMU_PRIV_SUPERVISOR, pa_of(e, p2, 0, va + 8), true);
        }
    }
    /* back-to-back SFENCEs with different operands: both must take effect */
    for (unsigned k = 0; k < 4; k++) {
        uint64_t a = fresh_va(e, 0), b = fresh_va(e, 0);
        map(e, d_as, a, 0, leaf(e, ppn_for(e, 0, 50 + k), false), false);
        map(e, d_as, b, 0, leaf(e, ppn_for(e, 0, 60 + k), false), false);
        idle(e);
        req(e, a, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
        req(e, b, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
        idle(e);
        pte_step(e, ST_PTE, d_as, a, 0, leaf(e, ppn_for(e, 0, 70 + k), false), NULL);
        pte_step(e, ST_PTE, d_as, b, 0, leaf(e, ppn_for(e, 0, 80 + k), false), NULL);
        reg(e, MMU_ENV_REG_FLUSH_VA, a);
        reg(e, MMU_ENV_REG_FLUSH_ASID, e->as[d_as].asid);
        reg(e, MMU_ENV_REG_FLUSH, 1 | (k & 1) << 1);
        reg(e, MMU_ENV_REG_FLUSH_VA, b);
        reg(e, MMU_ENV_REG_FLUSH, 1 | (k & 2));
        idle(e);
        req_pa(e, a, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, ppn_for(e, 0, 70 + k), 0, a));
        req_pa(e, b, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, ppn_for(e, 0, 80 + k), 0, b));
    }
    idle(e);
    flush_all(e);
}

/* ---- class 2 --------------------------------------------------------------------------- */
static void sfence_asid_global(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    fresh(e, "sfence_asid_global");
    unsigned n = 0;
    for (unsigned c = 0; c < 32; c++) {
        bool use_va = c & 1, use_asid = c & 2, global = c & 4, match = c & 8, zero = c & 16;
        if (global && !e->n_gshared) continue;
        unsigned as = (zero && use_asid) ? (match ? 0 : d_as) : d_as;
        uint64_t fasid = (zero && use_asid) ? 0 : match ? e->as[as].asid : e->as[2 % e->n_as].asid;
        if (!(zero && use_asid) && !match && fasid == e->as[as].asid) fasid = e->as[as].asid ^ 1;
        uint64_t va;
        if (global) {
            unsigned top = map_shift(e, (int)p->levels - 1);
            va = ((uint64_t)e->groot_slot[0] << top) | ((uint64_t)(++n % 64) << p->page_shift);
        } else if (zero && use_va) {
            va = 0;
        } else {
            va = fresh_va(e, 0);
        }
        uint64_t fva = (zero && use_va) ? 0 : match ? va + 0x10 : va + ((uint64_t)1 << p->page_shift);
        if (zero && use_va && !match) va = (uint64_t)1 << p->page_shift;     /* VA 0 flushed, page 1 mapped */
        if (zero && use_va && global) continue;
        uint64_t p1 = ppn_for(e, 0, 100 + c), p2 = ppn_for(e, 0, 200 + c);
        bool covered = (!use_va || match) && (!use_asid || (!global && match));
        note(e, "sfence_asid_global case");
        use_as(e, as);
        map(e, as, va, 0, env_pt_leaf(e, p1, true, true, true, false, global, true, true), global);
        flush_all(e);
        idle(e);
        uint64_t cva = env_va_canon(e, va);
        req_pa_hit(e, cva, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p1, 0, cva), false);
        idle(e);
        pte_step(e, ST_PTE, as, va, 0, env_pt_leaf(e, p2, true, true, true, false, global, true, true), NULL);
        env_push_flush(e, use_va, env_va_canon(e, fva), use_asid, fasid);
        idle(e);
        if (covered) req_pa_hit(e, cva, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p2, 0, cva), false);
        else if (p->flush_exact)       /* not covered: the entry stays (old PA, legal until covered) */
            req_pa_hit(e, cva, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p1, 0, cva), true);
        else req(e, cva, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);        /* every flush empties the TLB */
        idle(e);
        flush_all(e);
        /* the other address space must not see a non-global mapping */
        if (!global && e->n_as > 2) {
            use_as(e, 2);
            req(e, cva, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
            idle(e);
            use_as(e, d_as);
        }
    }
    use_as(e, d_as);
}

/* ---- class 3 --------------------------------------------------------------------------- */
static void misaligned_superpage(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    if (!p->superpages) return;
    fresh(e, "misaligned_superpage");
    for (int l = 1; l < (int)p->levels; l++)
        for (int f = 0; f < l; f++)
            for (unsigned acc = 0; acc < 3; acc++) {
                uint64_t va = fresh_va(e, l) | 0x123;
                uint64_t ppn = ppn_for(e, l, (unsigned)(l * 10 + f)) | ((uint64_t)1 << (f * (int)p->vpn_bits));
                uint64_t pte = env_pt_leaf(e, ppn, true, true, true, false, false, false, false);  /* A=D=0 */
                map(e, d_as, va & ~mask(map_shift(e, l)), l, pte, false);
                idle(e);
                req_expect(e, va, acc, MMU_PRIV_SUPERVISOR, MMU_CAUSE_MISALIGNED);
                idle(e);
                pte_step(e, ST_EXPECT_PTE, d_as, va, l, pte, "a misaligned superpage PTE must never be written");
            }
}

/* ---- class 4 --------------------------------------------------------------------------- */
static void reserved_encodings(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    if (p->pte_format == MMU_PTE_OSTEP_SMALL) return;
    fresh(e, "reserved_encodings");
    if (p->pte_format == MMU_PTE_OSTEP_LINEAR) {
        for (unsigned b = p->ppn_bits; b < MMU_OL_D; b++) {
            uint64_t va = fresh_va(e, 0);
            map(e, d_as, va, 0, leaf(e, ppn_for(e, 0, b), true) | (uint64_t)1 << b, false);
            idle(e);
            req_expect(e, va, MMU_ACC_LOAD, MMU_PRIV_USER, MMU_CAUSE_PTE_RESERVED);
        }
        return;
    }
    unsigned top = MMU_RV_PPN_LSB + p->ppn_bits;
    for (int l = 0; l < (int)p->levels; l++) {
        int leaf_level = p->superpages ? l : 0;
        /* leaves: W=1 R=0 (X=0 and X=1), and every bit above the PPN */
        uint64_t bad[16];
        unsigned nb = 0;
        bad[nb++] = (env_pt_leaf(e, ppn_for(e, l, 1), true, true, false, false, false, true, true) & ~(uint64_t)2);
        bad[nb++] = (env_pt_leaf(e, ppn_for(e, l, 2), true, true, true, false, false, true, true) & ~(uint64_t)2);
        for (unsigned b = top; b < p->pte_bytes * 8u && nb < 16; b++)
            bad[nb++] = leaf(e, ppn_for(e, l, b), false) | (uint64_t)1 << b;
        if (leaf_level == l)
            for (unsigned i = 0; i < nb; i++) {
                uint64_t va = fresh_va(e, l);
                map(e, d_as, va, l, bad[i], false);
                idle(e);
                req_expect(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, MMU_CAUSE_PTE_RESERVED);
            }
        /* pointers with D, A or U set, or a bit above the PPN: the whole range
         * under that pointer belongs to this test (fresh_va at level l) */
        if (l > 0) {
            uint64_t pb[4] = { 1u << MMU_RV_D, 1u << MMU_RV_A, 1u << MMU_RV_U, 0 };
            unsigned np = 3;
            if (top < p->pte_bytes * 8u) pb[np++] = (uint64_t)1 << top;
            for (unsigned i = 0; i < np; i++) {
                uint64_t va = fresh_va(e, l);
                map(e, d_as, va, 0, leaf(e, ppn_for(e, 0, i), false), false);   /* builds the pointer path */
                idle(e);
                pte_step(e, ST_PTE_OR, d_as, va, l, pb[i], NULL);
                req_expect(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, MMU_CAUSE_PTE_RESERVED);
                idle(e);
                flush_all(e);
            }
        }
    }
    /* pointer at level 0: NO_LEAF */
    if (p->levels > 1) {
        uint64_t va = fresh_va(e, 0);
        map(e, d_as, va, 0, env_pt_ptr(e, ppn_for(e, 0, 7), false), false);
        idle(e);
        req_expect(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, MMU_CAUSE_NO_LEAF);
    }
}

/* ---- class 5 (bus errors) --------------------------------------------------------------- */
static void bus_errors(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    fresh(e, "bus_errors");
    uint64_t beyond = e->mem_size >> p->page_shift;
    /* a pointer at level l into non-existent memory: the read at level l-1 errors */
    for (int l = 1; l < (int)p->levels; l++) {
        if (beyond >= ((uint64_t)1 << p->ppn_bits)) break;
        uint64_t va = fresh_va(e, l);
        map(e, d_as, va, l, env_pt_ptr(e, beyond + (uint64_t)l, false), false);
        idle(e);
        for (unsigned acc = 0; acc < 3; acc++) req_expect(e, va + 0x40, acc, MMU_PRIV_SUPERVISOR, MMU_CAUSE_ACCESS);
    }
    /* the root itself beyond memory */
    if (beyond < ((uint64_t)1 << p->ppn_bits)) {
        idle(e);
        reg(e, MMU_ENV_REG_PTBASE, beyond);
        barrier(e);
        req_expect(e, 0x40, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, MMU_CAUSE_ACCESS);
        idle(e);
        use_as(e, d_as);
        flush_all(e);
    }
}

/* ---- class 6 --------------------------------------------------------------------------- */
static void perm_staleness(mmu_env *e)
{
    if (e->p.pte_format == MMU_PTE_OSTEP_SMALL) return;
    fresh(e, "perm_staleness");
    static const uint8_t rwx[] = { 1, 3, 5, 7, 4 };      /* R, RW, RX, RWX, X (bit0 R, bit1 W, bit2 X) */
    for (unsigned u = 0; u < 2; u++)
        for (unsigned i = 0; i < sizeof rwx; i++) {
            bool r = rwx[i] & 1, w = rwx[i] & 2, x = rwx[i] & 4;
            if (!riscv(e) && !r) continue;          /* OSTEP linear: always readable */
            uint64_t va = fresh_va(e, 0) | 0x20;
            map(e, d_as, va & ~mask(e->p.page_shift), 0,
                env_pt_leaf(e, ppn_for(e, 0, u * 8 + i), r, w, x, u, false, true, true), false);
            /* fill with an access that succeeds, then every status x priv x access as TLB hits */
            idle(e);
            reg(e, MMU_ENV_REG_STATUS, 4 | 1 | 2);
            barrier(e);
            req(e, va, x ? MMU_ACC_FETCH : MMU_ACC_LOAD, u ? MMU_PRIV_USER : MMU_PRIV_SUPERVISOR);
            for (unsigned st = 0; st < 8; st++) {
                reg(e, MMU_ENV_REG_STATUS, st);           /* SUM, MXR, ADUE: no SFENCE */
                for (unsigned pr = 0; pr < 2; pr++)
                    for (unsigned acc = 0; acc < 3; acc++) req(e, va + acc * 8, acc, pr);
            }
            idle(e);
        }
    reg(e, MMU_ENV_REG_STATUS, 4);
}

/* ---- class 7 --------------------------------------------------------------------------- */
static void ad_updates(mmu_env *e)
{
    if (!has_ad(e)) return;
    const mmu_profile *p = &e->p;
    fresh(e, "ad_updates");
    for (unsigned adue = 0; adue < 2; adue++) {
        if (adue && !p->svadu) continue;             /* no Svadu: ADUE reads 0, Svade only */
        idle(e);
        reg(e, MMU_ENV_REG_STATUS, adue ? 4 : 0);
        barrier(e);
        for (unsigned k = 0; k < 4; k++) {
            uint64_t va = fresh_va(e, 0) | 0x40;
            uint64_t ppn = ppn_for(e, 0, 300 + k);
            uint64_t pte0 = env_pt_leaf(e, ppn, true, true, true, false, false, false, false);
            uint64_t pte_a = mmu_pte_with_ad(p, pte0, MMU_ACC_LOAD);
            uint64_t pte_ad = mmu_pte_with_ad(p, pte0, MMU_ACC_STORE);
            map(e, d_as, va & ~mask(p->page_shift), 0, adue ? pte0 : pte_a, false);
            idle(e);
            /* load: Svadu sets A only (D must not be set speculatively); Svade needs A already */
            req_pa(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, ppn, 0, va));
            idle(e);
            pte_step(e, ST_EXPECT_PTE, d_as, va, 0, pte_a, "a load sets A, never D");
            /* store hits the D=0 entry the load filled: Svadu CAS sets D, Svade faults */
            if (adue) req_pa(e, va, MMU_ACC_STORE, MMU_PRIV_SUPERVISOR, pa_of(e, ppn, 0, va));
            else req_expect(e, va, MMU_ACC_STORE, MMU_PRIV_SUPERVISOR, MMU_CAUSE_AD);
            idle(e);
            pte_step(e, ST_EXPECT_PTE, d_as, va, 0, adue ? pte_ad : pte_a, "store: D set by CAS (Svadu) / untouched (Svade)");
            req(e, va, MMU_ACC_STORE, MMU_PRIV_SUPERVISOR);
            if (!adue) {
                uint64_t vb = fresh_va(e, 0);
                map(e, d_as, vb, 0, pte0, false);
                idle(e);
                for (unsigned acc = 0; acc < 3; acc++) req_expect(e, vb, acc, MMU_PRIV_SUPERVISOR, MMU_CAUSE_AD);
            }
        }
        /* Superpage leaves (classes 3 and 7): Svade faults AD at the leaf's level;
         * Svadu sets A and D in the superpage PTE itself. */
        for (int lvl = 1; riscv(e) && p->superpages && lvl < (int)p->levels; lvl++) {
            uint64_t va = fresh_va(e, lvl) | 0x40;
            uint64_t ppn = ppn_for(e, lvl, 700 + (uint64_t)lvl);
            uint64_t pte0 = env_pt_leaf(e, ppn, true, true, true, false, false, false, false);
            map(e, d_as, va & ~mask(map_shift(e, lvl)), lvl, pte0, false);
            idle(e);
            if (adue) {
                req_pa(e, va, MMU_ACC_STORE, MMU_PRIV_SUPERVISOR, pa_of(e, ppn, lvl, va));
                idle(e);
                pte_step(e, ST_EXPECT_PTE, d_as, va, lvl, mmu_pte_with_ad(p, pte0, MMU_ACC_STORE),
                         "a store to a superpage sets its A and D");
            } else {
                for (unsigned acc = 0; acc < 3; acc++) req_expect(e, va, acc, MMU_PRIV_SUPERVISOR, MMU_CAUSE_AD);
            }
            idle(e);
        }
        if (!adue) continue;
        /* CAS races: the PTE changes between the walker's read and its CAS */
        for (unsigned k = 0; k < 4; k++) {
            uint64_t va = fresh_va(e, 0);
            uint64_t p1 = ppn_for(e, 0, 400 + k), p2 = ppn_for(e, 0, 500 + k);
            uint64_t pte0 = env_pt_leaf(e, p1, true, true, true, false, false, false, false);
            map(e, d_as, va, 0, pte0, false);
            idle(e);
            uint64_t newv;
            int cause = MMU_CAUSE_NONE;
            switch (k) {
            case 0: newv = env_pt_leaf(e, p2, true, true, true, false, false, false, false); break; /* remapped */
            case 1: newv = mmu_pte_with_ad(p, pte0, MMU_ACC_LOAD); break;                          /* A set by another agent */
            case 2: newv = pte0 & ~(uint64_t)(riscv(e) ? 1 : (uint64_t)1 << MMU_OL_V); cause = MMU_CAUSE_PTE_INVALID; break;
            default: newv = env_pt_leaf(e, p1, true, false, false, false, false, false, false); cause = MMU_CAUSE_PROT; break;
            }
            pte_step(e, ST_RACE_PTE, d_as, va, 0, newv, NULL);
            if (cause == MMU_CAUSE_NONE) req_pa(e, va, MMU_ACC_STORE, MMU_PRIV_SUPERVISOR, pa_of(e, k ? p1 : p2, 0, va));
            else req_expect(e, va, MMU_ACC_STORE, MMU_PRIV_SUPERVISOR, cause);
            idle(e);
            env_push_flush(e, true, va, false, 0);
        }
        /* CAS into the write-protected window: ACCESS at the leaf level, PTE unchanged */
        for (unsigned acc = 0; acc < 3 && p->levels > 1; acc++) {
            uint64_t va = fresh_va(e, 1);          /* a new leaf table, so it can be a WP one */
            uint64_t pte0 = env_pt_leaf(e, ppn_for(e, 0, 600 + acc), true, true, true, false, false, false, false);
            map(e, d_as, va, 0, pte0, false);
            e->q[(e->q_head + e->q_count - 1) % e->q_cap].flags = 1;       /* leaf table in the WP window */
            idle(e);
            req_expect(e, va, acc, MMU_PRIV_SUPERVISOR, MMU_CAUSE_ACCESS);
            idle(e);
            pte_step(e, ST_EXPECT_PTE, d_as, va, 0, pte0, "a CAS that bus-errors must not write");
        }
    }
    reg(e, MMU_ENV_REG_STATUS, 4);
}

/* ---- class 8 --------------------------------------------------------------------------- */
static void superpage_flush(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    if (!p->superpages) return;
    fresh(e, "superpage_flush");
    for (int l = 1; l < (int)p->levels; l++)
        for (unsigned where = 0; where < 3; where++)
            for (unsigned g = 0; g < (e->n_gshared && l < (int)p->levels - 1 ? 2u : 1u); g++) {
                unsigned sh = map_shift(e, l);
                uint64_t base;
                if (g) {
                    unsigned top = map_shift(e, (int)p->levels - 1);
                    base = ((uint64_t)e->groot_slot[1] << top) | ((uint64_t)(where + 1) << sh);
                } else {
                    base = fresh_va(e, l);
                }
                uint64_t pg = (uint64_t)1 << p->page_shift, size = (uint64_t)1 << sh;
                uint64_t at[3] = { base + 0x10, base + size / 2 + 3 * pg + 0x20, base + size - pg + 0x30 };
                uint64_t p1 = ppn_for(e, l, 600 + (unsigned)l * 8 + where), p2 = ppn_for(e, l, 700 + (unsigned)l * 8 + where);
                map(e, d_as, base, l, env_pt_leaf(e, p1, true, true, true, false, g, true, true), g);
                idle(e);
                for (unsigned i = 0; i < 3; i++) {
                    uint64_t v = env_va_canon(e, at[i]), w = i == 2 ? v - pg : v + pg;   /* w: another set */
                    req_pa(e, v, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p1, l, v));
                    req_pa(e, w, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p1, l, w));
                }
                idle(e);
                pte_step(e, ST_PTE, d_as, base, l, env_pt_leaf(e, p2, true, true, true, false, g, true, true), NULL);
                env_push_flush(e, true, env_va_canon(e, at[where]), !g && (where & 1), e->as[d_as].asid);
                idle(e);
                for (unsigned i = 0; i < 3; i++) {
                    uint64_t v = env_va_canon(e, at[i]), w = i == 2 ? v - pg : v + pg;
                    req_pa(e, v, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p2, l, v));
                    req_pa(e, w, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p2, l, w));
                }
                idle(e);
                flush_all(e);
            }
}

/* ---- class 9 --------------------------------------------------------------------------- */
static void invalid_to_valid(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    fresh(e, "invalid_to_valid");
    for (unsigned k = 0; k < 4; k++) {
        uint64_t va = fresh_va(e, 0);
        uint64_t ppn = ppn_for(e, 0, 800 + k);
        map(e, d_as, va, 0, env_pt_leaf(e, ppn, true, true, true, false, false, true, true) &
                                ~(uint64_t)(riscv(e) ? 1 : p->pte_format == MMU_PTE_OSTEP_LINEAR ? (uint64_t)1 << MMU_OL_V
                                                                                                 : (uint64_t)1 << MMU_OS_V), false);
        idle(e);
        req_expect(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, MMU_CAUSE_PTE_INVALID);
        idle(e);
        pte_step(e, ST_PTE, d_as, va, 0, leaf(e, ppn, false), NULL);
        req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);                  /* old fault or new: both legal */
        idle(e);
        if (k & 1) env_push_flush(e, true, va, false, 0);
        else flush_all(e);
        idle(e);
        req_pa(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, ppn, 0, va));
    }
    /* a 4K entry, then the level-1 pointer above it becomes a superpage: never two hits */
    if (p->superpages) {
        for (unsigned k = 0; k < 3; k++) {
            uint64_t base = fresh_va(e, 1);
            uint64_t x = base + ((uint64_t)(k + 1) << p->page_shift);
            uint64_t y = x + ((uint64_t)p->tlb_sets << p->page_shift);      /* same TLB set as x */
            uint64_t p4 = ppn_for(e, 0, 900 + k), ps = ppn_for(e, 1, 950 + k);
            map(e, d_as, x, 0, leaf(e, p4, false), false);
            idle(e);
            req_pa(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p4, 0, x));
            idle(e);
            pte_step(e, ST_PTE, d_as, base, 1, leaf(e, ps, false), NULL);
            /* with a page-walk cache the walk of y may still use the level-1
             * pointer that was rewritten without an SFENCE (RISC-V allows it):
             * the arch check decides, no expectation */
            if (p->pwc_entries) req(e, y, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
            else req_pa(e, y, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, ps, 1, y));
            req(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);                  /* 4K or superpage, never both */
            req(e, x + 8, MMU_ACC_STORE, MMU_PRIV_SUPERVISOR);
            idle(e);
            flush_all(e);
            idle(e);
            req_pa(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, ps, 1, x));
        }
    }
}

/* ---- class 10 -------------------------------------------------------------------------- */
static void pte_store_access(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    fresh(e, "pte_store_access");
    for (unsigned k = 0; k < 6; k++) {
        uint64_t va = fresh_va(e, 0);
        uint64_t p1 = ppn_for(e, 0, 1100 + k), p2 = ppn_for(e, 0, 1200 + k);
        map(e, d_as, va, 0, leaf(e, p1, false), false);
        idle(e);
        req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
        idle(e);
        pte_step(e, ST_PTE, d_as, va, 0, leaf(e, p2, false), NULL);       /* store to the PTE ... */
        if (k & 1) {
            env_push_flush(e, true, va, false, 0);                         /* ... SFENCE ... */
            idle(e);
            req_pa(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p2, 0, va));
        } else {
            req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);                 /* ... immediate access: either */
        }
        idle(e);
        flush_all(e);
    }
    /* the last bytes of a mapped page, then the first of the unmapped next page */
    uint64_t va = fresh_va(e, 0);
    map(e, d_as, va, 0, leaf(e, ppn_for(e, 0, 1300), false), false);
    idle(e);
    uint64_t end = va + ((uint64_t)1 << p->page_shift);
    req_pa(e, end - 1, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, ppn_for(e, 0, 1300), 0, end - 1));
    req(e, end, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
    fresh_va(e, 0);
}

/* ---- stale entries across shared page tables ------------------------------------------- */
static uint64_t invalid_of(const mmu_env *e, uint64_t pte)
{
    switch (e->p.pte_format) {
    case MMU_PTE_RISCV: return pte & ~(uint64_t)1;
    case MMU_PTE_OSTEP_LINEAR: return pte & ~((uint64_t)1 << MMU_OL_V);
    default: return pte & ~((uint64_t)1 << MMU_OS_V);
    }
}
/* A request whose entry no flush covered: the old PA from a hit (the TLB is
 * never flushed implicitly); with FLUSH_EXACT = 0 every flush empties it, so
 * only the arch check decides. */
static void req_stale(mmu_env *e, uint64_t va, uint64_t pa)
{
    if (!e->p.flush_exact) { req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR); return; }
    env_step *s = req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
    s->expect_cause = MMU_CAUSE_NONE;
    s->expect_hit = 1;
    s->expect_pa_valid = true;
    s->expect_pa = pa & e->pa_mask;
}

/* One PTE write changes what several ASIDs or VAs translate to (OSes share
 * tables; small profiles reuse frames): a flush covers an entry by its own
 * VA/ASID only, so the other entries may keep the old translation until their
 * own flush (the shapes of issue 15's divergences), and then must not. */
static void shared_tables(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    uint64_t pm = mask(p->page_shift);
    fresh(e, "shared_tables");
    /* (1) two ASIDs on one root: the write is named through ASID a, the
     * flush names a (or a and the VA); ASID b keeps its entry until its own */
    if (e->n_as > 1) {
        unsigned a = d_as, b = (d_as + 1) % e->n_as;
        for (unsigned c = 0; c < 4; c++) {
            bool inval = c & 1, by_va = c & 2;
            uint64_t va = fresh_va(e, 0) | 0x10;
            uint64_t p1 = ppn_for(e, 0, 2000 + c), p2 = ppn_for(e, 0, 2100 + c);
            note(e, "shared_tables: one root, two ASIDs");
            map(e, a, va & ~pm, 0, leaf(e, p1, false), false);
            idle(e);
            req_pa(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p1, 0, va));
            idle(e);
            reg(e, MMU_ENV_REG_ASID, e->as[b].asid);
            reg(e, MMU_ENV_REG_PTBASE, e->as[a].root_ppn);
            barrier(e);
            req_pa(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p1, 0, va));
            idle(e);
            pte_step(e, ST_PTE, a, va & ~pm, 0, inval ? invalid_of(e, leaf(e, p1, false)) : leaf(e, p2, false), NULL);
            env_push_flush(e, by_va, va, true, e->as[a].asid);
            idle(e);
            req_stale(e, va, pa_of(e, p1, 0, va));
            idle(e);
            env_push_flush(e, by_va, va, true, e->as[b].asid);
            idle(e);
            if (inval) req_expect(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, MMU_CAUSE_PTE_INVALID);
            else req_pa(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p2, 0, va));
            idle(e);
            use_as(e, a);
            flush_all(e);
        }
    }
    /* (2) one leaf table under two VA ranges: a flush by the VA the write was
     * meant for leaves the other VA's entry */
    if (p->levels > 1)
        for (unsigned c = 0; c < 4; c++) {
            bool inval = c & 1, with_asid = c & 2;
            uint64_t off = ((uint64_t)(1 + c) << p->page_shift) | 0x8;
            uint64_t r1 = fresh_va(e, 1), r2 = fresh_va(e, 1);
            uint64_t v1 = env_va_canon(e, r1 + off), v2 = env_va_canon(e, r2 + off);
            uint64_t p1 = ppn_for(e, 0, 2200 + c), p2 = ppn_for(e, 0, 2300 + c);
            note(e, "shared_tables: one leaf table, two VA ranges");
            map(e, d_as, r1 + (off & ~pm), 0, leaf(e, p1, false), false);
            env_step *s = env_push(e, ST_ALIAS);
            s->acc = (uint8_t)d_as; s->a = r1 + (off & ~pm); s->b = r2; s->reg_addr = 0;
            flush_all(e);
            idle(e);
            req_pa(e, v1, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p1, 0, v1));
            req_pa(e, v2, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p1, 0, v2));
            idle(e);
            pte_step(e, ST_PTE, d_as, r1 + (off & ~pm), 0, inval ? invalid_of(e, leaf(e, p1, false)) : leaf(e, p2, false), NULL);
            env_push_flush(e, true, v1, with_asid, e->as[d_as].asid);
            idle(e);
            req_stale(e, v2, pa_of(e, p1, 0, v2));
            if (inval) req_expect(e, v1, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, MMU_CAUSE_PTE_INVALID);
            else req_pa(e, v1, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p2, 0, v1));
            idle(e);
            env_push_flush(e, true, v2, with_asid, e->as[d_as].asid);
            idle(e);
            if (inval) req_expect(e, v2, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, MMU_CAUSE_PTE_INVALID);
            else req_pa(e, v2, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, p2, 0, v2));
            idle(e);
            flush_all(e);
        }
}

/* ---- overlapping entries of different ASIDs ------------------------------------------- */
static void cross_asid_overlap(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    if (e->n_as < 2 || p->levels < 2) return;
    fresh(e, "cross_asid_overlap");
    unsigned a = d_as, b = (d_as + 1) % e->n_as;
    uint64_t asid_a = e->as[a].asid, asid_b = e->as[b].asid;
    if (riscv(e)) {
        /* (1) the same leaf, G=1 under ASID a, G=0 under ASID b */
        uint64_t x = fresh_va(e, 0) | 0x18, pg = x & ~mask(p->page_shift), ppn = ppn_for(e, 0, 2400);
        uint64_t pa = pa_of(e, ppn, 0, x);
        note(e, "cross_asid_overlap: global and non-global copies of one mapping");
        map(e, a, pg, 0, env_pt_leaf(e, ppn, true, true, false, false, true, true, true), false);
        map(e, b, pg, 0, env_pt_leaf(e, ppn, true, true, false, false, false, true, true), false);
        flush_all(e);
        use_as(e, a);
        req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa, false);      /* fills the global entry */
        idle(e);
        use_as(e, b);
        req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa, true);       /* G matches any ASID */
        idle(e);
        if (p->flush_exact) {
            env_push_flush(e, false, 0, true, asid_b);                      /* by ASID: keeps globals */
            idle(e);
            req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa, true);
            idle(e);
            env_push_flush(e, true, x, true, asid_b);                       /* by VA+ASID: keeps globals */
            idle(e);
            req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa, true);
            idle(e);
        }
        env_push_flush(e, true, x, false, 0);                               /* by VA: every ASID */
        idle(e);
        req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa, false);     /* fills b's non-global entry */
        req_pa_hit(e, x + 8, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa + 8, true);
        idle(e);
        use_as(e, a);
        req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa, false);     /* b's entry is not a's */
        idle(e);
        use_as(e, b);                                                       /* the global fill replaced it */
        req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa, true);
        idle(e);
        flush_all(e);
    }
    if (p->superpages) {
        /* (2) a superpage under ASID a over a 4K page of ASID b (non-global) */
        uint64_t base = fresh_va(e, 1), x = base + ((uint64_t)3 << p->page_shift) + 0x20;
        uint64_t sp = ppn_for(e, 1, 2500), pg4 = ppn_for(e, 0, 2501);
        uint64_t pa_a = pa_of(e, sp, 1, x), pa_b = pa_of(e, pg4, 0, x);
        note(e, "cross_asid_overlap: superpage of one ASID over a 4K page of another");
        map(e, a, base, 1, leaf(e, sp, false), false);
        map(e, b, x & ~mask(p->page_shift), 0, leaf(e, pg4, false), false);
        flush_all(e);
        use_as(e, a);
        req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_a, false);
        idle(e);
        use_as(e, b);
        req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_b, false);   /* a's superpage is not b's */
        idle(e);
        use_as(e, a);
        req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_a, true);    /* both kept: no overlap */
        idle(e);
        use_as(e, b);
        req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_b, true);
        idle(e);
        if (p->flush_exact) {
            env_push_flush(e, false, 0, true, asid_a);                      /* only a's superpage goes */
            idle(e);
            req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_b, true);
            idle(e);
            use_as(e, a);
            req_pa_hit(e, x, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_a, false);
            idle(e);
        }
        flush_all(e);
    }
    use_as(e, d_as);
}

/* ---- register writes during walks ------------------------------------------------------ */
static void regs_during_walk(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    fresh(e, "regs_during_walk");
    unsigned walk = p->levels * (e->cfg.lat.b + 3) + 4;
    for (unsigned what = 0; what < 8; what++)
        for (unsigned k = 0; k <= walk; k++) {
            uint64_t va = fresh_va(e, 0);
            map(e, d_as, va, 0, leaf(e, ppn_for(e, 0, 1400 + what * 64 + k), what < 6), false);
            idle(e);
            req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
            wait(e, k);
            switch (what) {
            case 0: reg(e, MMU_ENV_REG_STATUS, 4 | 1); break;                 /* SUM on mid-walk */
            case 1: reg(e, MMU_ENV_REG_MODE, MMU_MODE_COUNT + k % 3); break;  /* unsupported: ignored */
            case 2:
                if (p->segmentation) reg(e, MMU_ENV_REG_SEG_BASE + 1, k);      /* unused here */
                else reg(e, MMU_ENV_REG_MODE, k % 3 == 0 ? MMU_MODE_BASE_BOUNDS /* a mode the profile */
                                              : k % 3 == 1 ? MMU_MODE_SEGMENTATION : MMU_MODE_HYBRID); /* lacks: ignored */
                break;
            case 3: reg(e, MMU_ENV_REG_ASID, e->as[d_as].asid); break;        /* same value rewritten */
            case 4: reg(e, MMU_ENV_REG_MODE, MMU_MODE_PAGING); break;
            case 5: reg(e, MMU_ENV_REG_PTBASE, e->as[d_as].root_ppn); break; /* PTBASE alone, same value */
            case 6: reg(e, MMU_ENV_REG_FLUSH_VA, va); break;                  /* operands: not events */
            default: reg(e, MMU_ENV_REG_FLUSH_ASID, e->as[d_as].asid); break;
            }
            idle(e);
            if (what >= 6)          /* an operand write cancels nothing: the walk filled */
                req_pa_hit(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, ppn_for(e, 0, 1400 + what * 64 + k), 0, va), true);
            else
                req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);   /* hit or re-walk: the arch check decides */
            req(e, va, MMU_ACC_LOAD, MMU_PRIV_USER);
            idle(e);
            reg(e, MMU_ENV_REG_STATUS, 4);
        }
    /* mode switch to bare during a walk, then back (flush) */
    for (unsigned k = 0; k <= walk; k += 2) {
        uint64_t va = fresh_va(e, 0);
        map(e, d_as, va, 0, leaf(e, ppn_for(e, 0, 1800 + k), false), false);
        idle(e);
        req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
        wait(e, k);
        reg(e, MMU_ENV_REG_MODE, MMU_MODE_BARE);
        req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
        env_push(e, ST_WAIT_REQFREE);
        reg(e, MMU_ENV_REG_MODE, MMU_MODE_PAGING);
        flush_all(e);
        barrier(e);
        req(e, va, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
        idle(e);
    }
}

/* ---- hit under miss ---------------------------------------------------------------------- */
/* A request with the hit and order expectations (order: env_step.expect_order). */
static env_step *req_order(mmu_env *e, uint64_t va, unsigned acc, unsigned priv, int hit, int order)
{
    env_step *s = req(e, va, acc, priv);
    s->expect_hit = (int8_t)hit;
    s->expect_order = (int8_t)order;
    return s;
}

/* docs/rtl.md "Hit under miss": a walk made slow (each PTE read SLOW cycles
 * later than the latency model says) and requests issued behind it, each
 * with the order the rules give. On a profile with id_bits = 0 the same
 * sequence runs and each "before" expectation checks the in-order answer. */
static void hit_under_miss(mmu_env *e)
{
    enum { SLOW = 20 };
    const mmu_profile *p = &e->p;
    uint64_t pm = mask(p->page_shift);
    /* offsets stay inside the page (ostep-multilevel's pages are 32 bytes) */
#define IN_PAGE(va, off) (((va) & ~pm) | (((va) + (off)) & pm))
    fresh(e, "hit_under_miss");
    for (unsigned c = 0; c < 7; c++) {
        if ((c == 3 && p->pte_format == MMU_PTE_OSTEP_SMALL) || (c == 4 && !riscv(e))) continue;  /* no permissions */
        uint64_t m = fresh_va(e, 0) | (0x18 & pm), h = fresh_va(e, 0) | (0x20 & pm);
        uint64_t pm_ppn = ppn_for(e, 0, 3000 + c), ph_ppn = ppn_for(e, 0, 3100 + c);
        uint64_t hleaf = c == 3 ? leaf(e, ph_ppn, false)                                    /* supervisor only */
                       : c == 4 ? env_pt_leaf(e, ph_ppn, true, false, false, false, false, true, true)  /* read only */
                                : leaf(e, ph_ppn, false);
        static const char *const what[] = {
            "hit_under_miss: hits answered under a walk, before it",
            "hit_under_miss: a miss behind a miss is answered after it",
            "hit_under_miss: a miss to the page being walked waits and hits the fill",
            "hit_under_miss: a hit that faults PRIV is answered under the walk",
            "hit_under_miss: a hit that faults PROT is answered under the walk",
            "hit_under_miss: a STATUS write during the walk, then a hit under it",
            "hit_under_miss: a flush during the walk removes the entry: a miss, after the walk",
        };
        note(e, what[c]);
        map(e, d_as, m & ~pm, 0, leaf(e, pm_ppn, false), false);
        map(e, d_as, h & ~pm, 0, hleaf, false);
        idle(e);
        req_pa_hit(e, h, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, ph_ppn, 0, h), false);     /* h in the TLB */
        idle(e);
        env_push(e, ST_MEM_SLOW)->a = SLOW;
        req_pa_hit(e, m, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, pm_ppn, 0, m), false);     /* the walk */
        switch (c) {
        case 0:                         /* a stream of hits, each answered while m walks */
            for (int k = 1; k <= 3; k++) req_order(e, IN_PAGE(h, 8 * (unsigned)k), MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, 1, k);
            break;
        case 1: {                       /* a second walk waits for the first */
            uint64_t m2 = fresh_va(e, 0) | (0x28 & pm), p2 = ppn_for(e, 0, 3200 + c);
            map(e, d_as, m2 & ~pm, 0, leaf(e, p2, false), false);
            req_order(e, m2, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, 0, -1);
            break;
        }
        case 2:                         /* same page as the walk: replays after the fill, hits */
            req_order(e, IN_PAGE(m, 8), MMU_ACC_STORE, MMU_PRIV_SUPERVISOR, 1, -1);
            break;
        case 3:                         /* user load of a supervisor page: PRIV from the TLB */
            if (riscv(e)) req_order(e, h, MMU_ACC_LOAD, MMU_PRIV_USER, 1, 1)->expect_cause = MMU_CAUSE_PRIV;
            else req_order(e, h, MMU_ACC_LOAD, MMU_PRIV_USER, 1, 1);      /* the arch check has the cause */
            break;
        case 4:                         /* store to a read-only page: PROT from the TLB */
            req_order(e, h, MMU_ACC_STORE, MMU_PRIV_SUPERVISOR, 1, 1)->expect_cause = MMU_CAUSE_PROT;
            break;
        case 5:                         /* the register write lands after m's acceptance, during its walk */
            env_push(e, ST_WAIT_REQFREE);
            reg(e, MMU_ENV_REG_STATUS, 4 | 1);
            barrier(e);
            req_order(e, IN_PAGE(h, 8), MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, 1, 1);
            break;
        default:                        /* a flush covering h during the walk: h misses, waits */
            env_push(e, ST_WAIT_REQFREE);
            env_push_flush(e, true, h, true, e->as[d_as].asid);
            barrier(e);
            req_order(e, IN_PAGE(h, 8), MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, 0, -1);
            break;
        }
        idle(e);
        env_push(e, ST_MEM_SLOW)->a = 0;
        if (c == 5) reg(e, MMU_ENV_REG_STATUS, 4);
        flush_all(e);
    }
    /* a bare answer (no TLB) while a paging walk is in flight: before it */
#undef IN_PAGE
    uint64_t m = fresh_va(e, 0) | (0x30 & pm), pmn = ppn_for(e, 0, 3300);
    unsigned w = p->pa_bits < p->va_port_bits ? p->pa_bits : p->va_port_bits;
    uint64_t bare = ((uint64_t)0x5a48 << 3) & mask(w);
    note(e, "hit_under_miss: a bare-mode answer under a paging walk");
    map(e, d_as, m & ~pm, 0, leaf(e, pmn, false), false);
    idle(e);
    env_push(e, ST_MEM_SLOW)->a = SLOW;
    req_pa_hit(e, m, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, pa_of(e, pmn, 0, m), false);
    env_push(e, ST_WAIT_REQFREE);
    reg(e, MMU_ENV_REG_MODE, MMU_MODE_BARE);
    barrier(e);
    env_step *s = req_order(e, bare, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR, -1, 1);
    s->expect_cause = MMU_CAUSE_NONE;
    s->expect_pa_valid = true;
    s->expect_pa = bare & e->pa_mask;
    idle(e);
    env_push(e, ST_MEM_SLOW)->a = 0;
    reg(e, MMU_ENV_REG_MODE, MMU_MODE_PAGING);
    flush_all(e);
}

/* ---- hybrid ---------------------------------------------------------------------------- */
static void hybrid_edges(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    if (!p->segmentation) return;
    fresh(e, "hybrid_edges");
    unsigned off_bits = p->va_bits - p->seg_sel_bits;
    for (unsigned s = 0; s < p->seg_count; s++) {
        unsigned a = MMU_ENV_REG_SEG_BASE + 4 * s;
        uint64_t pages = e->hyb_pages[s];
        idle(e);
        reg(e, a, e->hyb_table[s]);
        reg(e, a + 1, pages / 2 + 1);
        reg(e, a + 2, 1);
        reg(e, MMU_ENV_REG_MODE, MMU_MODE_HYBRID);
        flush_all(e);
        barrier(e);
        uint64_t seg = (uint64_t)s << off_bits;
        uint64_t last = pages / 2;                       /* vpn bound-1: inside; bound: HYBRID_BOUND */
        for (unsigned acc = 0; acc < 3; acc++) {
            req(e, env_va_canon(e, seg | (last << p->page_shift) | 0x10), acc, MMU_PRIV_USER);
            req_expect(e, env_va_canon(e, seg | ((last + 1) << p->page_shift)), acc, MMU_PRIV_USER, MMU_CAUSE_HYBRID_BOUND);
            req(e, env_va_canon(e, seg | 0x8), acc, MMU_PRIV_SUPERVISOR);
        }
        /* the segment's table beyond memory (bus error at level 0), then beyond the PA space */
        idle(e);
        reg(e, a, e->mem_size - p->pte_bytes);
        reg(e, a + 1, 4);
        flush_all(e);
        barrier(e);
        req_expect(e, env_va_canon(e, seg | ((uint64_t)2 << p->page_shift)), MMU_ACC_LOAD, MMU_PRIV_USER, MMU_CAUSE_ACCESS);
        idle(e);
        reg(e, a, e->pa_mask + 1 - p->pte_bytes * 2);
        flush_all(e);
        barrier(e);
        req_expect(e, env_va_canon(e, seg | ((uint64_t)3 << p->page_shift)), MMU_ACC_LOAD, MMU_PRIV_USER, MMU_CAUSE_ACCESS);
        idle(e);
        reg(e, a + 2, 0);                                /* invalid segment */
        barrier(e);
        req_expect(e, env_va_canon(e, seg), MMU_ACC_LOAD, MMU_PRIV_USER, MMU_CAUSE_SEG_INVALID);
        idle(e);
    }
    reg(e, MMU_ENV_REG_MODE, MMU_MODE_PAGING);
    flush_all(e);
}

/* ---- segmentation ---------------------------------------------------------------------- */
static void segment_edges(mmu_env *e)
{
    const mmu_profile *p = &e->p;
    if (!p->segmentation) return;
    fresh(e, "segment_edges");
    unsigned off_bits = p->va_bits - p->seg_sel_bits;
    uint64_t max_seg = (uint64_t)1 << off_bits;
    for (unsigned m = 0; m < 2; m++) {
        int mode = m ? MMU_MODE_SEGMENTATION : MMU_MODE_BASE_BOUNDS;
        for (unsigned s = 0; s < (m ? p->seg_count : 1u); s++)
            for (unsigned gn = 0; gn < 2; gn++) {
                unsigned a = MMU_ENV_REG_SEG_BASE + 4 * s;
                uint64_t bound = m ? max_seg / 4 + 3 : ((uint64_t)1 << (p->va_bits - 1)) + 5;
                uint64_t base = gn ? max_seg / 8 : ((uint64_t)1 << p->pa_bits) - max_seg / 2;   /* PA < 0 / PA >= 2^pa */
                idle(e);
                reg(e, a, base);
                reg(e, a + 1, bound);
                reg(e, a + 2, 1 | gn << 1 | 4 | 8 | 16 | 32);
                reg(e, MMU_ENV_REG_MODE, (uint64_t)mode);
                barrier(e);
                uint64_t sel = m ? (uint64_t)s << off_bits : 0;
                uint64_t offs[6];
                if (gn && m) {
                    uint64_t d[6] = { 1, bound, bound + 1, bound - 1, max_seg / 8, max_seg / 8 + 1 };
                    for (int i = 0; i < 6; i++) offs[i] = (max_seg - d[i]) & (max_seg - 1);
                } else {
                    uint64_t o[6] = { 0, bound - 1, bound, bound + 1, max_seg / 2, max_seg / 2 - 1 };
                    for (int i = 0; i < 6; i++) offs[i] = o[i];
                }
                for (int i = 0; i < 6; i++)
                    for (unsigned acc = 0; acc < 3; acc++)
                        req(e, env_va_canon(e, (sel | offs[i]) & e->va_mask), acc, i & 1);
                idle(e);
            }
    }
    reg(e, MMU_ENV_REG_MODE, MMU_MODE_PAGING);
    flush_all(e);
}

static const family families[] = {
    { "sfence_walk_race", sfence_walk_race },
    { "sfence_asid_global", sfence_asid_global },
    { "misaligned_superpage", misaligned_superpage },
    { "reserved_encodings", reserved_encodings },
    { "bus_errors", bus_errors },
    { "perm_staleness", perm_staleness },
    { "ad_updates", ad_updates },
    { "superpage_flush", superpage_flush },
    { "invalid_to_valid", invalid_to_valid },
    { "pte_store_access", pte_store_access },
    { "regs_during_walk", regs_during_walk },
    { "shared_tables", shared_tables },
    { "cross_asid_overlap", cross_asid_overlap },
    { "hit_under_miss", hit_under_miss },
    { "hybrid_edges", hybrid_edges },
    { "segment_edges", segment_edges },
};
#define NFAM (sizeof families / sizeof families[0])

const char *const *mmu_env_directed_names(void)
{
    static const char *names[NFAM + 1];
    if (!names[0])
        for (unsigned i = 0; i < NFAM; i++) names[i] = families[i].name;
    return names;
}

int env_directed_lookup(const char *name)
{
    for (unsigned i = 0; i < NFAM; i++)
        if (!strcmp(families[i].name, name)) return (int)i;
    return -1;
}

/* Queue the next family; false when every requested one has run. */
bool env_directed_refill(mmu_env *e)
{
    const char *want = e->cfg.stimulus + 9;
    bool all = !strcmp(want, "all");
    while (e->directed_idx < NFAM) {
        unsigned i = e->directed_idx++;
        if (!all && strcmp(families[i].name, want)) continue;
        unsigned before = e->q_count;
        families[i].fn(e);
        if (e->q_count != before) {
            idle(e);
            return true;
        }
    }
    return false;
}
