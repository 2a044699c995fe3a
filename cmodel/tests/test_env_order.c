/* test_env_order.c — response matching and the hit-under-miss ordering rules
 * of the environments (cmodel/env/order.c, env.c; docs/rtl.md "Hit under
 * miss"): the rule function on its own, then mmu_env driven cycle by cycle
 * by a scripted fake DUT (no arch check: only the protocol monitors), which
 * answers out of order, with unknown IDs, with a walk overtaking another, and
 * accepts a third request: each broken rule must be reported, each legal
 * sequence must pass, and "every request up to answered_id has answered"
 * must hold whatever the order. */
#include "check.h"
#include "../env/env_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the rule function ---------------------------------------------------------------- */
static bool walks(void *ctx, unsigned k) { (void)ctx; (void)k; return false; }
static bool pre_walk(void *ctx, unsigned k) { (void)ctx; (void)k; return true; }

static mmu_cycle_out rsp(unsigned id, bool hit, unsigned level)
{
    mmu_cycle_out o;
    memset(&o, 0, sizeof o);
    o.rsp_valid = true;
    o.rsp_id = id;
    o.rsp_hit = hit;
    o.rsp_level = level & 7u;
    return o;
}

static void two(mmu_env_slot s[2], bool no_tlb0, bool no_tlb1)
{
    memset(s, 0, 2 * sizeof *s);
    s[0] = (mmu_env_slot){ 7, 3, no_tlb0, false };
    s[1] = (mmu_env_slot){ 8, 0, no_tlb1, false };
}

TEST(in_order_profiles_answer_the_oldest_whatever_the_id)
{
    mmu_env_slot s[2];
    mmu_env_order_error why;
    two(s, false, false);
    mmu_cycle_out o = rsp(0, false, 0);     /* id 0 is slot 1's, but id_bits = 0 */
    EXPECT_EQ(mmu_env_match_response(0, s, 2, &o, walks, NULL, &why), 0);
    EXPECT(!s[0].overtaken);
    EXPECT_EQ(mmu_env_match_response(0, s, 0, &o, walks, NULL, &why), (uint64_t)-1);
    EXPECT_STREQ(why.signal, "proto.rsp_valid_o");
}

TEST(a_hit_overtakes_the_walking_request)
{
    mmu_env_slot s[2];
    mmu_env_order_error why;
    two(s, false, false);
    mmu_cycle_out o = rsp(0, true, 0);
    EXPECT_EQ(mmu_env_match_response(2, s, 2, &o, walks, NULL, &why), 1);
    EXPECT(s[0].overtaken);
    o = rsp(3, false, 0);                   /* then the walk itself */
    EXPECT_EQ(mmu_env_match_response(2, s, 1, &o, walks, NULL, &why), 0);
}

TEST(unknown_id_is_a_protocol_failure)
{
    mmu_env_slot s[2];
    mmu_env_order_error why;
    two(s, false, false);
    mmu_cycle_out o = rsp(1, true, 0);
    EXPECT_EQ(mmu_env_match_response(2, s, 2, &o, walks, NULL, &why), (uint64_t)-1);
    EXPECT_STREQ(why.signal, "proto.rsp_id_o");
    EXPECT_STR_CONTAINS(why.msg, "rsp_id_o = 1");
}

TEST(a_walk_never_overtakes)
{
    mmu_env_slot s[2];
    mmu_env_order_error why;
    two(s, false, false);
    mmu_cycle_out o = rsp(0, false, 0);
    EXPECT_EQ(mmu_env_match_response(2, s, 2, &o, walks, NULL, &why), (uint64_t)-1);
    EXPECT_STREQ(why.signal, "proto.rsp_order");
    EXPECT_STR_CONTAINS(why.msg, "walks are answered in acceptance order");
    EXPECT(!s[0].overtaken);
}

