// mmu_board -- the MMU with its physical memory and the UART bridge; every
// board top (fpga/boards/*/) is this plus a clock, a power-on reset and pins.
//
//   uart_rx_i -> uart_rx -> hil_frame_rx -> hil_engine -> hil_frame_tx -> uart_tx -> uart_tx_o
//                                             |   ^  reg port, req/rsp
//                                             v   |
//                                            mmu_top ---- walker port ----> hil_mem (block RAM)
//                                             hil_engine host byte port --> hil_mem
//
// The MMU's geometry and features come from mmu_profile.vh (the profile chosen
// by the build; fpga/boards/boards.mk): mmu_top takes its counter width and
// feature switches from the profile, so the board passes none of them. The
// TLB may be shrunk for a board (TLB_SETS/WAYS/REPL; the host reads CONFIG0).
// In-order profiles only (id_bits = 0): the engine's TRANSLATE and SIGNATURE
// answers carry no request ID and the host protocol has none, so a profile with
// request IDs (hit-under-miss, docs/rtl.md) is refused at elaboration
// (unsupported_parameter_ID_BITS_board_needs_0); req_id_i is tied to 0.
`default_nettype none
`include "mmu_profile.vh"

module mmu_board #(
  parameter integer CLK_HZ       = 12000000,
  parameter integer CLKS_PER_BIT = 104,      // CLK_HZ / baud
  parameter integer MEM_LOG2     = 14,       // physical memory 2^MEM_LOG2 bytes
  parameter integer CAS_WRITE_CYCLE = 0,    // hil_mem: a CAS writes a cycle after its compare (ECP5)
  parameter integer TLB_SETS     = `MMU_P_TLB_SETS,   // a board may shrink the TLB (CONFIG0 says so)
  parameter integer TLB_WAYS     = `MMU_P_TLB_WAYS,
  parameter integer TLB_REPL     = `MMU_P_TLB_REPL,
  parameter integer TIMEOUT      = 10000 * CLKS_PER_BIT
) (
  input  wire clk_i,
  input  wire rst_i,          // synchronous, active high
  input  wire uart_rx_i,
  output wire uart_tx_o,
  output wire [4:0] led_o     // 0 heartbeat, 1 command busy, 2 walker busy, 3 last response faulted, 4 UART framing error seen
);
  localparam integer VA_PORT_BITS = `MMU_P_VA_PORT_BITS;
  localparam integer PA_BITS      = `MMU_P_PA_BITS;
  localparam integer PTE_BYTES    = `MMU_P_PTE_BYTES;
  localparam integer PTE_BITS     = 8 * PTE_BYTES;
  localparam integer ARG_LEN      = 26;
  localparam integer RESP_LEN     = 28;
  localparam integer ID_BITS      = `MMU_P_ID_BITS;

  generate
    if (ID_BITS != 0) begin : g_chk_id
      unsupported_parameter_ID_BITS_board_needs_0 u_err();
    end
  endgenerate

  // ---- UART and framing ----------------------------------------------------------
  wire       rx_valid, rx_ferr;
  wire [7:0] rx_byte;
  uart_rx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_rx (
    .clk_i(clk_i), .rst_i(rst_i), .rx_i(uart_rx_i),
    .byte_valid_o(rx_valid), .byte_o(rx_byte), .frame_err_o(rx_ferr));

  wire                  f_frame, f_bad, eng_busy, tx_busy;
  wire [7:0]            f_cmd, f_len;
  wire [8*ARG_LEN-1:0]  f_arg;
  hil_frame_rx #(.MAX_LEN(ARG_LEN), .TIMEOUT(TIMEOUT)) u_frx (
    .clk_i(clk_i), .rst_i(rst_i), .busy_i(eng_busy | tx_busy),
    .byte_valid_i(rx_valid), .byte_i(rx_byte),
    .frame_o(f_frame), .bad_o(f_bad), .cmd_o(f_cmd), .len_o(f_len), .arg_o(f_arg));

  wire                  t_start, t_valid, t_ready;
  wire [7:0]            t_cmd, t_status, t_len, t_byte;
  wire [8*RESP_LEN-1:0] t_payload;
  hil_frame_tx #(.MAX_LEN(RESP_LEN)) u_ftx (
    .clk_i(clk_i), .rst_i(rst_i), .start_i(t_start), .cmd_i(t_cmd), .status_i(t_status),
    .len_i(t_len), .payload_i(t_payload), .busy_o(tx_busy),
    .tx_valid_o(t_valid), .tx_byte_o(t_byte), .tx_ready_i(t_ready));
  uart_tx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_tx (
    .clk_i(clk_i), .rst_i(rst_i), .valid_i(t_valid), .byte_i(t_byte), .ready_o(t_ready),
    .tx_o(uart_tx_o));

  // ---- MMU --------------------------------------------------------------------------
  wire                    mmu_rst;
  wire                    req_valid, req_ready, req_priv, rsp_valid, rsp_fault, rsp_hit;
  wire [VA_PORT_BITS-1:0] req_va;
  wire [1:0]              req_acc;
  wire [PA_BITS-1:0]      rsp_pa, m_addr;
  wire [3:0]              rsp_cause;
  wire [2:0]              rsp_level;
  wire                    unused_rsp_id;    // ID_BITS = 0: always 0
  wire                    m_valid, m_ready, m_we, m_rvalid, m_rerr;
  wire [PTE_BITS-1:0]     m_wdata, m_cmp, m_rdata;
  wire                    reg_we;
  wire [7:0]              reg_addr;
  wire [63:0]             reg_wdata, reg_rdata;
  mmu_top #(.TLB_SETS(TLB_SETS), .TLB_WAYS(TLB_WAYS), .TLB_REPL(TLB_REPL)) u_mmu (
    .clk_i(clk_i), .rst_i(mmu_rst | rst_i),
    .req_valid_i(req_valid), .req_ready_o(req_ready), .req_va_i(req_va),
    .req_acc_i(req_acc), .req_priv_i(req_priv), .req_id_i(1'b0),
    .rsp_valid_o(rsp_valid), .rsp_pa_o(rsp_pa), .rsp_fault_o(rsp_fault),
    .rsp_cause_o(rsp_cause), .rsp_level_o(rsp_level), .rsp_hit_o(rsp_hit), .rsp_id_o(unused_rsp_id),
    .mem_req_valid_o(m_valid), .mem_req_ready_i(m_ready), .mem_req_addr_o(m_addr),
    .mem_req_we_o(m_we), .mem_req_wdata_o(m_wdata), .mem_req_cmp_o(m_cmp),
    .mem_rsp_valid_i(m_rvalid), .mem_rsp_data_i(m_rdata), .mem_rsp_err_i(m_rerr),
    .reg_we_i(reg_we), .reg_addr_i(reg_addr), .reg_wdata_i(reg_wdata), .reg_rdata_o(reg_rdata));

  // ---- memory -----------------------------------------------------------------------
  wire [63:0] base;
  wire [31:0] limit, h_addr;
  wire        h_valid, h_ready, h_we, h_done, h_err, clear, mem_busy;
  wire [7:0]  h_wbyte, h_rbyte;
  hil_mem #(.PA_BITS(PA_BITS), .PTE_BYTES(PTE_BYTES), .MEM_LOG2(MEM_LOG2),
            .CAS_WRITE_CYCLE(CAS_WRITE_CYCLE)) u_mem (
    .clk_i(clk_i), .rst_i(rst_i), .base_i(base), .limit_i(limit),
    .req_valid_i(m_valid), .req_ready_o(m_ready), .req_addr_i(m_addr), .req_we_i(m_we),
    .req_wdata_i(m_wdata), .req_cmp_i(m_cmp),
    .rsp_valid_o(m_rvalid), .rsp_data_o(m_rdata), .rsp_err_o(m_rerr),
    .h_valid_i(h_valid), .h_ready_o(h_ready), .h_we_i(h_we), .h_addr_i(h_addr),
    .h_byte_i(h_wbyte), .h_done_o(h_done), .h_byte_o(h_rbyte), .h_err_o(h_err),
    .clear_i(clear), .busy_o(mem_busy));

  // ---- command engine ---------------------------------------------------------------
  hil_engine #(.VA_PORT_BITS(VA_PORT_BITS), .PA_BITS(PA_BITS), .PTE_BYTES(PTE_BYTES),
               .MEM_LOG2(MEM_LOG2), .CLK_HZ(CLK_HZ), .CLKS_PER_BIT(CLKS_PER_BIT),
               .NAME(`MMU_P_NAME), .ARG_LEN(ARG_LEN), .RESP_LEN(RESP_LEN)) u_eng (
    .clk_i(clk_i), .rst_i(rst_i),
    .frame_i(f_frame), .bad_i(f_bad), .cmd_i(f_cmd), .len_i(f_len), .arg_i(f_arg),
    .busy_o(eng_busy),
    .tx_start_o(t_start), .tx_cmd_o(t_cmd), .tx_status_o(t_status), .tx_len_o(t_len),
    .tx_payload_o(t_payload), .tx_busy_i(tx_busy),
    .mmu_rst_o(mmu_rst),
    .req_valid_o(req_valid), .req_ready_i(req_ready), .req_va_o(req_va), .req_acc_o(req_acc),
    .req_priv_o(req_priv), .rsp_valid_i(rsp_valid), .rsp_pa_i(rsp_pa), .rsp_cause_i(rsp_cause),
    .rsp_level_i(rsp_level), .rsp_hit_i(rsp_hit),
    .reg_we_o(reg_we), .reg_addr_o(reg_addr), .reg_wdata_o(reg_wdata), .reg_rdata_i(reg_rdata),
    .base_o(base), .limit_o(limit), .h_valid_o(h_valid), .h_ready_i(h_ready), .h_we_o(h_we), .h_addr_o(h_addr),
    .h_byte_o(h_wbyte), .h_done_i(h_done), .h_byte_i(h_rbyte), .h_err_i(h_err),
    .clear_o(clear), .mem_busy_i(mem_busy));

  // ---- LEDs -------------------------------------------------------------------------
  // the MMU's response is registered as it is (no enable) before the LED uses it
  reg [23:0] beat_q;
  reg        fault_q, ferr_q, rv_q, rf_q;
  always @(posedge clk_i) begin
    rv_q <= rsp_valid;
    rf_q <= rsp_fault;
    if (rst_i) begin
      beat_q  <= 24'd0;
      fault_q <= 1'b0;
      ferr_q  <= 1'b0;
    end else begin
      beat_q <= beat_q + 1'b1;
      if (rv_q) fault_q <= rf_q;
      if (rx_ferr) ferr_q <= 1'b1;
    end
  end
  assign led_o = {ferr_q, fault_q, m_valid, eng_busy, beat_q[23]};
endmodule
