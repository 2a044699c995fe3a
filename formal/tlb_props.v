// formal/tlb_props.v -- TLB contracts of the whole MMU (rtl/mmu_top.v) with
// every input free after one reset cycle: requests, register writes
// (MODE, PTBASE, ASID, STATUS, FLUSH_*), memory readiness, PTE data and bus
// errors. Small geometry (tb/scripts/formal.py TOP_PARAMS): sv32-fpga's
// 2-level walker, 2 sets x 2 ways LRU, 2 ASID bits, 8-bit PPN.
//
//   one_hit     at most one way matches (docs/rtl.md "Cycle t+1", asserted there too)
//   asid        a way matches only when it is global or was filled under the
//               ASID the request was accepted with
//   stale_fill  no fill from a walk whose request saw a translation event
//               (MODE/PTBASE/ASID/STATUS/FLUSH write) from its acceptance cycle
//               to its DONE cycle (docs/rtl.md "Stale walks")
//   victim      a fill into a set with an invalid way and no overlapping entry
//               adds an entry: no valid entry is evicted (docs/rtl.md "Fill", step 2)
//
// The request's ASID and the events are rebuilt here from the register port
// (ghost state); the TLB's tags are shadowed from its fills. Internal state
// (the match vector, the fill and its operands, the valid bits) is probed by
// the names docs/rtl.md uses:
// probe p_match    = u_dut.match
// probe p_to_ptw   = u_dut.to_ptw
// probe p_fill     = u_dut.u_tlb.fill_i
// probe p_fill_vpn = u_dut.u_tlb.fill_vpn_i
// probe p_fill_lvl = u_dut.u_tlb.fill_lvl_i
// probe p_fill_asid = u_dut.u_tlb.fill_asid_i
// probe p_fill_g   = u_dut.u_tlb.fill_g_i
// probe p_fill_way = u_dut.u_tlb.fill_way_q
// probe p_rd_idx   = u_dut.u_tlb.rd_idx_q
// probe p_valid    = u_dut.u_tlb.valid_q
`default_nettype none
`include "mmu_defs.vh"

