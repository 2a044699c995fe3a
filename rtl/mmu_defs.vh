// mmu_defs.vh -- encodings shared by the RTL and the C model.
//
// Mirrors cmodel/include/mmu_defs.h value for value, with the same names
// (MMU_MODE_BARE there is `MMU_MODE_BARE here). A lead's test checks that the
// two files never drift; docs/translation.md explains every cause.
`ifndef MMU_DEFS_VH
`define MMU_DEFS_VH

// Runtime translation mode (register MODE).
`define MMU_MODE_BARE          0
`define MMU_MODE_BASE_BOUNDS   1
`define MMU_MODE_SEGMENTATION  2
`define MMU_MODE_PAGING        3
`define MMU_MODE_HYBRID        4
`define MMU_MODE_COUNT         5

// Access type of a translation request (req_acc_i).
`define MMU_ACC_FETCH  0
`define MMU_ACC_LOAD   1
`define MMU_ACC_STORE  2
`define MMU_ACC_COUNT  3

// Privilege of a request (req_priv_i).
`define MMU_PRIV_USER        0
`define MMU_PRIV_SUPERVISOR  1

// Fault causes (rsp_cause_o). Order is not priority; see docs/translation.md.
`define MMU_CAUSE_NONE          0
`define MMU_CAUSE_SEG_INVALID   1
`define MMU_CAUSE_SEG_BOUND     2
`define MMU_CAUSE_SEG_PROT      3
`define MMU_CAUSE_NONCANONICAL  4
`define MMU_CAUSE_HYBRID_BOUND  5
`define MMU_CAUSE_ACCESS        6
`define MMU_CAUSE_PTE_INVALID   7
`define MMU_CAUSE_PTE_RESERVED  8
`define MMU_CAUSE_NO_LEAF       9
`define MMU_CAUSE_MISALIGNED   10
`define MMU_CAUSE_PRIV         11
`define MMU_CAUSE_PROT         12
`define MMU_CAUSE_AD           13
`define MMU_CAUSE_COUNT        14

// PTE formats a profile can select (parameter PTE_FORMAT).
`define MMU_PTE_RISCV         0
`define MMU_PTE_OSTEP_LINEAR  1
`define MMU_PTE_OSTEP_SMALL   2

// TLB replacement policies (parameter TLB_REPL).
`define MMU_REPL_LRU     0
`define MMU_REPL_PLRU    1
`define MMU_REPL_FIFO    2
`define MMU_REPL_RANDOM  3

// RISC-V PTE bit positions (Sv32 and Sv39).
`define MMU_RV_V        0
`define MMU_RV_R        1
`define MMU_RV_W        2
`define MMU_RV_X        3
`define MMU_RV_U        4
`define MMU_RV_G        5
`define MMU_RV_A        6
`define MMU_RV_D        7
`define MMU_RV_PPN_LSB 10

// OSTEP linear PTE bit positions (32-bit entry, negative-logic protection).
`define MMU_OL_V    31
`define MMU_OL_RO   30
`define MMU_OL_NX   29
`define MMU_OL_SUP  28
`define MMU_OL_A    27
`define MMU_OL_D    26

// OSTEP small-table entry (8-bit PDE/PTE).
`define MMU_OS_V  7

// ---- RTL-only encodings (no C counterpart in mmu_defs.h; docs/rtl.md) ----

// Register map (reg_addr_i, word addresses).
`define MMU_REG_MODE        8'h00
`define MMU_REG_PTBASE      8'h01
`define MMU_REG_ASID        8'h02
`define MMU_REG_STATUS      8'h03
`define MMU_REG_FLUSH_VA    8'h04
`define MMU_REG_FLUSH_ASID  8'h05
`define MMU_REG_FLUSH       8'h06
`define MMU_REG_CONFIG0     8'h07   // read-only geometry
`define MMU_REG_CONFIG1     8'h08   // read-only geometry
`define MMU_REG_SEG_BASE    8'h40   // + 4*i
`define MMU_REG_SEG_BOUND   8'h41   // + 4*i
`define MMU_REG_SEG_CTRL    8'h42   // + 4*i
`define MMU_REG_CTR_BASE    8'h80   // 0x80..0x9F: performance counters
`define MMU_REG_CTR_CLEAR   8'h8F

// STATUS bits.
`define MMU_STATUS_SUM   0
`define MMU_STATUS_MXR   1
`define MMU_STATUS_ADUE  2

// FLUSH command bits (SFENCE.VMA: use_va = rs1!=x0, use_asid = rs2!=x0).
`define MMU_FLUSH_USE_VA    0
`define MMU_FLUSH_USE_ASID  1

// SEG_CTRL bits.
`define MMU_SEG_VALID  0
`define MMU_SEG_GN     1
`define MMU_SEG_R      2
`define MMU_SEG_W      3
`define MMU_SEG_X      4
`define MMU_SEG_USER   5

// Performance counter slots (address = MMU_REG_CTR_BASE + slot).
`define MMU_CTR_LOOKUPS      0
`define MMU_CTR_HITS         1
`define MMU_CTR_MISSES       2
`define MMU_CTR_WALKS        3
`define MMU_CTR_WALK_CYCLES  4
`define MMU_CTR_FLUSHES      5
`define MMU_CTR_AD_UPDATES   6
`define MMU_CTR_CAUSE0      16   // + cause: responses per cause (16 = no fault)

`endif
