// mmu_axi_walker -- the walker's memory port (docs/rtl.md "Ports") as an AXI4
// master. docs/integration.md is the user guide.
//
// Reads are AXI4-Lite-style single beats (LEN 0, SIZE = PTE bytes, INCR, ID
// 0) and pass straight through: ARVALID = the walker's request, ARREADY its
// ready, the R beat its response (RREADY is always 1: one read outstanding).
// A compare-and-swap (mem_req_we=1, Svadu) uses AXI4 exclusive accesses:
// an exclusive read (ARLOCK=1); the data is registered and compared in the
// next cycle; on a match an exclusive write (AWLOCK=1, AW and W together).
// BRESP EXOKAY: the swap happened, the walker gets the value found (= cmp).
// BRESP OKAY: another master wrote in between, the sequence starts again
// from the exclusive read (so the walker sees the new value, or a swap).
// RRESP OKAY to the exclusive read means the slave has no exclusive monitor
// for that address: answered as a bus error (the walk faults with ACCESS).
// SLVERR/DECERR: bus error. Svade (STATUS.ADUE=0, or SVADU=0) never writes.
`default_nettype none

module mmu_axi_walker #(
  parameter integer PA_BITS  = 56,
  parameter integer PTE_BITS = 64,
  parameter integer ID_BITS  = 1
) (
  input  wire                  clk_i,
  input  wire                  rst_i,
  // mmu_top's walker port (names from the MMU's side: mem_req_valid_i = mem_req_valid_o)
  input  wire                  mem_req_valid_i,
  output wire                  mem_req_ready_o,
  input  wire [PA_BITS-1:0]    mem_req_addr_i,
  input  wire                  mem_req_we_i,
  input  wire [PTE_BITS-1:0]   mem_req_wdata_i,
  input  wire [PTE_BITS-1:0]   mem_req_cmp_i,
  output wire                  mem_rsp_valid_o,
  output wire [PTE_BITS-1:0]   mem_rsp_data_o,
  output wire                  mem_rsp_err_o,
  // AXI4 master: read address
  output wire                  m_axi_arvalid,
  input  wire                  m_axi_arready,
  output wire [ID_BITS-1:0]    m_axi_arid,
  output wire [PA_BITS-1:0]    m_axi_araddr,
  output wire [7:0]            m_axi_arlen,
  output wire [2:0]            m_axi_arsize,
  output wire [1:0]            m_axi_arburst,
  output wire                  m_axi_arlock,
  output wire [3:0]            m_axi_arcache,
  output wire [2:0]            m_axi_arprot,
  // read data
  input  wire                  m_axi_rvalid,
  output wire                  m_axi_rready,
  input  wire [ID_BITS-1:0]    m_axi_rid,
  input  wire [PTE_BITS-1:0]   m_axi_rdata,
  input  wire [1:0]            m_axi_rresp,
  input  wire                  m_axi_rlast,
  // write address
  output wire                  m_axi_awvalid,
  input  wire                  m_axi_awready,
  output wire [ID_BITS-1:0]    m_axi_awid,
  output wire [PA_BITS-1:0]    m_axi_awaddr,
  output wire [7:0]            m_axi_awlen,
  output wire [2:0]            m_axi_awsize,
  output wire [1:0]            m_axi_awburst,
  output wire                  m_axi_awlock,
  output wire [3:0]            m_axi_awcache,
  output wire [2:0]            m_axi_awprot,
  // write data
  output wire                  m_axi_wvalid,
  input  wire                  m_axi_wready,
  output wire [PTE_BITS-1:0]   m_axi_wdata,
  output wire [PTE_BITS/8-1:0] m_axi_wstrb,
  output wire                  m_axi_wlast,
  // write response
  input  wire                  m_axi_bvalid,
  output wire                  m_axi_bready,
  input  wire [ID_BITS-1:0]    m_axi_bid,
  input  wire [1:0]            m_axi_bresp
);
  localparam [1:0] OKAY = 2'b00, EXOKAY = 2'b01;
  localparam [2:0] SIZE = PTE_BITS == 64 ? 3'd3 : PTE_BITS == 32 ? 3'd2 : PTE_BITS == 16 ? 3'd1 : 3'd0;
  localparam [2:0] IDLE = 3'd0,     // requests pass through
                   RD_WAIT = 3'd1,  // a read outstanding
                   XR_REQ = 3'd2,   // CAS retry: the exclusive read, until accepted
                   XR_WAIT = 3'd3,  // CAS: the exclusive read outstanding
                   X_CMP = 3'd4,    // CAS: compare the value read with cmp
                   XW_REQ = 3'd5,   // CAS: AW and W, each until accepted
                   XW_WAIT = 3'd6;  // CAS: waiting for B

  reg [2:0]          state_q;
  reg [PA_BITS-1:0]  addr_q;
  reg [PTE_BITS-1:0] wdata_q, cmp_q, rdata_q;
  reg                aw_done_q, w_done_q, xerr_q;

  wire idle     = state_q == IDLE;
  wire cas_miss = state_q == X_CMP && (xerr_q || rdata_q != cmp_q);
  wire aw_now   = m_axi_awvalid & m_axi_awready;
  wire w_now    = m_axi_wvalid & m_axi_wready;

  // AR: the walker's request in IDLE (exclusive for a CAS), the retry in XR_REQ
  assign m_axi_arvalid = (idle & mem_req_valid_i) | state_q == XR_REQ;
  assign m_axi_araddr  = idle ? mem_req_addr_i : addr_q;
  assign m_axi_arlock  = idle ? mem_req_valid_i & mem_req_we_i : state_q == XR_REQ;
  assign m_axi_arid    = {ID_BITS{1'b0}};
  assign m_axi_arlen   = 8'd0;
  assign m_axi_arsize  = SIZE;
  assign m_axi_arburst = 2'b01;           // INCR
  assign m_axi_arcache = 4'b0010;         // normal, non-cacheable, non-bufferable
  assign m_axi_arprot  = 3'b001;          // privileged, secure, data
  assign m_axi_rready  = 1'b1;
`ifdef MMU_BUS_INJECT_AXI_EARLY_W
  // Test hook (tb/checks/rtl_bus.sh): W is offered once more after it was accepted.
  assign m_axi_wvalid  = state_q == XW_REQ;
