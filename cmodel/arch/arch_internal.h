/* arch_internal.h — shared pieces of the arch layer (not public).
 *
 *   arch.c     mmu_translate: step 0 (address-space check), bare, dispatch
 *   segment.c  base-and-bounds and segmentation (docs/translation.md modes 1, 2)
 *   walk.c     paging and hybrid walks, leaf finishing with Svadu CAS + restart
 *   pte.c      PTE decoding per format, leaf permission checks (the only copy)
 *   explain.c  the textbook step lines
 *   flatmem.c  mmu_flat_mem
 */
#ifndef ARCH_INTERNAL_H
#define ARCH_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_arch.h"
#include "mmu_arch_parts.h"

static inline uint64_t arch_mask(unsigned bits)
{
    return bits >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << bits) - 1);
}

/* Fill r as a fault of cause c at level. */
static inline void arch_fault(mmu_result *r, mmu_cause c, int level)
{
    r->fault = true;
    r->cause = c;
    r->level = level;
}

/* Walks (walk.c). */
void arch_paging(const mmu_profile *p, const mmu_regs *regs, const mmu_mem *mem,
                 uint64_t va, mmu_access acc, mmu_priv priv, mmu_result *r, mmu_explain *ex);
void arch_hybrid(const mmu_profile *p, const mmu_regs *regs, const mmu_mem *mem,
                 uint64_t va, mmu_access acc, mmu_priv priv, mmu_result *r, mmu_explain *ex);

/* Explain (explain.c). Callers use EXPLAIN() so that no argument is even
 * computed when no lines are wanted (ex NULL or reads_only): the fast path
 * does no formatting at all. Data (read[], ad_*) is recorded whenever ex is
 * given. */
static inline bool arch_text(const mmu_explain *ex) { return ex && !ex->reads_only; }
void arch_explain_add(mmu_explain *ex, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void arch_explain_fault(mmu_explain *ex, mmu_cause c, int level);
/* The selector as seg_sel_bits binary digits, into buf[65]. */
const char *arch_sel_bits(const mmu_profile *p, uint64_t sel, char *buf);
const char *arch_seg_label(const mmu_profile *p, const mmu_segment *s, unsigned sel);
#define EXPLAIN(ex, ...) do { if (arch_text(ex)) arch_explain_add((ex), __VA_ARGS__); } while (0)
#define EXPLAIN_FAULT(ex, c, lvl) do { if (arch_text(ex)) arch_explain_fault((ex), (c), (lvl)); } while (0)

#endif
