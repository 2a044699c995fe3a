/* test_env_features.c — the profile's optional features (docs/profiles.md
 * "Features") in the register rules every C model of the register port
 * shares (mmu_env_reg_write), in CONFIG1, in the OS layer, and in the
 * stimulus: on a profile without segmentation or counters the random and
 * directed environments never program what is not there. */
#include "check.h"
#include "mmu_env.h"
#include "mmu_os.h"
#include "mmu_tenv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static mmu_profile load(const char *name)
{
    mmu_profile p;
    mmu_error err;
    if (mmu_profile_find(name, &p, &err)) {
        fprintf(stderr, "cannot load profile %s: %s\n", name, err.msg);
        exit(1);
    }
    return p;
}

/* sv32 with one feature key line appended (a profile file in /tmp). */
static mmu_profile sv32_with(const char *line)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/mmu-test-feat-%d.profile", (int)getpid());
    FILE *f = fopen(path, "w");
    fprintf(f, "va_bits = 32\nva_port_bits = 32\nva_sign_extend = 0\npa_bits = 34\npage_shift = 12\n"
               "levels = 2\nvpn_bits = 10\npte_format = riscv\npte_bytes = 4\nppn_bits = 22\n"
               "asid_bits = 9\nsuperpages = 1\nseg_sel_bits = 2\nseg_count = 4\ntlb_sets = 8\n"
               "tlb_ways = 2\ntlb_repl = lru\n%s\n", line);
    fclose(f);
    mmu_profile p = load(path);
    unlink(path);
    return p;
}

/* ---- register rules ---------------------------------------------------------------- */
TEST(adue_resets_to_svadu_and_ignores_writes_without_it)
{
    mmu_profile full = load("sv32"), svade = sv32_with("svadu = 0");
    mmu_regs r;
    mmu_env_regs_reset(&full, &r);
    EXPECT(r.adue);
    mmu_env_regs_reset(&svade, &r);
    EXPECT(!r.adue);
    EXPECT_EQ(r.mode, MMU_MODE_BARE);
    EXPECT(mmu_env_reg_write(&svade, &r, MMU_ENV_REG_STATUS, 7));     /* an event, SUM and MXR taken */
    EXPECT(r.sum && r.mxr);
    EXPECT(!r.adue);                                                   /* ADUE reads 0 */
    EXPECT(mmu_env_reg_write(&svade, &r, MMU_ENV_REG_STATUS, 4));
    EXPECT(!r.adue && !r.sum && !r.mxr);
    mmu_env_regs_reset(&full, &r);
    EXPECT(mmu_env_reg_write(&full, &r, MMU_ENV_REG_STATUS, 0));
    EXPECT(!r.adue);
    EXPECT(mmu_env_reg_write(&full, &r, MMU_ENV_REG_STATUS, 4));
    EXPECT(r.adue);
}

TEST(mode_writes_without_segmentation_keep_bare_and_paging_only)
{
    mmu_profile lean = load("sv32-fpga"), full = load("sv32");
    mmu_regs r;
    mmu_env_regs_reset(&lean, &r);
    EXPECT(mmu_env_reg_write(&lean, &r, MMU_ENV_REG_MODE, MMU_MODE_PAGING));
    EXPECT_EQ(r.mode, MMU_MODE_PAGING);
    const unsigned ignored[] = { MMU_MODE_BASE_BOUNDS, MMU_MODE_SEGMENTATION, MMU_MODE_HYBRID, 5, 7, 0x103 };
    for (unsigned i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        EXPECT(mmu_env_reg_write(&lean, &r, MMU_ENV_REG_MODE, ignored[i]));   /* still an event */
        EXPECT_EQ(r.mode, MMU_MODE_PAGING);
    }
    EXPECT(mmu_env_reg_write(&lean, &r, MMU_ENV_REG_MODE, MMU_MODE_BARE));
    EXPECT_EQ(r.mode, MMU_MODE_BARE);
    /* with segmentation every mode below MMU_MODE_COUNT is taken */
    mmu_env_regs_reset(&full, &r);
    for (unsigned m = 0; m < MMU_MODE_COUNT; m++) {
        mmu_env_reg_write(&full, &r, MMU_ENV_REG_MODE, m);
        EXPECT_EQ(r.mode, m);
    }
    mmu_env_reg_write(&full, &r, MMU_ENV_REG_MODE, 6);
    EXPECT_EQ(r.mode, MMU_MODE_COUNT - 1);
}

