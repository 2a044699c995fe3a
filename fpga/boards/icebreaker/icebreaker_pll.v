// icebreaker_pll -- the iCEBreaker's clock: SB_PLL40_PAD on the 12 MHz
// oscillator pin, SIMPLE feedback, making exactly CLK_HZ.
//
//   pin 35 (OSC_HZ) --> SB_PLL40_PAD --PLLOUTGLOBAL--> clk_o (CLK_HZ, global net)
//                                     --LOCK---------> locked_o
//
// The dividers are found at elaboration the way `icepll -i 12 -o MHZ` finds
// them (fpga-icestorm): f_pfd = f_in / (DIVR+1) in 10..133 MHz,
// f_vco = f_pfd * (DIVF+1) in 533..1066 MHz, f_out = f_vco / 2^DIVQ with
// DIVQ 1..6; the first exact solution in DIVR, DIVF order; FILTER_RANGE from
// f_pfd. 48 MHz: DIVR 0, DIVF 63, DIVQ 4, FILTER_RANGE 1 (VCO 768 MHz), as
// icepll prints. A CLK_HZ the PLL cannot make exactly stops elaboration with
// the missing module pll_cannot_make_CLK_HZ_exactly (the UART's baud divisor
// is computed from CLK_HZ, so an approximate clock is not accepted).
//
// Without SYNTHESIS (Verilator, Icarus: fpga_lint) the PLL is a wire and
// locked_o is 1; the simulated board (fpga/sim) runs mmu_board directly.
`default_nettype none

module icebreaker_pll #(
  parameter integer OSC_HZ = 12000000,
  parameter integer CLK_HZ = 48000000
) (
  input  wire clk_pad_i,    // the oscillator's pin (a PLL pad)
  output wire clk_o,
  output wire locked_o
);
  // {ok, DIVR[3:0], DIVF[6:0], DIVQ[2:0], FILTER_RANGE[2:0]}
  function [17:0] pll_solve;
    input integer fin, fout;
    reg [63:0] r, q, fin64, vco, num, pfd;
    reg [2:0] filt;
    begin
      pll_solve = 18'd0;
      fin64 = {32'd0, fin};
      for (r = 64'd0; r < 64'd16; r = r + 64'd1)
        for (q = 64'd1; q <= 64'd6; q = q + 64'd1) begin
          vco = {32'd0, fout} << q;
          num = vco * (r + 64'd1);
          pfd = fin64 / (r + 64'd1);
          if (!pll_solve[17] && pfd >= 64'd10000000 && pfd <= 64'd133000000 &&
              vco >= 64'd533000000 && vco <= 64'd1066000000 &&
              num % fin64 == 64'd0 && num / fin64 >= 64'd1 && num / fin64 <= 64'd128) begin
            filt = (pfd < 64'd17000000) ? 3'd1 : (pfd < 64'd26000000) ? 3'd2 : (pfd < 64'd44000000) ? 3'd3 :
                   (pfd < 64'd66000000) ? 3'd4 : (pfd < 64'd101000000) ? 3'd5 : 3'd6;
            num = num / fin64 - 64'd1;
            pll_solve = {1'b1, r[3:0], num[6:0], q[2:0], filt};
          end
        end
    end
  endfunction
  localparam [17:0] SOL = pll_solve(OSC_HZ, CLK_HZ);
  localparam        OK  = SOL[17];
  generate
    if (!OK) begin : g_no_pll
      pll_cannot_make_CLK_HZ_exactly u_err();
    end
  endgenerate

`ifdef SYNTHESIS
  SB_PLL40_PAD #(
    .FEEDBACK_PATH("SIMPLE"),
    .DIVR(SOL[16:13]),
    .DIVF(SOL[12:6]),
    .DIVQ(SOL[5:3]),
    .FILTER_RANGE(SOL[2:0])
  ) u_pll (
    .PACKAGEPIN(clk_pad_i),
    .PLLOUTCORE(),
    .PLLOUTGLOBAL(clk_o),
    .EXTFEEDBACK(1'b0),
    .DYNAMICDELAY(8'd0),
    .LOCK(locked_o),
    .BYPASS(1'b0),
    .RESETB(1'b1),
    .LATCHINPUTVALUE(1'b0),
    .SDO(),
    .SDI(1'b0),
    .SCLK(1'b0)
  );
`else
  assign clk_o    = clk_pad_i;
  assign locked_o = 1'b1;
`endif
endmodule
