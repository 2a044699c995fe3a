/* pwc.c — the page-walk cache model (mmu_pwc.h, docs/walkcache.md).
 *
 * The walk itself is the arch walker's (every PTE read from memory); this
 * file decides which of those reads each organisation answers and updates
 * its entries from the reads it did not answer:
 *
 *   va   lookup once at walk start: the valid entry of smallest lvl whose
 *        VPN[levels-1:lvl] equals the VA's; the walk then reads from level
 *        lvl-1 on, so the reads at levels >= lvl are saved. Fill: the good
 *        pointers read at levels 1..start (start = lvl-1 on a hit, else the
 *        root level), root first.
 *   pa   lookup per read at levels >= 1 by PTE address; a hit is a saved
 *        read, a miss of a good pointer fills.
 *
 * Both: FIFO pointer (first free entry until full, then the oldest), reset
 * to 0 by a clear; nothing outside paging mode. */
#include <stdlib.h>
#include <string.h>
#include "mmu_arch_parts.h"
#include "mmu_pwc.h"

struct mmu_pwc {
    mmu_pwc_config cfg;
    const mmu_profile *p;
    mmu_pwc_entry e[MMU_PWC_MAX_ENTRIES];
    unsigned fifo;             /* next entry a fill writes                    */
    bool have_regs;
    mmu_regs regs;             /* the last registers seen (set_regs)          */
    mmu_pwc_stats st;
};

static int check_config(const mmu_pwc_config *c, const mmu_profile *p, mmu_error *err)
{
    if (c->entries < 1 || c->entries > MMU_PWC_MAX_ENTRIES)
        return mmu_fail(err, NULL, 0, "page-walk cache of %u entries: expected 1..%u", c->entries,
                        MMU_PWC_MAX_ENTRIES);
    if (c->org != MMU_PWC_VA && c->org != MMU_PWC_PA)
        return mmu_fail(err, NULL, 0, "page-walk cache organisation %d: expected va or pa", (int)c->org);
    if (p->levels < 1 || p->levels > MMU_MAX_LEVELS || p->vpn_bits * p->levels > 64)
        return mmu_fail(err, NULL, 0, "profile %s: %u levels of %u VPN bits", p->name, p->levels, p->vpn_bits);
    return 0;
}

mmu_pwc *mmu_pwc_new(const mmu_pwc_config *c, const mmu_profile *p, mmu_error *err)
{
    if (check_config(c, p, err)) return NULL;
    mmu_pwc *w = calloc(1, sizeof *w);
    if (!w) {
        mmu_fail(err, NULL, 0, "out of memory");
        return NULL;
    }
    w->cfg = *c;
    w->p = p;
    return w;
}

void mmu_pwc_free(mmu_pwc *w) { free(w); }

const mmu_pwc_config *mmu_pwc_get_config(const mmu_pwc *w) { return &w->cfg; }
const mmu_pwc_stats *mmu_pwc_get_stats(const mmu_pwc *w) { return &w->st; }
unsigned mmu_pwc_fifo(const mmu_pwc *w) { return w->fifo; }

const mmu_pwc_entry *mmu_pwc_entry_at(const mmu_pwc *w, unsigned i)
{
    return i < w->cfg.entries ? &w->e[i] : NULL;
}

void mmu_pwc_clear(mmu_pwc *w)
{
    for (unsigned i = 0; i < w->cfg.entries; i++) w->e[i].valid = false;
    w->fifo = 0;
    w->st.clears++;
}

void mmu_pwc_set_regs(mmu_pwc *w, const mmu_regs *r)
{
    const mmu_regs *o = &w->regs;
    bool changed = r->mode != o->mode || r->ptbase != o->ptbase || r->asid != o->asid || r->sum != o->sum ||
                   r->mxr != o->mxr || r->adue != o->adue;
    if (w->have_regs && changed) mmu_pwc_clear(w);
    w->regs = *r;
    w->have_regs = true;
}

/* The VA's VPN: every level's field, VPN[levels-1] on top. */
static uint64_t vpn_of(const mmu_profile *p, uint64_t va)
{
    uint64_t v = 0;
    for (int i = (int)p->levels - 1; i >= 0; i--) v = (v << p->vpn_bits) | mmu_va_vpn(p, va, i);
    return v;
}

/* VPN[levels-1:lvl] of a and b are equal. */
static bool prefix_match(const mmu_profile *p, uint64_t a, uint64_t b, int lvl)
{
    unsigned sh = (unsigned)lvl * p->vpn_bits;
    return sh >= 64 || (a >> sh) == (b >> sh);
}

static bool pte_g(const mmu_profile *p, uint64_t pte)
{
    return p->pte_format == MMU_PTE_RISCV && ((pte >> MMU_RV_G) & 1);
}

/* The FIFO's entry, or `in_place` when given; count the fill. */
static void install(mmu_pwc *w, mmu_pwc_entry *in_place, const mmu_pwc_entry *n)
{
    mmu_pwc_entry *e = in_place;
    if (!e) {
        e = &w->e[w->fifo];
        if (e->valid) w->st.evictions++;
        w->fifo = (w->fifo + 1) % w->cfg.entries;
    }
    *e = *n;
    e->valid = true;
    w->st.fills++;
}

