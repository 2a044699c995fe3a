/* check.c — every completed translation against the arch model.
 *
 * Which memory state: the memory as it is in the cycle the response comes
 * out, with the registers of the request's acceptance cycle (the RTL
 * translates with those). Memory written by the walk itself (its A/D
 * compare-and-swap) is part of that state; under it the arch model finds A/D
 * already set and gives the same PA. The arch model's own CAS is evaluated on
 * a read-only view: the check never writes memory.
 *
 * Stale views (RISC-V SFENCE.VMA; docs/rtl.md "Flush"): a TLB entry may
 * keep a translation after its PTEs change, until a flush that covers the
 * entry; a walk reads memory as it is when it reads it. Every PTE the
 * environment rewrote (OS remap, A/D clearing, a CAS-race injection,
 * invalid->valid without SFENCE) keeps its old values in the overlay, each
 * with the event number of the write that replaced it; every flush is logged
 * with its operands. When the current-memory check fails, every combination
 * of old/new values along the walk is tried (at most a few per level); a
 * combination is accepted (stats.arch_alternates) when it gives the response
 * and every old value in it may still be seen by this request:
 *   - an old value replaced after the request's acceptance: always (a walk
 *     may have read it, or an entry filled from it is still there);
 *   - replaced before: only from a TLB entry (the response is a hit; a walk
 *     starts after acceptance), and only if no flush logged between that
 *     write and the acceptance covers the entry the combination describes:
 *     VPN of the request's VA, the walk's leaf level, the request's ASID, G
 *     of the walk (docs/rtl.md "covered").
 * With a page-walk cache (profile pwc_entries, docs/rtl.md "Page-walk
 * cache") a walk may also start from pointers cached before its acceptance:
 * old non-leaf values replaced before acceptance are accepted in a walk's
 * response when no event that clears the cache (e->tev_seq: a register write,
 * or a FLUSH with rs1 = x0) came between their replacement and the acceptance; the walk's last read
 * (the leaf, or the faulting PTE) is always read from memory.
 * Nothing here comes from what the environment meant to flush or which
 * address space it thought a PTE belongs to: one PTE can serve several
 * ASIDs and VAs (small profiles reuse frames), and only the flush operands
 * and the entry decide. Old values leave the overlay at a flush-all once
 * every request accepted before it has answered (e->answered_id: all
 * requests numbered up to it have, whatever order the answers came in).
 *
 * Speed: paging/hybrid results are memoised per (VA page, access, privilege,
 * register version) together with the PTE words the walk read: mmu_translate
 * is a pure function of those, so while memory still holds them (a few cached
 * reads to check) the result stands, whatever else was written meanwhile.
 */
#include "env_internal.h"

#include <inttypes.h>
#include <string.h>

/* ---- read-only memory views for mmu_translate ------------------------------------ */
typedef struct {
    mmu_env *e;
    unsigned *choice, *nalt;  /* [16] each; NULL: the current memory only  */
    unsigned nreads;
    uint64_t last_addr, last_val;
    uint64_t oldest_seq;      /* smallest write number of the old values chosen */
    uint64_t rd_seq[16];      /* per read: write number of the old value chosen,
                                 UINT64_MAX for the current one             */
    bool read_err;            /* the walk's last read was a bus error (not in rd_seq) */
    /* the words read (the memo's dependencies), and whether any read was
     * one they do not describe (not PTE-sized, or a CAS's own read) */
    uint64_t rd_addr[ENV_MEMO_DEPS], rd_val[ENV_MEMO_DEPS];
    bool untracked;
} view;

static int in_mem(const mmu_env *e, uint64_t pa, unsigned bytes)
{
    return !(pa & (bytes - 1)) && pa + bytes <= e->mem_size;
}

static env_overlay *ov_find(mmu_env *e, uint64_t addr)
{
    for (unsigned i = 0; i < e->n_ov; i++)
        if (e->ov[i].addr == addr) return &e->ov[i];
    return NULL;
}

/* The walk reads PTE-sized words: those go through the env's read cache. */
static int mem_read(mmu_env *e, uint64_t pa, unsigned bytes, uint64_t *val)
{
    if (bytes == e->p.pte_bytes) return env_mem_read(e, pa, val);
    if (!in_mem(e, pa, bytes)) return -1;
    return mmu_sparse_mem_read(e->mem, pa, bytes, val);
}

