/* mmu_regs.c — the register block (docs/rtl.md "Register map", "The rule for
 * register writes"): MODE, PTBASE, ASID, STATUS, flush operands and command,
 * segment registers, CONFIG0/1, counters (mmu_perf) and the registered read.
 *
 * A write in cycle c changes the register at the end of c; reg_rdata_o in
 * c+1 is the value the register named in c had during c (before the write).
 * Writes keep the low bits of the field's width; unmapped addresses read 0
 * and ignore writes. Feature parameters: without SEGMENTATION, MODE writes
 * of B&B (1), segmentation (2) and hybrid (4) are ignored (mmu_defs.h
 * numbering; MODE keeps bare 0 and paging 3) and 0x40..0x7F are unmapped; without SVADU, ADUE
 * resets to 0, reads 0 and ignores writes; with CTR_BITS = 0 the counter
 * addresses read 0. */
#include <string.h>
#include "cycle_internal.h"

/* The derived views (arch, rd_val) after a reset or a committed write. */
static void rebuild_views(const cyc_cfg *c, cyc_regs_q *q)
{
    mmu_regs *a = &q->arch;
    a->mode = (mmu_mode)q->mode_q;
    a->ptbase = q->ptbase_q;
    a->asid = q->asid_q;
    a->sum = cyc_regs_sum(q);
    a->mxr = cyc_regs_mxr(q);
    a->adue = cyc_regs_adue(q);
    for (unsigned i = 0; i < MMU_MAX_SEGMENTS; i++) {
        mmu_segment *s = &a->seg[i];
        unsigned ctl = i < c->seg_count ? q->seg_ctrl_q[i] : 0;
        s->base = i < c->seg_count ? q->seg_base_q[i] : 0;
        s->bound = i < c->seg_count ? q->seg_bound_q[i] : 0;
        s->valid = ctl & 1u;
        s->grows_negative = (ctl >> 1) & 1u;
        s->r = (ctl >> 2) & 1u;
        s->w = (ctl >> 3) & 1u;
        s->x = (ctl >> 4) & 1u;
        s->user = (ctl >> 5) & 1u;
    }
    /* Unmapped addresses and FLUSH (write-only) read 0. */
    uint64_t *rd = q->rd_val;
    memset(rd, 0, sizeof q->rd_val);
    rd[CYC_REG_MODE] = q->mode_q;
    rd[CYC_REG_PTBASE] = q->ptbase_q;
    rd[CYC_REG_ASID] = q->asid_q;
    rd[CYC_REG_STATUS] = q->status_q;
    rd[CYC_REG_FLUSH_VA] = q->flush_va_q;
    rd[CYC_REG_FLUSH_ASID] = q->flush_asid_q;
    rd[CYC_REG_CONFIG0] = c->config0;
    rd[CYC_REG_CONFIG1] = c->config1;
    for (unsigned i = 0; c->segmentation && i < c->seg_count; i++) {   /* SEG_COUNT <= 16: 0x40..0x7F */
        rd[CYC_REG_SEG_FIRST + 4 * i] = q->seg_base_q[i];
        rd[CYC_REG_SEG_FIRST + 4 * i + 1] = q->seg_bound_q[i];
        rd[CYC_REG_SEG_FIRST + 4 * i + 2] = q->seg_ctrl_q[i];
    }
}

void cyc_regs_bind(const cyc_cfg *c, cyc_regs_q *q, const cyc_perf_q *perf)
{
    static const uint64_t zero = 0;
    for (unsigned a = 0; a < 256; a++) {
        if (a < CYC_REG_CTR_BASE) q->rd_src[a] = &q->rd_val[a];
        else if (a <= CYC_REG_CTR_LAST && c->ctr_bits)   /* slots without an event hold 0 */
            q->rd_src[a] = &perf->ctr_q[a - CYC_REG_CTR_BASE];
        else q->rd_src[a] = &zero;
    }
}

void cyc_regs_reset(const cyc_cfg *c, cyc_regs_q *q)
{
    q->mode_q = MMU_MODE_BARE;
    q->ptbase_q = 0;
    q->asid_q = 0;
    q->status_q = 4u & c->status_mask;   /* ADUE = 1 (0 without SVADU) */
    q->flush_va_q = 0;
    q->flush_asid_q = 0;
    memset(q->seg_base_q, 0, sizeof q->seg_base_q);
    memset(q->seg_bound_q, 0, sizeof q->seg_bound_q);
    memset(q->seg_ctrl_q, 0, sizeof q->seg_ctrl_q);
    q->rdata_q = 0;
    rebuild_views(c, q);
}

/* cyc_regs_decode (the write-port decode and reg_event) and cyc_regs_read
 * (the read table) are inline in cycle_internal.h. */

void cyc_regs_commit(const cyc_cfg *c, cyc_regs_q *q, const cyc_regs_wr *w, uint64_t rdata_d)
{
    q->rdata_q = rdata_d;
    if (!w->we) return;
    uint64_t v = w->wdata;
    switch (w->addr) {
    case CYC_REG_MODE:
        /* a value >= 5, or 1, 2, 4 without SEGMENTATION, is ignored */
        if (v < MMU_MODE_COUNT && mmu_profile_mode_supported(&c->p, (unsigned)v)) q->mode_q = (unsigned)v;
        else return;
        break;
    case CYC_REG_PTBASE: q->ptbase_q = v & c->ppn_mask; break;
    case CYC_REG_ASID: q->asid_q = (uint32_t)(v & c->asid_mask); break;
    case CYC_REG_STATUS: q->status_q = (unsigned)v & c->status_mask; break;
    case CYC_REG_FLUSH_VA: q->flush_va_q = v & c->va_port_mask; break;
    case CYC_REG_FLUSH_ASID: q->flush_asid_q = (uint32_t)(v & c->asid_mask); break;
    default:
        if (c->segmentation && w->addr >= CYC_REG_SEG_FIRST && w->addr <= CYC_REG_SEG_LAST) {
            unsigned i = (w->addr - CYC_REG_SEG_FIRST) >> 2, f = w->addr & 3u;
            if (i >= c->seg_count) return;
            if (f == 0) q->seg_base_q[i] = v & c->pa_mask;
            else if (f == 1) q->seg_bound_q[i] = v & c->bound_mask;
            else if (f == 2) q->seg_ctrl_q[i] = (unsigned)(v & 63u);
            else return;
            break;
        }
        return;   /* FLUSH, CTR_CLEAR (handled by their modules), read-only, unmapped */
    }
    rebuild_views(c, q);
}
