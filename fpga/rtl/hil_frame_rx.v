// hil_frame_rx -- host-to-board frame decoder (docs/fpga.md "Protocol").
//
//   byte stream: 0xA5 CMD LEN payload[LEN] CRC8(CMD LEN payload)
//
//   byte_valid_i --> S_SYNC -(0xA5)-> S_CMD -> S_LEN -> S_DATA (LEN bytes, shifted
//                    into arg_o from the right: the last byte ends at [7:0]) -> S_CRC
//                    -> frame_o (good CRC) | bad_o (bad CRC / LEN > MAX_LEN)
//
// Multi-byte fields are big-endian, so a fixed-length command finds each
// field at a fixed position of arg_o. A gap of TIMEOUT cycles inside a frame
// drops it (back to hunting for 0xA5). Bytes arriving while busy_i are
// ignored: the host waits for each response before the next frame.
`default_nettype none

module hil_frame_rx #(
  parameter integer MAX_LEN = 26,          // payload bytes kept (arg_o width / 8)
  parameter integer TIMEOUT = 1000000      // cycles
) (
  input  wire                   clk_i,
  input  wire                   rst_i,
  input  wire                   busy_i,
  input  wire                   byte_valid_i,
  input  wire [7:0]             byte_i,
  output reg                    frame_o,    // strobe: a good frame (cmd_o, len_o, arg_o)
  output reg                    bad_o,      // strobe: a frame with a bad CRC or length
  output reg  [7:0]             cmd_o,
  output reg  [7:0]             len_o,
  output reg  [8*MAX_LEN-1:0]   arg_o
);
`include "hil_crc8.vh"
  localparam [2:0] S_SYNC = 3'd0, S_CMD = 3'd1, S_LEN = 3'd2, S_DATA = 3'd3, S_CRC = 3'd4;
  localparam [7:0] SYNC = 8'hA5;
  localparam [7:0] MAX_LEN_B = MAX_LEN[7:0];

  reg [2:0]  state_q;
  reg [7:0]  crc_q, left_q;
  `include "mmu_clog2.vh"
  localparam integer IW = clog2(TIMEOUT + 1);     // the idle counter counts 0..TIMEOUT
  localparam [IW-1:0] TIMEOUT_C = TIMEOUT[IW-1:0];

  reg [IW-1:0] idle_q;

  wire take = byte_valid_i & !busy_i;

  always @(posedge clk_i) begin
    frame_o <= 1'b0;
    bad_o   <= 1'b0;
    if (rst_i) begin
      state_q <= S_SYNC;
      idle_q  <= {IW{1'b0}};
      cmd_o   <= 8'd0;
      len_o   <= 8'd0;
    end else if (take) begin
      idle_q <= {IW{1'b0}};
      case (state_q)
        S_SYNC: if (byte_i == SYNC) state_q <= S_CMD;
        S_CMD: begin
          cmd_o   <= byte_i;
          crc_q   <= hil_crc8(8'h00, byte_i);
          state_q <= S_LEN;
        end
        S_LEN: begin
          len_o   <= byte_i;
          left_q  <= byte_i;
          crc_q   <= hil_crc8(crc_q, byte_i);
          arg_o   <= {8*MAX_LEN{1'b0}};
          state_q <= (byte_i == 8'd0) ? S_CRC : S_DATA;
        end
        S_DATA: begin
          arg_o   <= {arg_o[8*MAX_LEN-9:0], byte_i};
          crc_q   <= hil_crc8(crc_q, byte_i);
          left_q  <= left_q - 1'b1;
          if (left_q == 8'd1) state_q <= S_CRC;
        end
        default: begin   // S_CRC
          state_q <= S_SYNC;
          if (byte_i == crc_q && len_o <= MAX_LEN_B) frame_o <= 1'b1;
          else bad_o <= 1'b1;
        end
      endcase
    end else if (state_q != S_SYNC) begin
      if (idle_q == TIMEOUT_C) state_q <= S_SYNC;
      else idle_q <= idle_q + 1'b1;
    end
  end
endmodule
