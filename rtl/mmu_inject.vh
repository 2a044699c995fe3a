// mmu_inject.vh -- the injected-bug library (tb/checks/cosim_inject.sh,
// docs/verification.md). Each bug is one MMU_INJECT_<NAME> define guarding a
// small hunk in the module it breaks; none is compiled in by default.
// Built with -DMMU_INJECT_<NAME> alone the bug is always on. With
// MMU_INJECT_RUNTIME as well (mmu-cosim-inject defines every bug and this),
// bug N is on only when the simulation runs with the plusarg +mmu_inject=N
// (mmu-cosim: environment variable MMU_INJECT=N), so one Verilated model
// covers the whole library; +mmu_inject=0 is the correct RTL.
//
// id  define                                class (MMU-BUG-CLASSES.md)   module
//  1  MMU_INJECT_PLRU_OFF_BY_ONE            replacement                   mmu_tlb_repl
//  2  MMU_INJECT_SFENCE_DROPS_GLOBAL        2 ASID/global of SFENCE       mmu_tlb
//  3  MMU_INJECT_SFENCE_IGNORES_ASID        2 ASID/global of SFENCE       mmu_tlb
//  4  MMU_INJECT_SFENCE_ZERO_IS_X0          2 register holding 0 = x0     mmu_regs
//  5  MMU_INJECT_SFENCE_SUPERPAGE_MISS      8 superpage flush match       mmu_tlb
//  6  MMU_INJECT_FILL_AFTER_FLUSH           1 fill after covering flush   mmu_ptw
//  7  MMU_INJECT_PTBASE_NOT_EVENT           1 stale walk not cancelled    mmu_regs
//  8  MMU_INJECT_AD_ON_FAULT                7 A/D written on faulting walk mmu_ptw
//  9  MMU_INJECT_PROT_BEFORE_PRIV           5 wrong cause (PROT vs PRIV)  mmu_top
// 10  MMU_INJECT_MISALIGNED_ACCEPTED        3 misaligned superpage        mmu_ptw
// 11  MMU_INJECT_RESERVED_ACCEPTED          4 reserved encodings          mmu_ptw
// 12  MMU_INJECT_DUP_AFTER_OVERLAP          9 duplicate after overlap     mmu_tlb
// 13  MMU_INJECT_SUM_IGNORED_ON_HIT         6 permission staleness        mmu_top
// 14  MMU_INJECT_VA_ZERO_EXTENDED           8 VA zero- not sign-extended  mmu_seg
// 15  MMU_INJECT_BUS_ERROR_AS_PAGE_FAULT    5 access vs page fault        mmu_ptw
// 16  MMU_INJECT_PWC_NOT_CLEARED            1 walk cache kept over SFENCE mmu_ptw
// 17  MMU_INJECT_HUM_WALKER_ID              10 answer under a walk misnamed mmu_top
`ifndef MMU_INJECT_VH
`define MMU_INJECT_VH
`ifdef MMU_INJECT_RUNTIME
`define MMU_INJ(n) (mmu_inject_sel == (n))
`define MMU_INJ_DECL integer mmu_inject_sel; initial if (!$value$plusargs("mmu_inject=%d", mmu_inject_sel)) mmu_inject_sel = 0;
`else
`define MMU_INJ(n) 1'b1
`define MMU_INJ_DECL
`endif
`endif
