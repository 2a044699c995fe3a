// tb_ad -- A/D bits. Svadu (ADUE=1, reset value): the walker sets A (and D
// for stores) with an atomic compare-and-swap of the whole PTE; a CAS that
// finds another value restarts the walk from the root; a store hitting a
// D=0 entry re-walks and replaces the entry (no duplicate); a CAS bus error
// is ACCESS; nothing is written for a faulting leaf. Svade (ADUE=0): a
// missing A/D bit is AD, nothing is written. Sv32.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_ad;
  parameter [63:0]  ERR_BASE = 64'hFFFF_FFFF_FFFF_FFFF;
`include "tb_util.vh"

  localparam [1:0] FE = 2'd0, LD = 2'd1, ST = 2'd2;
  localparam U = 1'b0, S = 1'b1;
  localparam [63:0] V = 1, R = 2, W = 4, X = 8, US = 16, G = 32, A = 64, D = 128;
  localparam [63:0] ROOT = 64'h1000, L0 = 64'h2000;
  localparam integer SETS = TLB_SETS, WAYS = TLB_WAYS;

  function [63:0] pte;
    input [63:0] ppn, flags;
    begin pte = (ppn << 10) | flags; end
  endfunction

  // CAS requests seen on the port: the last cmp/wdata
  reg [63:0] cas_cmp, cas_wdata, cas_addr, v;
  integer ncas = 0;
  always @(posedge clk)
    if (mreq_valid && mreq_ready && mreq_we) begin
      cas_cmp <= mreq_cmp; cas_wdata <= mreq_wdata; cas_addr <= mreq_addr; ncas <= ncas + 1;
    end

  // valid entries of the set that vpn n indexes, holding vpn n (way w's RAM word per set)
  integer copies_n = 0;
  wire [WAYS-1:0] copy_at;
  genvar cw;
  generate
    for (cw = 0; cw < WAYS; cw = cw + 1) begin : g_copy
      assign copy_at[cw] = dut.u_tlb.valid_q[(copies_n % SETS) * WAYS + cw] &&
                           dut.u_tlb.g_way[cw].tag_mem_q[copies_n % SETS][19:0] == copies_n;
    end
  endgenerate
  task count_copies;
    input integer n;
    output integer c;
    integer w;
    begin
      copies_n = n; #0.1;
      c = 0;
      for (w = 0; w < WAYS; w = w + 1) c = c + copy_at[w];
    end
  endtask

  integer n0, w0, c0;

  initial begin
    reset_dut;
    check_regs_after_reset;
    check_reg_readback;
    pte_wr(ROOT, pte(L0 >> 12, V));
    pte_wr(ROOT + 4, pte(64'h40000, V|R|W));                 // megapage, A=D=0
    reg_wr(`MMU_REG_PTBASE, ROOT >> 12);
    reg_wr(`MMU_REG_MODE, `MMU_MODE_PAGING);
    reg_rd(`MMU_REG_STATUS, v); expect_eqm("adue_resets_to_1", v[2], 1, "STATUS.ADUE must reset to 1 (Svadu)");

    // ---- Svadu ----------------------------------------------------------------------------
    pte_wr(L0 + 4*1, pte(64'h11111, V|R|W));
    expect_xl("svadu_load_sets_a", 64'h1010, LD, S, `MMU_CAUSE_NONE, 64'h11111010, 3'd0, 1'b0);
    expect_eqm("svadu_load_pte_a_set_d_clear", pte_rd(L0 + 4*1), pte(64'h11111, V|R|W|A), "a load's A/D update sets A only");
    expect_eqm("svadu_cas_cmp_is_read_pte", cas_cmp, pte(64'h11111, V|R|W), "the CAS compare value is the PTE as read");
    expect_eqm("svadu_cas_wdata_sets_a", cas_wdata, pte(64'h11111, V|R|W|A), "the CAS write value is the read PTE with A set (and D on a store)");
    expect_eqm("svadu_cas_addr_is_pte_addr", cas_addr, L0 + 4*1, "the CAS goes to the leaf PTE's own address");
    expect_xl("svadu_load_then_hits", 64'h1020, LD, S, `MMU_CAUSE_NONE, 64'h11111020, 3'd0, 1'b1);
    expect_xl("svadu_store_on_clean_hit_rewalks", 64'h1030, ST, S, `MMU_CAUSE_NONE, 64'h11111030, 3'd0, 1'b0);
    expect_eqm("svadu_store_pte_d_set", pte_rd(L0 + 4*1), pte(64'h11111, V|R|W|A|D), "a store through a PTE with D=0 must set D in memory");
    count_copies(1, c0);
    expect_eqm("svadu_store_rewalk_no_duplicate", c0, 1, "the re-walk of a store must replace the clean entry, not add a second one");
    expect_xl("svadu_store_then_hits", 64'h1040, ST, S, `MMU_CAUSE_NONE, 64'h11111040, 3'd0, 1'b1);
    expect_xl("svadu_megapage_sets_a", 64'h0040_5000, FE + 2'd1, S, `MMU_CAUSE_NONE, 64'h4000_5000, 3'd1, 1'b0);
    expect_eqm("svadu_megapage_pte_written", pte_rd(ROOT + 4), pte(64'h40000, V|R|W|A), "the A/D update of a megapage writes the level-1 leaf");

    // CAS finds a different PTE: restart from the root, use the new PTE
    pte_wr(L0 + 4*2, pte(64'h22222, V|R|W));
    mem.poke_on_cas = 1'b1; mem.poke_val = pte(64'h23232, V|R|W);
    c0 = mem.cas_fail; reg_wr(`MMU_REG_CTR_CLEAR, 0);
    expect_xl("svadu_cas_mismatch_restarts", 64'h2008, ST, S, `MMU_CAUSE_NONE, 64'h23232008, 3'd0, 1'b0);
    expect_eqm("svadu_cas_mismatch_seen", mem.cas_fail - c0, 1, "the memory saw exactly one failing CAS");
    expect_eqm("svadu_cas_mismatch_final_pte", pte_rd(L0 + 4*2), pte(64'h23232, V|R|W|A|D), "after a CAS mismatch the walk restarts from the root and updates the new PTE");
    ctr(`MMU_CTR_WALKS, v);      expect_eqm("svadu_restart_counts_as_walk", v, 2, "a restart after a CAS mismatch counts as a walk");
    ctr(`MMU_CTR_AD_UPDATES, v); expect_eqm("svadu_cas_requests_counted", v, 2, "each CAS request is counted in AD_UPDATES");
    expect_xl("svadu_after_restart_hits_new", 64'h200C, LD, S, `MMU_CAUSE_NONE, 64'h2323200C, 3'd0, 1'b1);
    // the restart starts G over (docs/rtl.md AD_WAIT: g <- 0): no pointer or leaf on the
    // way is global, so the entry is not global and another ASID misses
    reg_wr(`MMU_REG_ASID, 1);
    expect_xl("svadu_restart_entry_not_global", 64'h2010, LD, S, `MMU_CAUSE_NONE, 64'h23232010, 3'd0, 1'b0);
    reg_wr(`MMU_REG_ASID, 0);
    // a CAS offered while the memory is not ready waits for it (AD_REQ): one CAS, once
    pte_wr(L0 + 4*8, pte(64'h88888, V|R|W));
    c0 = mem.cas_ok + mem.cas_fail; w0 = ncas;
    mem.cas_stall = 3;
    expect_xl("svadu_cas_waits_for_ready", 64'h8004, LD, S, `MMU_CAUSE_NONE, 64'h88888004, 3'd0, 1'b0);
    expect_eqm("svadu_cas_waits_for_ready_one_cas", mem.cas_ok + mem.cas_fail - c0, 1, "a CAS offered while mem_req_ready_i is low must be held (AD_REQ) and handshaken exactly once");
    expect_eqm("svadu_cas_waits_for_ready_pte_a_set", pte_rd(L0 + 4*8), pte(64'h88888, V|R|W|A), "the held CAS sets A when it is finally accepted");
    // the racing writer invalidated it
    pte_wr(L0 + 4*3, pte(64'h33333, V|R|W));
    mem.poke_on_cas = 1'b1; mem.poke_val = pte(64'h33333, R|W);
    expect_xl("svadu_cas_mismatch_to_invalid", 64'h3000, LD, S, `MMU_CAUSE_PTE_INVALID, 0, 3'd0, 1'b0);
    // bus error on the CAS
    pte_wr(L0 + 4*4, pte(64'h44444, V|R|W));
    mem.err_on_cas = 1'b1;
    expect_xl("svadu_cas_bus_error_access", 64'h4000, LD, S, `MMU_CAUSE_ACCESS, 0, 3'd0, 1'b0);
    expect_xl("svadu_cas_error_not_filled", 64'h4000, LD, S, `MMU_CAUSE_NONE, 64'h44444000, 3'd0, 1'b0);
    // no write for a faulting leaf
    pte_wr(L0 + 4*5, pte(64'h55555, V|R|US));
    w0 = ncas;
    expect_xl("svadu_priv_fault_no_write", 64'h5000, LD, S, `MMU_CAUSE_PRIV, 0, 3'd0, 1'b0);
    expect_xl("svadu_prot_fault_no_write", 64'h5000, ST, U, `MMU_CAUSE_PROT, 0, 3'd0, 1'b0);
    expect_eqm("svadu_faulting_leaf_untouched", pte_rd(L0 + 4*5), pte(64'h55555, V|R|US), "a leaf that faults (PRIV/PROT) must not get A/D written");
    expect_eqm("svadu_faulting_leaf_no_cas", ncas - w0, 0, "no CAS for a faulting leaf: the checks come before the A/D update");

    // a hit that faults PRIV/PROT answers from the TLB (rsp_hit_o = 1) even when the entry
    // also needs A/D (a store to a D=0 entry): docs/rtl.md hit_rsp = hit & (priv | prot | !need_ad)
    pte_wr(L0 + 4*9, pte(64'h99999, V|R|A));          // read-only, D=0
    pte_wr(L0 + 4*10, pte(64'haaaaa, V|R|W|US|A));    // user page, D=0
    expect_xl("ad_clean_readonly_filled", 64'h9000, LD, S, `MMU_CAUSE_NONE, 64'h99999000, 3'd0, 1'b0);
    expect_xl("ad_clean_user_filled", 64'hA000, LD, U, `MMU_CAUSE_NONE, 64'haaaaa000, 3'd0, 1'b0);
    w0 = ncas;
    expect_xl("ad_store_clean_readonly_hit_prot", 64'h9004, ST, S, `MMU_CAUSE_PROT, 0, 3'd0, 1'b1);
    expect_xl("ad_store_clean_user_page_supervisor_hit_priv", 64'hA004, ST, S, `MMU_CAUSE_PRIV, 0, 3'd0, 1'b1);
    expect_eqm("ad_faulting_hits_no_cas", ncas - w0, 0, "a store that faults PRIV/PROT on a hit answers from the TLB: no walk, no CAS");

    // ---- Svade ----------------------------------------------------------------------------
    reg_wr(`MMU_REG_STATUS, 64'd0);
    flush(1'b0, 1'b0, 0, 0);
    pte_wr(L0 + 4*6, pte(64'h66666, V|R|W));
    pte_wr(L0 + 4*7, pte(64'h77777, V|R|W|A));
    w0 = ncas;
    expect_xl("svade_a_clear_load_ad", 64'h6000, LD, S, `MMU_CAUSE_AD, 0, 3'd0, 1'b0);
    expect_xl("svade_d_clear_store_ad", 64'h7000, ST, S, `MMU_CAUSE_AD, 0, 3'd0, 1'b0);
    expect_xl("svade_d_clear_load_ok", 64'h7000, LD, S, `MMU_CAUSE_NONE, 64'h77777000, 3'd0, 1'b0);
    expect_xl("svade_store_on_clean_hit_rewalks_ad", 64'h7000, ST, S, `MMU_CAUSE_AD, 0, 3'd0, 1'b0);
    expect_xl("svade_clean_entry_still_hits_loads", 64'h7004, LD, S, `MMU_CAUSE_NONE, 64'h77777004, 3'd0, 1'b1);
    expect_eqm("svade_never_writes", ncas - w0, 0, "with ADUE=0 (Svade) the walker never writes a PTE: missing A/D is a fault");
    expect_eqm("svade_pte_untouched", pte_rd(L0 + 4*6), pte(64'h66666, V|R|W), "with ADUE=0 the PTE stays as it was");
    finish;
  end
endmodule
