// tb_bus -- a bus top (BUS=0 mmu_wb, BUS=1 mmu_axi) against the bare mmu_top:
// the same operations (tb_bus_gen.vh: random page tables with every fault,
// bus errors, CAS-refusing memory; translations, STATUS/ASID/MODE/FLUSH
// writes, register and counter reads) go to both. The bare one gets a native
// memory that is always ready and answers next cycle and the native register
// port; the bus one a bus memory with random stalls and wait states (and, on
// AXI, failing exclusive writes) and a register bus master with random
// delays. Every response, every register read and the final memory must be
// the same; protocol monitors (tb_bus_wb_mem, tb_bus_axi_mem,
// tb_bus_native_mon, the register checks below) must see no violation.
// Clocked style only (no delays but the clock): it runs the same under Icarus
// and under --timing in Verilator (the FuseSoC sim target, mmukit.core).
// In-order profiles only (id_bits = 0): the port driver logs responses in
// arrival order, which with request IDs depends on each memory's timing; a
// profile with ID_BITS > 0 is refused at elaboration. req_id_i is tied to 0
// and rsp_id_o must stay 0 (verdict rsp_id_zero).
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_bus;
  parameter integer BUS    = 0;     // 0 Wishbone, 1 AXI
  parameter [63:0]  SEED   = 1;
  parameter integer NOPS   = 600;
  parameter integer BP     = 30;    // percent of cycles a bus slave holds off
  parameter integer LAT    = 3;     // bus answers 1..LAT cycles after the request
  parameter integer XFAIL  = 25;    // AXI: percent of exclusive writes that fail
  parameter integer NOEXCL = 0;     // AXI: no exclusive monitor (every CAS is an ACCESS fault)

  localparam integer PTE_BYTES = `MMU_P_PTE_BYTES, LEVELS = `MMU_P_LEVELS, VPN_BITS = `MMU_P_VPN_BITS,
                     PAGE_SHIFT = `MMU_P_PAGE_SHIFT, VA_PORT_BITS = `MMU_P_VA_PORT_BITS;
  localparam integer PA_BITS = `MMU_P_PA_BITS, PTE_BITS = 8 * PTE_BYTES, WORDS = 65536 / PTE_BYTES;
  localparam integer ID_BITS = `MMU_P_ID_BITS, ID_W = (ID_BITS > 0) ? ID_BITS : 1;
`include "tb_bus_gen.vh"

  generate
    if (ID_BITS != 0) begin : g_chk_id
      tb_bus_needs_profile_with_id_bits_0 u_err();   // in-order response logs (header comment)
    end
  endgenerate

  reg clk = 1'b0;
  always #5 clk = ~clk;
  integer cycle = 0;
  wire rst = cycle < 4;
  always @(posedge clk) cycle <= cycle + 1;

  // ================= reference: mmu_top on its native ports ==================================
  wire                    r_req_valid, r_req_ready, r_req_priv;
  wire [VA_PORT_BITS-1:0] r_req_va;
  wire [1:0]              r_req_acc;
  wire                    r_rsp_valid, r_rsp_fault, r_rsp_hit;
  wire [PA_BITS-1:0]      r_rsp_pa;
  wire [3:0]              r_rsp_cause;
  wire [2:0]              r_rsp_level;
  wire [ID_W-1:0]         r_rsp_id;
  wire                    r_mreq_valid, r_mreq_we;
  wire [PA_BITS-1:0]      r_mreq_addr;
  wire [PTE_BITS-1:0]     r_mreq_wdata, r_mreq_cmp;
  reg                     r_mrsp_valid = 1'b0, r_mrsp_err = 1'b0;
  reg  [PTE_BITS-1:0]     r_mrsp_data = 0;
  reg                     r_reg_we = 1'b0;
  reg  [7:0]              r_reg_addr = 8'd0;
  reg  [63:0]             r_reg_wdata = 64'd0;
  wire [63:0]             r_reg_rdata;

  mmu_top u_ref (
    .clk_i(clk), .rst_i(rst),
    .req_valid_i(r_req_valid), .req_ready_o(r_req_ready), .req_va_i(r_req_va), .req_acc_i(r_req_acc),
    .req_priv_i(r_req_priv), .req_id_i({ID_W{1'b0}}),
    .rsp_valid_o(r_rsp_valid), .rsp_pa_o(r_rsp_pa), .rsp_fault_o(r_rsp_fault), .rsp_cause_o(r_rsp_cause),
    .rsp_level_o(r_rsp_level), .rsp_hit_o(r_rsp_hit), .rsp_id_o(r_rsp_id),
    .mem_req_valid_o(r_mreq_valid), .mem_req_ready_i(1'b1), .mem_req_addr_o(r_mreq_addr),
    .mem_req_we_o(r_mreq_we), .mem_req_wdata_o(r_mreq_wdata), .mem_req_cmp_o(r_mreq_cmp),
    .mem_rsp_valid_i(r_mrsp_valid), .mem_rsp_data_i(r_mrsp_data), .mem_rsp_err_i(r_mrsp_err),
    .reg_we_i(r_reg_we), .reg_addr_i(r_reg_addr), .reg_wdata_i(r_reg_wdata), .reg_rdata_o(r_reg_rdata));

  // native memory: always ready, answers in the next cycle, CAS in one step
  reg [PTE_BITS-1:0] nmem [0:WORDS-1];
  integer i;
  reg [63:0] t, na;
  reg ne;
  integer n_cas = 0, n_err = 0;
  initial for (i = 0; i < WORDS; i = i + 1) begin t = gen_pte(i * PTE_BYTES); nmem[i] = t[PTE_BITS-1:0]; end
  always @(posedge clk) begin
    r_mrsp_valid <= 1'b0; r_mrsp_err <= 1'b0; r_mrsp_data <= 0;
    if (!rst && r_mreq_valid) begin
      na = r_mreq_addr;
      ne = na >= ERR_BASE || (r_mreq_we && (na >= WERR_BASE || (BUS == 1 && NOEXCL != 0)));
      r_mrsp_valid <= 1'b1; r_mrsp_err <= ne;
      if (r_mreq_we) n_cas = n_cas + 1;
      if (ne) n_err = n_err + 1;
      if (!ne) begin
        r_mrsp_data <= nmem[na[15:0] / PTE_BYTES];
        if (r_mreq_we && nmem[na[15:0] / PTE_BYTES] == r_mreq_cmp) nmem[na[15:0] / PTE_BYTES] <= r_mreq_wdata;
      end
    end
  end

  wire        r_rg_go, r_rg_we;
  wire [7:0]  r_rg_addr;
  wire [63:0] r_rg_wdata;
  wire [31:0] r_rg_index;
  reg         r_rg_done = 1'b0;
  reg  [63:0] r_rg_rdata = 64'd0;
  wire        r_done;
  tb_bus_port #(.SEED(SEED), .NOPS(NOPS), .RNG_SEED(32'h2545F491 ^ SEED[31:0])) p_ref (
    .clk_i(clk), .rst_i(rst),
    .req_valid_o(r_req_valid), .req_ready_i(r_req_ready), .req_va_o(r_req_va), .req_acc_o(r_req_acc),
    .req_priv_o(r_req_priv), .rsp_valid_i(r_rsp_valid), .rsp_pa_i(r_rsp_pa), .rsp_fault_i(r_rsp_fault),
    .rsp_cause_i(r_rsp_cause), .rsp_level_i(r_rsp_level), .rsp_hit_i(r_rsp_hit),
    .rg_go_o(r_rg_go), .rg_we_o(r_rg_we), .rg_addr_o(r_rg_addr), .rg_wdata_o(r_rg_wdata),
    .rg_index_o(r_rg_index), .rg_done_i(r_rg_done), .rg_rdata_i(r_rg_rdata), .done_o(r_done));

  // native register adapter: write = one reg_we cycle; read = address, then the registered value
  reg [1:0] r_rs = 2'd0;
  always @(posedge clk) begin
    r_rg_done <= 1'b0; r_reg_we <= 1'b0;
    case (r_rs)
      2'd0: if (!rst && r_rg_go) begin
              r_reg_we <= r_rg_we; r_reg_addr <= r_rg_addr; r_reg_wdata <= r_rg_wdata; r_rs <= 2'd1;
            end
      2'd1: if (r_rg_we) begin r_rg_done <= 1'b1; r_rs <= 2'd3; end else r_rs <= 2'd2;
      2'd2: begin r_rg_rdata <= r_reg_rdata; r_rg_done <= 1'b1; r_rs <= 2'd3; end
      default: r_rs <= 2'd0;
    endcase
  end

  // ================= the bus top ============================================================
  wire                    b_req_valid, b_req_ready, b_req_priv;
  wire [VA_PORT_BITS-1:0] b_req_va;
  wire [1:0]              b_req_acc;
  wire                    b_rsp_valid, b_rsp_fault, b_rsp_hit;
  wire [PA_BITS-1:0]      b_rsp_pa;
  wire [3:0]              b_rsp_cause;
  wire [2:0]              b_rsp_level;
  wire [ID_W-1:0]         b_rsp_id;
  wire                    b_rg_go, b_rg_we;
  wire [7:0]              b_rg_addr;
  wire [63:0]             b_rg_wdata;
  wire [31:0]             b_rg_index;
  reg                     b_rg_done = 1'b0;
  reg  [63:0]             b_rg_rdata = 64'd0;
  wire                    b_done;
  tb_bus_port #(.SEED(SEED), .NOPS(NOPS), .RNG_SEED(32'h9E3779B9 ^ SEED[31:0])) p_bus (
    .clk_i(clk), .rst_i(rst),
    .req_valid_o(b_req_valid), .req_ready_i(b_req_ready), .req_va_o(b_req_va), .req_acc_o(b_req_acc),
    .req_priv_o(b_req_priv), .rsp_valid_i(b_rsp_valid), .rsp_pa_i(b_rsp_pa), .rsp_fault_i(b_rsp_fault),
    .rsp_cause_i(b_rsp_cause), .rsp_level_i(b_rsp_level), .rsp_hit_i(b_rsp_hit),
    .rg_go_o(b_rg_go), .rg_we_o(b_rg_we), .rg_addr_o(b_rg_addr), .rg_wdata_o(b_rg_wdata),
    .rg_index_o(b_rg_index), .rg_done_i(b_rg_done), .rg_rdata_i(b_rg_rdata), .done_o(b_done));

  reg [1:0] phase = 2'd0;
  // ID_BITS = 0: rsp_id_o is 0 in every cycle (docs/rtl.md "Ports"), on both tops
  integer id_bad = 0;
  always @(posedge clk) if (!rst && (r_rsp_id !== {ID_W{1'b0}} || b_rsp_id !== {ID_W{1'b0}})) id_bad = id_bad + 1;
  integer mem_bad = 0, mem_first = -1, k2;
  reg [63:0] mem_first_n, mem_first_b;
  integer reg_fails = 0, reg_ops = 0, partial_ops = 0, mon_fails, bus_rd, bus_wr, bus_xfail;
  reg [31:0] rrng = 32'h7F4A7C15;
  task reg_violation;
    input [8*100-1:0] what;
    begin
      if (reg_fails < 5) $display("FAIL proto_%0s_slave: %0s (time %0t)", BUS ? "axil" : "wb", what, $time);
      reg_fails = reg_fails + 1;
    end
  endtask

  generate if (BUS == 0) begin : g_wb
    wire        m_cyc, m_stb, m_we, m_lock, m_stall, m_ack, m_err;
    wire [PA_BITS-1:0]   m_adr;
    wire [PTE_BITS-1:0]  m_dat_w, m_dat_r;
    wire [PTE_BYTES-1:0] m_sel;
    reg         s_cyc = 1'b0, s_stb = 1'b0, s_we = 1'b0;
    reg  [10:0] s_adr = 11'd0;
    reg  [63:0] s_dat_w = 64'd0;
    reg  [7:0]  s_sel = 8'hFF;
    wire        s_stall, s_ack, s_err;
    wire [63:0] s_dat_r;

    mmu_wb dut (
      .clk_i(clk), .rst_i(rst),
      .req_valid_i(b_req_valid), .req_ready_o(b_req_ready), .req_va_i(b_req_va), .req_acc_i(b_req_acc),
      .req_priv_i(b_req_priv), .req_id_i({ID_W{1'b0}}),
      .rsp_valid_o(b_rsp_valid), .rsp_pa_o(b_rsp_pa), .rsp_fault_o(b_rsp_fault), .rsp_cause_o(b_rsp_cause),
      .rsp_level_o(b_rsp_level), .rsp_hit_o(b_rsp_hit), .rsp_id_o(b_rsp_id),
      .wbm_cyc_o(m_cyc), .wbm_stb_o(m_stb), .wbm_we_o(m_we), .wbm_lock_o(m_lock), .wbm_adr_o(m_adr),
      .wbm_dat_o(m_dat_w), .wbm_sel_o(m_sel), .wbm_stall_i(m_stall), .wbm_ack_i(m_ack), .wbm_err_i(m_err),
      .wbm_dat_i(m_dat_r),
      .wbs_cyc_i(s_cyc), .wbs_stb_i(s_stb), .wbs_we_i(s_we), .wbs_adr_i(s_adr), .wbs_dat_i(s_dat_w),
      .wbs_sel_i(s_sel), .wbs_stall_o(s_stall), .wbs_ack_o(s_ack), .wbs_err_o(s_err), .wbs_dat_o(s_dat_r));

    tb_bus_wb_mem #(.SEED(SEED), .BP(BP), .LAT(LAT), .RNG_SEED(32'h1B873593 ^ SEED[31:0])) mem (
      .clk_i(clk), .rst_i(rst), .wb_cyc_i(m_cyc), .wb_stb_i(m_stb), .wb_we_i(m_we), .wb_lock_i(m_lock),
      .wb_adr_i(m_adr), .wb_dat_i(m_dat_w), .wb_sel_i(m_sel), .wb_stall_o(m_stall), .wb_ack_o(m_ack),
      .wb_err_o(m_err), .wb_dat_o(m_dat_r));

    tb_bus_native_mon #(.NAME("wb"), .PA_BITS(PA_BITS), .PTE_BITS(PTE_BITS)) nmon (
      .clk_i(clk), .rst_i(rst), .mem_req_valid(dut.mem_req_valid), .mem_req_ready(dut.mem_req_ready),
      .mem_req_addr(dut.mem_req_addr), .mem_req_we(dut.mem_req_we), .mem_rsp_valid(dut.mem_rsp_valid));

    // Register master: random delay, then one request; before some writes a partial
    // (SEL 0x0F) write of other data, which must get ERR and change nothing.
    // Checks: never STALL, ACK/ERR exactly in the cycle after the request, never otherwise.
    reg [2:0] st = 3'd0;
    reg       partial = 1'b0, expect_q = 1'b0;
    always @(posedge clk) begin
      b_rg_done <= 1'b0;
      rrng <= xs32(rrng);
      if (!rst) begin
        if ((s_ack || s_err) && !expect_q) reg_violation("ACK/ERR without a request in the cycle before");
        if (s_cyc && s_stb && s_stall) reg_violation("STALL (the slave promises never to stall)");
      end
      expect_q <= s_cyc && s_stb && !rst;
      case (st)
        3'd0: if (!rst && b_rg_go && rrng[1:0] == 2'd0) begin
                partial = b_rg_we && rrng[4:2] == 3'd0;
                s_cyc <= 1'b1; s_stb <= 1'b1; s_we <= b_rg_we; s_adr <= {b_rg_addr, 3'b000};
                s_dat_w <= partial ? ~b_rg_wdata : b_rg_wdata; s_sel <= partial ? 8'h0F : 8'hFF;
                st <= 3'd1;
              end
        3'd1: begin s_stb <= 1'b0; s_we <= 1'b0; st <= 3'd2; end
        3'd2: begin
                s_cyc <= 1'b0;
                if (!(partial ? (s_err && !s_ack) : (s_ack && !s_err)))
                  reg_violation(partial ? "a partial write not answered ERR in the next cycle"
                                        : "no ACK in the cycle after the request");
                if (partial) begin partial_ops = partial_ops + 1; partial = 1'b0; st <= 3'd0; end
                else begin reg_ops = reg_ops + 1; b_rg_rdata <= s_dat_r; b_rg_done <= 1'b1; st <= 3'd3; end
              end
        default: st <= 3'd0;
      endcase
    end
    always @* begin mon_fails = mem.fails + nmon.fails; bus_rd = mem.n_rd; bus_wr = mem.n_wr; bus_xfail = 0; end
    always @(posedge clk)
      if (phase == 2'd1) begin
        mem_bad = 0; mem_first = -1;
        for (k2 = 0; k2 < WORDS; k2 = k2 + 1)
          if (nmem[k2] !== mem.mem[k2]) begin
            mem_bad = mem_bad + 1;
            if (mem_first < 0) begin mem_first = k2; mem_first_n = nmem[k2]; mem_first_b = mem.mem[k2]; end
          end
      end
  end else begin : g_axi
    wire                 ar_valid, ar_ready, ar_lock, r_valid, r_ready, r_last, aw_valid, aw_ready, aw_lock;
    wire                 w_valid, w_ready, w_last, bb_valid, bb_ready;
    wire [0:0]           ar_id, r_id, aw_id, b_id;
    wire [PA_BITS-1:0]   ar_addr, aw_addr;
    wire [7:0]           ar_len, aw_len;
    wire [2:0]           ar_size, aw_size, ar_prot, aw_prot;
    wire [1:0]           ar_burst, aw_burst, r_resp, bb_resp;
    wire [3:0]           ar_cache, aw_cache;
    wire [PTE_BITS-1:0]  r_data, w_data;
    wire [PTE_BYTES-1:0] w_strb;
    reg         s_awvalid = 1'b0, s_wvalid = 1'b0, s_bready = 1'b0, s_arvalid = 1'b0, s_rready = 1'b0;
    reg  [10:0] s_awaddr = 11'd0, s_araddr = 11'd0;
    reg  [63:0] s_wdata = 64'd0;
    reg  [7:0]  s_wstrb = 8'hFF;
    wire        s_awready, s_wready, s_bvalid, s_arready, s_rvalid;
    wire [1:0]  s_bresp, s_rresp;
    wire [63:0] s_rdata;
    assign r_id = 1'b0; assign b_id = 1'b0; assign r_last = 1'b1;

    mmu_axi dut (
      .clk_i(clk), .rst_i(rst),
      .req_valid_i(b_req_valid), .req_ready_o(b_req_ready), .req_va_i(b_req_va), .req_acc_i(b_req_acc),
      .req_priv_i(b_req_priv), .req_id_i({ID_W{1'b0}}),
      .rsp_valid_o(b_rsp_valid), .rsp_pa_o(b_rsp_pa), .rsp_fault_o(b_rsp_fault), .rsp_cause_o(b_rsp_cause),
      .rsp_level_o(b_rsp_level), .rsp_hit_o(b_rsp_hit), .rsp_id_o(b_rsp_id),
      .m_axi_arvalid(ar_valid), .m_axi_arready(ar_ready), .m_axi_arid(ar_id), .m_axi_araddr(ar_addr),
      .m_axi_arlen(ar_len), .m_axi_arsize(ar_size), .m_axi_arburst(ar_burst), .m_axi_arlock(ar_lock),
      .m_axi_arcache(ar_cache), .m_axi_arprot(ar_prot),
      .m_axi_rvalid(r_valid), .m_axi_rready(r_ready), .m_axi_rid(r_id), .m_axi_rdata(r_data),
      .m_axi_rresp(r_resp), .m_axi_rlast(r_last),
      .m_axi_awvalid(aw_valid), .m_axi_awready(aw_ready), .m_axi_awid(aw_id), .m_axi_awaddr(aw_addr),
      .m_axi_awlen(aw_len), .m_axi_awsize(aw_size), .m_axi_awburst(aw_burst), .m_axi_awlock(aw_lock),
      .m_axi_awcache(aw_cache), .m_axi_awprot(aw_prot),
      .m_axi_wvalid(w_valid), .m_axi_wready(w_ready), .m_axi_wdata(w_data), .m_axi_wstrb(w_strb),
      .m_axi_wlast(w_last),
      .m_axi_bvalid(bb_valid), .m_axi_bready(bb_ready), .m_axi_bid(b_id), .m_axi_bresp(bb_resp),
      .s_axil_awvalid(s_awvalid), .s_axil_awready(s_awready), .s_axil_awaddr(s_awaddr), .s_axil_awprot(3'd0),
      .s_axil_wvalid(s_wvalid), .s_axil_wready(s_wready), .s_axil_wdata(s_wdata), .s_axil_wstrb(s_wstrb),
      .s_axil_bvalid(s_bvalid), .s_axil_bready(s_bready), .s_axil_bresp(s_bresp),
      .s_axil_arvalid(s_arvalid), .s_axil_arready(s_arready), .s_axil_araddr(s_araddr), .s_axil_arprot(3'd0),
      .s_axil_rvalid(s_rvalid), .s_axil_rready(s_rready), .s_axil_rdata(s_rdata), .s_axil_rresp(s_rresp));

    tb_bus_axi_mem #(.SEED(SEED), .BP(BP), .LAT(LAT), .XFAIL(XFAIL), .NOEXCL(NOEXCL),
                     .RNG_SEED(32'h85EBCA6B ^ SEED[31:0])) mem (
      .clk_i(clk), .rst_i(rst),
      .arvalid(ar_valid), .arready(ar_ready), .araddr(ar_addr), .arlen(ar_len), .arsize(ar_size),
      .arburst(ar_burst), .arlock(ar_lock), .rvalid(r_valid), .rready(r_ready), .rdata(r_data), .rresp(r_resp),
      .awvalid(aw_valid), .awready(aw_ready), .awaddr(aw_addr), .awlen(aw_len), .awsize(aw_size),
      .awlock(aw_lock), .wvalid(w_valid), .wready(w_ready), .wdata(w_data), .wstrb(w_strb), .wlast(w_last),
      .bvalid(bb_valid), .bready(bb_ready), .bresp(bb_resp));

    tb_bus_native_mon #(.NAME("axi"), .PA_BITS(PA_BITS), .PTE_BITS(PTE_BITS)) nmon (
      .clk_i(clk), .rst_i(rst), .mem_req_valid(dut.mem_req_valid), .mem_req_ready(dut.mem_req_ready),
      .mem_req_addr(dut.mem_req_addr), .mem_req_we(dut.mem_req_we), .mem_rsp_valid(dut.mem_rsp_valid));

    // Register master: AW and W offered with a random skew, BREADY / RREADY after a
    // random delay; before some writes a partial (WSTRB 0x0F) one, which must get SLVERR.
    // Checks: AWREADY = WREADY; BVALID / RVALID in the cycle after the handshake and not
    // otherwise; response and data held until taken.
    reg [3:0]  st = 4'd0;
    reg        partial = 1'b0, aw_ok = 1'b0, w_ok = 1'b0, bpend = 1'b0, rpend = 1'b0, due_b = 1'b0, due_r = 1'b0;
    reg        held_b = 1'b0, held_r = 1'b0;
    reg [65:0] held_val;
    integer    delay;
    always @(posedge clk) begin
      b_rg_done <= 1'b0;
      rrng <= xs32(rrng);
      if (!rst) begin
        if (s_awready != s_wready) reg_violation("AWREADY and WREADY differ");
        if (s_bvalid && !bpend) reg_violation("BVALID without a write");
        if (s_rvalid && !rpend) reg_violation("RVALID without a read");
        if (due_b && !s_bvalid) reg_violation("no BVALID in the cycle after the write handshake");
        if (due_r && !s_rvalid) reg_violation("no RVALID in the cycle after the read handshake");
        if (held_b && !(s_bvalid && s_bresp == held_val[1:0])) reg_violation("B withdrawn or changed before BREADY");
        if (held_r && !(s_rvalid && {s_rresp, s_rdata} == held_val)) reg_violation("R withdrawn or changed before RREADY");
      end
      held_b <= s_bvalid && !s_bready; held_r <= s_rvalid && !s_rready;
      held_val <= s_bvalid ? {64'd0, s_bresp} : {s_rresp, s_rdata};
      due_b <= 1'b0; due_r <= 1'b0;
      if (s_awvalid && s_awready) begin s_awvalid <= 1'b0; s_awaddr <= {rrng[23:16], 3'b000}; aw_ok = 1'b1; end
      if (s_wvalid && s_wready) begin s_wvalid <= 1'b0; w_ok = 1'b1; end
      // after a handshake the address lines carry something else (as AXI allows)
      if (s_arvalid && s_arready) begin s_arvalid <= 1'b0; s_araddr <= {rrng[15:8], 3'b000}; rpend <= 1'b1; due_r <= 1'b1; end
      case (st)
        4'd0: if (!rst && b_rg_go && rrng[1:0] == 2'd0) begin
                partial = b_rg_we && rrng[4:2] == 3'd0;
                aw_ok = 1'b0; w_ok = 1'b0; delay = rrng[9:8];
                if (b_rg_we) begin
                  s_awaddr <= {b_rg_addr, 3'b000}; s_wdata <= partial ? ~b_rg_wdata : b_rg_wdata;
                  s_wstrb <= partial ? 8'h0F : 8'hFF;
                  s_awvalid <= rrng[6:5] != 2'd1; s_wvalid <= rrng[6:5] != 2'd2;   // skew: AW or W first
                  st <= 4'd1;
                end else begin
                  s_araddr <= {b_rg_addr, 3'b000}; s_arvalid <= 1'b1; st <= 4'd4;
                end
              end
        4'd1: begin                           // the late half of AW / W
                if (!s_awvalid && !aw_ok && !(s_awvalid && s_awready)) s_awvalid <= 1'b1;
                if (!s_wvalid && !w_ok && !(s_wvalid && s_wready)) s_wvalid <= 1'b1;
                if (aw_ok && w_ok) begin bpend <= 1'b1; due_b <= 1'b1; st <= 4'd2; end
              end
        4'd2: if (delay == 0) begin s_bready <= 1'b1; st <= 4'd3; end else delay = delay - 1;
        4'd3: if (s_bvalid && s_bready) begin
                s_bready <= 1'b0; bpend <= 1'b0;
                if (s_bresp != (partial ? 2'b10 : 2'b00))
                  reg_violation(partial ? "a partial write not answered SLVERR" : "a write not answered OKAY");
                if (partial) begin partial_ops = partial_ops + 1; partial = 1'b0; st <= 4'd0; end
                else begin reg_ops = reg_ops + 1; b_rg_done <= 1'b1; st <= 4'd6; end
              end
        4'd4: if (rpend) begin st <= 4'd5; end
        4'd5: if (delay == 0) begin s_rready <= 1'b1; st <= 4'd7; end else delay = delay - 1;
        4'd7: if (s_rvalid && s_rready) begin
                s_rready <= 1'b0; rpend <= 1'b0; reg_ops = reg_ops + 1;
                b_rg_rdata <= s_rdata; b_rg_done <= 1'b1; st <= 4'd6;
                if (s_rresp != 2'b00) reg_violation("a read not answered OKAY");
              end
        default: st <= 4'd0;
      endcase
    end
    always @* begin mon_fails = mem.fails + nmon.fails; bus_rd = mem.n_rd; bus_wr = mem.n_wr; bus_xfail = mem.n_xfail; end
    always @(posedge clk)
      if (phase == 2'd1) begin
        mem_bad = 0; mem_first = -1;
        for (k2 = 0; k2 < WORDS; k2 = k2 + 1)
          if (nmem[k2] !== mem.mem[k2]) begin
            mem_bad = mem_bad + 1;
            if (mem_first < 0) begin mem_first = k2; mem_first_n = nmem[k2]; mem_first_b = mem.mem[k2]; end
          end
      end
  end endgenerate

  // ================= the verdict ============================================================
  integer n_pass = 0, n_fail = 0, k, bad, first_bad;
  reg [8*240-1:0] why;
  task verdict;
    input [8*64-1:0] name;
    input ok;
    input [8*240-1:0] msg;
    begin
      if (ok) begin $display("PASS %0s", name); n_pass = n_pass + 1; end
      else begin $display("FAIL %0s: %0s", name, msg); n_fail = n_fail + 1; end
    end
  endtask

  always @(posedge clk) begin
    if (phase == 2'd0 && !rst && ((r_done && b_done) || cycle > 200 * NOPS + 2000)) phase <= 2'd1;
    if (phase == 2'd1) phase <= 2'd2;     // the bus branch compares the memories
    if (phase == 2'd2) begin
      verdict("finished", r_done && b_done && cycle <= 200 * NOPS + 2000, "watchdog: the operations did not all complete (a hang on the bus?)");
      $sformat(why, "native %0d, bus %0d translations", p_ref.n_rsp, p_bus.n_rsp);
      verdict("translation_count", p_ref.n_rsp == p_bus.n_rsp && p_ref.n_rsp > NOPS / 2, why);
      bad = 0; first_bad = -1;
      for (k = 0; k < p_ref.n_rsp && k < p_bus.n_rsp; k = k + 1)
        if (p_ref.rsp_log[k] !== p_bus.rsp_log[k]) begin bad = bad + 1; if (first_bad < 0) first_bad = k; end
      if (first_bad >= 0)
        $sformat(why, "%0d differ; first #%0d: native {hit,level,cause,fault,pa} %h, bus %h", bad, first_bad,
                 p_ref.rsp_log[first_bad], p_bus.rsp_log[first_bad]);
      verdict("translations_match_native", bad == 0, why);
      bad = 0; first_bad = -1;
      for (k = 0; k < p_ref.n_rd && k < p_bus.n_rd; k = k + 1)
        if (p_ref.rd_log[k] !== p_bus.rd_log[k]) begin bad = bad + 1; if (first_bad < 0) first_bad = k; end
      if (first_bad >= 0)
        $sformat(why, "%0d differ; first #%0d: native %h, bus %h", bad, first_bad, p_ref.rd_log[first_bad],
                 p_bus.rd_log[first_bad]);
      else $sformat(why, "native %0d reads, bus %0d", p_ref.n_rd, p_bus.n_rd);
      verdict("register_reads_match_native", bad == 0 && p_ref.n_rd == p_bus.n_rd, why);
      $sformat(why, "%0d cycles with rsp_id_o != 0 (native or bus top)", id_bad);
      verdict("rsp_id_zero", id_bad == 0, why);
      if (mem_first >= 0)
        $sformat(why, "%0d words differ; first at %h: native %h, bus %h", mem_bad, mem_first * PTE_BYTES,
                 mem_first_n, mem_first_b);
      verdict("memory_after_ad_updates_matches_native", mem_bad == 0, why);
      $sformat(why, "%0d violations (FAIL lines above)", mon_fails);
      verdict(BUS ? "protocol_axi_master" : "protocol_wb_master", mon_fails == 0, why);
      $sformat(why, "%0d violations (FAIL lines above), %0d register accesses", reg_fails, reg_ops);
      verdict(BUS ? "protocol_axil_slave" : "protocol_wb_slave", reg_fails == 0 && reg_ops > 0, why);
      $sformat(why, "%0d partial writes refused", partial_ops);
      verdict("partial_writes_refused", partial_ops > 0, why);
      $sformat(why, "bus %0d reads, %0d PTE writes, %0d failed exclusive writes; native %0d CAS, %0d bus errors",
               bus_rd, bus_wr, bus_xfail, n_cas, n_err);
      verdict("stimulus_covers_cas_and_errors", n_cas > 0 && n_err > 0 && (NOEXCL != 0 || bus_wr > 0) &&
              (BUS == 0 || XFAIL == 0 || NOEXCL != 0 || bus_xfail > 0), why);
      $display("# %0d passed, %0d failed", n_pass, n_fail);
      $finish;
    end
  end
endmodule
