/* check.c — every completed translation against the arch model.
 *
 * Which memory state: the memory as it is in the cycle the response comes
 * out, with the registers of the request's acceptance cycle (the RTL
 * translates with those). Memory written by the walk itself (its A/D
 * compare-and-swap) is part of that state; under it the arch model finds A/D
 * already set and gives the same PA. The arch model's own CAS is evaluated on
 * a read-only view: the check never writes memory.
 *
 * Stale views: a PTE the environment rewrote (OS remap, A/D clearing, a
 * CAS-race injection, invalid->valid without SFENCE) may legally still be
 * seen in its old value - by a walk that read it before the write, or by a
 * TLB entry filled from it - until an SFENCE that covers it *and* every
 * request accepted up to that SFENCE has answered. Such PTEs stay in the
 * overlay with their old values; when the current-memory check fails, every
 * combination of old/new values along the walk is tried (at most a few per
 * level) and the response passes if one matches (counted in
 * stats.arch_alternates). Coverage follows the RISC-V rules: flush-all covers
 * everything; by ASID covers non-global PTEs of that ASID; by VA covers leaf
 * PTEs whose range holds the VA; by VA+ASID both.
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
    if (mem_read(e, pa, bytes, val)) return -1;
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
            if (o && v->choice[k]) *val = o->old[v->choice[k] - 1];
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
    v->last_addr = ~(uint64_t)0;
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

static bool try_alternates(mmu_env *e, const env_req *r, const mmu_regs *regs, const mmu_cycle_out *o)
{
    if (!e->n_ov) return false;
    unsigned choice[16] = {0}, nalt[16] = {0};
    view v;
    view_init(&v, e, choice, nalt);
    for (unsigned tries = 0; tries < 512; tries++) {
        mmu_result res = translate_view(e, regs, r->va, r->acc, r->priv, &v);
        uint64_t g, w;
        if (!differs(e, o, &res, &g, &w)) return true;
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
    e->ov_retire_next = UINT64_MAX;
}

void env_overlay_record(mmu_env *e, uint64_t addr, uint64_t old, const env_ptinfo *info)
{
    if (!e->live) return;
    env_overlay *o = ov_find(e, addr);
    if (!o) {
        if (e->n_ov >= ENV_OVERLAY_MAX) {    /* cannot happen: writers check room first */
            env_failf(e, "env.overlay", e->n_ov, ENV_OVERLAY_MAX, "stale-PTE overlay full (environment bug)");
            return;
        }
        o = &e->ov[e->n_ov++];
        memset(o, 0, sizeof *o);
        o->addr = addr;
        o->info = *info;
    } else {
        o->info.global |= info->global;
        o->info.leaf &= info->leaf;
        if (info->va_lo < o->info.va_lo) o->info.va_lo = info->va_lo;
        if (info->va_hi > o->info.va_hi) o->info.va_hi = info->va_hi;
        if (o->info.asid != info->asid) o->info.global = true;
        o->retire_pending = false;      /* the new old value is not covered yet */
    }
    for (unsigned i = 0; i < o->n_old; i++)
        if (o->old[i] == old) return;
    if (o->n_old < ENV_OVERLAY_OLD) o->old[o->n_old++] = old;
    else {
        /* keep the most recent values; writers avoid this (env_overlay_can_write) */
        memmove(o->old, o->old + 1, (ENV_OVERLAY_OLD - 1) * sizeof o->old[0]);
        o->old[ENV_OVERLAY_OLD - 1] = old;
    }
}

static void retire(mmu_env *e)
{
    unsigned j = 0;
    uint64_t next = UINT64_MAX;
    for (unsigned i = 0; i < e->n_ov; i++) {
        env_overlay *o = &e->ov[i];
        if (o->retire_pending && o->retire_after_id <= e->answered_id) continue;
        if (o->retire_pending && o->retire_after_id < next) next = o->retire_after_id;
        if (j != i) e->ov[j] = *o;
        j++;
    }
    e->n_ov = j;
    e->ov_retire_next = next;
}

void env_overlay_flush(mmu_env *e, bool use_va, uint64_t va, bool use_asid, uint64_t asid)
{
    uint64_t v = va & e->va_mask;
    for (unsigned i = 0; i < e->n_ov; i++) {
        env_overlay *o = &e->ov[i];
        if (o->retire_pending) continue;
        bool cov = (!use_va || (o->info.leaf && v >= o->info.va_lo && v <= o->info.va_hi)) &&
                   (!use_asid || (!o->info.global && o->info.asid == asid));
        if (cov) {
            o->retire_pending = true;
            o->retire_after_id = e->last_accepted_id;
        }
    }
    retire(e);
}

void env_overlay_answered(mmu_env *e, uint64_t id)
{
    e->answered_id = id;
    if (e->n_ov && e->ov_retire_next <= id) retire(e);
}
