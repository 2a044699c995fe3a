/* os.c — processes, registers and hooks, ASIDs, fork, exit, brk.
 *
 * ASIDs (profiles with asid_bits > 0) are handed out 1, 2, ... per
 * generation; when they run out a new generation starts with one full flush
 * and every process gets a new ASID when it next runs. ASIDs are never reused
 * within a generation, so switching needs no flush. Without ASIDs every
 * switch to another address space is followed by a full flush. Register
 * writes come first, then the flush (the RISC-V order for a satp change). */
#include <stdlib.h>
#include <string.h>
#include "os_internal.h"

uint64_t os_va_mask(const mmu_os *os, uint64_t va) { return va & mmu_va_mask(&os->p); }

uint64_t os_va_full(const mmu_os *os, uint64_t va)
{
    const mmu_profile *p = &os->p;
    if (p->va_sign_extend && p->va_bits < 64 && ((va >> (p->va_bits - 1)) & 1))
        return va | ~mmu_va_mask(p);
    return va;
}

void os_set_regs(mmu_os *os)
{
    os->st.reg_writes++;
    if (os->hooks.set_regs) os->hooks.set_regs(os->hooks.ctx, &os->regs);
}

void os_flush(mmu_os *os, bool use_va, uint64_t va, bool use_asid, uint32_t asid)
{
    mmu_flush_req f = {use_va, use_va ? va : 0, use_asid, use_asid ? asid : 0};
    os->st.flushes++;
    if (os->hooks.flush) os->hooks.flush(os->hooks.ctx, &f);
}

void os_flush_page(mmu_os *os, const os_proc *pr, uint64_t va)
{
    va &= ~(os->page_bytes - 1);     /* any VA of the page would do; name its first byte */
    if (os->p.asid_bits == 0) {
        if (pr == os->cur) os_flush(os, true, os_va_full(os, va), false, 0);
    } else if (pr->asid_gen == os->asid_gen) {
        os_flush(os, true, os_va_full(os, va), true, pr->asid);
    }
}

void os_flush_space(mmu_os *os, const os_proc *pr)
{
    if (os->p.asid_bits == 0) {
        if (pr == os->cur) os_flush(os, false, 0, false, 0);
    } else if (pr->asid_gen == os->asid_gen) {
        os_flush(os, false, 0, true, pr->asid);
    }
}

void mmu_os_flush_all(mmu_os *os) { os_flush(os, false, 0, false, 0); }

os_proc *os_find(const mmu_os *os, unsigned pid)
{
    for (size_t i = 0; i < os->nprocs; i++)
        if (os->procs[i]->pid == pid) return os->procs[i];
    return NULL;
}

const os_vma *os_vma_of(const os_proc *pr, uint64_t va)
{
    for (unsigned i = 0; i < pr->nvma; i++)
        if (va >= pr->vma[i].start && va < pr->vma[i].end) return &pr->vma[i];
    return NULL;
}

