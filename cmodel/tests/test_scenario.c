/* test_scenario.c — the scenario format (docs/scenario.md): what it sets, and
 * that every malformed line is reported with its line number. */
#include "check.h"
#include "mmu_scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp_path[64];

static int load_text(const char *text, const char *profile, mmu_scenario *s, mmu_error *e)
{
    snprintf(tmp_path, sizeof tmp_path, "/tmp/mmu-test-%d.scn", (int)getpid());
    FILE *f = fopen(tmp_path, "w");
    fputs(text, f);
    fclose(f);
    memset(e, 0, sizeof *e);
    return mmu_scenario_load(tmp_path, profile, s, e);
}

TEST(numbers_accept_hex_binary_and_size_suffixes)
{
    uint64_t v;
    EXPECT_EQ(mmu_parse_number("4200", &v), 0); EXPECT_EQ(v, 4200);
    EXPECT_EQ(mmu_parse_number("0x1068", &v), 0); EXPECT_EQ(v, 0x1068);
    EXPECT_EQ(mmu_parse_number("0b101", &v), 0); EXPECT_EQ(v, 5);
    EXPECT_EQ(mmu_parse_number("15K", &v), 0); EXPECT_EQ(v, 15 * 1024);
    EXPECT_EQ(mmu_parse_number("16m", &v), 0); EXPECT_EQ(v, 16u << 20);
    EXPECT(mmu_parse_number("", &v) != 0);
    EXPECT(mmu_parse_number("-1", &v) != 0);
    EXPECT(mmu_parse_number("12Q", &v) != 0);
    EXPECT(mmu_parse_number("0x", &v) != 0);
    EXPECT(mmu_parse_number("0x-1", &v) != 0);
    EXPECT(mmu_parse_number("0b-1", &v) != 0);
    EXPECT(mmu_parse_number("0x 5", &v) != 0);
    EXPECT(mmu_parse_number("0x+5", &v) != 0);
    EXPECT(mmu_parse_number("99999999999999999999", &v) != 0);
    EXPECT(mmu_parse_number("17179869184G", &v) != 0);   /* overflows */
}

TEST(access_arguments_take_type_and_privilege)
{
    mmu_scenario_access a;
    EXPECT_EQ(mmu_parse_access("store:0x3c00@supervisor", MMU_ACC_LOAD, MMU_PRIV_USER, &a), 0);
    EXPECT_EQ(a.acc, MMU_ACC_STORE);
    EXPECT_EQ(a.priv, MMU_PRIV_SUPERVISOR);
    EXPECT_EQ(a.va, 0x3c00);
    EXPECT_EQ(mmu_parse_access("15K", MMU_ACC_FETCH, MMU_PRIV_USER, &a), 0);
    EXPECT_EQ(a.acc, MMU_ACC_FETCH);
    EXPECT(mmu_parse_access("poke:12", MMU_ACC_LOAD, MMU_PRIV_USER, &a) != 0);
    EXPECT(mmu_parse_access("12@root", MMU_ACC_LOAD, MMU_PRIV_USER, &a) != 0);
}

TEST(scenario_sets_registers_segments_memory_and_accesses)
{
    mmu_scenario s;
    mmu_error e;
    EXPECT_EQ(load_text("profile ostep-linear\nmode segmentation\nasid 3\nsum 1\nadue 0\n"
                        "seg 3 base=28K bound=2K prot=rw grows=down user=0\n"
                        "mem 0x100 de ad\npte 0x200 0x80000005\n"
                        "fetch 100\nstore 15K supervisor\n", NULL, &s, &e), 0);
    EXPECT_EQ(s.regs.mode, MMU_MODE_SEGMENTATION);
    EXPECT_EQ(s.regs.asid, 3);
    EXPECT(s.regs.sum);
    EXPECT(!s.regs.adue);
    EXPECT(s.regs.seg[3].valid && s.regs.seg[3].grows_negative);
    EXPECT_EQ(s.regs.seg[3].base, 28 * 1024);
    EXPECT(s.regs.seg[3].r && s.regs.seg[3].w && !s.regs.seg[3].x && !s.regs.seg[3].user);
    EXPECT(!s.regs.seg[0].valid);
    uint64_t v;
    EXPECT_EQ(mmu_sparse_mem_read(s.mem, 0x100, 2, &v), 0);
    EXPECT_EQ(v, 0xadde);
    EXPECT_EQ(mmu_sparse_mem_read(s.mem, 0x200, 4, &v), 0);
    EXPECT_EQ(v, 0x80000005);
    EXPECT_EQ(s.access_count, 2);
    EXPECT_EQ(s.access[1].acc, MMU_ACC_STORE);
    EXPECT_EQ(s.access[1].priv, MMU_PRIV_SUPERVISOR);
    EXPECT_EQ(s.access[1].line, 10);
    mmu_scenario_free(&s);
}