static int view_read(void *ctx, uint64_t pa, unsigned bytes, uint64_t *val)
{
    view *v = ctx;
    mmu_env *e = v->e;
    if (mem_read(e, pa, bytes, val)) {
        v->read_err = true;
        return -1;
    }
    if (bytes != e->p.pte_bytes) v->untracked = true;
    if (v->nreads < ENV_MEMO_DEPS) {
        v->rd_addr[v->nreads] = pa;
        v->rd_val[v->nreads] = *val;
    }
    if (v->choice) {
        unsigned k = v->nreads;
        env_overlay *o = ov_find(e, pa);
        if (k < 16) {
            v->nalt[k] = o ? 1 + o->n_old : 1;
            v->rd_seq[k] = UINT64_MAX;
            if (o && v->choice[k]) {
                *val = o->old[v->choice[k] - 1];
                v->rd_seq[k] = o->old_seq[v->choice[k] - 1];
                if (o->old_seq[v->choice[k] - 1] < v->oldest_seq) v->oldest_seq = o->old_seq[v->choice[k] - 1];
            }
        }
    }
    v->nreads++;
    v->last_addr = pa;
    v->last_val = *val;
    return 0;
}

static int view_cas(void *ctx, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t new_val, uint64_t *old)
{
    view *v = ctx;
    mmu_env *e = v->e;
    (void)new_val;
    if (!in_mem(e, pa, bytes)) return -1;
    if (pa + bytes > e->wp_lo && pa < e->wp_hi) return -1;
    /* the value this view read at pa (what the walk saw), never written */
    if (v->last_addr == pa) *old = v->last_val;
    else if (mem_read(e, pa, bytes, old)) return -1;
    else v->untracked = true;
    (void)expect;
    return 0;
}

/* Only the fields a walk starts from (the arrays are written before read). */
static void view_init(view *v, mmu_env *e, unsigned *choice, unsigned *nalt)
{
    v->e = e;
    v->choice = choice;
    v->nalt = nalt;
    v->untracked = false;
}

static mmu_result translate_view(mmu_env *e, const mmu_regs *regs, uint64_t va, unsigned acc,
                                 unsigned priv, view *v)
{
    mmu_mem m = { v, view_read, view_cas };
    v->nreads = 0;
    v->read_err = false;
    v->last_addr = ~(uint64_t)0;
    v->oldest_seq = UINT64_MAX;
    return mmu_translate(&e->p, regs, &m, va, (mmu_access)acc, (mmu_priv)priv, NULL);
}

static mmu_result translate_memo(mmu_env *e, const env_req *r, const mmu_regs *regs)
{
    view v;
    view_init(&v, e, NULL, NULL);
    if (regs->mode != MMU_MODE_PAGING && regs->mode != MMU_MODE_HYBRID)
        return translate_view(e, regs, r->va, r->acc, r->priv, &v);
    uint64_t page_mask = ((uint64_t)1 << e->p.page_shift) - 1;
    uint64_t kva = r->va >> e->p.page_shift;
    /* every key field multiplied into the index bits (>> 40) */
    uint64_t h = (kva * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)r->regs_ver * 0xC2B2AE3D27D4EB4Full) ^
                 ((uint64_t)(r->acc * 2u + r->priv + 1u) * 0x165667B19E3779F9ull);
    env_memo *m = &e->memo[(h >> 40) & (ENV_MEMO_SIZE - 1)];
    if (m->valid && m->key_va == kva && m->regs_ver == r->regs_ver && m->acc == r->acc && m->priv == r->priv) {
        bool same = true;
        for (unsigned i = 0; i < m->ndeps && same; i++) {
            uint64_t x;
            same = !env_mem_read(e, m->dep_addr[i], &x) && x == m->dep_val[i];
        }
        if (same) {
            mmu_result res = { .fault = m->fault, .cause = (mmu_cause)m->cause, .level = m->level };
            if (!res.fault) res.pa = (m->pa & ~page_mask) | (r->va & page_mask);
            return res;
        }
    }
    mmu_result res = translate_view(e, regs, r->va, r->acc, r->priv, &v);
    m->valid = !v.untracked && v.nreads <= ENV_MEMO_DEPS;
    m->key_va = kva;
    m->regs_ver = r->regs_ver;
    m->acc = (uint8_t)r->acc;
    m->priv = (uint8_t)r->priv;
    m->fault = res.fault;
    m->cause = (uint8_t)res.cause;
    m->level = (int8_t)res.level;
    m->pa = res.pa;
    m->ndeps = (uint8_t)(v.nreads < ENV_MEMO_DEPS ? v.nreads : ENV_MEMO_DEPS);
    for (unsigned i = 0; i < m->ndeps; i++) {
        m->dep_addr[i] = v.rd_addr[i];
        m->dep_val[i] = v.rd_val[i];
    }
    return res;
}

