/* test_profile.c — profile files: the shipped ones load, bad ones are
 * rejected with file:line and what was expected. */
#include "check.h"
#include "mmu_profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/mmu-test-%d.profile", (int)getpid());
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

#define SV32_BODY \
    "va_bits = 32\nva_port_bits = 32\nva_sign_extend = 0\npa_bits = 34\npage_shift = 12\n" \
    "levels = 2\nvpn_bits = 10\npte_format = riscv\npte_bytes = 4\nppn_bits = 22\n" \
    "asid_bits = 9\nsuperpages = 1\nseg_sel_bits = 2\nseg_count = 4\ntlb_sets = 8\n" \
    "tlb_ways = 2\ntlb_repl = lru\n"

static mmu_error load_bad(const char *text, int *rc)
{
    mmu_profile p;
    mmu_error err;
    memset(&err, 0, sizeof err);
    *rc = mmu_profile_load(write_tmp(text), &p, &err);
    return err;
}

TEST(shipped_profiles_load_with_their_geometry)
{
    mmu_profile p;
    mmu_error err;
    EXPECT_EQ(mmu_profile_find("sv39", &p, &err), 0);
    EXPECT_EQ(p.levels, 3);
    EXPECT_EQ(p.pte_bytes, 8);
    EXPECT_EQ(p.pa_bits, 56);
    EXPECT(p.va_sign_extend);
    EXPECT(!strcmp(p.name, "sv39"));
    EXPECT_EQ(mmu_profile_find("sv32", &p, &err), 0);
    EXPECT_EQ(p.asid_bits, 9);
    EXPECT_EQ(p.ppn_bits, 22);
    EXPECT_EQ(mmu_profile_find("ostep-linear", &p, &err), 0);
    EXPECT_EQ(p.pte_format, MMU_PTE_OSTEP_LINEAR);
    EXPECT_EQ(mmu_profile_find("ostep-multilevel", &p, &err), 0);
    EXPECT_EQ(p.va_bits, 15);
    EXPECT_EQ(p.page_shift, 5);
    EXPECT_EQ(p.pa_bits, 12);
    EXPECT_EQ(p.pte_bytes, 1);
    EXPECT_EQ(p.ppn_bits, 7);
}

TEST(unknown_profile_name_is_an_error_naming_it)
{
    mmu_profile p;
    mmu_error err;
    EXPECT(mmu_profile_find("sv48", &p, &err) != 0);
    EXPECT_STR_CONTAINS(err.msg, "sv48");
    EXPECT(mmu_profile_find("../etc", &p, &err) != 0);
}

TEST(profile_unknown_key_names_line)
{
    int rc;
    mmu_error e = load_bad("# c\nva_bits = 32\nbogus = 1\n", &rc);
    EXPECT(rc != 0);
    EXPECT_EQ(e.line, 3);
    EXPECT_STR_CONTAINS(e.msg, "unknown key 'bogus'");
}

TEST(profile_bad_value_names_line_and_range)
{
    int rc;
    mmu_error e = load_bad("va_bits = 32\nlevels = nine\n", &rc);
    EXPECT(rc != 0);
    EXPECT_EQ(e.line, 2);
    EXPECT_STR_CONTAINS(e.msg, "levels: expected an integer");
    e = load_bad("tlb_repl = mru\n", &rc);
    EXPECT(rc != 0);
    EXPECT_STR_CONTAINS(e.msg, "expected lru, plru, fifo or random");
}

TEST(profile_missing_key_and_duplicate_key)
{
    int rc;
    mmu_error e = load_bad("va_bits = 32\n", &rc);
    EXPECT(rc != 0);
    EXPECT_STR_CONTAINS(e.msg, "missing key");
    e = load_bad("va_bits = 32\nva_bits = 33\n", &rc);
    EXPECT(rc != 0);
    EXPECT_EQ(e.line, 2);
    EXPECT_STR_CONTAINS(e.msg, "given twice");
}

