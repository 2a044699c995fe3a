/* tlb.c — TLB entries: lookup, fill, flush (mmu_tlb.h, docs/os.md).
 *
 * docs/rtl.md "Cycle t+1", "Fill", "TLB indexing and superpages", "Flush":
 * lookup probes the one set (VA >> page_shift) mod sets; an entry matches
 * when its tag equals VA >> its own map_shift and it is global or carries
 * the current ASID. A hit re-checks the cached leaf with the arch rule
 * (mmu_leaf_check, through the entry's truth table), so SUM, MXR and
 * privilege changes take effect without a flush; PRIV and PROT answer from
 * the TLB; a hit that needs A (or D for a store) is a miss under both ADUE
 * values. A fill replaces an overlapping entry in place (never a
 * duplicate). A fault never fills. */
#include <stdlib.h>
#include <string.h>
#include "mmu_repl.h"
#include "tlb_internal.h"

static uint64_t mask_bits(unsigned bits) { return bits >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << bits) - 1; }

mmu_tlb *mmu_tlb_new(const mmu_tlb_config *cfg, mmu_error *err)
{
    if (!cfg->sets || (cfg->sets & (cfg->sets - 1)) || !cfg->ways || cfg->ways > 255) {
        mmu_fail(err, NULL, 0, "TLB of %u sets x %u ways: sets must be a power of two, ways 1..255",
                 cfg->sets, cfg->ways);
        return NULL;
    }
    if (cfg->repl == MMU_REPL_PLRU && ((cfg->ways & (cfg->ways - 1)) || cfg->ways > MMU_REPL_MAX_PLRU_WAYS)) {
        mmu_fail(err, NULL, 0, "tree-PLRU needs a power-of-two number of ways up to %u, not %u",
                 MMU_REPL_MAX_PLRU_WAYS, cfg->ways);
        return NULL;
    }
    if (cfg->page_shift >= 64 || cfg->va_bits == 0 || cfg->va_bits > 64) {
        mmu_fail(err, NULL, 0, "TLB page 2^%u / VA of %u bits: out of range", cfg->page_shift, cfg->va_bits);
        return NULL;
    }
    mmu_tlb *t = calloc(1, sizeof *t);
    if (!t) { mmu_fail(err, NULL, 0, "out of memory"); return NULL; }
    t->cfg = *cfg;
    t->set_mask = cfg->sets - 1;
    t->va_mask = mask_bits(cfg->va_bits);
    t->e = calloc((size_t)cfg->sets * cfg->ways, sizeof *t->e);
    if (!t->e || tlb_repl_init(t)) {
        mmu_fail(err, NULL, 0, "out of memory for a %u x %u TLB", cfg->sets, cfg->ways);
        mmu_tlb_free(t);
        return NULL;
    }
    return t;
}

void mmu_tlb_free(mmu_tlb *t)
{
    if (!t) return;
    tlb_repl_done(t);
    free(t->e);
    free(t);
}

const mmu_tlb_config *mmu_tlb_get_config(const mmu_tlb *t) { return &t->cfg; }
const mmu_tlb_stats *mmu_tlb_get_stats(const mmu_tlb *t) { return &t->st; }

unsigned mmu_tlb_set_of(const mmu_tlb *t, uint64_t va)
{
    return (unsigned)((va & t->va_mask) >> t->cfg.page_shift) & t->set_mask;
}

const mmu_tlb_entry *mmu_tlb_entry_at(const mmu_tlb *t, unsigned set, unsigned way)
{
    if (set >= t->cfg.sets || way >= t->cfg.ways) return NULL;
    return &t->e[(size_t)set * t->cfg.ways + way];
}

static inline bool entry_matches(const mmu_tlb_entry *e, uint64_t vm, uint32_t asid)
{
    return e->valid && (vm >> e->map_shift) == e->tag && (e->global || e->asid == asid);
}

int mmu_tlb_way_of(const mmu_tlb *t, uint64_t va, uint32_t asid)
{
    uint64_t vm = va & t->va_mask;
    unsigned set = (unsigned)(vm >> t->cfg.page_shift) & t->set_mask;
    for (unsigned w = 0; w < t->cfg.ways; w++)
        if (entry_matches(&t->e[(size_t)set * t->cfg.ways + w], vm, asid)) return (int)w;
    return -1;
}