TEST(segment_registers_are_unmapped_without_segmentation)
{
    mmu_profile lean = load("sv32-fpga"), full = load("sv32");
    mmu_regs r, before;
    mmu_env_regs_reset(&lean, &r);
    before = r;
    for (unsigned a = 0x40; a < 0x80; a++) EXPECT(!mmu_env_reg_write(&lean, &r, a, ~(uint64_t)0));   /* no event */
    EXPECT(!memcmp(&r, &before, sizeof r));
    mmu_env_regs_reset(&full, &r);
    EXPECT(mmu_env_reg_write(&full, &r, MMU_ENV_REG_SEG_BASE + 4 * 1, 0x12345));
    EXPECT(mmu_env_reg_write(&full, &r, MMU_ENV_REG_SEG_BASE + 4 * 1 + 1, 77));
    EXPECT(mmu_env_reg_write(&full, &r, MMU_ENV_REG_SEG_BASE + 4 * 1 + 2, 0x3d));
    EXPECT_EQ(r.seg[1].base, 0x12345);
    EXPECT_EQ(r.seg[1].bound, 77);
    EXPECT(r.seg[1].valid && !r.seg[1].grows_negative && r.seg[1].r && r.seg[1].w && r.seg[1].x && r.seg[1].user);
    EXPECT(mmu_env_reg_write(&full, &r, MMU_ENV_REG_SEG_BASE + 4 * 9, 5));   /* beyond seg_count: an event */
    /* the other registers are never events */
    EXPECT(!mmu_env_reg_write(&full, &r, MMU_ENV_REG_FLUSH_VA, 5));
    EXPECT(!mmu_env_reg_write(&full, &r, MMU_ENV_REG_CTR_CLEAR, 0));
    EXPECT(!mmu_env_reg_write(&full, &r, MMU_ENV_REG_CONFIG1, 0));
}

TEST(config1_reports_the_features)
{
    uint64_t c0, c1;
    mmu_profile p = load("sv32");
    mmu_env_expected_config(&p, &c0, &c1);
    EXPECT_EQ((c1 >> 50) & 7, 7);
    EXPECT_EQ(c1 >> 56, 32);
    p = load("sv32-fpga");
    mmu_env_expected_config(&p, &c0, &c1);
    EXPECT_EQ((c1 >> 50) & 1, 0);            /* SEGMENTATION */
    EXPECT_EQ((c1 >> 51) & 1, 1);            /* SVADU */
    EXPECT_EQ((c1 >> 52) & 1, 1);            /* FLUSH_EXACT */
    EXPECT_EQ(c1 >> 56, 0);                  /* CTR_BITS */
    uint64_t f0, f1;
    p = load("sv32");
    mmu_env_expected_config(&p, &f0, &f1);
    p = sv32_with("svadu = 0\nflush_exact = 0\ncounters = 12");
    mmu_env_expected_config(&p, &c0, &c1);
    EXPECT_EQ((c1 >> 50) & 7, 1);
    EXPECT_EQ(c1 >> 56, 12);
    EXPECT_EQ(c1 & 0x0003ffffffffffffull, f1 & 0x0003ffffffffffffull);   /* the geometry bits unchanged */
    EXPECT_EQ(c0, f0);
}

/* ---- OS layer -------------------------------------------------------------------------- */
TEST(os_follows_the_profile_features)
{
    mmu_error err;
    mmu_os_config c;
    memset(&c, 0, sizeof c);
    c.mode = MMU_MODE_HYBRID;
    c.mem_bytes = 1 << 20;
    mmu_profile lean = load("sv32-fpga");
    EXPECT(mmu_os_new(&lean, &c, NULL, &err) == NULL);
    EXPECT_STR_CONTAINS(err.msg, "OS mode hybrid: profile sv32-fpga has no segmentation");
    c.mode = MMU_MODE_SEGMENTATION;
    EXPECT(mmu_os_new(&lean, &c, NULL, &err) == NULL);
    c.mode = MMU_MODE_PAGING;
    mmu_os *os = mmu_os_new(&lean, &c, NULL, &err);
    EXPECT(os != NULL);
    if (os) { EXPECT(mmu_os_regs(os)->adue); mmu_os_free(os); }
    mmu_profile svade = sv32_with("svadu = 0");
    os = mmu_os_new(&svade, &c, NULL, &err);       /* asks for Svadu, the MMU has none */
    EXPECT(os != NULL);
    if (os) { EXPECT(!mmu_os_regs(os)->adue); mmu_os_free(os); }
}