TEST(scenario_reads_ostep_page_dumps)
{
    mmu_scenario s;
    mmu_error e;
    char text[256] = "profile ostep-multilevel\npage   3:";
    for (int i = 0; i < 32; i++) sprintf(text + strlen(text), "%02x", i);
    strcat(text, "\n");
    EXPECT_EQ(load_text(text, NULL, &s, &e), 0);
    uint64_t v;
    mmu_sparse_mem_read(s.mem, 3 * 32 + 31, 1, &v);
    EXPECT_EQ(v, 31);
    mmu_scenario_free(&s);
}

TEST(reset_values_match_translation_md)
{
    mmu_regs r;
    mmu_regs_reset(&r);
    EXPECT_EQ(r.mode, MMU_MODE_BARE);
    EXPECT(r.adue);
    EXPECT(!r.sum && !r.mxr);
    EXPECT(!r.seg[0].valid);
}

/* Each malformed scenario with the line and words the error must carry. */
static const struct { const char *text; int line; const char *want; } BAD[] = {
    {"mode paging\n", 0, "no profile"},
    {"profile sv39\nmode warp\n", 2, "mode: expected"},
    {"profile sv39\nptbase 0x1\nptbase zz\n", 3, "expected a number"},
    {"profile sv32\nasid 512\n", 2, "out of range"},
    {"profile sv39\nseg 9 base=0\n", 2, "out of range"},
    {"profile sv39\nseg 0 base=0 colour=red\n", 2, "unknown key 'colour'"},
    {"profile sv39\nseg 0 prot=rwz\n", 2, "rwx"},
    {"profile sv39\nmem 0x10 abc\n", 2, "even number"},
    {"profile sv39\nmem 0x10 zz\n", 2, "hex digits"},
    {"profile sv39\npte 0x3 0x1\n", 2, "not aligned"},
    {"profile ostep-multilevel\npage 3:00\n", 2, "hex digits"},
    {"profile sv39\nload\n", 2, "expected 'load VA"},
    {"profile sv39\nload 0x10 root\n", 2, "user or supervisor"},
    {"profile sv39\nfrobnicate 1\n", 2, "unknown directive"},
    {"profile sv39\nprofile sv32\n", 2, "profile given twice"},
    {"profile nosuch\n", 1, "unknown profile"},
    {"profile ostep-linear\nmem 0x10000 00\n", 2, "out of range"},
    {"profile sv39\npte 0x0 0x1\nmemsize 4K\n", 3, "before memory"},
    {"profile sv39\nsum 2\n", 2, "expected 0 or 1"},
};

TEST(malformed_scenarios_name_line_and_expectation)
{
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        mmu_scenario s;
        mmu_error e;
        int rc = load_text(BAD[i].text, NULL, &s, &e);
        EXPECT(rc != 0);
        if (rc == 0) { mmu_scenario_free(&s); continue; }
        EXPECT_EQ(e.line, BAD[i].line);
        EXPECT_STR_CONTAINS(e.msg, BAD[i].want);
        EXPECT_STR_CONTAINS(e.file, "mmu-test-");
    }
}

TEST(command_line_profile_must_agree_with_file)
{
    mmu_scenario s;
    mmu_error e;
    EXPECT(load_text("profile sv39\n", "sv32", &s, &e) != 0);
    EXPECT_EQ(e.line, 1);
    EXPECT_STR_CONTAINS(e.msg, "disagrees");
    EXPECT_EQ(load_text("mode paging\n", "sv32", &s, &e), 0);
    EXPECT(!strcmp(s.profile.name, "sv32"));
    mmu_scenario_free(&s);
}

/* A scenario that asks for a register the profile's MMU does not have is an
 * error naming its line (docs/profiles.md "Features"). */