/* 0 when the response equals r; else which field differs (1 cause, 2 level, 3 pa, 4 fault). */
static int differs(const mmu_env *e, const mmu_cycle_out *o, const mmu_result *r, uint64_t *got, uint64_t *want)
{
    int lvl = (int)(o->rsp_level & 7u);
    if (lvl & 4) lvl -= 8;
    unsigned cause = r->fault ? (unsigned)r->cause : 0;
    if (o->rsp_cause != cause) { *got = o->rsp_cause; *want = cause; return 1; }
    if (o->rsp_fault != r->fault) { *got = o->rsp_fault; *want = r->fault; return 4; }
    if (lvl != r->level) { *got = o->rsp_level & 7u; *want = (uint64_t)r->level & 7u; return 2; }
    uint64_t pa = r->fault ? 0 : (r->pa & e->pa_mask);
    if (o->rsp_pa != pa) { *got = o->rsp_pa; *want = pa; return 3; }
    return 0;
}

/* Does the flush f cover the TLB entry (vpn, lvl, asid, g)? docs/rtl.md "Flush". */
static bool flush_covers(const mmu_env *e, const env_flushrec *f, uint64_t vpn, int lvl, uint32_t asid, bool g)
{
    unsigned low = lvl > 0 ? (unsigned)lvl * e->p.vpn_bits : 0;
    uint64_t m = low >= 64 ? 0 : ~(((uint64_t)1 << low) - 1);
    return (!f->use_va || ((vpn ^ f->vpn) & m) == 0) && (!f->use_asid || (!g && asid == f->asid));
}

/* May request r see old values the oldest of which was replaced by write
 * number `oldest`, giving res? (The combination's values, see the top.) */
bool env_stale_allowed(const mmu_env *e, const env_req *r, const mmu_regs *regs, const mmu_result *res,
                       bool hit, uint64_t oldest)
{
    if (oldest > r->accept_ev) return true;         /* replaced after acceptance */
    if (!hit || !res->has_leaf) return false;      /* a walk reads after acceptance */
    uint64_t vpn = (r->va & e->va_mask) >> e->p.page_shift;
    uint32_t asid = (uint32_t)regs->asid;
    uint64_t lo = e->n_flog > ENV_FLUSH_LOG ? e->n_flog - ENV_FLUSH_LOG : 0;
    for (uint64_t i = e->n_flog; i-- > lo;) {
        const env_flushrec *f = &e->flog[i & (ENV_FLUSH_LOG - 1)];
        if (f->seq <= oldest) break;
        if (f->seq > r->accept_ev) continue;         /* after acceptance: sees the pre-flush TLB */
        if (flush_covers(e, f, vpn, res->level, asid, res->global)) return false;
    }
    return true;
}

/* A walk (not a hit) with a page-walk cache: every old value chosen before
 * the last read was replaced after acceptance or after the last event that
 * clears the cache before it (the cache could hold it); the last read's value
 * was current at acceptance or later. A last read that was a bus error read
 * nothing: every value read before it may come from the cache. */
bool env_pwc_stale_allowed(const mmu_env *e, const env_req *r, bool hit, const uint64_t *rd_seq,
                           unsigned nreads, bool read_err)
{
    if (!e->p.pwc_entries || hit || !nreads || nreads > 16) return false;
    unsigned last = read_err ? nreads : nreads - 1;
    if (!read_err && rd_seq[last] <= r->accept_ev) return false;
    for (unsigned k = 0; k < last; k++)
        if (rd_seq[k] <= r->accept_ev && rd_seq[k] <= r->accept_tev) return false;
    return true;
}

