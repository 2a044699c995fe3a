/* test_env_stale.c — the arch check's stale-PTE tolerance (cmodel/env/check.c)
 * against the rule it implements: an old PTE value may be seen by a request
 * only if it was replaced after the request's acceptance, or it comes from a
 * TLB entry (a hit) and no flush between the write and the acceptance covers
 * that entry by its own VPN/level/ASID/G (docs/rtl.md "Flush"). Each case
 * names a shape: issue 15's (a flush by another ASID or another VA after a
 * write to a PTE several translations share) must be accepted; every
 * covering flush, and any stale value on a walk, must be rejected. */
#include "check.h"
#include "../env/env_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mmu_env *env_on(const char *profile)
{
    mmu_profile p;
    mmu_error err;
    mmu_env_config c;
    if (mmu_profile_find(profile, &p, &err)) {
        fprintf(stderr, "cannot load profile %s: %s\n", profile, err.msg);
        exit(1);
    }
    mmu_env_config_defaults(&c);
    snprintf(c.stimulus, sizeof c.stimulus, "directed:all");   /* an empty world */
    mmu_env *e = mmu_env_new(&p, &c, &err);
    if (!e) {
        fprintf(stderr, "mmu_env_new: %s\n", err.msg);
        exit(1);
    }
    return e;
}

/* A request for va under asid accepted now (the event number it remembers). */
static env_req accepted(mmu_env *e, uint64_t va)
{
    env_req r;
    memset(&r, 0, sizeof r);
    r.va = va;
    r.id = ++e->last_accepted_id;
    r.accept_ev = e->ev_seq;
    return r;
}

static mmu_result leaf_at(int level, bool global)
{
    mmu_result res;
    memset(&res, 0, sizeof res);
    res.has_leaf = true;
    res.level = level;
    res.global = global;
    return res;
}

/* ASID 1's entry for VA 0x5000 (4K, non-global) after a write to one PTE. */
static bool stale_ok(const char *profile, bool hit, bool global, int level, uint64_t va,
                     void (*between)(mmu_env *), bool write_after_accept)
{
    mmu_env *e = env_on(profile);
    mmu_regs regs;
    memset(&regs, 0, sizeof regs);
    regs.asid = 1;
    uint64_t before = e->ev_seq;
    env_req r;
    if (write_after_accept) {
        r = accepted(e, va);
        env_overlay_record(e, 0x1000, 0x1);
        if (between) between(e);
    } else {
        env_overlay_record(e, 0x1000, 0x1);
        if (between) between(e);
        r = accepted(e, va);
    }
    mmu_result res = leaf_at(level, global);
    bool ok = env_stale_allowed(e, &r, &regs, &res, hit, before + 1);
    mmu_env_free(e);
    return ok;
}

static void fl_asid2(mmu_env *e) { env_overlay_flush(e, false, 0, true, 2); }
static void fl_asid1(mmu_env *e) { env_overlay_flush(e, false, 0, true, 1); }
static void fl_all(mmu_env *e) { env_overlay_flush(e, false, 0, false, 0); }
static void fl_va_same(mmu_env *e) { env_overlay_flush(e, true, 0x5ff8, false, 0); }
static void fl_va_other(mmu_env *e) { env_overlay_flush(e, true, 0x6000, false, 0); }
static void fl_va_same_asid2(mmu_env *e) { env_overlay_flush(e, true, 0x5000, true, 2); }
static void fl_va_same_asid1(mmu_env *e) { env_overlay_flush(e, true, 0x5000, true, 1); }
static void fl_va_in_superpage(mmu_env *e) { env_overlay_flush(e, true, 0x1ff000, false, 0); }
static void fl_many_others(mmu_env *e)
{
    for (unsigned i = 0; i < 100; i++) env_overlay_flush(e, true, 0x100000 + ((uint64_t)i << 12), i & 1, 2 + i);
}

TEST(no_flush_keeps_the_old_value_legal)
{
    EXPECT(stale_ok("sv39", true, false, 0, 0x5008, NULL, false));
}