/* The address-space check of docs/translation.md step 0, inline. */
static inline bool va_ok(const mmu_tlb *t, uint64_t va)
{
    if (t->cfg.va_bits >= 64) return true;
    uint64_t hi = va & ~t->va_mask;
    if (!t->cfg.va_sign_extend) return hi == 0;
    return (va >> (t->cfg.va_bits - 1) & 1) ? hi == ~t->va_mask : hi == 0;
}

mmu_tlb_outcome mmu_tlb_lookup(mmu_tlb *t, const mmu_profile *p, const mmu_regs *regs,
                               uint64_t va, mmu_access acc, mmu_priv priv,
                               uint64_t *pa, mmu_cause *cause)
{
    t->st.lookups++;
    uint64_t vm = va & t->va_mask;
    unsigned set = (unsigned)(vm >> t->cfg.page_shift) & t->set_mask, ways = t->cfg.ways;
    mmu_tlb_entry *row = &t->e[(size_t)set * ways];
    uint32_t asid = regs->asid;
    for (unsigned w = 0; w < ways; w++) {
        const mmu_tlb_entry *e = &row[w];
        if (!entry_matches(e, vm, asid)) continue;
        /* Noncanonical VAs alias in the masked tag: the walk reports them. */
        if (!va_ok(t, va)) break;
        if (!((e->allow >> mmu_tlb_perm_index(acc, priv, regs->sum, regs->mxr, regs->adue)) & 1)) {
            mmu_cause c = mmu_leaf_check(p, regs, e->pte, acc, priv);
            if (c != MMU_CAUSE_PRIV && c != MMU_CAUSE_PROT) break;   /* A/D needed: walk */
            t->st.hits++;
            if (tlb_repl_on_hit(t)) tlb_repl_touch(t, set, w);
            *cause = c;
            return MMU_TLB_HIT_FAULT;
        }
        t->st.hits++;
        /* Touching the way touched last again changes no LRU/PLRU state. */
        if (tlb_repl_on_hit(t) && (size_t)set * ways + w != t->last_touch) tlb_repl_touch(t, set, w);
        *pa = e->pa_base | (vm & mask_bits(e->map_shift));
        return MMU_TLB_HIT;
    }
    t->st.misses++;
    return MMU_TLB_MISS;
}

/* The leaf rule's answer for every input combination (mmu_tlb_perm_index).
 * The answer depends on the PTE's flag bits only, not its PPN: a small
 * direct-mapped memo keyed by the flags keeps fills cheap. */
static uint64_t perm_table_compute(const mmu_profile *p, uint64_t pte)
{
    uint64_t allow = 0;
    mmu_regs r;
    memset(&r, 0, sizeof r);
    for (int acc = 0; acc < MMU_ACC_COUNT; acc++)
        for (int priv = 0; priv < 2; priv++)
            for (int sum = 0; sum < 2; sum++)
                for (int mxr = 0; mxr < 2; mxr++)
                    for (int adue = 0; adue < 2; adue++) {
                        r.sum = sum; r.mxr = mxr; r.adue = adue;
                        mmu_cause c = mmu_leaf_check(p, &r, pte, (mmu_access)acc, (mmu_priv)priv);
                        bool ok = (c == MMU_CAUSE_NONE || c == MMU_CAUSE_AD) &&
                                  !mmu_leaf_needs_ad(p, pte, (mmu_access)acc);
                        if (ok) allow |= (uint64_t)1 << mmu_tlb_perm_index((mmu_access)acc, (mmu_priv)priv,
                                                                            sum, mxr, adue);
                    }
    return allow;
}

static uint64_t perm_table(mmu_tlb *t, const mmu_profile *p, uint64_t pte)
{
    unsigned lsb = p->pte_format == MMU_PTE_RISCV ? MMU_RV_PPN_LSB : 0;
    uint64_t key = pte & ~(mask_bits(p->ppn_bits) << lsb);
    unsigned i = (unsigned)((key ^ (key >> 24) ^ (key >> 54)) & (TLB_MEMO - 1));
    if (!t->memo_valid[i] || t->memo_key[i] != key || t->memo_prof != p) {
        if (t->memo_prof != p) memset(t->memo_valid, 0, sizeof t->memo_valid);
        t->memo_prof = p;
        t->memo_key[i] = key;
        t->memo_allow[i] = perm_table_compute(p, key);
        t->memo_valid[i] = true;
    }
    return t->memo_allow[i];
}

