// uart_rx -- 8N1 receiver, one byte per strobe.
//
//   rx_i --> 2-FF sync --> FSM: IDLE -(start edge)-> START -(half bit: still 0?)->
//            DATA x8 (sample every CLKS_PER_BIT, LSB first) -> STOP -> byte_valid_o
//
// A start bit that is gone at its middle is a glitch (back to IDLE). A stop
// bit read as 0 is a framing error: the byte is dropped (frame_err_o pulses).
`default_nettype none

module uart_rx #(
  parameter integer CLKS_PER_BIT = 104     // clock / baud rate, >= 4
) (
  input  wire       clk_i,
  input  wire       rst_i,
  input  wire       rx_i,
  output reg        byte_valid_o,          // one-cycle strobe with byte_o
  output reg  [7:0] byte_o,
  output reg        frame_err_o
);
  localparam integer CW = 16;
  localparam [1:0] S_IDLE = 2'd0, S_START = 2'd1, S_DATA = 2'd2, S_STOP = 2'd3;

  reg [1:0]    sync_q;                     // sync_q[1] is the synchronised line
  reg [1:0]    state_q;
  reg [CW-1:0] cnt_q;
  reg [2:0]    bit_q;
  reg [7:0]    shift_q;

  wire rx = sync_q[1];

  always @(posedge clk_i) begin
    sync_q       <= {sync_q[0], rx_i};
    byte_valid_o <= 1'b0;
    frame_err_o  <= 1'b0;
    if (rst_i) begin
      sync_q  <= 2'b11;
      state_q <= S_IDLE;
      cnt_q   <= {CW{1'b0}};
      bit_q   <= 3'd0;
      byte_o  <= 8'd0;
    end else begin
      case (state_q)
        S_IDLE:
          if (!rx) begin
            state_q <= S_START;
            cnt_q   <= CLKS_PER_BIT[CW-1:0] / 2 - 1;
          end
        S_START:
          if (cnt_q == 0) begin
            if (!rx) begin
              state_q <= S_DATA;
              cnt_q   <= CLKS_PER_BIT[CW-1:0] - 1;
              bit_q   <= 3'd0;
            end else
              state_q <= S_IDLE;           // glitch
          end else
            cnt_q <= cnt_q - 1'b1;
        S_DATA:
          if (cnt_q == 0) begin
            shift_q <= {rx, shift_q[7:1]};
            cnt_q   <= CLKS_PER_BIT[CW-1:0] - 1;
            bit_q   <= bit_q + 1'b1;
            if (bit_q == 3'd7) state_q <= S_STOP;
          end else
            cnt_q <= cnt_q - 1'b1;
        default: // S_STOP: sample the middle of the stop bit
          if (cnt_q == 0) begin
            state_q <= S_IDLE;
            if (rx) begin
              byte_valid_o <= 1'b1;
              byte_o       <= shift_q;
            end else
              frame_err_o  <= 1'b1;
          end else
            cnt_q <= cnt_q - 1'b1;
      endcase
    end
  end
endmodule
