/* test_arch_defs.c — names, parsers and RISC-V codes of mmu_defs.h (defs.c). */
#include <string.h>
#include "check.h"
#include "mmu_defs.h"

TEST(cause_names_are_the_enum_suffixes)
{
    static const char *const want[MMU_CAUSE_COUNT] = {
        "NONE", "SEG_INVALID", "SEG_BOUND", "SEG_PROT", "NONCANONICAL", "HYBRID_BOUND", "ACCESS",
        "PTE_INVALID", "PTE_RESERVED", "NO_LEAF", "MISALIGNED", "PRIV", "PROT", "AD"};
    for (int c = 0; c < MMU_CAUSE_COUNT; c++) {
        EXPECT(strcmp(mmu_cause_name((mmu_cause)c), want[c]) == 0);
        EXPECT(strlen(mmu_cause_text((mmu_cause)c)) > 0);
    }
    EXPECT(strcmp(mmu_cause_name(MMU_CAUSE_COUNT), "?") == 0);
    EXPECT(strcmp(mmu_cause_text((mmu_cause)-1), "?") == 0);
}

TEST(mode_access_repl_format_names)
{
    EXPECT(strcmp(mmu_mode_name(MMU_MODE_BARE), "bare") == 0);
    EXPECT(strcmp(mmu_mode_name(MMU_MODE_BASE_BOUNDS), "base-bounds") == 0);
    EXPECT(strcmp(mmu_mode_name(MMU_MODE_SEGMENTATION), "segmentation") == 0);
    EXPECT(strcmp(mmu_mode_name(MMU_MODE_PAGING), "paging") == 0);
    EXPECT(strcmp(mmu_mode_name(MMU_MODE_HYBRID), "hybrid") == 0);
    EXPECT(strcmp(mmu_mode_name(MMU_MODE_COUNT), "?") == 0);
    EXPECT(strcmp(mmu_access_name(MMU_ACC_FETCH), "fetch") == 0);
    EXPECT(strcmp(mmu_access_name(MMU_ACC_LOAD), "load") == 0);
    EXPECT(strcmp(mmu_access_name(MMU_ACC_STORE), "store") == 0);
    EXPECT(strcmp(mmu_repl_name(MMU_REPL_LRU), "lru") == 0);
    EXPECT(strcmp(mmu_repl_name(MMU_REPL_PLRU), "plru") == 0);
    EXPECT(strcmp(mmu_repl_name(MMU_REPL_FIFO), "fifo") == 0);
    EXPECT(strcmp(mmu_repl_name(MMU_REPL_RANDOM), "random") == 0);
    EXPECT(strcmp(mmu_pte_format_name(MMU_PTE_RISCV), "riscv") == 0);
    EXPECT(strcmp(mmu_pte_format_name(MMU_PTE_OSTEP_LINEAR), "ostep-linear") == 0);
    EXPECT(strcmp(mmu_pte_format_name(MMU_PTE_OSTEP_SMALL), "ostep-small") == 0);
    EXPECT(strcmp(mmu_pte_format_name((mmu_pte_format)7), "?") == 0);
}

TEST(parsers_round_trip_names_and_reject_others)
{
    for (int m = 0; m < MMU_MODE_COUNT; m++) {
        mmu_mode out = MMU_MODE_COUNT;
        EXPECT_EQ(mmu_mode_parse(mmu_mode_name((mmu_mode)m), &out), 0);
        EXPECT_EQ(out, m);
    }
    for (int a = 0; a < MMU_ACC_COUNT; a++) {
        mmu_access out = MMU_ACC_COUNT;
        EXPECT_EQ(mmu_access_parse(mmu_access_name((mmu_access)a), &out), 0);
        EXPECT_EQ(out, a);
    }
    for (int r = 0; r <= MMU_REPL_RANDOM; r++) {
        mmu_repl out = MMU_REPL_LRU;
        EXPECT_EQ(mmu_repl_parse(mmu_repl_name((mmu_repl)r), &out), 0);
        EXPECT_EQ(out, r);
    }
    mmu_mode m = MMU_MODE_PAGING;
    mmu_access a = MMU_ACC_STORE;
    mmu_repl rp = MMU_REPL_FIFO;
    EXPECT(mmu_mode_parse("Paging", &m) != 0);        /* names are exact */
    EXPECT(mmu_mode_parse("", &m) != 0);
    EXPECT(mmu_mode_parse(NULL, &m) != 0);
    EXPECT(mmu_mode_parse("?", &m) != 0);
    EXPECT(mmu_access_parse("read", &a) != 0);
    EXPECT(mmu_repl_parse("lru ", &rp) != 0);
    EXPECT_EQ(m, MMU_MODE_PAGING);                     /* untouched on failure */
    EXPECT_EQ(a, MMU_ACC_STORE);
    EXPECT_EQ(rp, MMU_REPL_FIFO);
}

TEST(riscv_codes_page_fault_vs_access_fault_per_access)
{
    for (int c = 1; c < MMU_CAUSE_COUNT; c++) {
        int acc = c == MMU_CAUSE_ACCESS;
        EXPECT_EQ(mmu_cause_riscv_code((mmu_cause)c, MMU_ACC_FETCH), acc ? 1 : 12);
        EXPECT_EQ(mmu_cause_riscv_code((mmu_cause)c, MMU_ACC_LOAD), acc ? 5 : 13);
        EXPECT_EQ(mmu_cause_riscv_code((mmu_cause)c, MMU_ACC_STORE), acc ? 7 : 15);
    }
    EXPECT_EQ(mmu_cause_riscv_code(MMU_CAUSE_NONE, MMU_ACC_LOAD), 0);
    EXPECT_EQ(mmu_cause_riscv_code(MMU_CAUSE_COUNT, MMU_ACC_LOAD), (uint64_t)(int64_t)-1);
    EXPECT_EQ(mmu_cause_riscv_code(MMU_CAUSE_PROT, MMU_ACC_COUNT), (uint64_t)(int64_t)-1);
}

int main(void)
{
    RUN(cause_names_are_the_enum_suffixes);
    RUN(mode_access_repl_format_names);
    RUN(parsers_round_trip_names_and_reject_others);
    RUN(riscv_codes_page_fault_vs_access_fault_per_access);
    return check_summary();
}