`else
  assign m_axi_wvalid  = state_q == XW_REQ & !w_done_q;
`endif
  assign m_axi_awvalid = state_q == XW_REQ & !aw_done_q;
  assign m_axi_awaddr  = addr_q;
  assign m_axi_awlock  = 1'b1;
  assign m_axi_awid    = {ID_BITS{1'b0}};
  assign m_axi_awlen   = 8'd0;
  assign m_axi_awsize  = SIZE;
  assign m_axi_awburst = 2'b01;
  assign m_axi_awcache = 4'b0010;
  assign m_axi_awprot  = 3'b001;
  assign m_axi_wdata   = wdata_q;
  assign m_axi_wstrb   = {(PTE_BITS/8){1'b1}};
  assign m_axi_wlast   = 1'b1;
  assign m_axi_bready  = state_q == XW_WAIT;

  // single beats with ID 0: RID, RLAST and BID carry nothing the walker needs
  wire unused_ok = &{1'b0, m_axi_rid, m_axi_rlast, m_axi_bid};
  wire r_err = m_axi_rresp[1];
  wire b_err = m_axi_bresp[1];
  assign mem_req_ready_o = idle & m_axi_arready;
  assign mem_rsp_valid_o = (state_q == RD_WAIT & m_axi_rvalid) | (state_q == XR_WAIT & m_axi_rvalid & r_err) |
                           cas_miss | (state_q == XW_WAIT & m_axi_bvalid & m_axi_bresp != OKAY);
  assign mem_rsp_err_o   = (state_q == RD_WAIT & m_axi_rvalid & r_err) | (state_q == XR_WAIT & m_axi_rvalid & r_err) |
                           (cas_miss & xerr_q) | (state_q == XW_WAIT & m_axi_bvalid & b_err);
  assign mem_rsp_data_o  = (state_q == RD_WAIT & m_axi_rvalid & !r_err) ? m_axi_rdata :
                           ((cas_miss & !xerr_q) | (state_q == XW_WAIT & m_axi_bvalid & m_axi_bresp == EXOKAY)) ?
                           rdata_q : {PTE_BITS{1'b0}};

  always @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= IDLE;
    end else begin
      case (state_q)
        IDLE:    if (mem_req_valid_i && m_axi_arready) state_q <= mem_req_we_i ? XR_WAIT : RD_WAIT;
        RD_WAIT: if (m_axi_rvalid) state_q <= IDLE;
        XR_REQ:  if (m_axi_arready) state_q <= XR_WAIT;
        XR_WAIT: if (m_axi_rvalid) state_q <= r_err ? IDLE : X_CMP;
        X_CMP:   state_q <= cas_miss ? IDLE : XW_REQ;
        XW_REQ:  if ((aw_done_q | aw_now) && (w_done_q | w_now)) state_q <= XW_WAIT;
        XW_WAIT: if (m_axi_bvalid) state_q <= m_axi_bresp == OKAY ? XR_REQ : IDLE;
        default: state_q <= IDLE;
      endcase
    end
    if (idle) begin
      addr_q <= mem_req_addr_i; wdata_q <= mem_req_wdata_i; cmp_q <= mem_req_cmp_i;
    end
    if (state_q == XR_WAIT && m_axi_rvalid) begin
      rdata_q <= m_axi_rdata;
      xerr_q  <= m_axi_rresp != EXOKAY;   // OKAY: no exclusive monitor there
    end
    aw_done_q <= state_q == XW_REQ & (aw_done_q | aw_now) & !(w_done_q | w_now);
    w_done_q  <= state_q == XW_REQ & (w_done_q | w_now) & !(aw_done_q | aw_now);
  end
endmodule
