// mmu_tlb -- set-associative TLB: ASID + global tags, superpage entries,
// SFENCE.VMA flushes, invalid-way-first fill that replaces overlapping ways.
//
//   every cycle:   one read port: rd_*_q <= set rd_idx (one RAM word per way:
//                  tag + payload, read before write); rd_idx = the flush
//                  walk's set while it runs, else lk_idx_i (mmu_top's choice).
//                  The operand register op_*_q takes the VPN and ASID the
//                  read set will be compared with, from the same source, so
//                  one comparator per way serves lookup, fill and flush.
//   compare:       match[w] = rd_valid & VPN equal above the entry's level
//                  & (G | ASID equal) -> hit_o, entry fields (AND-OR)
//   fill:          writes one way of the set in the read registers and clears
//                  the ways of that set that overlap it (checked on the read
//                  registers: the walker re-read its set the cycle before)
//   flush:         all in one cycle; by VA/ASID a walk over the sets through
//                  the read port, one flush comparator per way
// Index = low IDX_BITS of the level-0 VPN of the VA being looked up / filled,
// for 4K pages and superpages alike: a superpage lives in the set of the VA
// whose walk filled it, and a lookup elsewhere in the superpage that lands in
// another set misses and fills that set too (one fragment per set). Tags hold
// the full VPN, so flushes find every fragment. docs/rtl.md "TLB", "Flush".
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_inject.vh"