TEST(answers_without_the_tlb_overtake)
{
    mmu_env_slot s[2];
    mmu_env_order_error why;
    two(s, false, true);                    /* slot 1 in bare/segment mode */
    mmu_cycle_out o = rsp(0, false, 7);
    EXPECT_EQ(mmu_env_match_response(2, s, 2, &o, walks, NULL, &why), 1);
    two(s, false, false);                   /* a pre-walk fault (the arch model reads nothing) */
    o = rsp(0, false, 0);
    EXPECT_EQ(mmu_env_match_response(2, s, 2, &o, pre_walk, NULL, &why), 1);
}

TEST(only_a_walking_request_is_overtaken)
{
    mmu_env_slot s[3];
    mmu_env_order_error why;
    two(s, true, false);                    /* slot 0 needs no TLB: nothing walks it */
    mmu_cycle_out o = rsp(0, true, 0);
    EXPECT_EQ(mmu_env_match_response(2, s, 2, &o, walks, NULL, &why), (uint64_t)-1);
    EXPECT_STREQ(why.signal, "proto.rsp_order");
    two(s, false, false);                   /* over two older ones */
    s[2] = (mmu_env_slot){ 9, 1, false, false };
    o = rsp(1, true, 0);
    EXPECT_EQ(mmu_env_match_response(2, s, 3, &o, walks, NULL, &why), (uint64_t)-1);
    EXPECT_STR_CONTAINS(why.msg, "overtakes 2 older");
}

TEST(an_overtaken_request_is_answered_by_its_walk)
{
    mmu_env_slot s[2];
    mmu_env_order_error why;
    two(s, false, false);
    s[0].overtaken = true;
    mmu_cycle_out o = rsp(3, true, 0);
    EXPECT_EQ(mmu_env_match_response(2, s, 1, &o, walks, NULL, &why), (uint64_t)-1);
    EXPECT_STREQ(why.signal, "proto.rsp_order");
    EXPECT_STR_CONTAINS(why.msg, "was overtaken");
}

/* ---- mmu_env against a scripted fake DUT ------------------------------------------------ */
typedef struct {
    mmu_env *e;
    mmu_cycle_in in;
    unsigned n_acc;
    uint64_t num[16];          /* request numbers, in acceptance order */
    unsigned id[16];           /* the req_id_i each was accepted with    */
    int rc;                    /* the first observe that failed          */
} rig;

static void rig_on(rig *g, const char *profile)
{
    mmu_profile p;
    mmu_error err;
    mmu_env_config c;
    memset(g, 0, sizeof *g);
    if (mmu_profile_find(profile, &p, &err)) {
        fprintf(stderr, "cannot load profile %s: %s\n", profile, err.msg);
        exit(1);
    }
    mmu_env_config_defaults(&c);
    c.arch_check = false;              /* the fake DUT's answers are not translations */
    c.mode = MMU_MODE_PAGING;
    c.knobs.noncanonical = 0;          /* every request walks (no pre-walk fault) */
    c.knobs.req = 1000;
    g->e = mmu_env_new(&p, &c, &err);
    if (!g->e) {
        fprintf(stderr, "mmu_env_new: %s\n", err.msg);
        exit(1);
    }
}

/* One cycle: the env drives; the DUT accepts when ready and answers with o (or nothing). */
static void cyc(rig *g, bool ready, const mmu_cycle_out *o)
{
    mmu_cycle_out out;
    mmu_error err;
    if (o) out = *o;
    else memset(&out, 0, sizeof out);
    mmu_env_drive(g->e, &g->in);
    out.req_ready = ready;
    if (g->in.req_valid && ready && g->n_acc < 16) {
        g->num[g->n_acc] = g->e->next_id;
        g->id[g->n_acc++] = g->in.req_id;
    }
    int rc = mmu_env_observe(g->e, &g->in, &out, &err);
    if (rc && !g->rc) g->rc = rc;
}

/* Accept requests until n have been (no responses meanwhile). */
static void accept_until(rig *g, unsigned n)
{
    for (unsigned i = 0; i < 400 && g->n_acc < n; i++) cyc(g, true, NULL);
}