/* ---- stimulus ----------------------------------------------------------------------------- */
TEST(env_refuses_modes_the_profile_lacks)
{
    mmu_profile lean = load("sv39-fpga");
    mmu_env_config c;
    mmu_error err;
    const char *bad[] = { "segmentation", "base-bounds", "hybrid" };
    for (unsigned i = 0; i < 3; i++) {
        mmu_env_config_defaults(&c);
        EXPECT_EQ(mmu_env_parse_mode(bad[i], &c.mode, &err), 0);
        memset(&err, 0, sizeof err);
        EXPECT(mmu_env_new(&lean, &c, &err) == NULL);
        EXPECT_STR_CONTAINS(err.msg, "profile sv39-fpga has no segmentation (segmentation = 0)");
        EXPECT_STR_CONTAINS(err.msg, bad[i]);
    }
    const char *good[] = { "bare", "paging", "mixed" };
    for (unsigned i = 0; i < 3; i++) {
        mmu_env_config_defaults(&c);
        EXPECT_EQ(mmu_env_parse_mode(good[i], &c.mode, &err), 0);
        mmu_env *e = mmu_env_new(&lean, &c, &err);
        EXPECT(e != NULL);
        mmu_env_free(e);
    }
}

/* A stand-in for mmu_top that accepts one request at a time and answers it
 * the next cycle (a fault, no walk): enough to let the stimulus run. What is
 * checked is what the env drives on the register port. */
typedef struct {
    bool busy;
    uint64_t seg_writes, ctr_writes, mode_writes[8], mode_other;
    uint64_t reg_writes, requests;
} watch;

static void watch_cycle(mmu_env *e, watch *w)
{
    mmu_cycle_in in;
    mmu_cycle_out out;
    memset(&in, 0, sizeof in);
    memset(&out, 0, sizeof out);
    mmu_env_drive(e, &in);
    out.req_ready = !w->busy;
    out.rsp_valid = w->busy;
    out.rsp_fault = w->busy;
    out.rsp_cause = MMU_CAUSE_PTE_INVALID;
    mmu_env_observe(e, &in, &out, NULL);
    if (w->busy) w->busy = false;
    else if (in.req_valid) { w->busy = true; w->requests++; }
    if (!in.reg_we) return;
    w->reg_writes++;
    if (in.reg_addr >= 0x40 && in.reg_addr < 0x80) w->seg_writes++;
    if (in.reg_addr == MMU_ENV_REG_CTR_CLEAR) w->ctr_writes++;
    if (in.reg_addr == MMU_ENV_REG_MODE) {
        if (in.reg_wdata < 8) w->mode_writes[in.reg_wdata]++;
        else w->mode_other++;
    }
}

static watch run_random(const char *profile, uint64_t seed, unsigned cycles)
{
    mmu_profile p = load(profile);
    mmu_env_config c;
    mmu_error err;
    mmu_env_config_defaults(&c);
    c.seed = seed;
    c.arch_check = false;                   /* the stand-in DUT does not translate */
    mmu_env_set_knob(&c, "mode_switch=60", &err);
    mmu_env_set_knob(&c, "seg_write=300", &err);
    mmu_env_set_knob(&c, "ctr_clear=300", &err);
    watch w;
    memset(&w, 0, sizeof w);
    mmu_env *e = mmu_env_new(&p, &c, &err);
    if (!e) { check_note(__FILE__, __LINE__, "mmu_env_new(%s): %s", profile, err.msg); return w; }
    for (unsigned i = 0; i < cycles; i++) watch_cycle(e, &w);
    mmu_env_free(e);
    return w;
}

