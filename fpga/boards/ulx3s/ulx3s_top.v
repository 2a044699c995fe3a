// ulx3s_top -- ULX3S (ECP5): mmu_board on CLK_HZ made by the PLL from the
// 25 MHz oscillator (ulx3s_pll), UART through the FT231X (ftdi_txd into the
// FPGA, ftdi_rxd out of it), fire button 1 = reset, LEDs 0..4 = mmu_board's
// status, wifi_gpio0 held high (keeps the ESP32 from taking over the board).
// The design is held in reset until the PLL locks (board_por).
`default_nettype none
`include "mmu_profile.vh"

module ulx3s_top #(
  parameter integer OSC_HZ       = 25000000,    // the board's oscillator
  parameter integer CLK_HZ       = 125000000,   // the PLL's output: the design's clock (boards.mk)
  parameter integer BAUD         = 115200,
  parameter integer MEM_LOG2     = 16,
  parameter integer TLB_SETS     = `MMU_P_TLB_SETS,
  parameter integer TLB_WAYS     = `MMU_P_TLB_WAYS,
  parameter integer TLB_REPL     = `MMU_P_TLB_REPL
) (
  input  wire       clk_25mhz,
  input  wire [6:0] btn,        // btn[1] = fire 1 (active high)
  input  wire       ftdi_txd,   // FTDI -> FPGA
  output wire       ftdi_rxd,   // FPGA -> FTDI
  output wire [7:0] led,
  output wire       wifi_gpio0
);
  wire clk, locked, rst;
  wire [4:0] st;
  ulx3s_pll #(.OSC_HZ(OSC_HZ), .CLK_HZ(CLK_HZ)) u_pll (.clk_i(clk_25mhz), .clk_o(clk), .locked_o(locked));
  board_por u_por (.clk_i(clk), .btn_i(btn[1]), .locked_i(locked), .rst_o(rst));
  mmu_board #(.CLK_HZ(CLK_HZ), .CLKS_PER_BIT((CLK_HZ + BAUD / 2) / BAUD), .MEM_LOG2(MEM_LOG2),
              .CAS_WRITE_CYCLE(1),   // ECP5: the CAS compare is not in front of a DP16KD write enable
              .TLB_SETS(TLB_SETS), .TLB_WAYS(TLB_WAYS), .TLB_REPL(TLB_REPL)) u_board (
    .clk_i(clk), .rst_i(rst), .uart_rx_i(ftdi_txd), .uart_tx_o(ftdi_rxd), .led_o(st));
  wire unused_btn = ^{btn[6:2], btn[0]};
  assign led = {3'b000, st};
  assign wifi_gpio0 = 1'b1;
endmodule