static void answer(rig *g, unsigned k, bool hit)
{
    mmu_cycle_out o = rsp(g->id[k], hit, 0);
    cyc(g, false, &o);
}

TEST(env_matches_out_of_order_answers_by_id)
{
    rig g;
    rig_on(&g, "sv39-hum");
    accept_until(&g, 2);
    EXPECT_EQ(g.n_acc, 2);
    EXPECT(g.id[0] != g.id[1]);
    EXPECT_EQ(g.id[0], g.num[0] & 3);
    answer(&g, 1, true);                   /* the later request, a hit, first */
    EXPECT_EQ(g.rc, 0);
    EXPECT_EQ(g.e->out_count, 1);
    EXPECT_EQ(g.e->out[0].id, g.num[0]);
    EXPECT_EQ(g.e->answered_id, g.num[0] - 1);   /* #num[0] still out: nothing new answered up to it */
    answer(&g, 0, false);                  /* then the walk */
    EXPECT_EQ(g.rc, 0);
    EXPECT_EQ(g.e->out_count, 0);
    EXPECT_EQ(g.e->answered_id, g.num[1]);
    EXPECT_EQ(mmu_env_get_stats(g.e)->responses, 2);
    EXPECT(!mmu_env_failure(g.e)->failed);
    mmu_env_free(g.e);
}

TEST(env_reports_an_unknown_id)
{
    rig g;
    rig_on(&g, "sv39-hum");
    accept_until(&g, 2);
    unsigned bad = 0;
    while (bad == g.id[0] || bad == g.id[1]) bad++;
    mmu_cycle_out o = rsp(bad, true, 0);
    cyc(&g, false, &o);
    EXPECT(g.rc != 0);
    EXPECT_STREQ(mmu_env_failure(g.e)->signal, "proto.rsp_id_o");
    mmu_env_free(g.e);
}

TEST(env_reports_a_walk_that_overtakes)
{
    rig g;
    rig_on(&g, "sv39-hum");
    accept_until(&g, 2);
    answer(&g, 1, false);                  /* rsp_hit_o = 0 for a paging request that walks */
    EXPECT(g.rc != 0);
    EXPECT_STREQ(mmu_env_failure(g.e)->signal, "proto.rsp_order");
    mmu_env_free(g.e);
}

TEST(env_reports_an_overtaken_request_answered_as_a_hit)
{
    rig g;
    rig_on(&g, "sv39-hum");
    accept_until(&g, 2);
    answer(&g, 1, true);
    EXPECT_EQ(g.rc, 0);
    answer(&g, 0, true);
    EXPECT(g.rc != 0);
    EXPECT_STREQ(mmu_env_failure(g.e)->signal, "proto.rsp_order");
    mmu_env_free(g.e);
}

TEST(env_reports_a_third_outstanding_request)
{
    rig g;
    rig_on(&g, "sv39-hum");
    accept_until(&g, 3);
    EXPECT_EQ(g.n_acc, 3);
    EXPECT(g.rc != 0);
    EXPECT_STREQ(mmu_env_failure(g.e)->signal, "proto.req_ready_o");
    mmu_env_free(g.e);
}

TEST(env_never_drives_an_id_in_use)
{
    rig g;
    rig_on(&g, "sv39-hum");
    accept_until(&g, 1);                   /* the walking request stays outstanding */
    for (unsigned k = 1; k < 9; k++) {
        accept_until(&g, k + 1);
        EXPECT_EQ(g.n_acc, k + 1);
        EXPECT(g.id[k] != g.id[0]);
        answer(&g, k, true);
        EXPECT_EQ(g.rc, 0);
    }
    /* 4 IDs: the numbers 1 apart from #1 by 4 would reuse its ID and skip it */
    EXPECT_EQ(g.e->answered_id, g.num[0] - 1);
    answer(&g, 0, false);
    EXPECT_EQ(g.rc, 0);
    EXPECT_EQ(g.e->answered_id, g.num[8]);
    mmu_env_free(g.e);
}