static int va_best(const mmu_pwc *w, uint64_t vpn)
{
    int best = -1;
    for (unsigned i = 0; i < w->cfg.entries; i++) {
        const mmu_pwc_entry *e = &w->e[i];
        if (e->valid && prefix_match(w->p, e->vpn, vpn, e->lvl) && (best < 0 || e->lvl < w->e[best].lvl))
            best = (int)i;
    }
    return best;
}

int mmu_pwc_va_lookup(const mmu_pwc *w, uint64_t va, uint64_t *ppn)
{
    if (w->cfg.org != MMU_PWC_VA) return -1;
    int b = va_best(w, vpn_of(w->p, va));
    if (b < 0) return -1;
    if (ppn) *ppn = w->e[b].ppn;
    return w->e[b].lvl;
}

static bool good_pointer(const mmu_explain_read *r)
{
    return r->ok && r->kind == ARCH_PTE_POINTER && r->level >= 1;
}

static unsigned walk_va(mmu_pwc *w, uint64_t va, const mmu_explain_read *rd, unsigned n)
{
    const mmu_profile *p = w->p;
    uint64_t vpn = vpn_of(p, va);
    int start = (int)p->levels - 1;        /* first level the PWC walk reads */
    unsigned saved = 0;
    int b = va_best(w, vpn);
    if (b >= 0) {
        mmu_pwc_entry *e = &w->e[b];
        /* Memory must hold, at level lvl, the pointer the entry cached. */
        const mmu_explain_read *at = NULL;
        for (unsigned k = 0; k < n; k++)
            if (rd[k].level == e->lvl) at = &rd[k];
        if (at && good_pointer(at) && mmu_pte_ppn(p, at->pte) == e->ppn) {
            for (unsigned k = 0; k < n; k++) saved += rd[k].ok && rd[k].level >= e->lvl;
            start = e->lvl - 1;
            w->st.hits++;
        } else {
            w->st.stale++;
            e->valid = false;
        }
    }
    bool g = false;
    for (unsigned k = 0; k < n && good_pointer(&rd[k]); k++) {
        g = g || pte_g(p, rd[k].pte);
        if (rd[k].level > start) continue;           /* skipped: not read */
        mmu_pwc_entry ne = {true, rd[k].level, vpn, mmu_pte_ppn(p, rd[k].pte), g, 0, 0};
        mmu_pwc_entry *same = NULL;
        for (unsigned i = 0; i < w->cfg.entries && !same; i++) {
            mmu_pwc_entry *e = &w->e[i];
            if (e->valid && e->lvl == ne.lvl && prefix_match(p, e->vpn, vpn, ne.lvl)) same = e;
        }
        install(w, same, &ne);
    }
    return saved;
}

static unsigned walk_pa(mmu_pwc *w, const mmu_explain_read *rd, unsigned n)
{
    const mmu_profile *p = w->p;
    unsigned saved = 0;
    for (unsigned k = 0; k < n && rd[k].ok; k++) {
        if (rd[k].level < 1) continue;               /* the leaf level: never looked up */
        mmu_pwc_entry *hit = NULL;
        for (unsigned i = 0; i < w->cfg.entries && !hit; i++)
            if (w->e[i].valid && w->e[i].pte_addr == rd[k].pte_addr) hit = &w->e[i];
        if (hit && hit->pte == rd[k].pte) {
            saved++;
            w->st.hits++;
            continue;
        }
        if (hit) {
            w->st.stale++;
            hit->valid = false;
        }
        if (good_pointer(&rd[k])) {
            mmu_pwc_entry ne = {true, rd[k].level, 0, mmu_pte_ppn(p, rd[k].pte), pte_g(p, rd[k].pte),
                                rd[k].pte_addr, rd[k].pte};
            install(w, NULL, &ne);
        }
    }
    return saved;
}

unsigned mmu_pwc_walk(mmu_pwc *w, const mmu_regs *regs, uint64_t va, const mmu_explain_read *reads,
                      unsigned nreads)
{
    if (regs->mode != MMU_MODE_PAGING) return 0;
    if (nreads > MMU_MAX_LEVELS) nreads = MMU_MAX_LEVELS;
    w->st.walks++;
    unsigned saved = w->cfg.org == MMU_PWC_VA ? walk_va(w, va, reads, nreads) : walk_pa(w, reads, nreads);
    w->st.reads_saved += saved;
    return saved;
}

const char *mmu_pwc_org_name(mmu_pwc_org o) { return o == MMU_PWC_PA ? "pa" : "va"; }

int mmu_pwc_org_parse(const char *s, mmu_pwc_org *out)
{
    if (!strcmp(s, "va")) *out = MMU_PWC_VA;
    else if (!strcmp(s, "pa")) *out = MMU_PWC_PA;
    else return -1;
    return 0;
}
