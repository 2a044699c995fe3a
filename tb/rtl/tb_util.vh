// tb_util.vh -- shared testbench body: parameters, clock, DUT + memory,
// register and translation tasks, PASS/FAIL bookkeeping. Included inside a
// tb module that first defines the parameter ERR_BASE (first erroring
// address). The parameters below are overridden per run by tb/rtl.mk:
// REPL (TLB policy), LAT/BP (memory latency, back-pressure), and the
// geometry (TLB_SETS, TLB_WAYS, PA_BITS, PPN_BITS; normally the profile's).
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

  localparam integer VA_PORT_BITS = `MMU_P_VA_PORT_BITS;
  localparam integer PTE_BITS     = 8 * `MMU_P_PTE_BYTES;
  localparam integer PTE_LOG2     = (`MMU_P_PTE_BYTES == 8) ? 3 : (`MMU_P_PTE_BYTES == 4) ? 2 : 0;
  localparam integer PAGE         = 1 << `MMU_P_PAGE_SHIFT;

  reg clk = 1'b0;
  reg rst = 1'b1;
  always #5 clk = ~clk;

  reg                     req_valid = 1'b0;
  reg  [VA_PORT_BITS-1:0] req_va = {VA_PORT_BITS{1'b0}};
  reg  [1:0]              req_acc = 2'd0;
  reg                     req_priv = 1'b0;
  wire                    req_ready;
  wire                    rsp_valid, rsp_fault, rsp_hit;
  wire [PA_BITS-1:0]      rsp_pa;
  wire [3:0]              rsp_cause;
  wire [2:0]              rsp_level;
  wire                    mreq_valid, mreq_ready, mreq_we, mrsp_valid, mrsp_err;
  wire [PA_BITS-1:0]      mreq_addr;
  wire [PTE_BITS-1:0]     mreq_wdata, mreq_cmp, mrsp_data;
  reg                     reg_we = 1'b0;
  reg  [7:0]              reg_addr = 8'd0;
  reg  [63:0]             reg_wdata = 64'd0;
  wire [63:0]             reg_rdata;

  mmu_top #(.TLB_REPL(REPL), .TLB_SETS(TLB_SETS), .TLB_WAYS(TLB_WAYS), .PA_BITS(PA_BITS),
            .PPN_BITS(PPN_BITS), .HIT_STAGES(HIT_STAGES)) dut (
    .clk_i(clk), .rst_i(rst),
    .req_valid_i(req_valid), .req_ready_o(req_ready), .req_va_i(req_va), .req_acc_i(req_acc),
    .req_priv_i(req_priv),
    .rsp_valid_o(rsp_valid), .rsp_pa_o(rsp_pa), .rsp_fault_o(rsp_fault), .rsp_cause_o(rsp_cause),
    .rsp_level_o(rsp_level), .rsp_hit_o(rsp_hit),
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

  // results of the last xlat
  reg [PA_BITS-1:0] r_pa;
  reg               r_fault, r_hit;
  reg [3:0]         r_cause;
  reg [2:0]         r_level;
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

  task reset_dut;
    begin
      rst = 1'b1; repeat (3) @(negedge clk); rst = 1'b0; @(negedge clk);
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
    begin
      @(negedge clk);
      xlat_busy = 1'b1; xlat_va = va; xlat_acc = acc; xlat_priv = priv; xlat_t0 = cycle;
      req_valid = 1'b1; req_va = va[VA_PORT_BITS-1:0]; req_acc = acc; req_priv = priv;
      #1;
      while (!req_ready) begin @(negedge clk); #1; end
      @(posedge clk); t0 = cycle;
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
      r_lat = cycle - t0;
      xlat_busy = 1'b0;
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

  task finish;
    begin
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