mmu_os *mmu_os_new(const mmu_profile *p, const mmu_os_config *cfg, const mmu_os_hooks *hooks, mmu_error *err)
{
    mmu_os *os = calloc(1, sizeof *os);
    if (!os) { mmu_fail(err, NULL, 0, "out of memory"); return NULL; }
    os->p = *p;
    os->cfg = *cfg;
    if (hooks) os->hooks = *hooks;
    if (os->cfg.mode == MMU_MODE_BARE) os->cfg.mode = MMU_MODE_PAGING;
    if (os->cfg.mode != MMU_MODE_PAGING && os->cfg.mode != MMU_MODE_HYBRID &&
        os->cfg.mode != MMU_MODE_SEGMENTATION) {
        mmu_fail(err, NULL, 0, "OS mode must be paging, hybrid or segmentation, not %s", mmu_mode_name(cfg->mode));
        free(os);
        return NULL;
    }
    if (!mmu_profile_mode_supported(p, os->cfg.mode)) {
        mmu_fail(err, NULL, 0, "OS mode %s: profile %s has no segmentation (segmentation = 0): paging only",
                 mmu_mode_name(os->cfg.mode), p->name);
        free(os);
        return NULL;
    }
    uint64_t pa_size = p->pa_bits >= 64 ? UINT64_MAX : (uint64_t)1 << p->pa_bits;
    os->mem_bytes = cfg->mem_bytes ? cfg->mem_bytes : (pa_size < ((uint64_t)4 << 30) ? pa_size : (uint64_t)4 << 30);
    os->page_bytes = (uint64_t)1 << p->page_shift;
    if (os->mem_bytes > pa_size || os->mem_bytes < os->page_bytes * 2 || os->mem_bytes % os->page_bytes) {
        mmu_fail(err, NULL, 0, "memory size %llu: expected a multiple of the %llu-byte page, at least two pages "
                 "and at most 2^%u bytes (profile %s)", (unsigned long long)os->mem_bytes,
                 (unsigned long long)os->page_bytes, p->pa_bits, p->name);
        free(os);
        return NULL;
    }
    os->total_frames = os->mem_bytes / os->page_bytes;
    unsigned gs = cfg->group_shift;
    if (gs && (gs < p->page_shift || gs > 30 || gs >= p->va_bits)) {
        mmu_fail(err, NULL, 0, "page group 2^%u bytes: expected between the profile's page (2^%u) and 2^30",
                 gs, p->page_shift);
        free(os);
        return NULL;
    }
    os->pin_frame = OS_NONE;
    os->rng = cfg->seed;
    os->asid_gen = 1;
    os->next_asid = 1;
    os->asid_max = p->asid_bits ? (uint32_t)os_mask(p->asid_bits) : 0;
    mmu_regs_reset(&os->regs);
    os->regs.mode = os->cfg.mode;
    os->regs.adue = !cfg->svade && p->svadu;   /* no Svadu in the MMU: the OS sets A/D (Svade) */
    os->mem = mmu_sparse_mem_new(os->mem_bytes);
    if (!os->mem) { mmu_fail(err, NULL, 0, "out of memory"); free(os); return NULL; }
    os->memops = mmu_sparse_mem_ops(os->mem);
    if (os_frames_init(os, err) || os_swap_init(os, err)) {
        mmu_os_free(os);
        return NULL;
    }
    return os;
}

void mmu_os_free(mmu_os *os)
{
    if (!os) return;
    for (size_t i = 0; i < os->nprocs; i++) free(os->procs[i]);
    free(os->procs);
    os_frames_done(os);
    os_swap_done(os);
    free(os->future_next);
    free(os->first);
    mmu_sparse_mem_free(os->mem);
    free(os);
}

const mmu_regs *mmu_os_regs(const mmu_os *os) { return &os->regs; }
mmu_mem mmu_os_mem(mmu_os *os) { return os->memops; }
const mmu_os_stats *mmu_os_get_stats(const mmu_os *os) { return &os->st; }
bool mmu_os_has_process(const mmu_os *os, unsigned pid) { return os_find(os, pid) != NULL; }
int mmu_os_current(const mmu_os *os) { return os->cur ? (int)os->cur->pid : -1; }

static uint64_t user_top(const mmu_os *os)
{
    const mmu_profile *p = &os->p;
    /* Sv39-style spaces: the user half is the lower (positive) half. */
    return p->va_sign_extend ? (uint64_t)1 << (p->va_bits - 1) : (uint64_t)1 << p->va_bits;
}

static int set_vmas(mmu_os *os, os_proc *pr, const mmu_trace_seg *segs, unsigned nseg, mmu_error *err)
{
    const mmu_profile *p = &os->p;
    unsigned off_bits = mmu_profile_seg_offset_bits(p);
    pr->heap = -1;
    if (nseg == 0) {
        if (os->cfg.mode == MMU_MODE_SEGMENTATION)
            return mmu_fail(err, NULL, 0, "segmentation mode needs the process's segments (a trace with "
                            "process events, or --mode paging)");
        if (os->cfg.mode == MMU_MODE_PAGING) {
            pr->vma[0] = (os_vma){"all", 0, user_top(os), true, true, true, false};
            pr->nvma = 1;
        } else {
            for (unsigned s = 0; s < p->seg_count && s < OS_MAX_VMAS; s++) {
                pr->vma[s] = (os_vma){"all", (uint64_t)s << off_bits, (uint64_t)(s + 1) << off_bits,
                                      true, true, true, false};
                pr->nvma++;
            }
        }
        return 0;
    }
    if (nseg > OS_MAX_VMAS) return mmu_fail(err, NULL, 0, "at most %d segments per process", OS_MAX_VMAS);
    for (unsigned i = 0; i < nseg; i++) {
        const mmu_trace_seg *s = &segs[i];
        uint64_t start = os_va_mask(os, s->base);
        if (!mmu_va_in_range(p, s->base) || s->size > mmu_va_mask(p) - start + 1)
            return mmu_fail(err, NULL, 0, "segment '%s' at 0x%llx, %llu bytes: expected a range "
                            "inside the %u-bit address space", s->name, (unsigned long long)s->base,
                            (unsigned long long)s->size, p->va_bits);
        os_vma *v = &pr->vma[i];
        snprintf(v->name, sizeof v->name, "%s", s->name);
        v->start = start;
        v->end = start + s->size;
        v->r = s->r; v->w = s->w; v->x = s->x;
        v->grows_negative = s->grows_negative;
        for (unsigned j = 0; j < i; j++)
            if (v->start < pr->vma[j].end && pr->vma[j].start < v->end)
                return mmu_fail(err, NULL, 0, "segments '%s' and '%s' overlap", v->name, pr->vma[j].name);
        if (os->cfg.mode != MMU_MODE_PAGING) {
            uint64_t sel = v->start >> off_bits;
            if (((v->end > v->start ? v->end - 1 : v->start) >> off_bits) != sel || sel >= p->seg_count)
                return mmu_fail(err, NULL, 0, "segment '%s' (0x%llx..0x%llx) must lie inside one of the %u "
                                "segment regions of 2^%u bytes", v->name, (unsigned long long)v->start,
                                (unsigned long long)(v->end - 1), p->seg_count, off_bits);
            for (unsigned j = 0; j < i; j++)
                if ((pr->vma[j].start >> off_bits) == sel)
                    return mmu_fail(err, NULL, 0, "segments '%s' and '%s' share segment register %llu",
                                    v->name, pr->vma[j].name, (unsigned long long)sel);
        }
        if (!strcmp(v->name, "heap")) pr->heap = (int)i;
        pr->nvma++;
    }
    return 0;
}

