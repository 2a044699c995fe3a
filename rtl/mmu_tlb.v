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

  // VPN bits an entry at level l compares (the low l*VPN_BITS are the offset).
  function [VPN_W-1:0] lvl_mask;
    input [1:0] l;
    integer k;
    begin
      for (k = 0; k < VPN_W; k = k + 1)
        lvl_mask[k] = (k >= l * VPN_BITS);
    end
  endfunction

  // ---- state -----------------------------------------------------------------
  // Tag of entry e = set*WAYS + way: {g, asid, lvl, vpn}, in flops so that
  // a flush compares every entry in one cycle.
  localparam integer TW = VPN_W + 2 + ASID_BITS + 1;
  localparam integer ST = WAYS * TW;      // tag bits per set
  reg  [N-1:0]    valid_q;
  wire [N*TW-1:0] tag;                    // every entry's tag_q (g_ent below)
  // read registers (the set of the request accepted last cycle)
  reg  [WAYS-1:0]     rd_valid_q;
  reg  [ST-1:0]       rd_tag_q;
  reg  [IDX_BITS-1:0] rd_idx_q;
  wire [WAYS*DW-1:0]  rd_data;

  // One set of the tag flops, selected by an index (AND-OR mux).
  reg [ST-1:0]   fill_set, lk_set;
  reg [WAYS-1:0] fill_set_v, lk_set_v;
  integer s;
  always @* begin
    fill_set = {ST{1'b0}}; lk_set = {ST{1'b0}}; fill_set_v = {WAYS{1'b0}}; lk_set_v = {WAYS{1'b0}};
    for (s = 0; s < SETS; s = s + 1) begin
      if (fill_vpn_i[IDX_BITS-1:0] == s[IDX_BITS-1:0]) begin
        fill_set = tag[s*ST +: ST]; fill_set_v = valid_q[s*WAYS +: WAYS];
      end
      if (lk_idx_i == s[IDX_BITS-1:0]) begin
        lk_set = tag[s*ST +: ST]; lk_set_v = valid_q[s*WAYS +: WAYS];
      end
    end
  end

  // ---- fill: way choice -----------------------------------------------------------
  wire [IDX_BITS-1:0] fill_idx = fill_vpn_i[IDX_BITS-1:0];
  wire [WAY_BITS-1:0] victim;
  reg  [WAYS-1:0]     ov;          // valid ways of the fill set overlapping the new entry
  reg  [WAY_BITS-1:0] fill_way;
  wire [IDX_BITS+WAY_BITS-1:0] fill_ent = {fill_idx, fill_way};   // = fill_idx*WAYS + fill_way
  reg  [TW-1:0]       t;
  integer w;
  always @* begin
    ov = {WAYS{1'b0}}; fill_way = victim;
    for (w = WAYS - 1; w >= 0; w = w - 1) begin
      t = fill_set[w*TW +: TW];
      ov[w] = fill_set_v[w] & (t[TW-1] | fill_g_i | (t[VPN_W+2 +: ASID_BITS] == fill_asid_i)) &
              (((t[VPN_W-1:0] ^ fill_vpn_i) & lvl_mask(t[VPN_W +: 2]) & lvl_mask(fill_lvl_i)) == {VPN_W{1'b0}});
      if (!fill_set_v[w]) fill_way = w[WAY_BITS-1:0];            // lowest invalid way
    end
    for (w = WAYS - 1; w >= 0; w = w - 1)
      if (ov[w]) fill_way = w[WAY_BITS-1:0];                     // lowest overlapping way wins
  end

  // ---- per-entry tag flops and flush match ---------------------------------------------
  wire [N-1:0] kill;
  genvar ge;
  generate
    for (ge = 0; ge < N; ge = ge + 1) begin : g_ent
      reg [TW-1:0] tag_q;
      always @(posedge clk_i)
        if (fill_i && fill_ent == ge) tag_q <= {fill_g_i, fill_asid_i, fill_lvl_i, fill_vpn_i};
      assign tag[ge*TW +: TW] = tag_q;
      wire va_hit   = ((tag_q[VPN_W-1:0] ^ flush_vpn_i) & lvl_mask(tag_q[VPN_W +: 2])) == {VPN_W{1'b0}};
      wire asid_hit = ~tag_q[TW-1] & (tag_q[VPN_W+2 +: ASID_BITS] == flush_asid_i);  // globals survive
      assign kill[ge] = flush_i & (~flush_use_va_i | va_hit) & (~flush_use_asid_i | asid_hit);
    end
  endgenerate

  // ---- valid bits and read registers --------------------------------------------------
  integer v;
  always @(posedge clk_i) begin
    if (rst_i) begin
      valid_q <= {N{1'b0}};
    end else begin
      valid_q <= valid_q & ~kill;                                     // flush (never with a fill)
      if (fill_i)                                                     // new entry; overlapping ways die
        for (v = 0; v < WAYS; v = v + 1)
          if (ov[v] || v[WAY_BITS-1:0] == fill_way)
            valid_q[fill_idx*WAYS + v] <= (v[WAY_BITS-1:0] == fill_way);
    end
  end
  always @(posedge clk_i) begin
    if (lk_en_i) begin
      rd_idx_q   <= lk_idx_i;
      rd_tag_q   <= lk_set;
      rd_valid_q <= lk_set_v;
    end
  end

  // ---- payload RAM, one per way (synchronous read at acceptance) ---------------------
  genvar gw;
  generate
    for (gw = 0; gw < WAYS; gw = gw + 1) begin : g_way
      reg [DW-1:0] mem_q [0:SETS-1];
      reg [DW-1:0] rd_q;
      always @(posedge clk_i) begin
        if (fill_i && fill_way == gw) mem_q[fill_idx] <= {fill_perm_i, fill_ppn_i};
        if (lk_en_i) rd_q <= mem_q[lk_idx_i];
      end
      assign rd_data[gw*DW +: DW] = rd_q;
    end
  endgenerate

  // ---- compare (cycle after acceptance) ----------------------------------------------
  reg [WAYS-1:0] match;
  reg [TW-1:0]   tc;
  integer        m;
  always @* begin
    match = {WAYS{1'b0}};
    hit_way_o = {WAY_BITS{1'b0}}; hit_lvl_o = 2'd0; hit_ppn_o = {PPN_BITS{1'b0}}; hit_perm_o = 6'd0;
    for (m = 0; m < WAYS; m = m + 1) begin
      tc = rd_tag_q[m*TW +: TW];
      match[m] = cmp_en_i & rd_valid_q[m] & (tc[TW-1] | (tc[VPN_W+2 +: ASID_BITS] == cmp_asid_i)) &
                 (((tc[VPN_W-1:0] ^ cmp_vpn_i) & lvl_mask(tc[VPN_W +: 2])) == {VPN_W{1'b0}});
      if (match[m]) begin   // at most one (asserted below), so OR-ing is a mux
        hit_way_o  = hit_way_o  | m[WAY_BITS-1:0];
        hit_lvl_o  = hit_lvl_o  | tc[VPN_W +: 2];
        hit_ppn_o  = hit_ppn_o  | rd_data[m*DW +: PPN_BITS];
        hit_perm_o = hit_perm_o | rd_data[m*DW + PPN_BITS +: 6];
      end
    end
  end
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
