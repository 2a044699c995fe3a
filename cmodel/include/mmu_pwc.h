/* mmu_pwc.h — a page-walk cache (PWC) model: which PTE reads of a walk a
 * small cache of pointer (non-leaf) PTEs would have answered
 * (docs/walkcache.md). Two organisations, both N entries, fully associative,
 * FIFO replacement:
 *
 *   va  VA-indexed, skips levels (Barr et al., ISCA 2010, "translation
 *       cache"; what the RTL implements). Entry {lvl, vpn, ppn, g}: the
 *       pointer PTE read at level lvl (RISC-V numbering, 1..levels-1) on the
 *       walk of a VA whose VPN was vpn; it matches a VA whose VPN[levels-1:lvl]
 *       equals vpn's. At walk start the matching entry of smallest lvl wins
 *       and the walk begins at level lvl-1 in table ppn: levels-lvl reads
 *       saved. No ASID tag. Fill: each good pointer PTE the walk read at a
 *       level >= 1 (the skipped ones are not read); an entry of the same lvl
 *       matching the VA is overwritten in place (defensive: a walk that
 *       skipped to below lvl never reads level lvl).
 *   pa  PTE-address tagged (like Rocket Chip's PTW cache). Entry {pte_addr,
 *       pte}: at each level >= 1 a PTE whose address hits is not read; a
 *       miss that reads a good pointer fills. Leaves are never cached.
 *
 * FIFO: one pointer, next entry to write; it starts at 0 and returns to 0 on
 * every clear, so it names the first free entry until the cache is full and
 * then the oldest. An in-place overwrite does not move it.
 *
 * Clear (every entry, FIFO pointer to 0): on every SFENCE.VMA with rs1 = x0
 * (the caller calls mmu_pwc_clear; one by VA keeps the cache: RISC-V orders
 * only leaf PTEs with it) and on every register write that changes MODE,
 * PTBASE, ASID, SUM, MXR or ADUE (mmu_pwc_set_regs compares with the last
 * registers it saw) — what the RTL does (docs/rtl.md "Page-walk cache").
 *
 * Only paging mode walks use it: in any other mode mmu_pwc_walk neither
 * looks up nor fills. The model does not walk: the arch walker
 * (mmu_translate with an mmu_explain) reads every PTE from memory, so
 * translations, TLB hits and misses are those without a PWC; mmu_pwc_walk is
 * then told the walk's reads and counts the ones the PWC would have answered.
 * An entry that disagrees with the PTE memory holds (the OS changed a
 * pointer without a clear) is counted as stale, answers no read and is
 * dropped: the RTL would have walked a wrong table, so stale must stay 0.
 */
#ifndef MMU_PWC_H
#define MMU_PWC_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_arch.h"
#include "mmu_error.h"
#include "mmu_profile.h"

#define MMU_PWC_MAX_ENTRIES 64

typedef enum { MMU_PWC_VA, MMU_PWC_PA } mmu_pwc_org;

typedef struct {
    unsigned entries;      /* 1..MMU_PWC_MAX_ENTRIES                          */
    mmu_pwc_org org;
} mmu_pwc_config;

typedef struct {
    bool valid;
    int lvl;               /* level of the pointer PTE (both organisations)   */
    uint64_t vpn;          /* va: the filling VA's VPN (every level's field)  */
    uint64_t ppn;          /* the pointer's PPN: the next table               */
    bool g;                /* va: G of this pointer or one above it           */
    uint64_t pte_addr;     /* pa: the tag                                     */
    uint64_t pte;          /* pa: the cached PTE                              */
} mmu_pwc_entry;

typedef struct {
    uint64_t walks;        /* paging walks told to mmu_pwc_walk               */
    uint64_t hits;         /* va: walks that started below the root;
                              pa: PTE reads answered (= saved)                */
    uint64_t reads_saved;  /* PTE reads the PWC answered                      */
    uint64_t fills, evictions;   /* evictions: a valid entry replaced         */
    uint64_t clears;       /* clear events (flushes, translation-register writes) */
    uint64_t stale;        /* entries that disagreed with memory (must be 0)  */
} mmu_pwc_stats;

typedef struct mmu_pwc mmu_pwc;

/* For walks of profile p (kept by pointer: it must outlive the PWC). NULL
 * and err on a bad configuration. */
mmu_pwc *mmu_pwc_new(const mmu_pwc_config *c, const mmu_profile *p, mmu_error *err);
void mmu_pwc_free(mmu_pwc *w);     /* NULL is fine */

/* Every entry invalid, FIFO pointer 0 (SFENCE.VMA of any operands). */
void mmu_pwc_clear(mmu_pwc *w);
/* A register write: clear when MODE, PTBASE, ASID, SUM, MXR or ADUE differ
 * from the last registers seen (the first call only records them). */
void mmu_pwc_set_regs(mmu_pwc *w, const mmu_regs *regs);

/* One walk of va under regs, whose reads (ex->read[0..ex->reads-1] as
 * mmu_translate left them: the last attempt's, root first) were made from
 * memory without a PWC. Looks up (va: at walk start; pa: per level), counts
 * and returns the reads the PWC answers, fills from the reads it did not
 * answer. Outside paging mode: 0, nothing looked up or filled. */
unsigned mmu_pwc_walk(mmu_pwc *w, const mmu_regs *regs, uint64_t va, const mmu_explain_read *reads,
                      unsigned nreads);

/* va organisation: the level of the matching entry of smallest lvl, its
 * PPN in *ppn (may be NULL), or -1 when none matches (or org pa). No state
 * changes (for tests and drawings). */
int mmu_pwc_va_lookup(const mmu_pwc *w, uint64_t va, uint64_t *ppn);

const mmu_pwc_config *mmu_pwc_get_config(const mmu_pwc *w);
const mmu_pwc_stats *mmu_pwc_get_stats(const mmu_pwc *w);
const mmu_pwc_entry *mmu_pwc_entry_at(const mmu_pwc *w, unsigned i);   /* NULL past the end */
unsigned mmu_pwc_fifo(const mmu_pwc *w);     /* the next entry a fill writes */

const char *mmu_pwc_org_name(mmu_pwc_org o);  /* "va", "pa" */
int mmu_pwc_org_parse(const char *s, mmu_pwc_org *out);   /* 0 or -1 */

#endif
