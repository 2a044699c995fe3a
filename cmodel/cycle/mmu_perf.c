/* mmu_perf.c — performance counters (docs/rtl.md "Performance counters"):
 * CTR_BITS wide, wrap, reset 0, +1 per cycle in which the event is 1; a write
 * to CTR_CLEAR zeroes all at the end of that cycle (clear wins). */
#include <string.h>
#include "cycle_internal.h"

void cyc_perf_reset(cyc_perf_q *q)
{
    memset(q, 0, sizeof *q);
}

void cyc_perf_clear(cyc_perf_q *q)
{
    memset(q->ctr_q, 0, sizeof q->ctr_q);
}
/* cyc_perf_commit (the per-cycle increments) is inline in cycle_internal.h. */
