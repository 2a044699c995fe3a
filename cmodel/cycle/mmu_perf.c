/* mmu_perf.c — performance counters (docs/rtl.md "Performance counters"):
 * CTR_BITS wide, wrap, reset 0, +1 per cycle in which the event is 1; a write
 * to CTR_CLEAR zeroes all at the end of that cycle (clear wins). */
#include <string.h>
#include "cycle_internal.h"

void cyc_perf_reset(cyc_perf_q *q)
{
    memset(q, 0, sizeof *q);
}

void cyc_perf_commit(const cyc_cfg *c, cyc_perf_q *q, uint32_t events, bool clear)
{
    if (clear) {
        memset(q->ctr_q, 0, sizeof q->ctr_q);
        return;
    }
    while (events) {
        unsigned s = (unsigned)__builtin_ctz(events);
        events &= events - 1;
        q->ctr_q[s] = (q->ctr_q[s] + 1) & c->ctr_mask;
    }
}
