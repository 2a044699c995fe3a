// mmu_perf -- performance counters (part of the register block, mmu_regs).
//
// Slot k counts the event ev_i[k]: one increment per cycle the event is high,
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
  input  wire [31:0]         ev_i,
  input  wire [4:0]          addr_i,
  output wire [CTR_BITS-1:0] rdata_o
);
  // Slots 0..6 (general) and 16..29 (responses per cause 0..13) exist.
  localparam [31:0] USED = 32'h3FFF_007F;
  wire [CTR_BITS-1:0] ctr [0:31];   // per slot (an array: the read is an index)
  genvar k;
  generate
    for (k = 0; k < 32; k = k + 1) begin : g_ctr
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
  assign rdata_o = ctr[addr_i];
endmodule
