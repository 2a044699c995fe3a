// tb_sv39 -- Sv39: 1 GiB and 2 MiB superpages (lookups at their edges,
// fragments in several sets), misaligned superpages at each level and
// access type (never written), reserved bits 63:54, canonical VAs and the
// high half, bare-mode range, SFENCE by VA at the first, middle and last
// 4 KiB of each superpage size.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_sv39;
  parameter [63:0]  ERR_BASE = 64'h0100_0000_0000_0000;
`include "tb_util.vh"

  localparam [1:0] FE = 2'd0, LD = 2'd1, ST = 2'd2;
  localparam U = 1'b0, S = 1'b1;
  localparam [63:0] V = 1, R = 2, W = 4, X = 8, US = 16, G = 32, A = 64, D = 128;
  localparam [63:0] RWXAD = V|R|W|X|A|D;
  localparam [63:0] ROOT = 64'h1000, L1 = 64'h2000, L0 = 64'h3000;
  localparam [63:0] GIG = 64'h4000_0000, MEG2 = 64'h20_0000;
  localparam [2:0] LM1 = 3'b111;

  function [63:0] pte;
    input [63:0] ppn, flags;
    begin pte = (ppn << 10) | flags; end
  endfunction

  reg [63:0] c0, fva;
  reg [8*TB_NAME_CHARS-1:0] nm;
  reg [8*TB_WHY_CHARS-1:0]  msg;
  reg pre_ok;
  integer acc, i;

  initial begin
    reset_dut;
    check_regs_after_reset;
    check_reg_readback;
    // root: [0] -> L1, [1] 1G leaf (aligned), [2] 1G ppn[1]!=0, [3] 1G ppn[0]!=0,
    //       [4] bit 54 set, [5] N bit 63 set, [256] 1G leaf (high half)
    pte_wr(ROOT + 8*0, pte(L1 >> 12, V));
    pte_wr(ROOT + 8*1, pte(64'h40000, RWXAD));
    pte_wr(ROOT + 8*2, pte(64'h40200, V|R|W|X));
    pte_wr(ROOT + 8*3, pte(64'h40001, V|R|W|X));
    pte_wr(ROOT + 8*4, pte(64'h40000, RWXAD) | (64'd1 << 54));
    pte_wr(ROOT + 8*5, pte(64'h40000, RWXAD) | (64'd1 << 63));
    pte_wr(ROOT + 8*256, pte(64'h80000, RWXAD | G));
    // L1: [0] -> L0, [1] 2M leaf (aligned), [2] 2M misaligned (ppn[0] = 1)
    pte_wr(L1 + 8*0, pte(L0 >> 12, V));
    pte_wr(L1 + 8*1, pte(64'h200, RWXAD));
    pte_wr(L1 + 8*2, pte(64'h401, V|R|W|X));
    pte_wr(L0 + 8*3, pte(64'hABCDE, RWXAD));
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);

    // ---- bare-mode range and canonical addresses --------------------------------------
    expect_xl("bare_top_of_pa", 64'h00FF_FFFF_FFFF_FFFF, LD, S, `MMU_CAUSE_NONE, 64'h00FF_FFFF_FFFF_FFFF, LM1, 1'b0);
    expect_xl("bare_beyond_pa_access", 64'h0100_0000_0000_0000, LD, S, `MMU_CAUSE_ACCESS, 0, LM1, 1'b0);
    reg_wr(`MMU_REG_MODE, `MMU_MODE_PAGING);
    expect_xl("noncanonical_bit38_not_extended", 64'h0000_0040_0000_0000, LD, S, `MMU_CAUSE_NONCANONICAL, 0, LM1, 1'b0);
    expect_xl("noncanonical_bit63_only", 64'h8000_0000_0000_0000, FE, S, `MMU_CAUSE_NONCANONICAL, 0, LM1, 1'b0);

    // ---- superpages ---------------------------------------------------------------------
    expect_xl("sv39_4k_three_levels", 64'h3123, LD, S, `MMU_CAUSE_NONE, 64'hABCDE123, 3'd0, 1'b0);
    if (LAT == 1 && BP == 0) expect_eq("walk_latency_sv39", r_lat, 3 + 2*3);
    expect_xl("gig_first_byte", GIG, LD, S, `MMU_CAUSE_NONE, 64'h4000_0000, 3'd2, 1'b0);
    expect_xl("gig_last_byte", GIG + GIG - 1, LD, S, `MMU_CAUSE_NONE, 64'h7FFF_FFFF, 3'd2, 1'b0);
    expect_xl("gig_middle_same_set_hits", GIG + 64'h1234_8567, ST, S, `MMU_CAUSE_NONE, 64'h5234_8567, 3'd2, 1'b1);
    expect_xl("meg2_first_byte", MEG2, FE, S, `MMU_CAUSE_NONE, 64'h20_0000, 3'd1, 1'b0);
    expect_xl("meg2_last_byte", MEG2 + MEG2 - 1, LD, S, `MMU_CAUSE_NONE, 64'h3F_FFFF, 3'd1, 1'b0);
    expect_xl("meg2_neighbour_4k_table_unaffected", 64'h3FFF, LD, S, `MMU_CAUSE_NONE, 64'hABCDEFFF, 3'd0, 1'b1);
    expect_xl("high_half_negative_va", 64'hFFFF_FFC0_0000_1234, LD, S, `MMU_CAUSE_NONE, 64'h8000_1234, 3'd2, 1'b0);
    expect_xl("high_half_hits", 64'hFFFF_FFC0_0000_1238, LD, S, `MMU_CAUSE_NONE, 64'h8000_1238, 3'd2, 1'b1);

    // ---- misaligned superpages: every level, every access, never written ----------------
    c0 = mem.cas_ok + mem.cas_fail;
    for (acc = 0; acc < 3; acc = acc + 1) begin
      $sformat(nm, "misaligned_gig_ppn1_acc%0d", acc);
      expect_xl(nm, 2*GIG + 64'h5000, acc[1:0], S, `MMU_CAUSE_MISALIGNED, 0, 3'd2, 1'b0);
      $sformat(nm, "misaligned_gig_ppn0_acc%0d", acc);
      expect_xl(nm, 3*GIG, acc[1:0], S, `MMU_CAUSE_MISALIGNED, 0, 3'd2, 1'b0);
      $sformat(nm, "misaligned_meg2_acc%0d", acc);
      expect_xl(nm, 2*MEG2 + 64'h1000, acc[1:0], S, `MMU_CAUSE_MISALIGNED, 0, 3'd1, 1'b0);
    end
    expect_eq("misaligned_no_pte_write", mem.cas_ok + mem.cas_fail - c0, 0);
    expect_xl("reserved_bit54", 4*GIG, LD, S, `MMU_CAUSE_PTE_RESERVED, 0, 3'd2, 1'b0);
    expect_xl("reserved_n_bit63", 5*GIG, LD, S, `MMU_CAUSE_PTE_RESERVED, 0, 3'd2, 1'b0);

    // ---- SFENCE by VA at the first, middle and last 4K of each superpage -------------------
    for (i = 0; i < 6; i = i + 1) begin
      flush(1'b0, 1'b0, 0, 0);
      // fragments of both superpages in sets 0, 1 and 7
      xlat(GIG, LD, S); xlat(GIG + 64'h1000, LD, S); xlat(GIG + GIG - 64'h1000, LD, S);
      xlat(MEG2, LD, S); xlat(MEG2 + 64'h1000, LD, S); xlat(MEG2 + MEG2 - 64'h1000, LD, S);
      case (i)
        0: fva = GIG;                      1: fva = GIG + 64'h2000_0123;
        2: fva = GIG + GIG - 64'h1000;     3: fva = MEG2;
        4: fva = MEG2 + 64'h10_4000;       default: fva = MEG2 + MEG2 - 64'h1000;
      endcase
      // the flushed superpage's three fragments must hit before the flush
      xlat(i < 3 ? GIG : MEG2, LD, S); pre_ok = r_hit;
      xlat(i < 3 ? GIG + 64'h1000 : MEG2 + 64'h1000, LD, S); pre_ok = pre_ok & r_hit;
      xlat(i < 3 ? GIG + GIG - 64'h1000 : MEG2 + MEG2 - 64'h1000, LD, S); pre_ok = pre_ok & r_hit;
      flush(1'b1, 1'b0, fva, 0);
      xlat(i < 3 ? GIG : MEG2, LD, S);
      $sformat(nm, "sfence_va_%0s_%0s_drops_set0", i < 3 ? "gig" : "meg2", (i % 3 == 0) ? "first" : (i % 3 == 1) ? "middle" : "last");
      $sformat(msg, "after SFENCE.VMA by VA %0h (inside a %0s): VA %0h got hit=%0d, want hit=0: a flush by any VA inside a superpage must drop every fragment of it, in every set", fva, i < 3 ? "gigapage" : "2 MiB megapage", req_va, r_hit);
      if (!pre_ok) $sformat(msg, "a fragment of the superpage missed on a lookup before the flush (got hit=0, want 1): the superpage lookup or fill does not work yet, so the flush cannot be judged");
      check_msg(nm, pre_ok && r_hit == 1'b0, msg);
      xlat(i < 3 ? GIG + 64'h1000 : MEG2 + 64'h1000, LD, S);
      $sformat(nm, "sfence_va_%0s_%0s_drops_set1", i < 3 ? "gig" : "meg2", (i % 3 == 0) ? "first" : (i % 3 == 1) ? "middle" : "last");
      $sformat(msg, "after SFENCE.VMA by VA %0h (inside a %0s): VA %0h got hit=%0d, want hit=0: a flush by any VA inside a superpage must drop every fragment of it, in every set", fva, i < 3 ? "gigapage" : "2 MiB megapage", req_va, r_hit);
      if (!pre_ok) $sformat(msg, "a fragment of the superpage missed on a lookup before the flush (got hit=0, want 1): the superpage lookup or fill does not work yet, so the flush cannot be judged");
      check_msg(nm, pre_ok && r_hit == 1'b0, msg);
      xlat(i < 3 ? GIG + GIG - 64'h1000 : MEG2 + MEG2 - 64'h1000, LD, S);
      $sformat(nm, "sfence_va_%0s_%0s_drops_set7", i < 3 ? "gig" : "meg2", (i % 3 == 0) ? "first" : (i % 3 == 1) ? "middle" : "last");
      $sformat(msg, "after SFENCE.VMA by VA %0h (inside a %0s): VA %0h got hit=%0d, want hit=0: a flush by any VA inside a superpage must drop every fragment of it, in every set", fva, i < 3 ? "gigapage" : "2 MiB megapage", req_va, r_hit);
      if (!pre_ok) $sformat(msg, "a fragment of the superpage missed on a lookup before the flush (got hit=0, want 1): the superpage lookup or fill does not work yet, so the flush cannot be judged");
      check_msg(nm, pre_ok && r_hit == 1'b0, msg);
      xlat(i < 3 ? MEG2 + 64'h1000 : GIG + 64'h1000, LD, S);
      $sformat(nm, "sfence_va_%0s_%0s_keeps_other", i < 3 ? "gig" : "meg2", (i % 3 == 0) ? "first" : (i % 3 == 1) ? "middle" : "last");
      $sformat(msg, "after SFENCE.VMA by VA %0h (inside a %0s): VA %0h got hit=%0d, want hit=1: the flush must keep the other superpage", fva, i < 3 ? "gigapage" : "2 MiB megapage", req_va, r_hit);
      check_msg(nm, r_hit == 1'b1, msg);
    end
    // a noncanonical VA operand: the SFENCE has no effect
    flush(1'b0, 1'b0, 0, 0);
    xlat(GIG, LD, S);
    flush(1'b1, 1'b0, 64'h0000_0040_4000_0000, 0);
    xlat(GIG, LD, S);
    $sformat(msg, "VA %0h: got hit=%0d, want hit=1: a flush whose VA operand is not canonical must have no effect (docs/rtl.md)", GIG, r_hit);
    check_msg("sfence_noncanonical_va_no_effect", r_hit == 1'b1, msg);
    xlat(64'hFFFF_FFC0_0000_0000, LD, S);
    xlat(64'hFFFF_FFC0_0000_0000, LD, S);
    $sformat(msg, "VA %0h: got hit=%0d, want hit=1: a page in the high half filled twice must hit the second time", 64'hFFFF_FFC0_0000_0000, r_hit);
    check_msg("high_half_global_cached", r_hit == 1'b1, msg);
    pre_ok = r_hit;
    flush(1'b1, 1'b0, 64'hFFFF_FFC0_0000_0000, 0);
    xlat(64'hFFFF_FFC0_0000_0000, LD, S);
    $sformat(msg, "VA %0h: got hit=%0d, want hit=0: a flush by a high-half VA must drop its (global) entry: compare the sign-extended VA", 64'hFFFF_FFC0_0000_0000, r_hit);
    if (!pre_ok) $sformat(msg, "VA ffffffc000000000 did not hit before the flush (see high_half_global_cached), so the flush cannot be judged");
    check_msg("sfence_high_half_va_global_gone", pre_ok && r_hit == 1'b0, msg);
    finish;
  end
endmodule
