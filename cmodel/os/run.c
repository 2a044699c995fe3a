/* run.c — a trace through the OS layer, shared by `mmu-ref run` and
 * `mmu-cosim --trace` (mmu_run.h): trace events to OS calls, accesses split
 * into pages, faults to the OS, the --populate and OPT look-ahead, and the
 * --stats-json object and summary both print. */
#include "mmu_run.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- a set of (pid, page) for --populate ---- */
typedef struct { unsigned pid; uint64_t va; } page_key;
typedef struct {
    page_key *k;
    bool *used;
    size_t cap, n;
} page_set;

static size_t ps_hash(unsigned pid, uint64_t vpn, size_t cap)
{
    uint64_t h = (vpn ^ ((uint64_t)pid << 40)) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h ^ (h >> 31)) & (cap - 1);
}

static int ps_add(page_set *s, unsigned pid, uint64_t va, unsigned shift)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        page_key *k = calloc(cap, sizeof *k);
        bool *u = calloc(cap, sizeof *u);
        if (!k || !u) { free(k); free(u); return -1; }
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->used[i]) continue;
            size_t j = ps_hash(s->k[i].pid, s->k[i].va >> shift, cap);
            while (u[j]) j = (j + 1) & (cap - 1);
            u[j] = true;
            k[j] = s->k[i];
        }
        free(s->k);
        free(s->used);
        s->k = k;
        s->used = u;
        s->cap = cap;
    }
    size_t j = ps_hash(pid, va >> shift, s->cap);
    while (s->used[j]) {
        if (s->k[j].pid == pid && (s->k[j].va >> shift) == (va >> shift)) return 0;
        j = (j + 1) & (s->cap - 1);
    }
    s->used[j] = true;
    s->k[j] = (page_key){pid, va};
    s->n++;
    return 0;
}

typedef struct { mmu_os_page *v; size_t n, cap; } ref_vec;
static int refs_push(ref_vec *r, unsigned pid, uint64_t vpn)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4096;
        mmu_os_page *v = realloc(r->v, cap * sizeof *v);
        if (!v) return -1;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = (mmu_os_page){pid, vpn};
    return 0;
}

struct mmu_run {
    mmu_run_config c;
    const mmu_profile *p;
    mmu_os *os;
    mmu_run_counts *counts;
    bool notes;
    page_set pages;
    mmu_trace_reader *tr;
    mmu_trace_event ev;
    bool have_ev, prepared;
    unsigned npages, next_page;
    uint64_t vas[2];
};

void mmu_run_close(mmu_run *r)
{
    if (!r) return;
    mmu_trace_close(r->tr);
    free(r->pages.k);
    free(r->pages.used);
    free(r);
}

static int populate_pid(mmu_run *r, unsigned pid, mmu_error *err)
{
    const page_set *ps = &r->pages;
    for (size_t i = 0; i < ps->cap; i++)
        if (ps->used[i] && ps->k[i].pid == pid && mmu_os_populate(r->os, pid, ps->k[i].va, err)) return -1;
    return 0;
}

mmu_run *mmu_run_open(const mmu_run_config *c, const mmu_profile *p, mmu_os *os,
                      mmu_run_counts *counts, mmu_error *err)
{
    mmu_run *r = calloc(1, sizeof *r);
    if (!r) { mmu_fail(err, c->trace, 0, "out of memory"); return NULL; }
    r->c = *c;
    r->p = p;
    r->os = os;
    r->counts = counts;
    r->notes = mmu_os_wants_accesses(os);
    /* Pre-pass: the pages each process touches (populate), the future (OPT). */
    if (c->populate || c->future) {
        ref_vec refs = {0};
        mmu_trace_event ev;
        uint64_t vas[2];
        mmu_trace_reader *tr = mmu_trace_open(c->trace, c->fmt, err);
        if (!tr) { mmu_run_close(r); return NULL; }
        int n;
        while ((n = mmu_trace_next(tr, &ev, err)) > 0) {
            if (ev.kind != MMU_EV_ACCESS) continue;
            unsigned k = mmu_trace_split_pages(&ev, c->page_shift, vas);
            for (unsigned i = 0; i < k; i++) {
                if (c->populate && ps_add(&r->pages, ev.pid, vas[i], p->page_shift)) n = -2;
                if (c->future && refs_push(&refs, ev.pid, (vas[i] & mmu_va_mask(p)) >> p->page_shift)) n = -2;
            }
            if (n == -2) break;
        }
        mmu_trace_close(tr);
        if (n == -2) mmu_fail(err, c->trace, 0, "out of memory reading the trace ahead");
        if (!n && c->future && mmu_os_set_future(os, refs.v, refs.n, err)) n = -1;
        free(refs.v);
        if (n) { mmu_run_close(r); return NULL; }
    }
    r->tr = mmu_trace_open(c->trace, c->fmt, err);
    if (!r->tr) { mmu_run_close(r); return NULL; }
    return r;
}

