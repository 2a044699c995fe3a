/* mmu_tlb.h — the TLB model: set-associative, runtime geometry.
 *
 * Follows the RTL TLB of docs/rtl.md (replacement state, set index of
 * superpages, flush matching) so that a trace gives the RTL's hit/miss counts;
 * docs/os.md "The TLB model" describes it. Permissions are not cached: every
 * hit re-checks the cached leaf PTE with mmu_leaf_check (the arch layer's
 * single copy of the leaf rules), so SUM/MXR/privilege changes take effect
 * without a flush.
 *
 * (At fill time the entry records mmu_leaf_check's answer for every value
 * of the inputs; a hit indexes that table with the current ones.)
 *
 * Entries: tag = VA >> map_shift (VA masked to va_bits), ASID, global, the
 * leaf PTE as the walk left it, map_shift (page_shift + level * vpn_bits).
 * Set index = (VA >> page_shift) mod sets, page_shift being the TLB's base
 * page size: a superpage entry lives in the set of the VA that missed, so
 * the same superpage may sit in several sets; lookups probe one set and
 * match on the entry's own size. Flushes scan every set.
 */
#ifndef MMU_TLB_H
#define MMU_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_arch.h"
#include "mmu_defs.h"
#include "mmu_error.h"

typedef struct {
    unsigned sets;         /* power of two                                   */
    unsigned ways;         /* >= 1; power of two for plru                    */
    mmu_repl repl;
    unsigned page_shift;   /* base page: set index and smallest entry size   */
    unsigned va_bits;      /* tags use VA[va_bits-1:0]                        */
    bool va_sign_extend;   /* step 0 of docs/translation.md (flush by VA)    */
    uint32_t seed;         /* random: LFSR seed (0 = docs/rtl.md's reset value) */
    bool flush_all;        /* every flush empties the TLB, whatever its operands
                              (profile flush_exact = 0)                         */
} mmu_tlb_config;

typedef struct {
    bool valid;
    bool global;
    uint32_t asid;
    unsigned map_shift;    /* log2 of the bytes the entry maps               */
    uint64_t tag;          /* masked VA >> map_shift                         */
    uint64_t pte;          /* leaf PTE (after the walk's A/D update)          */
    uint64_t pa_base;      /* PA of the first byte of the mapping            */
    uint64_t allow;        /* mmu_leaf_check of pte for every (access, priv,
                              SUM, MXR, ADUE), bit mmu_tlb_perm_index(): a
                              truth table of the arch rule, not a second rule */
} mmu_tlb_entry;

/* Bit of mmu_tlb_entry.allow for one combination of inputs: set when the
 * leaf allows the access and needs no A/D update. */
static inline unsigned mmu_tlb_perm_index(mmu_access acc, mmu_priv priv, bool sum, bool mxr, bool adue)
{
    return (((((unsigned)acc * 2 + (unsigned)priv) * 2 + sum) * 2 + mxr) * 2) + adue;
}

typedef struct {
    uint64_t lookups, hits, misses;
    uint64_t fills, evictions;     /* evictions: a valid entry replaced          */
    uint64_t flushes, flushed;     /* flush requests, entries they invalidated   */
} mmu_tlb_stats;

typedef enum {
    MMU_TLB_MISS = 0,      /* no entry, or one that needs A/D set: walk       */
    MMU_TLB_HIT = 1,       /* *pa valid                                       */
    MMU_TLB_HIT_FAULT = 2  /* entry found, PRIV or PROT refuses it: *cause    */
} mmu_tlb_outcome;

typedef struct mmu_tlb mmu_tlb;

mmu_tlb *mmu_tlb_new(const mmu_tlb_config *cfg, mmu_error *err);
void mmu_tlb_free(mmu_tlb *t);
const mmu_tlb_config *mmu_tlb_get_config(const mmu_tlb *t);

/* Look va up for the ASID in regs; a hit (HIT or HIT_FAULT) touches the
 * replacement state (LRU, PLRU). A hit whose leaf lacks A (or D for a store)
 * is a miss under both ADUE values: the walk sets the bit (Svadu) or faults
 * AD (Svade), and its fill replaces the entry in place (docs/rtl.md). */
mmu_tlb_outcome mmu_tlb_lookup(mmu_tlb *t, const mmu_profile *p, const mmu_regs *regs,
                               uint64_t va, mmu_access acc, mmu_priv priv,
                               uint64_t *pa, mmu_cause *cause);

/* Install the leaf of a successful walk of va (r->has_leaf, !r->fault) for
 * profile p (whose leaf rules fill the entry's permission table), in the set
 * of va. Target way: the lowest way whose entry overlaps the new one (same
 * ASID or either global, and one contains the other), else the lowest
 * invalid way, else the policy's victim; other overlapping ways of the set
 * are invalidated. Every fill updates the replacement state. */
void mmu_tlb_fill(mmu_tlb *t, const mmu_profile *p, uint64_t va, uint32_t asid, const mmu_result *r);

/* SFENCE.VMA: use_va = false is rs1 = x0 (all addresses), use_asid = false
 * rs2 = x0 (all ASIDs). With use_asid, global entries are kept. A VA that
 * fails the address-space check flushes nothing. With cfg.flush_all every
 * flush is a flush-all (invalid VA or not). Replacement state is kept.
 * Returns the number of entries invalidated. */
unsigned mmu_tlb_flush(mmu_tlb *t, bool use_va, uint64_t va, bool use_asid, uint32_t asid);

const mmu_tlb_stats *mmu_tlb_get_stats(const mmu_tlb *t);
/* Entry (set, way), for tests and dumps. */
const mmu_tlb_entry *mmu_tlb_entry_at(const mmu_tlb *t, unsigned set, unsigned way);
/* Set a VA indexes. */
unsigned mmu_tlb_set_of(const mmu_tlb *t, uint64_t va);
/* Way of va's set holding an entry that maps va for asid, -1 for none
 * (what a lookup would hit; for drawings such as mmu-ref explain --svg). */
int mmu_tlb_way_of(const mmu_tlb *t, uint64_t va, uint32_t asid);

#endif
