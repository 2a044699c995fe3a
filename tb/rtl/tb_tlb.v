// tb_tlb -- TLB behaviour: replacement (each policy against a reference
// model of the rules in docs/rtl.md, on a long deterministic sequence in one
// set), invalid-way-first fill, ASID/global matching, the SFENCE.VMA matrix
// (4 cases x global/non-global x ASID match/mismatch, plus x0 vs a register
// holding 0), back-to-back flushes, and hit throughput (one per cycle).
// Runs on sv32 (2 ways) and sv39 (4 ways); REPL selects the policy.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_tlb;
  parameter [63:0]  ERR_BASE = 64'hFFFF_FFFF_FFFF_FFFF;
`include "tb_util.vh"

  localparam integer LEVELS = `MMU_P_LEVELS;
  localparam integer SETS   = TLB_SETS;
  localparam integer WAYS   = TLB_WAYS;
  localparam integer PB     = `MMU_P_PTE_BYTES;
  localparam [1:0] FE = 2'd0, LD = 2'd1, ST = 2'd2;
  localparam U = 1'b0, S = 1'b1;
  localparam [63:0] V = 1, R = 2, W = 4, X = 8, G = 32, A = 64, D = 128;
  localparam [63:0] ROOT = 64'h1000, T1 = 64'h2000, T0 = 64'h3000;

  function [63:0] pte;
    input [63:0] ppn, flags;
    begin pte = (ppn << 10) | flags; end
  endfunction
  // data page for vpn0 = n (low VA): 4K leaf at T0[n], frame 0x100 + n
  function [63:0] frame_of;
    input integer n;
    begin frame_of = 64'h100 + n; end
  endfunction
  task map_page;
    input integer n;
    input [63:0] flags;
    begin pte_wr(T0 + PB*n, pte(frame_of(n), flags)); end
  endtask

  // ---- reference model of one set ----------------------------------------------
  integer ref_tag [0:15];
  reg     ref_v   [0:15];
  integer ref_age [0:15];
  reg [15:0] ref_tree, ref_lfsr;
  integer wb;

  task ref_reset;
    integer q;
    begin
      for (q = 0; q < WAYS; q = q + 1) begin ref_v[q] = 1'b0; ref_age[q] = q; ref_tag[q] = -1; end
      ref_tree = 16'd0; ref_lfsr = 16'hACE1;
    end
  endtask
  task ref_touch;
    input integer w;
    integer q, node, d, b;
    begin
      for (q = 0; q < WAYS; q = q + 1) if (q != w && ref_age[q] < ref_age[w]) ref_age[q] = ref_age[q] + 1;
      ref_age[w] = 0;
      node = 0;
      for (d = wb - 1; d >= 0; d = d - 1) begin
        b = (w >> d) & 1; ref_tree[node] = !b; node = 2*node + 1 + b;
      end
    end
  endtask
  function integer ref_victim;
    input dummy;
    integer q, node, d, b, vv;
    begin
      vv = 0;
      if (REPL == `MMU_REPL_LRU || REPL == `MMU_REPL_FIFO) begin
        for (q = 0; q < WAYS; q = q + 1) if (ref_age[q] == WAYS - 1) vv = q;
      end else if (REPL == `MMU_REPL_PLRU) begin
        node = 0;
        for (d = wb - 1; d >= 0; d = d - 1) begin
          b = ref_tree[node]; vv = vv | (b << d); node = 2*node + 1 + b;
        end
      end else vv = ref_lfsr & (WAYS - 1);
      ref_victim = vv;
    end
  endfunction
  // returns 1 on a hit
  task ref_access;
    input  integer tag;
    output         ref_hit;
    integer q, hw, fw;
    begin
      hw = -1;
      for (q = 0; q < WAYS; q = q + 1) if (ref_v[q] && ref_tag[q] == tag) hw = q;
      if (hw >= 0) begin
        ref_hit = 1'b1;
        if (REPL == `MMU_REPL_LRU || REPL == `MMU_REPL_PLRU) ref_touch(hw);
      end else begin
        ref_hit = 1'b0;
        fw = -1;
        for (q = WAYS - 1; q >= 0; q = q - 1) if (!ref_v[q]) fw = q;
        if (fw < 0) fw = ref_victim(1'b0);
        ref_v[fw] = 1'b1; ref_tag[fw] = tag;
        if (REPL != `MMU_REPL_RANDOM) ref_touch(fw);
        ref_lfsr = {1'b0, ref_lfsr[15:1]} ^ (ref_lfsr[0] ? 16'hB400 : 16'h0000);
      end
    end
  endtask

  reg [63:0] vpa, lcg;
  reg [8*TB_NAME_CHARS-1:0] nm;
  reg [8*TB_WHY_CHARS-1:0]  msg;
  reg pre_ok;
  reg [8*16-1:0] pol;
  integer m_step, m_page, m_hit, m_ref;
  integer cur_asid;
  reg exp_hit, g_bit, use_va, use_asid, asid_m;
  integer i, j, n, mism, kk, pend_n, errs;
  integer q_n [0:63];

  task set_asid;
    input integer a;
    begin reg_wr(`MMU_REG_ASID, a); cur_asid = a; end
  endtask
  // Fill VA, then look it up again: pre_ok = the second lookup hit. The flush
  // checks that expect a miss judge only an entry that was there (pre_ok).
  // pages 1000, 2000, 3000 primed; pre_ok = all three hit
  task prime_1000_2000_3000;
    integer misses;
    begin
      prime(64'h1000); misses = !pre_ok; prime(64'h2000); misses = misses + !pre_ok; prime(64'h3000);
      pre_ok = pre_ok && misses == 0;
    end
  endtask
  // a flush by VA 1000, and in the next cycle (its walk running) a write of
  // data to register addr
  task flush_va_1000_then_write;
    input [7:0]  addr;
    input [63:0] data;
    begin
      @(negedge clk); reg_we = 1; reg_addr = `MMU_REG_FLUSH_VA; reg_wdata = 64'h1000;
      @(negedge clk); reg_addr = `MMU_REG_FLUSH; reg_wdata = 64'd1;
      @(negedge clk); reg_addr = addr; reg_wdata = data;
      @(negedge clk); reg_we = 0; reg_addr = 0; reg_wdata = 0;
    end
  endtask
  task prime;
    input [63:0] va;
    begin xlat(va, LD, S); xlat(va, LD, S); pre_ok = r_hit; end
  endtask
  // Look VA up (supervisor load): it must hit (want = 1) or miss (want = 0);
  // `meaning` is what a wrong result usually means.
  task expect_hit;
    input [8*TB_NAME_CHARS-1:0] name;
    input [63:0] va;
    input want;
    input [8*TB_WHY_CHARS-1:0] meaning;
    begin
      xlat(va, LD, S);
      if (r_hit === want) pass(name);
      else begin
        $sformat(msg, "VA %0h, ASID %0d: got hit=%0d, want hit=%0d: %0s", va, cur_asid, r_hit, want, meaning);
        fail(name, msg);
      end
    end
  endtask
  // A miss after a flush, judged only if the entry hit before the flush.
  task expect_gone;
    input [8*TB_NAME_CHARS-1:0] name;
    input [63:0] va;
    input [8*TB_WHY_CHARS-1:0] meaning;
    begin
      if (!pre_ok) begin
        $sformat(msg, "VA %0h missed on the lookup after its fill, before the flush (got hit=0, want 1): the lookup or the fill does not work yet, so the flush cannot be judged", va);
        fail(name, msg);
      end else expect_hit(name, va, 1'b0, meaning);
    end
  endtask

  initial begin
    cur_asid = 0; pre_ok = 1'b0;
    wb = (WAYS == 2) ? 1 : (WAYS == 4) ? 2 : (WAYS == 8) ? 3 : 4;
    reset_dut;
    check_regs_after_reset;
    check_reg_readback;
    // table chain: VA with upper VPNs 0 -> T0 (sv32: ROOT -> T0; sv39: ROOT -> T1 -> T0)
    if (LEVELS == 3) begin
      pte_wr(ROOT, pte(T1 >> 12, V)); pte_wr(T1, pte(T0 >> 12, V));
    end else begin
      pte_wr(ROOT, pte(T0 >> 12, V));
    end
    for (i = 0; i < 512; i = i + 1) map_page(i, V|R|W|X|A|D);   // SETS*(WAYS+2) <= 512
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);
    reg_wr(`MMU_REG_MODE, `MMU_MODE_PAGING);

    // ---- replacement vs the reference, one set (vpn0 = SETS * k) ------------------------
    ref_reset;
    mism = 0; lcg = 64'd12345;
    for (i = 0; i < 200; i = i + 1) begin
      lcg = lcg * 64'd6364136223846793005 + 64'd1442695040888963407;
      n = lcg[40 +: 16] % (WAYS + 2);            // WAYS+2 pages compete for one set
      ref_access(n, exp_hit);
      xlat(SETS * n * 64'h1000 + 64'h10, LD, S);
      if (r_hit !== exp_hit || r_pa !== (frame_of(SETS * n) << 12) + 64'h10) begin
        if (mism < 5) $display("  repl step %0d page %0d: hit %0d, reference %0d", i, n, r_hit, exp_hit);
        if (mism == 0) begin m_step = i; m_page = n; m_hit = r_hit; m_ref = exp_hit; end
        mism = mism + 1;
      end
    end
    $sformat(nm, "repl_policy_%0d_matches_reference_200_steps", REPL);
    if (REPL == `MMU_REPL_LRU) pol = "LRU";
    else if (REPL == `MMU_REPL_PLRU) pol = "tree-PLRU";
    else if (REPL == `MMU_REPL_FIFO) pol = "FIFO";
    else pol = "random (LFSR)";
    $sformat(msg, "%0d of 200 lookups in one set hit or missed differently from the %0s reference (want 0); the first: step %0d, page %0d: got hit=%0d, want hit=%0d (the reference's); usually: the victim or the touch on a hit is wrong",
             mism, pol, m_step, m_page, m_hit, m_ref);
    check_msg(nm, mism == 0, msg);

    // invalid-way-first: after a flush, WAYS fills land in WAYS different ways
    flush(1'b0, 1'b0, 0, 0);
    // a full flush is one cycle (no walk over the sets): ready again the cycle after it
    expect_eqm("flush_all_ready_next_cycle", req_ready, 1'b1,
               "a full flush started a flush walk or a flush-walk compare (fl_busy_q, fl_cmp_q): only a flush by VA or ASID walks the sets");
    for (i = 0; i < WAYS; i = i + 1) xlat(SETS * i * 64'h1000, LD, S);
    errs = 0;
    for (i = 0; i < WAYS; i = i + 1) begin xlat(SETS * i * 64'h1000, LD, S); if (!r_hit) errs = errs + 1; end
    $sformat(msg, "after a full flush, %0d pages filled into one set of %0d ways; re-reading them, %0d missed (want 0): a fill replaced a valid way while an invalid one was free",
             WAYS, WAYS, errs);
    check_msg("fill_uses_invalid_ways_first", errs == 0, msg);
    // a way freed by a flush is filled before the replacement victim (the oldest way)
    for (i = 0; i < WAYS; i = i + 1) xlat(SETS * i * 64'h1000, LD, S);   // every way valid
    flush(1'b1, 1'b0, SETS * (WAYS - 1) * 64'h1000, 0);                  // free the youngest
    xlat(SETS * WAYS * 64'h1000, LD, S);                                  // a new page for the set
    expect_hit("fill_prefers_freed_way_to_victim", 64'h10, 1'b1,
               "the oldest page of the set was evicted although a flush had just freed another way: a fill takes an invalid way before the replacement victim");

    // ---- ASID and global matching --------------------------------------------------------
    flush(1'b0, 1'b0, 0, 0);
    map_page(1, V|R|W|X|A|D);
    map_page(2, V|R|W|X|A|D|G);
    set_asid(5);
    xlat(64'h2000, LD, S); prime(64'h1000);
    set_asid(6);
    expect_gone("asid_other_misses_nonglobal", 64'h1000,
                "a non-global entry of ASID 5 hit for ASID 6: the lookup ignores the ASID");
    expect_hit("asid_other_hits_global", 64'h2000, 1'b1,
               "a global entry filled under ASID 5 missed for ASID 6: globals match every ASID");
    set_asid(5);
    expect_hit("asid_back_hits_its_entry", 64'h1000, 1'b1,
               "ASID 5's own entry missed after a lookup by ASID 6: the other ASID's miss must not evict or rewrite it");
    map_page(2, V|R|W|X|A|D);

    // ---- SFENCE.VMA matrix ------------------------------------------------------------------
    for (i = 0; i < 32; i = i + 1) begin
      use_va = i[0]; use_asid = i[1]; g_bit = i[2]; asid_m = i[3];
      if (i[4] && !use_va) begin end      // VA mismatch only matters with use_va
      else begin
        flush(1'b0, 1'b0, 0, 0);
        map_page(3, g_bit ? (V|R|W|X|A|D|G) : (V|R|W|X|A|D));
        set_asid(5);
        prime(64'h3000);                                       // fill (ASID 5), then it must hit
        flush(use_va, use_asid, i[4] ? 64'h4000 : 64'h3ABC, asid_m ? 5 : 6);
        exp_hit = !((!use_va || !i[4]) && (!use_asid || (!g_bit && asid_m)));
        $sformat(nm, "sfence_%0s_%0s_%0s_asid_%0s%0s", use_va ? "va" : "x0", use_asid ? "asid" : "x0",
                 g_bit ? "global" : "nonglobal", asid_m ? "match" : "mismatch", i[4] ? "_va_mismatch" : "");
        if (!pre_ok) expect_gone(nm, 64'h3000, "");
        else begin
          $sformat(msg, "SFENCE.VMA rs1=%0s rs2=%0s on a %0s entry of ASID 5 (VA 3000): the entry %0s",
                   use_va ? (i[4] ? "VA 4000" : "VA 3abc") : "x0", use_asid ? (asid_m ? "ASID 5" : "ASID 6") : "x0",
                   g_bit ? "global" : "non-global",
                   exp_hit ? "must survive (a flush by VA or ASID that does not match it, or a global under a flush by ASID)"
                           : "must be flushed (the flush's VA and ASID both match it)");
          expect_hit(nm, 64'h3000, exp_hit, msg);
        end
      end
    end
    map_page(3, V|R|W|X|A|D);
    // rs2 = x0 vs a register holding 0
    flush(1'b0, 1'b0, 0, 0);
    set_asid(3);
    xlat(64'h3000, LD, S);
    flush(1'b0, 1'b1, 0, 0);                                   // ASID operand 0, not x0
    expect_hit("sfence_asid_reg_holding_0_is_not_x0", 64'h3000, 1'b1,
               "a flush by a register holding ASID 0 removed ASID 3's entry: only rs2 = x0 means every ASID");
    pre_ok = r_hit;
    flush(1'b0, 1'b0, 0, 3);                                   // x0: every ASID
    expect_gone("sfence_x0_flushes_every_asid", 64'h3000,
                "SFENCE.VMA x0, x0 kept an entry: rs2 = x0 flushes every ASID");
    set_asid(0);
    prime(64'h3000);
    flush(1'b0, 1'b1, 0, 0);
    expect_gone("sfence_asid_0_flushes_asid_0", 64'h3000,
                "a flush by ASID 0 kept a non-global entry of ASID 0");
    // rs1 = register holding VA 0 vs x0
    xlat(64'h3000, LD, S); prime(64'h0000);
    flush(1'b1, 1'b0, 0, 0);
    expect_hit("sfence_va_reg_holding_0_keeps_others", 64'h3000, 1'b1,
               "a flush by a register holding VA 0 removed another page: only rs1 = x0 means every VA");
    expect_gone("sfence_va_reg_holding_0_flushes_page_0", 64'h0000,
                "a flush by VA 0 kept page 0");
    // back-to-back flushes with different operands
    prime_1000_2000_3000;
    @(negedge clk); reg_we = 1; reg_addr = `MMU_REG_FLUSH_VA; reg_wdata = 64'h1000;
    @(negedge clk); reg_addr = `MMU_REG_FLUSH; reg_wdata = 64'd1;
    @(negedge clk); reg_addr = `MMU_REG_FLUSH_VA; reg_wdata = 64'h2000;
    @(negedge clk); reg_addr = `MMU_REG_FLUSH; reg_wdata = 64'd1;
    @(negedge clk); reg_we = 0;
    // the second FLUSH_VA write lands in the first flush's walk: the walk
    // escalates to a flush of every entry (docs/rtl.md "Escalation")
    expect_gone("sfence_back_to_back_first", 64'h1000,
                "two flushes by VA in consecutive cycles: the first one's page survived");
    expect_gone("sfence_back_to_back_second", 64'h2000,
                "two flushes by VA in consecutive cycles: the second one's page survived");
    expect_gone("sfence_during_flush_walk_escalates_to_all", 64'h3000,
                "a FLUSH_VA write during a flush's walk must escalate it to a flush of every entry (docs/rtl.md Escalation)");
    // one flush after the other (each walk done): exactly the named pages go
    prime(64'h1000); errs = !pre_ok; prime(64'h2000); errs = errs + !pre_ok; xlat(64'h3000, LD, S);
    pre_ok = pre_ok && errs == 0;
    flush(1'b1, 1'b0, 64'h1000, 0);
    expect_hit("sfence_sequential_keeps_second_after_first", 64'h2000, 1'b1,
               "a flush by VA 1000 removed page 2000");
    flush(1'b1, 1'b0, 64'h2000, 0);
    expect_gone("sfence_sequential_first", 64'h1000, "page 1000 survived its own flush by VA");
    expect_gone("sfence_sequential_second", 64'h2000, "page 2000 survived its own flush by VA");
    expect_hit("sfence_sequential_keeps_third", 64'h3000, 1'b1,
               "flushes by VA 1000 and 2000 removed page 3000");

    // ---- a flush walk escalates on a FLUSH write, not on other registers (docs/rtl.md Escalation)
    // ASID written in the cycle after a flush by VA 1000 (the walk is running): not
    // FLUSH/FLUSH_VA/FLUSH_ASID, so the walk stays exact and pages 2000, 3000 stay.
    prime_1000_2000_3000;
    flush_va_1000_then_write(`MMU_REG_ASID, cur_asid);
    expect_gone("sfence_walk_with_asid_write_flushes_its_page", 64'h1000,
                "a flush by VA 1000 with an ASID write during its walk kept page 1000");
    expect_hit("sfence_walk_asid_write_no_escalation_2000", 64'h2000, 1'b1,
               "an ASID write during a flush walk emptied the TLB: only writes to FLUSH, FLUSH_VA, FLUSH_ASID escalate (docs/rtl.md Escalation)");
    expect_hit("sfence_walk_asid_write_no_escalation_3000", 64'h3000, 1'b1,
               "an ASID write during a flush walk emptied the TLB: only writes to FLUSH, FLUSH_VA, FLUSH_ASID escalate (docs/rtl.md Escalation)");
    // FLUSH written again (same operands) in the cycle after a flush by VA: escalates to all
    prime_1000_2000_3000;
    flush_va_1000_then_write(`MMU_REG_FLUSH, 64'd1);
    expect_gone("sfence_flush_write_during_walk_escalates_2000", 64'h2000,
                "a second FLUSH write during a flush walk (by VA 1000) kept page 2000: any FLUSH write during the walk must flush every entry (docs/rtl.md Escalation)");
    expect_gone("sfence_flush_write_during_walk_escalates_3000", 64'h3000,
                "a second FLUSH write during a flush walk (by VA 1000) kept page 3000: any FLUSH write during the walk must flush every entry (docs/rtl.md Escalation)");

    // ---- one VA, global in one ASID and non-global in another (fill overlap, docs/rtl.md Fill)
    // non-global entry of ASID 5, then the PTE becomes global (no flush): ASID 6 misses,
    // walks, and its global fill overlaps (g=1) the ASID-5 entry and replaces it.
    flush(1'b0, 1'b0, 0, 0);
    pte_wr(T0 + PB*4, pte(64'h777, V|R|W|X|A|D));
    set_asid(5);
    prime(64'h4000);
    pte_wr(T0 + PB*4, pte(64'h888, V|R|W|X|A|D|G));
    set_asid(6);
    expect_xl("overlap_nonglobal_of_asid5_misses_for_asid6", 64'h4010, LD, S, `MMU_CAUSE_NONE, 64'h888010, 3'd0, 1'b0);
    set_asid(5);
    expect_xl("overlap_global_fill_replaced_asid5_entry", 64'h4020, LD, S, `MMU_CAUSE_NONE, 64'h888020, 3'd0, 1'b1);
    // global entry with D=0, then the PTE becomes non-global: a store under ASID 7
    // hits, needs D, re-walks; the non-global fill overlaps (the old entry is G) and replaces it.
    flush(1'b0, 1'b0, 0, 0);
    pte_wr(T0 + PB*4, pte(64'h999, V|R|W|X|A|G));
    set_asid(6);
    prime(64'h4000);
    pte_wr(T0 + PB*4, pte(64'haaa, V|R|W|X|A));
    set_asid(7);
    expect_xl("overlap_store_on_clean_global_rewalks", 64'h4030, ST, S, `MMU_CAUSE_NONE, 64'haaa030, 3'd0, 1'b0);
    expect_xl("overlap_nonglobal_fill_replaced_global_entry_hits", 64'h4034, LD, S, `MMU_CAUSE_NONE, 64'haaa034, 3'd0, 1'b1);
    set_asid(6);
    expect_xl("overlap_global_entry_gone_for_asid6", 64'h4038, LD, S, `MMU_CAUSE_NONE, 64'haaa038, 3'd0, 1'b0);
    map_page(4, V|R|W|X|A|D);
    set_asid(0);

    // ---- fill overlap: the re-walk of a store to a clean page rewrites the page's own way --
    flush(1'b0, 1'b0, 0, 0);
    set_asid(0);
    map_page(SETS * 1, V|R|W|X|A);                   // page P (set 0): D clear
    xlat(SETS * 2 * 64'h1000, LD, S);                // page Q (set 0)
    xlat(SETS * 1 * 64'h1000, LD, S);                // P, now the most recently used
    xlat(SETS * 1 * 64'h1000, ST, S);                // store on clean P: miss, walk sets D, re-fill
    expect_hit("fill_overlap_keeps_other_page", SETS * 2 * 64'h1000, 1'b1,
               "the re-fill of a page already in the set (a store to a clean page) evicted another page: the fill must take the overlapping way, not a victim");
    expect_hit("fill_overlap_page_hits_after_refill", SETS * 1 * 64'h1000 + 8, 1'b1,
               "the page re-filled after a store to a clean page missed: the fill went to no way or a wrong one");
    map_page(SETS * 1, V|R|W|X|A|D);

    // ---- superpages: one leaf above level 0, fragments in several sets ---------------------
    flush(1'b0, 1'b0, 0, 0);
    if (LEVELS == 3) pte_wr(T1 + PB * 1, pte(64'h800, V|R|W|X|A|D));     // 2 MiB at VA 0x200000
    else             pte_wr(ROOT + PB * 1, pte(64'h800, V|R|W|X|A|D));   // 4 MiB at VA 0x400000
    vpa = (LEVELS == 3) ? 64'h20_0000 : 64'h40_0000;
    xlat(vpa + 64'h5123, LD, S);
    $sformat(msg, "VA %0h in a superpage at frame 800: got pa=%0h, want %0h: the level of the entry or the offset bits are wrong",
             vpa + 64'h5123, r_pa, 64'h80_0000 + 64'h5123);
    check_msg("superpage_translates", r_pa === 64'h80_0000 + 64'h5123, msg);
    xlat(vpa + SETS * 64'h1000 + 64'h5456, LD, S);   // another 4K page of the superpage, same set
    $sformat(msg, "VA %0h (same superpage, same set, other 4K page): got hit=%0d pa=%0h, want hit=1 pa=%0h: the compare must ignore the VPN bits below the entry's level, and the hit's level picks the offset bits",
             vpa + SETS * 64'h1000 + 64'h5456, r_hit, r_pa, 64'h80_0000 + SETS * 64'h1000 + 64'h5456);
    check_msg("superpage_other_page_same_set_hits", r_hit === 1'b1 && r_pa === 64'h80_0000 + SETS * 64'h1000 + 64'h5456, msg);
    $sformat(msg, "a hit on a superpage entry: got level=%0d, want 1: the hit's level must be the matching way's", r_level);
    check_msg("superpage_hit_reports_level_1", r_level === 3'd1, msg);
    xlat(64'h1000, LD, S);                                    // a 4K page in way 0 of set 1 ...
    xlat(vpa + 64'h6000, LD, S);                              // ... and a fragment in way 1 of set 6 or 2
    xlat(vpa + 64'h1010, LD, S);                              // fragment in set 1, the other way
    xlat(vpa + 64'h1020, LD, S);
    $sformat(msg, "VA %0h: a superpage fragment in the second way of a set: got hit=%0d pa=%0h, want hit=1 pa=%0h: the hit way's level (hit_lvl) comes from the wrong way",
             vpa + 64'h1020, r_hit, r_pa, 64'h80_1020);
    check_msg("superpage_fragment_in_second_way_hits", r_hit === 1'b1 && r_pa === 64'h80_1020, msg);
    $sformat(msg, "a hit on a superpage fragment in the second way of a set (a 4K page in the first): got level=%0d, want 1: the hit's level comes from the wrong way", r_level);
    check_msg("superpage_second_way_reports_level_1", r_level === 3'd1, msg);
    prime(vpa + 64'h5000); errs = !pre_ok; prime(vpa + 64'h6000); errs = errs + !pre_ok; prime(64'h1000);
    pre_ok = pre_ok && errs == 0;
    flush(1'b1, 1'b0, vpa + 64'h6ABC, 0);                      // by a VA inside the superpage
    expect_gone("sfence_va_in_superpage_flushes_fragment_of_other_page", vpa + 64'h5000,
                "a flush by a VA inside a superpage kept a fragment of it in another set: every fragment maps the flushed VA");
    expect_gone("sfence_va_in_superpage_flushes_its_own_fragment", vpa + 64'h6000,
                "a flush by a VA inside a superpage kept the fragment of that very page");
    expect_hit("sfence_va_in_superpage_keeps_4k_page", 64'h1000, 1'b1,
               "a flush by a VA inside a superpage removed an unrelated 4K page");

    // ---- hit throughput: one request per cycle, each answered HIT_STAGES cycles later --------
    flush(1'b0, 1'b0, 0, 0);
    for (i = 0; i < SETS; i = i + 1) xlat(i * 64'h1000, LD, S);     // one page per set
    errs = 0; pend_n = 0;
    fork
      begin : drive
        for (i = 0; i < 32; i = i + 1) begin
          @(negedge clk);
          req_valid = 1'b1; req_va = ((i * 5) % SETS) * 64'h1000 + i; req_acc = LD; req_priv = S;
          #1 if (!req_ready) errs = errs + 1;
        end
        @(negedge clk); req_valid = 1'b0;
      end
      begin : watch
        repeat (HIT_STAGES) @(negedge clk);   // the answer leaves HIT_STAGES cycles after acceptance
        for (j = 0; j < 32; j = j + 1) begin
          @(negedge clk);
          if (!(rsp_valid && rsp_hit && !rsp_fault &&
                rsp_pa == (frame_of((j * 5) % SETS) << 12) + j)) errs = errs + 1;
        end
      end
    join
    $sformat(msg, "32 back-to-back lookups of cached pages, one per cycle: %0d were not accepted at once or not answered %0d cycle(s) later as a hit with the right PA (want 0): the lookup must take one cycle per request",
             errs, HIT_STAGES);
    check_msg("hit_throughput_one_per_cycle_32", errs == 0, msg);
    ctr(`MMU_CTR_LOOKUPS, vpa);
    finish;
  end
endmodule