/* docs/rtl.md "Fill", step 1: e and the new entry (vm, shift, asid, g)
 * translate a common VA in a common address space. */
static inline bool overlaps(const mmu_tlb_entry *e, uint64_t vm, unsigned shift, uint32_t asid, bool g)
{
    unsigned s = e->map_shift > shift ? e->map_shift : shift;
    return e->valid && (e->global || g || e->asid == asid) && ((e->tag << e->map_shift) >> s) == (vm >> s);
}

static void invalidate(mmu_tlb *t, mmu_tlb_entry *e)
{
    if (e->map_shift > t->cfg.page_shift) t->nsuper--;
    e->valid = false;
}

void mmu_tlb_fill(mmu_tlb *t, const mmu_profile *p, uint64_t va, uint32_t asid, const mmu_result *r)
{
    if (r->fault || !r->has_leaf) return;
    uint64_t vm = va & t->va_mask;
    unsigned set = (unsigned)(vm >> t->cfg.page_shift) & t->set_mask, ways = t->cfg.ways;
    unsigned shift = r->map_shift > t->cfg.page_shift ? r->map_shift : t->cfg.page_shift;
    mmu_tlb_entry *row = &t->e[(size_t)set * ways], ne = {
        .valid = true, .global = r->global, .asid = asid, .map_shift = shift,
        .tag = vm >> shift, .pte = r->leaf_pte, .pa_base = r->pa & ~mask_bits(shift),
        .allow = perm_table(t, p, r->leaf_pte),
    };
    unsigned way = ways;
    for (unsigned w = 0; w < ways; w++) {             /* 1-3: overlapping ways */
        if (!overlaps(&row[w], vm, shift, asid, ne.global)) continue;
        if (way == ways) way = w;
        else invalidate(t, &row[w]);
    }
    for (unsigned w = 0; w < ways && way == ways; w++)  /* else the lowest invalid way */
        if (!row[w].valid) way = w;
    unsigned victim = tlb_repl_victim(t, set);          /* the state before this fill's update */
    if (way == ways) {
        way = victim;
        t->st.evictions++;
    }
    mmu_tlb_entry *e = &row[way];
    if (e->valid) invalidate(t, e);
    *e = ne;
    if (shift > t->cfg.page_shift) t->nsuper++;
    t->st.fills++;
    tlb_repl_touch(t, set, way);                        /* 4: every fill updates */
}

unsigned mmu_tlb_flush(mmu_tlb *t, bool use_va, uint64_t va, bool use_asid, uint32_t asid)
{
    if (t->cfg.flush_all) use_va = use_asid = false;     /* flush_exact = 0: over-flushing is legal */
    uint64_t vm = va & t->va_mask;
    unsigned n = 0, ways = t->cfg.ways;
    if (use_va && !va_ok(t, va)) {               /* not a valid VA by step 0: nothing */
        t->st.flushes++;
        return 0;
    }
    unsigned s0 = 0, s1 = t->cfg.sets;
    if (use_va && t->nsuper == 0) {          /* only base pages: one set can hold va */
        s0 = (unsigned)(vm >> t->cfg.page_shift) & t->set_mask;
        s1 = s0 + 1;
    }
    for (unsigned s = s0; s < s1; s++) {
        mmu_tlb_entry *row = &t->e[(size_t)s * ways];
        for (unsigned w = 0; w < ways; w++) {
            mmu_tlb_entry *e = &row[w];
            if (!e->valid) continue;
            if (use_va && (vm >> e->map_shift) != e->tag) continue;
            if (use_asid && (e->global || e->asid != asid)) continue;
            invalidate(t, e);
            n++;
        }
    }
    t->st.flushes++;
    t->st.flushed += n;
    t->last_touch = SIZE_MAX;
    return n;
}