static int add_proc(mmu_os *os, os_proc *pr, mmu_error *err)
{
    if (os->nprocs == os->capprocs) {
        size_t cap = os->capprocs ? os->capprocs * 2 : 8;
        os_proc **n = realloc(os->procs, cap * sizeof *n);
        if (!n) return mmu_fail(err, NULL, 0, "out of memory");
        os->procs = n;
        os->capprocs = cap;
    }
    os->procs[os->nprocs++] = pr;
    return 0;
}

int mmu_os_create(mmu_os *os, unsigned pid, const mmu_trace_seg *segs, unsigned nseg, mmu_error *err)
{
    if (os_find(os, pid)) return mmu_fail(err, NULL, 0, "process %u exists already", pid);
    os_proc *pr = calloc(1, sizeof *pr);
    if (!pr) return mmu_fail(err, NULL, 0, "out of memory");
    pr->pid = pid;
    int rc = set_vmas(os, pr, segs, nseg, err);
    if (!rc) rc = os_paged(os) ? os_pt_create(os, pr, err) : os_seg_place_all(os, pr, err);
    if (!rc) rc = add_proc(os, pr, err);
    if (rc) {
        if (os_paged(os)) os_pt_destroy(os, pr);
        else os_seg_release_all(os, pr);
        free(pr);
        return -1;
    }
    return os->cur ? 0 : mmu_os_switch(os, pid, err);
}

static void load_regs(mmu_os *os, const os_proc *pr)
{
    switch (os->cfg.mode) {
    case MMU_MODE_PAGING:
        os->regs.ptbase = pr->root;
        break;
    case MMU_MODE_HYBRID:
        for (unsigned s = 0; s < MMU_MAX_SEGMENTS; s++) {
            mmu_segment g = {0};
            if (pr->hseg[s].used) {
                g.valid = true;
                g.base = pr->hseg[s].table;
                g.bound = pr->hseg[s].pages;
                g.r = g.w = g.x = g.user = true;
            }
            os->regs.seg[s] = g;
        }
        break;
    default:
        os_seg_load_regs(os, pr);
        break;
    }
}

int mmu_os_switch(mmu_os *os, unsigned pid, mmu_error *err)
{
    os_proc *pr = os_find(os, pid);
    if (!pr) return mmu_fail(err, NULL, 0, "switch to process %u, which does not exist", pid);
    if (pr == os->cur) return 0;
    os->cur = pr;
    os->st.context_switches++;
    load_regs(os, pr);
    if (!os_paged(os)) {
        os_set_regs(os);
        return 0;
    }
    if (os->p.asid_bits == 0) {
        os->regs.asid = 0;
        os_set_regs(os);
        os_flush(os, false, 0, false, 0);
        return 0;
    }
    bool rollover = false;
    if (pr->asid_gen != os->asid_gen) {
        if (os->next_asid > os->asid_max) {
            os->asid_gen++;
            os->next_asid = 1;
            os->st.asid_rollovers++;
            rollover = true;
        }
        pr->asid = os->next_asid++;
        pr->asid_gen = os->asid_gen;
    }
    os->regs.asid = pr->asid;
    os_set_regs(os);
    if (rollover) os_flush(os, false, 0, false, 0);
    return 0;
}

