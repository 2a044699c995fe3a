// tangnano9k_pll -- the Tang Nano 9K's clock: rPLL on the 27 MHz oscillator,
// internal feedback, making exactly CLK_HZ.
//
//   clk (pin 52, OSC_HZ) --> rPLL --CLKOUT--> clk_o (CLK_HZ)
//                                 --LOCK----> locked_o
//
// The dividers are found at elaboration the way apicula's
// `gowin_pll -i 27 -o MHZ -d "GW1NR-9 C6/I5"` finds them (limits of the
// GW1NR-9 C6/I5): f_pfd = f_in / (IDIV_SEL+1) in 3..400 MHz,
// f_out = f_pfd * (FBDIV_SEL+1) in 3.125..600 MHz (exclusive),
// f_vco = f_out * ODIV_SEL in 400..1200 MHz (exclusive), ODIV_SEL one of
// 2 4 8 16 32 48 .. 128; the first exact solution in IDIV_SEL, FBDIV_SEL,
// ODIV_SEL order. 90 MHz: IDIV_SEL 2, FBDIV_SEL 9, ODIV_SEL 8 (VCO 720 MHz),
// as gowin_pll prints. A CLK_HZ the PLL cannot make exactly stops
// elaboration (module pll_cannot_make_CLK_HZ_exactly).
//
// Without SYNTHESIS (Verilator, Icarus) the PLL is a wire and locked_o is 1.
`default_nettype none

module tangnano9k_pll #(
  parameter integer OSC_HZ  = 27000000,
  parameter         OSC_MHZ = "27",       // FCLKIN: OSC_HZ in MHz as a string (checked below)
  parameter integer CLK_HZ  = 90000000
) (
  input  wire clk_i,
  output wire clk_o,
  output wire locked_o
);
  function [63:0] odiv_of;    // ODIV_SEL values, in order: 2 4 8 16 32 48 64 80 96 112 128
    input [63:0] k;
    begin
      odiv_of = (k < 64'd4) ? (64'd2 << k) : 64'd16 * (k - 64'd2);
    end
  endfunction
  // {ok, IDIV_SEL[5:0], FBDIV_SEL[5:0], ODIV_SEL[7:0]}
  function [20:0] pll_solve;
    input integer fin, fout;
    reg [63:0] i, k, fin64, fout64, num, vco, od;
    begin
      pll_solve = 21'd0;
      fin64  = {32'd0, fin};
      fout64 = {32'd0, fout};
      for (i = 64'd0; i < 64'd64; i = i + 64'd1) begin
        num = fout64 * (i + 64'd1);        // f_in * (FBDIV_SEL+1), exact when num % f_in == 0
        if (fin64 >= 64'd3000000 * (i + 64'd1) && fin64 <= 64'd400000000 * (i + 64'd1) &&
            num % fin64 == 64'd0 && num / fin64 >= 64'd1 && num / fin64 <= 64'd64 &&
            fout64 > 64'd3125000 && fout64 < 64'd600000000)
          for (k = 64'd0; k < 64'd11; k = k + 64'd1) begin
            od  = odiv_of(k);
            vco = fout64 * od;
            if (!pll_solve[20] && vco > 64'd400000000 && vco < 64'd1200000000) begin
              num = num / fin64 - 64'd1;
              pll_solve = {1'b1, i[5:0], num[5:0], od[7:0]};
            end
          end
      end
    end
  endfunction
  localparam [20:0]  SOL       = pll_solve(OSC_HZ, CLK_HZ);
  localparam         OK        = SOL[20];
  // OSC_MHZ must spell OSC_HZ (whole MHz, two digits): Yosys keeps a string
  // parameter a string only when it is given as one
  localparam integer TENS = (OSC_HZ / 10000000) % 10, ONES = (OSC_HZ / 1000000) % 10;
  localparam [15:0]  OSC_MHZ_WANT = {8'd48 + TENS[7:0], 8'd48 + ONES[7:0]};
  generate
    if (!OK) begin : g_no_pll
      pll_cannot_make_CLK_HZ_exactly u_err();
    end
    if (OSC_MHZ != OSC_MHZ_WANT || OSC_HZ % 1000000 != 0 || OSC_HZ < 10000000 || OSC_HZ > 99000000) begin : g_bad_osc
      pll_OSC_MHZ_does_not_spell_OSC_HZ u_err();
    end
  endgenerate

`ifdef SYNTHESIS
  localparam integer IDIV_SEL  = {26'd0, SOL[19:14]};
  localparam integer FBDIV_SEL = {26'd0, SOL[13:8]};
  localparam integer ODIV_SEL  = {24'd0, SOL[7:0]};
  rPLL #(
    .FCLKIN(OSC_MHZ),
    .IDIV_SEL(IDIV_SEL),
    .FBDIV_SEL(FBDIV_SEL),
    .ODIV_SEL(ODIV_SEL)
  ) u_pll (
    .CLKOUTP(), .CLKOUTD(), .CLKOUTD3(),
    .RESET(1'b0), .RESET_P(1'b0), .CLKFB(1'b0),
    .FBDSEL(6'd0), .IDSEL(6'd0), .ODSEL(6'd0), .PSDA(4'd0), .DUTYDA(4'd0), .FDLY(4'd0),
    .CLKIN(clk_i),
    .CLKOUT(clk_o),
    .LOCK(locked_o)
  );
`else
  assign clk_o    = clk_i;
  assign locked_o = 1'b1;
`endif
endmodule
