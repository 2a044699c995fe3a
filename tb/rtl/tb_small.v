// tb_small -- OSTEP two-level "small tables" (profile ostep-multilevel):
// 1-byte PDE/PTE (V = bit 7, PFN = bits 6:0), 32-byte pages, 15-bit VA.
// Walk, invalid PDE/PTE with their levels, no protection (user/supervisor,
// any access), TLB hit, no global entries (an ASID switch misses), hybrid mode
// on 1-byte PTEs.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_small;
  parameter [63:0]  ERR_BASE = 64'hFFFF_FFFF_FFFF_FFFF;
`include "tb_util.vh"

  localparam [1:0] FE = 2'd0, LD = 2'd1, ST = 2'd2;
  localparam U = 1'b0, S = 1'b1;
  // VA = {pde index[14:10], pte index[9:5], offset[4:0]}
  function [63:0] va15;
    input [63:0] pdi, pti, off;
    begin va15 = (pdi << 10) | (pti << 5) | off; end
  endfunction

  initial begin
    reset_dut;
    check_regs_after_reset;
    check_reg_readback;
    // PDBR = frame 26 (as in OSTEP's sample), page table in frame 40
    pte_wr(26*32 + 3, 8'h80 | 8'd40);      // PDE 3 valid -> frame 40
    pte_wr(26*32 + 4, 8'h00 | 8'd41);      // PDE 4 not valid
    pte_wr(40*32 + 7, 8'h80 | 8'd99);      // PTE 7 valid -> frame 99
    pte_wr(40*32 + 8, 8'h00 | 8'd98);      // PTE 8 not valid
    reg_wr(`MMU_REG_PTBASE, 26);
    reg_wr(`MMU_REG_MODE, `MMU_MODE_PAGING);
    expect_xl("small_two_level_walk", va15(3, 7, 5), LD, U, `MMU_CAUSE_NONE, 99*32 + 5, 3'd0, 1'b0);
    expect_xl("small_hit", va15(3, 7, 31), ST, U, `MMU_CAUSE_NONE, 99*32 + 31, 3'd0, 1'b1);
    expect_xl("small_no_protection_supervisor_fetch", va15(3, 7, 1), FE, S, `MMU_CAUSE_NONE, 99*32 + 1, 3'd0, 1'b1);
    expect_xl("small_invalid_pde_level1", va15(4, 7, 0), LD, U, `MMU_CAUSE_PTE_INVALID, 0, 3'd1, 1'b0);
    expect_xl("small_invalid_pte_level0", va15(3, 8, 0), LD, U, `MMU_CAUSE_PTE_INVALID, 0, 3'd0, 1'b0);
    expect_xl("small_store_no_ad_write", va15(3, 7, 2), ST, S, `MMU_CAUSE_NONE, 99*32 + 2, 3'd0, 1'b1);
    expect_eqm("small_pte_unchanged", pte_rd(40*32 + 7), 8'h80 | 8'd99, "ostep-multilevel has no A/D bits: the walker must never write a PTE");
    expect_xl("small_noncanonical", 64'h8000, LD, U, `MMU_CAUSE_NONCANONICAL, 0, 3'b111, 1'b0);
    // ostep-small PTEs have no G bit: an entry belongs to the ASID that filled it,
    // so after a switch of ASID the same page misses and walks again
    reg_wr(`MMU_REG_ASID, 1);
    expect_xl("small_entry_not_global_other_asid_walks", va15(3, 7, 6), LD, U, `MMU_CAUSE_NONE, 99*32 + 6, 3'd0, 1'b0);
    reg_wr(`MMU_REG_ASID, 0);
    // hybrid: segment 1 (VA bit 14) table at byte 0x300, 4 pages
    reg_wr(`MMU_REG_SEG_BASE + 4, 64'h300);
    reg_wr(`MMU_REG_SEG_BOUND + 4, 4);
    reg_wr(`MMU_REG_SEG_CTRL + 4, 1);
    pte_wr(64'h300 + 2, 8'h80 | 8'd77);
    reg_wr(`MMU_REG_MODE, `MMU_MODE_HYBRID);
    flush(1'b0, 1'b0, 0, 0);
    expect_xl("small_hybrid_walk", 64'h4000 + 2*32 + 9, LD, U, `MMU_CAUSE_NONE, 77*32 + 9, 3'd0, 1'b0);
    expect_xl("small_hybrid_bound", 64'h4000 + 4*32, LD, U, `MMU_CAUSE_HYBRID_BOUND, 0, 3'b111, 1'b0);
    expect_xl("small_hybrid_invalid", 64'h4000 + 1*32, LD, U, `MMU_CAUSE_PTE_INVALID, 0, 3'd0, 1'b0);
    expect_xl("small_hybrid_seg0_invalid", 64'h0000, LD, U, `MMU_CAUSE_SEG_INVALID, 0, 3'b111, 1'b0);
    finish;
  end
endmodule
