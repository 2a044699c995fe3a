// hil_engine -- executes host commands against mmu_top and hil_mem
// (docs/fpga.md "Protocol": one command frame in, one response frame out).
//
//   hil_frame_rx --frame/bad--> S_IDLE -> S_DEC --> S_RST -> S_CLR        RESET
//                                         |------> S_REG_RD (1 cycle)   REG_READ
//                                         |------> S_MEM (byte loop)    MEM_READ/WRITE
//                                         |------> S_TR_REQ -> S_TR_WAIT  TRANSLATE
//                                         |------> S_SG_GEN -> S_SG_REQ -> S_SG_WAIT
//                                         |         -> S_SG_CRC (80 bits) -> S_SG_GEN..  SIGNATURE
//                                         +------> S_RESP --> hil_frame_tx --> S_TX
//
// Arguments come from the frame decoder's arg register: the last payload
// byte is at [7:0] and fields are big-endian, so each command of fixed length
// L finds payload byte i at arg_i[8*(L-1-i) +: 8].
`default_nettype none

module hil_engine #(
  parameter integer VA_PORT_BITS = 32,
  parameter integer PA_BITS      = 34,
  parameter integer PTE_BYTES    = 4,
  parameter integer MEM_LOG2     = 12,
  parameter integer CLK_HZ       = 12000000,
  parameter integer CLKS_PER_BIT = 104,
  parameter [127:0] NAME         = "mmu",   // profile name, right-aligned, NUL padded
  parameter integer ARG_LEN      = 26,
  parameter integer RESP_LEN     = 28
) (
  input  wire                    clk_i,
  input  wire                    rst_i,
  // frame decoder
  input  wire                    frame_i,
  input  wire                    bad_i,
  input  wire [7:0]              cmd_i,
  input  wire [7:0]              len_i,
  input  wire [8*ARG_LEN-1:0]    arg_i,
  output wire                    busy_o,
  // frame encoder
  output reg                     tx_start_o,
  output reg  [7:0]              tx_cmd_o,
  output reg  [7:0]              tx_status_o,
  output reg  [7:0]              tx_len_o,
  output wire [8*RESP_LEN-1:0]   tx_payload_o,
  input  wire                    tx_busy_i,
  // mmu_top
  output reg                     mmu_rst_o,
  output wire                    req_valid_o,
  input  wire                    req_ready_i,
  output wire [VA_PORT_BITS-1:0] req_va_o,
  output wire [1:0]              req_acc_o,
  output wire                    req_priv_o,
  input  wire                    rsp_valid_i,
  input  wire [PA_BITS-1:0]      rsp_pa_i,
  input  wire [3:0]              rsp_cause_i,
  input  wire [2:0]              rsp_level_i,
  input  wire                    rsp_hit_i,
  output reg                     reg_we_o,
  output reg  [7:0]              reg_addr_o,
  output reg  [63:0]             reg_wdata_o,
  input  wire [63:0]             reg_rdata_i,
  // hil_mem
  output reg  [63:0]             base_o,
  output reg  [31:0]             limit_o,
  output wire                    h_valid_o,
  input  wire                    h_ready_i,
  output wire                    h_we_o,
  output wire [31:0]             h_addr_o,
  output wire [7:0]              h_byte_o,
  input  wire                    h_done_i,
  input  wire [7:0]              h_byte_i,
  input  wire                    h_err_i,
  output reg                     clear_o,
  input  wire                    mem_busy_i
);
`include "hil_sig.vh"
  // commands and status codes (docs/fpga.md, fpga/host/hil_proto.h)
  localparam [7:0] C_INFO = 8'h01, C_RESET = 8'h02, C_REG_WRITE = 8'h03, C_REG_READ = 8'h04,
                   C_MEM_WRITE = 8'h05, C_MEM_READ = 8'h06, C_TRANSLATE = 8'h07, C_SIGNATURE = 8'h08;
  localparam [7:0] ST_OK = 8'd0, ST_BAD_CRC = 8'd1, ST_BAD_CMD = 8'd2, ST_BAD_LEN = 8'd3,
                   ST_BAD_ADDR = 8'd4, ST_BAD_ARG = 8'd5;
  localparam [7:0] VERSION = 8'd1;
  localparam [3:0] S_IDLE = 4'd0, S_RST = 4'd1, S_CLR = 4'd2, S_REG_RD = 4'd3, S_MEM = 4'd4,
                   S_MEM_WAIT = 4'd5, S_TR_REQ = 4'd6, S_TR_WAIT = 4'd7, S_SG_GEN = 4'd8,
                   S_SG_REQ = 4'd9, S_SG_WAIT = 4'd10, S_SG_CRC = 4'd11, S_RESP = 4'd12, S_TX = 4'd13,
                   S_DEC = 4'd14;

  reg [3:0]   state_q;
  reg         known_q, len_ok_q;           // the frame's command and length checks, registered (S_DEC)
  reg         sg_start_q;                  // this cycle is S_DEC of a valid SIGNATURE frame
  reg         sg_step_q;                   // this cycle is S_SG_CRC with bit_q = 79
  reg [7:0]   cmd_q, status_q, rlen_q;
  reg [127:0] res_q;                       // response payload bytes 0..15 (byte 0 at the top)
  reg [3:0]   idx_q;                       // byte loop / reset cycles
  reg [3:0]   n_q;
  reg [15:0]  tcyc_q;                      // TRANSLATE: cycles to the response
  reg [31:0]  haddr_q;                     // MEM_*: the host port's byte address (a register: no adder
                                           // in front of hil_mem's address check)
  // signature
  reg [31:0]  lfsr_q, crc_q, left_q, hits_q, scyc_q, done_q;
  reg [1:0]   gen_q;
  reg [31:0]  r0_q, r1_q;
  reg [79:0]  sv_q;                        // {level, cause, pa} of the response being hashed
  reg [6:0]   bit_q;
  // request
  reg [VA_PORT_BITS-1:0] va_q;
  reg [1:0]   acc_q;
  reg         priv_q, req_q;

  // ---- argument fields --------------------------------------------------------------
  wire [63:0] a_base   = arg_i[95:32];                       // RESET (12): base, limit
  wire [31:0] a_limit  = arg_i[31:0];
  wire [7:0]  a_raddr  = (len_i == 8'd9) ? arg_i[71:64] : arg_i[7:0];  // REG_WRITE (9) / REG_READ (1)
  wire [63:0] a_rdata  = arg_i[63:0];
  wire [7:0]  a_mbyte  = arg_i[8*(7-idx_q[2:0]) +: 8];         // MEM_WRITE data byte idx
  wire [VA_PORT_BITS-1:0] a_va = arg_i[16 +: VA_PORT_BITS];  // TRANSLATE (10): VA bytes 0..7
  wire [7:0]  a_acc    = arg_i[15:8];
  wire        a_priv   = arg_i[0];
  wire [31:0] s_seed   = arg_i[207:176];                     // SIGNATURE (26)
  wire [31:0] s_count  = arg_i[175:144];
  wire [63:0] s_and    = arg_i[143:80];
  wire [63:0] s_or     = arg_i[79:16];
  wire [7:0]  s_accsel = arg_i[15:8];
  wire [7:0]  s_privsel= arg_i[7:0];

  wire [7:0] m_n       = (cmd_i == C_MEM_WRITE) ? arg_i[71:64] : arg_i[7:0];   // MEM_*: byte count
  wire       m_n_big   = (|m_n[7:4]) | (m_n[3] & (|m_n[2:0]));                 // > 8
  wire       a_acc_big = (|a_acc[7:2]) | (&a_acc[1:0]);                        // > 2

  reg [7:0] want_len;
  always @(*) begin
    case (cmd_i)
      C_INFO:      want_len = 8'd0;
      C_RESET:     want_len = 8'd12;
      C_REG_WRITE: want_len = 8'd9;
      C_REG_READ:  want_len = 8'd1;
      C_MEM_WRITE: want_len = 8'd13;
      C_MEM_READ:  want_len = 8'd5;
      C_TRANSLATE: want_len = 8'd10;
      default:     want_len = 8'd26;       // C_SIGNATURE
    endcase
  end
  // compares with small constants are bit tests (no carry chains; docs/fpga.md)
  wire known = (cmd_i[7:4] == 4'd0) && (cmd_i[3:0] != 4'd0) && (!cmd_i[3] || cmd_i[2:0] == 3'd0);   // 1..8

  // ---- signature stimulus -------------------------------------------------------------
  wire [31:0] lfsr_n = hil_lfsr_next(lfsr_q);
  wire [63:0] sg_va  = ({r1_q, r0_q} & s_and) | s_or;
  wire        unused_sg_va = ^sg_va;      // bits above VA_PORT_BITS are dropped
  wire        acc_rnd  = (|s_accsel[7:2]) | (&s_accsel[1:0]);   // access >= 3: random
  wire        priv_rnd = |s_privsel[7:1];                         // privilege >= 2: random
  wire [1:0]  sg_acc = acc_rnd ? ((lfsr_n[1:0] == 2'd3) ? 2'd0 : lfsr_n[1:0]) : s_accsel[1:0];
  wire        sg_priv= priv_rnd ? lfsr_n[2] : s_privsel[0];
  // The MMU's response is registered before the engine uses it (one cycle
  // later): the MMU may drive it from its TLB RAM's read data, and the
  // engine's counters and CRC must not add their carry chains behind that
  // (the bridge is never the critical path): the MMU's outputs go straight
  // into these flip-flops and nowhere else. TRANSLATE's cycle count is one
  // less than the cycles to rv_q, so it still counts acceptance to response.
  reg                rv_q, rhit_q;
  reg  [PA_BITS-1:0] rpa_q;
  reg  [3:0]         rcause_q;
  reg  [2:0]         rlevel_q;
  always @(posedge clk_i) begin
    if (rst_i) rv_q <= 1'b0;
    else       rv_q <= rsp_valid_i;
    rhit_q   <= rsp_hit_i;
    rpa_q    <= rsp_pa_i;
    rcause_q <= rsp_cause_i;
    rlevel_q <= rsp_level_i;
  end
  wire [63:0] pa64   = {{(64-PA_BITS){1'b0}}, rpa_q};   // PA_BITS < 64

  // SIGNATURE's count of translations left, decremented once per 80-cycle CRC
  // pass: its decrement and its "last one" test are precomputed every cycle
  // (left_dec_q, left_last_q), so the 32-bit carry chain and compare are not
  // in front of the state machine's decision.
  reg  [31:0] left_dec_q;
  reg         left_last_q;
  always @(posedge clk_i) begin
    left_dec_q  <= left_q - 1'b1;
    left_last_q <= (left_q == 32'd1);
  end

  // SIGNATURE's 32-bit registers, in a block of their own: each enable is a
  // decode of a few flip-flops (state_q, the registered checks, bit_q), not
  // a branch of the command case, so neither their enables nor their carry
  // chains sit behind the engine's whole next-state logic (which was the
  // iCEBreaker's critical path, 7 LUT levels into left_q's enable).
  // The two strobes that load or step them are flip-flops, decided a cycle
  // early: S_DEC follows S_IDLE with a good frame (the same checks S_DEC
  // reads from known_q/len_ok_q), and bit 79 of S_SG_CRC follows bit 78.
  wire sg_busy  = (state_q[3:2] == 2'b10);                               // S_SG_GEN .. S_SG_CRC
  always @(posedge clk_i) begin
    sg_start_q <= ~rst_i & (state_q == S_IDLE) & ~bad_i & frame_i & known & (len_i == want_len) &
                  (cmd_i == C_SIGNATURE);
    sg_step_q  <= ~rst_i & (state_q == S_SG_CRC) & (bit_q == 7'd78);
  end
  wire sg_start = sg_start_q;   // = S_DEC's SIGNATURE branch
  wire sg_step  = sg_step_q;    // = S_SG_CRC with bit_q == 79: one translation hashed
  always @(posedge clk_i) begin
    if (!rst_i) begin
      if (sg_busy) scyc_q <= scyc_q + 1'b1;
      if (state_q == S_SG_WAIT && rv_q) hits_q <= hits_q + {31'd0, rhit_q};
      if (state_q == S_SG_CRC) crc_q <= hil_crc32_bit(crc_q, sv_q[bit_q]);
      if (sg_step) begin
        done_q <= done_q + 1'b1;
        left_q <= left_dec_q;                        // left_q - 1 (left_q is a cycle old)
      end
      if (sg_start) begin
        crc_q <= 32'hFFFFFFFF; left_q <= s_count; hits_q <= 32'd0; scyc_q <= 32'd0; done_q <= 32'd0;
      end
    end
  end

  // busy_o enables the frame decoder's 208-bit argument shift register: a
  // flip-flop kept equal to (state_q != S_IDLE) instead of a decode of
  // state_q in front of that fanout (ULX3S's critical path). The engine
  // leaves S_IDLE only on bad_i or frame_i and returns only from S_TX.
  reg busy_q;
  always @(posedge clk_i) begin
    if (rst_i)                                       busy_q <= 1'b0;
    else if (state_q == S_IDLE)                      busy_q <= bad_i | frame_i;
    else if (state_q == S_TX || state_q == 4'd15)    busy_q <= tx_start_o | tx_busy_i;   // the case's default
  end

  // ---- outputs ----------------------------------------------------------------------
  assign busy_o      = busy_q;   // = (state_q != S_IDLE), as a flip-flop (below)
  assign req_valid_o = req_q;
  assign req_va_o    = va_q;
  assign req_acc_o   = acc_q;
  assign req_priv_o  = priv_q;
  assign h_valid_o   = (state_q == S_MEM);
  assign h_we_o      = (cmd_q == C_MEM_WRITE);
  assign h_addr_o    = haddr_q;
  assign h_byte_o    = a_mbyte;

  localparam [8*12-1:0] INFO_HEAD = {VERSION, 8'h01, MEM_LOG2[7:0], PTE_BYTES[7:0], 1'b0, CLK_HZ[30:0],
                                     CLKS_PER_BIT[15:0], 16'd0};
  assign tx_payload_o = (cmd_q == C_INFO) ? {INFO_HEAD, NAME}
                                          : {res_q, {(8*RESP_LEN-128){1'b0}}};

  always @(posedge clk_i) begin
    tx_start_o <= 1'b0;
    reg_we_o   <= 1'b0;
    clear_o    <= 1'b0;
    if (rst_i) begin
      state_q   <= S_IDLE;
      mmu_rst_o <= 1'b1;
      req_q     <= 1'b0;
      base_o    <= 64'd0;
      limit_o   <= 32'd0;
      cmd_q     <= 8'd0;
      idx_q     <= 4'd0;
    end else begin
      mmu_rst_o <= 1'b0;
      case (state_q)
        S_IDLE: begin
          cmd_q    <= cmd_i;
          status_q <= ST_OK;
          rlen_q   <= 8'd0;
          res_q    <= 128'd0;
          idx_q    <= 4'd0;
          known_q  <= known;
          len_ok_q <= (len_i == want_len);
          if (bad_i) begin
            status_q <= ST_BAD_CRC;
            state_q  <= S_RESP;
          end else if (frame_i)
            state_q <= S_DEC;
        end
        // a frame: the checks were registered in S_IDLE; the decoder holds
        // cmd/len/arg while the engine is busy
        S_DEC: begin
            if (!known_q) begin
              status_q <= ST_BAD_CMD;
              state_q  <= S_RESP;
            end else if (!len_ok_q) begin
              status_q <= ST_BAD_LEN;
              state_q  <= S_RESP;
            end else begin
              case (cmd_q)
                C_INFO: begin rlen_q <= RESP_LEN[7:0]; state_q <= S_RESP; end
                C_RESET: begin
                  base_o    <= a_base;
                  limit_o   <= a_limit;
                  mmu_rst_o <= 1'b1;
                  state_q   <= S_RST;
                end
                C_REG_WRITE: begin
                  reg_we_o    <= 1'b1;
                  reg_addr_o  <= a_raddr;
                  reg_wdata_o <= a_rdata;
                  state_q     <= S_RESP;
                end
                C_REG_READ: begin
                  reg_addr_o <= a_raddr;
                  state_q    <= S_REG_RD;
                end
                C_MEM_WRITE, C_MEM_READ: begin
                  n_q    <= m_n[3:0];
                  haddr_q <= (cmd_i == C_MEM_WRITE) ? arg_i[103:72] : arg_i[39:8];
                  rlen_q <= (cmd_i == C_MEM_READ) ? 8'd8 : 8'd0;
                  if (m_n_big) begin
                    status_q <= ST_BAD_ARG;
                    rlen_q   <= 8'd0;
                    state_q  <= S_RESP;
                  end else if (m_n == 8'd0)
                    state_q <= S_RESP;
                  else
                    state_q <= S_MEM;
                end
                C_TRANSLATE: begin
                  va_q    <= a_va;
                  acc_q   <= a_acc_big ? 2'd2 : a_acc[1:0];
                  priv_q  <= a_priv;
                  req_q   <= 1'b1;
                  tcyc_q  <= 16'd0;
                  rlen_q  <= 8'd13;
                  state_q <= S_TR_REQ;
                end
                default: begin   // C_SIGNATURE
                  lfsr_q  <= (s_seed == 32'd0) ? 32'd1 : s_seed;   // the counters: sg_start
                  gen_q   <= 2'd0;
                  rlen_q  <= 8'd16;
                  state_q <= (s_count == 32'd0) ? S_RESP : S_SG_GEN;
                end
              endcase
            end
        end
        // RESET: MMU reset for a few cycles, then clear the memory
        S_RST: begin
          mmu_rst_o <= 1'b1;
          idx_q     <= idx_q + 1'b1;
          if (idx_q == 4'd3) begin
            clear_o <= 1'b1;
            state_q <= S_CLR;
          end
        end
        S_CLR: if (!mem_busy_i && !clear_o) state_q <= S_RESP;
        // REG_READ: reg_addr_o is on the port from this cycle on; the
        // registered read shows its value one cycle later
        S_REG_RD: begin
          idx_q <= idx_q + 1'b1;
          if (idx_q == 4'd1) begin
            res_q[127:64] <= reg_rdata_i;
            rlen_q        <= 8'd8;
            state_q       <= S_RESP;
          end
        end
        // MEM_*: one byte per host-port access
        S_MEM: if (h_ready_i) state_q <= S_MEM_WAIT;
        S_MEM_WAIT: if (h_done_i) begin
          if (h_err_i) begin
            status_q <= ST_BAD_ADDR;
            rlen_q   <= 8'd0;
            state_q  <= S_RESP;
          end else begin
            res_q[127 - 8*idx_q[2:0] -: 8] <= h_byte_i;
            idx_q   <= idx_q + 1'b1;
            haddr_q <= haddr_q + 1'b1;
            state_q <= (idx_q + 1'b1 == n_q) ? S_RESP : S_MEM;
          end
        end
        // TRANSLATE
        S_TR_REQ: begin
          tcyc_q <= 16'd1;                 // the acceptance cycle counts as 1 (a TLB hit: 1)
          if (req_ready_i) begin req_q <= 1'b0; state_q <= S_TR_WAIT; end
        end
        S_TR_WAIT: begin
          tcyc_q <= tcyc_q + 1'b1;
          if (rv_q) begin   // the response was on the MMU's port the cycle before
            res_q   <= {pa64, 4'd0, rcause_q, 5'd0, rlevel_q, 7'd0, rhit_q, tcyc_q - 16'd1, 24'd0};
            state_q <= S_RESP;
          end
        end
        // SIGNATURE: three LFSR steps per request (VA low, VA high, access/privilege)
        S_SG_GEN: begin
          lfsr_q <= lfsr_n;
          gen_q  <= gen_q + 1'b1;
          if (gen_q == 2'd0) r0_q <= lfsr_n;
          if (gen_q == 2'd1) r1_q <= lfsr_n;
          if (gen_q == 2'd2) begin
            va_q    <= sg_va[VA_PORT_BITS-1:0];
            acc_q   <= sg_acc;
            priv_q  <= sg_priv;
            req_q   <= 1'b1;
            gen_q   <= 2'd0;
            state_q <= S_SG_REQ;
          end
        end
        S_SG_REQ: begin
          if (req_ready_i) begin req_q <= 1'b0; state_q <= S_SG_WAIT; end
        end
        S_SG_WAIT: begin
          if (rv_q) begin
            sv_q    <= {5'd0, rlevel_q, 4'd0, rcause_q, pa64};
            bit_q   <= 7'd0;
            state_q <= S_SG_CRC;
          end
        end
        S_SG_CRC: begin
          bit_q  <= bit_q + 1'b1;
          if (bit_q == 7'd79) begin
            state_q <= left_last_q ? S_RESP : S_SG_GEN;
          end
        end
        S_RESP: begin
          if (cmd_q == C_SIGNATURE && status_q == ST_OK)
            res_q <= {~crc_q, done_q, hits_q, scyc_q};
          if (!tx_busy_i) begin
            tx_start_o  <= 1'b1;
            tx_cmd_o    <= cmd_q;
            tx_status_o <= status_q;
            tx_len_o    <= rlen_q;
            state_q     <= S_TX;
          end
        end
        default: // S_TX: the encoder has the frame; wait until it is sent
          if (!tx_start_o && !tx_busy_i) state_q <= S_IDLE;
      endcase
    end
  end
endmodule
