// Generated from rtl/profiles/sv39-pwc.profile by `mmu-ref profile --verilog sv39-pwc`. Do not edit.
`ifndef MMU_PROFILE_VH
`define MMU_PROFILE_VH
`define MMU_P_NAME "sv39-pwc"
`define MMU_P_VA_BITS 39
`define MMU_P_VA_PORT_BITS 64
`define MMU_P_VA_SIGN_EXTEND 1
`define MMU_P_PA_BITS 56
`define MMU_P_PAGE_SHIFT 12
`define MMU_P_LEVELS 3
`define MMU_P_VPN_BITS 9
`define MMU_P_PTE_FORMAT 0
`define MMU_P_PTE_BYTES 8
`define MMU_P_PPN_BITS 44
`define MMU_P_ASID_BITS 16
`define MMU_P_SUPERPAGES 1
`define MMU_P_SEG_SEL_BITS 2
`define MMU_P_SEG_COUNT 4
`define MMU_P_TLB_SETS 8
`define MMU_P_TLB_WAYS 4
`define MMU_P_TLB_REPL 1
`define MMU_P_SEGMENTATION 1
`define MMU_P_SVADU 1
`define MMU_P_FLUSH_EXACT 1
`define MMU_P_CTR_BITS 32
`define MMU_P_HIT_STAGES 1
`define MMU_P_ISOLATE 1
`define MMU_P_PWC_ENTRIES 8
`define MMU_P_ID_BITS 0
`endif