TEST(profile_inconsistent_geometry_rejected)
{
    int rc;
    load_bad(SV32_BODY, &rc);
    EXPECT_EQ(rc, 0);
    char text[1024];
    snprintf(text, sizeof text, "%s", SV32_BODY);
    char *l = strstr(text, "levels = 2");
    l[9] = '3';                              /* 12 + 3*10 != 32 */
    mmu_error e = load_bad(text, &rc);
    EXPECT(rc != 0);
    EXPECT_STR_CONTAINS(e.msg, "levels must cover the VA");
    snprintf(text, sizeof text, "%s", SV32_BODY);
    memcpy(strstr(text, "tlb_sets = 8"), "tlb_sets = 6", 12);
    e = load_bad(text, &rc);
    EXPECT(rc != 0);
    EXPECT_STR_CONTAINS(e.msg, "power of two");
}

TEST(verilog_header_carries_every_parameter)
{
    mmu_profile p;
    mmu_error err;
    EXPECT_EQ(mmu_profile_find("sv39", &p, &err), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    EXPECT_EQ(mmu_profile_write_verilog(&p, f), 0);
    fclose(f);
    EXPECT_STR_CONTAINS(buf, "`define MMU_P_VA_BITS 39\n");
    EXPECT_STR_CONTAINS(buf, "`define MMU_P_PTE_BYTES 8\n");
    EXPECT_STR_CONTAINS(buf, "`define MMU_P_TLB_REPL 1\n");
    EXPECT_STR_CONTAINS(buf, "`define MMU_P_NAME \"sv39\"\n");
    free(buf);
}

/* ---- feature keys (docs/profiles.md "Features") ------------------------------- */
TEST(feature_keys_default_to_the_full_mmu)
{
    mmu_profile p;
    mmu_error err;
    EXPECT_EQ(mmu_profile_load(write_tmp(SV32_BODY), &p, &err), 0);
    EXPECT_EQ(p.segmentation, 1);
    EXPECT_EQ(p.svadu, 1);
    EXPECT_EQ(p.flush_exact, 1);
    EXPECT_EQ(p.counters, 32);
    EXPECT_EQ(p.hit_stages, 1);
    EXPECT_EQ(p.isolate, 1);
    /* the shipped teaching and Sv profiles leave them at the defaults */
    const char *full[] = { "sv32", "sv39", "ostep-linear", "ostep-multilevel" };
    for (unsigned i = 0; i < 4; i++) {
        EXPECT_EQ(mmu_profile_find(full[i], &p, &err), 0);
        EXPECT(p.segmentation && p.svadu && p.flush_exact && p.counters == 32 && p.hit_stages == 1 &&
               p.isolate == 1);
    }
}

TEST(feature_keys_set_each_feature)
{
    mmu_profile p;
    mmu_error err;
    EXPECT_EQ(mmu_profile_load(write_tmp(SV32_BODY "segmentation = 0\nsvadu = 0\nflush_exact = 0\ncounters = 16\n"),
                               &p, &err), 0);
    EXPECT_EQ(p.segmentation, 0);
    EXPECT_EQ(p.svadu, 0);
    EXPECT_EQ(p.flush_exact, 0);
    EXPECT_EQ(p.counters, 16);
    EXPECT_EQ(mmu_profile_load(write_tmp(SV32_BODY "counters = 64\n"), &p, &err), 0);
    EXPECT_EQ(p.counters, 64);
    EXPECT_EQ(mmu_profile_load(write_tmp(SV32_BODY "counters = 0\n"), &p, &err), 0);
    EXPECT_EQ(p.counters, 0);
    EXPECT_EQ(mmu_profile_load(write_tmp(SV32_BODY "isolate = 0\n"), &p, &err), 0);
    EXPECT_EQ(p.isolate, 0);
    EXPECT_EQ(mmu_profile_load(write_tmp(SV32_BODY "pwc_entries = 8\n"), &p, &err), 0);
    EXPECT_EQ(p.pwc_entries, 8u);
}

TEST(pwc_entries_power_of_two_and_needs_levels)
{
    int rc;
    mmu_error e = load_bad(SV32_BODY "pwc_entries = 6\n", &rc);
    EXPECT(rc != 0);
    EXPECT_STR_CONTAINS(e.msg, "pwc_entries = 6: expected 0 (no page-walk cache) or 2, 4, 8, 16");
    e = load_bad(SV32_BODY "pwc_entries = 1\n", &rc);
    EXPECT(rc != 0);
    mmu_profile p;
    mmu_error err;
    EXPECT_EQ(mmu_profile_find("ostep-linear", &p, &err), 0);
    p.pwc_entries = 4;
    EXPECT(mmu_profile_validate(&p, &err) != 0);
    EXPECT_STR_CONTAINS(err.msg, "needs levels >= 2");
    EXPECT_EQ(mmu_profile_find("sv39", &p, &err), 0);
    EXPECT_EQ(p.pwc_entries, 0u);   /* the teaching and board profiles keep today's walker */
}

TEST(fpga_profiles_compile_out_segmentation_and_counters)
{
    mmu_profile p;
    mmu_error err;
    const char *lean[] = { "sv32-fpga", "sv39-fpga" };
    for (unsigned i = 0; i < 2; i++) {
        EXPECT_EQ(mmu_profile_find(lean[i], &p, &err), 0);
        EXPECT_EQ(p.segmentation, 0);
        EXPECT_EQ(p.counters, 0);
        EXPECT_EQ(p.svadu, 1);
        EXPECT_EQ(p.flush_exact, 1);
        EXPECT_EQ(p.hit_stages, 2);   /* the response stage the boards' clocks need */
        EXPECT_EQ(p.isolate, 0);      /* no enable on the compare path */
    }
    /* the translation geometry is the full profile's */
    mmu_profile full;
    EXPECT_EQ(mmu_profile_find("sv39", &full, &err), 0);
    EXPECT_EQ(mmu_profile_find("sv39-fpga", &p, &err), 0);
    EXPECT(p.va_bits == full.va_bits && p.pa_bits == full.pa_bits && p.levels == full.levels &&
           p.asid_bits == full.asid_bits && p.pte_bytes == full.pte_bytes && p.superpages == full.superpages);
}

/* key = value on line 18 (after the 17 lines of SV32_BODY) must be rejected
 * naming that line and what the key accepts. */
static void expect_bad_feature(const char *line, const char *want)
{
    char text[1024];
    snprintf(text, sizeof text, SV32_BODY "%s\n", line);
    int rc;
    mmu_error e = load_bad(text, &rc);
    EXPECT(rc != 0);
    EXPECT_EQ(e.line, 18);
    EXPECT_STR_CONTAINS(e.msg, want);
}

TEST(feature_keys_bad_values_name_file_line_and_range)
{
    expect_bad_feature("segmentation = 2", "segmentation: expected 0 or 1, got '2'");
    expect_bad_feature("segmentation = yes", "segmentation: expected 0 or 1, got 'yes'");
    expect_bad_feature("svadu = -1", "svadu: expected 0 or 1, got '-1'");
    expect_bad_feature("svadu = 1x", "svadu: expected 0 or 1, got '1x'");
    expect_bad_feature("flush_exact = 3", "flush_exact: expected 0 or 1, got '3'");
    expect_bad_feature("flush_exact = on", "flush_exact: expected 0 or 1, got 'on'");
    expect_bad_feature("counters = 65", "counters: expected an integer 0..64, got '65'");
    expect_bad_feature("counters = -8", "counters: expected an integer 0..64, got '-8'");
    expect_bad_feature("counters = wide", "counters: expected an integer 0..64, got 'wide'");
    expect_bad_feature("hit_stages = 3", "hit_stages: expected an integer 1..2, got '3'");
    expect_bad_feature("hit_stages = 0", "hit_stages: expected an integer 1..2, got '0'");
    expect_bad_feature("isolate = 2", "isolate: expected 0 or 1, got '2'");
    expect_bad_feature("pwc_entries = 17", "pwc_entries: expected an integer 0..16, got '17'");
    expect_bad_feature("svadu =", "key 'svadu' has no value");
    int rc;
    mmu_error e = load_bad(SV32_BODY "counters = 8\ncounters = 16\n", &rc);
    EXPECT(rc != 0);
    EXPECT_EQ(e.line, 19);
    EXPECT_STR_CONTAINS(e.msg, "key 'counters' given twice (first on line 18)");
    EXPECT_STR_CONTAINS(e.file, "mmu-test-");
}

TEST(mode_supported_follows_segmentation)
{
    mmu_profile p;
    mmu_error err;
    EXPECT_EQ(mmu_profile_find("sv32", &p, &err), 0);
    for (unsigned m = 0; m < MMU_MODE_COUNT; m++) EXPECT(mmu_profile_mode_supported(&p, m));
    EXPECT(!mmu_profile_mode_supported(&p, MMU_MODE_COUNT));
    EXPECT(!mmu_profile_mode_supported(&p, 7));
    EXPECT(!mmu_profile_mode_supported(&p, ~0u));
    EXPECT_EQ(mmu_profile_find("sv32-fpga", &p, &err), 0);
    EXPECT(mmu_profile_mode_supported(&p, MMU_MODE_BARE));
    EXPECT(mmu_profile_mode_supported(&p, MMU_MODE_PAGING));
    EXPECT(!mmu_profile_mode_supported(&p, MMU_MODE_BASE_BOUNDS));
    EXPECT(!mmu_profile_mode_supported(&p, MMU_MODE_SEGMENTATION));
    EXPECT(!mmu_profile_mode_supported(&p, MMU_MODE_HYBRID));
    EXPECT(!mmu_profile_mode_supported(&p, MMU_MODE_COUNT));
    /* the encodings the register map uses: 0 bare and 3 paging stay */
    EXPECT_EQ(MMU_MODE_BARE, 0);
    EXPECT_EQ(MMU_MODE_PAGING, 3);
}

TEST(verilog_header_carries_the_features)
{
    mmu_profile p;
    mmu_error err;
    EXPECT_EQ(mmu_profile_find("sv32-fpga", &p, &err), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    EXPECT_EQ(mmu_profile_write_verilog(&p, f), 0);
    fclose(f);
    EXPECT_STR_CONTAINS(buf, "`define MMU_P_SEGMENTATION 0\n");
    EXPECT_STR_CONTAINS(buf, "`define MMU_P_SVADU 1\n");
    EXPECT_STR_CONTAINS(buf, "`define MMU_P_FLUSH_EXACT 1\n");
    EXPECT_STR_CONTAINS(buf, "`define MMU_P_CTR_BITS 0\n");
    free(buf);
}

int main(void)
{
    RUN(shipped_profiles_load_with_their_geometry);
    RUN(unknown_profile_name_is_an_error_naming_it);
    RUN(profile_unknown_key_names_line);
    RUN(profile_bad_value_names_line_and_range);
    RUN(profile_missing_key_and_duplicate_key);
    RUN(profile_inconsistent_geometry_rejected);
    RUN(verilog_header_carries_every_parameter);
    RUN(feature_keys_default_to_the_full_mmu);
    RUN(feature_keys_set_each_feature);
    RUN(pwc_entries_power_of_two_and_needs_levels);
    RUN(fpga_profiles_compile_out_segmentation_and_counters);
    RUN(feature_keys_bad_values_name_file_line_and_range);
    RUN(mode_supported_follows_segmentation);
    RUN(verilog_header_carries_the_features);
    unlink(write_tmp(""));
    return check_summary();
}