TEST(random_env_never_programs_segments_modes_or_counters_the_profile_lacks)
{
    const char *lean[] = { "sv32-fpga", "sv39-fpga" };
    for (unsigned i = 0; i < 2; i++)
        for (uint64_t seed = 1; seed <= 3; seed++) {
            watch w = run_random(lean[i], seed, 60000);
            EXPECT(w.requests > 1000);
            EXPECT_EQ(w.seg_writes, 0);
            EXPECT_EQ(w.mode_writes[MMU_MODE_BASE_BOUNDS], 0);
            EXPECT_EQ(w.mode_writes[MMU_MODE_SEGMENTATION], 0);
            EXPECT_EQ(w.mode_writes[MMU_MODE_HYBRID], 0);
            EXPECT_EQ(w.ctr_writes, 0);
            EXPECT(w.mode_writes[MMU_MODE_PAGING] > 1);          /* --mode mixed: paging and bare */
            EXPECT(w.mode_writes[MMU_MODE_BARE] > 0);
        }
    /* the same knobs on the full profile do all of it (the watch sees them) */
    watch w = run_random("sv32", 1, 60000);
    EXPECT(w.seg_writes > 0);
    EXPECT(w.ctr_writes > 0);
    EXPECT(w.mode_writes[MMU_MODE_HYBRID] + w.mode_writes[MMU_MODE_SEGMENTATION] +
           w.mode_writes[MMU_MODE_BASE_BOUNDS] > 0);
}

TEST(directed_env_skips_what_the_profile_lacks)
{
    mmu_profile p = load("sv32-fpga");
    mmu_env_config c;
    mmu_error err;
    mmu_env_config_defaults(&c);
    c.arch_check = false;
    snprintf(c.stimulus, sizeof c.stimulus, "directed:all");
    mmu_env *e = mmu_env_new(&p, &c, &err);
    EXPECT(e != NULL);
    if (!e) return;
    watch w;
    memset(&w, 0, sizeof w);
    unsigned n = 0;
    while (!mmu_env_done(e) && n++ < 3000000) watch_cycle(e, &w);
    EXPECT(mmu_env_done(e));
    EXPECT(w.requests > 1000);
    EXPECT_EQ(w.seg_writes, 0);
    EXPECT_EQ(w.ctr_writes, 0);
    /* modes the profile lacks are written only by regs_during_walk, to see
     * them ignored: never more than its walk-position sweep */
    uint64_t lacking = w.mode_writes[MMU_MODE_BASE_BOUNDS] + w.mode_writes[MMU_MODE_SEGMENTATION] +
                       w.mode_writes[MMU_MODE_HYBRID];
    EXPECT(lacking > 0 && lacking < 64);
    mmu_env_free(e);
    /* the segmentation families queue nothing on this profile */
    const char *seg_only[] = { "directed:hybrid_edges", "directed:segment_edges" };
    for (unsigned i = 0; i < 2; i++) {
        snprintf(c.stimulus, sizeof c.stimulus, "%s", seg_only[i]);
        e = mmu_env_new(&p, &c, &err);
        EXPECT(e != NULL);
        if (!e) continue;
        memset(&w, 0, sizeof w);
        n = 0;
        while (!mmu_env_done(e) && n++ < 100000) watch_cycle(e, &w);
        EXPECT(mmu_env_done(e));
        EXPECT_EQ(w.seg_writes, 0);
        EXPECT_EQ(w.mode_writes[MMU_MODE_HYBRID] + w.mode_writes[MMU_MODE_SEGMENTATION], 0);
        mmu_env_free(e);
    }
}

int main(void)
{
    RUN(adue_resets_to_svadu_and_ignores_writes_without_it);
    RUN(mode_writes_without_segmentation_keep_bare_and_paging_only);
    RUN(segment_registers_are_unmapped_without_segmentation);
    RUN(config1_reports_the_features);
    RUN(os_follows_the_profile_features);
    RUN(env_refuses_modes_the_profile_lacks);
    RUN(random_env_never_programs_segments_modes_or_counters_the_profile_lacks);
    RUN(directed_env_skips_what_the_profile_lacks);
    return check_summary();
}
