// tb_walk -- Sv32 two-level walks: every walk fault with its level, bus
// errors, megapages and misaligned megapages, leaf checks with SUM/MXR/priv
// changed between accesses without a flush, no fill on a fault, no stale
// fill after a flush / register write at any cycle of a walk, walk latency.
// Run with LAT/BP overrides for memory latency and back-pressure.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_walk;
  parameter [63:0]  ERR_BASE = 64'h1_0000_0000;
`include "tb_util.vh"

  localparam [1:0] FE = 2'd0, LD = 2'd1, ST = 2'd2;
  localparam U = 1'b0, S = 1'b1;
  localparam [63:0] V = 1, R = 2, W = 4, X = 8, US = 16, G = 32, A = 64, D = 128;
  localparam [63:0] ROOT = 64'h1000, L0 = 64'h2000, L0B = 64'h3000;
  localparam [2:0] LM1 = 3'b111;

  function [63:0] pte;  // Sv32 PTE: ppn, flags
    input [63:0] ppn, flags;
    begin pte = (ppn << 10) | flags; end
  endfunction
  function [63:0] va32;  // vpn1, vpn0, offset
    input [63:0] v1, v0, off;
    begin va32 = (v1 << 22) | (v0 << 12) | off; end
  endfunction

  reg [63:0] v, w0, w1, c0;
  reg [8*TB_NAME_CHARS-1:0] nm;
  reg [8*TB_WHY_CHARS-1:0]  msg;
  integer k, base_ok, wl;

  initial begin
    reset_dut;
    check_regs_after_reset;
    check_reg_readback;
    // bare on a profile whose port is narrower than the PA (sv32: 32 < 34): PA = VA, zero-extended
    expect_xl("bare_pa_is_va_zero_extended", 64'hFFFF_F123, LD, U, `MMU_CAUSE_NONE, 64'hFFFF_F123, LM1, 1'b0);
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);
    reg_wr(`MMU_REG_MODE, `MMU_MODE_PAGING);
    // root: [0] -> L0, [1] megapage 0x40000 (aligned), [2] misaligned megapage,
    //       [3] pointer with A (reserved), [4] invalid, [5] -> table beyond memory,
    //       [6] -> L0B, [7] megapage U, X-only
    pte_wr(ROOT + 4*0, pte(L0 >> 12, V));
    pte_wr(ROOT + 4*1, pte(64'h40000, V|R|W|X|A|D));
    pte_wr(ROOT + 4*2, pte(64'h40001, V|R|W|X));
    pte_wr(ROOT + 4*3, pte(L0 >> 12, V|A));
    pte_wr(ROOT + 4*5, pte(64'h100000, V));
    pte_wr(ROOT + 4*6, pte(L0B >> 12, V));
    // L0: [1] 4K RWX AD (S), [2] user page RW AD, [3] X-only AD (S), [4] W-only (reserved),
    //     [5] pointer (no leaf at level 0), [6] invalid, [7] R AD (S), [8] user X-only AD
    pte_wr(L0 + 4*1, pte(64'h12345, V|R|W|X|A|D));
    pte_wr(L0 + 4*2, pte(64'h22222, V|R|W|US|A|D));
    pte_wr(L0 + 4*3, pte(64'h33333, V|X|A|D));
    pte_wr(L0 + 4*4, pte(64'h44444, V|W|A|D));
    pte_wr(L0 + 4*5, pte(64'h55555, V));
    pte_wr(L0 + 4*7, pte(64'h77777, V|R|A|D));
    pte_wr(L0 + 4*8, pte(64'h88888, V|X|US|A|D));

    // ---- a 4K walk, latency, then a hit ---------------------------------------------------
    expect_xl("walk_4k_leaf", va32(0, 1, 12'habc), LD, S, `MMU_CAUSE_NONE, 64'h12345abc, 3'd0, 1'b0);
    if (LAT == 1 && BP == 0) expect_eq("walk_latency_3_plus_2_per_level", r_lat, 3 + 2*2);
    expect_xl("walk_4k_then_hit", va32(0, 1, 12'h004), FE, S, `MMU_CAUSE_NONE, 64'h12345004, 3'd0, 1'b1);
    expect_eq("hit_latency_is_hit_stages", r_lat, HIT_STAGES);

    // ---- walk faults and their levels ---------------------------------------------------
    expect_xl("fault_invalid_level1", va32(4, 0, 0), LD, S, `MMU_CAUSE_PTE_INVALID, 0, 3'd1, 1'b0);
    expect_xl("fault_invalid_level0", va32(0, 6, 0), LD, S, `MMU_CAUSE_PTE_INVALID, 0, 3'd0, 1'b0);
    expect_xl("fault_reserved_w_without_r", va32(0, 4, 0), ST, S, `MMU_CAUSE_PTE_RESERVED, 0, 3'd0, 1'b0);
    expect_xl("fault_reserved_pointer_with_a", va32(3, 1, 0), LD, S, `MMU_CAUSE_PTE_RESERVED, 0, 3'd1, 1'b0);
    // D, A, U on a pointer are reserved (translation.md step 4); A is tested above
    pte_wr(ROOT + 4*12, pte(L0 >> 12, V|US));
    pte_wr(ROOT + 4*13, pte(L0 >> 12, V|D));
    expect_xl("fault_reserved_pointer_with_u", va32(12, 1, 0), LD, S, `MMU_CAUSE_PTE_RESERVED, 0, 3'd1, 1'b0);
    expect_xl("fault_reserved_pointer_with_d", va32(13, 1, 0), LD, S, `MMU_CAUSE_PTE_RESERVED, 0, 3'd1, 1'b0);
    expect_xl("fault_no_leaf_at_level0", va32(0, 5, 0), LD, S, `MMU_CAUSE_NO_LEAF, 0, 3'd0, 1'b0);
    expect_xl("fault_bus_error_level0", va32(5, 0, 0), LD, S, `MMU_CAUSE_ACCESS, 0, 3'd0, 1'b0);
    reg_wr(`MMU_REG_PTBASE, ERR_BASE >> 12);
    flush(1'b0, 1'b0, 0, 0);
    expect_xl("fault_bus_error_level1", va32(0, 1, 0), LD, S, `MMU_CAUSE_ACCESS, 0, 3'd1, 1'b0);
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);

    // ---- megapages ------------------------------------------------------------------------
    expect_xl("megapage_translates", va32(1, 10'h123, 12'h456), LD, S, `MMU_CAUSE_NONE, 64'h40123456, 3'd1, 1'b0);
    expect_xl("megapage_hit_same_set", va32(1, 10'h12B, 12'h456), LD, S, `MMU_CAUSE_NONE, 64'h4012B456, 3'd1, 1'b1);
    expect_xl("megapage_other_set_fills_fragment", va32(1, 10'h3FF, 12'hFFF), LD, S, `MMU_CAUSE_NONE, 64'h403FFFFF, 3'd1, 1'b0);
    expect_xl("megapage_fragment_hits", va32(1, 10'h3F7, 12'h000), ST, S, `MMU_CAUSE_NONE, 64'h403F7000, 3'd1, 1'b1);
    c0 = mem.cas_ok + mem.cas_fail;
    expect_xl("megapage_misaligned", va32(2, 10'h001, 0), LD, S, `MMU_CAUSE_MISALIGNED, 0, 3'd1, 1'b0);
    expect_xl("megapage_misaligned_store", va32(2, 10'h001, 0), ST, S, `MMU_CAUSE_MISALIGNED, 0, 3'd1, 1'b0);
    expect_eq("misaligned_never_writes_pte", mem.cas_ok + mem.cas_fail - c0, 0);
    expect_eq("misaligned_pte_unchanged", pte_rd(ROOT + 4*2), pte(64'h40001, V|R|W|X));

    // ---- leaf checks vs SUM / MXR / privilege, no flush in between ------------------------
    expect_xl("user_page_supervisor_sum0_priv", va32(0, 2, 0), LD, S, `MMU_CAUSE_PRIV, 0, 3'd0, 1'b0);
    expect_xl("user_page_user_ok", va32(0, 2, 8), ST, U, `MMU_CAUSE_NONE, 64'h22222008, 3'd0, 1'b0);
    expect_xl("user_page_supervisor_sum0_priv_on_hit", va32(0, 2, 0), LD, S, `MMU_CAUSE_PRIV, 0, 3'd0, 1'b1);
    reg_wr(`MMU_REG_STATUS, 64'h5);   // SUM=1 ADUE=1
    expect_xl("sum1_takes_effect_without_flush", va32(0, 2, 0), LD, S, `MMU_CAUSE_NONE, 64'h22222000, 3'd0, 1'b1);
    expect_xl("sum1_never_allows_supervisor_fetch", va32(0, 2, 0), FE, S, `MMU_CAUSE_PRIV, 0, 3'd0, 1'b1);
    reg_wr(`MMU_REG_STATUS, 64'h4);
    expect_xl("sum0_again_faults_on_hit", va32(0, 2, 0), ST, S, `MMU_CAUSE_PRIV, 0, 3'd0, 1'b1);
    expect_xl("supervisor_page_user_priv", va32(0, 1, 0), LD, U, `MMU_CAUSE_PRIV, 0, 3'd0, 1'b0);
    expect_xl("xonly_load_mxr0_prot", va32(0, 3, 0), LD, S, `MMU_CAUSE_PROT, 0, 3'd0, 1'b0);
    expect_xl("xonly_fetch_ok", va32(0, 3, 0), FE, S, `MMU_CAUSE_NONE, 64'h33333000, 3'd0, 1'b0);
    reg_wr(`MMU_REG_STATUS, 64'h6);   // MXR=1
    expect_xl("mxr1_makes_x_readable_on_hit", va32(0, 3, 4), LD, S, `MMU_CAUSE_NONE, 64'h33333004, 3'd0, 1'b1);
    expect_xl("mxr1_not_for_stores", va32(0, 3, 4), ST, S, `MMU_CAUSE_PROT, 0, 3'd0, 1'b1);
    reg_wr(`MMU_REG_STATUS, 64'h4);
    expect_xl("mxr0_again_faults_on_hit", va32(0, 3, 4), LD, S, `MMU_CAUSE_PROT, 0, 3'd0, 1'b1);
    expect_xl("readonly_store_prot", va32(0, 7, 0), ST, S, `MMU_CAUSE_PROT, 0, 3'd0, 1'b0);
    expect_xl("no_fill_on_fault_walks_again", va32(0, 7, 0), ST, S, `MMU_CAUSE_PROT, 0, 3'd0, 1'b0);
    expect_xl("user_xonly_fetch_ok", va32(0, 8, 0), FE, U, `MMU_CAUSE_NONE, 64'h88888000, 3'd0, 1'b0);
    // fault order (translation.md): MISALIGNED before PRIV before PROT
    expect_xl("priv_before_prot", va32(0, 7, 0), ST, U, `MMU_CAUSE_PRIV, 0, 3'd0, 1'b0);
    expect_xl("misaligned_before_priv", va32(2, 10'h003, 0), LD, U, `MMU_CAUSE_MISALIGNED, 0, 3'd1, 1'b0);
    pte_wr(ROOT + 4*11, pte(64'h40200, V|R|W|X|A|D));   // only PPN bit 9 set: the top bit of the mask
    expect_xl("megapage_misaligned_top_bit", va32(11, 0, 0), LD, S, `MMU_CAUSE_MISALIGNED, 0, 3'd1, 1'b0);

    // ---- invalid -> valid without a flush: the fault was not cached -------------------------
    expect_xl("invalid_pte_faults", va32(0, 6, 0), LD, S, `MMU_CAUSE_PTE_INVALID, 0, 3'd0, 1'b0);
    pte_wr(L0 + 4*6, pte(64'h66666, V|R|A|D));
    expect_xl("invalid_then_valid_retry_succeeds", va32(0, 6, 0), LD, S, `MMU_CAUSE_NONE, 64'h66666000, 3'd0, 1'b0);

    // ---- 4K page then a megapage over it, without a flush: no duplicate ----------------------
    pte_wr(L0B + 4*9, pte(64'h99999, V|R|A|D));
    expect_xl("page_then_megapage_4k_fill", va32(6, 9, 0), LD, S, `MMU_CAUSE_NONE, 64'h99999000, 3'd0, 1'b0);
    pte_wr(ROOT + 4*6, pte(64'h80000, V|R|A|D));   // now a megapage
    expect_xl("page_then_megapage_other_page_same_set", va32(6, 9 + 8, 0), LD, S, `MMU_CAUSE_NONE,
              64'h80000000 | (17 << 12), 3'd1, 1'b0);
    expect_xl("page_then_megapage_single_hit", va32(6, 9, 4), LD, S, `MMU_CAUSE_NONE, 64'h80009004, 3'd1, 1'b1);

    // ---- no stale fill: a flush (of another VA) or a register write in any cycle of the walk -
    reg_wr(`MMU_REG_FLUSH_VA, va32(9, 9, 0));
    // The walk answers r_lat cycles after acceptance; a write at k <= r_lat
    // (acceptance .. answer cycle) must suppress the fill, k > r_lat must not.
    base_ok = 1; k = 0; wl = 100;
    while (k <= wl + 1) begin
      flush(1'b0, 1'b0, 0, 0);
      xlat_reg_at(va32(0, 1, 0), LD, S, k, `MMU_REG_FLUSH, 64'd1);   // flush by VA, unrelated VA
      if (r_cause != 0 || r_pa != 64'h12345000) base_ok = 0;
      wl = r_lat;
      xlat(va32(0, 1, 0), LD, S);
      $sformat(nm, "flush_at_walk_cycle_%0d_%0s", k, (k <= wl) ? "no_fill" : "fill_kept");
      $sformat(msg, "a flush by another VA %0d cycles after the walk's acceptance (the walk answered after %0d): the next lookup got hit=%0d, want hit=%0d: %0s",
               k, wl, r_hit, k > wl, (k <= wl) ? "a walk that saw a flush must not fill the TLB (stale fill)" : "a flush after the answer must not undo the fill");
      check_msg(nm, r_hit == (k > wl), msg);
      k = k + 1;
    end
    check_msg("walks_with_flush_still_answer", base_ok == 1,
              "a walk with a flush in one of its cycles answered with a fault or a PA other than 12345000 (want no fault, PA 12345000): the flush must not change the walk's answer");
    k = 0;
    while (k <= wl + 1) begin
      flush(1'b0, 1'b0, 0, 0);
      xlat_reg_at(va32(0, 1, 0), LD, S, k, `MMU_REG_ASID, 64'd0);
      wl = r_lat;
      xlat(va32(0, 1, 0), LD, S);
      $sformat(nm, "asid_write_at_walk_cycle_%0d_%0s", k, (k <= wl) ? "no_fill" : "fill_kept");
      $sformat(msg, "an ASID register write %0d cycles after the walk's acceptance (the walk answered after %0d): the next lookup got hit=%0d, want hit=%0d: %0s",
               k, wl, r_hit, k > wl, (k <= wl) ? "a walk that saw a register write must not fill the TLB" : "a write after the answer must not undo the fill");
      check_msg(nm, r_hit == (k > wl), msg);
      k = k + 1;
    end

    // ---- which register writes are translation events (docs/rtl.md "The rule for register
    // writes"): a write in a walk cycle of MODE, PTBASE, ASID, STATUS or a segment register
    // (same values: nothing changes) makes the walk stale (no fill); FLUSH_VA, FLUSH_ASID,
    // CTR_CLEAR, read-only or unmapped addresses do not.
    for (k = 0; k < 9; k = k + 1) begin
      flush(1'b0, 1'b0, 0, 0);
      case (k)
        0: begin w0 = `MMU_REG_MODE;       w1 = `MMU_MODE_PAGING; c0 = 1; end
        1: begin w0 = `MMU_REG_PTBASE;     w1 = ROOT >> 12;       c0 = 1; end
        2: begin w0 = `MMU_REG_STATUS;     w1 = 64'h4;            c0 = 1; end
        3: begin w0 = `MMU_REG_SEG_BASE;   w1 = 0;                c0 = 1; end
        4: begin w0 = `MMU_REG_FLUSH_VA;   w1 = va32(9, 9, 0);    c0 = 0; end
        5: begin w0 = `MMU_REG_FLUSH_ASID; w1 = 3;                c0 = 0; end
        6: begin w0 = `MMU_REG_CTR_CLEAR;  w1 = 0;                c0 = 0; end
        7: begin w0 = `MMU_REG_CONFIG0;    w1 = 64'hFF;           c0 = 0; end
        default: begin w0 = 8'h09;         w1 = 64'hFF;           c0 = 0; end
      endcase
      xlat_reg_at(va32(0, 1, 0), LD, S, 2, w0[7:0], w1);
      xlat(va32(0, 1, 0), LD, S);
      $sformat(nm, "reg_%0h_write_in_walk_%0s", w0[7:0], c0 ? "is_event_no_fill" : "not_event_fill_kept");
      $sformat(msg, "a write to register %0h in a walk cycle: the next lookup of the page got hit=%0d, want hit=%0d: %0s",
               w0[7:0], r_hit, !c0, c0 ? "MODE, PTBASE, ASID, STATUS, FLUSH and segment-register writes are translation events: the walk must not fill" :
                                         "only MODE, PTBASE, ASID, STATUS, FLUSH and segment registers are events: this write must not cancel the fill");
      check_msg(nm, r_hit === !c0, msg);
    end
    reg_wr(`MMU_REG_FLUSH_VA, va32(9, 9, 0));

    // ---- G of a pointer PTE makes every leaf below it global (docs/rtl.md walker CHECK:
    // g <- g_q | G; fill g = g_q | G(leaf)): ROOT[9] -> L0 with G, L0[1] non-global
    pte_wr(ROOT + 4*9, pte(L0 >> 12, V|G));
    flush(1'b0, 1'b0, 0, 0);
    reg_wr(`MMU_REG_ASID, 1);
    expect_xl("g_pointer_walk_asid1", va32(9, 1, 12'h010), LD, S, `MMU_CAUSE_NONE, 64'h12345010, 3'd0, 1'b0);
    expect_xl("g_nonglobal_pointer_walk_asid1", va32(0, 1, 12'h010), LD, S, `MMU_CAUSE_NONE, 64'h12345010, 3'd0, 1'b0);
    reg_wr(`MMU_REG_ASID, 2);
    expect_xl("g_pointer_leaf_global_hits_other_asid", va32(9, 1, 12'h014), LD, S, `MMU_CAUSE_NONE, 64'h12345014, 3'd0, 1'b1);
    expect_xl("g_nonglobal_pointer_leaf_misses_other_asid", va32(0, 1, 12'h014), LD, S, `MMU_CAUSE_NONE, 64'h12345014, 3'd0, 1'b0);
    flush(1'b0, 1'b1, 0, 1);   // by ASID 1: keeps the global entry
    expect_xl("g_pointer_leaf_survives_flush_by_asid", va32(9, 1, 12'h018), LD, S, `MMU_CAUSE_NONE, 64'h12345018, 3'd0, 1'b1);
    reg_wr(`MMU_REG_ASID, 0);

    // ---- requests held behind a walk (docs/rtl.md "s1 hold and replay"): accepted in the
    // miss cycle of the one before, answered after it, in order, after a replay read
    flush(1'b0, 1'b0, 0, 0);
    xlat(va32(0, 7, 0), LD, S);                        // page 7 (another set) cached
    burst_va[0] = va32(0, 1, 12'h010); burst_acc[0] = LD; burst_priv[0] = S;   // miss: walk
    burst_va[1] = va32(0, 7, 12'h020); burst_acc[1] = LD; burst_priv[1] = S;   // held: hits after the walk
    burst_va[2] = va32(0, 1, 12'h030); burst_acc[2] = LD; burst_priv[2] = S;   // waits: hits the new fill
    burst_va[3] = va32(0, 3, 12'h040); burst_acc[3] = FE; burst_priv[3] = S;   // miss: walk
    burst_va[4] = va32(0, 2, 12'h050); burst_acc[4] = LD; burst_priv[4] = S;   // held behind it, own walk: PRIV
    burst_va[5] = va32(0, 3, 12'h060); burst_acc[5] = LD; burst_priv[5] = S;   // hit on X-only: PROT from the TLB
    xlat_burst(6);
    expect_burst("held_burst_0_miss_walks", 0, `MMU_CAUSE_NONE, 64'h12345010, 3'd0, 1'b0);
    expect_burst("held_burst_1_other_set_hit_after_walk", 1, `MMU_CAUSE_NONE, 64'h77777020, 3'd0, 1'b1);
    expect_burst("held_burst_2_hits_new_fill", 2, `MMU_CAUSE_NONE, 64'h12345030, 3'd0, 1'b1);
    expect_burst("held_burst_3_miss_walks", 3, `MMU_CAUSE_NONE, 64'h33333040, 3'd0, 1'b0);
    expect_burst("held_burst_4_held_miss_walks_priv", 4, `MMU_CAUSE_PRIV, 0, 3'd0, 1'b0);
    expect_burst("held_burst_5_hit_prot", 5, `MMU_CAUSE_PROT, 0, 3'd0, 1'b1);
    $sformat(msg, "burst of 6: acceptance cycles %0d %0d %0d %0d %0d %0d, responses %0d %0d %0d %0d %0d %0d: want request 1 accepted the cycle after request 0 (in its miss cycle, req_ready_o from registers only) and every response after the one before",
             burst_acc_cyc[0], burst_acc_cyc[1], burst_acc_cyc[2], burst_acc_cyc[3], burst_acc_cyc[4], burst_acc_cyc[5],
             burst_rsp_cyc[0], burst_rsp_cyc[1], burst_rsp_cyc[2], burst_rsp_cyc[3], burst_rsp_cyc[4], burst_rsp_cyc[5]);
    check_msg("held_burst_accepted_in_miss_cycle_answered_in_order",
              burst_acc_cyc[1] == burst_acc_cyc[0] + 1 && burst_rsp_cyc[0] < burst_rsp_cyc[1] &&
              burst_rsp_cyc[1] < burst_rsp_cyc[2] && burst_rsp_cyc[2] < burst_rsp_cyc[3] &&
              burst_rsp_cyc[3] < burst_rsp_cyc[4] && burst_rsp_cyc[4] < burst_rsp_cyc[5], msg);

    // a register write while a request is held behind a walk makes that request's own
    // walk stale (docs/rtl.md "Stale walks": an event while held in s1): no fill for it
    flush(1'b0, 1'b0, 0, 0);
    burst_va[0] = va32(0, 1, 12'h010); burst_acc[0] = LD; burst_priv[0] = S;   // miss: walk
    burst_va[1] = va32(0, 7, 12'h020); burst_acc[1] = LD; burst_priv[1] = S;   // held, then its own walk
    fork
      xlat_burst(2);
      begin
        repeat (4) @(negedge clk);
        reg_we = 1'b1; reg_addr = `MMU_REG_ASID; reg_wdata = 64'd0; k = cycle;
        @(negedge clk); reg_we = 1'b0; reg_addr = 8'd0; reg_wdata = 64'd0;
      end
    join
    expect_burst("held_stale_0_answers", 0, `MMU_CAUSE_NONE, 64'h12345010, 3'd0, 1'b0);
    expect_burst("held_stale_1_answers", 1, `MMU_CAUSE_NONE, 64'h77777020, 3'd0, 1'b0);
    $sformat(msg, "the ASID write (cycle %0d) must land while request 1 is held: after its acceptance (cycle %0d), before request 0's answer (cycle %0d)",
             k, burst_acc_cyc[1], burst_rsp_cyc[0]);
    check_msg("held_stale_write_while_held", k >= burst_acc_cyc[1] && k < burst_rsp_cyc[0], msg);
    expect_xl("held_stale_request_walk_did_not_fill", va32(0, 7, 12'h024), LD, S, `MMU_CAUSE_NONE, 64'h77777024, 3'd0, 1'b0);

    // ---- counters ------------------------------------------------------------------------------
    reg_wr(`MMU_REG_CTR_CLEAR, 0);
    flush(1'b0, 1'b0, 0, 0);
    xlat(va32(0, 1, 0), LD, S);          // miss, 1 walk
    xlat(va32(0, 1, 0), LD, S);          // hit
    xlat(va32(0, 6, 0) + 64'h1000, LD, S); // vpn0 7: R page, hit? no: miss + walk
    xlat(va32(0, 7, 0), ST, S);          // PROT from the hit
    ctr(`MMU_CTR_LOOKUPS, v);  expect_eq("ctr_lookups", v, 4);
    ctr(`MMU_CTR_HITS, v);     expect_eq("ctr_hits", v, 2);
    ctr(`MMU_CTR_MISSES, v);   expect_eq("ctr_misses", v, 2);
    ctr(`MMU_CTR_WALKS, v);    expect_eq("ctr_walks", v, 2);
    ctr(`MMU_CTR_FLUSHES, v);  expect_eq("ctr_flushes", v, 1);
    ctr(`MMU_CTR_CAUSE0 + `MMU_CAUSE_NONE, v); expect_eq("ctr_ok_responses", v, 3);
    ctr(`MMU_CTR_CAUSE0 + `MMU_CAUSE_PROT, v); expect_eq("ctr_prot_faults", v, 1);
    ctr(`MMU_CTR_WALK_CYCLES, v);
    if (LAT == 1 && BP == 0) expect_eq("ctr_walk_cycles", v, 2 * (2*2 + 2));   // per walk: RD_REQ, 2x (RD_WAIT, CHECK), DONE
    finish;
  end

endmodule