TEST(issue15_shapes_flush_of_another_asid_or_va_keeps_it_legal)
{
    EXPECT(stale_ok("sv39", true, false, 0, 0x5008, fl_asid2, false));          /* seed 1014 / 5017 shape */
    EXPECT(stale_ok("ostep-multilevel", true, false, 0, 0x5008, fl_asid2, false));
    EXPECT(stale_ok("sv39", true, false, 0, 0x5008, fl_va_other, false));       /* seed 11 shape */
    EXPECT(stale_ok("sv39", true, false, 0, 0x5008, fl_va_same_asid2, false));
    EXPECT(stale_ok("sv39", true, false, 0, 0x5008, fl_many_others, false));
}

TEST(covering_flushes_end_the_old_value)
{
    EXPECT(!stale_ok("sv39", true, false, 0, 0x5008, fl_all, false));
    EXPECT(!stale_ok("sv39", true, false, 0, 0x5008, fl_asid1, false));
    EXPECT(!stale_ok("sv39", true, false, 0, 0x5008, fl_va_same, false));
    EXPECT(!stale_ok("sv39", true, false, 0, 0x5008, fl_va_same_asid1, false));
    EXPECT(!stale_ok("ostep-multilevel", true, false, 0, 0x5008, fl_asid1, false));
}

TEST(global_entries_survive_asid_flushes_only)
{
    EXPECT(stale_ok("sv39", true, true, 0, 0x5008, fl_asid1, false));
    EXPECT(stale_ok("sv39", true, true, 0, 0x5008, fl_va_same_asid1, false));
    EXPECT(!stale_ok("sv39", true, true, 0, 0x5008, fl_va_same, false));
    EXPECT(!stale_ok("sv39", true, true, 0, 0x5008, fl_all, false));
}

TEST(superpage_entries_are_covered_anywhere_inside)
{
    /* a 2 MiB entry for VA 0x5008 holds 0x1ff000; a 4K entry does not */
    EXPECT(!stale_ok("sv39", true, false, 1, 0x5008, fl_va_in_superpage, false));
    EXPECT(stale_ok("sv39", true, false, 0, 0x5008, fl_va_in_superpage, false));
}

TEST(a_walk_never_sees_a_value_replaced_before_acceptance)
{
    EXPECT(!stale_ok("sv39", false, false, 0, 0x5008, NULL, false));
    EXPECT(!stale_ok("sv39", false, false, 0, 0x5008, fl_asid2, false));
}

TEST(values_replaced_after_acceptance_are_always_legal)
{
    EXPECT(stale_ok("sv39", false, false, 0, 0x5008, fl_all, true));
    EXPECT(stale_ok("sv39", true, false, 0, 0x5008, fl_asid1, true));
}

TEST(flush_after_acceptance_does_not_count)
{
    mmu_env *e = env_on("sv39");
    mmu_regs regs;
    memset(&regs, 0, sizeof regs);
    regs.asid = 1;
    env_overlay_record(e, 0x1000, 0x1);
    uint64_t w = e->ev_seq;
    env_req r = accepted(e, 0x5008);
    env_overlay_flush(e, false, 0, false, 0);      /* same cycle or later: pre-flush TLB */
    mmu_result res = leaf_at(0, false);
    EXPECT(env_stale_allowed(e, &r, &regs, &res, true, w));
    env_req r2 = accepted(e, 0x5008);
    EXPECT(!env_stale_allowed(e, &r2, &regs, &res, true, w));
    mmu_env_free(e);
}

TEST(flush_all_retires_old_values_once_earlier_requests_answered)
{
    mmu_env *e = env_on("sv39");
    env_overlay_record(e, 0x1000, 0x1);
    env_overlay_record(e, 0x1008, 0x3);
    EXPECT_EQ(e->n_ov, 2);
    env_req r = accepted(e, 0x5008);
    env_overlay_flush(e, true, 0x1000, true, 3);   /* partial: nothing retires */
    env_overlay_flush(e, false, 0, false, 0);
    EXPECT_EQ(e->n_ov, 2);                          /* r may still use them */
    env_overlay_answered(e, r.id);
    EXPECT_EQ(e->n_ov, 0);
    mmu_env_free(e);
}