const char *mmu_run_format_name(const mmu_run *r)
{
    return mmu_trace_format_name(mmu_trace_reader_format(r->tr));
}

static int ev_fail(mmu_run *r, mmu_error *err, const mmu_error *why)
{
    return mmu_fail(err, r->c.trace, r->ev.line, "%s", why->msg);
}

int mmu_run_next(mmu_run *r, bool idle, mmu_run_page *pg, mmu_error *err)
{
    const mmu_profile *p = r->p;
    for (;;) {
        if (r->have_ev && r->prepared) {
            if (r->next_page < r->npages) {
                uint64_t va = r->vas[r->next_page];
                if (!mmu_va_in_range(p, va))
                    return mmu_fail(err, r->c.trace, r->ev.line,
                                    "VA 0x%" PRIx64 " is outside profile %s's %u-bit address space%s", va, p->name,
                                    p->va_bits, p->va_sign_extend ? " (canonical form)" : "");
                r->next_page++;
                mmu_run_counts *c = r->counts;
                c->accesses++;
                if (r->ev.acc == MMU_ACC_FETCH) c->fetches++;
                else if (r->ev.acc == MMU_ACC_LOAD) c->loads++;
                else c->stores++;
                pg->va = va;
                pg->acc = r->ev.acc;
                pg->pid = r->ev.pid;
                pg->line = r->ev.line;
                return MMU_RUN_PAGE;
            }
            r->have_ev = false;
        }
        if (!r->have_ev) {
            int n = mmu_trace_next(r->tr, &r->ev, err);
            if (n < 0) return -1;
            if (n == 0 && r->counts->accesses == 0)     /* nothing to count: not a run */
                return mmu_fail(err, r->c.trace, 0, "no memory accesses in the trace (empty, or only comments "
                                "and process events): expected at least one fetch, load or store");
            if (n == 0) return MMU_RUN_END;
            r->have_ev = true;
            r->prepared = false;
        }
        mmu_trace_event *ev = &r->ev;
        mmu_error why;
        int bad = 0;
        if (ev->kind == MMU_EV_ACCESS) {
            bool create = !mmu_os_has_process(r->os, ev->pid);
            if ((create || mmu_os_current(r->os) != (int)ev->pid) && !idle) return MMU_RUN_BUSY;
            if (create) {
                bad = mmu_os_create(r->os, ev->pid, NULL, 0, &why);
                if (!bad && r->c.populate) bad = populate_pid(r, ev->pid, &why);
            }
            if (!bad && mmu_os_current(r->os) != (int)ev->pid) bad = mmu_os_switch(r->os, ev->pid, &why);
            if (bad) return ev_fail(r, err, &why);
            r->npages = mmu_trace_split_pages(ev, r->c.page_shift, r->vas);
            if (r->npages == 0)
                return mmu_fail(err, r->c.trace, ev->line, "access of %u bytes at 0x%" PRIx64 " touches more than two "
                                "%u-byte pages", ev->size, ev->va, 1u << r->c.page_shift);
            r->next_page = 0;
            r->prepared = true;
            continue;
        }
        if (!idle) return MMU_RUN_BUSY;
        switch (ev->kind) {
        case MMU_EV_CREATE:
            bad = mmu_os_create(r->os, ev->pid, ev->seg, ev->seg_count, &why);
            if (!bad && r->c.populate) bad = populate_pid(r, ev->pid, &why);
            break;
        case MMU_EV_FORK:
            bad = mmu_os_fork(r->os, ev->pid, ev->child, &why);
            if (!bad && r->c.populate) bad = populate_pid(r, ev->child, &why);
            break;
        case MMU_EV_EXIT:
            bad = mmu_os_exit(r->os, ev->pid, &why);
            break;
        case MMU_EV_SWITCH:
            bad = mmu_os_switch(r->os, ev->pid, &why);
            break;
        case MMU_EV_BRK:
            bad = mmu_os_brk(r->os, ev->pid, ev->value, &why);
            if (!bad && r->c.populate) bad = populate_pid(r, ev->pid, &why);
            break;
        case MMU_EV_FLUSH:
            mmu_os_flush_all(r->os);
            break;
        default:
            break;
        }
        if (bad) return ev_fail(r, err, &why);
        if (r->c.on_event) r->c.on_event(r->c.event_ctx, ev);
        r->have_ev = false;
    }
}