static bool try_alternates(mmu_env *e, const env_req *r, const mmu_regs *regs, const mmu_cycle_out *o)
{
    if (!e->n_ov) return false;
    unsigned choice[16] = {0}, nalt[16] = {0};
    view v;
    view_init(&v, e, choice, nalt);
    for (unsigned tries = 0; tries < 512; tries++) {
        mmu_result res = translate_view(e, regs, r->va, r->acc, r->priv, &v);
        uint64_t g, w;
        if (!differs(e, o, &res, &g, &w) && (env_stale_allowed(e, r, regs, &res, o->rsp_hit, v.oldest_seq) ||
                                             env_pwc_stale_allowed(e, r, o->rsp_hit, v.rd_seq, v.nreads, v.read_err)))
            return true;
        /* next combination (odometer over the reads this walk made) */
        unsigned n = v.nreads < 16 ? v.nreads : 16;
        int k = (int)n - 1;
        while (k >= 0 && choice[k] + 1 >= nalt[k]) k--;
        if (k < 0) return false;
        choice[k]++;
        for (unsigned j = (unsigned)k + 1; j < 16; j++) choice[j] = 0;
    }
    return false;
}

/* A read the walker would put on its port: an address inside the PA space
 * (a hybrid table beyond it faults ACCESS before any read: a pre-walk fault). */
typedef struct { mmu_env *e; unsigned port_reads; } nw_view;
static int nw_read(void *ctx, uint64_t pa, unsigned bytes, uint64_t *val)
{
    nw_view *v = ctx;
    if (pa + bytes - 1 > v->e->pa_mask) return -1;
    v->port_reads++;
    return mem_read(v->e, pa, bytes, val);
}
static int nw_cas(void *ctx, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t new_val, uint64_t *old)
{
    (void)expect; (void)new_val;
    return nw_read(ctx, pa, bytes, old);
}

bool env_arch_no_walk(mmu_env *e, const env_req *r)
{
    nw_view v = { e, 0 };
    mmu_mem m = { &v, nw_read, nw_cas };
    mmu_result res = mmu_translate(&e->p, &e->ver[r->regs_ver % ENV_VERSIONS], &m, r->va, (mmu_access)r->acc,
                                   (mmu_priv)r->priv, NULL);
    return res.fault && !v.port_reads;
}

static const char *const field_name[] = { "", "rsp_cause_o", "rsp_level_o", "rsp_pa_o", "rsp_fault_o" };