TEST(invalid_old_values_retire_once_earlier_requests_answered)
{
    mmu_env *e = env_on("sv39");
    env_req r = accepted(e, 0x5008);               /* may be walking: it could read the old value */
    env_overlay_record(e, 0x1000, 0x0);            /* V=0: only a walk can ever see it */
    env_overlay_record(e, 0x1008, 0x1);            /* valid: a TLB entry might hold it */
    EXPECT_EQ(e->n_ov, 2);
    env_overlay_answered(e, r.id);
    EXPECT_EQ(e->n_ov, 1);
    EXPECT_EQ(e->ov[0].addr, 0x1008);
    mmu_env_free(e);
}

/* sv39-pwc: a walk may take old pointers from the cache (replaced before
 * acceptance with no clearing event since), never an old leaf; without a
 * cache (sv39) never; a bus error as the last read leaves every value read
 * a pointer. */
TEST(walk_cache_pointers_until_a_clearing_event)
{
    const uint64_t CUR = UINT64_MAX;
    mmu_env *e = env_on("sv39-pwc");
    e->ev_seq = 10;                     /* write #5 replaced a pointer before acceptance */
    e->tev_seq = 3;                     /* the last clearing event came before it */
    env_req r = accepted(e, 0x5000);
    r.accept_tev = e->tev_seq;
    uint64_t ptr_old[3] = {5, CUR, CUR}, leaf_old[3] = {CUR, CUR, 5}, after[3] = {12, CUR, CUR};
    EXPECT(env_pwc_stale_allowed(e, &r, false, ptr_old, 3, false));
    EXPECT(!env_pwc_stale_allowed(e, &r, true, ptr_old, 3, false));      /* a hit: the TLB rule decides */
    EXPECT(!env_pwc_stale_allowed(e, &r, false, leaf_old, 3, false));    /* the leaf is read fresh */
    EXPECT(env_pwc_stale_allowed(e, &r, false, leaf_old, 3, true));      /* ... unless the last read erred */
    EXPECT(env_pwc_stale_allowed(e, &r, false, after, 3, false));
    r.accept_tev = 7;                   /* a register write / rs1 = x0 fence after the replacement */
    EXPECT(!env_pwc_stale_allowed(e, &r, false, ptr_old, 3, false));
    EXPECT(env_pwc_stale_allowed(e, &r, false, after, 3, false));        /* replaced after acceptance */
    mmu_env_free(e);
    e = env_on("sv39");                 /* no cache: never */
    r.accept_tev = 3;
    EXPECT(!env_pwc_stale_allowed(e, &r, false, ptr_old, 3, false));
    mmu_env_free(e);
}

TEST(rewritten_value_keeps_its_latest_replacement)
{
    mmu_env *e = env_on("sv39");
    env_overlay_record(e, 0x1000, 0x1);            /* 1 -> x */
    uint64_t first = e->ev_seq;
    env_overlay_flush(e, false, 0, true, 1);
    env_overlay_record(e, 0x1000, 0x7);            /* x -> 1 ... */
    env_overlay_record(e, 0x1000, 0x1);            /* ... 1 -> y: 1 was current until now */
    EXPECT_EQ(e->n_ov, 1);
    EXPECT_EQ(e->ov[0].n_old, 2);
    EXPECT(e->ov[0].old_seq[0] > first);
    mmu_env_free(e);
}

int main(void)
{
    RUN(no_flush_keeps_the_old_value_legal);
    RUN(issue15_shapes_flush_of_another_asid_or_va_keeps_it_legal);
    RUN(covering_flushes_end_the_old_value);
    RUN(global_entries_survive_asid_flushes_only);
    RUN(superpage_entries_are_covered_anywhere_inside);
    RUN(a_walk_never_sees_a_value_replaced_before_acceptance);
    RUN(values_replaced_after_acceptance_are_always_legal);
    RUN(flush_after_acceptance_does_not_count);
    RUN(flush_all_retires_old_values_once_earlier_requests_answered);
    RUN(invalid_old_values_retire_once_earlier_requests_answered);
    RUN(rewritten_value_keeps_its_latest_replacement);
    RUN(walk_cache_pointers_until_a_clearing_event);
    return check_summary();
}
