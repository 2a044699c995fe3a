// hil_frame_tx -- board-to-host frame encoder (docs/fpga.md "Protocol").
//
//   start_i (cmd, status, len) --> 0x5A CMD STATUS LEN payload[LEN] CRC8(CMD STATUS LEN payload)
//   one byte per uart_tx handshake; busy_o from start_i to the last byte.
// payload_i (left-aligned: byte 0 at the top) is read byte by byte while
// busy_o: the sender holds it stable (no copy here, to save flip-flops).
`default_nettype none

module hil_frame_tx #(
  parameter integer MAX_LEN = 28
) (
  input  wire                 clk_i,
  input  wire                 rst_i,
  input  wire                 start_i,
  input  wire [7:0]           cmd_i,
  input  wire [7:0]           status_i,
  input  wire [7:0]           len_i,      // <= MAX_LEN
  input  wire [8*MAX_LEN-1:0] payload_i,
  output wire                 busy_o,
  // to uart_tx
  output wire                 tx_valid_o,
  output wire [7:0]           tx_byte_o,
  input  wire                 tx_ready_i
);
`include "hil_crc8.vh"
  localparam [2:0] S_IDLE = 3'd0, S_SYNC = 3'd1, S_CMD = 3'd2, S_STATUS = 3'd3,
                   S_LEN = 3'd4, S_DATA = 3'd5, S_CRC = 3'd6;
  localparam [7:0] SYNC = 8'h5A;

  reg [2:0]           state_q;
  reg [7:0]           cmd_q, status_q, len_q, idx_q, crc_q;

  reg  [7:0] cur_byte;                     // payload byte idx_q
  integer    k;
  always @(*) begin
    cur_byte = 8'd0;
    for (k = 0; k < MAX_LEN; k = k + 1)
      if ({24'd0, idx_q} == k) cur_byte = payload_i[8*(MAX_LEN-1-k) +: 8];
  end
  reg  [7:0] byte_d;
  always @(*) begin
    case (state_q)
      S_SYNC:   byte_d = SYNC;
      S_CMD:    byte_d = cmd_q;
      S_STATUS: byte_d = status_q;
      S_LEN:    byte_d = len_q;
      S_DATA:   byte_d = cur_byte;
      default:  byte_d = crc_q;
    endcase
  end
  // The byte goes to the UART from a register (byte_q, loaded the cycle
  // before it is offered): the payload mux stays off the UART's input path.
  // One cycle per byte, against ten bit times on the line.
  reg        have_q;                       // byte_q holds this state's byte
  reg  [7:0] byte_q;
  assign busy_o     = (state_q != S_IDLE);
  assign tx_valid_o = have_q;
  assign tx_byte_o  = byte_q;

  always @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_IDLE;
      have_q  <= 1'b0;
    end else if (state_q == S_IDLE) begin
      if (start_i) begin
        cmd_q    <= cmd_i;
        status_q <= status_i;
        len_q    <= len_i;
        idx_q    <= 8'd0;
        crc_q    <= 8'h00;
        state_q  <= S_SYNC;
      end
    end else if (!have_q) begin
      byte_q <= byte_d;
      have_q <= 1'b1;
    end else if (tx_ready_i) begin
      have_q <= 1'b0;
      if (state_q != S_SYNC) crc_q <= hil_crc8(crc_q, byte_q);
      case (state_q)
        S_SYNC:   state_q <= S_CMD;
        S_CMD:    state_q <= S_STATUS;
        S_STATUS: state_q <= S_LEN;
        S_LEN:    state_q <= (len_q == 8'd0) ? S_CRC : S_DATA;
        S_DATA: begin
          idx_q <= idx_q + 1'b1;
          if (idx_q + 8'd1 == len_q) state_q <= S_CRC;
        end
        default:  state_q <= S_IDLE;   // S_CRC sent
      endcase
    end
  end
endmodule