int env_check_response(mmu_env *e, const env_req *r, const mmu_cycle_out *o)
{
    const mmu_regs *regs = &e->ver[r->regs_ver % ENV_VERSIONS];
    int rc = 0;
    char sig[48];
    if (e->cfg.arch_check) {
        e->st.arch_checks++;
        mmu_result res = translate_memo(e, r, regs);
        uint64_t got, want;
        int d = differs(e, o, &res, &got, &want);
        if (d && try_alternates(e, r, regs, o)) {
            e->st.arch_alternates++;
            d = 0;
        }
        if (d) {
            snprintf(sig, sizeof sig, "arch.%s", field_name[d]);
            rc |= env_failf(e, sig, got, want,
                            "request #%" PRIu64 " %s %s VA 0x%" PRIx64 " (mode %s, accepted cycle %" PRIu64
                            "): RTL %s cause %u level %d PA 0x%" PRIx64 ", arch %s cause %s level %d PA 0x%" PRIx64,
                            r->id, r->priv ? "supervisor" : "user", mmu_access_name((mmu_access)r->acc), r->va,
                            mmu_mode_name(regs->mode), r->accept_cycle, o->rsp_fault ? "fault" : "ok",
                            o->rsp_cause, (o->rsp_level & 4) ? (int)(o->rsp_level & 7) - 8 : (int)o->rsp_level,
                            o->rsp_pa, res.fault ? "fault" : "ok", mmu_cause_name(res.fault ? res.cause : MMU_CAUSE_NONE),
                            res.level, res.fault ? 0 : res.pa & e->pa_mask);
        }
    }
    if (r->expect_cause >= 0) {
        e->st.expectations++;
        if (o->rsp_cause != (unsigned)r->expect_cause)
            rc |= env_failf(e, "expect.rsp_cause_o", o->rsp_cause, (uint64_t)r->expect_cause,
                            "directed request #%" PRIu64 " VA 0x%" PRIx64 ": expected cause %s, got %s",
                            r->id, r->va, mmu_cause_name((mmu_cause)r->expect_cause),
                            o->rsp_cause < MMU_CAUSE_COUNT ? mmu_cause_name((mmu_cause)o->rsp_cause) : "?");
    }
    if (r->expect_hit >= 0) {
        e->st.expectations++;
        if (o->rsp_hit != (bool)r->expect_hit)
            rc |= env_failf(e, "expect.rsp_hit_o", o->rsp_hit, (uint64_t)r->expect_hit,
                            "directed request #%" PRIu64 " VA 0x%" PRIx64 ": expected %s", r->id, r->va,
                            r->expect_hit ? "a TLB hit" : "a walk");
    }
    if (r->expect_pa_valid) {
        e->st.expectations++;
        if (o->rsp_fault || o->rsp_pa != r->expect_pa)
            rc |= env_failf(e, "expect.rsp_pa_o", o->rsp_pa, r->expect_pa,
                            "directed request #%" PRIu64 " VA 0x%" PRIx64 ": expected PA 0x%" PRIx64,
                            r->id, r->va, r->expect_pa);
    }
    /* A/D writes: never for a faulting translation (a failed CAS that restarted
     * is not a write), never more than one, never under Svade. */
    if (r->cas_ok && o->rsp_fault)
        rc |= env_failf(e, "proto.mem_req_we_o", r->cas_ok, 0,
                        "request #%" PRIu64 " VA 0x%" PRIx64 " faulted (%s) after its walk wrote A/D into a PTE",
                        r->id, r->va, o->rsp_cause < MMU_CAUSE_COUNT ? mmu_cause_name((mmu_cause)o->rsp_cause) : "?");
    if (r->cas_ok > 1)
        rc |= env_failf(e, "proto.mem_req_we_o", r->cas_ok, 1,
                        "request #%" PRIu64 " wrote A/D %u times", r->id, r->cas_ok);
    return rc;
}

/* ---- overlay bookkeeping ------------------------------------------------------------ */
bool env_overlay_room(const mmu_env *e, unsigned n) { return e->n_ov + n + 8 <= ENV_OVERLAY_MAX; }

void env_overlay_clear(mmu_env *e)
{
    e->n_ov = 0;
    e->n_flog = 0;
    e->n_fa_pending = 0;
    e->ov_inval_min = UINT64_MAX;
}

void env_overlay_record(mmu_env *e, uint64_t addr, uint64_t old)
{
    if (!e->live) return;
    uint64_t seq = ++e->ev_seq;
    env_overlay *o = ov_find(e, addr);
    if (!o) {
        if (e->n_ov >= ENV_OVERLAY_MAX) {    /* cannot happen: writers check room first */
            env_failf(e, "env.overlay", e->n_ov, ENV_OVERLAY_MAX, "stale-PTE overlay full (environment bug)");
            return;
        }
        o = &e->ov[e->n_ov++];
        memset(o, 0, sizeof *o);
        o->addr = addr;
    }
    /* a value written away again was current until now: the later number */
    bool inval = !mmu_pte_valid(&e->p, old);
    if (inval && e->last_accepted_id < e->ov_inval_min) e->ov_inval_min = e->last_accepted_id;
    for (unsigned i = 0; i < o->n_old; i++)
        if (o->old[i] == old) { o->old_seq[i] = seq; o->old_after[i] = e->last_accepted_id; return; }
    if (o->n_old == ENV_OVERLAY_OLD) {
        /* full: forget the value replaced first (stricter, never looser) */
        unsigned m = 0;
        for (unsigned i = 1; i < o->n_old; i++)
            if (o->old_seq[i] < o->old_seq[m]) m = i;
        o->old[m] = o->old[o->n_old - 1];
        o->old_seq[m] = o->old_seq[o->n_old - 1];
        o->old_after[m] = o->old_after[o->n_old - 1];
        o->n_old--;
    }
    o->old[o->n_old] = old;
    o->old_after[o->n_old] = e->last_accepted_id;
    o->old_seq[o->n_old++] = seq;
}