typedef struct { os_proc *child; mmu_error *err; } fork_ctx;

static int fork_pte(mmu_os *os, os_proc *parent, uint64_t va, uint64_t pa, uint64_t pte, void *vctx)
{
    fork_ctx *c = vctx;
    uint64_t ca, slot;
    if (os_pte_addr(os, c->child, va, true, &ca, c->err)) return -1;
    pte = os_read(os, pa, os->p.pte_bytes);     /* table allocation may have paged it out */
    if (pte == 0) return 0;
    if (os_pte_is_swapped(os, pte, &slot)) {
        os_slot_get(os, slot);
        os_write(os, ca, os->p.pte_bytes, pte);
        return 0;
    }
    uint64_t frame = mmu_pte_ppn(&os->p, pte), vpn = va >> os->p.page_shift;
    if (os->p.pte_format == MMU_PTE_OSTEP_SMALL) {
        /* No W bit to share pages read-only: copy now. */
        uint64_t nf;
        os->pin_frame = frame;
        int rc = os_frame_alloc(os, FR_DATA, &nf, c->err);
        os->pin_frame = OS_NONE;
        if (rc) return -1;
        os_frame_copy(os, nf, frame);
        if (os_map_add(os, nf, c->child, vpn) || os_resident_add(os, nf))
            return mmu_fail(c->err, NULL, 0, "out of memory");
        os_write(os, ca, os->p.pte_bytes, os_pte_leaf(os, nf, os_vma_of(c->child, va), true));
        os_policy_loaded(os, nf, c->child, vpn);
        os->st.cow_copies++;
        return 0;
    }
    if (os_pte_writable(os, pte)) {
        pte = os_pte_set_writable(os, pte, false);
        os_write(os, pa, os->p.pte_bytes, pte);
    }
    if (os_map_add(os, frame, c->child, vpn)) return mmu_fail(c->err, NULL, 0, "out of memory");
    os_write(os, ca, os->p.pte_bytes, pte);
    return 0;
}

int mmu_os_fork(mmu_os *os, unsigned parent, unsigned child, mmu_error *err)
{
    os_proc *pp = os_find(os, parent);
    if (!pp) return mmu_fail(err, NULL, 0, "fork: no process %u", parent);
    if (os_find(os, child)) return mmu_fail(err, NULL, 0, "fork: process %u exists already", child);
    if (os->cfg.group_shift > os->p.page_shift)
        return mmu_fail(err, NULL, 0, "fork is not supported with page groups (a TLB page larger than the profile's)");
    os_proc *c = calloc(1, sizeof *c);
    if (!c) return mmu_fail(err, NULL, 0, "out of memory");
    memcpy(c->vma, pp->vma, sizeof c->vma);
    c->nvma = pp->nvma;
    c->heap = pp->heap;
    c->pid = child;
    if (add_proc(os, c, err)) { free(c); return -1; }
    if (!os_paged(os)) return os_seg_fork(os, pp, c, err);
    if (os_pt_create(os, c, err)) return -1;
    if (os->cfg.mode == MMU_MODE_HYBRID)
        for (unsigned s = 0; s < MMU_MAX_SEGMENTS; s++)
            if (pp->hseg[s].used && os_hybrid_grow(os, c, s, pp->hseg[s].pages, err)) return -1;
    fork_ctx ctx = {c, err};
    if (os_pt_foreach(os, pp, fork_pte, &ctx)) return -1;
    os_flush_space(os, pp);   /* the parent's pages became read-only */
    return 0;
}

static int exit_pte(mmu_os *os, os_proc *pr, uint64_t va, uint64_t pa, uint64_t pte, void *ctx)
{
    return os_unmap_page(os, pr, va, pa, pte);
}

int mmu_os_exit(mmu_os *os, unsigned pid, mmu_error *err)
{
    os_proc *pr = os_find(os, pid);
    if (!pr) return mmu_fail(err, NULL, 0, "exit: no process %u", pid);
    if (os_paged(os)) {
        os_pt_foreach(os, pr, exit_pte, NULL);
        os_flush_space(os, pr);
        os_pt_destroy(os, pr);
    } else {
        os_seg_release_all(os, pr);
    }
    for (size_t i = 0; i < os->nprocs; i++)
        if (os->procs[i] == pr) { os->procs[i] = os->procs[--os->nprocs]; break; }
    if (os->cur == pr) os->cur = NULL;
    free(pr);
    return 0;
}

