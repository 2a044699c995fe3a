// uart_tx -- 8N1 transmitter.
//
//   valid_i & ready_o --> shift_q = {stop, byte, start} --> tx_o, one bit per
//   CLKS_PER_BIT cycles, LSB first; ready_o again after the stop bit.
`default_nettype none

module uart_tx #(
  parameter integer CLKS_PER_BIT = 104
) (
  input  wire       clk_i,
  input  wire       rst_i,
  input  wire       valid_i,
  input  wire [7:0] byte_i,
  output wire       ready_o,
  output wire       tx_o
);
  localparam integer CW = 16;
  reg [9:0]    shift_q;                    // bit 0 is on the line
  reg [3:0]    left_q;                     // bits still to send (0 = idle)
  reg [CW-1:0] cnt_q;

  assign ready_o = (left_q == 4'd0);
  assign tx_o    = shift_q[0];

  always @(posedge clk_i) begin
    if (rst_i) begin
      shift_q <= 10'h3ff;
      left_q  <= 4'd0;
      cnt_q   <= {CW{1'b0}};
    end else if (left_q == 4'd0) begin
      if (valid_i) begin
        shift_q <= {1'b1, byte_i, 1'b0};
        left_q  <= 4'd10;
        cnt_q   <= CLKS_PER_BIT[CW-1:0] - 1;
      end
    end else if (cnt_q == 0) begin
      shift_q <= {1'b1, shift_q[9:1]};
      left_q  <= left_q - 1'b1;
      cnt_q   <= CLKS_PER_BIT[CW-1:0] - 1;
    end else
      cnt_q <= cnt_q - 1'b1;
  end
endmodule
