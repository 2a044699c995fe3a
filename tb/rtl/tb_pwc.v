// tb_pwc -- the page-walk cache (docs/rtl.md "Page-walk cache (mmu_pwc)"),
// one check per documented rule, on Sv39 with a memory that answers next
// cycle: PTE reads per walk (counted at the memory port) and the walk's
// latency. A cached upper level is skipped; the deepest hit wins; a 2 MiB
// leaf leaves only the level-2 pointer; an SFENCE with rs1 = x0 and every
// translation-register write clear it, an SFENCE by VA keeps it; a walk made stale by a flush fills
// nothing; G of a skipped pointer reaches the TLB fill; a bus error keeps the
// pointers above it; a pointer rewritten without a flush is still used (legal)
// until a flush; FIFO replacement (PWC_ENTRIES = 2).
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_pwc;
  parameter [63:0]  ERR_BASE = 64'h0000_0100_0000_0000;   // a PPN a pointer can name
`include "tb_util.vh"

  localparam [1:0] LD = 2'd1, ST = 2'd2;
  localparam U = 1'b0, S = 1'b1;
  localparam [63:0] V = 1, R = 2, W = 4, X = 8, G = 32, A = 64, D = 128;
  localparam [63:0] RWXAD = V|R|W|X|A|D;
  localparam [63:0] ROOT = 64'h1000, L1A = 64'h2000, L0A = 64'h3000, L0B = 64'h4000,
                    L1G = 64'h5000, L0G = 64'h6000;
  localparam [2:0] L0 = 3'd0, L1 = 3'd1;

  function [63:0] pte;
    input [63:0] ppn, flags;
    begin pte = (ppn << 10) | flags; end
  endfunction
  function [63:0] va;
    input [63:0] i2, i1, i0;
    begin va = (i2 << 30) | (i1 << 21) | (i0 << 12); end
  endfunction

  // PTE reads accepted by the memory port (CAS writes excluded)
  integer n_rd = 0;
  always @(posedge clk) if (!rst && mreq_valid && mreq_ready && !mreq_we) n_rd <= n_rd + 1;

  reg [8*TB_NAME_CHARS-1:0] nm;
  reg [8*TB_WHY_CHARS-1:0]  msg;
  integer rd0, k, pg;

  // one walk of va (a TLB miss): result, and the PTE reads it made
  task walk_reads;
    input [8*TB_NAME_CHARS-1:0] name;
    input [63:0] v, epa;
    input [2:0]  elevel;
    input [3:0]  ecause;
    input integer ereads;
    begin
      rd0 = n_rd;
      expect_xl(name, v, LD, S, ecause, epa, elevel, 1'b0);
      $sformat(nm, "%0s_reads", name);
      $sformat(msg, "va=%0h: %0d PTE reads, want %0d (%0s)", v, n_rd - rd0, ereads,
               ereads == 3 ? "a full walk: the cache must be empty here" : "the cached levels must be skipped");
      check_msg(nm, n_rd - rd0 == ereads, msg);
    end
  endtask

  initial begin
    reset_dut;
    // ROOT[0] -> L1A, ROOT[1] -> L1G (global pointer), ROOT[2] -> a table in the bus-error range
    pte_wr(ROOT + 8*0, pte(L1A >> 12, V));
    pte_wr(ROOT + 8*1, pte(L1G >> 12, V | G));
    pte_wr(ROOT + 8*2, pte(ERR_BASE >> 12, V));
    // L1A[0] -> L0A, L1A[1] -> L0B, L1A[2] a 2 MiB leaf
    pte_wr(L1A + 8*0, pte(L0A >> 12, V));
    pte_wr(L1A + 8*1, pte(L0B >> 12, V));
    pte_wr(L1A + 8*2, pte(64'h400, RWXAD));
    for (k = 0; k < 32; k = k + 1) begin
      pte_wr(L0A + 8*k, pte(64'h100 + k, RWXAD));
      pte_wr(L0B + 8*k, pte(64'h200 + k, RWXAD));
    end
    pte_wr(L1G + 8*0, pte(L0G >> 12, V));
    pte_wr(L0G + 8*0, pte(64'h300, RWXAD));
    pte_wr(L0G + 8*1, pte(64'h301, RWXAD));
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);
    reg_wr(`MMU_REG_MODE, `MMU_MODE_PAGING);

    // ---- a cold walk fills both pointers; the next page of the same table skips them
    walk_reads("pwc_cold_walk", va(0, 0, 0), 64'h100000, L0, `MMU_CAUSE_NONE, 3);
    if (LAT == 1 && BP == 0)   // latencies with a memory answering next cycle, no back-pressure
    expect_eqm("pwc_cold_walk_latency", r_lat, 9, "acceptance to response of a 3-level walk, memory answering next cycle: s1, then per level RD_REQ/RD_WAIT or CHECK/RD_WAIT, then CHECK and DONE");
    walk_reads("pwc_both_levels_hit", va(0, 0, 1), 64'h101000, L0, `MMU_CAUSE_NONE, 1);
    if (LAT == 1 && BP == 0)
    expect_eqm("pwc_both_levels_hit_latency", r_lat, 5, "a walk whose two upper levels hit the cache answers 4 cycles after s1's miss (IDLE -> RD_REQ -> RD_WAIT -> CHECK -> DONE)");
    // deepest hit: L1A[1] is not cached, ROOT[0] is: one level skipped
    walk_reads("pwc_level2_hit_only", va(0, 1, 0), 64'h200000, L0, `MMU_CAUSE_NONE, 2);
    walk_reads("pwc_level1_filled_by_level2_walk", va(0, 1, 1), 64'h201000, L0, `MMU_CAUSE_NONE, 1);
    // a 2 MiB leaf under the cached root pointer: one read, the leaf is never cached
    // (PWC_ENTRIES = 2: the fill of L1A[1] replaced the root pointer, FIFO)
    walk_reads("pwc_superpage_leaf_under_cached_root", va(0, 2, 5), 64'h405000, L1, `MMU_CAUSE_NONE,
               1 + (PWC_ENTRIES == 2));
    walk_reads("pwc_superpage_leaf_not_cached", va(0, 2, 6), 64'h406000, L1, `MMU_CAUSE_NONE, 1);

    // ---- FIFO (PWC_ENTRIES = 2): the level-1 fill of (0,1) replaced the root pointer
    // of (0,*); the entry for L1A[1] (newest) and L1A[0]'s were replaced in turn
    if (PWC_ENTRIES == 2) begin
      flush(1'b0, 1'b0, 0, 0);
      walk_reads("pwc_fifo_cold", va(0, 0, 2), 64'h102000, L0, `MMU_CAUSE_NONE, 3);      // entries: root[0], L1A[0]
      walk_reads("pwc_fifo_level2_hit", va(0, 1, 2), 64'h202000, L0, `MMU_CAUSE_NONE, 2);  // + L1A[1] over root[0]
      walk_reads("pwc_fifo_oldest_replaced", va(0, 2, 7), 64'h407000, L1, `MMU_CAUSE_NONE, 2); // root[0] gone
    end

    // ---- SFENCE.VMA: (x0,x0) and (x0,asid) clear it, (va,x0) and (va,asid) keep it
    for (k = 0; k < 4; k = k + 1) begin
      pg = 3 + 2*k;
      $sformat(nm, "pwc_warm_before_flush_%0s", k == 0 ? "x0_x0" : k == 1 ? "va_x0" : k == 2 ? "x0_asid" : "va_asid");
      walk_reads(nm, va(0, 0, pg), 64'h100000 + pg*4096, L0, `MMU_CAUSE_NONE, 1 + (k == 0 && PWC_ENTRIES == 2));
      flush(k[0], k[1], va(0, 0, 31), 0);
      // rs1 = x0 clears it; a flush by VA orders only leaf PTEs (RISC-V) and keeps it
      $sformat(nm, "pwc_%0s_by_flush_%0s", k[0] ? "kept" : "cleared",
               k == 0 ? "x0_x0" : k == 1 ? "va_x0" : k == 2 ? "x0_asid" : "va_asid");
      walk_reads(nm, va(0, 0, pg + 1), 64'h100000 + (pg+1)*4096, L0, `MMU_CAUSE_NONE, k[0] ? 1 : 3);
    end
    // ---- and every translation-register write (same values: still an event)
    for (k = 0; k < 4; k = k + 1) begin
      pg = 11 + 2*k;
      walk_reads("pwc_warm_before_register_write", va(0, 0, pg), 64'h100000 + pg*4096, L0, `MMU_CAUSE_NONE, 1);
      case (k)
        0: reg_wr(`MMU_REG_PTBASE, ROOT >> 12);
        1: reg_wr(`MMU_REG_ASID, 0);
        2: reg_wr(`MMU_REG_STATUS, 4);
        default: reg_wr(`MMU_REG_MODE, `MMU_MODE_PAGING);
      endcase
      $sformat(nm, "pwc_cleared_by_%0s_write", k == 0 ? "ptbase" : k == 1 ? "asid" : k == 2 ? "status" : "mode");
      walk_reads(nm, va(0, 0, pg + 1), 64'h100000 + (pg+1)*4096, L0, `MMU_CAUSE_NONE, 3);
    end

    // ---- a walk made stale by a flush during it fills neither the TLB nor the cache
    // (a flush by VA: it keeps the cache, so only the stale walk could have emptied it)
    flush(1'b0, 1'b0, 0, 0);
    walk_reads("pwc_stale_walk_cold", va(0, 0, 18), 64'h112000, L0, `MMU_CAUSE_NONE, 3);
    flush(1'b0, 1'b0, 0, 0);
    reg_wr(`MMU_REG_FLUSH_VA, va(0, 5, 0));
    xlat_reg_at(va(0, 0, 19), LD, S, 2, `MMU_REG_FLUSH, 64'd1);
    expect_eqm("pwc_stale_walk_answers", r_pa, 64'h113000, "a stale walk still answers its request");
    walk_reads("pwc_stale_walk_filled_nothing", va(0, 0, 20), 64'h114000, L0, `MMU_CAUSE_NONE, 3);
    walk_reads("pwc_fresh_walk_filled", va(0, 0, 21), 64'h115000, L0, `MMU_CAUSE_NONE, 1);

    // ---- G of a skipped pointer reaches the TLB fill: after an ASID switch (which
    // empties the cache) the page filled through the cache still hits as global
    walk_reads("pwc_global_cold", va(1, 0, 0), 64'h300000, L0, `MMU_CAUSE_NONE, 3);
    walk_reads("pwc_global_through_cache", va(1, 0, 1), 64'h301000, L0, `MMU_CAUSE_NONE, 1);
    reg_wr(`MMU_REG_ASID, 5);
    expect_xl("pwc_skipped_global_pointer_makes_global_entry", va(1, 0, 1), LD, S, `MMU_CAUSE_NONE, 64'h301000, L0, 1'b1);
    reg_wr(`MMU_REG_ASID, 0);
    flush(1'b0, 1'b0, 0, 0);

    // ---- a bus error below a good pointer: the pointer is cached, nothing else
    walk_reads("pwc_bus_error_walk", va(2, 0, 0), 0, L1, `MMU_CAUSE_ACCESS, 2);
    walk_reads("pwc_bus_error_pointer_above_kept", va(2, 0, 1), 0, L1, `MMU_CAUSE_ACCESS, 1);

    // ---- a pointer rewritten without a flush: the cached one is still used (RISC-V
    // lets non-leaf PTEs be cached until SFENCE.VMA); after a flush, the new one
    walk_reads("pwc_warm_before_rewrite", va(0, 0, 22), 64'h116000, L0, `MMU_CAUSE_NONE, 3);
    pte_wr(L1A + 8*0, pte(L0B >> 12, V));
    walk_reads("pwc_rewritten_pointer_cached_until_flush", va(0, 0, 23), 64'h117000, L0, `MMU_CAUSE_NONE, 1);
    flush(1'b0, 1'b0, 0, 0);
    walk_reads("pwc_rewritten_pointer_read_after_flush", va(0, 0, 24), 64'h218000, L0, `MMU_CAUSE_NONE, 3);
    finish;
  end
endmodule
