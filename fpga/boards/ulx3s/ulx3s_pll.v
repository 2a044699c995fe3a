// ulx3s_pll -- the ULX3S's clock: EHXPLLL on the 25 MHz oscillator, feedback
// from CLKOP, making exactly CLK_HZ.
//
//   clk_25mhz (OSC_HZ) --> EHXPLLL --CLKOP--> clk_o (CLK_HZ)
//                                  --LOCK---> locked_o
//
// The dividers are found at elaboration the way `ecppll -i 25 -o MHZ`
// (Project Trellis) finds them: f_pfd = f_in / CLKI_DIV in 3.125..400 MHz,
// f_out = f_pfd * CLKFB_DIV (CLKFB_DIV 1..80) in 10..400 MHz,
// f_vco = f_out * CLKOP_DIV in 400..800 MHz, the VCO nearest 600 MHz; the
// smallest exact CLKI_DIV. CLKOP_CPHASE = CLKOP_DIV / 2 (the half-period
// shift ecppll and Diamond put on the primary output), the loop-filter
// attributes are ecppll's. 125 MHz: CLKI_DIV 1, CLKFB_DIV 5, CLKOP_DIV 5
// (VCO 625 MHz), as ecppll prints. A CLK_HZ the PLL cannot make exactly
// stops elaboration (module pll_cannot_make_CLK_HZ_exactly).
//
// Without SYNTHESIS (Verilator, Icarus) the PLL is a wire and locked_o is 1.
`default_nettype none

module ulx3s_pll #(
  parameter integer OSC_HZ = 25000000,
  parameter integer CLK_HZ = 125000000
) (
  input  wire clk_i,
  output wire clk_o,
  output wire locked_o
);
  // {ok, CLKI_DIV[7:0], CLKFB_DIV[7:0], CLKOP_DIV[7:0]}
  function [24:0] pll_solve;
    input integer fin, fout;
    reg [63:0] i, o, best_o, fin64, fout64, num, vco, best_d, d;
    begin
      pll_solve = 25'd0;
      fin64  = {32'd0, fin};
      fout64 = {32'd0, fout};
      for (i = 64'd1; i <= 64'd128; i = i + 64'd1) begin
        num = fout64 * i;             // f_in * CLKFB_DIV, exact when num % f_in == 0
        if (!pll_solve[24] && fin64 >= 64'd3125000 * i && fin64 <= 64'd400000000 * i &&
            num % fin64 == 64'd0 && num / fin64 >= 64'd1 && num / fin64 <= 64'd80 &&
            fout64 >= 64'd10000000 && fout64 <= 64'd400000000) begin
          best_o = 64'd0;
          best_d = 64'hffffffff;
          for (o = 64'd1; o <= 64'd128; o = o + 64'd1) begin
            vco = fout64 * o;
            d = (vco > 64'd600000000) ? vco - 64'd600000000 : 64'd600000000 - vco;
            if (vco >= 64'd400000000 && vco <= 64'd800000000 && d < best_d) begin
              best_o = o;
              best_d = d;
            end
          end
          if (best_o != 64'd0) begin
            num = num / fin64;
            pll_solve = {1'b1, i[7:0], num[7:0], best_o[7:0]};
          end
        end
      end
    end
  endfunction
  localparam [24:0]  SOL       = pll_solve(OSC_HZ, CLK_HZ);
  localparam         OK        = SOL[24];
  generate
    if (!OK) begin : g_no_pll
      pll_cannot_make_CLK_HZ_exactly u_err();
    end
  endgenerate

`ifdef SYNTHESIS
  localparam integer CLKI_DIV  = {24'd0, SOL[23:16]};
  localparam integer CLKFB_DIV = {24'd0, SOL[15:8]};
  localparam integer CLKOP_DIV = {24'd0, SOL[7:0]};
  (* ICP_CURRENT="12" *) (* LPF_RESISTOR="8" *) (* MFG_ENABLE_FILTEROPAMP="1" *) (* MFG_GMCREF_SEL="2" *)
  EHXPLLL #(
    .PLLRST_ENA("DISABLED"),
    .INTFB_WAKE("DISABLED"),
    .STDBY_ENABLE("DISABLED"),
    .DPHASE_SOURCE("DISABLED"),
    .OUTDIVIDER_MUXA("DIVA"),
    .OUTDIVIDER_MUXB("DIVB"),
    .OUTDIVIDER_MUXC("DIVC"),
    .OUTDIVIDER_MUXD("DIVD"),
    .CLKI_DIV(CLKI_DIV),
    .CLKOP_ENABLE("ENABLED"),
    .CLKOP_DIV(CLKOP_DIV),
    .CLKOP_CPHASE(CLKOP_DIV / 2),
    .CLKOP_FPHASE(0),
    .FEEDBK_PATH("CLKOP"),
    .CLKFB_DIV(CLKFB_DIV)
  ) u_pll (
    .RST(1'b0),
    .STDBY(1'b0),
    .CLKI(clk_i),
    .CLKOP(clk_o),
    .CLKFB(clk_o),
    .CLKINTFB(),
    .PHASESEL0(1'b0),
    .PHASESEL1(1'b0),
    .PHASEDIR(1'b1),
    .PHASESTEP(1'b1),
    .PHASELOADREG(1'b1),
    .PLLWAKESYNC(1'b0),
    .ENCLKOP(1'b0),
    .LOCK(locked_o)
  );
`else
  assign clk_o    = clk_i;
  assign locked_o = 1'b1;
`endif
endmodule
