// hil_mem -- physical memory behind the MMU's walker port, in block RAM.
//
//   walker port (mmu_top mem_req/mem_rsp) --+
//   host byte port (hil_engine) ------------+--> arbiter/FSM --> hil_ram (PTE-wide words)
//   clear_i (zero every word) --------------+
//
//   S_IDLE --walker read/CAS--> S_WCHK: address check (registered), RAM read --> S_WRD:
//                               the word into rd_q --> S_WALK: rsp_valid_o with the word; a CAS
//                               whose word equals cmp writes wdata now, or, with
//                               CAS_WRITE_CYCLE=1, in S_WCAS after it (the compare
//                               registered: on ECP5 a 64-bit compare in front of a
//                               DP16KD's write enable is the board's slowest path;
//                               on iCE40 the extra state costs more than it saves)
//                               --or, bad address: S_WRD --> S_WERR: the error answer
//          --host byte--------> S_HRD: the word into rd_q --> S_HOST: done_o with the
//                               byte; a write merges it (bad address: S_HERR)
//          --clear_i----------> S_CLEAR: one word per cycle
//
// The walker's request is registered in every idle cycle (no enable: the
// MMU's mem_req_valid may come late in the cycle) and checked and read from
// the register (S_WCHK); req_valid_i only steers the next state. Nothing of
// the MMU's request path reaches the RAM, the address check or a register
// enable in the same cycle; the RAM's read port goes only into a register
// (rd_q: block RAM outputs are slow, 5.6 ns on ECP5), and the walker's
// response comes from registers: the bridge never extends a path of the
// MMU's and has no long path of its own. The memory holds PAs base_i .. base_i + 2^MEM_LOG2 - 1;
// the host port addresses it by offset from base_i. Walker requests are
// answered three cycles after the handshake (docs/rtl.md "Memory port rules"
// allows any latency; with CAS_WRITE_CYCLE a CAS keeps the bridge busy a cycle more), with
// mem_rsp_err for a PA outside base_i .. base_i + limit_i - 1 (limit_i 0 or above the size:
// the whole memory) or not aligned to a PTE. Little-endian:
// byte k of a word is bits [8k+7:8k]. The walker goes first when both ask.
`default_nettype none

module hil_mem #(
  parameter integer PA_BITS   = 34,
  parameter integer PTE_BYTES = 4,
  parameter integer MEM_LOG2  = 12,       // memory size: 2^MEM_LOG2 bytes (< 32)
  parameter integer CAS_WRITE_CYCLE = 0   // 1: a CAS writes in a cycle of its own (S_WCAS)
) (
  input  wire                   clk_i,
  input  wire                   rst_i,
  input  wire [63:0]            base_i,   // PA of the first byte (aligned to the size)
  input  wire [31:0]            limit_i,  // bytes at and above base + limit are bus errors
  // walker port
  input  wire                   req_valid_i,
  output wire                   req_ready_o,
  input  wire [PA_BITS-1:0]     req_addr_i,
  input  wire                   req_we_i,  // compare-and-swap
  input  wire [8*PTE_BYTES-1:0] req_wdata_i,
  input  wire [8*PTE_BYTES-1:0] req_cmp_i,
  output wire                   rsp_valid_o,
  output wire [8*PTE_BYTES-1:0] rsp_data_o,
  output wire                   rsp_err_o,
  // host byte port
  input  wire                   h_valid_i,
  output wire                   h_ready_o,
  input  wire                   h_we_i,
  input  wire [31:0]            h_addr_i,
  input  wire [7:0]             h_byte_i,
  output wire                   h_done_o,  // strobe, the cycle after acceptance
  output wire [7:0]             h_byte_o,
  output wire                   h_err_o,
  // clear every word
  input  wire                   clear_i,
  output wire                   busy_o
);
  localparam integer W      = 8 * PTE_BYTES;
  localparam integer LANE_B = (PTE_BYTES == 8) ? 3 : (PTE_BYTES == 4) ? 2 : (PTE_BYTES == 2) ? 1 : 0;
  localparam integer LW     = (LANE_B > 0) ? LANE_B : 1;
  localparam integer AW     = MEM_LOG2 - LANE_B;
  localparam [3:0] S_IDLE = 4'd0, S_WALK = 4'd1, S_WERR = 4'd2, S_HOST = 4'd3,
                   S_HERR = 4'd4, S_CLEAR = 4'd5, S_WCHK = 4'd6, S_WRD = 4'd7, S_HRD = 4'd8,
                   S_WCAS = 4'd9;

  reg  [3:0]    state_q;
  reg  [W-1:0]  rd_q;                  // the word read, a cycle after the RAM's port
  reg           cas_q, hwe_q;
  reg           cas_wr_q;              // S_WCAS: the CAS found cmp (compared in S_WALK)
  reg           wok_q;                 // S_WRD: the address S_WCHK checked is good
  reg  [W-1:0]  wdata_q, cmp_q;
  reg  [AW-1:0] clr_q;
  reg  [LW-1:0] lane_q;
  reg  [7:0]    hbyte_q;
  reg  [PA_BITS-1:0] wa_q;             // the walker's PA, registered at acceptance

  // Address checks: inside the window, below the limit, PTE-aligned. Every
  // compare of a wide value with the memory size is a test of the bits above
  // MEM_LOG2 (an OR or an equality, no carry chain); the only magnitude
  // compare left is MEM_LOG2 bits wide (offset < limit when the limit is
  // inside the memory).
  localparam integer XW = (PA_BITS > MEM_LOG2) ? PA_BITS : MEM_LOG2 + 1;   // window compare: PA bits XW-1..MEM_LOG2
  wire [63:0] wa       = {{(64-PA_BITS){1'b0}}, wa_q};   // PA_BITS < 64
  wire [31:0] ha       = h_addr_i;
  wire        lim_all  = (limit_i == 32'd0) | (|limit_i[31:MEM_LOG2]);   // 0 or >= 2^MEM_LOG2: all of it
  wire [MEM_LOG2-1:0] lim_lo = limit_i[MEM_LOG2-1:0];
  wire [MEM_LOG2-1:0] woff   = wa[MEM_LOG2-1:0];
  wire [MEM_LOG2-1:0] hoff   = ha[MEM_LOG2-1:0];
  // the window: the PA's bits above MEM_LOG2 equal base's (base has none above XW)
  wire        win_hit  = (wa[XW-1:MEM_LOG2] == base_i[XW-1:MEM_LOG2]) & ~(|base_i[63:XW]);
  wire        aligned  = (LANE_B == 0) ? 1'b1 : (wa[LW-1:0] == {LW{1'b0}});
  wire        walk_ok  = win_hit & (lim_all | (woff < lim_lo)) & aligned;
  wire        host_ok  = ~(|ha[31:MEM_LOG2]) & (lim_all | (hoff < lim_lo));
  wire        unused_base = ^base_i[MEM_LOG2-1:0];   // base is aligned to the size
  wire        unused_wa   = ^wa[63:XW];              // zero above PA_BITS

  wire idle     = (state_q == S_IDLE);

  // ---- the RAM ----------------------------------------------------------------------
  wire [W-1:0]  rdata;
  wire          cas_hit = (rd_q == cmp_q);
  wire [W-1:0]  lane_mask = {{(W-8){1'b0}}, 8'hff} << (8 * lane_q);
  wire [W-1:0]  merged = (rd_q & ~lane_mask) | ({{(W-8){1'b0}}, hbyte_q} << (8 * lane_q));
  reg           ram_we;
  reg  [AW-1:0] ram_addr;
  reg  [W-1:0]  ram_wdata;
  always @(*) begin
    ram_we    = 1'b0;
    ram_addr  = wa[LANE_B +: AW];   // the walker's word (S_WCHK, S_WRD read it, S_WALK or S_WCAS writes a CAS)
    ram_wdata = wdata_q;
    case (state_q)
      S_IDLE, S_HRD: ram_addr = ha[LANE_B +: AW];   // a host read
      S_WALK: ram_we = (CAS_WRITE_CYCLE == 0) & cas_q & cas_hit;
      S_WCAS: ram_we = (CAS_WRITE_CYCLE != 0) & cas_wr_q;
      S_HOST: begin ram_we = hwe_q; ram_addr = ha[LANE_B +: AW]; ram_wdata = merged; end
      S_CLEAR: begin ram_we = 1'b1; ram_addr = clr_q; ram_wdata = {W{1'b0}}; end
      default: ;
    endcase
  end
  hil_ram #(.WIDTH(W), .AW(AW)) u_ram (
    .clk_i(clk_i), .we_i(ram_we), .addr_i(ram_addr), .wdata_i(ram_wdata), .rdata_o(rdata));

  // ---- FSM ----------------------------------------------------------------------------
  // Both ports' requests are captured in every idle cycle; the state says
  // which one was taken. The host's address is the engine's register, stable
  // until h_done_o.
  always @(posedge clk_i) begin
    if (idle) begin
      cas_q   <= req_we_i;
      wdata_q <= req_wdata_i;
      cmp_q   <= req_cmp_i;
      wa_q    <= req_addr_i;
      hwe_q   <= h_we_i;
      hbyte_q <= h_byte_i;
      lane_q  <= (LANE_B > 0) ? ha[LW-1:0] : {LW{1'b0}};
    end
  end
  always @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_IDLE;
      clr_q   <= {AW{1'b0}};
    end else begin
      case (state_q)
        S_IDLE:
          if (clear_i) begin
            state_q <= S_CLEAR;
            clr_q   <= {AW{1'b0}};
          end else if (req_valid_i)
            state_q <= S_WCHK;
          else if (h_valid_i)
            state_q <= host_ok ? S_HRD : S_HERR;
        S_WCHK: state_q <= S_WRD;   // the check's result is registered (wok_q); a bad
                                    // address reads a harmless word and answers from S_WRD
        S_WRD:  state_q <= wok_q ? S_WALK : S_WERR;
        S_WALK: state_q <= ((CAS_WRITE_CYCLE != 0) & cas_q) ? S_WCAS : S_IDLE;
        S_HRD:  state_q <= S_HOST;
        S_CLEAR: begin
          clr_q <= clr_q + 1'b1;
          if (&clr_q) state_q <= S_IDLE;
        end
        default: state_q <= S_IDLE;   // S_WCAS, S_WERR, S_HOST, S_HERR: one cycle
      endcase
    end
  end

  // the walker's answer, registered: valid and error in S_WALK / S_WERR, the
  // word read in S_WALK, zero otherwise (a synchronous reset: no gate
  // between the register and the MMU)
  reg          rsp_v_q, rsp_e_q;
  reg  [W-1:0] rsp_d_q;
  always @(posedge clk_i) begin
    rd_q <= rdata;
    cas_wr_q <= cas_q & cas_hit;
    wok_q <= walk_ok;   // the only user of the address compare: one flip-flop, no fanout
    if (state_q != S_WRD || !wok_q) rsp_d_q <= {W{1'b0}};
    else                            rsp_d_q <= rdata;
    if (rst_i) begin
      rsp_v_q <= 1'b0;
      rsp_e_q <= 1'b0;
    end else begin
      rsp_v_q <= (state_q == S_WRD);
      rsp_e_q <= (state_q == S_WRD) & !wok_q;
    end
  end

  assign req_ready_o = idle & !clear_i;
  assign rsp_valid_o = rsp_v_q;   // = state S_WALK or S_WERR
  assign rsp_data_o  = rsp_d_q;
  assign rsp_err_o   = rsp_e_q;   // = state S_WERR
  assign h_ready_o   = idle & !clear_i & !req_valid_i;
  assign h_done_o    = (state_q == S_HOST) | (state_q == S_HERR);
  assign h_byte_o    = (state_q == S_HOST) ? rd_q[8 * lane_q +: 8] : 8'd0;
  assign h_err_o     = (state_q == S_HERR);
  assign busy_o      = (state_q == S_CLEAR) | clear_i;
endmodule