module tlb_props (
  input wire        clk,
  input wire        req_valid,
  input wire [31:0] req_va,
  input wire [1:0]  req_acc,
  input wire        req_priv,
  input wire        mem_req_ready,
  input wire        mem_rsp_valid,
  input wire [31:0] mem_rsp_data,
  input wire        mem_rsp_err,
  input wire        reg_we,
  input wire [7:0]  reg_addr,
  input wire [63:0] reg_wdata
);
  localparam integer SETS = 2, WAYS = 2, ASID_BITS = 2, VPN_W = 20, VPN_BITS = 10;

  reg init = 1'b1;
  always @(posedge clk) init <= 1'b0;

  wire        req_ready, rsp_valid, rsp_fault, rsp_hit, mem_req_valid, mem_req_we;
  wire [19:0] rsp_pa, mem_req_addr;
  wire [3:0]  rsp_cause;
  wire [2:0]  rsp_level;
  wire [31:0] mem_req_wdata, mem_req_cmp;
  wire [63:0] reg_rdata;
  wire        rsp_id;      // ID_BITS = 0: in order (the contracts below follow one request at a time)
  mmu_top #(.TLB_SETS(SETS), .TLB_WAYS(WAYS), .TLB_REPL(0), .ASID_BITS(ASID_BITS),
            .PPN_BITS(8), .PA_BITS(20), .ID_BITS(0)) u_dut (
    .clk_i(clk), .rst_i(init),
    .req_valid_i(req_valid), .req_ready_o(req_ready), .req_va_i(req_va), .req_acc_i(req_acc),
    .req_priv_i(req_priv), .req_id_i(1'b0), .rsp_valid_o(rsp_valid), .rsp_pa_o(rsp_pa), .rsp_fault_o(rsp_fault),
    .rsp_cause_o(rsp_cause), .rsp_level_o(rsp_level), .rsp_hit_o(rsp_hit), .rsp_id_o(rsp_id),
    .mem_req_valid_o(mem_req_valid), .mem_req_ready_i(mem_req_ready), .mem_req_addr_o(mem_req_addr),
    .mem_req_we_o(mem_req_we), .mem_req_wdata_o(mem_req_wdata), .mem_req_cmp_o(mem_req_cmp),
    .mem_rsp_valid_i(mem_rsp_valid), .mem_rsp_data_i(mem_rsp_data), .mem_rsp_err_i(mem_rsp_err),
    .reg_we_i(reg_we), .reg_addr_i(reg_addr), .reg_wdata_i(reg_wdata), .reg_rdata_o(reg_rdata));
  wire unused = ^{rsp_valid, rsp_pa, rsp_fault, rsp_hit, rsp_id, rsp_cause, rsp_level, mem_req_valid,
                  mem_req_we, mem_req_addr, mem_req_wdata, mem_req_cmp, reg_rdata};

  (* keep *) wire [WAYS-1:0]      p_match;
  (* keep *) wire                 p_to_ptw, p_fill, p_fill_g;
  (* keep *) wire [VPN_W-1:0]     p_fill_vpn;
  (* keep *) wire [1:0]           p_fill_lvl;
  (* keep *) wire [ASID_BITS-1:0] p_fill_asid;
  (* keep *) wire                 p_fill_way;
  (* keep *) wire                 p_rd_idx;
  (* keep *) wire [SETS*WAYS-1:0] p_valid;

  // ---- ghost state from the ports -------------------------------------------------
  wire live   = ~init;
  wire accept = live & req_valid & req_ready;
  wire wr     = live & reg_we;
  wire event_now = wr & (reg_addr == `MMU_REG_MODE || reg_addr == `MMU_REG_PTBASE ||
                         reg_addr == `MMU_REG_ASID || reg_addr == `MMU_REG_STATUS ||
                         reg_addr == `MMU_REG_FLUSH);       // SEGMENTATION=0: no segment registers
  reg [ASID_BITS-1:0] asid_q;         // the ASID register
  reg [ASID_BITS-1:0] req_asid_q;     // ASID the request in s1 was accepted with
  reg                 req_ev_q;       // an event since that request's acceptance
  reg                 walk_ev_q;      // an event since the walking request's acceptance
  always @(posedge clk) begin
    if (init) begin
      asid_q <= 0; req_ev_q <= 1'b0; walk_ev_q <= 1'b0;
    end else begin
      if (wr && reg_addr == `MMU_REG_ASID) asid_q <= reg_wdata[ASID_BITS-1:0];
      if (accept) begin req_asid_q <= asid_q; req_ev_q <= event_now; end
      else req_ev_q <= req_ev_q | event_now;
      walk_ev_q <= p_to_ptw ? (req_ev_q | event_now) : (walk_ev_q | event_now);
    end
  end

  // shadow tags: what each fill wrote into (set, way), one register set per entry
  function [VPN_W-1:0] mask;          // VPN bits compared by an entry at level l
    input [1:0] l;
    mask = {VPN_W{1'b1}} << (l * VPN_BITS);
  endfunction
  wire [WAYS-1:0] set_valid = p_valid[{p_rd_idx, 1'b0} +: WAYS];
  wire [WAYS-1:0] ov, asid_ok;
  genvar ge, gw;
  generate
    for (ge = 0; ge < SETS * WAYS; ge = ge + 1) begin : g_sh
      reg [VPN_W-1:0]     vpn;
      reg [1:0]           lvl;
      reg [ASID_BITS-1:0] asid;
      reg                 g;
      always @(posedge clk)
        if (live && p_fill && {p_rd_idx, p_fill_way} == ge) begin
          vpn <= p_fill_vpn; lvl <= p_fill_lvl; asid <= p_fill_asid; g <= p_fill_g;
        end
    end
    for (gw = 0; gw < WAYS; gw = gw + 1) begin : g_way
      // the entry of way gw in the set of the read registers
      wire [VPN_W-1:0]     vpn  = p_rd_idx ? g_sh[WAYS + gw].vpn  : g_sh[gw].vpn;
      wire [1:0]           lvl  = p_rd_idx ? g_sh[WAYS + gw].lvl  : g_sh[gw].lvl;
      wire [ASID_BITS-1:0] asid = p_rd_idx ? g_sh[WAYS + gw].asid : g_sh[gw].asid;
      wire                 g    = p_rd_idx ? g_sh[WAYS + gw].g    : g_sh[gw].g;
      assign ov[gw] = set_valid[gw] & (g | p_fill_g | asid == p_fill_asid) &
                      (((vpn ^ p_fill_vpn) & mask(lvl) & mask(p_fill_lvl)) == 0);
      assign asid_ok[gw] = g | (asid == req_asid_q);
    end
  endgenerate

  // ---- properties -----------------------------------------------------------------
  always @* begin
    if (live) begin
`ifdef PROP_ONE_HIT
      assert ((p_match & (p_match - 1'b1)) == 0);
`endif
`ifdef PROP_ASID
      assert ((p_match & ~asid_ok) == 0);
`endif
`ifdef PROP_STALE
      assert (!p_fill || (!walk_ev_q && !event_now));
`endif
    end
  end
`ifdef PROP_VICTIM
  // a fill with an invalid way and no overlap: next cycle the set has one more valid way
  reg             vic_chk_q, vic_idx_q;
  reg [WAYS-1:0]  vic_before_q;
  always @(posedge clk) begin
    vic_chk_q    <= live & p_fill & (set_valid != {WAYS{1'b1}}) & (ov == 0);
    vic_idx_q    <= p_rd_idx;
    vic_before_q <= set_valid;
  end
  wire [WAYS-1:0] vic_after = p_valid[{vic_idx_q, 1'b0} +: WAYS];
  wire [WAYS-1:0] vic_new   = vic_after & ~vic_before_q;
  always @* if (live && vic_chk_q) begin
    assert ((vic_after & vic_before_q) == vic_before_q);        // nothing valid was evicted
    assert (vic_new != 0 && (vic_new & (vic_new - 1'b1)) == 0); // exactly one way became valid
  end
`endif
endmodule
