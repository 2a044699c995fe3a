/* mmu_tlb.c — the set-associative TLB (docs/rtl.md "The TLB read port",
 * "Cycle t+1", "Fill", "TLB indexing and superpages", "Flush").
 *
 * State: per set and way one RAM word, tag {VPN, LVL, ASID, G} and payload
 * {PPN, d,a,u,x,w,r}, and a valid flip-flop; the read registers rd_idx_q,
 * rd_valid_q, rd_tag_q, g_way[w].rd_q take a set's pre-edge contents
 * (read-before-write) at an edge, and everything else (compare, fill
 * overlap check, flush walk compare) uses only them, in the next cycle.
 * The flush walk registers fl_* are here too; which set the port reads is
 * decided by mmu_top (the priority table). */
#include <stdlib.h>
#include <string.h>
#include "cycle_internal.h"

int cyc_tlb_alloc(const cyc_cfg *c, cyc_tlb_q *q)
{
    memset(q, 0, sizeof *q);
    size_t n = (size_t)c->sets * c->ways;
    q->valid_q = calloc(c->sets, sizeof *q->valid_q);
    q->tag_q = calloc(n, sizeof *q->tag_q);
    q->ram_q = calloc(n, sizeof *q->ram_q);
    return q->valid_q && q->tag_q && q->ram_q ? 0 : -1;
}

void cyc_tlb_free(cyc_tlb_q *q)
{
    free(q->valid_q);
    free(q->tag_q);
    free(q->ram_q);
}

void cyc_tlb_reset(const cyc_cfg *c, cyc_tlb_q *q)
{
    /* Valid bits and the flush walk's fl_busy_q / fl_cmp_q reset; tags, RAM,
     * read registers, fl_idx_q and fl_use_* are not reset (their values are
     * never used behind a valid bit that is 0). */
    memset(q->valid_q, 0, c->sets * sizeof *q->valid_q);
    q->fl_busy_q = false;
    q->fl_cmp_q = false;
}

void cyc_tlb_compare(const cyc_cfg *c, const cyc_tlb_q *q, uint64_t va, uint32_t asid, cyc_tlb_cmp *o)
{
    uint64_t vpn = (va >> c->page_shift) & c->vpn_mask;
    o->hit = false;
    o->matches = 0;
    o->way = 0;
    o->lvl = 0;
    o->ram = 0;
    for (unsigned v = q->rd_valid_q; v; v &= v - 1) {
        unsigned w = (unsigned)__builtin_ctz(v);
        const cyc_tlb_tag *t = &q->rd_tag_q[w];
        if (!t->g && t->asid != asid) continue;
        if (((t->vpn ^ vpn) & c->lvl_mask[t->lvl]) != 0) continue;
        if (!o->matches++) {
            o->hit = true;
            o->way = w;
            o->lvl = t->lvl;
            o->ram = q->rd_q[w];
        }
    }
}

void cyc_tlb_read_commit(const cyc_cfg *c, cyc_tlb_q *q, unsigned idx)
{
    size_t base = (size_t)idx * c->ways;
    q->rd_idx_q = idx;
    q->rd_valid_q = q->valid_q[idx];
    /* Only the valid ways are copied: the compare never looks at the tag or
     * payload of a way whose rd_valid_q bit is 0. */
    for (unsigned v = q->rd_valid_q; v; v &= v - 1) {
        unsigned w = (unsigned)__builtin_ctz(v);
        q->rd_tag_q[w] = q->tag_q[base + w];
        q->rd_q[w] = q->ram_q[base + w];
    }
}

/* Fill (docs/rtl.md "Fill"): the set's contents are the read registers
 * (the walker read its own set in the cycle before DONE, read port
 * priority 2, and nothing writes the TLB between that read and a fill). */
void cyc_tlb_fill_plan(const cyc_cfg *c, const cyc_tlb_q *q, const cyc_repl_q *r,
                       uint64_t va, unsigned lvl, uint32_t asid, bool g, uint64_t ppn, unsigned perm,
                       cyc_tlb_fill *f)
{
    unsigned idx = cyc_tlb_idx(c, va);
    uint64_t vpn = (va >> c->page_shift) & c->vpn_mask;
    unsigned valid = q->rd_valid_q, ov = 0;
    for (unsigned v = valid; v; v &= v - 1) {
        unsigned w = (unsigned)__builtin_ctz(v);
        const cyc_tlb_tag *t = &q->rd_tag_q[w];
        if (!(t->g || g || t->asid == asid)) continue;
        if (((t->vpn ^ vpn) & c->lvl_mask[t->lvl] & c->lvl_mask[lvl]) == 0) ov |= 1u << w;
    }
    unsigned all = (unsigned)cyc_mask(c->ways);
    unsigned way;
    if (ov) way = (unsigned)__builtin_ctz(ov);
    else if (valid != all) way = (unsigned)__builtin_ctz(~valid & all);
    else way = cyc_repl_victim(c, r, idx);
    f->idx = idx;
    f->way = way;
    f->inval = (uint16_t)(ov & ~(1u << way));
    f->replaced_valid = (valid >> way) & 1u;
    f->tag.vpn = vpn;
    f->tag.asid = asid & (uint32_t)c->asid_mask;
    f->tag.lvl = (uint8_t)lvl;
    f->tag.g = g;
    f->ram = cyc_ram_word(ppn & c->ppn_mask, perm);
}

void cyc_tlb_fill_commit(const cyc_cfg *c, cyc_tlb_q *q, const cyc_tlb_fill *f)
{
    size_t i = (size_t)f->idx * c->ways + f->way;
    q->valid_q[f->idx] = (uint16_t)((q->valid_q[f->idx] & ~f->inval) | (1u << f->way));
    q->tag_q[i] = f->tag;
    q->ram_q[i] = f->ram;
}

/* Step 0 on the operand: a VA that is not valid flushes nothing. The
 * operand register holds VA_PORT_BITS bits. */
bool cyc_tlb_flush_va_ok(const cyc_cfg *c, uint64_t flush_va)
{
    uint64_t v = flush_va;
    if (c->va_sign_extend && c->va_port_bits < 64 && ((v >> (c->va_port_bits - 1)) & 1u))
        v |= ~c->va_port_mask;
    return mmu_va_in_range(&c->p, v);
}

/* One flush comparator per way, on the read registers: covered =
 * (!use_va | VPN matches FLUSH_VA above the entry's level)
 * & (!use_asid | (!G & ASID == FLUSH_ASID)). */
unsigned cyc_tlb_flush_cmp(const cyc_cfg *c, const cyc_tlb_q *q, uint64_t flush_va, uint32_t flush_asid)
{
    uint64_t vpn = (flush_va >> c->page_shift) & c->vpn_mask;
    unsigned kill = 0;
    for (unsigned v = q->rd_valid_q; v; v &= v - 1) {
        unsigned w = (unsigned)__builtin_ctz(v);
        const cyc_tlb_tag *t = &q->rd_tag_q[w];
        if (q->fl_use_va_q && ((t->vpn ^ vpn) & c->lvl_mask[t->lvl]) != 0) continue;
        if (q->fl_use_asid_q && (t->g || t->asid != flush_asid)) continue;
        kill |= 1u << w;
    }
    return kill;
}

void cyc_tlb_flush_all_commit(const cyc_cfg *c, cyc_tlb_q *q)
{
    memset(q->valid_q, 0, c->sets * sizeof *q->valid_q);
}
