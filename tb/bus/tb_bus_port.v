// tb_bus_port -- drives one MMU's translation port through the operation list
// of tb_bus_gen.vh and logs what comes back. Translations are issued as fast as
// req_ready allows, with random idle cycles (RNG_SEED: this port's own timing);
// a register operation waits until every translation before it is answered,
// then asks the register adapter (rg_go .. rg_done), which is the native port
// or a bus master. rsp_log / rd_log are compared by tb_bus.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_bus_port #(
  parameter [63:0]  SEED     = 1,
  parameter integer NOPS     = 400,
  parameter [31:0]  RNG_SEED = 32'h1234567
) (
  input  wire                          clk_i,
  input  wire                          rst_i,
  output reg                           req_valid_o,
  input  wire                          req_ready_i,
  output reg  [`MMU_P_VA_PORT_BITS-1:0] req_va_o,
  output reg  [1:0]                    req_acc_o,
  output reg                           req_priv_o,
  input  wire                          rsp_valid_i,
  input  wire [`MMU_P_PA_BITS-1:0]     rsp_pa_i,
  input  wire                          rsp_fault_i,
  input  wire [3:0]                    rsp_cause_i,
  input  wire [2:0]                    rsp_level_i,
  input  wire                          rsp_hit_i,
  output reg                           rg_go_o,
  output reg                           rg_we_o,
  output reg  [7:0]                    rg_addr_o,
  output reg  [63:0]                   rg_wdata_o,
  output reg  [31:0]                   rg_index_o,
  input  wire                          rg_done_i,
  input  wire [63:0]                   rg_rdata_i,
  output wire                          done_o
);
  localparam integer PTE_BYTES = `MMU_P_PTE_BYTES, LEVELS = `MMU_P_LEVELS, VPN_BITS = `MMU_P_VPN_BITS,
                     PAGE_SHIFT = `MMU_P_PAGE_SHIFT, VA_PORT_BITS = `MMU_P_VA_PORT_BITS;
`include "tb_bus_gen.vh"

  reg [79:0] rsp_log [0:NOPS-1];   // {hit, level, cause, fault, pa}
  reg [63:0] rd_log  [0:NOPS-1];
  integer idx, issued, n_rsp, n_rd, settle;
  reg [31:0] rng;
  integer j;
  reg accepted;

  assign done_o = idx >= NOPS && n_rsp == issued && !req_valid_o && !rg_go_o;

  always @(posedge clk_i) begin
    if (rst_i) begin
      idx <= 0; issued <= 0; n_rsp <= 0; n_rd <= 0; rng <= RNG_SEED; settle <= 0;
      req_valid_o <= 1'b0; req_va_o <= 0; req_acc_o <= 2'd0; req_priv_o <= 1'b0;
      rg_go_o <= 1'b0; rg_we_o <= 1'b0; rg_addr_o <= 8'd0; rg_wdata_o <= 64'd0; rg_index_o <= 0;
    end else begin
      rng <= xs32(rng);
      if (settle > 0) settle <= settle - 1;
`ifdef TB_BUS_TRACE
      if (rsp_valid_i) $display("%m rsp #%0d hit=%0d lvl=%0d cause=%0d pa=%h", n_rsp, rsp_hit_i, rsp_level_i, rsp_cause_i, rsp_pa_i);
      if (req_valid_o && req_ready_i) $display("%m acc op%0d va=%h acc=%0d priv=%0d", idx, req_va_o, req_acc_o, req_priv_o);
      if (rg_go_o && rg_done_i) $display("%m reg op%0d we=%0d a=%h d=%h rd=%h", idx, rg_we_o, rg_addr_o, rg_wdata_o, rg_rdata_i);
`endif
      if (rsp_valid_i) begin
        rsp_log[n_rsp] <= {rsp_hit_i, rsp_level_i, rsp_cause_i, rsp_fault_i, {{(64-`MMU_P_PA_BITS){1'b0}}, rsp_pa_i}};
        n_rsp <= n_rsp + 1;
      end
      accepted = req_valid_o && req_ready_i;
      j = accepted ? idx + 1 : idx;
      if (accepted) begin idx <= idx + 1; issued <= issued + 1; end
      if (req_valid_o && !accepted) begin
        // held until accepted
      end else if (j < NOPS && gen_kind(j) == OP_XLAT && !rg_go_o && rng[2:0] != 3'd0) begin
        req_valid_o <= 1'b1;
        req_va_o    <= gen_a(j);
        req_acc_o   <= gen_acc(j);
        req_priv_o  <= gen_priv(j);
      end else begin
        req_valid_o <= 1'b0; req_va_o <= 0; req_acc_o <= 2'd0; req_priv_o <= 1'b0;
      end
      if (rg_go_o) begin
        if (rg_done_i) begin
          rg_go_o <= 1'b0; idx <= idx + 1;
          if (!rg_we_o) begin rd_log[n_rd] <= rg_rdata_i; n_rd <= n_rd + 1; end
          // A flush by VA or ASID walks the TLB for SETS+1 cycles; a FLUSH, FLUSH_VA or FLUSH_ASID
          // write inside them escalates to a full flush (docs/rtl.md "Flush"), which would make the
          // result depend on the register port's timing: leave the walk time, as a CPU does.
          if (rg_we_o) settle <= 2 * `MMU_P_TLB_SETS + 4;
        end
      end else if (!req_valid_o && idx < NOPS && gen_kind(idx) != OP_XLAT && n_rsp == issued && !rsp_valid_i &&
                   settle == 0) begin
        rg_go_o    <= 1'b1;
        rg_we_o    <= gen_kind(idx) == OP_WR;
        rg_addr_o  <= gen_a(idx);
        rg_wdata_o <= gen_kind(idx) == OP_WR ? gen_d(idx) : 64'd0;
        rg_index_o <= idx;
      end
    end
  end
endmodule
