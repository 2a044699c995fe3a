// mmu_param_check -- rejects, at elaboration, every parameter combination
// the RTL does not implement (and the tests therefore do not cover).
//
// Portable trick: an untaken generate branch is never elaborated, a taken
// one instantiates a module that does not exist, so Verilator, Icarus and
// Yosys all stop with an error that names the problem, e.g.
//   Cannot find file containing module: 'unsupported_parameter_TLB_WAYS_...'
// No ports, no logic.
`default_nettype none
`include "mmu_defs.vh"

module mmu_param_check #(
  parameter integer VA_BITS      = 39,
  parameter integer VA_PORT_BITS = 64,
  parameter integer PA_BITS      = 56,
  parameter integer PAGE_SHIFT   = 12,
  parameter integer LEVELS       = 3,
  parameter integer VPN_BITS     = 9,
  parameter integer PTE_FORMAT   = 0,
  parameter integer PTE_BYTES    = 8,
  parameter integer PTE_BITS     = 64,
  parameter integer PPN_BITS     = 44,
  parameter integer ASID_BITS    = 16,
  parameter integer SUPERPAGES   = 1,
  parameter integer SEG_SEL_BITS = 2,
  parameter integer SEG_COUNT    = 4,
  parameter integer TLB_SETS     = 8,
  parameter integer TLB_WAYS     = 4,
  parameter integer TLB_REPL     = 1,
  parameter integer CTR_BITS     = 32,
  parameter integer SEGMENTATION = 1,
  parameter integer SVADU        = 1,
  parameter integer FLUSH_EXACT  = 1,
  parameter integer HIT_STAGES   = 1,
  parameter integer ISOLATE      = 1,
  parameter integer PWC_ENTRIES  = 0,
  parameter integer ID_BITS      = 0
) ();
  `include "mmu_clog2.vh"

  localparam integer VPN_W    = LEVELS * VPN_BITS;
  localparam integer PTE_LOG2 = clog2(PTE_BYTES);
  localparam integer IDX_BITS = clog2(TLB_SETS);
  localparam integer WAY_BITS = clog2(TLB_WAYS);
  localparam integer OFF_BITS = VA_BITS - SEG_SEL_BITS;

  generate
    if (VA_BITS != PAGE_SHIFT + LEVELS * VPN_BITS) begin : g_chk_va
      unsupported_parameter_VA_BITS_not_PAGE_SHIFT_plus_LEVELS_times_VPN_BITS u_err();
    end
    if (PA_BITS != PAGE_SHIFT + PPN_BITS || PA_BITS > 64) begin : g_chk_pa
      unsupported_parameter_PA_BITS_not_PAGE_SHIFT_plus_PPN_BITS_or_over_64 u_err();
    end
    if (VA_PORT_BITS < VA_BITS || VA_PORT_BITS > 64) begin : g_chk_port
      unsupported_parameter_VA_PORT_BITS_below_VA_BITS_or_over_64 u_err();
    end
    if (LEVELS < 1 || LEVELS > 4) begin : g_chk_levels
      unsupported_parameter_LEVELS_not_1_to_4 u_err();
    end
    if (!((PTE_FORMAT == `MMU_PTE_RISCV && (PTE_BYTES == 4 || PTE_BYTES == 8) && `MMU_RV_PPN_LSB + PPN_BITS <= PTE_BITS) ||
          (PTE_FORMAT == `MMU_PTE_OSTEP_LINEAR && PTE_BYTES == 4 && LEVELS == 1 && PPN_BITS <= `MMU_OL_D) ||
          (PTE_FORMAT == `MMU_PTE_OSTEP_SMALL && PTE_BYTES == 1 && PPN_BITS == 7))) begin : g_chk_fmt
      unsupported_parameter_PTE_FORMAT_PTE_BYTES_PPN_BITS_combination u_err();
    end
    if (SUPERPAGES != 0 && PTE_FORMAT != `MMU_PTE_RISCV) begin : g_chk_sp
      unsupported_parameter_SUPERPAGES_without_riscv_PTE_FORMAT u_err();
    end
    if (VPN_BITS + PTE_LOG2 > PAGE_SHIFT) begin : g_chk_table
      unsupported_parameter_page_table_larger_than_a_page u_err();
    end
    if (TLB_SETS < 2 || (1 << IDX_BITS) != TLB_SETS || IDX_BITS > VPN_W) begin : g_chk_sets
      unsupported_parameter_TLB_SETS_not_power_of_two_from_2 u_err();
    end
    if (TLB_WAYS < 2 || TLB_WAYS > 16 || (1 << WAY_BITS) != TLB_WAYS) begin : g_chk_ways
      unsupported_parameter_TLB_WAYS_not_power_of_two_2_to_16 u_err();
    end
    if (TLB_REPL < 0 || TLB_REPL > 3) begin : g_chk_repl
      unsupported_parameter_TLB_REPL_not_0_to_3 u_err();
    end
    if (ASID_BITS < 1 || ASID_BITS > 16) begin : g_chk_asid
      unsupported_parameter_ASID_BITS_not_1_to_16 u_err();
    end
    if (SEG_SEL_BITS < 1 || SEG_COUNT < 1 || SEG_COUNT > 16 || SEG_COUNT > (1 << SEG_SEL_BITS)) begin : g_chk_seg
      unsupported_parameter_SEG_SEL_BITS_or_SEG_COUNT u_err();
    end
    if (OFF_BITS <= PAGE_SHIFT) begin : g_chk_hyb
      unsupported_parameter_segment_not_larger_than_a_page u_err();
    end
    if (PTE_BITS != 8 * PTE_BYTES) begin : g_chk_pte_bits
      unsupported_parameter_PTE_BITS_is_derived_from_PTE_BYTES u_err();
    end
    if (CTR_BITS < 0 || CTR_BITS > 64) begin : g_chk_ctr
      unsupported_parameter_CTR_BITS_not_0_to_64 u_err();
    end
    if (SEGMENTATION < 0 || SEGMENTATION > 1 || SVADU < 0 || SVADU > 1 ||
        FLUSH_EXACT < 0 || FLUSH_EXACT > 1) begin : g_chk_features
      unsupported_parameter_SEGMENTATION_SVADU_FLUSH_EXACT_not_0_or_1 u_err();
    end
    if (HIT_STAGES < 1 || HIT_STAGES > 2) begin : g_chk_hit_stages
      unsupported_parameter_HIT_STAGES_not_1_or_2 u_err();
    end
    if (ISOLATE < 0 || ISOLATE > 1) begin : g_chk_isolate
      unsupported_parameter_ISOLATE_not_0_or_1 u_err();
    end
    if (PWC_ENTRIES != 0 && PWC_ENTRIES != 2 && PWC_ENTRIES != 4 && PWC_ENTRIES != 8 && PWC_ENTRIES != 16)
    begin : g_chk_pwc
      unsupported_parameter_PWC_ENTRIES_not_0_2_4_8_16 u_err();
    end
    if (PWC_ENTRIES != 0 && LEVELS < 2) begin : g_chk_pwc_levels
      unsupported_parameter_PWC_ENTRIES_needs_LEVELS_2 u_err();
    end
    if (ID_BITS < 0 || ID_BITS > 8) begin : g_chk_id
      unsupported_parameter_ID_BITS_not_0_to_8 u_err();
    end
    if (ID_BITS != 0 && HIT_STAGES != 1) begin : g_chk_id_stages
      unsupported_parameter_ID_BITS_needs_HIT_STAGES_1 u_err();
    end
  endgenerate

endmodule