module mmu_tlb #(
  parameter integer SETS        = 8,
  parameter integer WAYS        = 4,
  parameter integer REPL        = `MMU_REPL_LRU,
  parameter integer LEVELS      = 3,
  parameter integer VPN_BITS    = 9,
  parameter integer ASID_BITS   = 16,
  parameter integer PPN_BITS    = 44,
  parameter integer IDX_BITS    = 3,
  parameter integer WAY_BITS    = 2,
  parameter integer FLUSH_EXACT = 1,
  parameter integer ISOLATE     = 1,    // 1: each compare result only in a cycle that uses it
  parameter         SELECT      = 1,    // 1: sel_*_o (mmu_top's HIT_STAGES = 1); 0: tied to 0
  parameter integer LATE_FILL   = 0,    // 1: the fill's way is decided in the fill cycle (hit under miss)
  parameter integer VPN_W       = LEVELS * VPN_BITS   // derived: do not override
) (
  input  wire                 clk_i,
  input  wire                 rst_i,
  // read port: the set to read this cycle when no flush walk runs, and the
  // VPN / ASID it will be compared with next cycle (lookup or fill)
  input  wire [IDX_BITS-1:0]  lk_idx_i,
  input  wire [VPN_W-1:0]     lk_vpn_i,
  input  wire [ASID_BITS-1:0] lk_asid_i,
  // compare (on the read registers and the operand register)
  input  wire                 cmp_en_i,
  input  wire                 ov_en_i,      // the next cycle may fill (LATE_FILL: this cycle may): decide the fill's way
  output wire [WAYS-1:0]      match_o,      // per way: holds the translation (at most one)
  output reg  [WAY_BITS-1:0]  hit_way_o,
  output reg  [1:0]           hit_lvl_o,
  output wire [WAYS*2-1:0]    way_lvl_o,    // per way, from the read registers: level,
  output wire [WAYS*PPN_BITS-1:0] way_ppn_o, //   PPN and {d, a, u, x, w, r}: the response
  output wire [WAYS*6-1:0]    way_perm_o,   //   is selected after the per-way checks
  output wire [PPN_BITS-1:0]  sel_ppn_o,    // the matching way's PPN, {d, a, u, x, w, r} and
  output wire [5:0]           sel_perm_o,   //   level for the PA and the checks (0 without a
  output wire [1:0]           sel_lvl_o,    //   match; HIT_STAGES = 1)
  input  wire                 touch_i,      // the hit answered its request
  // fill (into the set in the read registers)
  input  wire                 fill_i,
  input  wire [VPN_W-1:0]     fill_vpn_i,
  input  wire [1:0]           fill_lvl_i,
  input  wire [ASID_BITS-1:0] fill_asid_i,
  input  wire                 fill_g_i,
  input  wire [PPN_BITS-1:0]  fill_ppn_i,
  input  wire [5:0]           fill_perm_i,
  // flush (SFENCE.VMA): the command, and the live operand registers
  input  wire                 flush_i,          // a FLUSH write that flushes
  input  wire                 flush_wr_i,       // any write to FLUSH, FLUSH_VA, FLUSH_ASID
  input  wire                 flush_use_va_i,
  input  wire                 flush_use_asid_i,
  input  wire [VPN_W-1:0]     flush_vpn_i,
  input  wire [ASID_BITS-1:0] flush_asid_i,
  output wire                 fl_busy_o         // flush walk running: accept nothing
);
  `MMU_INJ_DECL   // injected-bug selector (mmu_inject.vh; empty in a normal build)
  localparam integer DW = PPN_BITS + 6;                // payload: {perm, ppn}
  localparam integer TW = VPN_W + 2 + ASID_BITS + 1;   // tag: {g, asid, lvl, vpn}

  // An entry at level l ignores the VPN fields of the levels below l: the
  // mask is a constant per level (a case, never a multiply or a shifter), so
  // each compared bit is one LUT of (tag bit, VPN bit, level).
  function [VPN_W-1:0] lvl_mask;   // the VPN bits an entry at level l compares
    input [1:0] l;
    case (l)
      2'd0:    lvl_mask = {VPN_W{1'b1}};
      2'd1:    lvl_mask = {VPN_W{1'b1}} << VPN_BITS;
      2'd2:    lvl_mask = {VPN_W{1'b1}} << (2 * VPN_BITS);
      default: lvl_mask = {VPN_W{1'b1}} << (3 * VPN_BITS);
    endcase
  endfunction
  function vpn_hit;
    input [VPN_W-1:0] tag_vpn;
    input [1:0]       tag_lvl;
    input [VPN_W-1:0] v;
    input [1:0]       l;        // also ignore the fields below level l (fill overlap)
    vpn_hit = ((tag_vpn ^ v) & lvl_mask(tag_lvl) & lvl_mask(l)) == {VPN_W{1'b0}};
  endfunction

  // ---- state -----------------------------------------------------------------------
  // Entry e = {set, way}. Valid bits are flip-flops (reset and flush-all clear
  // them in one cycle); tags and payload are one RAM per way.
  reg  [SETS*WAYS-1:0] valid_q;
  reg  [IDX_BITS-1:0]  rd_idx_q;
  reg  [WAYS-1:0]      rd_valid_q;
  reg                  fl_busy_q, fl_cmp_q, fl_use_va_q, fl_use_asid_q;
  reg  [IDX_BITS-1:0]  fl_idx_q;
  reg  [VPN_W-1:0]     op_vpn_q;
  reg  [ASID_BITS-1:0] op_asid_q;
  wire [IDX_BITS-1:0]  rd_idx = fl_busy_q ? fl_idx_q : lk_idx_i;

  // Operand isolation (ISOLATE = 1; docs/rtl.md "Operand isolation"): a result
  // is computed only in the cycles that use it and is 0 otherwise -- fewer
  // toggles, and a cycle-based simulator skips the logic. ISOLATE = 0 (the
  // board profiles) computes it every cycle: no enable on the compare path.
  wire iso_cmp = (ISOLATE == 0) | cmp_en_i | fl_cmp_q;   // VPN at the entry's level: lookup, flush walk
  wire iso_ov  = (ISOLATE == 0) | ov_en_i;               // overlap and fill way: the cycle before a fill
  wire iso_hit = (ISOLATE == 0) | cmp_en_i;              // the hit way's number and level
  wire iso_fl  = (ISOLATE == 0) | fl_cmp_q;              // the kills: a flush walk's compare

  // per way, from the read registers (g_way)
  wire [WAYS-1:0]      match, ov, fl_kill;
  wire [WAYS*2-1:0]    rd_lvl;
  wire [WAYS*DW-1:0]   rd_data;

  // ---- fill: way choice -----------------------------------------------------------
  // Decided every cycle from the read registers and registered (ov_q,
  // fill_way_q): a fill in the walker's DONE cycle uses the decision of the
  // cycle before, when the read registers already held the walker's set (it
  // re-reads it every busy cycle) and nothing can have changed it since (no
  // fill during a walk; a flush makes the walk stale: no fill). Same result
  // as deciding in the DONE cycle, without the compare in front of the write.
  // LATE_FILL = 1 (mmu_top's ID_BITS > 0): a hit answered under the walk may
  // touch the replacement state in the cycle before the fill, and the read
  // registers hold the walker's set only from then on; the fill uses this
  // cycle's decision (fill_ov, fill_at), made from them in the fill cycle.
  wire [WAY_BITS-1:0] victim;
  reg  [WAY_BITS-1:0] fill_way, fill_way_q;
  reg  [WAYS-1:0]     ov_q;
  wire [WAYS-1:0]     fill_ov;    // the ways the fill clears (overlapping)
  wire [WAY_BITS-1:0] fill_at;    // the way the fill writes
  integer w;
  // LAB4 BEGIN: fill: the way to write (overlapping, else invalid, else victim)
  always @* begin
    fill_way = victim; w = 0;
    if (iso_ov) begin
      for (w = WAYS - 1; w >= 0; w = w - 1)
        if (!rd_valid_q[w]) fill_way = w[WAY_BITS-1:0];          // lowest invalid way
      for (w = WAYS - 1; w >= 0; w = w - 1)
        if (ov[w]) fill_way = w[WAY_BITS-1:0];                   // lowest overlapping way wins
    end
  end
  // LAB4 END

  // The flush walk's kills, with the injected bugs of mmu_inject.vh (none by default).
  wire [WAYS-1:0] inj_kill, inj_save;
  wire [WAYS-1:0] fl_kill_use = (fl_kill | inj_kill) & ~inj_save;
`ifdef MMU_INJECT_DUP_AFTER_OVERLAP
  reg  [WAY_BITS-1:0] fill_way_noov;   // the fill's way as if nothing overlapped
  integer wn;
  always @* begin
    fill_way_noov = victim;
    for (wn = WAYS - 1; wn >= 0; wn = wn - 1)
      if (!rd_valid_q[wn]) fill_way_noov = wn[WAY_BITS-1:0];
  end
`endif

  // The decision the fill uses: the registered one (the cycle before), or
  // with LATE_FILL this cycle's; the injected bug 12 drops the overlap.
  wire [WAYS-1:0]     dec_ov  = (LATE_FILL != 0) ? ov : ov_q;
  wire [WAY_BITS-1:0] dec_way = (LATE_FILL != 0) ? fill_way : fill_way_q;
`ifdef MMU_INJECT_DUP_AFTER_OVERLAP
  reg  [WAY_BITS-1:0] fill_way_noov_q;
  always @(posedge clk_i) fill_way_noov_q <= fill_way_noov;
  wire                inj_dup = `MMU_INJ(12);   // injected bug: overlapping entries survive a fill
  assign fill_ov = inj_dup ? {WAYS{1'b0}} : dec_ov;
  assign fill_at = inj_dup ? ((LATE_FILL != 0) ? fill_way_noov : fill_way_noov_q) : dec_way;
`else
  assign fill_ov = dec_ov;
  assign fill_at = dec_way;
`endif

  // ---- flush walk and valid bits ----------------------------------------------------
  wire fl_active = fl_busy_q | fl_cmp_q;
  wire fl_all    = (flush_i & ((FLUSH_EXACT == 0) | ~(flush_use_va_i | flush_use_asid_i))) |
                   (fl_active & flush_wr_i);                         // escalation: over-flush
  wire fl_start  = flush_i & (FLUSH_EXACT != 0) & (flush_use_va_i | flush_use_asid_i) & ~fl_active;
  integer v;
  always @(posedge clk_i) begin
    if (rst_i) begin
      valid_q <= {(SETS*WAYS){1'b0}};
      fl_busy_q <= 1'b0; fl_cmp_q <= 1'b0;
    end else begin
      if (fl_all) begin
        valid_q <= {(SETS*WAYS){1'b0}};
        fl_busy_q <= 1'b0; fl_cmp_q <= 1'b0;
      end else begin
        fl_cmp_q <= fl_busy_q;
        if (fl_start) begin
          fl_busy_q <= 1'b1;
        end else if (fl_busy_q && fl_idx_q == SETS[IDX_BITS-1:0] - 1'b1) begin
          fl_busy_q <= 1'b0;
        end
        if (fl_cmp_q || fill_i)   // (the test only spares a simulator the loop)
          for (v = 0; v < WAYS; v = v + 1) begin
            if (fl_cmp_q && fl_kill_use[v])                            // a set of the flush walk
              valid_q[{rd_idx_q, v[WAY_BITS-1:0]}] <= 1'b0;
            if (fill_i && (fill_ov[v] || v[WAY_BITS-1:0] == fill_at))  // new entry; overlapping ways die
              valid_q[{rd_idx_q, v[WAY_BITS-1:0]}] <= (v[WAY_BITS-1:0] == fill_at);
          end
      end
    end
  end
  always @(posedge clk_i) begin
    if (fl_start) begin
      fl_idx_q <= {IDX_BITS{1'b0}}; fl_use_va_q <= flush_use_va_i; fl_use_asid_q <= flush_use_asid_i;
    end else if (fl_busy_q) begin
      fl_idx_q <= fl_idx_q + 1'b1;
    end
    ov_q       <= ov;
    fill_way_q <= fill_way;
    rd_idx_q   <= rd_idx;
    rd_valid_q <= valid_q[{rd_idx, {WAY_BITS{1'b0}}} +: WAYS];
    op_vpn_q   <= fl_busy_q ? flush_vpn_i  : lk_vpn_i;
    op_asid_q  <= fl_busy_q ? flush_asid_i : lk_asid_i;
  end
  assign fl_busy_o = fl_active;

  // ---- per way: RAM word (tag + payload), read register, lookup, fill overlap, flush --
  genvar gw;
  generate
    for (gw = 0; gw < WAYS; gw = gw + 1) begin : g_way
      localparam integer GW = gw;
      // no_rw_check: the only write (a fill, in the walker's DONE cycle) and
      // that cycle's read of the same set never meet in a used value: the
      // read registers loaded in a DONE cycle are re-read before any use
      // (docs/rtl.md "s1 hold and replay"), so the BRAM needs no bypass.
      // Two RAMs per way (tag, payload): the same storage as one wide word, but
      // each field fits a 64-bit word in a simulator.
      (* no_rw_check *) reg [TW-1:0] tag_mem_q [0:SETS-1];
      (* no_rw_check *) reg [DW-1:0] dat_mem_q [0:SETS-1];
      reg  [TW-1:0] rd_tag_q;
      reg  [DW-1:0] rd_dat_q;
      always @(posedge clk_i) begin
        if (fill_i && fill_at == GW[WAY_BITS-1:0]) begin
          tag_mem_q[rd_idx_q] <= {fill_g_i, fill_asid_i, fill_lvl_i, fill_vpn_i};
          dat_mem_q[rd_idx_q] <= {fill_perm_i, fill_ppn_i};
        end
        rd_tag_q <= tag_mem_q[rd_idx];
        rd_dat_q <= dat_mem_q[rd_idx];
      end
      wire [VPN_W-1:0]     t_vpn  = rd_tag_q[VPN_W-1:0];
      wire [1:0]           t_lvl  = rd_tag_q[VPN_W +: 2];
      wire [ASID_BITS-1:0] t_asid = rd_tag_q[VPN_W+2 +: ASID_BITS];
      wire                 t_g    = rd_tag_q[TW-1];
      assign rd_lvl[gw*2 +: 2]    = t_lvl;
      assign rd_data[gw*DW +: DW] = rd_dat_q;
      // The one comparator of the way: the operand register is the request's
      // VPN/ASID on a lookup, the walker's on a fill, the flush operands in a walk.
      // Compared only in a cycle that uses a result: a lookup, the cycle before
      // a fill (ov_en_i), a flush walk's compare. A cycle-based simulator skips
      // the branch otherwise; in hardware it is one more AND term.
      reg asid_eq, vpn_eq, way_match, way_ov, way_kill;
      always @* begin
        asid_eq = 1'b0; vpn_eq = 1'b0; way_match = 1'b0; way_ov = 1'b0; way_kill = 1'b0;
        if (cmp_en_i | ov_en_i | fl_cmp_q) begin
          // LAB4 BEGIN: lookup and fill overlap: way gw holds the translation of the request, or overlaps the new entry
          asid_eq = (t_asid == op_asid_q);
          if (iso_cmp) vpn_eq = vpn_hit(t_vpn, t_lvl, op_vpn_q, 2'd0);
          way_match = cmp_en_i & rd_valid_q[gw] & (t_g | asid_eq) & vpn_eq;
          if (iso_ov)  way_ov = rd_valid_q[gw] & (t_g | fill_g_i | asid_eq) & vpn_hit(t_vpn, t_lvl, op_vpn_q, fill_lvl_i);
          // LAB4 END
          // LAB4 BEGIN: flush: which entries of the set an SFENCE.VMA invalidates
          if (iso_fl)  way_kill = rd_valid_q[gw] & (~fl_use_va_q | vpn_eq) & (~fl_use_asid_q | (~t_g & asid_eq));
          // LAB4 END
        end
      end
      assign match[gw] = way_match;
      // The hit way's level and payload: an AND-OR over the ways, one way at
      // a time, each term from the way's own read registers (no wide vector).
      // With SELECT = 0 nothing reads it and Yosys drops it before mapping; a
      // sink wire would keep its gates in front of ABC, which then maps the
      // compare differently (sv32-fpga 887 LUT4 instead of 881).
      wire [DW+1:0] hit_part = {t_lvl, rd_dat_q} & {(DW+2){way_match}};
      wire [DW+1:0] hit_acc;
      if (gw == 0) begin : g_first
        assign hit_acc = hit_part;
      end else begin : g_next
        assign hit_acc = g_way[gw-1].hit_acc | hit_part;
      end
      assign ov[gw] = way_ov;
      assign fl_kill[gw] = way_kill;
      // injected bugs (mmu_inject.vh): extra kills, kills missed
      wire kill_g = 1'b0
`ifdef MMU_INJECT_SFENCE_DROPS_GLOBAL
                | (`MMU_INJ(2) & rd_valid_q[gw] & (~fl_use_va_q | vpn_eq) & fl_use_asid_q & t_g)
`endif
                ;
      wire kill_asid = 1'b0
`ifdef MMU_INJECT_SFENCE_IGNORES_ASID
                | (`MMU_INJ(3) & rd_valid_q[gw] & (~fl_use_va_q | vpn_eq) & fl_use_asid_q & ~t_g)
`endif
                ;
      wire save_sp = 1'b0
`ifdef MMU_INJECT_SFENCE_SUPERPAGE_MISS
                | (`MMU_INJ(5) & fl_use_va_q & (t_lvl != 2'd0) & (t_vpn != op_vpn_q))
`endif
                ;
      assign inj_kill[gw] = kill_g | kill_asid;
      assign inj_save[gw] = save_sp;
    end
  endgenerate

  // ---- hit entry fields ------------------------------------------------------------------
  // LAB4 BEGIN: the hit way's fields
  integer m;
  always @* begin
    hit_way_o = {WAY_BITS{1'b0}}; hit_lvl_o = 2'd0; m = 0;
    if (iso_hit)
      for (m = 0; m < WAYS; m = m + 1) begin   // at most one match (asserted): AND-OR is the mux
        hit_way_o  = hit_way_o  | (m[WAY_BITS-1:0] & {WAY_BITS{match[m]}});
        hit_lvl_o  = hit_lvl_o  | (rd_lvl[m*2 +: 2] & {2{match[m]}});
      end
  end
  // LAB4 END
  assign match_o   = match;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [DW+1:0] sel_all = g_way[WAYS-1].hit_acc;   // (not in g_sel: Yosys 0.70 cannot name g_way[] there)
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    if (SELECT != 0) begin : g_sel
      assign sel_ppn_o  = sel_all[PPN_BITS-1:0];
      assign sel_perm_o = sel_all[PPN_BITS +: 6];
      assign sel_lvl_o  = sel_all[DW +: 2];
    end else begin : g_no_sel
      assign sel_ppn_o  = {PPN_BITS{1'b0}};
      assign sel_perm_o = 6'd0;
      assign sel_lvl_o  = 2'd0;
    end
  endgenerate
  assign way_lvl_o = rd_lvl;
  genvar gf;
  generate
    for (gf = 0; gf < WAYS; gf = gf + 1) begin : g_field
      assign way_ppn_o[gf*PPN_BITS +: PPN_BITS] = rd_data[gf*DW +: PPN_BITS];
      assign way_perm_o[gf*6 +: 6]              = rd_data[gf*DW + PPN_BITS +: 6];
    end
  endgenerate

  mmu_tlb_repl #(.SETS(SETS), .WAYS(WAYS), .REPL(REPL), .IDX_BITS(IDX_BITS), .WAY_BITS(WAY_BITS),
                 .TOUCH_REG((LATE_FILL != 0) ? 0 : 1)) u_repl (
    .clk_i(clk_i), .rst_i(rst_i),
    .touch_i(touch_i), .touch_idx_i(rd_idx_q), .touch_way_i(hit_way_o),
    .fill_i(fill_i), .fill_idx_i(rd_idx_q), .fill_way_i(fill_at),
    .victim_idx_i(rd_idx_q), .victim_o(victim));

  wire unused_tlb = ^fill_asid_i;   // the operand register holds the fill's ASID (asserted equal)

`ifdef MMU_ASSERTS
  always @(posedge clk_i) begin
    if (!rst_i && cmp_en_i && (match & (match - 1'b1)) != {WAYS{1'b0}}) begin   // (match is 0 without a compare)
      $display("MMU_ASSERT mmu_tlb: more than one way hit (match=%b)", match);
      $finish;
    end
    if (!rst_i && fill_i) begin
      if (flush_i || fl_active) begin
        $display("MMU_ASSERT mmu_tlb: fill in a flush cycle or during a flush walk");
        $finish;
      end
      if (fill_vpn_i[IDX_BITS-1:0] != rd_idx_q || fill_vpn_i != op_vpn_q || fill_asid_i != op_asid_q) begin
        $display("MMU_ASSERT mmu_tlb: fill of an entry that is not the read registers' set and operands");
        $finish;
      end
    end
  end
`endif
endmodule
