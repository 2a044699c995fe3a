// tb_mem -- physical memory for the walker port in the directed testbenches.
//
// PTE_BITS-wide words, word index = addr >> PTE_LOG2 (AW bits, aliasing
// above). Requests are accepted when mem_req_ready_o is high; with BP=1
// ready is low every third cycle (deterministic back-pressure). The
// response comes LAT (>= 1) cycles after acceptance. Addresses >= ERR_BASE
// answer with mem_rsp_err_o. A request with we=1 is a compare-and-swap: the
// word is replaced by wdata only if it equals cmp; the old value is returned.
// Test hooks (hierarchical): poke_on_cas/poke_val make the next CAS find
// poke_val already in memory (a racing writer); err_on_cas makes the next
// CAS answer with an error; cas_stall = n holds ready low in the first n
// cycles a CAS is offered (a CAS that waits for ready); reads/cas_ok/cas_fail count.
`default_nettype none

module tb_mem #(
  parameter integer PA_BITS  = 34,
  parameter integer PTE_BITS = 32,
  parameter integer PTE_LOG2 = 2,
  parameter integer AW       = 12,
  parameter integer LAT      = 1,
  parameter integer BP       = 0,
  parameter [63:0]  ERR_BASE = 64'hFFFF_FFFF_FFFF_FFFF
) (
  input  wire                clk_i,
  input  wire                rst_i,
  input  wire                mem_req_valid_i,
  output wire                mem_req_ready_o,
  input  wire [PA_BITS-1:0]  mem_req_addr_i,
  input  wire                mem_req_we_i,
  input  wire [PTE_BITS-1:0] mem_req_wdata_i,
  input  wire [PTE_BITS-1:0] mem_req_cmp_i,
  output reg                 mem_rsp_valid_o,
  output reg  [PTE_BITS-1:0] mem_rsp_data_o,
  output reg                 mem_rsp_err_o
);
  reg [PTE_BITS-1:0] mem [0:(1<<AW)-1];
  reg [PTE_BITS-1:0] poke_val;
  reg                poke_on_cas, err_on_cas;
  integer reads, cas_ok, cas_fail, cyc, pend;
  reg [PTE_BITS-1:0] pend_data;
  reg                pend_err, e;
  reg [PTE_BITS-1:0] dat;
  reg [63:0]         last_cas_addr;
  wire [AW-1:0] idx = mem_req_addr_i[PTE_LOG2 +: AW];

  integer cas_stall;
  wire    stall_now = mem_req_valid_i & mem_req_we_i & (cas_stall > 0);
  assign mem_req_ready_o = ((BP == 0) ? 1'b1 : ((cyc % 3) != 2)) & ~stall_now;

  integer i;
  initial begin
    for (i = 0; i < (1 << AW); i = i + 1) mem[i] = {PTE_BITS{1'b0}};
    poke_on_cas = 1'b0; err_on_cas = 1'b0; poke_val = {PTE_BITS{1'b0}}; cas_stall = 0;
    reads = 0; cas_ok = 0; cas_fail = 0; last_cas_addr = 64'd0;
  end

  always @(posedge clk_i) begin
    if (rst_i) begin
      cyc <= 0; pend <= 0; mem_rsp_valid_o <= 1'b0; mem_rsp_data_o <= {PTE_BITS{1'b0}};
      mem_rsp_err_o <= 1'b0;
    end else begin
      cyc <= cyc + 1;
      if (stall_now) cas_stall = cas_stall - 1;
      mem_rsp_valid_o <= 1'b0; mem_rsp_data_o <= {PTE_BITS{1'b0}}; mem_rsp_err_o <= 1'b0;
      if (pend == 1) begin
        mem_rsp_valid_o <= 1'b1; mem_rsp_data_o <= pend_data; mem_rsp_err_o <= pend_err;
      end
      if (pend > 0) pend <= pend - 1;
      if (mem_req_valid_i && mem_req_ready_o) begin
        e = ({{(64-PA_BITS){1'b0}}, mem_req_addr_i} >= ERR_BASE) || (mem_req_we_i && err_on_cas);
        dat = {PTE_BITS{1'b0}};
        if (e) begin
          if (mem_req_we_i) err_on_cas = 1'b0;
        end else if (!mem_req_we_i) begin
          dat = mem[idx]; reads = reads + 1;
        end else begin
          last_cas_addr = {{(64-PA_BITS){1'b0}}, mem_req_addr_i};
          if (poke_on_cas) begin mem[idx] = poke_val; poke_on_cas = 1'b0; end
          dat = mem[idx];
          if (mem[idx] == mem_req_cmp_i) begin mem[idx] = mem_req_wdata_i; cas_ok = cas_ok + 1; end
          else cas_fail = cas_fail + 1;
        end
        if (LAT <= 1) begin            // answer in the cycle after the handshake
          mem_rsp_valid_o <= 1'b1; mem_rsp_data_o <= dat; mem_rsp_err_o <= e;
        end else begin
          pend <= LAT - 1; pend_data <= dat; pend_err <= e;
        end
      end
    end
  end
endmodule
