// mmu_cosim_top -- the harness's fast Verilator model: mmu_top behind one
// register per input port. Simulation only (tb/cosim.mk builds it untraced, next
// to the traced mmu_top model that writes waveforms; docs/cosim.md "Two models").
//
// Why: Verilator 5 evaluates logic that reads a top-level input before the
// clock edge (its "ico" region) and again after it, and logic that reads only
// flip-flops once, after the edge. With every input behind a flip-flop the
// whole MMU is the second kind: one evaluation per clock.
//
// Same cycles: the harness drives cycle t's inputs and clocks once (CosimDut
// step()). That edge registers them and moves mmu_top from cycle t-1 to t;
// then mmu_top's outputs -- functions of its state only (docs/rtl.md "Ports")
// -- are cycle t's. mmu_top runs one edge behind the harness, which is
// invisible at its ports; the last edge of a run is taken by drain().
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module mmu_cosim_top #(
  parameter integer VA_PORT_BITS = `MMU_P_VA_PORT_BITS,
  parameter integer PA_BITS      = `MMU_P_PA_BITS,
  parameter integer PTE_BITS     = 8 * `MMU_P_PTE_BYTES,
  parameter integer ID_W         = (`MMU_P_ID_BITS > 0) ? `MMU_P_ID_BITS : 1   // req_id_i / rsp_id_o
) (
  input  wire                    clk_i,
  input  wire                    rst_i,
  input  wire                    req_valid_i,
  output wire                    req_ready_o,
  input  wire [VA_PORT_BITS-1:0] req_va_i,
  input  wire [1:0]              req_acc_i,
  input  wire                    req_priv_i,
  input  wire [ID_W-1:0]         req_id_i,
  output wire                    rsp_valid_o,
  output wire [PA_BITS-1:0]      rsp_pa_o,
  output wire                    rsp_fault_o,
  output wire [3:0]              rsp_cause_o,
  output wire [2:0]              rsp_level_o,
  output wire                    rsp_hit_o,
  output wire [ID_W-1:0]         rsp_id_o,
  output wire                    mem_req_valid_o,
  input  wire                    mem_req_ready_i,
  output wire [PA_BITS-1:0]      mem_req_addr_o,
  output wire                    mem_req_we_o,
  output wire [PTE_BITS-1:0]     mem_req_wdata_o,
  output wire [PTE_BITS-1:0]     mem_req_cmp_o,
  input  wire                    mem_rsp_valid_i,
  input  wire [PTE_BITS-1:0]     mem_rsp_data_i,
  input  wire                    mem_rsp_err_i,
  input  wire                    reg_we_i,
  input  wire [7:0]              reg_addr_i,
  input  wire [63:0]             reg_wdata_i,
  output wire [63:0]             reg_rdata_o
);
  // rst_q starts high: mmu_top's first edge -- before any input reached a
  // register -- is a reset edge, not a step from random inputs.
  reg                    rst_q = 1'b1;
  reg                    req_valid_q, req_priv_q, reg_we_q;
  reg [VA_PORT_BITS-1:0] req_va_q;
  reg [1:0]              req_acc_q;
  reg [ID_W-1:0]         req_id_q;
  reg                    mem_req_ready_q, mem_rsp_valid_q, mem_rsp_err_q;
  reg [PTE_BITS-1:0]     mem_rsp_data_q;
  reg [7:0]              reg_addr_q;
  reg [63:0]             reg_wdata_q;
  always @(posedge clk_i) begin
    rst_q           <= rst_i;
    req_valid_q     <= req_valid_i;
    req_va_q        <= req_va_i;
    req_acc_q       <= req_acc_i;
    req_priv_q      <= req_priv_i;
    req_id_q        <= req_id_i;
    mem_req_ready_q <= mem_req_ready_i;
    mem_rsp_valid_q <= mem_rsp_valid_i;
    mem_rsp_data_q  <= mem_rsp_data_i;
    mem_rsp_err_q   <= mem_rsp_err_i;
    reg_we_q        <= reg_we_i;
    reg_addr_q      <= reg_addr_i;
    reg_wdata_q     <= reg_wdata_i;
  end

  mmu_top u_mmu (
    .clk_i(clk_i), .rst_i(rst_q),
    .req_valid_i(req_valid_q), .req_ready_o(req_ready_o), .req_va_i(req_va_q),
    .req_acc_i(req_acc_q), .req_priv_i(req_priv_q), .req_id_i(req_id_q),
    .rsp_valid_o(rsp_valid_o), .rsp_pa_o(rsp_pa_o), .rsp_fault_o(rsp_fault_o),
    .rsp_cause_o(rsp_cause_o), .rsp_level_o(rsp_level_o), .rsp_hit_o(rsp_hit_o), .rsp_id_o(rsp_id_o),
    .mem_req_valid_o(mem_req_valid_o), .mem_req_ready_i(mem_req_ready_q),
    .mem_req_addr_o(mem_req_addr_o), .mem_req_we_o(mem_req_we_o),
    .mem_req_wdata_o(mem_req_wdata_o), .mem_req_cmp_o(mem_req_cmp_o),
    .mem_rsp_valid_i(mem_rsp_valid_q), .mem_rsp_data_i(mem_rsp_data_q), .mem_rsp_err_i(mem_rsp_err_q),
    .reg_we_i(reg_we_q), .reg_addr_i(reg_addr_q), .reg_wdata_i(reg_wdata_q), .reg_rdata_o(reg_rdata_o));
endmodule