void mmu_run_done(mmu_run *r, uint64_t pa)
{
    if (r->notes) mmu_os_note_access(r->os, pa);
}

int mmu_run_fault(mmu_run *r, const mmu_run_page *pg, const mmu_result *res, mmu_error *err)
{
    mmu_error why;
    int rc = mmu_os_fault(r->os, pg->va, pg->acc, MMU_PRIV_USER, res, &why);
    if (rc < 0) return mmu_fail(err, r->c.trace, pg->line, "%s", why.msg);
    if (rc == 0) return 0;
    if (r->c.strict)
        return mmu_fail(err, r->c.trace, pg->line, "segmentation fault: %s of VA 0x%" PRIx64 " (%s: %s)",
                        mmu_access_name(pg->acc), pg->va, mmu_cause_name(res->cause), mmu_cause_text(res->cause));
    r->counts->segv_skipped++;
    if (r->notes) mmu_os_note_access(r->os, UINT64_MAX);
    return 1;
}

/* ---- JSON ------------------------------------------------------------------------- */
static void json_add(mmu_json *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void json_add(mmu_json *j, const char *fmt, ...)
{
    if (j->oom) return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(j->buf ? j->buf + j->len : NULL, j->buf ? j->cap - j->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) { j->oom = true; return; }
        if (j->buf && j->len + (size_t)n < j->cap) { j->len += (size_t)n; return; }
        size_t cap = j->cap ? j->cap * 2 : 4096;
        while (cap < j->len + (size_t)n + 1) cap *= 2;
        char *b = realloc(j->buf, cap);
        if (!b) { j->oom = true; return; }
        j->buf = b;
        j->cap = cap;
    }
}

void mmu_json_begin(mmu_json *j)
{
    memset(j, 0, sizeof *j);
    j->first = true;
    json_add(j, "{");
}

static void json_key(mmu_json *j, const char *key)
{
    json_add(j, "%s\n  \"%s\": ", j->first ? "" : ",", key);
    j->first = false;
}

void mmu_json_num(mmu_json *j, const char *key, uint64_t v) { json_key(j, key); json_add(j, "%" PRIu64, v); }
void mmu_json_real(mmu_json *j, const char *key, double v) { json_key(j, key); json_add(j, "%.3f", v); }
void mmu_json_raw(mmu_json *j, const char *key, const char *v) { json_key(j, key); json_add(j, "%s", v); }

void mmu_json_str(mmu_json *j, const char *key, const char *v)
{
    json_key(j, key);
    json_add(j, "\"");
    for (size_t i = 0; v[i]; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (ch == '"' || ch == '\\') json_add(j, "\\%c", ch);
        else if (ch < 0x20) json_add(j, "\\u%04x", ch);
        else json_add(j, "%c", ch);
    }
    json_add(j, "\"");
}

void mmu_json_free(mmu_json *j)
{
    free(j->buf);
    j->buf = NULL;
    j->len = j->cap = 0;
}

