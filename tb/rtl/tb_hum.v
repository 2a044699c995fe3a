// tb_hum -- hit under miss (docs/rtl.md "Hit under miss (ID_BITS > 0)"), one
// check per documented rule, on Sv39 with a slow memory (run with LAT=10) so
// that walks are long. Unlike the other benches it keeps up to two requests
// in flight: a stream of requests is driven back to back (each presented the
// cycle after its predecessor's acceptance, or when a walker state gates it),
// and every response is recorded (cycle, rsp_id_o, hit, PA, cause, level) and
// matched to its request by rsp_id_o (with ID_BITS = 0: to the oldest one).
//   - a hit (also a PRIV or PROT fault from the TLB) accepted while a walk is
//     in flight is answered the cycle after its acceptance, before the walk,
//     with its own ID; the walk's response carries the walk's ID;
//   - req_ready_o is 0 in the walker's CHECK, AD_WAIT and DONE, and while s1
//     holds a request under a busy walker; at most two requests outstanding;
//   - a miss under a walk parks: no PTE read until the walk is answered; a
//     miss to the page being walked is answered as a TLB hit, no read of its own;
//   - a parked miss counts one lookup and one miss; LOOKUPS = HITS + MISSES;
//   - a hit in the cycle before the walk's fill touches its way first (PLRU);
//   - an ASID write or a FLUSH under the walk: the walk fills nothing, a hit
//     accepted in the write's cycle answers with the old registers / TLB;
//   - s1 never acts in the walker's DONE (a bus error goes RD_WAIT -> DONE).
// With ID_BITS = 0 (sv39-pwc) the same streams must be answered strictly in
// acceptance order, nothing accepted while the walker is busy, rsp_id_o 0.
// Peeks (for checks and gates only): dut.u_ptw.state_q, lvl_q, dut.s1_valid_q, dut.park.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_hum;
  parameter [63:0]  ERR_BASE = 64'h0000_0100_0000_0000;
