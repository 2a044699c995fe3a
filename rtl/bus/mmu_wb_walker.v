// mmu_wb_walker -- the walker's memory port (docs/rtl.md "Ports") as a
// Wishbone B4 pipelined master. docs/integration.md is the user guide.
//
// Reads pass straight through: STB = the walker's request, STALL is its
// ready, ACK/ERR is its response; no cycle is added and no register sits on
// the path (one request outstanding, as the walker promises).
// A compare-and-swap (mem_req_we=1, Svadu) becomes a locked read-compare-write:
// CYC and LOCK stay high from the read to the write's ACK, so no other master
// reaches the PTE in between. The read data is registered and compared in the
// next cycle (the compare stays off the bus-input path); on a match the write
// follows, and the walker is answered with the value found when it is acked.
// Svade (STATUS.ADUE=0, or SVADU=0) never writes: the walker only reads.
// Bus: byte addresses, data PTE_BITS wide, SEL all ones, CTI/BTE not driven
// (classic single accesses). The slave must answer (ACK or ERR) at least one
// cycle after the cycle that accepted the request (STB & !STALL).
`default_nettype none

module mmu_wb_walker #(
  parameter integer PA_BITS  = 56,
  parameter integer PTE_BITS = 64
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
  // Wishbone B4 pipelined master
  output wire                  wb_cyc_o,
  output wire                  wb_stb_o,
  output wire                  wb_we_o,
  output wire                  wb_lock_o,
  output wire [PA_BITS-1:0]    wb_adr_o,
  output wire [PTE_BITS-1:0]   wb_dat_o,
  output wire [PTE_BITS/8-1:0] wb_sel_o,
  input  wire                  wb_stall_i,
  input  wire                  wb_ack_i,
  input  wire                  wb_err_i,
  input  wire [PTE_BITS-1:0]   wb_dat_i
);
  localparam [2:0] IDLE = 3'd0,    // requests pass through
                   RD_WAIT = 3'd1, // a read outstanding
                   CR_WAIT = 3'd2, // CAS: the locked read outstanding
                   CR_CMP = 3'd3,  // CAS: compare the value read with cmp
                   CW_REQ = 3'd4,  // CAS: the locked write, until accepted
                   CW_WAIT = 3'd5; // CAS: the write outstanding

  reg [2:0]          state_q;
  reg [PA_BITS-1:0]  addr_q;
  reg [PTE_BITS-1:0] wdata_q, cmp_q, rdata_q;

  wire idle     = state_q == IDLE;
  wire resp     = wb_ack_i | wb_err_i;
  wire in_cas   = state_q == CR_WAIT || state_q == CR_CMP || state_q == CW_REQ || state_q == CW_WAIT;
  wire cas_miss = state_q == CR_CMP && rdata_q != cmp_q;

  assign wb_stb_o  = (idle & mem_req_valid_i) | state_q == CW_REQ;
  assign wb_we_o   = state_q == CW_REQ;
  assign wb_adr_o  = state_q == CW_REQ ? addr_q : mem_req_addr_i & {PA_BITS{idle}};
`ifdef MMU_BUS_INJECT_WB_UNLOCK
  // Test hook (tb/checks/rtl_bus.sh): CYC and LOCK drop while the compare is made.
  assign wb_cyc_o  = wb_stb_o | (!idle & state_q != CR_CMP);
  assign wb_lock_o = (idle & mem_req_valid_i & mem_req_we_i) | (in_cas & state_q != CR_CMP);
`else
  assign wb_cyc_o  = wb_stb_o | !idle;
  assign wb_lock_o = (idle & mem_req_valid_i & mem_req_we_i) | in_cas;
`endif
  assign wb_dat_o  = wdata_q & {PTE_BITS{state_q == CW_REQ}};
  assign wb_sel_o  = {(PTE_BITS/8){wb_stb_o}};

  assign mem_req_ready_o = idle & !wb_stall_i;
  // Reads answer with the bus; a CAS answers after its compare (mismatch) or its write.
  assign mem_rsp_valid_o = (state_q == RD_WAIT & resp) | (state_q == CR_WAIT & wb_err_i) | cas_miss |
                           (state_q == CW_WAIT & resp);
  assign mem_rsp_err_o   = mem_rsp_valid_o & !cas_miss & wb_err_i;
  assign mem_rsp_data_o  = state_q == RD_WAIT ? wb_dat_i & {PTE_BITS{wb_ack_i}} :
                           (cas_miss | (state_q == CW_WAIT & wb_ack_i)) ? rdata_q : {PTE_BITS{1'b0}};

  always @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= IDLE;
    end else begin
      case (state_q)
        IDLE:    if (mem_req_valid_i && !wb_stall_i) state_q <= mem_req_we_i ? CR_WAIT : RD_WAIT;
        RD_WAIT: if (resp) state_q <= IDLE;
        CR_WAIT: if (wb_err_i) state_q <= IDLE; else if (wb_ack_i) state_q <= CR_CMP;
        CR_CMP:  state_q <= cas_miss ? IDLE : CW_REQ;
        CW_REQ:  if (!wb_stall_i) state_q <= CW_WAIT;
        CW_WAIT: if (resp) state_q <= IDLE;
        default: state_q <= IDLE;
      endcase
    end
    if (idle) begin
      addr_q <= mem_req_addr_i; wdata_q <= mem_req_wdata_i; cmp_q <= mem_req_cmp_i;
    end
    if (state_q == CR_WAIT && wb_ack_i) rdata_q <= wb_dat_i;
  end
endmodule
