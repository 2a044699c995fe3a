// mmu_perf -- performance counters (part of the register block, mmu_regs).
//
// Slot k < 16 counts the event ev_i[k], slot 16 + c the responses with
// cause c: one increment per cycle the event is high,
// CTR_BITS wide, wrapping modulo 2^CTR_BITS. clear_i zeroes every counter
// (and wins over an increment in the same cycle). Slots without a counter
// read 0. rdata_o is the counter of slot addr_i (combinational; mmu_regs
// registers it). Slot assignment: `MMU_CTR_* in mmu_defs.vh, docs/rtl.md.
`default_nettype none
`include "mmu_defs.vh"

module mmu_perf #(
  parameter integer CTR_BITS = 32
) (
  input  wire                clk_i,
  input  wire                rst_i,
  input  wire                clear_i,
  input  wire [15:0]         ev_i,          // slots 0..15: one event per slot
  input  wire                rsp_i,         // a response this cycle ...
  input  wire [3:0]          rsp_cause_i,   // ... with this cause: slot 16 + cause
  input  wire [4:0]          addr_i,
  output wire [CTR_BITS-1:0] rdata_o
);
  // Slots 0..6 (general) exist; 16..29 count responses per cause, one array
  // indexed by the cause (one increment per cycle, not 14 compares).
  localparam [15:0] USED = 16'h007F;
  wire [CTR_BITS-1:0] ctr [0:15];   // per general slot (an array: the read is an index)
  genvar k;
  generate
    for (k = 0; k < 16; k = k + 1) begin : g_ctr
      if (USED[k]) begin : g_on
        reg [CTR_BITS-1:0] ctr_q;
        always @(posedge clk_i) begin
          if (rst_i || clear_i) ctr_q <= {CTR_BITS{1'b0}};
          else if (ev_i[k])     ctr_q <= ctr_q + 1'b1;
        end
        assign ctr[k] = ctr_q;
      end else begin : g_off
        assign ctr[k] = {CTR_BITS{1'b0}};
        wire unused_ev = ev_i[k];
      end
    end
  endgenerate
  reg [CTR_BITS-1:0] cause_q [0:`MMU_CAUSE_COUNT-1];
  integer c;
  always @(posedge clk_i) begin
    if (rst_i || clear_i) begin
      for (c = 0; c < `MMU_CAUSE_COUNT; c = c + 1) cause_q[c] <= {CTR_BITS{1'b0}};
    end else if (rsp_i && rsp_cause_i < `MMU_CAUSE_COUNT) begin
      cause_q[rsp_cause_i] <= cause_q[rsp_cause_i] + 1'b1;
    end
  end
  wire [3:0] ci = addr_i[3:0];
  assign rdata_o = !addr_i[4] ? ctr[addr_i[3:0]] :
                   (ci < `MMU_CAUSE_COUNT) ? cause_q[ci] : {CTR_BITS{1'b0}};
endmodule
