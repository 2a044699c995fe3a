// icebreaker_top -- iCEBreaker (iCE40 UP5K): mmu_board on CLK_HZ made by the
// PLL from the 12 MHz oscillator (icebreaker_pll), UART on the FTDI's second
// channel, user button = reset, red/green LEDs. The design is held in reset
// until the PLL locks (board_por).
`default_nettype none
`include "mmu_profile.vh"

module icebreaker_top #(
  parameter integer OSC_HZ       = 12000000,   // the board's oscillator
  parameter integer CLK_HZ       = 48000000,   // the PLL's output: the design's clock (boards.mk)
  parameter integer BAUD         = 115200,
  parameter integer MEM_LOG2     = 16,
  parameter integer TLB_SETS     = `MMU_P_TLB_SETS,
  parameter integer TLB_WAYS     = `MMU_P_TLB_WAYS,
  parameter integer TLB_REPL     = `MMU_P_TLB_REPL
) (
  input  wire CLK,       // 35
  input  wire BTN_N,     // 10, active low
  input  wire RX,        // 6: from the FTDI
  output wire TX,        // 9: to the FTDI
  output wire LEDR_N,    // 11: last response faulted
  output wire LEDG_N     // 37: heartbeat
);
  wire clk, locked, rst;
  wire [4:0] led;
  icebreaker_pll #(.OSC_HZ(OSC_HZ), .CLK_HZ(CLK_HZ)) u_pll (.clk_pad_i(CLK), .clk_o(clk), .locked_o(locked));
  board_por u_por (.clk_i(clk), .btn_i(!BTN_N), .locked_i(locked), .rst_o(rst));
  mmu_board #(.CLK_HZ(CLK_HZ), .CLKS_PER_BIT((CLK_HZ + BAUD / 2) / BAUD), .MEM_LOG2(MEM_LOG2),
              .CAS_WRITE_CYCLE(1),   // the CAS compare is not in front of the SPRAM write enable
              .TLB_SETS(TLB_SETS), .TLB_WAYS(TLB_WAYS), .TLB_REPL(TLB_REPL)) u_board (
    .clk_i(clk), .rst_i(rst), .uart_rx_i(RX), .uart_tx_o(TX), .led_o(led));
  wire unused_led = ^{led[4], led[2:1]};   // two LEDs only: fault and heartbeat
  assign LEDR_N = !led[3];
  assign LEDG_N = !led[0];
endmodule
