// mmu_axil_regs -- the MMU's register port (docs/rtl.md "Register map") as an
// AXI4-Lite slave, 64-bit data. docs/integration.md.
//
// Byte addresses: register i is at 8*i (ADDR[10:3]; lower and higher bits
// are not decoded). A write is taken when AWVALID and WVALID are both high
// (AWREADY = WREADY, together) and no B response is pending; a read when
// ARVALID is high, no R response is pending and no write is taken in the
// same cycle (the MMU has one register address per cycle; writes first).
// BVALID / RVALID come in the cycle after and are held, with their data,
// until BREADY / RREADY. One read and one write outstanding at most.
// WSTRB must be all ones (the registers are written whole, some have side
// effects); a partial write is answered SLVERR and does nothing.
`default_nettype none

module mmu_axil_regs #(
  parameter integer ADDR_BITS = 11     // >= 11
) (
  input  wire                 clk_i,
  input  wire                 rst_i,
  // AXI4-Lite slave
  input  wire                 s_axil_awvalid,
  output wire                 s_axil_awready,
  input  wire [ADDR_BITS-1:0] s_axil_awaddr,
  input  wire [2:0]           s_axil_awprot,
  input  wire                 s_axil_wvalid,
  output wire                 s_axil_wready,
  input  wire [63:0]          s_axil_wdata,
  input  wire [7:0]           s_axil_wstrb,
  output wire                 s_axil_bvalid,
  input  wire                 s_axil_bready,
  output wire [1:0]           s_axil_bresp,
  input  wire                 s_axil_arvalid,
  output wire                 s_axil_arready,
  input  wire [ADDR_BITS-1:0] s_axil_araddr,
  input  wire [2:0]           s_axil_arprot,
  output wire                 s_axil_rvalid,
  input  wire                 s_axil_rready,
  output wire [63:0]          s_axil_rdata,
  output wire [1:0]           s_axil_rresp,
  // mmu_top's register port (names from the MMU's side)
  output wire                 reg_we_o,
  output wire [7:0]           reg_addr_o,
  output wire [63:0]          reg_wdata_o,
  input  wire [63:0]          reg_rdata_i
);
  localparam [1:0] OKAY = 2'b00, SLVERR = 2'b10;

  reg        bvalid_q, bslverr_q, rvalid_q, rfirst_q;
  reg [63:0] rdata_q;
  wire wr_go = s_axil_awvalid & s_axil_wvalid & !bvalid_q;
  wire rd_go = s_axil_arvalid & !rvalid_q & !wr_go;
  wire partial = s_axil_wstrb != 8'hFF;
  // not decoded: protection (every master may program the MMU), byte lanes, space above the map
  wire unused_ok = &{1'b0, s_axil_awprot, s_axil_arprot, s_axil_awaddr, s_axil_araddr};

  assign s_axil_awready = wr_go;
  assign s_axil_wready  = wr_go;
  assign s_axil_arready = rd_go;
  assign reg_we_o       = wr_go & !partial;
  assign reg_addr_o     = wr_go ? s_axil_awaddr[10:3] : s_axil_araddr[10:3];
  assign reg_wdata_o    = s_axil_wdata;
  assign s_axil_bvalid  = bvalid_q;
  assign s_axil_bresp   = bslverr_q ? SLVERR : OKAY;
  assign s_axil_rvalid  = rvalid_q;
  assign s_axil_rresp   = OKAY;
  // the first R cycle shows the MMU's registered read; later ones the copy of it
`ifdef MMU_BUS_INJECT_AXIL_RDATA
  // Test hook (tb/checks/rtl_bus.sh): RDATA follows the register port while RREADY is low.
  assign s_axil_rdata   = reg_rdata_i;
`else
  assign s_axil_rdata   = rfirst_q ? reg_rdata_i : rdata_q;
`endif

  always @(posedge clk_i) begin
    if (rst_i) begin
      bvalid_q <= 1'b0; bslverr_q <= 1'b0; rvalid_q <= 1'b0; rfirst_q <= 1'b0;
    end else begin
      if (wr_go) begin bvalid_q <= 1'b1; bslverr_q <= partial; end
      else if (s_axil_bready) bvalid_q <= 1'b0;
      if (rd_go) rvalid_q <= 1'b1;
      else if (s_axil_rready) rvalid_q <= 1'b0;
      rfirst_q <= rd_go;
    end
    if (rfirst_q) rdata_q <= reg_rdata_i;
  end
endmodule