static void expect_scn_error(const char *text, const char *profile, int line, const char *want)
{
    mmu_scenario s;
    mmu_error e;
    EXPECT(load_text(text, profile, &s, &e) != 0);
    EXPECT_EQ(e.line, line);
    EXPECT_STR_CONTAINS(e.file, "mmu-test-");
    EXPECT_STR_CONTAINS(e.msg, want);
}

TEST(scenario_modes_the_profile_lacks_name_their_line)
{
    expect_scn_error("profile sv32-fpga\nmode segmentation\n", NULL, 2,
                     "mode segmentation: profile sv32-fpga has no segmentation (segmentation = 0)");
    expect_scn_error("profile sv39-fpga\n# hybrid\nmode hybrid\nload 0x1000\n", NULL, 3, "mode hybrid: profile sv39-fpga");
    expect_scn_error("mode base-bounds\nprofile sv32-fpga\n", NULL, 1, "mode base-bounds: profile sv32-fpga");
    expect_scn_error("mode base-bounds\n", "sv32-fpga", 1, "expected bare or paging");
    expect_scn_error("profile sv32-fpga\nseg 0 base=0x1000 bound=4K\n", NULL, 2,
                     "seg: profile sv32-fpga has no segment registers (segmentation = 0)");
    mmu_scenario s;
    mmu_error e;
    EXPECT_EQ(load_text("profile sv32-fpga\nmode paging\nptbase 5\nload 0x1000\n", NULL, &s, &e), 0);
    EXPECT_EQ(s.regs.mode, MMU_MODE_PAGING);
    mmu_scenario_free(&s);
    EXPECT_EQ(load_text("profile sv32-fpga\nmode bare\n", NULL, &s, &e), 0);
    mmu_scenario_free(&s);
    EXPECT_EQ(load_text("profile sv32\nmode hybrid\nseg 1 base=0x1000 bound=4\n", NULL, &s, &e), 0);
    mmu_scenario_free(&s);
}

TEST(scenario_adue_is_zero_without_svadu)
{
    static char prof[64];
    snprintf(prof, sizeof prof, "/tmp/mmu-test-svade-%d.profile", (int)getpid());
    FILE *f = fopen(prof, "w");
    fputs("va_bits = 32\nva_port_bits = 32\nva_sign_extend = 0\npa_bits = 34\npage_shift = 12\n"
          "levels = 2\nvpn_bits = 10\npte_format = riscv\npte_bytes = 4\nppn_bits = 22\n"
          "asid_bits = 9\nsuperpages = 1\nseg_sel_bits = 2\nseg_count = 4\ntlb_sets = 8\n"
          "tlb_ways = 2\ntlb_repl = lru\nsvadu = 0\n", f);
    fclose(f);
    mmu_scenario s;
    mmu_error e;
    EXPECT_EQ(load_text("mode paging\nload 0x1000\n", prof, &s, &e), 0);
    EXPECT(!s.regs.adue);                       /* reset value without Svadu */
    mmu_scenario_free(&s);
    EXPECT_EQ(load_text("adue 0\nmode paging\n", prof, &s, &e), 0);
    EXPECT(!s.regs.adue);
    mmu_scenario_free(&s);
    expect_scn_error("mode paging\nadue 1\n", prof, 2, "adue 1: profile mmu-test-svade-");
    expect_scn_error("mode paging\nadue 1\n", prof, 2, "has no Svadu (svadu = 0)");
    /* with Svadu the reset value stays 1 */
    EXPECT_EQ(load_text("profile sv32\nmode paging\n", NULL, &s, &e), 0);
    EXPECT(s.regs.adue);
    mmu_scenario_free(&s);
    unlink(prof);
}

int main(void)
{
    RUN(numbers_accept_hex_binary_and_size_suffixes);
    RUN(access_arguments_take_type_and_privilege);
    RUN(scenario_sets_registers_segments_memory_and_accesses);
    RUN(scenario_reads_ostep_page_dumps);
    RUN(reset_values_match_translation_md);
    RUN(malformed_scenarios_name_line_and_expectation);
    RUN(command_line_profile_must_agree_with_file);
    RUN(scenario_modes_the_profile_lacks_name_their_line);
    RUN(scenario_adue_is_zero_without_svadu);
    unlink(tmp_path);
    return check_summary();
}
