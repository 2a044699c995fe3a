// tb_bus_native_mon -- watches mmu_top's walker port inside a bus top (the
// side a bridge drives): the bridge answers only a request it has taken
// (never in the handshake cycle, never twice), and mmu_top's own rules hold
// (request held until ready, one outstanding). docs/rtl.md "Ports".
`default_nettype none

module tb_bus_native_mon #(
  parameter [8*8-1:0] NAME     = "wb",
  parameter integer   PA_BITS  = 56,
  parameter integer   PTE_BITS = 64
) (
  input wire                clk_i,
  input wire                rst_i,
  input wire                mem_req_valid,
  input wire                mem_req_ready,
  input wire [PA_BITS-1:0]  mem_req_addr,
  input wire                mem_req_we,
  input wire                mem_rsp_valid
);
  integer fails = 0, handshakes = 0, answers = 0;
  reg waiting, held;
  reg [PA_BITS:0] held_sig;

  task violation;
    input [8*100-1:0] what;
    begin
      if (fails < 5) $display("FAIL proto_%0s_native: %0s (time %0t)", NAME, what, $time);
      fails = fails + 1;
    end
  endtask

  always @(posedge clk_i) begin
    if (rst_i) begin
      waiting <= 1'b0; held <= 1'b0;
    end else begin
      if (mem_rsp_valid && !waiting) violation("a response with no request outstanding, or in its handshake cycle");
      if (mem_req_valid && mem_req_ready && waiting) violation("a second request while one is outstanding");
      if (held && !(mem_req_valid && {mem_req_addr, mem_req_we} == held_sig))
        violation("the MMU's request changed before mem_req_ready");
      held <= mem_req_valid && !mem_req_ready; held_sig <= {mem_req_addr, mem_req_we};
      if (mem_rsp_valid && waiting) answers = answers + 1;
      if (mem_req_valid && mem_req_ready) handshakes = handshakes + 1;
      waiting <= (waiting && !mem_rsp_valid) || (mem_req_valid && mem_req_ready);
    end
  end
endmodule
