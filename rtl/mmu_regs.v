// mmu_regs -- register block: MODE, PTBASE, ASID, STATUS, flush command and
// operands, segment registers, read-only geometry, performance counters.
//
// Writes take effect at the clock edge that ends the write cycle (a request
// accepted in the same cycle still sees the old values). Reads are
// registered: reg_rdata_o in cycle c+1 is the value register reg_addr_i held
// in cycle c (before that cycle's write). Map: docs/rtl.md "Register map".
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_inject.vh"

module mmu_regs #(
  parameter integer VA_PORT_BITS   = 64,
  parameter integer VA_BITS        = 39,
  parameter integer VA_SIGN_EXTEND = 1,
  parameter integer PA_BITS        = 56,
  parameter integer PPN_BITS       = 44,
  parameter integer ASID_BITS      = 16,
  parameter integer SEG_COUNT      = 4,
  parameter integer SEGMENTATION   = 1,    // 0: no segment registers, MODE 0 and 3 only
  parameter integer SVADU          = 1,    // 0: ADUE reads 0
  parameter integer CTR_BITS       = 32,   // 0: no counters
  parameter [63:0]  CONFIG0        = 64'd0,
  parameter [63:0]  CONFIG1        = 64'd0
) (
  input  wire                             clk_i,
  input  wire                             rst_i,
  input  wire                             reg_we_i,
  input  wire [7:0]                       reg_addr_i,
  input  wire [63:0]                      reg_wdata_i,
  output reg  [63:0]                      reg_rdata_o,
  output reg  [2:0]                       mode_o,
  output reg  [PPN_BITS-1:0]              ptbase_o,
  output reg  [ASID_BITS-1:0]             asid_o,
  output reg                              sum_o,
  output reg                              mxr_o,
  output reg                              adue_o,
  output reg  [SEG_COUNT*PA_BITS-1:0]     seg_base_o,
  output reg  [SEG_COUNT*(VA_BITS+1)-1:0] seg_bound_o,
  output reg  [SEG_COUNT*6-1:0]           seg_ctrl_o,
  output wire                             flush_o,          // flush the TLB this cycle
  output wire                             flush_wr_o,       // a write to FLUSH, FLUSH_VA or FLUSH_ASID
  output wire                             flush_use_va_o,
  output wire                             flush_use_asid_o,
  output wire [VA_BITS-1:0]               flush_va_o,
  output wire [ASID_BITS-1:0]             flush_asid_o,
  output wire                             event_o,          // translation register / flush written
  input  wire [15:0]                      ev_i,             // counter events (slot FLUSHES is ours)
  input  wire                             rsp_i,            // a response, counted by its cause
  input  wire [3:0]                       rsp_cause_i
);
  `MMU_INJ_DECL   // injected-bug selector (mmu_inject.vh; empty in a normal build)
  localparam integer BW = VA_BITS + 1;

  reg [VA_PORT_BITS-1:0] fva_q;
  reg [ASID_BITS-1:0]    fasid_q;

  wire [7:0] a       = reg_addr_i;
  wire       seg_reg = (SEGMENTATION != 0) & (a[7:6] == 2'b01);   // 0x40..0x7F: segment i = a[5:2]
  wire [3:0] seg_i   = a[5:2];
  wire       wr_cmd  = reg_we_i & (a == `MMU_REG_FLUSH);

  // SFENCE.VMA with an invalid VA in rs1 has no effect (step 0 on the operand).
  wire fva_ok;
  generate
    if (VA_PORT_BITS > VA_BITS) begin : g_fva
      wire sign = (VA_SIGN_EXTEND != 0) & fva_q[VA_BITS-1];
      assign fva_ok = (fva_q[VA_PORT_BITS-1:VA_BITS] == {(VA_PORT_BITS-VA_BITS){sign}});
    end else begin : g_fva_all
      assign fva_ok = 1'b1;
    end
  endgenerate
  assign flush_use_va_o   = reg_wdata_i[`MMU_FLUSH_USE_VA];
  assign flush_use_asid_o = reg_wdata_i[`MMU_FLUSH_USE_ASID]
`ifdef MMU_INJECT_SFENCE_ZERO_IS_X0
                            & (~`MMU_INJ(4) | (|fasid_q))   // injected bug: a register holding 0 acts as x0