/* Drop old values no request can see any more: those replaced before a
 * flush-all whose earlier requests have all answered; and invalid ones (V=0:
 * no TLB entry holds them, only a walk that read them) once every request
 * accepted before their write has answered. */
static void retire(mmu_env *e)
{
    uint64_t upto = 0;
    unsigned k = 0;
    for (unsigned i = 0; i < e->n_fa_pending; i++) {
        if (e->fa_pending[i].after_id <= e->answered_id) {
            if (e->fa_pending[i].seq > upto) upto = e->fa_pending[i].seq;
        } else {
            e->fa_pending[k++] = e->fa_pending[i];
        }
    }
    e->n_fa_pending = k;
    uint64_t inval_min = UINT64_MAX;
    unsigned j = 0;
    for (unsigned i = 0; i < e->n_ov; i++) {
        env_overlay *o = &e->ov[i];
        unsigned n = 0;
        for (unsigned x = 0; x < o->n_old; x++) {
            bool inval = !mmu_pte_valid(&e->p, o->old[x]);
            if (o->old_seq[x] <= upto || (inval && o->old_after[x] <= e->answered_id)) continue;
            if (inval && o->old_after[x] < inval_min) inval_min = o->old_after[x];
            o->old[n] = o->old[x];
            o->old_seq[n] = o->old_seq[x];
            o->old_after[n++] = o->old_after[x];
        }
        o->n_old = n;
        if (!n) continue;
        if (j != i) e->ov[j] = *o;
        j++;
    }
    e->n_ov = j;
    e->ov_inval_min = inval_min;
}

void env_overlay_flush(mmu_env *e, bool use_va, uint64_t va, bool use_asid, uint64_t asid)
{
    uint64_t seq = ++e->ev_seq;
    env_flushrec *f = &e->flog[e->n_flog & (ENV_FLUSH_LOG - 1)];
    /* the record overwritten must be older than every old value kept, or a
     * stale value could outlive the flushes that decide about it */
    if (e->n_flog >= ENV_FLUSH_LOG)
        for (unsigned i = 0; i < e->n_ov; i++)
            for (unsigned x = 0; x < e->ov[i].n_old; x++)
                if (e->ov[i].old_seq[x] < f->seq)
                    env_failf(e, "env.overlay", e->n_flog, ENV_FLUSH_LOG,
                              "flush log wrapped over a stale PTE value still kept (environment bug: "
                              "%u flushes without a flush-all)", ENV_FLUSH_LOG);
    f->seq = seq;
    f->vpn = (va & e->va_mask) >> e->p.page_shift;
    f->asid = (uint32_t)asid;
    f->use_va = use_va;
    f->use_asid = use_asid;
    e->n_flog++;
    if (!use_va && !use_asid) {
        if (e->n_fa_pending == ENV_FLUSH_ALL_PENDING) {   /* keep the newest: it retires at least as much */
            memmove(e->fa_pending, e->fa_pending + 1, (ENV_FLUSH_ALL_PENDING - 1) * sizeof e->fa_pending[0]);
            e->n_fa_pending--;
        }
        e->fa_pending[e->n_fa_pending].seq = seq;
        e->fa_pending[e->n_fa_pending].after_id = e->last_accepted_id;
        e->n_fa_pending++;
        retire(e);
    }
}

/* A response left: id is now the largest number up to which every request
 * has answered (the oldest outstanding's number - 1, or the last accepted when
 * none is outstanding). With hit under miss a later request can answer before
 * an older one; only this prefix says "every request accepted before X has
 * answered", which is what the retirement rules need. */
void env_overlay_answered(mmu_env *e, uint64_t id)
{
    e->answered_id = id;
    if ((e->n_fa_pending && e->fa_pending[0].after_id <= id) || e->ov_inval_min <= id) retire(e);
}
