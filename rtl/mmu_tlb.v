// mmu_tlb -- set-associative TLB: ASID + global tags, superpage entries,
// SFENCE.VMA flushes, invalid-way-first fill that replaces overlapping ways.
//
//   cycle t (accept):  lk_en_i -> rd_*_q <= set lk_idx_i (tags from flops,
//                      payload from one RAM per way: synchronous read)
//   cycle t+1:         match[w] = rd_valid & VPN equal above the entry's level
//                      & (G | ASID equal) -> hit_o, entry fields
//   any cycle:         fill_i writes one way of set fill_vpn[IDX-1:0] and
//                      clears every other way of that set that overlaps it;
//                      flush_i clears the valid bit of every matching entry.
// Index = low IDX_BITS of the level-0 VPN of the VA being looked up / filled,
// for 4K pages and superpages alike: a superpage lives in the set of the VA
// whose walk filled it, and a lookup elsewhere in the superpage that lands in
// another set misses and fills that set too (one fragment per set). Tags hold
// the full VPN, so flushes find every fragment. docs/rtl.md "TLB".
`default_nettype none
`include "mmu_defs.vh"

module mmu_tlb #(
  parameter integer SETS      = 8,
  parameter integer WAYS      = 4,
  parameter integer REPL      = `MMU_REPL_LRU,
  parameter integer VPN_W     = 27,   // LEVELS * VPN_BITS
  parameter integer VPN_BITS  = 9,
  parameter integer ASID_BITS = 16,
  parameter integer PPN_BITS  = 44,
  parameter integer IDX_BITS  = 3,
  parameter integer WAY_BITS  = 2
) (
  input  wire                 clk_i,
  input  wire                 rst_i,
  // lookup: read in the acceptance cycle, compare in the next
  input  wire                 lk_en_i,
  input  wire [IDX_BITS-1:0]  lk_idx_i,
  input  wire                 cmp_en_i,
  input  wire [VPN_W-1:0]     cmp_vpn_i,
  input  wire [ASID_BITS-1:0] cmp_asid_i,
  output wire                 hit_o,
  output reg  [WAY_BITS-1:0]  hit_way_o,
  output reg  [1:0]           hit_lvl_o,
  output reg  [PPN_BITS-1:0]  hit_ppn_o,
  output reg  [5:0]           hit_perm_o,   // {d, a, u, x, w, r}
  input  wire                 touch_i,      // the hit answered its request
  // fill
  input  wire                 fill_i,
  input  wire [VPN_W-1:0]     fill_vpn_i,
  input  wire [1:0]           fill_lvl_i,
  input  wire [ASID_BITS-1:0] fill_asid_i,
  input  wire                 fill_g_i,
  input  wire [PPN_BITS-1:0]  fill_ppn_i,
  input  wire [5:0]           fill_perm_i,
  // flush (SFENCE.VMA)
  input  wire                 flush_i,
  input  wire                 flush_use_va_i,
  input  wire                 flush_use_asid_i,
  input  wire [VPN_W-1:0]     flush_vpn_i,
  input  wire [ASID_BITS-1:0] flush_asid_i
);
  localparam integer N  = SETS * WAYS;
  localparam integer DW = PPN_BITS + 6;   // payload: {perm, ppn}
  localparam integer TW = VPN_W + 2 + ASID_BITS + 1;   // tag: {g, asid, lvl, vpn}
  localparam integer EB = IDX_BITS + WAY_BITS;         // entry number {set, way}

  // VPN bits an entry at level l compares (the low l*VPN_BITS are the offset).
  // A shift, not a per-bit loop: Verilator evaluates it as one operation.
  function [VPN_W-1:0] lvl_mask;
    input [1:0] l;
    lvl_mask = {VPN_W{1'b1}} << ({30'd0, l} * VPN_BITS);
  endfunction

  // VPN field {lvl, vpn} of a tag maps VPN v: equal above the entry's level
  // and above level l (the fill compares above the larger of the two levels).
  function vpn_hit;
    input [VPN_W+1:0] lv;
    input [VPN_W-1:0] v;
    input [1:0]       l;
    vpn_hit = ((lv[VPN_W-1:0] ^ v) & lvl_mask(lv[VPN_W +: 2]) & lvl_mask(l)) == {VPN_W{1'b0}};
  endfunction

  // ---- state -----------------------------------------------------------------
  // Entry e = {set, way} (= set*WAYS + way). Tags are flops (not a RAM: a
  // flush compares every entry in one cycle), kept as an array indexed by
  // entry so that reading a set is an index, not a mux over a flat vector.
  reg  [TW-1:0]       tag_q [0:N-1];
  reg  [N-1:0]        valid_q;
  // read registers (the set of the request accepted last cycle); the tags
  // and payload words are g_way[w].rd_tag_q and g_way[w].rd_q
  reg  [WAYS-1:0]     rd_valid_q;
  reg  [IDX_BITS-1:0] rd_idx_q;
  wire [WAYS*DW-1:0]  rd_data;
  wire [WAYS*2-1:0]   rd_lvl;

  // ---- fill: way choice -----------------------------------------------------------
  wire [IDX_BITS-1:0] fill_idx = fill_vpn_i[IDX_BITS-1:0];
  wire [WAYS-1:0]     fill_set_v = valid_q[{fill_idx, {WAY_BITS{1'b0}}} +: WAYS];
  wire [WAY_BITS-1:0] victim;
  wire [WAYS-1:0]     ov;          // valid ways of the fill set overlapping the new entry (g_way)
  reg  [WAY_BITS-1:0] fill_way;
  integer w;
  // LAB4 BEGIN: fill: the way to write (overlapping, else invalid, else victim)
  always @* begin
    fill_way = victim;
    for (w = WAYS - 1; w >= 0; w = w - 1)
      if (!fill_set_v[w]) fill_way = w[WAY_BITS-1:0];            // lowest invalid way
    for (w = WAYS - 1; w >= 0; w = w - 1)
      if (ov[w]) fill_way = w[WAY_BITS-1:0];                     // lowest overlapping way wins
  end
  // LAB4 END

  always @(posedge clk_i)
    if (fill_i) tag_q[{fill_idx, fill_way}] <= {fill_g_i, fill_asid_i, fill_lvl_i, fill_vpn_i};

  // ---- valid bits: flush and fill ---------------------------------------------------
  // A flush by ASID hits the non-global entries of that ASID (globals survive).
  function flush_asid_hit;
    input [TW-1:0] t;
    flush_asid_hit = ~t[TW-1] & (t[VPN_W+2 +: ASID_BITS] == flush_asid_i);
  endfunction
  // The flush compares every entry inside the clocked block: the same logic
  // as a combinational kill vector, but a simulator only evaluates it in a
  // flush cycle.
  integer v, e;
  always @(posedge clk_i) begin
    if (rst_i) begin
      valid_q <= {N{1'b0}};
    end else begin
      // LAB4 BEGIN: flush: which entries an SFENCE.VMA invalidates
      if (flush_i)                                                    // flush (never with a fill)
        for (e = 0; e < N; e = e + 1)
          if ((~flush_use_va_i | vpn_hit(tag_q[e][VPN_W+1:0], flush_vpn_i, 2'd0)) &
              (~flush_use_asid_i | flush_asid_hit(tag_q[e])))
            valid_q[e] <= 1'b0;
      // LAB4 END
      if (fill_i)                                                     // new entry; overlapping ways die
        for (v = 0; v < WAYS; v = v + 1)
          if (ov[v] || v[WAY_BITS-1:0] == fill_way)
            valid_q[{fill_idx, v[WAY_BITS-1:0]}] <= (v[WAY_BITS-1:0] == fill_way);
    end
  end
  always @(posedge clk_i)
    if (lk_en_i) begin
      rd_idx_q   <= lk_idx_i;
      rd_valid_q <= valid_q[{lk_idx_i, {WAY_BITS{1'b0}}} +: WAYS];
    end

  // ---- per way: payload RAM (synchronous read at acceptance), tag read register,
  //      fill overlap, lookup compare -----------------------------------------------------
  wire [WAYS-1:0] match;
  genvar gw;
  generate
    for (gw = 0; gw < WAYS; gw = gw + 1) begin : g_way
      localparam integer GW = gw;
      wire [EB-1:0] fill_e = {fill_idx, GW[WAY_BITS-1:0]};
      reg  [DW-1:0] mem_q [0:SETS-1];
      reg  [DW-1:0] rd_q;
      reg  [TW-1:0] rd_tag_q;
      always @(posedge clk_i) begin
        if (fill_i && fill_way == GW[WAY_BITS-1:0]) mem_q[fill_idx] <= {fill_perm_i, fill_ppn_i};
        if (lk_en_i) begin
          rd_q     <= mem_q[lk_idx_i];
          rd_tag_q <= tag_q[{lk_idx_i, GW[WAY_BITS-1:0]}];
        end
      end
      assign rd_data[gw*DW +: DW] = rd_q;
      assign rd_lvl[gw*2 +: 2]    = rd_tag_q[VPN_W +: 2];
      // LAB4 BEGIN: fill overlap: way gw maps part of the new entry's VA range
      wire [TW-1:0] ft = tag_q[fill_e];
      assign ov[gw] = fill_set_v[gw] & (ft[TW-1] | fill_g_i | (ft[VPN_W+2 +: ASID_BITS] == fill_asid_i)) &
                      vpn_hit(ft[VPN_W+1:0], fill_vpn_i, fill_lvl_i);
      // LAB4 END
      // compare (cycle after acceptance)
      // LAB4 BEGIN: lookup: way gw holds the translation of the request
      assign match[gw] = cmp_en_i & rd_valid_q[gw] &
                         (rd_tag_q[TW-1] | (rd_tag_q[VPN_W+2 +: ASID_BITS] == cmp_asid_i)) &
                         vpn_hit(rd_tag_q[VPN_W+1:0], cmp_vpn_i, 2'd0);
      // LAB4 END
    end
  endgenerate

  // ---- hit entry fields ------------------------------------------------------------------
  // LAB4 BEGIN: the hit way's fields
  integer m;
  always @* begin
    hit_way_o = {WAY_BITS{1'b0}}; hit_lvl_o = 2'd0; hit_ppn_o = {PPN_BITS{1'b0}}; hit_perm_o = 6'd0;
    for (m = 0; m < WAYS; m = m + 1)
      if (match[m]) begin   // at most one (asserted below), so OR-ing is a mux
        hit_way_o  = hit_way_o  | m[WAY_BITS-1:0];
        hit_lvl_o  = hit_lvl_o  | rd_lvl[m*2 +: 2];
        hit_ppn_o  = hit_ppn_o  | rd_data[m*DW +: PPN_BITS];
        hit_perm_o = hit_perm_o | rd_data[m*DW + PPN_BITS +: 6];
      end
  end
  // LAB4 END
  assign hit_o = |match;

  mmu_tlb_repl #(.SETS(SETS), .WAYS(WAYS), .REPL(REPL), .IDX_BITS(IDX_BITS), .WAY_BITS(WAY_BITS)) u_repl (
    .clk_i(clk_i), .rst_i(rst_i),
    .touch_i(touch_i), .touch_idx_i(rd_idx_q), .touch_way_i(hit_way_o),
    .fill_i(fill_i), .fill_idx_i(fill_idx), .fill_way_i(fill_way),
    .victim_idx_i(fill_idx), .victim_o(victim));

`ifdef MMU_ASSERTS
  always @(posedge clk_i) begin
    if (!rst_i && (match & (match - 1'b1)) != {WAYS{1'b0}}) begin
      $display("MMU_ASSERT mmu_tlb: more than one way hit (match=%b)", match);
      $finish;
    end
    if (!rst_i && fill_i && flush_i) begin
      $display("MMU_ASSERT mmu_tlb: fill in a flush cycle");
      $finish;
    end
  end
`endif
endmodule
