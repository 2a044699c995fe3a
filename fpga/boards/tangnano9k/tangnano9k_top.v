// tangnano9k_top -- Sipeed Tang Nano 9K (GW1NR-9): mmu_board on CLK_HZ made
// by the PLL from the 27 MHz oscillator (tangnano9k_pll), UART through the
// on-board BL702 USB bridge, S1 = reset, LEDs (active low) = mmu_board's
// status. The design is held in reset until the PLL locks (board_por).
`default_nettype none
`include "mmu_profile.vh"

module tangnano9k_top #(
  parameter integer OSC_HZ       = 27000000,   // the board's oscillator
  parameter integer CLK_HZ       = 90000000,   // the PLL's output: the design's clock (boards.mk)
  parameter integer BAUD         = 115200,
  parameter integer MEM_LOG2     = 15,
  parameter integer TLB_SETS     = `MMU_P_TLB_SETS,
  parameter integer TLB_WAYS     = `MMU_P_TLB_WAYS,
  parameter integer TLB_REPL     = `MMU_P_TLB_REPL
) (
  input  wire       clk,        // 52, 27 MHz
  input  wire       btn_s1_n,   // 4, active low
  input  wire       uart_rx,    // 18, from the USB bridge
  output wire       uart_tx,    // 17, to the USB bridge
  output wire [5:0] led_n       // 10 11 13 14 15 16, active low
);
  wire clk_pll, locked, rst;
  wire [4:0] st;
  tangnano9k_pll #(.OSC_HZ(OSC_HZ), .CLK_HZ(CLK_HZ)) u_pll (.clk_i(clk), .clk_o(clk_pll), .locked_o(locked));
  board_por u_por (.clk_i(clk_pll), .btn_i(!btn_s1_n), .locked_i(locked), .rst_o(rst));
  mmu_board #(.CLK_HZ(CLK_HZ), .CLKS_PER_BIT((CLK_HZ + BAUD / 2) / BAUD), .MEM_LOG2(MEM_LOG2),
              .CAS_WRITE_CYCLE(1),   // the CAS compare is not in front of a BSRAM write enable
              .TLB_SETS(TLB_SETS), .TLB_WAYS(TLB_WAYS), .TLB_REPL(TLB_REPL)) u_board (
    .clk_i(clk_pll), .rst_i(rst), .uart_rx_i(uart_rx), .uart_tx_o(uart_tx), .led_o(st));
  assign led_n = ~{1'b0, st};
endmodule
