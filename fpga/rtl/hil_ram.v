// hil_ram -- single-port synchronous RAM (block RAM / iCE40 SPRAM by inference).
// One access per cycle: a write (we_i) or a read whose data is on rdata_o the
// next cycle. No reset, no initial contents: hil_mem clears it on command.
`default_nettype none

module hil_ram #(
  parameter integer WIDTH = 32,
  parameter integer AW    = 10
) (
  input  wire             clk_i,
  input  wire             we_i,
  input  wire [AW-1:0]    addr_i,
  input  wire [WIDTH-1:0] wdata_i,
  output reg  [WIDTH-1:0] rdata_o
);
  reg [WIDTH-1:0] mem [0:(1 << AW)-1];
  always @(posedge clk_i) begin
    if (we_i) mem[addr_i] <= wdata_i;
    else      rdata_o     <= mem[addr_i];
  end
endmodule
