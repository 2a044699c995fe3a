/* mmu_explain_svg.h — one translation as a textbook figure (SVG or HTML).
 *
 * Draws what mmu_translate recorded in an mmu_explain (its step lines and
 * its PTE reads): the VA split into fields, each level's table with the PTE
 * read and its bits decoded, the TLB set and way checked, the fault at the
 * step where it happened, the PA. Several steps give one panel each, top to
 * bottom. `mmu-ref explain --svg/--html` writes these; docs/translation.md
 * shows them.
 */
#ifndef MMU_EXPLAIN_SVG_H
#define MMU_EXPLAIN_SVG_H

#include <stddef.h>
#include "mmu_arch.h"

typedef struct {
    uint64_t va;
    mmu_access acc;
    mmu_priv priv;
    mmu_result result;
    const mmu_explain *ex;
    /* The TLB probe before the walk (paging and hybrid; tlb_sets = 0: no
     * TLB drawn). The caller runs a TLB model; the figure only draws it. */
    unsigned tlb_sets, tlb_ways, tlb_set;
    int tlb_hit_way;       /* way that hit, -1 on a miss                    */
    int tlb_fill_way;      /* way the walk's leaf went into, -1 for none    */
} mmu_figure_step;

/* A standalone SVG document (UTF-8) of the steps, malloc'd; *len its size.
 * NULL only when memory runs out. */
char *mmu_explain_svg(const mmu_profile *p, const mmu_regs *regs, const char *title,
                      const mmu_figure_step *steps, unsigned n, size_t *len);

/* An HTML page: the title, the same SVG inline, then each step's text. */
char *mmu_explain_html(const mmu_profile *p, const mmu_regs *regs, const char *title,
                       const mmu_figure_step *steps, unsigned n, size_t *len);

#endif