`include "tb_util.vh"

  localparam HUM = (ID_BITS > 0);
  localparam [1:0] LD = 2'd1, ST = 2'd2;
  localparam U = 1'b0, S = 1'b1;
  localparam [63:0] V = 1, R = 2, W = 4, X = 8, A = 64, D = 128;
  localparam [63:0] RWXAD = V|R|W|X|A|D, ROAD = V|R|A|D, RWX_NOA = V|R|W|X;
  localparam [63:0] ROOT = 64'h1000, L1A = 64'h2000, L0A = 64'h3000, L0B = 64'h4000;
  localparam [2:0] L0 = 3'd0;
  // mmu_ptw states (rtl/mmu_ptw.v)
  localparam [2:0] S_IDLE = 3'd0, S_RD_WAIT = 3'd2, S_CHECK = 3'd3, S_AD_WAIT = 3'd5, S_DONE = 3'd6;

  function [63:0] pte;
    input [63:0] ppn, flags;
    begin pte = (ppn << 10) | flags; end
  endfunction
  function [63:0] va;
    input [63:0] i2, i1, i0;
    begin va = (i2 << 30) | (i1 << 21) | (i0 << 12); end
  endfunction
  function [63:0] pa_a;   // the frame of va(0, 0, k)
    input integer k;
    begin pa_a = 64'h100000 + k * 4096; end
  endfunction
  function [63:0] pa_b;   // the frame of va(0, 1, k)
    input integer k;
    begin pa_b = 64'h200000 + k * 4096; end
  endfunction

  // One of two texts (Icarus 11 can lose a ?: of string literals inside $sformat's arguments).
  function [8*200-1:0] pick;
    input c;
    input [8*200-1:0] a, b;
    begin if (c) pick = a; else pick = b; end
  endfunction

  wire [2:0] ptw_state = dut.u_ptw.state_q;
  wire [1:0] ptw_lvl   = dut.u_ptw.lvl_q;
  wire       ptw_walking = (ptw_state != S_IDLE);

  reg [8*TB_NAME_CHARS-1:0] nm;
  reg [8*TB_WHY_CHARS-1:0]  msg;
  integer k, i, n_ok, bad_i;

  // ---- every-cycle rules over the whole run ------------------------------------------------
  // ready rule (rule 1 of "Ordering rules"): req_ready_o = 0 in CHECK, AD_WAIT,
  // DONE, and while s1 holds a request under a busy walker; counts of the cycles
  // seen so that a check cannot pass on a run that never reached the state.
  integer n_chk_cyc = 0, n_adw_cyc = 0, n_done_cyc = 0, n_held_cyc = 0, n_rdy_busy = 0;
  integer rdy_bad = 0, rdy_bad_cyc = 0, hold_bad = 0, hold_bad_cyc = 0;
  reg [2:0] rdy_bad_state = 3'd0;
  // outstanding requests (accepted, not yet answered) in each cycle
  integer n_acc = 0, n_ans = 0, out_max = 0, out_max_cyc = 0;
  integer n_acc_walking = 0, acc_walking_cyc = 0;   // acceptances while the walker is busy
  integer id0_bad = 0, id0_bad_cyc = 0;             // rsp_id_o != 0 with ID_BITS = 0
  integer n_park_cyc = 0;
  always @(posedge clk) if (!rst && port_armed && req_valid && req_ready) begin
    n_acc = n_acc + 1;
    if (ptw_walking) begin
      if (n_acc_walking == 0) acc_walking_cyc = cycle;
      n_acc_walking = n_acc_walking + 1;
    end
  end
  always @(negedge clk) if (!rst && port_armed) begin
    if (ptw_state == S_CHECK) n_chk_cyc = n_chk_cyc + 1;
    if (ptw_state == S_AD_WAIT) n_adw_cyc = n_adw_cyc + 1;
    if (ptw_state == S_DONE) n_done_cyc = n_done_cyc + 1;
    if (dut.s1_valid_q === 1'b1 && ptw_walking) n_held_cyc = n_held_cyc + 1;
    if (req_ready === 1'b1 && ptw_walking) n_rdy_busy = n_rdy_busy + 1;
    if (dut.park === 1'b1) n_park_cyc = n_park_cyc + 1;
    if (req_ready !== 1'b0 && (ptw_state == S_CHECK || ptw_state == S_AD_WAIT || ptw_state == S_DONE)) begin
      if (rdy_bad == 0) begin rdy_bad_cyc = cycle; rdy_bad_state = ptw_state; end
      rdy_bad = rdy_bad + 1;
    end
    if (req_ready !== 1'b0 && dut.s1_valid_q === 1'b1 && ptw_walking) begin
      if (hold_bad == 0) hold_bad_cyc = cycle;
      hold_bad = hold_bad + 1;
    end
    if (n_acc - n_ans > out_max) begin out_max = n_acc - n_ans; out_max_cyc = cycle; end
    if (rsp_valid === 1'b1) n_ans = n_ans + 1;
    if (ID_BITS == 0 && rsp_id !== {ID_W{1'b0}}) begin
      if (id0_bad == 0) id0_bad_cyc = cycle;
      id0_bad = id0_bad + 1;
    end
  end

  // PTE reads accepted by the memory port (address, cycle), over the whole run
  localparam integer RD_MAX = 1024;
  reg [PA_BITS-1:0] rd_addr [0:RD_MAX-1];
  integer           rd_cyc  [0:RD_MAX-1];
  integer           n_rd = 0;
  always @(posedge clk) if (!rst && mreq_valid && mreq_ready && !mreq_we && n_rd < RD_MAX) begin
    rd_addr[n_rd] = mreq_addr; rd_cyc[n_rd] = cycle; n_rd = n_rd + 1;
  end
  // reads of PTE address a from read index r0 on: how many, the cycle of the first
  integer rd_cnt, rd_first;
  task reads_of;
    input [63:0] a;
    input integer r0;
    integer r;
    begin
      rd_cnt = 0; rd_first = -1;
      for (r = r0; r < n_rd; r = r + 1)
        if (rd_addr[r] == a[PA_BITS-1:0]) begin
          if (rd_cnt == 0) rd_first = rd_cyc[r];
          rd_cnt = rd_cnt + 1;
        end
    end
  endtask

  // ---- a stream of requests ------------------------------------------------------------------
  // Gates: when request i is presented (valid then held until accepted).
  localparam integer G_NEXT = 0;   // the cycle after request i-1 was accepted
  localparam integer G_LEAF = 1;   // the cycle the walker's level-0 PTE arrives (RD_WAIT, lvl 0, mem_rsp_valid):
                                   // accepted then, s1 acts in the walker's CHECK, the cycle before its fill
  localparam integer G_WALK = 2;   // a cycle the walker waits for memory (RD_WAIT): a walk is in flight
  localparam integer G_ERR  = 3;   // the cycle a PTE read answers with a bus error (RD_WAIT, mem_rsp_err):
                                   // accepted then, s1 holds it in the walker's DONE, the next cycle
  localparam integer QN = 16;
  localparam integer STREAM_TIMEOUT = 5000;
  reg [63:0]        q_va    [0:QN-1];
  reg [1:0]         q_ac    [0:QN-1];
  reg               q_pv    [0:QN-1];
  integer           q_gate  [0:QN-1];
  reg               q_wr    [0:QN-1];   // a register write in the acceptance cycle
  reg [7:0]         q_wa    [0:QN-1];
  reg [63:0]        q_wd    [0:QN-1];
  reg [3:0]         q_ecause[0:QN-1];   // expected result
  reg [63:0]        q_epa   [0:QN-1];
  reg [2:0]         q_elvl  [0:QN-1];
  reg               q_ehit  [0:QN-1];
  reg               q_accd  [0:QN-1];   // recorded: accepted, cycle, ID, walker busy then
  integer           q_acyc  [0:QN-1];
  reg [ID_W-1:0]    q_id    [0:QN-1];
  reg               q_done  [0:QN-1];   // recorded: answered, cycle, values, rsp_id_o, by the walker (DONE)
  integer           q_rcyc  [0:QN-1];
  reg [3:0]         q_cause [0:QN-1];
  reg [PA_BITS-1:0] q_pa    [0:QN-1];
  reg [2:0]         q_lvl   [0:QN-1];
  reg               q_hit   [0:QN-1];
  reg [ID_W-1:0]    q_rid   [0:QN-1];
  reg               q_walker[0:QN-1];
  integer           q_order [0:QN-1];   // q_order[m]: the request answered m-th
  integer           qn = 0, q_nr = 0, q_rd0 = 0, q_t0 = 0;
  integer           unmatched = 0, unmatched_cyc = 0;   // responses naming no outstanding request (whole run)
  reg [ID_W-1:0]    unmatched_id;

  task q_clear;
    begin qn = 0; end
  endtask
  task q_add;
    input [63:0] v;
    input [1:0]  ac;
    input        pv;
    input integer gate;
    input [3:0]  ecause;
    input [63:0] epa;
    input        ehit;
    begin
      q_va[qn] = v; q_ac[qn] = ac; q_pv[qn] = pv; q_gate[qn] = gate; q_wr[qn] = 1'b0;
      q_wa[qn] = 8'd0; q_wd[qn] = 64'd0;
      q_ecause[qn] = ecause; q_epa[qn] = (ecause == `MMU_CAUSE_NONE) ? epa : 64'd0; q_elvl[qn] = L0; q_ehit[qn] = ehit;
      qn = qn + 1;
    end
  endtask
  task q_add_write;   // to the last added request's acceptance cycle
    input [7:0]  a;
    input [63:0] d;
    begin q_wr[qn-1] = 1'b1; q_wa[qn-1] = a; q_wd[qn-1] = d; end
  endtask

  integer di, cj, ck;
  task run_stream;
    begin
      for (di = 0; di < qn; di = di + 1) begin q_accd[di] = 1'b0; q_done[di] = 1'b0; q_order[di] = -1; end
      q_nr = 0; q_rd0 = n_rd; q_t0 = cycle;
      xlat_busy = 1'b1; xlat_va = q_va[0]; xlat_acc = q_ac[0]; xlat_priv = q_pv[0]; xlat_t0 = cycle;
      fork
        begin : drive
          for (di = 0; di < qn; di = di + 1) begin
            @(negedge clk);
            req_valid = 1'b0; reg_we = 1'b0; reg_addr = 8'd0; reg_wdata = 64'd0;
            #1;
            if (q_gate[di] == G_LEAF)
              while (!(ptw_state == S_RD_WAIT && ptw_lvl == 2'd0 && mrsp_valid)) begin @(negedge clk); #1; end
            if (q_gate[di] == G_WALK)
              while (ptw_state != S_RD_WAIT) begin @(negedge clk); #1; end
            if (q_gate[di] == G_ERR)
              while (!(ptw_state == S_RD_WAIT && mrsp_valid && mrsp_err)) begin @(negedge clk); #1; end
            req_valid = 1'b1; req_va = q_va[di][VA_PORT_BITS-1:0]; req_acc = q_ac[di]; req_priv = q_pv[di];
            #1;
            while (!req_ready) begin @(negedge clk); #1; end
            if (q_wr[di]) begin reg_we = 1'b1; reg_addr = q_wa[di]; reg_wdata = q_wd[di]; end
            @(posedge clk);
            q_acyc[di] = cycle; q_id[di] = req_id; q_accd[di] = 1'b1;
          end
          @(negedge clk);
          req_valid = 1'b0; reg_we = 1'b0; reg_addr = 8'd0; reg_wdata = 64'd0;
        end
        begin : collect
          while (q_nr < qn) begin
            @(negedge clk);
            if (rsp_valid === 1'b1) begin
              ck = -1;   // the oldest outstanding request with this ID (any, with ID_BITS = 0)
              for (cj = qn - 1; cj >= 0; cj = cj - 1)
                if (q_accd[cj] && !q_done[cj] && q_acyc[cj] < cycle && (ID_BITS == 0 || q_id[cj] == rsp_id)) ck = cj;
              if (ck < 0) begin
                if (unmatched == 0) begin unmatched_cyc = cycle; unmatched_id = rsp_id; end
                unmatched = unmatched + 1;
              end else begin
                q_done[ck] = 1'b1; q_rcyc[ck] = cycle; q_cause[ck] = rsp_cause; q_pa[ck] = rsp_pa;
                q_lvl[ck] = rsp_level; q_hit[ck] = rsp_hit; q_rid[ck] = rsp_id;
                q_walker[ck] = (ptw_state == S_DONE);
                q_order[q_nr] = ck; q_nr = q_nr + 1;
              end
            end
            if (cycle - q_t0 > STREAM_TIMEOUT) begin
              if (unmatched > 0)
                $sformat(msg, "%0d responses named no outstanding request by their rsp_id_o, the first in cycle %0d with rsp_id_o=%0h", unmatched, unmatched_cyc, unmatched_id);
              else
                $sformat(msg, "every response named an outstanding request");
              $display("FAIL stream_answered: a stream of %0d requests from va=%0h got %0d matching responses in %0d cycles (%0s), want every request answered once, with its own rsp_id_o, within a few hundred cycles; usually: a request dropped from s1 (a parked miss not held: s1_hold without park; s1 acting in the walker's DONE, whose response wins the port), a request never replayed, or a response with another request's ID",
                       qn, q_va[0], q_nr, cycle - q_t0, msg);
              whole_run_checks(1'b0);
              finish;
            end
          end
        end
      join
      xlat_busy = 1'b0;
      repeat (2) @(negedge clk);
    end
  endtask

  // Every request's result (cause, PA, level, hit) against the expected one.
  task stream_results;
    input [8*TB_NAME_CHARS-1:0] name;
    begin
      bad_i = -1;
      for (i = qn - 1; i >= 0; i = i - 1)
        if (!(q_done[i] && q_cause[i] === q_ecause[i] && q_pa[i] === q_epa[i][PA_BITS-1:0] &&
              q_lvl[i] === q_elvl[i] && q_hit[i] === q_ehit[i])) bad_i = i;
      if (bad_i < 0) pass(name);
      else begin
        $sformat(msg, "request %0d of %0d (va=%0h acc=%0d priv=%0d id=%0h, accepted in cycle %0d): got cause=%0s pa=%0h level=%0d hit=%0d in cycle %0d, want cause=%0s pa=%0h level=%0d hit=%0d; usually: a response matched to the wrong request (its rsp_id_o), a hit under the walk that compared the wrong set, or a replay that missed the walk's fill",
                 bad_i, qn, q_va[bad_i], q_ac[bad_i], q_pv[bad_i], q_id[bad_i], q_acyc[bad_i],
                 cause_name(q_cause[bad_i]), q_pa[bad_i], q_lvl[bad_i], q_hit[bad_i], q_rcyc[bad_i],
                 cause_name(q_ecause[bad_i]), q_epa[bad_i], q_elvl[bad_i], q_ehit[bad_i]);
        fail(name, msg);
      end
    end
  endtask

  // With ID_BITS = 0 (responses are matched to the oldest outstanding request):
  // answered in acceptance order -- response i carries request i's expected
  // answer (a response that overtook would carry another's), response cycles rise.
  integer io_bad, io_like;
  function q_as_expected;   // response m's values are request e's expected answer
    input integer m, e;
    begin
      q_as_expected = q_done[m] && q_cause[m] === q_ecause[e] && q_pa[m] === q_epa[e][PA_BITS-1:0] &&
                      q_lvl[m] === q_elvl[e] && q_hit[m] === q_ehit[e];
    end
  endfunction
  task stream_in_order;
    input [8*TB_NAME_CHARS-1:0] name;
    begin
      io_bad = -1; io_like = -1;
      for (i = qn - 1; i >= 0; i = i - 1)
        if (!q_as_expected(i, i) || (i > 0 && q_rcyc[i] <= q_rcyc[i-1])) io_bad = i;
      if (io_bad >= 0)
        for (i = qn - 1; i >= 0; i = i - 1) if (i != io_bad && q_as_expected(io_bad, i)) io_like = i;
      if (io_bad < 0) pass(name);
      else begin
        $sformat(msg, "with ID_BITS = 0, response %0d (cycle %0d: cause=%0s pa=%0h hit=%0d) is not request %0d's answer (va=%0h, want cause=%0s pa=%0h hit=%0d, answered after the one before it)%0s; the MMU is in order and blocking without request IDs (docs/rtl.md \"Hit under miss\": none of it exists with ID_BITS = 0)",
                 io_bad, q_rcyc[io_bad], cause_name(q_cause[io_bad]), q_pa[io_bad], q_hit[io_bad], io_bad, q_va[io_bad],
                 cause_name(q_ecause[io_bad]), q_epa[io_bad], q_ehit[io_bad],
                 pick(io_like >= 0, ": it is the answer of a later request, which overtook", ""));
        fail(name, msg);
      end
    end
  endtask

  // Request w is the stream's walk: every other request accepted while it was in
  // flight (after its acceptance, before its response) that the TLB answers
  // (expected hit) is answered the next cycle, before it; at least n_min such.
  integer uw_n, uw_bad;
  task under_walk_next_cycle;
    input [8*TB_NAME_CHARS-1:0] name;
    input integer w, n_min;
    begin
      uw_n = 0; uw_bad = -1;
      for (i = qn - 1; i >= 0; i = i - 1)
        if (i != w && q_ehit[i] && q_acyc[i] > q_acyc[w] && q_acyc[i] < q_rcyc[w]) begin
          uw_n = uw_n + 1;
          if (!(q_done[i] && q_rcyc[i] == q_acyc[i] + 1 && q_rcyc[i] < q_rcyc[w])) uw_bad = i;
        end
      if (uw_bad >= 0)
        $sformat(msg, "request %0d (va=%0h, a TLB hit) accepted in cycle %0d while the walk of request %0d (accepted %0d) was in flight: answered in cycle %0d, want cycle %0d, before the walk's response (cycle %0d) (docs/rtl.md \"Hit under miss\", rule 3: s1 keeps acting while the walker is busy)",
                 uw_bad, q_va[uw_bad], q_acyc[uw_bad], w, q_acyc[w], q_rcyc[uw_bad], q_acyc[uw_bad] + 1, q_rcyc[w]);
      else
        $sformat(msg, "%0d TLB hits were accepted while the walk of request %0d was in flight (cycles %0d..%0d), want at least %0d: req_ready_o must be 1 in the walker's RD_REQ/RD_WAIT cycles when s1 is empty (docs/rtl.md \"Hit under miss\")",
                 uw_n, w, q_acyc[w], q_rcyc[w], n_min);
      check_msg(name, uw_bad < 0 && uw_n >= n_min, msg);
    end
  endtask

  // The walker's response (in DONE) carried the walking request's ID, w's.
  integer wr_n, wr_bad;
  task walk_id;
    input [8*TB_NAME_CHARS-1:0] name;
    input integer w;
    begin
      $sformat(msg, "the walk of request %0d (va=%0h, req_id_i=%0h): answered by the walker (DONE) %0s with rsp_id_o=%0h, want the walker's response with rsp_id_o=%0h (rule 5: the walker's copy ptw_id_q in DONE)",
               w, q_va[w], q_id[w], pick(q_done[w] && q_walker[w], "yes", "no"), q_rid[w], q_id[w]);
      check_msg(name, q_done[w] && q_walker[w] && q_rid[w] === q_id[w], msg);
    end
  endtask

  reg [63:0] c_lk0, c_hit0, c_mis0, c_lk1, c_hit1, c_mis1;
  task ctr_snap0;
    begin ctr(`MMU_CTR_LOOKUPS, c_lk0); ctr(`MMU_CTR_HITS, c_hit0); ctr(`MMU_CTR_MISSES, c_mis0); end
  endtask
  task ctr_snap1;
    begin ctr(`MMU_CTR_LOOKUPS, c_lk1); ctr(`MMU_CTR_HITS, c_hit1); ctr(`MMU_CTR_MISSES, c_mis1); end
  endtask
  task ctr_expect;
    input [8*TB_NAME_CHARS-1:0] name;
    input integer elk, ehit, emis;
    input [8*TB_WHY_CHARS-1:0] what;
    begin
      $sformat(msg, "%0s: LOOKUPS +%0d, HITS +%0d, MISSES +%0d, want +%0d, +%0d, +%0d (docs/rtl.md \"Performance counters\": LOOKUPS = cmp_en & !park, a parked miss counts at its replay)",
               what, c_lk1 - c_lk0, c_hit1 - c_hit0, c_mis1 - c_mis0, elk, ehit, emis);
      check_msg(name, c_lk1 - c_lk0 == elk && c_hit1 - c_hit0 == ehit && c_mis1 - c_mis0 == emis, msg);
    end
  endtask

  // ---- the rules checked over the whole run (also reported when a stream hangs) -----------
  // (cov: the run is complete, so every state must have been seen and the counters are read)
  task whole_run_checks;
    input cov;
    begin
      $sformat(msg, "req_ready_o=1 in %0d cycles with the walker in CHECK, AD_WAIT or DONE (the first: cycle %0d, state %0d), want 0 (rule 1: the walker takes the read port in CHECK/AD_WAIT, a request read in DONE would see the set before the fill); cycles seen: CHECK %0d, AD_WAIT %0d, DONE %0d, want each > 0",
               rdy_bad, rdy_bad_cyc, rdy_bad_state, n_chk_cyc, n_adw_cyc, n_done_cyc);
      check_msg("ready_low_in_check_ad_wait_done", rdy_bad == 0 && (!cov || (n_chk_cyc > 0 && n_adw_cyc > 0 && n_done_cyc > 0)), msg);
      $sformat(msg, "req_ready_o=1 in %0d cycles with s1 holding a request and the walker busy (the first: cycle %0d), want 0 (rule 1: s1 could park it); such cycles seen: %0d, want > 0",
               hold_bad, hold_bad_cyc, n_held_cyc);
      check_msg("ready_low_while_s1_holds_under_walk", hold_bad == 0 && (!cov || n_held_cyc > 0), msg);
      $sformat(msg, "at most %0d requests outstanding (accepted, not answered; first in cycle %0d), want at most 2 and 2 reached (rule 1: one in the walker, one in s1)",
               out_max, out_max_cyc);
      check_msg("at_most_two_outstanding", out_max <= 2 && (!cov || out_max == 2), msg);
      $sformat(msg, "%0d responses carried an rsp_id_o naming no outstanding request (the first, cycle %0d, rsp_id_o=%0h), want 0 (rule 5: rsp_id_o is the answered request's req_id_i)",
               unmatched, unmatched_cyc, unmatched_id);
      check_msg("rsp_id_names_an_outstanding_request", unmatched == 0, msg);
      if (HUM) begin
        $sformat(msg, "%0d requests accepted while the walker was busy, %0d cycles with req_ready_o=1 and the walker busy; want both > 0 (hit under miss: s1 keeps accepting during RD_REQ/RD_WAIT)",
                 n_acc_walking, n_rdy_busy);
        check_msg("hum_requests_accepted_during_walks", !cov || (n_acc_walking > 0 && n_rdy_busy > 0), msg);
      end else begin
        $sformat(msg, "with ID_BITS = 0: %0d requests accepted while the walker was busy (the first in cycle %0d), want 0 (in order and blocking)",
                 n_acc_walking, acc_walking_cyc);
        check_msg("inorder_nothing_accepted_while_walking", n_acc_walking == 0, msg);
        $sformat(msg, "with ID_BITS = 0: rsp_id_o != 0 in %0d cycles (the first: cycle %0d), want 0 in every cycle", id0_bad, id0_bad_cyc);
        check_msg("inorder_rsp_id_always_zero", id0_bad == 0, msg);
      end
      if (cov) begin
        ctr(`MMU_CTR_LOOKUPS, c_lk1); ctr(`MMU_CTR_HITS, c_hit1); ctr(`MMU_CTR_MISSES, c_mis1);
        $sformat(msg, "since reset: LOOKUPS %0d, HITS %0d, MISSES %0d, want LOOKUPS = HITS + MISSES (docs/rtl.md \"Performance counters\")",
                 c_lk1, c_hit1, c_mis1);
        check_msg("ctr_lookups_eq_hits_plus_misses", c_lk1 == c_hit1 + c_mis1 && c_lk1 > 0, msg);
      end
    end
  endtask

  integer rd_w, p_before, p_after;
  reg     bad_hit;
  initial begin
    reset_dut;
    pte_wr(ROOT + 8*0, pte(L1A >> 12, V));
    pte_wr(L1A + 8*0, pte(L0A >> 12, V));
    pte_wr(L1A + 8*1, pte(L0B >> 12, V));
    pte_wr(ROOT + 8*2, pte(ERR_BASE >> 12, V));   // va(2,*,*): the level-1 read is a bus error
    for (k = 0; k < 64; k = k + 1) begin
      pte_wr(L0A + 8*k, pte(64'h100 + k, RWXAD));
      pte_wr(L0B + 8*k, pte(64'h200 + k, RWXAD));
    end
    pte_wr(L0A + 8*5, pte(64'h105, ROAD));      // read-only: a store faults PROT
    pte_wr(L0A + 8*6, pte(64'h106, RWX_NOA));   // A = 0: the walk sets it by CAS (AD_REQ, AD_WAIT)
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);
    reg_wr(`MMU_REG_MODE, `MMU_MODE_PAGING);

    // ==== A: hits under a walk, a PRIV and a PROT fault from the TLB among them
    expect_xl("warm_h1", va(0, 0, 1), LD, S, `MMU_CAUSE_NONE, pa_a(1), L0, 1'b0);
    expect_xl("warm_h2", va(0, 0, 2), LD, S, `MMU_CAUSE_NONE, pa_a(2), L0, 1'b0);
    expect_xl("warm_read_only", va(0, 0, 5), LD, S, `MMU_CAUSE_NONE, pa_a(5), L0, 1'b0);
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);   // same value: empties the walk cache, the next walk reads 3 levels
    ctr_snap0;
    q_clear;
    q_add(va(0, 0, 16), LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(16), 1'b0);   // 0: the walk
    q_add(va(0, 0, 1),  LD, U, G_NEXT, `MMU_CAUSE_PRIV, 0, 1'b1);          // 1: user access to a supervisor page
    q_add(va(0, 0, 5),  ST, S, G_NEXT, `MMU_CAUSE_PROT, 0, 1'b1);          // 2: store to a read-only page
    q_add(va(0, 0, 1),  LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(1), 1'b1);
    q_add(va(0, 0, 2),  LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(2), 1'b1);
    q_add(va(0, 0, 1),  ST, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(1), 1'b1);
    q_add(va(0, 0, 2),  LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(2), 1'b1);
    q_add(va(0, 0, 1),  LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(1), 1'b1);
    q_add(va(0, 0, 5),  LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(5), 1'b1);
    run_stream;
    ctr_snap1;
    stream_results("hits_under_walk_results");
    ctr_expect("ctr_hits_under_walk", 9, 8, 1, "a walk and 8 TLB hits (2 of them faulting)");
    if (HUM) begin
      under_walk_next_cycle("hum_hit_under_walk_answered_next_cycle_before_walk", 0, 3);
      walk_id("hum_walk_response_carries_walk_id", 0);
      $sformat(msg, "user load of a supervisor page in the TLB (request 1): accepted in cycle %0d, answered in cycle %0d with cause %0s hit=%0d; want it accepted while the walk (cycles %0d..%0d) is in flight and answered the next cycle with PRIV, hit=1 (rule 3: a hit that faults PRIV/PROT leaves under the walk)",
               q_acyc[1], q_rcyc[1], cause_name(q_cause[1]), q_hit[1], q_acyc[0], q_rcyc[0]);
      check_msg("hum_priv_fault_hit_answered_under_walk", q_acyc[1] < q_rcyc[0] && q_rcyc[1] == q_acyc[1] + 1 &&
                q_cause[1] == `MMU_CAUSE_PRIV && q_hit[1] === 1'b1, msg);
      $sformat(msg, "store to a read-only page in the TLB (request 2): accepted in cycle %0d, answered in cycle %0d with cause %0s hit=%0d; want it accepted while the walk (cycles %0d..%0d) is in flight and answered the next cycle with PROT, hit=1 (rule 3)",
               q_acyc[2], q_rcyc[2], cause_name(q_cause[2]), q_hit[2], q_acyc[0], q_rcyc[0]);
      check_msg("hum_prot_fault_hit_answered_under_walk", q_acyc[2] < q_rcyc[0] && q_rcyc[2] == q_acyc[2] + 1 &&
                q_cause[2] == `MMU_CAUSE_PROT && q_hit[2] === 1'b1, msg);
    end else
      stream_in_order("inorder_hits_after_walk_in_acceptance_order");

    // ==== F: hits presented during a walk that sets A by CAS (CHECK, AD_REQ, AD_WAIT)
    q_clear;
    q_add(va(0, 0, 6), LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(6), 1'b0);   // A = 0: CAS
    for (k = 0; k < 8; k = k + 1)
      q_add(va(0, 0, 1 + k[0]), LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(1 + k[0]), 1'b1);
    run_stream;
    stream_results("hits_under_ad_walk_results");
    $sformat(msg, "the PTE of va=%0h after the walk: %0h, want A set (%0h): the Svadu walk's CAS", va(0, 0, 6),
             pte_rd(L0A + 8*6), pte(64'h106, RWX_NOA | A));
    check_msg("ad_walk_set_a", pte_rd(L0A + 8*6) == pte(64'h106, RWX_NOA | A), msg);
    if (HUM) begin
      under_walk_next_cycle("hum_hit_under_ad_walk_answered_next_cycle_before_walk", 0, 1);
      walk_id("hum_ad_walk_response_carries_walk_id", 0);
    end else
      stream_in_order("inorder_hits_after_ad_walk_in_acceptance_order");

    // ==== B: a miss to another page under a walk parks (no PTE read until the walk is answered);
    // a hit presented behind it waits (req_ready_o = 0 while s1 holds it under the walk)
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);
    ctr_snap0;
    q_clear;
    q_add(va(0, 0, 17), LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(17), 1'b0);
    q_add(va(0, 0, 18), LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(18), 1'b0);
    q_add(va(0, 0, 1),  LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(1), 1'b1);   // waits while request 1 is parked
    p_before = n_park_cyc;
    run_stream;
    p_after = n_park_cyc;
    ctr_snap1;
    stream_results("miss_under_walk_results");
    reads_of(L0A + 8*18, q_rd0);
    $sformat(msg, "request 1 (va=%0h, a miss accepted in cycle %0d behind the walk of request 0, answered in cycle %0d): %0d reads of its PTE %0h, the first in cycle %0d; want exactly one, after the walk's response (rule 2: a miss under the walk parks in s1, no walk of its own until the first is answered)",
             q_va[1], q_acyc[1], q_rcyc[0], rd_cnt, L0A + 8*18, rd_first);
    check_msg("miss_under_walk_no_read_until_walk_answered", rd_cnt == 1 && rd_first > q_rcyc[0], msg);
    $sformat(msg, "request 1 (a miss accepted in cycle %0d) answered in cycle %0d, request 0 (the walk) in cycle %0d; want request 1 after request 0 (rule 2: walks run one at a time in acceptance order)",
             q_acyc[1], q_rcyc[1], q_rcyc[0]);
    check_msg("miss_under_walk_answered_after_walk", q_done[0] && q_done[1] && q_rcyc[1] > q_rcyc[0], msg);
    if (HUM) begin
      $sformat(msg, "request 1 (va=%0h) accepted in cycle %0d, the cycle request 0 misses: park was 1 in %0d cycles, want 1 (s1 acts on it under the walk, misses and parks once; it replays after the walk)",
               q_va[1], q_acyc[1], p_after - p_before);
      check_msg("hum_miss_under_walk_parks_once", p_after - p_before == 1 && q_acyc[1] == q_acyc[0] + 1, msg);
    end
    ctr_expect("ctr_parked_miss_one_lookup_one_miss", 3, 1, 2, "a walk, a miss parked under it, a hit");

    // ==== C: a miss to the page being walked: answered as a TLB hit after the walk
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);
    ctr_snap0;
    q_clear;
    q_add(va(0, 0, 19), LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(19), 1'b0);
    q_add(va(0, 0, 19), ST, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(19), 1'b1);
    run_stream;
    ctr_snap1;
    stream_results("miss_to_walked_page_results");
    reads_of(L0A + 8*19, q_rd0);
    $sformat(msg, "request 1 (va=%0h, the page request 0 walks, accepted in cycle %0d): answered in cycle %0d with hit=%0d after the walk's response in cycle %0d, %0d reads of the PTE; want hit=1 after the walk and 1 read (the walk's: rule 2, a miss to the page being walked hits the entry the walk filled)",
             q_va[1], q_acyc[1], q_rcyc[1], q_hit[1], q_rcyc[0], rd_cnt);
    check_msg("miss_to_walked_page_answered_as_hit_no_read", q_done[1] && q_hit[1] === 1'b1 &&
              q_rcyc[1] > q_rcyc[0] && rd_cnt == 1, msg);
    ctr_expect("ctr_parked_miss_to_walked_page_one_lookup_one_hit", 2, 1, 1, "a walk and a miss to its page parked under it");

    // ==== D: replacement: a hit in the cycle before the fill touches its way first
    // Set 0 full: P0..P3 = va(0,1,0/8/16/24) fill ways 0..3; tree-PLRU victim then way 0.
    // The walk of P4 = va(0,1,32) fills set 0; P0 hits in the walker's CHECK (accepted
    // when the leaf PTE arrives): its touch moves the victim to way 2 (P2).
    flush(1'b0, 1'b0, 0, 0);
    for (k = 0; k < 4; k = k + 1) begin
      $sformat(nm, "repl_fill_way_%0d", k);
      expect_xl(nm, va(0, 1, 8*k), LD, S, `MMU_CAUSE_NONE, pa_b(8*k), L0, 1'b0);
    end
    q_clear;
    q_add(va(0, 1, 32), LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_b(32), 1'b0);
    q_add(va(0, 1, 0),  LD, S, G_LEAF, `MMU_CAUSE_NONE, pa_b(0), HUM ? 1'b1 : 1'b0);   // ID_BITS = 0: after the fill, which evicted it
    run_stream;
    stream_results("repl_walk_and_hit_results");
    if (HUM) begin
      $sformat(msg, "the hit on P0 (va=%0h) accepted in cycle %0d, answered in cycle %0d; the walk of P4 answered (DONE, its fill) in cycle %0d; want the hit answered in the cycle before the fill (the bench's timing: accepted when the leaf PTE arrives)",
               q_va[1], q_acyc[1], q_rcyc[1], q_rcyc[0]);
      check_msg("hum_repl_hit_in_cycle_before_fill", q_rcyc[1] == q_acyc[1] + 1 && q_rcyc[1] == q_rcyc[0] - 1, msg);
    end
    // probes, one at a time: P0, P1, P3, P4 hit, P2 (the victim) misses
    bad_i = -1; bad_hit = 1'b0;   // the first probe that disagrees
    for (k = 0; k < 5; k = k + 1) begin
      rd_w = (k == 0) ? 0 : (k == 1) ? 8 : (k == 2) ? 24 : (k == 3) ? 32 : 16;
      xlat(va(0, 1, rd_w), LD, S);
      if (!(r_cause == `MMU_CAUSE_NONE && r_pa === pa_b(rd_w) && r_hit === (k != 4)) && bad_i < 0) begin
        bad_i = rd_w; bad_hit = r_hit;
      end
    end
    $sformat(msg, "after the fill of P4 into the full set 0 with a hit on P0 in the cycle before it: va(0,1,%0d) hit=%0d, want P0, P1, P3, P4 to hit and P2 to miss (the PLRU victim after P0's touch is way 2; %0s)",
             bad_i, bad_hit, pick(HUM, "docs/rtl.md \"Replacement\": with ID_BITS > 0 a hit's touch applies in its cycle, TOUCH_REG = 0, and the fill decides its way in DONE, LATE_FILL",
             "with ID_BITS = 0 P0's request came after the fill, which evicted P0; its walk then evicted P2"));
    check_msg("repl_hit_under_walk_touches_before_fill_victim", bad_i < 0, msg);

    // ==== E1: an ASID write under the walk: no fill; a hit accepted in the write's cycle uses the old ASID
    expect_xl("warm_h1_again", va(0, 0, 1), LD, S, `MMU_CAUSE_NONE, pa_a(1), L0, 1'b0);
    expect_xl("warm_h2_again", va(0, 0, 2), LD, S, `MMU_CAUSE_NONE, pa_a(2), L0, 1'b0);
    q_clear;
    q_add(va(0, 0, 20), LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(20), 1'b0);
    q_add(va(0, 0, 1),  LD, S, G_WALK, `MMU_CAUSE_NONE, pa_a(1), 1'b1);   // ASID 0's entry
    q_add_write(`MMU_REG_ASID, 64'd1);
    run_stream;
    stream_results("asid_write_under_walk_results");
    if (HUM) begin
      $sformat(msg, "the hit on va=%0h (ASID 0 entry) accepted in cycle %0d with the ASID write to 1 in the same cycle: answered in cycle %0d with hit=%0d; want it accepted under the walk (cycles %0d..%0d), answered the next cycle with hit=1 (docs/rtl.md \"The rule for register writes\": a request uses the registers of its acceptance cycle)",
               q_va[1], q_acyc[1], q_rcyc[1], q_hit[1], q_acyc[0], q_rcyc[0]);
      check_msg("hum_hit_in_asid_write_cycle_under_walk_uses_old_asid", q_acyc[1] > q_acyc[0] && q_acyc[1] < q_rcyc[0] &&
                q_rcyc[1] == q_acyc[1] + 1 && q_hit[1] === 1'b1, msg);
    end else
      stream_in_order("inorder_asid_write_stream_in_acceptance_order");
    reg_wr(`MMU_REG_ASID, 64'd0);
    xlat(va(0, 0, 20), LD, S);
    $sformat(msg, "va=%0h after its walk %0s: hit=%0d pa=%0h, want hit=%0d pa=%0h (%0s)", va(0, 0, 20),
             pick(HUM, "with an ASID write under it", "(the ASID write came after it, with ID_BITS = 0)"), r_hit, r_pa, !HUM, pa_a(20),
             pick(HUM, "a register write during the walk makes it stale: no fill, the VA misses again", "the walk filled"));
    check_msg("asid_write_under_walk_no_fill", r_hit === !HUM && r_pa === pa_a(20), msg);

    // ==== E2: a FLUSH (all) under the walk: no fill; a hit accepted in the flush cycle sees the old TLB
    q_clear;
    q_add(va(0, 0, 21), LD, S, G_NEXT, `MMU_CAUSE_NONE, pa_a(21), 1'b0);
    q_add(va(0, 0, 2),  LD, S, G_WALK, `MMU_CAUSE_NONE, pa_a(2), 1'b1);
    q_add_write(`MMU_REG_FLUSH, 64'd0);
    run_stream;
    stream_results("flush_under_walk_results");
    if (HUM) begin
      $sformat(msg, "the hit on va=%0h accepted in cycle %0d with a FLUSH (all) in the same cycle: answered in cycle %0d with hit=%0d; want it accepted under the walk (cycles %0d..%0d), answered the next cycle with hit=1 (a request accepted in the flush cycle still sees the pre-flush TLB)",
               q_va[1], q_acyc[1], q_rcyc[1], q_hit[1], q_acyc[0], q_rcyc[0]);
      check_msg("hum_hit_in_flush_cycle_under_walk_sees_old_tlb", q_acyc[1] > q_acyc[0] && q_acyc[1] < q_rcyc[0] &&
                q_rcyc[1] == q_acyc[1] + 1 && q_hit[1] === 1'b1, msg);
    end else
      stream_in_order("inorder_flush_stream_in_acceptance_order");
    xlat(va(0, 0, 21), LD, S);
    $sformat(msg, "va=%0h after its walk with a FLUSH during or after it: hit=%0d pa=%0h, want hit=0 pa=%0h (a flush during the walk makes it stale: no fill)",
             va(0, 0, 21), r_hit, r_pa, pa_a(21));
    check_msg("flush_under_walk_no_fill", r_hit === 1'b0 && r_pa === pa_a(21), msg);

    // ==== G: a walk that ends with a bus error goes RD_WAIT -> DONE: a hit accepted in the
    // error's cycle must not act in DONE (rule 4); it is held and answered after the walk
    expect_xl("warm_h1_after_flush", va(0, 0, 1), LD, S, `MMU_CAUSE_NONE, pa_a(1), L0, 1'b0);
    q_clear;
    q_add(va(2, 0, 0), LD, S, G_NEXT, `MMU_CAUSE_ACCESS, 0, 1'b0);
    q_elvl[0] = 3'd1;
    q_add(va(0, 0, 1), LD, S, G_ERR, `MMU_CAUSE_NONE, pa_a(1), 1'b1);
    run_stream;
    stream_results("bus_error_walk_and_hit_results");
    if (HUM) begin
      $sformat(msg, "the hit on va=%0h accepted in cycle %0d (the bus error's cycle, the walker in RD_WAIT, DONE next): answered in cycle %0d, the walk in cycle %0d (by the walker: %0d); want the walk answered in its DONE and the hit after it (rule 4: s1 never acts in the walker's DONE, it holds and replays)",
               q_va[1], q_acyc[1], q_rcyc[1], q_rcyc[0], q_walker[0]);
      check_msg("hum_s1_holds_in_walker_done", q_acyc[1] == q_rcyc[0] - 1 && q_walker[0] && q_rcyc[1] > q_rcyc[0], msg);
    end else
      stream_in_order("inorder_bus_error_stream_in_acceptance_order");

    whole_run_checks(1'b1);
    finish;
  end
endmodule
