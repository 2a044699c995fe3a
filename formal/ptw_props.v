// formal/ptw_props.v -- the walker (rtl/mmu_ptw.v), at its ports only
// (docs/rtl.md "Walker"), sv32 geometry (2 levels, 4-byte riscv PTEs, Svadu)
// with an 8-bit PPN:
//   reads per walk  -- each walk attempt (from the start, or from a CAS
//                      mismatch restart) issues at most LEVELS PTE reads, then
//                      at most one CAS, and a CAS only after a read
//   bounded return  -- with a fair memory (ready low at most RS cycles in a
//                      row, an answer at most RW cycles after each handshake,
//                      at most one CAS mismatch per walk) the walker is busy
//                      at most BOUND cycles: it always returns
// Memory data, errors, the request fields and the event inputs are free, so
// every PTE decode path and every restart is reachable.
//
// Broken variants: FORMAL_BREAK_FAIRNESS drops the memory's answer bound
// (the walker then waits forever: the bound must fail); the runner's edit
// variant keeps the level on a pointer (the reads must exceed LEVELS).
`default_nettype none

module ptw_props #(
  parameter integer RS = 1,                 // cycles ready may stay low
  parameter integer RW = 2                  // cycles from handshake to answer, at most
) (
  input wire        clk,
  input wire        start,
  input wire [31:0] va,
  input wire [1:0]  acc,
  input wire        priv, sum, mxr, adue,
  input wire [1:0]  asid,
  input wire [19:0] first_addr,
  input wire        stale, event_in,
  input wire        mem_req_ready,
  input wire        mem_rsp_valid,
  input wire [31:0] mem_rsp_data,
  input wire        mem_rsp_err
);
  localparam integer LEVELS = 2;
  // per read: RD_REQ (1 + RS) + RD_WAIT (RW) + CHECK (1); CAS: (RS) + RW; two attempts; DONE
  localparam integer BOUND = 2 * (LEVELS * (RS + RW + 2) + RS + RW) + 1;

  reg init = 1'b1;
  always @(posedge clk) init <= 1'b0;

  wire        busy, req_valid, req_we, done, fill, fill_g, ev_walk, ev_ad;
  wire [19:0] req_addr;
  wire [31:0] req_wdata, req_cmp, va_o;
  wire [3:0]  cause;
  wire [1:0]  lvl, fill_asid;
  wire [7:0]  ppn;
  wire [5:0]  fill_perm;
  mmu_ptw #(.VA_BITS(32), .PA_BITS(20), .PAGE_SHIFT(12), .LEVELS(LEVELS), .VPN_BITS(10),
            .PTE_FORMAT(0), .PTE_BITS(32), .PTE_LOG2(2), .PPN_BITS(8), .ASID_BITS(2),
            .SUPERPAGES(1), .SVADU(1)) u_dut (
    .clk_i(clk), .rst_i(init),
    .start_i(start), .va_i(va), .acc_i(acc), .priv_i(priv), .sum_i(sum), .mxr_i(mxr),
    .adue_i(adue), .asid_i(asid), .first_addr_i(first_addr), .first_lvl_i(2'd1),
    .stale_i(stale), .event_i(event_in), .busy_o(busy),
    .mem_req_valid_o(req_valid), .mem_req_ready_i(mem_req_ready), .mem_req_addr_o(req_addr),
    .mem_req_we_o(req_we), .mem_req_wdata_o(req_wdata), .mem_req_cmp_o(req_cmp),
    .mem_rsp_valid_i(mem_rsp_valid), .mem_rsp_data_i(mem_rsp_data), .mem_rsp_err_i(mem_rsp_err),
    .done_o(done), .cause_o(cause), .lvl_o(lvl), .ppn_o(ppn), .va_o(va_o),
    .fill_o(fill), .fill_asid_o(fill_asid), .fill_g_o(fill_g), .fill_perm_o(fill_perm),
    .ev_walk_o(ev_walk), .ev_ad_o(ev_ad));
  wire unused = ^{req_addr, req_wdata, done, cause, lvl, ppn, va_o, fill, fill_asid, fill_g,
                  fill_perm, ev_walk, ev_ad};

  wire walk_start = start & ~busy & ~init;              // IDLE with a miss: the walk begins
  wire hs         = req_valid & mem_req_ready;
  wire rd_hs      = hs & ~req_we;
  wire cas_hs     = hs & req_we;

  // ---- the memory (environment) -----------------------------------------------------
  reg [2:0]  stall_q, wait_q;                             // ready low / answer pending, in cycles
  reg        pending_q, cas_pending_q;
  reg [31:0] cmp_q;                                       // the outstanding CAS's compare value
  reg [1:0]  mismatch_q;                                  // CAS mismatches in this walk
  wire       answer   = pending_q & mem_rsp_valid;
  wire       mismatch = answer & cas_pending_q & ~mem_rsp_err & (mem_rsp_data != cmp_q);
  always @(posedge clk) begin
    if (init) begin
      stall_q <= 0; wait_q <= 0; pending_q <= 0; cas_pending_q <= 0; mismatch_q <= 0;
    end else begin
      stall_q <= (req_valid & ~mem_req_ready) ? stall_q + 1'b1 : 3'd0;
      if (hs) begin pending_q <= 1'b1; cas_pending_q <= req_we; cmp_q <= req_cmp; wait_q <= 0; end
      else if (answer) pending_q <= 1'b0;
      else if (pending_q) wait_q <= wait_q + 1'b1;
      if (walk_start) mismatch_q <= 0;
      else if (mismatch) mismatch_q <= mismatch_q + 1'b1;
    end
  end
  always @* if (!init) begin
    assume (!(req_valid & stall_q >= RS) | mem_req_ready);   // ready low at most RS cycles in a row
`ifndef FORMAL_BREAK_FAIRNESS
    assume (!(pending_q & wait_q >= RW - 1) | mem_rsp_valid); // answered within RW cycles
`endif
    assume (!(mismatch & mismatch_q != 0));                   // at most one CAS mismatch per walk
  end

  // ---- reads and CAS per walk attempt --------------------------------------------------
  reg [3:0] reads_q;
  reg       cas_q;                                        // a CAS since the last read
  always @(posedge clk) begin
    if (init | walk_start) begin
      reads_q <= 0; cas_q <= 0;
    end else begin
      if (cas_hs)     begin reads_q <= 0; cas_q <= 1'b1; end   // the attempt ends with its CAS
      else if (rd_hs) begin reads_q <= reads_q + 1'b1; cas_q <= 1'b0; end
    end
  end
  // this walk's busy cycles, saturating (BOUND < 63)
  reg [5:0] walk_cycles_q;
  always @(posedge clk)
    if (init | walk_start) walk_cycles_q <= 0;
    else if (busy && walk_cycles_q != 6'h3f) walk_cycles_q <= walk_cycles_q + 1'b1;

  always @* if (!init) begin
    assert (!rd_hs  | (reads_q < LEVELS));                // at most LEVELS reads per attempt
    assert (!cas_hs | (!cas_q && reads_q != 0));          // one CAS, after a read
    assert (walk_cycles_q <= BOUND);                      // it always returns
  end
endmodule
