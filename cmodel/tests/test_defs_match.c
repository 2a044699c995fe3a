/* test_defs_match.c — rtl/mmu_defs.vh and cmodel/include/mmu_defs.h define the
 * same encodings under the same names (STYLE: one shared set of encodings).
 * Every C name below must appear as `define NAME VALUE in the Verilog header. */
#include "check.h"
#include "mmu_defs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define E(name) {#name, (long)(name)}
static const struct { const char *name; long value; } C_DEFS[] = {
    E(MMU_MODE_BARE), E(MMU_MODE_BASE_BOUNDS), E(MMU_MODE_SEGMENTATION), E(MMU_MODE_PAGING),
    E(MMU_MODE_HYBRID),
    E(MMU_ACC_FETCH), E(MMU_ACC_LOAD), E(MMU_ACC_STORE),
    E(MMU_PRIV_USER), E(MMU_PRIV_SUPERVISOR),
    E(MMU_CAUSE_NONE), E(MMU_CAUSE_SEG_INVALID), E(MMU_CAUSE_SEG_BOUND), E(MMU_CAUSE_SEG_PROT),
    E(MMU_CAUSE_NONCANONICAL), E(MMU_CAUSE_HYBRID_BOUND), E(MMU_CAUSE_ACCESS),
    E(MMU_CAUSE_PTE_INVALID), E(MMU_CAUSE_PTE_RESERVED), E(MMU_CAUSE_NO_LEAF),
    E(MMU_CAUSE_MISALIGNED), E(MMU_CAUSE_PRIV), E(MMU_CAUSE_PROT), E(MMU_CAUSE_AD),
    E(MMU_PTE_RISCV), E(MMU_PTE_OSTEP_LINEAR), E(MMU_PTE_OSTEP_SMALL),
    E(MMU_REPL_LRU), E(MMU_REPL_PLRU), E(MMU_REPL_FIFO), E(MMU_REPL_RANDOM),
    E(MMU_RV_V), E(MMU_RV_R), E(MMU_RV_W), E(MMU_RV_X), E(MMU_RV_U), E(MMU_RV_G), E(MMU_RV_A),
    E(MMU_RV_D), E(MMU_RV_PPN_LSB),
    E(MMU_OL_V), E(MMU_OL_RO), E(MMU_OL_NX), E(MMU_OL_SUP), E(MMU_OL_A), E(MMU_OL_D),
    E(MMU_OS_V),
};
#undef E

/* Parse a Verilog integer: 42, 4'd9, 3'b101, 8'h1f. */
static int parse_vnum(const char *s, long *out)
{
    const char *tick = strchr(s, '\'');
    int base = 10;
    if (tick) {
        char b = tick[1];
        base = (b == 'h' || b == 'H') ? 16 : (b == 'b' || b == 'B') ? 2 : (b == 'd' || b == 'D') ? 10 : 0;
        if (!base) return -1;
        s = tick + 2;
    }
    char *end;
    *out = strtol(s, &end, base);
    return end == s ? -1 : 0;
}

static int vh_lookup(const char *path, const char *name, long *value)
{
    FILE *f = fopen(path, "r");
    if (!f) return -2;
    char line[512], n[128], v[128];
    int found = -1;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, " `define %127s %127s", n, v) == 2 && !strcmp(n, name)) {
            found = parse_vnum(v, value);
            break;
        }
    }
    fclose(f);
    return found;
}

TEST(rtl_defs_header_matches_c_encodings)
{
    for (size_t i = 0; i < sizeof C_DEFS / sizeof C_DEFS[0]; i++) {
        long v = -1;
        int rc = vh_lookup("rtl/mmu_defs.vh", C_DEFS[i].name, &v);
        if (rc == -2) { check_note(__FILE__, __LINE__, "rtl/mmu_defs.vh not found (run from the repository root)"); return; }
        if (rc) { check_note(__FILE__, __LINE__, "`define %s missing from rtl/mmu_defs.vh", C_DEFS[i].name); return; }
        if (v != C_DEFS[i].value) {
            check_note(__FILE__, __LINE__, "%s is %ld in rtl/mmu_defs.vh but %ld in mmu_defs.h",
                       C_DEFS[i].name, v, C_DEFS[i].value);
            return;
        }
        check_cur.asserted++;
    }
}

TEST(every_cause_has_a_name_and_text)
{
    for (int c = 0; c < MMU_CAUSE_COUNT; c++) {
        EXPECT(mmu_cause_name((mmu_cause)c) && strlen(mmu_cause_name((mmu_cause)c)) > 1);
        EXPECT(mmu_cause_text((mmu_cause)c) && strlen(mmu_cause_text((mmu_cause)c)) > 5);
    }
    EXPECT(!strcmp(mmu_cause_name(MMU_CAUSE_PTE_INVALID), "PTE_INVALID"));
    EXPECT_EQ(mmu_cause_riscv_code(MMU_CAUSE_ACCESS, MMU_ACC_STORE), 7);
    EXPECT_EQ(mmu_cause_riscv_code(MMU_CAUSE_PROT, MMU_ACC_FETCH), 12);
    EXPECT_EQ(mmu_cause_riscv_code(MMU_CAUSE_AD, MMU_ACC_LOAD), 13);
    EXPECT_EQ(mmu_cause_riscv_code(MMU_CAUSE_NONE, MMU_ACC_LOAD), 0);
}

int main(void)
{
    RUN(rtl_defs_header_matches_c_encodings);
    RUN(every_cause_has_a_name_and_text);
    return check_summary();
}
