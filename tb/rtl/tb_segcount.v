// tb_segcount -- fewer segment registers than the selector can name
// (SEG_COUNT < 2^SEG_SEL_BITS; run on ostep-linear with SEG_COUNT=3): a VA whose
// selector names a missing segment faults SEG_INVALID in segmentation and
// hybrid mode (docs/rtl.md "Segment unit": sel >= SEG_COUNT reads an all-zero,
// invalid segment), the missing segment's register addresses are unmapped
// (read 0, writes ignored), base-and-bounds still uses segment 0 for every VA.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_segcount;
  parameter [63:0]  ERR_BASE = 64'hFFFF_FFFF_FFFF_FFFF;
`include "tb_util.vh"

  localparam [1:0] FE = 2'd0, LD = 2'd1, ST = 2'd2;
  localparam U = 1'b0, S = 1'b1;
  localparam [5:0] C_RWXU = 6'b111101;   // {user, x, w, r, gn, valid}
  localparam [2:0] LM1 = 3'b111;
  localparam integer MISSING = SEG_COUNT;   // the first selector without a register
  reg [63:0] v;
  reg [8*TB_NAME_CHARS-1:0] nm;
  integer acc;

  initial begin
    reset_dut;
    check_regs_after_reset;
    check_reg_readback;
    if (SEG_COUNT >= (1 << `MMU_P_SEG_SEL_BITS))
      fail("segcount_configuration", "run with SEG_COUNT < 2^SEG_SEL_BITS (got the full count: nothing to test)");
    seg_set(0, 64'h8000, 64'h4000, C_RWXU);
    seg_set(1, 64'h9000, 64'h1000, C_RWXU);
    seg_set(2, 64'hA000, 64'h1000, C_RWXU);
    // the missing segment's registers: writes ignored, reads 0 (unmapped)
    seg_set(MISSING, 64'hC000, 64'h1000, C_RWXU);
    reg_rd(`MMU_REG_SEG_CTRL + 4*MISSING, v);
    expect_eqm("segcount_missing_ctrl_reads_0", v, 0, "a segment register beyond SEG_COUNT is unmapped: it reads 0 and ignores writes");
    reg_rd(`MMU_REG_SEG_BASE + 4*MISSING, v);
    expect_eqm("segcount_missing_base_reads_0", v, 0, "a segment register beyond SEG_COUNT is unmapped: it reads 0 and ignores writes");

    reg_wr(`MMU_REG_MODE, `MMU_MODE_SEGMENTATION);
    expect_xl("segcount_last_segment_translates", 2 * 4096 + 16, LD, U, `MMU_CAUSE_NONE, 64'hA010, LM1, 1'b0);
    for (acc = 0; acc < 3; acc = acc + 1) begin
      $sformat(nm, "segcount_missing_segment_invalid_acc%0d", acc);
      expect_xl(nm, MISSING * 4096 + 16, acc[1:0], acc[0] ? U : S, `MMU_CAUSE_SEG_INVALID, 0, LM1, 1'b0);
    end
    expect_xl("segcount_missing_segment_offset_0_invalid", MISSING * 4096, LD, S, `MMU_CAUSE_SEG_INVALID, 0, LM1, 1'b0);

    // hybrid: a table in segment 1 works, the missing segment is SEG_INVALID before any bound
    seg_set(1, 64'h2000, 2, 6'b000001);
    pte_wr(64'h2000, 32'h8000_0005);
    reg_wr(`MMU_REG_MODE, `MMU_MODE_HYBRID);
    expect_xl("segcount_hybrid_walks", 4096 + 8, LD, U, `MMU_CAUSE_NONE, 5 * 1024 + 8, 3'd0, 1'b0);
    expect_xl("segcount_hybrid_missing_segment_invalid", MISSING * 4096 + 8, LD, U, `MMU_CAUSE_SEG_INVALID, 0, LM1, 1'b0);

    // base and bounds: segment 0 for every VA, whatever its top bits
    reg_wr(`MMU_REG_MODE, `MMU_MODE_BASE_BOUNDS);
    expect_xl("segcount_bb_uses_segment_0", MISSING * 4096 + 16, ST, U, `MMU_CAUSE_NONE, 64'h8000 + MISSING * 4096 + 16, LM1, 1'b0);
    finish;
  end
endmodule