int mmu_json_write(mmu_json *j, const char *path, mmu_error *err)
{
    json_add(j, "\n}\n");
    if (j->oom) {
        mmu_json_free(j);
        return mmu_fail(err, path, 0, "out of memory");
    }
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *fp = fopen(tmp, "wb");
    if (!fp) {
        mmu_json_free(j);
        return mmu_fail(err, path, 0, "cannot write: %s", strerror(errno));
    }
    int bad = fwrite(j->buf, 1, j->len, fp) != j->len;
    bad |= fclose(fp) != 0;
    mmu_json_free(j);
    if (bad || rename(tmp, path)) {
        int e = errno;
        remove(tmp);
        return mmu_fail(err, path, 0, "cannot write: %s", strerror(e));
    }
    return 0;
}

void mmu_run_json_fields(mmu_json *j, const mmu_run_report *r)
{
    const mmu_run_counts *c = r->c;
    const mmu_os_stats *st = r->os;
    const mmu_tlb_stats *ts = r->ts;
    mmu_json_str(j, "trace", r->trace);
    mmu_json_str(j, "format", r->format);
    mmu_json_str(j, "profile", r->p->name);
    mmu_json_str(j, "mode", mmu_mode_name(r->mode));
    mmu_json_num(j, "tlb_sets", r->tlb ? r->tlb->sets : r->p->tlb_sets);
    mmu_json_num(j, "tlb_ways", r->tlb ? r->tlb->ways : r->p->tlb_ways);
    mmu_json_str(j, "tlb_repl", mmu_repl_name(r->tlb ? r->tlb->repl : r->p->tlb_repl));
    mmu_json_num(j, "page_shift", r->page_shift);
    mmu_json_raw(j, "populate", r->populate ? "true" : "false");
    mmu_json_num(j, "frames", r->frames);
    mmu_json_str(j, "swap_policy", mmu_swap_policy_name(r->swap));
    mmu_json_num(j, "accesses", c->accesses);
    mmu_json_num(j, "fetches", c->fetches);
    mmu_json_num(j, "loads", c->loads);
    mmu_json_num(j, "stores", c->stores);
    mmu_json_num(j, "tlb_hits", c->hits);
    mmu_json_num(j, "tlb_misses", c->misses);
    mmu_json_num(j, "fetch_misses", c->miss_by[MMU_ACC_FETCH]);
    mmu_json_num(j, "load_misses", c->miss_by[MMU_ACC_LOAD]);
    mmu_json_num(j, "store_misses", c->miss_by[MMU_ACC_STORE]);
    mmu_json_num(j, "tlb_hit_faults", c->hit_faults);
    mmu_json_num(j, "tlb_evictions", ts ? ts->evictions : 0);
    mmu_json_num(j, "tlb_flushes", ts ? ts->flushes : 0);
    mmu_json_num(j, "tlb_flushed_entries", ts ? ts->flushed : 0);
    mmu_json_num(j, "retries", c->retries);
    mmu_json_num(j, "retry_hits", c->retry_hits);
    mmu_json_num(j, "retry_misses", c->retry_misses);
    mmu_json_num(j, "walks", c->walks);
    mmu_json_num(j, "pte_reads", c->pte_reads);
    mmu_json_num(j, "ad_writes", c->ad_writes);
    mmu_json_num(j, "page_faults", st->page_faults);
    mmu_json_num(j, "demand_zero", st->demand_zero);
    mmu_json_num(j, "swap_ins", st->swap_ins);
    mmu_json_num(j, "swap_outs", st->swap_outs);
    mmu_json_num(j, "dirty_writebacks", st->dirty_writebacks);
    mmu_json_num(j, "cow_copies", st->cow_copies);
    mmu_json_num(j, "segv", st->segv);
    mmu_json_num(j, "populated", st->populated);
    mmu_json_num(j, "context_switches", st->context_switches);
    mmu_json_num(j, "asid_rollovers", st->asid_rollovers);
    mmu_json_num(j, "compactions", st->compactions);
    mmu_json_num(j, "peak_resident", st->peak_resident);
    mmu_json_real(j, "pte_reads_per_walk", c->walks ? c->pte_reads / (double)c->walks : 0.0);
    if (r->pwc) {
        const mmu_pwc_stats *ps = r->pwc->entries ? r->pwc_stats : NULL;
        mmu_json_num(j, "pwc_entries", r->pwc->entries);
        mmu_json_str(j, "pwc_org", mmu_pwc_org_name(r->pwc->org));
        mmu_json_num(j, "pwc_hits", ps ? ps->hits : 0);
        mmu_json_num(j, "pwc_reads_saved", ps ? ps->reads_saved : 0);
        mmu_json_num(j, "pwc_clears", ps ? ps->clears : 0);
        mmu_json_num(j, "pwc_stale", ps ? ps->stale : 0);
    }
}

