/* explain.c — the textbook step lines of mmu_translate (see mmu_arch.h).
 * Only ever called with ex != NULL (the EXPLAIN macro checks). */
#include <stdarg.h>
#include <stdio.h>
#include "arch_internal.h"

void arch_explain_add(mmu_explain *ex, const char *fmt, ...)
{
    if (ex->reads_only || ex->count >= MMU_EXPLAIN_MAX_LINES) return;
    char *line = ex->line[ex->count];
    if (ex->count == MMU_EXPLAIN_MAX_LINES - 1) {
        /* Last slot: say that steps were dropped rather than lose the end silently. */
        snprintf(line, MMU_EXPLAIN_LINE, "... (more steps than fit in mmu_explain)");
    } else {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(line, MMU_EXPLAIN_LINE, fmt, ap);
        va_end(ap);
    }
    ex->count++;
}

void arch_explain_fault(mmu_explain *ex, mmu_cause c, int level)
{
    if (level >= 0)
        arch_explain_add(ex, "-> fault %s at level %d: %s", mmu_cause_name(c), level, mmu_cause_text(c));
    else
        arch_explain_add(ex, "-> fault %s: %s", mmu_cause_name(c), mmu_cause_text(c));
}

/* OSTEP's names for the segments of the chapter's 2-bit example. */
const char *arch_seg_label(const mmu_profile *p, const mmu_segment *s, unsigned sel)
{
    if (s && s->grows_negative) return " (stack)";
    if (p->seg_sel_bits == 2 && sel == 0) return " (code)";
    if (p->seg_sel_bits == 2 && sel == 1) return " (heap)";
    return "";
}

const char *arch_sel_bits(const mmu_profile *p, uint64_t sel, char *buf)
{
    unsigned n = p->seg_sel_bits < 64 ? p->seg_sel_bits : 64;
    for (unsigned i = 0; i < n; i++) buf[i] = (char)('0' + ((sel >> (n - 1 - i)) & 1));
    buf[n] = '\0';
    return buf;
}