`endif
                            ;
  assign flush_o          = wr_cmd & (~flush_use_va_o | fva_ok);
  assign flush_wr_o       = reg_we_i & ((a == `MMU_REG_FLUSH) | (a == `MMU_REG_FLUSH_VA) |
                                        (a == `MMU_REG_FLUSH_ASID));
  assign flush_va_o       = fva_q[VA_BITS-1:0];
  assign flush_asid_o     = fasid_q;
  wire ptbase_ev = (a == `MMU_REG_PTBASE)
`ifdef MMU_INJECT_PTBASE_NOT_EVENT
                   & ~`MMU_INJ(7)   // injected bug: a PTBASE write leaves walks live
`endif
                   ;
  assign event_o = reg_we_i & ((a == `MMU_REG_MODE) | ptbase_ev | (a == `MMU_REG_ASID) |
                               (a == `MMU_REG_STATUS) | (a == `MMU_REG_FLUSH) | seg_reg);

  // A MODE value this build implements; the whole 64-bit value is checked
  // with a reduction, not a 64-bit magnitude compare (no carry chain).
  wire [2:0] wm      = reg_wdata_i[2:0];
  wire       mode_ok = ~|reg_wdata_i[63:3] &
                       ((wm == 3'd`MMU_MODE_BARE) | (wm == 3'd`MMU_MODE_PAGING) |
                        ((SEGMENTATION != 0) & ((wm == 3'd`MMU_MODE_BASE_BOUNDS) |
                         (wm == 3'd`MMU_MODE_SEGMENTATION) | (wm == 3'd`MMU_MODE_HYBRID))));

  // ---- writes ---------------------------------------------------------------------
  integer s;
  always @(posedge clk_i) begin
    if (rst_i) begin
      mode_o <= `MMU_MODE_BARE; ptbase_o <= {PPN_BITS{1'b0}}; asid_o <= {ASID_BITS{1'b0}};
      sum_o <= 1'b0; mxr_o <= 1'b0; adue_o <= (SVADU != 0);
      fva_q <= {VA_PORT_BITS{1'b0}}; fasid_q <= {ASID_BITS{1'b0}};
      seg_base_o <= {(SEG_COUNT*PA_BITS){1'b0}}; seg_bound_o <= {(SEG_COUNT*BW){1'b0}};
      seg_ctrl_o <= {(SEG_COUNT*6){1'b0}};
    end else if (reg_we_i) begin
      case (a)
        `MMU_REG_MODE:       if (mode_ok) mode_o <= reg_wdata_i[2:0];                 // else ignored
        `MMU_REG_PTBASE:     ptbase_o <= reg_wdata_i[PPN_BITS-1:0];
        `MMU_REG_ASID:       asid_o   <= reg_wdata_i[ASID_BITS-1:0];
        `MMU_REG_STATUS:     begin
                               sum_o  <= reg_wdata_i[`MMU_STATUS_SUM];
                               mxr_o  <= reg_wdata_i[`MMU_STATUS_MXR];
                               adue_o <= reg_wdata_i[`MMU_STATUS_ADUE] & (SVADU != 0);
                             end
        `MMU_REG_FLUSH_VA:   fva_q   <= reg_wdata_i[VA_PORT_BITS-1:0];
        `MMU_REG_FLUSH_ASID: fasid_q <= reg_wdata_i[ASID_BITS-1:0];
        default: ;
      endcase
      for (s = 0; s < SEG_COUNT; s = s + 1)
        if (seg_reg && seg_i == s[3:0]) begin
          if (a[1:0] == 2'd0) seg_base_o[s*PA_BITS +: PA_BITS] <= reg_wdata_i[PA_BITS-1:0];
          if (a[1:0] == 2'd1) seg_bound_o[s*BW +: BW]          <= reg_wdata_i[BW-1:0];
          if (a[1:0] == 2'd2) seg_ctrl_o[s*6 +: 6]             <= reg_wdata_i[5:0];
        end
    end
  end

  // ---- counters (none when CTR_BITS = 0) ---------------------------------------------
  wire [63:0] ctr_rdata;
  generate
    if (CTR_BITS > 0) begin : g_perf
      wire [CTR_BITS-1:0] rdata;
      wire [15:0] ev = ev_i | ({15'd0, wr_cmd} << `MMU_CTR_FLUSHES);
      mmu_perf #(.CTR_BITS(CTR_BITS)) u_perf (
        .clk_i(clk_i), .rst_i(rst_i),
        .clear_i(reg_we_i & (a == `MMU_REG_CTR_CLEAR)),
        .ev_i(ev), .rsp_i(rsp_i), .rsp_cause_i(rsp_cause_i), .addr_i(a[4:0]), .rdata_o(rdata));
      if (CTR_BITS < 64) begin : g_pad
        assign ctr_rdata = {{(64-CTR_BITS){1'b0}}, rdata};
      end else begin : g_full
        assign ctr_rdata = rdata;
      end
    end else begin : g_no_perf
      assign ctr_rdata = 64'd0;
      wire unused_ev = ^{ev_i, rsp_i, rsp_cause_i};
    end
  endgenerate

  // ---- reads (registered) ------------------------------------------------------------
  // The read mux is a function called in the clocked block: the same mux in
  // front of reg_rdata_o, but a simulator evaluates it once per clock edge
  // instead of on every input change.
  function [63:0] rd;
    input [7:0] ra;     // = reg_addr_i
    integer j;
    begin
      rd = 64'd0;
      case (ra)
        `MMU_REG_MODE:       rd[2:0] = mode_o;
        `MMU_REG_PTBASE:     rd[PPN_BITS-1:0] = ptbase_o;
        `MMU_REG_ASID:       rd[ASID_BITS-1:0] = asid_o;
        `MMU_REG_STATUS:     rd[2:0] = {adue_o, mxr_o, sum_o};
        `MMU_REG_FLUSH_VA:   rd[VA_PORT_BITS-1:0] = fva_q;
        `MMU_REG_FLUSH_ASID: rd[ASID_BITS-1:0] = fasid_q;
        `MMU_REG_CONFIG0:    rd = CONFIG0;
        `MMU_REG_CONFIG1:    rd = CONFIG1;
        default: ;
      endcase
      for (j = 0; j < SEG_COUNT; j = j + 1)
        if (SEGMENTATION != 0 && ra[7:6] == 2'b01 && ra[5:2] == j[3:0]) begin
          if (ra[1:0] == 2'd0) rd[PA_BITS-1:0] = seg_base_o[j*PA_BITS +: PA_BITS];
          if (ra[1:0] == 2'd1) rd[BW-1:0]      = seg_bound_o[j*BW +: BW];
          if (ra[1:0] == 2'd2) rd[5:0]         = seg_ctrl_o[j*6 +: 6];
        end
      if (ra[7:5] == 3'b100) rd = ctr_rdata;
    end
  endfunction
  always @(posedge clk_i) begin
    if (rst_i) reg_rdata_o <= 64'd0;
    else       reg_rdata_o <= rd(a);
  end
endmodule