void mmu_run_print_summary(FILE *f, const mmu_run_report *r)
{
    const mmu_run_counts *c = r->c;
    const mmu_os_stats *st = r->os;
    uint64_t look = c->hits + c->misses;
    fprintf(f, "trace %s (%s), profile %s, mode %s\n", r->trace, r->format, r->p->name, mmu_mode_name(r->mode));
    if (r->tlb)
        fprintf(f, "TLB %u sets x %u ways, %s replacement, 2^%u-byte pages%s\n", r->tlb->sets, r->tlb->ways,
                mmu_repl_name(r->tlb->repl), r->page_shift, r->populate ? ", populated" : "");
    fprintf(f, "accesses   %" PRIu64 " TLB lookups of the trace (%" PRIu64 " fetch, %" PRIu64 " load, %" PRIu64
            " store; an access crossing a page counts once per page)\n", c->accesses, c->fetches, c->loads, c->stores);
    if (r->tlb)
        fprintf(f, "TLB        %" PRIu64 " hits, %" PRIu64 " misses (%" PRIu64 " fetch, %" PRIu64 " load, %" PRIu64
                " store): hit rate %.3f%% of those lookups\n", c->hits, c->misses, c->miss_by[0], c->miss_by[1],
                c->miss_by[2], look ? 100.0 * c->hits / (double)look : 0.0);
    fprintf(f, "walks      %" PRIu64 " page-table walks (%" PRIu64 " PTE reads, %.3f per walk, %" PRIu64
            " A/D writes)\n", c->walks, c->pte_reads, c->walks ? c->pte_reads / (double)c->walks : 0.0, c->ad_writes);
    const mmu_pwc_stats *ps = r->pwc && r->pwc->entries ? r->pwc_stats : NULL;
    if (ps) {
        uint64_t all = c->pte_reads + ps->reads_saved;
        fprintf(f, "PWC        %u entries, %s: %" PRIu64 " hits (%s), %" PRIu64 " PTE reads saved of %" PRIu64
                " (%.3f per walk without it), %" PRIu64 " clears, %" PRIu64 " stale\n", r->pwc->entries,
                r->pwc->org == MMU_PWC_VA ? "VA-indexed, skips levels" : "PTE-address tagged",
                ps->hits, r->pwc->org == MMU_PWC_VA ? "walks started below the root" : "PTE reads answered",
                ps->reads_saved, all, c->walks ? all / (double)c->walks : 0.0, ps->clears, ps->stale);
    }
    fprintf(f, "retries    %" PRIu64 " lookups again after the OS fixed a fault (%" PRIu64 " hits, %" PRIu64
            " misses; not in the TLB line above)\n", c->retries, c->retry_hits, c->retry_misses);
    fprintf(f, "OS         %" PRIu64 " page faults (%" PRIu64 " demand-zero), %" PRIu64 " swap-ins, %" PRIu64
            " swap-outs, %" PRIu64 " dirty write-backs, %" PRIu64 " COW copies\n",
            st->page_faults, st->demand_zero, st->swap_ins, st->swap_outs, st->dirty_writebacks, st->cow_copies);
    fprintf(f, "           %" PRIu64 " context switches, %" PRIu64 " TLB flushes, peak %" PRIu64 " resident pages",
            st->context_switches, st->flushes, st->peak_resident);
    if (r->frames) fprintf(f, " of %" PRIu64 " frames (policy %s)", r->frames, mmu_swap_policy_name(r->swap));
    fprintf(f, "\n");
    if (st->segv) fprintf(f, "segfaults  %" PRIu64 " accesses refused by the OS (skipped)\n", st->segv);
    if (st->compactions) fprintf(f, "memory     %" PRIu64 " compactions\n", st->compactions);
}
