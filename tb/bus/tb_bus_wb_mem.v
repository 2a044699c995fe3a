// tb_bus_wb_mem -- Wishbone B4 pipelined slave memory for the walker bridge,
// with random STALL (BP percent of cycles) and 1..LAT cycles to ACK, and a
// protocol monitor of the master (mmu_wb_walker):
//   - STB only inside CYC; a stalled request is held unchanged until accepted
//   - one request outstanding (the bridge promises it); CYC held until the answer
//   - every write is a compare-and-swap's: LOCK and CYC high from a locked read
//     of the same address to the write's ACK, nothing else in between
//   - SEL all ones, the bridge answers the MMU only for a request it has
//     (checked on mmu_top's side by tb_bus_native_mon)
// Memory: tb_bus_gen.vh's page tables; CAS-refusing region WERR_BASE..ERR_BASE
// (the write gets ERR), everything from ERR_BASE errs.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_bus_wb_mem #(
  parameter [63:0]  SEED = 1,
  parameter integer BP   = 30,
  parameter integer LAT  = 3,
  parameter [31:0]  RNG_SEED = 32'hBEEF
) (
  input  wire                          clk_i,
  input  wire                          rst_i,
  input  wire                          wb_cyc_i,
  input  wire                          wb_stb_i,
  input  wire                          wb_we_i,
  input  wire                          wb_lock_i,
  input  wire [`MMU_P_PA_BITS-1:0]     wb_adr_i,
  input  wire [8*`MMU_P_PTE_BYTES-1:0] wb_dat_i,
  input  wire [`MMU_P_PTE_BYTES-1:0]   wb_sel_i,
  output reg                           wb_stall_o,
  output reg                           wb_ack_o,
  output reg                           wb_err_o,
  output reg  [8*`MMU_P_PTE_BYTES-1:0] wb_dat_o
);
  localparam integer PTE_BYTES = `MMU_P_PTE_BYTES, LEVELS = `MMU_P_LEVELS, VPN_BITS = `MMU_P_VPN_BITS,
                     PAGE_SHIFT = `MMU_P_PAGE_SHIFT, VA_PORT_BITS = `MMU_P_VA_PORT_BITS;
  localparam integer PTE_BITS = 8 * PTE_BYTES, WORDS = 65536 / PTE_BYTES;
`include "tb_bus_gen.vh"

  reg [PTE_BITS-1:0] mem [0:WORDS-1];
  integer i, fails, n_rd, n_wr, pend;
  reg [31:0] rng;
  reg [PTE_BITS-1:0] pend_dat;
  reg pend_err;
  // last cycle's request, for the stability check
  reg held_q, lock_run_q, locked_rd_q;
  reg [`MMU_P_PA_BITS-1:0] held_adr_q, lock_adr_q;
  reg held_we_q, held_lock_q;
  reg [PTE_BITS-1:0] held_dat_q;
  reg [63:0] a;
  reg e;

  initial begin
    for (i = 0; i < WORDS; i = i + 1) begin a = gen_pte(i * PTE_BYTES); mem[i] = a[PTE_BITS-1:0]; end
    fails = 0; n_rd = 0; n_wr = 0;
  end

  task violation;
    input [8*120-1:0] what;
    begin
      if (fails < 5) $display("FAIL proto_wb_master: %0s (cycle time %0t)", what, $time);
      fails = fails + 1;
    end
  endtask

  always @(posedge clk_i) begin
    if (rst_i) begin
      wb_stall_o <= 1'b0; wb_ack_o <= 1'b0; wb_err_o <= 1'b0; wb_dat_o <= 0;
      pend = 0; rng <= RNG_SEED; held_q <= 1'b0; lock_run_q <= 1'b0; locked_rd_q <= 1'b0;
    end else begin
      rng <= xs32(rng);
      wb_ack_o <= 1'b0; wb_err_o <= 1'b0; wb_dat_o <= 0;
      // ---- monitor (values of the cycle that just ended)
      if (wb_stb_i && !wb_cyc_i) violation("STB without CYC");
      if (held_q && !(wb_stb_i && wb_adr_i == held_adr_q && wb_we_i == held_we_q && wb_lock_i == held_lock_q &&
                      (!wb_we_i || wb_dat_i == held_dat_q)))
        violation("a stalled request changed or was withdrawn before it was accepted");
      if (pend > 0 && !wb_cyc_i) violation("CYC dropped with a request outstanding");
      if (wb_stb_i && !wb_stall_o && pend > 0) violation("a second request while one is outstanding");
      if (wb_stb_i && wb_sel_i != {PTE_BYTES{1'b1}}) violation("SEL not all ones");
      if (lock_run_q && !(wb_cyc_i && wb_lock_i) && pend > 0) violation("LOCK or CYC dropped inside a compare-and-swap");
      if (wb_stb_i && !wb_stall_o && wb_we_i && !(lock_run_q && locked_rd_q && wb_lock_i && wb_adr_i == lock_adr_q))
        violation("a write that is not the second half of a locked read-compare-write");
      held_q <= wb_stb_i && wb_stall_o;
      held_adr_q <= wb_adr_i; held_we_q <= wb_we_i; held_lock_q <= wb_lock_i; held_dat_q <= wb_dat_i;
      // LOCK run: from a locked read's acceptance while LOCK and CYC stay high
      if (!(wb_cyc_i && wb_lock_i)) begin lock_run_q <= 1'b0; locked_rd_q <= 1'b0; end
      // ---- the slave
      if (pend > 0) begin
        pend = pend - 1;
        if (pend == 0) begin wb_ack_o <= !pend_err; wb_err_o <= pend_err; wb_dat_o <= pend_dat; end
      end
      if (wb_cyc_i && wb_stb_i && !wb_stall_o) begin
        a = wb_adr_i;
        e = a >= ERR_BASE || (wb_we_i && a >= WERR_BASE);
        pend_err = e; pend_dat = 0;
        if (!e && !wb_we_i) begin pend_dat = mem[a[15:0] / PTE_BYTES]; n_rd = n_rd + 1; end
        if (!e && wb_we_i) begin mem[a[15:0] / PTE_BYTES] = wb_dat_i; n_wr = n_wr + 1; end
        if (wb_lock_i && !wb_we_i) begin lock_run_q <= 1'b1; locked_rd_q <= 1'b1; lock_adr_q <= wb_adr_i; end
        if (wb_we_i) locked_rd_q <= 1'b0;
        pend = LAT > 1 ? (rng >> 8) % LAT : 0;      // 0: ACK in the next cycle
        if (pend == 0) begin wb_ack_o <= !e; wb_err_o <= e; wb_dat_o <= pend_dat; end
      end
      wb_stall_o <= (rng % 100) < BP;
    end
  end
endmodule
