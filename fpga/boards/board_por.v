// board_por -- power-on reset for the board tops: rst_o is high for the
// first 16 cycles after configuration (the FPGA loads the counter's initial
// value; this is the only register in the design with one), while btn_i,
// and while the clock's PLL is not locked (locked_i low), then 16 cycles more.
// btn_i and locked_i are synchronised here (locked_i comes from the PLL,
// asynchronously to the clock it makes).
`default_nettype none

module board_por (
  input  wire clk_i,
  input  wire btn_i,       // active-high reset request (a button)
  input  wire locked_i,    // the PLL's lock; tie to 1 without a PLL
  output wire rst_o
);
  reg [4:0] cnt_q = 5'd0;
  reg [1:0] btn_q = 2'b00;
  reg [1:0] lock_q = 2'b00;
  always @(posedge clk_i) begin
    btn_q  <= {btn_q[0], btn_i};
    lock_q <= {lock_q[0], locked_i};
    if (btn_q[1] || !lock_q[1]) cnt_q <= 5'd0;
    else if (!cnt_q[4])         cnt_q <= cnt_q + 1'b1;
  end
  assign rst_o = !cnt_q[4];
endmodule
