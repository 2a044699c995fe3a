/* order.c — which outstanding request a response answers, and the ordering
 * rules of docs/rtl.md "Hit under miss" as protocol checks (mmu_env.h
 * "Response order"). One copy for both environments (env.c, trace_env.c).
 *
 *   id_bits = 0   in order: the oldest outstanding request (a FIFO).
 *   id_bits > 0   the oldest outstanding request accepted with req_id =
 *                 rsp_id_o; none: proto.rsp_id_o. Then the rules:
 *                   - only the oldest outstanding request (the walking one)
 *                     may be overtaken, and only by an answer from the TLB
 *                     (rsp_hit_o = 1) or without it (a request of a mode with
 *                     no TLB: bare, base-and-bounds, segmentation; or a
 *                     pre-walk fault, which the arch model decides without
 *                     reading memory: non-canonical VA, hybrid bound, a
 *                     hybrid table beyond the PA space);
 *                   - a request that was overtaken was walking: its own
 *                     answer comes from its walk (rsp_hit_o = 0).
 *                 Breaking one is proto.rsp_order. Walks are therefore
 *                 answered in acceptance order.
 */
#include "mmu_env.h"

#include <inttypes.h>
#include <stdio.h>

int mmu_env_match_response(unsigned id_bits, mmu_env_slot *s, unsigned n, const mmu_cycle_out *o,
                           mmu_env_no_walk_fn no_walk, void *ctx, mmu_env_order_error *why)
{
    if (!n) {
        snprintf(why->signal, sizeof why->signal, "proto.rsp_valid_o");
        snprintf(why->msg, sizeof why->msg, "response with no request outstanding");
        return -1;
    }
    if (!id_bits) return 0;
    unsigned idm = id_bits >= 32 ? ~0u : (1u << id_bits) - 1u;
    unsigned k = 0;
    while (k < n && s[k].id != (o->rsp_id & idm)) k++;
    if (k == n) {
        int u = 0;
        char ids[120];
        ids[0] = 0;
        for (unsigned i = 0; i < n && u < (int)sizeof ids - 32; i++)
            u += snprintf(ids + u, sizeof ids - (size_t)u, "%s#%" PRIu64 " id %u", i ? ", " : "", s[i].num, s[i].id);
        snprintf(why->signal, sizeof why->signal, "proto.rsp_id_o");
        snprintf(why->msg, sizeof why->msg,
                 "response with rsp_id_o = %u, which no outstanding request was accepted with (outstanding: %s)",
                 o->rsp_id, ids);
        return -1;
    }
    snprintf(why->signal, sizeof why->signal, "proto.rsp_order");
    if (k > 1) {
        snprintf(why->msg, sizeof why->msg,
                 "the answer of request #%" PRIu64 " (id %u) overtakes %u older requests: only the walking one, the "
                 "oldest, may be overtaken", s[k].num, s[k].id, k);
        return -1;
    }
    if (k == 1) {
        if (!o->rsp_hit && !s[1].no_tlb && !no_walk(ctx, 1)) {
            snprintf(why->msg, sizeof why->msg,
                     "request #%" PRIu64 " (id %u) is answered by a walk (rsp_hit_o = 0, level %u, and the arch model "
                     "reads PTEs for it) ahead of the older request #%" PRIu64 ": walks are answered in acceptance "
                     "order", s[1].num, s[1].id, o->rsp_level & 7u, s[0].num);
            return -1;
        }
        if (s[0].no_tlb) {
            snprintf(why->msg, sizeof why->msg,
                     "request #%" PRIu64 " (id %u) is answered ahead of request #%" PRIu64 ", whose mode needs no TLB "
                     "(nothing walks it): only a walking request may be overtaken", s[1].num, s[1].id, s[0].num);
            return -1;
        }
        s[0].overtaken = true;
        return 1;
    }
    if (s[0].overtaken && o->rsp_hit) {
        snprintf(why->msg, sizeof why->msg,
                 "request #%" PRIu64 " (id %u) was overtaken, so it was walking, but is answered as a TLB hit "
                 "(rsp_hit_o = 1)", s[0].num, s[0].id);
        return -1;
    }
    return 0;
}
