// Generated from rtl/profiles/ostep-multilevel.profile by `mmu-ref profile --verilog ostep-multilevel`. Do not edit.
`ifndef MMU_PROFILE_VH
`define MMU_PROFILE_VH
`define MMU_P_NAME "ostep-multilevel"
`define MMU_P_VA_BITS 15
`define MMU_P_VA_PORT_BITS 16
`define MMU_P_VA_SIGN_EXTEND 0
`define MMU_P_PA_BITS 12
`define MMU_P_PAGE_SHIFT 5
`define MMU_P_LEVELS 2
`define MMU_P_VPN_BITS 5
`define MMU_P_PTE_FORMAT 2
`define MMU_P_PTE_BYTES 1
`define MMU_P_PPN_BITS 7
`define MMU_P_ASID_BITS 4
`define MMU_P_SUPERPAGES 0
`define MMU_P_SEG_SEL_BITS 1
`define MMU_P_SEG_COUNT 2
`define MMU_P_TLB_SETS 4
`define MMU_P_TLB_WAYS 4
`define MMU_P_TLB_REPL 2
`define MMU_P_SEGMENTATION 1
`define MMU_P_SVADU 1
`define MMU_P_FLUSH_EXACT 1
`define MMU_P_CTR_BITS 32
`define MMU_P_HIT_STAGES 1
`define MMU_P_ISOLATE 1
`define MMU_P_PWC_ENTRIES 0
`define MMU_P_ID_BITS 0
`endif