int mmu_os_brk(mmu_os *os, unsigned pid, uint64_t bytes, mmu_error *err)
{
    os_proc *pr = os_find(os, pid);
    if (!pr) return mmu_fail(err, NULL, 0, "brk: no process %u", pid);
    if (pr->heap < 0) return mmu_fail(err, NULL, 0, "brk: process %u has no segment named 'heap'", pid);
    os_vma *h = &pr->vma[pr->heap];
    uint64_t limit = os->cfg.mode == MMU_MODE_PAGING ? mmu_va_mask(&os->p) + 1
        : ((h->start >> mmu_profile_seg_offset_bits(&os->p)) + 1) << mmu_profile_seg_offset_bits(&os->p);
    if (bytes > limit - h->start)
        return mmu_fail(err, NULL, 0, "brk: heap of %llu bytes from 0x%llx leaves the %s",
                        (unsigned long long)bytes, (unsigned long long)h->start,
                        os->cfg.mode == MMU_MODE_PAGING ? "address space" : "heap's segment region");
    uint64_t new_end = h->start + bytes;
    for (unsigned i = 0; i < pr->nvma; i++)
        if ((int)i != pr->heap && pr->vma[i].start < new_end && h->start < pr->vma[i].end && bytes)
            return mmu_fail(err, NULL, 0, "brk: heap end 0x%llx would overlap segment '%s'",
                            (unsigned long long)new_end, pr->vma[i].name);
    if (!os_paged(os)) {
        if (os_seg_resize(os, pr, (unsigned)(h->start >> mmu_profile_seg_offset_bits(&os->p)), new_end, err))
            return -1;
        pr->vma[pr->heap].end = new_end;
        return 0;
    }
    uint64_t pg = os->page_bytes;
    uint64_t from = (new_end + pg - 1) / pg * pg, to = (h->end + pg - 1) / pg * pg;
    for (uint64_t va = from; va < to; va += pg) {
        uint64_t a;
        if (os_pte_addr(os, pr, va, false, &a, NULL)) continue;
        uint64_t pte = os_read(os, a, os->p.pte_bytes);
        if (!pte) continue;
        os_unmap_page(os, pr, va, a, pte);
        os_flush_page(os, pr, va);
    }
    h->end = new_end;
    return 0;
}

mmu_page_state mmu_os_page_state(const mmu_os *cos, unsigned pid, uint64_t va, uint64_t *pte_out)
{
    mmu_os *os = (mmu_os *)cos;   /* reads only: no table is created */
    os_proc *pr = os_find(os, pid);
    uint64_t a;
    if (pte_out) *pte_out = 0;
    if (!pr || !os_paged(os) || os_pte_addr(os, pr, os_va_mask(os, va), false, &a, NULL)) return MMU_PAGE_NONE;
    uint64_t pte = os_read(os, a, os->p.pte_bytes);
    if (pte_out) *pte_out = pte;
    if (mmu_pte_valid(&os->p, pte)) return MMU_PAGE_RESIDENT;
    return os_pte_is_swapped(os, pte, NULL) ? MMU_PAGE_SWAPPED : MMU_PAGE_NONE;
}

const mmu_os_page *mmu_os_writebacks(const mmu_os *os, size_t *count)
{
    *count = os->nwb;
    return os->wb;
}

uint32_t mmu_os_asid(const mmu_os *os, unsigned pid)
{
    const os_proc *pr = os_find(os, pid);
    return pr ? pr->asid : 0;
}

static const char *const SWAP_NAMES[] = {"fifo", "lru", "opt", "clock", "rand"};
static const char *const FIT_NAMES[] = {"first", "best", "worst"};

const char *mmu_swap_policy_name(mmu_swap_policy s) { return (unsigned)s < 5 ? SWAP_NAMES[s] : "?"; }
const char *mmu_fit_policy_name(mmu_fit_policy f) { return (unsigned)f < 3 ? FIT_NAMES[f] : "?"; }

int mmu_swap_policy_parse(const char *s, mmu_swap_policy *out)
{
    for (unsigned i = 0; i < 5; i++)
        if (!strcmp(s, SWAP_NAMES[i])) { *out = (mmu_swap_policy)i; return 0; }
    if (!strcmp(s, "random")) { *out = MMU_SWAP_RAND; return 0; }
    return -1;
}

int mmu_fit_policy_parse(const char *s, mmu_fit_policy *out)
{
    for (unsigned i = 0; i < 3; i++)
        if (!strcmp(s, FIT_NAMES[i])) { *out = (mmu_fit_policy)i; return 0; }
    return -1;
}
