// tb_util.vh -- shared testbench body: parameters, clock, DUT + memory,
// register and translation tasks, PASS/FAIL bookkeeping. Included inside a
// tb module that first defines the parameter ERR_BASE (first erroring
// address). The parameters below are overridden per run by tb/rtl.mk:
// REPL (TLB policy), LAT/BP (memory latency, back-pressure), and the
// geometry (TLB_SETS, TLB_WAYS, PA_BITS, PPN_BITS, SEG_COUNT; normally the profile's),
// HIT_STAGES, ISOLATE, PWC_ENTRIES and ID_BITS (request IDs: req_id_i counts the
// accepted requests, skipping IDs still outstanding; also with ID_BITS = 0, where
// it must be ignored).
// Inputs change on the falling edge; outputs are sampled on the falling
// edge (stable), so there is no race with the DUT's rising-edge logic.

  parameter integer REPL     = `MMU_P_TLB_REPL;
  parameter integer LAT      = 1;
  parameter integer BP       = 0;
  parameter integer PA_BITS  = `MMU_P_PA_BITS;
  parameter integer TLB_SETS = `MMU_P_TLB_SETS;
  parameter integer TLB_WAYS = `MMU_P_TLB_WAYS;
  parameter integer PPN_BITS = `MMU_P_PPN_BITS;
  parameter integer HIT_STAGES = `MMU_P_HIT_STAGES;
  parameter integer ISOLATE  = `MMU_P_ISOLATE;
  parameter integer PWC_ENTRIES = `MMU_P_PWC_ENTRIES;
  parameter integer ID_BITS  = `MMU_P_ID_BITS;
  parameter integer SEG_COUNT = `MMU_P_SEG_COUNT;

  localparam integer VA_PORT_BITS = `MMU_P_VA_PORT_BITS;
  localparam integer PTE_BITS     = 8 * `MMU_P_PTE_BYTES;
  localparam integer PTE_LOG2     = (`MMU_P_PTE_BYTES == 8) ? 3 : (`MMU_P_PTE_BYTES == 4) ? 2 : 0;
  localparam integer PAGE         = 1 << `MMU_P_PAGE_SHIFT;
  localparam integer ID_W         = (ID_BITS > 0) ? ID_BITS : 1;   // mmu_top's req_id_i / rsp_id_o width

  reg clk = 1'b0;
  reg rst = 1'b1;
  always #5 clk = ~clk;

  reg                     req_valid = 1'b0;
  reg  [VA_PORT_BITS-1:0] req_va = {VA_PORT_BITS{1'b0}};
  reg  [1:0]              req_acc = 2'd0;
  reg                     req_priv = 1'b0;
  reg  [ID_W-1:0]         req_id = {ID_W{1'b0}};   // counts accepted requests (below)
  wire                    req_ready;
  wire                    rsp_valid, rsp_fault, rsp_hit;
  wire [PA_BITS-1:0]      rsp_pa;
  wire [3:0]              rsp_cause;
  wire [2:0]              rsp_level;
  wire [ID_W-1:0]         rsp_id;
  wire                    mreq_valid, mreq_ready, mreq_we, mrsp_valid, mrsp_err;
  wire [PA_BITS-1:0]      mreq_addr;
  wire [PTE_BITS-1:0]     mreq_wdata, mreq_cmp, mrsp_data;
  reg                     reg_we = 1'b0;
  reg  [7:0]              reg_addr = 8'd0;
  reg  [63:0]             reg_wdata = 64'd0;
  wire [63:0]             reg_rdata;

  mmu_top #(.TLB_REPL(REPL), .TLB_SETS(TLB_SETS), .TLB_WAYS(TLB_WAYS), .PA_BITS(PA_BITS),
            .PPN_BITS(PPN_BITS), .HIT_STAGES(HIT_STAGES), .ISOLATE(ISOLATE), .SEG_COUNT(SEG_COUNT),
            .PWC_ENTRIES(PWC_ENTRIES), .ID_BITS(ID_BITS)) dut (
    .clk_i(clk), .rst_i(rst),
    .req_valid_i(req_valid), .req_ready_o(req_ready), .req_va_i(req_va), .req_acc_i(req_acc),
    .req_priv_i(req_priv), .req_id_i(req_id),
    .rsp_valid_o(rsp_valid), .rsp_pa_o(rsp_pa), .rsp_fault_o(rsp_fault), .rsp_cause_o(rsp_cause),
    .rsp_level_o(rsp_level), .rsp_hit_o(rsp_hit), .rsp_id_o(rsp_id),
    .mem_req_valid_o(mreq_valid), .mem_req_ready_i(mreq_ready), .mem_req_addr_o(mreq_addr),
    .mem_req_we_o(mreq_we), .mem_req_wdata_o(mreq_wdata), .mem_req_cmp_o(mreq_cmp),
    .mem_rsp_valid_i(mrsp_valid), .mem_rsp_data_i(mrsp_data), .mem_rsp_err_i(mrsp_err),
    .reg_we_i(reg_we), .reg_addr_i(reg_addr), .reg_wdata_i(reg_wdata), .reg_rdata_o(reg_rdata));

  tb_mem #(.PA_BITS(PA_BITS), .PTE_BITS(PTE_BITS), .PTE_LOG2(PTE_LOG2), .LAT(LAT), .BP(BP),
           .ERR_BASE(ERR_BASE)) mem (
    .clk_i(clk), .rst_i(rst),
    .mem_req_valid_i(mreq_valid), .mem_req_ready_o(mreq_ready), .mem_req_addr_i(mreq_addr),
    .mem_req_we_i(mreq_we), .mem_req_wdata_i(mreq_wdata), .mem_req_cmp_i(mreq_cmp),
    .mem_rsp_valid_o(mrsp_valid), .mem_rsp_data_o(mrsp_data), .mem_rsp_err_o(mrsp_err));

  integer n_pass = 0, n_fail = 0, cycle = 0;
  always @(posedge clk) cycle <= cycle + 1;

  // Port rules (docs/rtl.md "Ports"), checked in every cycle after the first
  // reset edge (before it the state is undefined): every output is 0 when its
  // valid is 0 -- rsp_pa/fault/cause/level/hit unless rsp_valid_o, mem_req_addr/
  // we/wdata/cmp unless mem_req_valid_o, wdata/cmp unless mem_req_we_o -- and a
  // response's fault flag is (cause != 0) with PA 0 on a fault. Outputs depend on
  // the state only, so they are stable at the falling edge where this samples.
  // The first violation is kept; port_rules_report (called by finish) prints it.
  reg        port_armed = 1'b0;
  integer    port_cycles = 0, port_bad = 0, port_bad_cycle = 0;
  reg [8*200-1:0] port_bad_what;
  always @(posedge clk) if (rst) port_armed <= 1'b1;
  // One response per accepted request, never one without a request pending:
  // handshakes counted at the rising edges after reset (one in a reset cycle is
  // dropped), responses at the falling edge, where the benches sample them.
  integer port_acc = 0, port_rsp = 0, port_extra = 0, port_extra_cycle = 0;
  always @(posedge clk) if (!rst && port_armed && req_valid && req_ready) port_acc = port_acc + 1;
  always @(negedge clk) if (!rst && port_armed) begin
    if (rsp_valid === 1'b1) begin
      port_rsp = port_rsp + 1;
      if (port_rsp > port_acc && port_extra == 0) port_extra_cycle = cycle;
      if (port_rsp > port_acc) port_extra = port_extra + 1;
    end
  end
  always @(negedge clk) if (port_armed) begin
    port_cycles = port_cycles + 1;
    if (!rsp_valid && (rsp_pa !== {PA_BITS{1'b0}} || rsp_fault !== 1'b0 || rsp_cause !== 4'd0 ||
                       rsp_level !== 3'd0 || rsp_hit !== 1'b0)) begin
      if (port_bad == 0) begin
        port_bad_cycle = cycle;
        $sformat(port_bad_what, "rsp_valid_o=0 with rsp_pa_o=%0h rsp_fault_o=%0d rsp_cause_o=%0d rsp_level_o=%0d rsp_hit_o=%0d, want all 0",
                 rsp_pa, rsp_fault, rsp_cause, rsp_level, rsp_hit);
      end
      port_bad = port_bad + 1;
    end else if (rsp_valid === 1'b1 && (rsp_fault !== (rsp_cause != 4'd0) ||
                                        (rsp_fault && rsp_pa !== {PA_BITS{1'b0}}))) begin
      if (port_bad == 0) begin
        port_bad_cycle = cycle;
        $sformat(port_bad_what, "a response with rsp_cause_o=%0d rsp_fault_o=%0d rsp_pa_o=%0h, want rsp_fault_o = (cause != 0) and rsp_pa_o = 0 on a fault",
                 rsp_cause, rsp_fault, rsp_pa);
      end
      port_bad = port_bad + 1;
    end else if (rsp_valid !== 1'b0 && rsp_valid !== 1'b1) begin
      if (port_bad == 0) begin
        port_bad_cycle = cycle;
        $sformat(port_bad_what, "rsp_valid_o=%b, want 0 or 1", rsp_valid);
      end
      port_bad = port_bad + 1;
    end
    if ((!mreq_valid && (mreq_addr !== {PA_BITS{1'b0}} || mreq_we !== 1'b0)) ||
        (!mreq_we && (mreq_wdata !== {PTE_BITS{1'b0}} || mreq_cmp !== {PTE_BITS{1'b0}}))) begin
      if (port_bad == 0) begin
        port_bad_cycle = cycle;
        $sformat(port_bad_what, "mem_req_valid_o=%0d mem_req_we_o=%0d with mem_req_addr_o=%0h mem_req_wdata_o=%0h mem_req_cmp_o=%0h, want addr/we 0 unless valid, wdata/cmp 0 unless we",
                 mreq_valid, mreq_we, mreq_addr, mreq_wdata, mreq_cmp);
      end
      port_bad = port_bad + 1;
    end
  end

  // Request IDs (docs/rtl.md "Ports"): req_id_i is the number of requests
  // accepted so far (mod 2^ID_W), so every request carries a new one, also with
  // ID_BITS = 0, where the port is ignored and rsp_id_o must be 0 in every
  // cycle. With ID_BITS > 0 an ID still outstanding (accepted, its response not
  // yet seen) is skipped, as a requester that keeps outstanding IDs distinct
  // does (docs/rtl.md "Hit under miss", rule 5): with one request in flight this
  // is the count; with hits under a walk (tb_hum) the walk's ID is not reused
  // while it runs. With ID_BITS > 0, rsp_id_o is 0 without a response, and xlat
  // (one request in flight) checks that its response carries its request's ID.
  // The first violation is kept; port_rules_report prints it.
  integer    id_cycles = 0, id_bad = 0, id_bad_cycle = 0;
  reg [8*200-1:0] id_bad_what;
  reg [(1<<ID_W)-1:0] id_out = {(1<<ID_W){1'b0}}, id_out_n;   // outstanding IDs (ID_BITS > 0)
  reg [ID_W-1:0]      id_next;
  integer             id_k;
  always @(posedge clk)
    if (rst) begin
      req_id <= {ID_W{1'b0}}; id_out = {(1<<ID_W){1'b0}};
    end else if (ID_BITS == 0) begin
      if (req_valid && req_ready) req_id <= req_id + 1'b1;
    end else begin
      id_out_n = id_out;
      if (rsp_valid === 1'b1) id_out_n[rsp_id] = 1'b0;      // answered in this cycle: free from the next
      if (req_valid && req_ready) id_out_n[req_id] = 1'b1;
      id_next = (req_valid && req_ready) ? req_id + 1'b1 : req_id;
      for (id_k = 0; id_k < (1 << ID_W) && id_out_n[id_next]; id_k = id_k + 1) id_next = id_next + 1'b1;
      id_out = id_out_n;
      req_id <= id_next;
    end
  task id_violation;
    input [8*200-1:0] what;
    begin
      if (id_bad == 0) begin id_bad_cycle = cycle; id_bad_what = what; end
      id_bad = id_bad + 1;
    end
  endtask
  always @(negedge clk) if (port_armed) begin
    id_cycles = id_cycles + 1;
    if (ID_BITS == 0 && rsp_id !== {ID_W{1'b0}})
      id_violation("rsp_id_o != 0 with ID_BITS = 0 (req_id_i must be ignored)");
    else if (ID_BITS > 0 && rsp_valid === 1'b0 && rsp_id !== {ID_W{1'b0}})
      id_violation("rsp_id_o != 0 with rsp_valid_o = 0");
  end

  // results of the last xlat
  reg [PA_BITS-1:0] r_pa;
  reg               r_fault, r_hit;
  reg [3:0]         r_cause;
  reg [2:0]         r_level;
  reg [ID_W-1:0]    r_id;        // rsp_id_o of the response
  integer           r_lat;       // cycles from acceptance to response (1 = next cycle)

  // Check names and messages: wide enough that nothing is cut (a name is at most
  // TB_NAME_CHARS characters, a message TB_WHY_CHARS; longer ones lose their start).
  localparam integer TB_NAME_CHARS = 96;
  localparam integer TB_WHY_CHARS  = 400;

  task pass;
    input [8*TB_NAME_CHARS-1:0] name;
    begin $display("PASS %0s", name); n_pass = n_pass + 1; end
  endtask
  task fail;
    input [8*TB_NAME_CHARS-1:0] name;
    input [8*TB_WHY_CHARS-1:0] why;
    begin $display("FAIL %0s: %0s", name, why); n_fail = n_fail + 1; end
  endtask
  task check;
    input [8*TB_NAME_CHARS-1:0] name;
    input ok;
    begin if (ok) pass(name); else fail(name, "condition false"); end
  endtask
  // A check with what was expected and what came: "got G, want W (meaning)".
  task check_msg;
    input [8*TB_NAME_CHARS-1:0] name;
    input ok;
    input [8*TB_WHY_CHARS-1:0] why;
    begin if (ok) pass(name); else fail(name, why); end
  endtask

  // reg_rdata_o as it is in the last reset cycle (the reset edge before it has
  // loaded its reset value); check_regs_after_reset compares it with 0.
  // Also the other outputs of the reset state (docs/rtl.md Ports: req_ready_o is
  // a function of registers that all reset to 0, so it is 1; no response, no
  // memory request).
  reg [63:0] rst_rdata;
  reg        rst_ready, rst_rsp_valid, rst_mreq_valid;
  task reset_dut;
    begin
      rst = 1'b1; repeat (3) @(negedge clk);
      rst_rdata = reg_rdata; rst_ready = req_ready; rst_rsp_valid = rsp_valid; rst_mreq_valid = mreq_valid;
      rst = 1'b0; @(negedge clk);
    end
  endtask

  task reg_wr;
    input [7:0] a;
    input [63:0] d;
    begin
      @(negedge clk); reg_we = 1'b1; reg_addr = a; reg_wdata = d;
      @(negedge clk); reg_we = 1'b0; reg_addr = 8'd0; reg_wdata = 64'd0;
    end
  endtask

  task reg_rd;
    input  [7:0]  a;
    output [63:0] d;
    begin
      @(negedge clk); reg_addr = a;
      @(negedge clk); d = reg_rdata; reg_addr = 8'd0;
    end
  endtask

  // Segment register i: base, bound, ctrl {user, x, w, r, gn, valid}.
  task seg_set;
    input integer i;
    input [63:0] base, bound;
    input [5:0] ctrl;
    begin
      reg_wr(`MMU_REG_SEG_BASE + 4*i, base);
      reg_wr(`MMU_REG_SEG_BOUND + 4*i, bound);
      reg_wr(`MMU_REG_SEG_CTRL + 4*i, {58'd0, ctrl});
    end
  endtask

  task flush;
    input use_va, use_asid;
    input [63:0] va, asid;
    begin
      reg_wr(`MMU_REG_FLUSH_VA, va);
      reg_wr(`MMU_REG_FLUSH_ASID, asid);
      reg_wr(`MMU_REG_FLUSH, {62'd0, use_asid, use_va});
    end
  endtask

  // The translation in flight (for the watchdog's message); a response later
  // than XLAT_TIMEOUT cycles ends the bench (the longest legal walk, with
  // 4-cycle memory, back-pressure and CAS restarts, is well under 1000).
  localparam integer XLAT_TIMEOUT = 20000;
  // The translation in flight (for the watchdog's message).
  reg        xlat_busy = 1'b0;
  reg [63:0] xlat_va = 64'd0;
  reg [1:0]  xlat_acc = 2'd0;
  reg        xlat_priv = 1'b0;
  integer    xlat_t0 = 0;

  // One translation; waits for acceptance and the response.
  task xlat;
    input [63:0] va;
    input [1:0]  acc;
    input        priv;
    integer t0;
    reg [ID_W-1:0] id;
    reg [8*200-1:0] id_why;
    begin
      @(negedge clk);
      xlat_busy = 1'b1; xlat_va = va; xlat_acc = acc; xlat_priv = priv; xlat_t0 = cycle;
      req_valid = 1'b1; req_va = va[VA_PORT_BITS-1:0]; req_acc = acc; req_priv = priv;
      #1;
      while (!req_ready) begin @(negedge clk); #1; end
      @(posedge clk); t0 = cycle; id = req_id;   // the accepted request's ID (req_id counts up after this edge)
      @(negedge clk); req_valid = 1'b0;
      while (!rsp_valid) begin
        @(negedge clk);
        if (cycle - xlat_t0 > XLAT_TIMEOUT) begin   // a hung walk: fail now, not at the watchdog
          $display("FAIL watchdog: the translation of va=%0h acc=%0d priv=%0d got no response in %0d cycles, want one within a few hundred; usually: a state the walker or the TLB never leaves, or a handshake (ready/valid) never given",
                   xlat_va, xlat_acc, xlat_priv, cycle - xlat_t0);
          $finish;
        end
      end
      r_pa = rsp_pa; r_fault = rsp_fault; r_cause = rsp_cause; r_level = rsp_level; r_hit = rsp_hit;
      r_id = rsp_id;
      if (ID_BITS > 0 && r_id !== id) begin
        $sformat(id_why, "the response to va=%0h carries rsp_id_o=%0h, want its request's req_id_i=%0h", va, r_id, id);
        id_violation(id_why);
      end
      r_lat = cycle - t0;
      xlat_busy = 1'b0;
    end
  endtask

  // Several requests back to back: request i is presented (valid held) from the
  // cycle after request i-1 was accepted, so a request can be accepted in the
  // cycle its predecessor misses (held in s1 behind the walk) and the next one
  // waits with valid high while s1 holds one. The first burst_n responses are
  // recorded in the order they come (docs/rtl.md: answered in order).
  localparam integer BURST_MAX = 8;
  reg [63:0] burst_va   [0:BURST_MAX-1];
  reg [1:0]  burst_acc  [0:BURST_MAX-1];
  reg        burst_priv [0:BURST_MAX-1];
  reg [PA_BITS-1:0] burst_pa [0:BURST_MAX-1];
  reg [3:0]  burst_cause [0:BURST_MAX-1];
  reg [2:0]  burst_level [0:BURST_MAX-1];
  reg        burst_hit   [0:BURST_MAX-1];
  integer    burst_acc_cyc [0:BURST_MAX-1];   // acceptance cycle of each request
  integer    burst_rsp_cyc [0:BURST_MAX-1];   // cycle of the i-th response
  task xlat_burst;
    input integer n;
    integer bi, bj;
    begin
      xlat_busy = 1'b1; xlat_va = burst_va[0]; xlat_acc = burst_acc[0]; xlat_priv = burst_priv[0]; xlat_t0 = cycle;
      fork
        begin : burst_drive
          for (bi = 0; bi < n; bi = bi + 1) begin
            @(negedge clk);
            req_valid = 1'b1; req_va = burst_va[bi][VA_PORT_BITS-1:0]; req_acc = burst_acc[bi]; req_priv = burst_priv[bi];
            #1;
            while (!req_ready) begin @(negedge clk); #1; end
            @(posedge clk); burst_acc_cyc[bi] = cycle;
          end
          @(negedge clk); req_valid = 1'b0;
        end
        begin : burst_collect
          bj = 0;
          while (bj < n) begin
            @(negedge clk);
            if (rsp_valid) begin
              burst_pa[bj] = rsp_pa; burst_cause[bj] = rsp_cause; burst_level[bj] = rsp_level;
              burst_hit[bj] = rsp_hit; burst_rsp_cyc[bj] = cycle; bj = bj + 1;
            end
            if (cycle - xlat_t0 > XLAT_TIMEOUT) begin
              $display("FAIL watchdog: a burst of %0d requests from va=%0h got %0d responses in %0d cycles, want all within a few hundred",
                       n, burst_va[0], bj, cycle - xlat_t0);
              $finish;
            end
          end
        end
      join
      xlat_busy = 1'b0;
    end
  endtask
  // Response i of the last burst against what is expected (cause, PA when no fault, level, hit).
  task expect_burst;
    input [8*TB_NAME_CHARS-1:0] name;
    input integer i;
    input [3:0]  ecause;
    input [63:0] epa;
    input [2:0]  elevel;
    input        ehit;
    reg [8*TB_WHY_CHARS-1:0] why;
    begin
      if (burst_cause[i] === ecause && burst_level[i] === elevel && burst_hit[i] === ehit &&
          (ecause != 4'd0 ? burst_pa[i] === {PA_BITS{1'b0}} : burst_pa[i] === epa[PA_BITS-1:0]))
        pass(name);
      else begin
        $sformat(why, "response %0d of a burst (request va=%0h acc=%0d accepted in cycle %0d): got cause=%0s pa=%0h level=%0d hit=%0d, want cause=%0s pa=%0h level=%0d hit=%0d; usually: a request held behind a walk answered out of order, without its replay read, or with another request's values",
                 i, burst_va[i], burst_acc[i], burst_acc_cyc[i], cause_name(burst_cause[i]), burst_pa[i], burst_level[i], burst_hit[i],
                 cause_name(ecause), epa, elevel, ehit);
        fail(name, why);
      end
    end
  endtask

  // xlat, with one register write k cycles after the acceptance cycle
  // (k = 0: in the acceptance cycle itself).
  task xlat_reg_at;
    input [63:0]  va;
    input [1:0]   acc;
    input         priv;
    input integer k;
    input [7:0]   a;
    input [63:0]  d;
    begin
      fork
        xlat(va, acc, priv);
        begin
          @(negedge clk); #2;
          while (!(req_valid && req_ready)) begin @(negedge clk); #2; end
          repeat (k) @(negedge clk);
          reg_we = 1'b1; reg_addr = a; reg_wdata = d;
          @(negedge clk); reg_we = 1'b0; reg_addr = 8'd0; reg_wdata = 64'd0;
        end
      join
    end
  endtask

  // Names of the causes, and what a wrong translation result usually means.
  function [8*14-1:0] cause_name;
    input [3:0] c;
    case (c)
      4'd0: cause_name = "NONE";         4'd1: cause_name = "SEG_INVALID";
      4'd2: cause_name = "SEG_BOUND";    4'd3: cause_name = "SEG_PROT";
      4'd4: cause_name = "NONCANONICAL"; 4'd5: cause_name = "HYBRID_BOUND";
      4'd6: cause_name = "ACCESS";       4'd7: cause_name = "PTE_INVALID";
      4'd8: cause_name = "PTE_RESERVED"; 4'd9: cause_name = "NO_LEAF";
      4'd10: cause_name = "MISALIGNED";  4'd11: cause_name = "PRIV";
      4'd12: cause_name = "PROT";        4'd13: cause_name = "AD";
      default: cause_name = "?";
    endcase
  endfunction
  reg [8*TB_WHY_CHARS-1:0] tb_meaning;
  task explain_result;
    input [3:0] got_c, want_c;
    input       pa_ok, level_ok, hit_ok;
    begin
      if (got_c === 4'd7 && want_c == 4'd0)
        $sformat(tb_meaning, "usually: the PTE's valid bit is decoded wrong: the decode of this profile's PTE format (its branch in mmu_pte_decode.v) not written yet or still a stub, or V read from the wrong bit");
      else if (got_c !== want_c && want_c == 4'd0)
        $sformat(tb_meaning, "usually: the rule for %0s fires where it must not (a compare or a bit taken the wrong way round)", cause_name(got_c));
      else if (got_c !== want_c && got_c == 4'd0)
        $sformat(tb_meaning, "usually: the rule for %0s is missing or never true (a check left out or a field read from the wrong bit)", cause_name(want_c));
      else if (got_c !== want_c)
        $sformat(tb_meaning, "usually: the rules are checked in the wrong order, or one reads the wrong field (%0s came before %0s)", cause_name(got_c), cause_name(want_c));
      else if (!pa_ok)
        $sformat(tb_meaning, "usually: the PA is put together wrong (base or frame number, offset bits, or a carry lost)");
      else if (!level_ok)
        $sformat(tb_meaning, "usually: the fault or leaf level is counted wrong");
      else if (!hit_ok)
        $sformat(tb_meaning, "usually: the TLB lookup or fill is wrong (hit where a walk was due, or a walk where the entry should hit)");
      else
        $sformat(tb_meaning, "usually: the fault flag disagrees with the cause");
    end
  endtask

  // Translate and compare cause (and PA when no fault).
  task expect_x;
    input [8*TB_NAME_CHARS-1:0] name;
    input [63:0] va;
    input [1:0]  acc;
    input        priv;
    input [3:0]  ecause;
    input [63:0] epa;
    reg [8*TB_WHY_CHARS-1:0] why;
    begin
      xlat(va, acc, priv);
      if (r_cause === ecause && r_fault === (ecause != 4'd0) &&
          (ecause != 4'd0 ? r_pa === {PA_BITS{1'b0}} : r_pa === epa[PA_BITS-1:0]))
        pass(name);
      else begin
        explain_result(r_cause, ecause, ecause != 4'd0 || r_pa === epa[PA_BITS-1:0], 1'b1, 1'b1);
        $sformat(why, "va=%0h acc=%0d priv=%0d: got cause=%0s pa=%0h, want cause=%0s pa=%0h; %0s",
                 va, acc, priv, cause_name(r_cause), r_pa, cause_name(ecause), epa, tb_meaning);
        fail(name, why);
      end
    end
  endtask

  // Same, plus the level (-1 = 7) and the hit flag.
  task expect_xl;
    input [8*TB_NAME_CHARS-1:0] name;
    input [63:0] va;
    input [1:0]  acc;
    input        priv;
    input [3:0]  ecause;
    input [63:0] epa;
    input [2:0]  elevel;
    input        ehit;
    reg [8*TB_WHY_CHARS-1:0] why;
    begin
      xlat(va, acc, priv);
      if (r_cause === ecause && r_fault === (ecause != 4'd0) && r_level === elevel && r_hit === ehit &&
          (ecause != 4'd0 ? r_pa === {PA_BITS{1'b0}} : r_pa === epa[PA_BITS-1:0]))
        pass(name);
      else begin
        explain_result(r_cause, ecause, ecause != 4'd0 || r_pa === epa[PA_BITS-1:0], r_level === elevel, r_hit === ehit);
        $sformat(why, "va=%0h acc=%0d: got cause=%0s pa=%0h level=%0d hit=%0d, want cause=%0s pa=%0h level=%0d hit=%0d; %0s",
                 va, acc, cause_name(r_cause), r_pa, r_level, r_hit, cause_name(ecause), epa, elevel, ehit, tb_meaning);
        fail(name, why);
      end
    end
  endtask

  task expect_eq;
    input [8*TB_NAME_CHARS-1:0] name;
    input [63:0] got, want;
    reg [8*TB_WHY_CHARS-1:0] why;
    begin
      if (got === want) pass(name);
      else begin $sformat(why, "got %0d (0x%0h), want %0d (0x%0h)", got, got, want, want); fail(name, why); end
    end
  endtask

  // expect_eq plus what a wrong value usually means.
  task expect_eqm;
    input [8*TB_NAME_CHARS-1:0] name;
    input [63:0] got, want;
    input [8*TB_WHY_CHARS-1:0] meaning;
    reg [8*TB_WHY_CHARS-1:0] why;
    begin
      if (got === want) pass(name);
      else begin
        $sformat(why, "got %0d (0x%0h), want %0d (0x%0h); usually: %0s", got, got, want, want, meaning);
        fail(name, why);
      end
    end
  endtask

  // Memory word at byte address a (hierarchical access to the tb_mem array).
  task pte_wr;
    input [63:0] a, v;
    begin mem.mem[a[PTE_LOG2 +: 12]] = v[PTE_BITS-1:0]; end
  endtask
  function [63:0] pte_rd;
    input [63:0] a;
    begin pte_rd = 64'd0; pte_rd[PTE_BITS-1:0] = mem.mem[a[PTE_LOG2 +: 12]]; end
  endfunction
  task ctr;
    input  integer slot;
    output [63:0] v;
    begin reg_rd(`MMU_REG_CTR_BASE + slot, v); end
  endtask

  // ---- register map: reset values, CONFIG layout, write and read back -----------------
  // Expected values come from docs/rtl.md "Register map" and the profile's
  // parameters (the bench's overrides included), never from the RTL.
  function integer tb_log2;
    input integer n;
    integer k;
    begin tb_log2 = 0; for (k = 1; k < n; k = k * 2) tb_log2 = tb_log2 + 1; end
  endfunction
  localparam integer TB_P_ASID_BITS = `MMU_P_ASID_BITS;
  localparam integer TB_P_FLUSH_EXACT = `MMU_P_FLUSH_EXACT;
  localparam integer TB_P_LEVELS = `MMU_P_LEVELS;
  localparam integer TB_P_PAGE_SHIFT = `MMU_P_PAGE_SHIFT;
  localparam integer TB_P_PTE_BYTES = `MMU_P_PTE_BYTES;
  localparam integer TB_P_PTE_FORMAT = `MMU_P_PTE_FORMAT;
  localparam integer TB_P_SEGMENTATION = `MMU_P_SEGMENTATION;
  localparam integer TB_P_SEG_SEL_BITS = `MMU_P_SEG_SEL_BITS;
  localparam integer TB_P_SUPERPAGES = `MMU_P_SUPERPAGES;
  localparam integer TB_P_SVADU = `MMU_P_SVADU;
  localparam integer TB_P_VA_BITS = `MMU_P_VA_BITS;
  localparam integer TB_P_VA_SIGN_EXTEND = `MMU_P_VA_SIGN_EXTEND;
  localparam integer TB_P_VPN_BITS = `MMU_P_VPN_BITS;
  localparam integer TB_SEG_ON = `MMU_P_SEGMENTATION;
  localparam integer TB_SEGS   = SEG_COUNT;
  localparam integer TB_CTR    = `MMU_P_CTR_BITS;
  localparam integer TB_IDX_BITS = tb_log2(TLB_SETS);
  localparam [63:0] TB_CONFIG0 = {TB_P_PTE_FORMAT[3:0], REPL[3:0], TLB_WAYS[7:0], TB_IDX_BITS[7:0],
                                  TB_P_VPN_BITS[7:0], TB_P_LEVELS[7:0], TB_P_PAGE_SHIFT[7:0], PA_BITS[7:0],
                                  TB_P_VA_BITS[7:0]};
  localparam [63:0] TB_CONFIG1 = {TB_CTR[7:0], PWC_ENTRIES != 0, ID_BITS != 0, HIT_STAGES == 2, TB_P_FLUSH_EXACT[0], TB_P_SVADU[0], TB_P_SEGMENTATION[0],
                                  TB_P_SUPERPAGES[0], TB_P_VA_SIGN_EXTEND[0], TB_P_PTE_BYTES[7:0],
                                  TB_SEGS[7:0], TB_P_SEG_SEL_BITS[7:0], TB_P_ASID_BITS[7:0], PPN_BITS[7:0],
                                  VA_PORT_BITS[7:0]};
  function [63:0] tb_mask;   // the low w bits set
    input integer w;
    begin tb_mask = (w >= 64) ? ~64'd0 : ((64'd1 << w) - 64'd1); end
  endfunction
  // a different 64-bit pattern per register (k), so a read of the wrong register shows
  function [63:0] tb_pat;
    input integer k;
    reg [63:0] x;
    begin x = 64'h9E37_79B9_7F4A_7C15 * (k + 1); tb_pat = x ^ (x >> 29) ^ 64'h00F0_0000_0000_0F00; end
  endfunction
  // every register of the map at index a, as docs/rtl.md says it reads after reset
  function [63:0] tb_reset_value;
    input [7:0] a;
    begin
      tb_reset_value = 64'd0;
      if (a == `MMU_REG_STATUS)  tb_reset_value = (`MMU_P_SVADU != 0) ? 64'd4 : 64'd0;
      if (a == `MMU_REG_CONFIG0) tb_reset_value = TB_CONFIG0;
      if (a == `MMU_REG_CONFIG1) tb_reset_value = TB_CONFIG1;
    end
  endfunction
  reg [63:0] tb_rv;
  reg [8*TB_WHY_CHARS-1:0] tb_regwhy;
  integer tb_ra, tb_bad, tb_bad_a;
  reg [63:0] tb_bad_got, tb_bad_want, tb_want;
  // After reset_dut: reg_rdata_o's own reset value, then every address 0x00..0xFF
  // read once (registers, counters, CTR_CAUSE 0x9E/0x9F above the last cause,
  // unmapped addresses: all 0 but STATUS and CONFIG0/1).
  task check_regs_after_reset;
    begin
      $sformat(tb_regwhy, "reg_rdata_o in the last reset cycle: got %0h, want 0 (docs/rtl.md Ports: reg_rdata_o takes its reset value 0 at a reset edge)", rst_rdata);
      check_msg("reg_rdata_reset_value_0", rst_rdata === 64'd0, tb_regwhy);
      $sformat(tb_regwhy, "in the reset state: got req_ready_o=%b rsp_valid_o=%b mem_req_valid_o=%b, want 1, 0, 0 (req_ready_o = !ptw_busy & !s1_replay_q & !fl_busy_q & !fl_cmp_q, all reset to 0)",
               rst_ready, rst_rsp_valid, rst_mreq_valid);
      check_msg("reset_state_ready_no_response_no_request", rst_ready === 1'b1 && rst_rsp_valid === 1'b0 && rst_mreq_valid === 1'b0, tb_regwhy);
      tb_bad = 0;
      for (tb_ra = 0; tb_ra < 256; tb_ra = tb_ra + 1) begin
        reg_rd(tb_ra[7:0], tb_rv);
        if (tb_rv !== tb_reset_value(tb_ra[7:0])) begin
          if (tb_bad == 0) begin tb_bad_a = tb_ra; tb_bad_got = tb_rv; tb_bad_want = tb_reset_value(tb_ra[7:0]); end
          tb_bad = tb_bad + 1;
        end
      end
      $sformat(tb_regwhy, "%0d of 256 register addresses read other than their reset value after reset (want 0); the first, address %0h: got %0h, want %0h (docs/rtl.md Register map: reset values, CONFIG0/CONFIG1 layout, unmapped and unused counter addresses read 0)",
               tb_bad, tb_bad_a, tb_bad_got, tb_bad_want);
      check_msg("reg_every_address_reads_its_reset_value", tb_bad == 0, tb_regwhy);
    end
  endtask
  // Write a different pattern to every RW register (MODE gets paging), read all
  // of them back (each keeps the low bits of its field's width), then write the
  // reset values back. Only right after reset: it changes MODE and PTBASE.
  task wr_reg_pattern;
    input [7:0] a;
    input integer k;
    begin reg_wr(a, tb_pat(k)); end
  endtask
  function [63:0] tb_readback;   // what a read of a returns after wr_reg_pattern(a, k)
    input [7:0] a;
    input integer k;
    integer i;
    begin
      tb_readback = 64'd0;
      case (a)
        `MMU_REG_PTBASE:     tb_readback = tb_pat(k) & tb_mask(PPN_BITS);
        `MMU_REG_ASID:       tb_readback = tb_pat(k) & tb_mask(`MMU_P_ASID_BITS);
        `MMU_REG_STATUS:     tb_readback = tb_pat(k) & ((`MMU_P_SVADU != 0) ? 64'd7 : 64'd3);
        `MMU_REG_FLUSH_VA:   tb_readback = tb_pat(k) & tb_mask(VA_PORT_BITS);
        `MMU_REG_FLUSH_ASID: tb_readback = tb_pat(k) & tb_mask(`MMU_P_ASID_BITS);
        default: ;
      endcase
      for (i = 0; i < 16; i = i + 1)
        if (TB_SEG_ON != 0 && i < TB_SEGS) begin
          if (a == `MMU_REG_SEG_BASE + 4*i)  tb_readback = tb_pat(k) & tb_mask(PA_BITS);
          if (a == `MMU_REG_SEG_BOUND + 4*i) tb_readback = tb_pat(k) & tb_mask(`MMU_P_VA_BITS + 1);
          if (a == `MMU_REG_SEG_CTRL + 4*i)  tb_readback = tb_pat(k) & 64'h3F;
        end
    end
  endfunction
  task check_reg_readback;
    integer i;
    begin
      // registers 1..5 and 0x40..0x7F (segment registers and unmapped gaps), pattern k = address
      for (tb_ra = 1; tb_ra <= 5; tb_ra = tb_ra + 1) wr_reg_pattern(tb_ra[7:0], tb_ra);
      for (tb_ra = 8'h40; tb_ra < 8'h80; tb_ra = tb_ra + 1) wr_reg_pattern(tb_ra[7:0], tb_ra);
      reg_wr(`MMU_REG_MODE, `MMU_MODE_PAGING);
      tb_bad = 0;
      for (tb_ra = 0; tb_ra < 8'h80; tb_ra = tb_ra + 1) begin
        reg_rd(tb_ra[7:0], tb_rv);
        tb_want = (tb_ra == `MMU_REG_MODE) ? `MMU_MODE_PAGING :
                  (tb_ra == `MMU_REG_CONFIG0) ? TB_CONFIG0 : (tb_ra == `MMU_REG_CONFIG1) ? TB_CONFIG1 :
                  tb_readback(tb_ra[7:0], tb_ra);
        if (tb_rv !== tb_want) begin
          if (tb_bad == 0) begin tb_bad_a = tb_ra; tb_bad_got = tb_rv; tb_bad_want = tb_want; end
          tb_bad = tb_bad + 1;
        end
      end
      $sformat(tb_regwhy, "%0d of 128 addresses (0x00..0x7F) read back other than what was written (want 0); the first, address %0h: got %0h, want %0h (each register keeps the low bits of its width, segment i at 0x40+4i..0x42+4i, others read 0)",
               tb_bad, tb_bad_a, tb_bad_got, tb_bad_want);
      check_msg("reg_write_read_back_every_register", tb_bad == 0, tb_regwhy);
      reg_wr(`MMU_REG_MODE, `MMU_MODE_BARE);
      for (tb_ra = 1; tb_ra <= 5; tb_ra = tb_ra + 1) reg_wr(tb_ra[7:0], tb_reset_value(tb_ra[7:0]));
      for (i = 0; i < TB_SEGS; i = i + 1) seg_set(i, 0, 0, 6'd0);
    end
  endtask

  // The port rules above, as one check over the whole run.
  reg [8*TB_WHY_CHARS-1:0] port_why;
  task port_rules_report;
    begin
      $sformat(port_why, "%0d of %0d cycles broke a port rule (want 0); the first, cycle %0d: %0s",
               port_bad, port_cycles, port_bad_cycle, port_bad_what);
      check_msg("port_outputs_zero_when_not_valid_every_cycle", port_bad == 0 && port_cycles > 0, port_why);
      $sformat(port_why, "%0d requests accepted, %0d responses (%0d with no request pending, the first in cycle %0d): want exactly one response per request (docs/rtl.md: every accepted request is answered once, in order)",
               port_acc, port_rsp, port_extra, port_extra_cycle);
      check_msg("port_one_response_per_request", port_extra == 0 && port_rsp == port_acc && port_acc > 0, port_why);
      $sformat(port_why, "%0d of %0d cycles broke a request-ID rule (want 0; ID_BITS = %0d); the first, cycle %0d: %0s",
               id_bad, id_cycles, ID_BITS, id_bad_cycle, id_bad_what);
      check_msg("port_rsp_id_rules_every_cycle", id_bad == 0 && id_cycles > 0, port_why);
    end
  endtask

  task finish;
    begin
      port_rules_report;
      $display("# %0d passed, %0d failed", n_pass, n_fail);
      $finish;
    end
  endtask

  // Watchdog: a hung handshake is a failure, not a hang.
  initial begin
    #2000000;
    if (xlat_busy)
      $display("FAIL watchdog: the translation of va=%0h acc=%0d priv=%0d got no response in %0d cycles, want one within a few hundred; usually: a state the walker or the TLB never leaves, or a handshake (ready/valid) never given",
               xlat_va, xlat_acc, xlat_priv, cycle - xlat_t0);
    else
      $display("FAIL watchdog: simulation did not finish (got no end after %0d cycles, want the bench to finish); usually: a flush or register access that never completes", cycle);
    $finish;
  end
