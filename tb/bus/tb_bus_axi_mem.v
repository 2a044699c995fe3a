// tb_bus_axi_mem -- AXI4 slave memory with an exclusive monitor for the walker
// bridge: random ARREADY/AWREADY/WREADY (low BP percent of cycles), 1..LAT
// cycles to RVALID/BVALID, an exclusive write that fails (BRESP OKAY, nothing
// written) XFAIL percent of the time (and the first one always, when XFAIL > 0), as if another master had written; with
// NOEXCL=1 no exclusive monitor at all (RRESP OKAY to exclusive reads).
// Protocol monitor of the master (mmu_axi_walker):
//   - ARVALID/AWVALID/WVALID held, payload unchanged, until READY
//   - one transaction outstanding (the bridge promises it): no AR while a read
//     or a write is open, no second AW or W before B
//   - single beats (LEN 0, SIZE = PTE bytes, INCR, WLAST, WSTRB all ones)
//   - every write is exclusive, to the address of the exclusive read just answered
//   - RREADY is high whenever RVALID is (the bridge promises it)
// Memory: tb_bus_gen.vh's page tables, WERR_BASE..ERR_BASE refuses writes
// (SLVERR), from ERR_BASE every access is SLVERR.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_bus_axi_mem #(
  parameter [63:0]  SEED   = 1,
  parameter integer BP     = 30,
  parameter integer LAT    = 3,
  parameter integer XFAIL  = 25,
  parameter integer NOEXCL = 0,
  parameter [31:0]  RNG_SEED = 32'hCAFE
) (
  input  wire                          clk_i,
  input  wire                          rst_i,
  input  wire                          arvalid,
  output reg                           arready,
  input  wire [`MMU_P_PA_BITS-1:0]     araddr,
  input  wire [7:0]                    arlen,
  input  wire [2:0]                    arsize,
  input  wire [1:0]                    arburst,
  input  wire                          arlock,
  output reg                           rvalid,
  input  wire                          rready,
  output reg  [8*`MMU_P_PTE_BYTES-1:0] rdata,
  output reg  [1:0]                    rresp,
  input  wire                          awvalid,
  output reg                           awready,
  input  wire [`MMU_P_PA_BITS-1:0]     awaddr,
  input  wire [7:0]                    awlen,
  input  wire [2:0]                    awsize,
  input  wire                          awlock,
  input  wire                          wvalid,
  output reg                           wready,
  input  wire [8*`MMU_P_PTE_BYTES-1:0] wdata,
  input  wire [`MMU_P_PTE_BYTES-1:0]   wstrb,
  input  wire                          wlast,
  output reg                           bvalid,
  input  wire                          bready,
  output reg  [1:0]                    bresp
);
  localparam integer PTE_BYTES = `MMU_P_PTE_BYTES, LEVELS = `MMU_P_LEVELS, VPN_BITS = `MMU_P_VPN_BITS,
                     PAGE_SHIFT = `MMU_P_PAGE_SHIFT, VA_PORT_BITS = `MMU_P_VA_PORT_BITS;
  localparam integer PTE_BITS = 8 * PTE_BYTES, WORDS = 65536 / PTE_BYTES;
  localparam [2:0] SIZE = PTE_BYTES == 8 ? 3'd3 : PTE_BYTES == 4 ? 3'd2 : 3'd0;
  localparam [1:0] OKAY = 2'b00, EXOKAY = 2'b01, SLVERR = 2'b10;
`include "tb_bus_gen.vh"

  reg [PTE_BITS-1:0] mem [0:WORDS-1];
  integer i, fails, n_rd, n_wr, n_xfail, n_xwr, rpend, bpend;
  reg [31:0] rng;
  reg [63:0] a;
  reg        rd_open, aw_got, w_got, mon_valid, last_was_xrd;
  reg [63:0] mon_addr, aw_addr;
  reg        aw_lock, b_due;
  reg [PTE_BITS-1:0] w_data, r_dat;
  reg [1:0]  r_rsp, b_rsp;
  // last cycle's channel state, for the stability checks
  reg        ar_held, aw_held, w_held;
  reg [63:0] ar_sig, aw_sig;
  reg [PTE_BITS-1:0] w_sig;

  initial begin
    for (i = 0; i < WORDS; i = i + 1) begin a = gen_pte(i * PTE_BYTES); mem[i] = a[PTE_BITS-1:0]; end
    fails = 0; n_rd = 0; n_wr = 0; n_xfail = 0; n_xwr = 0;
  end

  task violation;
    input [8*120-1:0] what;
    begin
      if (fails < 5) $display("FAIL proto_axi_master: %0s (time %0t)", what, $time);
      fails = fails + 1;
    end
  endtask

  always @(posedge clk_i) begin
    if (rst_i) begin
      arready <= 1'b0; awready <= 1'b0; wready <= 1'b0; rvalid <= 1'b0; bvalid <= 1'b0;
      rdata <= 0; rresp <= OKAY; bresp <= OKAY; rng <= RNG_SEED;
      rd_open = 1'b0; aw_got = 1'b0; w_got = 1'b0; mon_valid = 1'b0; last_was_xrd = 1'b0;
      rpend = -1; bpend = -1; b_due = 1'b0; ar_held <= 1'b0; aw_held <= 1'b0; w_held <= 1'b0;
    end else begin
      rng <= xs32(rng);
      // ---- monitor: the cycle that just ended
      if (ar_held && !(arvalid && ar_sig == {araddr, arlock, arlen, arsize, arburst}))
        violation("AR changed or withdrawn before ARREADY");
      if (aw_held && !(awvalid && aw_sig == {awaddr, awlock, awlen, awsize}))
        violation("AW changed or withdrawn before AWREADY");
      if (w_held && !(wvalid && w_sig == wdata)) violation("W changed or withdrawn before WREADY");
      if (rvalid && !rready) violation("RREADY low while RVALID (the bridge promises RREADY = 1)");
      ar_held <= arvalid && !arready; aw_held <= awvalid && !awready; w_held <= wvalid && !wready;
      ar_sig <= {araddr, arlock, arlen, arsize, arburst}; aw_sig <= {awaddr, awlock, awlen, awsize}; w_sig <= wdata;
      // ---- R and B channels: responses held until taken
      if (rvalid && rready) begin rvalid <= 1'b0; rd_open = 1'b0; end
      if (bvalid && bready) begin bvalid <= 1'b0; aw_got = 1'b0; w_got = 1'b0; b_due = 1'b0; end
      if (rpend == 0) begin rvalid <= 1'b1; rdata <= r_dat; rresp <= r_rsp; end
      if (rpend >= 0) rpend = rpend - 1;
      if (bpend == 0) begin bvalid <= 1'b1; bresp <= b_rsp; end
      if (bpend >= 0) bpend = bpend - 1;
      // (a latency drawn as -1 below answers in the very next cycle)
      // ---- AR
      if (arvalid && arready) begin
        if (rd_open || aw_got || w_got) violation("AR while another transaction is open");
        if (arlen != 0 || arsize != SIZE || arburst != 2'b01) violation("AR not a single INCR beat of PTE size");
        a = araddr; rd_open = 1'b1;
        r_dat = 0; r_rsp = OKAY;
        if (a >= ERR_BASE) r_rsp = SLVERR;
        else begin
          r_dat = mem[a[15:0] / PTE_BYTES]; n_rd = n_rd + 1;
          if (arlock && !NOEXCL) begin r_rsp = EXOKAY; mon_valid = 1'b1; mon_addr = a; end
        end
        last_was_xrd = arlock;
        rpend = (LAT > 1 ? (rng >> 4) % LAT : 0) - 1;
        if (rpend < 0) begin rvalid <= 1'b1; rdata <= r_dat; rresp <= r_rsp; end
      end
      // ---- AW and W (either first)
      if (awvalid && awready) begin
        if (aw_got || rd_open) violation("AW while a read or another write is open");
        if (awlen != 0 || awsize != SIZE) violation("AW not a single beat of PTE size");
        if (!awlock) violation("a write that is not exclusive");
        aw_got = 1'b1; aw_addr = awaddr; aw_lock = awlock;
      end
      if (wvalid && wready) begin
        if (w_got || rd_open) violation("W while a read or another write is open");
        if (wstrb != {PTE_BYTES{1'b1}} || !wlast) violation("W not one full beat (WSTRB, WLAST)");
        w_got = 1'b1; w_data = wdata;
      end
      if (aw_got && w_got && !b_due) begin
        if (!last_was_xrd || !mon_valid || aw_addr != mon_addr)
          violation("an exclusive write not to the address of the exclusive read just made");
        if (aw_addr >= WERR_BASE) b_rsp = SLVERR;
        else if (mon_valid && aw_addr == mon_addr && !(XFAIL > 0 && n_xwr == 0) && (rng >> 12) % 100 >= XFAIL) begin
          mem[aw_addr[15:0] / PTE_BYTES] = w_data; n_wr = n_wr + 1; b_rsp = EXOKAY;
        end else begin b_rsp = OKAY; n_xfail = n_xfail + 1; end
        mon_valid = 1'b0; last_was_xrd = 1'b0; b_due = 1'b1; n_xwr = n_xwr + 1;
        bpend = (LAT > 1 ? (rng >> 20) % LAT : 0) - 1;
        if (bpend < 0) begin bvalid <= 1'b1; bresp <= b_rsp; end
      end
      arready <= (rng % 100) >= BP;
      awready <= ((rng >> 7) % 100) >= BP;
      wready  <= ((rng >> 14) % 100) >= BP;
    end
  end
endmodule