TEST(env_holds_the_id_while_the_request_waits)
{
    rig g;
    rig_on(&g, "sv39-hum");
    unsigned seen = 0, id = 0;
    bool stable = true;
    for (unsigned i = 0; i < 200; i++) {
        cyc(&g, false, NULL);
        if (!g.in.req_valid) continue;
        if (seen++ == 0) id = g.in.req_id;
        stable &= g.in.req_id == id;
    }
    EXPECT_GT(seen, 10);
    EXPECT(stable);
    EXPECT_EQ(id, g.e->next_id & 3);
    mmu_env_free(g.e);
}

TEST(env_in_order_profile_keeps_the_fifo)
{
    rig g;
    rig_on(&g, "sv39");
    accept_until(&g, 2);                   /* the fake DUT accepts while one is out */
    EXPECT_EQ(g.id[0], 0);
    EXPECT_EQ(g.id[1], 0);
    mmu_cycle_out o = rsp(5, true, 0);     /* any rsp_id: the oldest answers */
    cyc(&g, false, &o);
    EXPECT_EQ(g.rc, 0);
    EXPECT_EQ(g.e->out_count, 1);
    EXPECT_EQ(g.e->out[0].id, g.num[1]);
    EXPECT_EQ(g.e->answered_id, g.num[0]);
    mmu_env_free(g.e);
}

/* expect_order (directed.c's hit_under_miss): an answer before the request d
 * earlier passes on a hit-under-miss profile and fails on an in-order one,
 * and the other way round. */
static int order_run(const char *profile, bool overtake)
{
    rig g;
    rig_on(&g, profile);
    for (unsigned i = 0; i < 60; i++) cyc(&g, false, NULL);   /* the start-up register writes */
    g.e->req_pending = false;          /* withdraw the random request offered meanwhile (never accepted) */
    g.e->q_count = 0;
    env_push_req(g.e, 0x1000, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
    env_push_req(g.e, 0x2000, MMU_ACC_LOAD, MMU_PRIV_SUPERVISOR);
    g.e->q[(g.e->q_head + g.e->q_count - 1) & (g.e->q_cap - 1)].expect_order = 1;
    accept_until(&g, 2);
    uint64_t before = mmu_env_get_stats(g.e)->expectations;
    if (overtake) { answer(&g, 1, true); answer(&g, 0, false); }
    else { answer(&g, 0, false); answer(&g, 1, true); }
    int rc = g.rc;
    if (mmu_env_get_stats(g.e)->expectations != before + 1) rc = 99;
    if (rc && strcmp(mmu_env_failure(g.e)->signal, "expect.rsp_order")) rc = 98;
    mmu_env_free(g.e);
    return rc;
}

TEST(expect_order_before_means_in_order_without_ids)
{
    EXPECT_EQ(order_run("sv39-hum", true), 0);
    EXPECT_EQ(order_run("sv39-hum", false), (uint64_t)-1);
    EXPECT_EQ(order_run("sv39", false), 0);
}

int main(void)
{
    RUN(in_order_profiles_answer_the_oldest_whatever_the_id);
    RUN(a_hit_overtakes_the_walking_request);
    RUN(unknown_id_is_a_protocol_failure);
    RUN(a_walk_never_overtakes);
    RUN(answers_without_the_tlb_overtake);
    RUN(only_a_walking_request_is_overtaken);
    RUN(an_overtaken_request_is_answered_by_its_walk);
    RUN(env_matches_out_of_order_answers_by_id);
    RUN(env_reports_an_unknown_id);
    RUN(env_reports_a_walk_that_overtakes);
    RUN(env_reports_an_overtaken_request_answered_as_a_hit);
    RUN(env_reports_a_third_outstanding_request);
    RUN(env_never_drives_an_id_in_use);
    RUN(env_holds_the_id_while_the_request_waits);
    RUN(env_in_order_profile_keeps_the_fifo);
    RUN(expect_order_before_means_in_order_without_ids);
    return check_summary();
}
