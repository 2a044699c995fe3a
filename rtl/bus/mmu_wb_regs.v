// mmu_wb_regs -- the MMU's register port (docs/rtl.md "Register map") as a
// Wishbone B4 pipelined slave, 64-bit data. docs/integration.md.
//
// Never stalls; every request is acknowledged in the next cycle, so a
// master may issue one per cycle. ADR is a byte address: register i is at
// 8*i (ADR[10:3]; ADR[2:0] and the bits above 10 are not decoded). Reads
// return the register's value in the ACK cycle (the MMU's read port is
// registered: that is its one cycle). A write must have every SEL bit set
// (the registers are written whole, some have side effects); a partial
// write is answered with ERR and does nothing.
`default_nettype none

module mmu_wb_regs #(
  parameter integer ADR_BITS = 11      // >= 11
) (
  input  wire                clk_i,
  input  wire                rst_i,
  // Wishbone B4 pipelined slave
  input  wire                wb_cyc_i,
  input  wire                wb_stb_i,
  input  wire                wb_we_i,
  input  wire [ADR_BITS-1:0] wb_adr_i,
  input  wire [63:0]         wb_dat_i,
  input  wire [7:0]          wb_sel_i,
  output wire                wb_stall_o,
  output wire                wb_ack_o,
  output wire                wb_err_o,
  output wire [63:0]         wb_dat_o,
  // mmu_top's register port (names from the MMU's side)
  output wire                reg_we_o,
  output wire [7:0]          reg_addr_o,
  output wire [63:0]         reg_wdata_o,
  input  wire [63:0]         reg_rdata_i
);
  reg ack_q, err_q;
  wire req     = wb_cyc_i & wb_stb_i;
  wire partial = wb_we_i & wb_sel_i != 8'hFF;
  // not decoded: the byte lanes within a register, and the space above the map
  wire unused_ok = &{1'b0, wb_adr_i};

  assign wb_stall_o  = 1'b0;
  assign reg_we_o    = req & wb_we_i & !partial;
  assign reg_addr_o  = wb_adr_i[10:3];
  assign reg_wdata_o = wb_dat_i;
  // an ACK for a cycle the master abandoned (CYC low) is not given
  assign wb_ack_o    = ack_q & wb_cyc_i;
  assign wb_err_o    = err_q & wb_cyc_i;
  assign wb_dat_o    = reg_rdata_i;

  always @(posedge clk_i) begin
    if (rst_i) begin
      ack_q <= 1'b0; err_q <= 1'b0;
    end else begin
      ack_q <= req & !partial;
      err_q <= req & partial;
    end
  end
endmodule
