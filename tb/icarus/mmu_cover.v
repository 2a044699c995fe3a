// mmu_cover -- functional coverage counters for mmu_top, as a plain observer.
//
//   testbench --(ports, hierarchical peeks into the DUT)--> mmu_cover
//                                                            | one counter
//                                                            | per point,
//   write_report(FILE) <-------------------------------------+ +1 per cycle
//
// No bind, no SystemVerilog, no RTL change: the instantiating testbench wires
// the ports to DUT signals (tb_replay.v does it with hierarchical names), so
// the same file builds in Icarus 11 (-g2005) and Verilator 5. Every counter is
// under `ifdef MMU_COVERAGE; without it the module is empty.
//
// A point a profile cannot reach (a superpage point without superpages, a
// replacement policy the profile does not use, ...) is reported "n/a" instead
// of a count, so a merge over profiles can tell "unhit" from "impossible".
// Report lines: "COVER <point> <count>" or "COVER <point> n/a". The point list
// and what each means: docs/icarus.md "Coverage points".
`default_nettype none
`include "mmu_defs.vh"

module mmu_cover #(
  parameter integer LEVELS       = 3,
  parameter integer SUPERPAGES   = 1,
  parameter integer PTE_FORMAT   = `MMU_PTE_RISCV,
  parameter integer TLB_REPL     = `MMU_REPL_LRU,
  parameter integer TLB_SETS     = 8,
  parameter integer TLB_WAYS     = 4,
  parameter integer VA_BITS      = 39,
  parameter integer VA_PORT_BITS = 64,
  parameter integer PA_BITS      = 56
) (
  input  wire                         clk_i,
  input  wire                         rst_i,
  // request / response ports
  input  wire                         accept_i,
  input  wire [1:0]                   acc_i,
  input  wire                         priv_i,
  input  wire [2:0]                   mode_i,
  input  wire                         rsp_valid_i,
  input  wire                         rsp_fault_i,
  input  wire [3:0]                   rsp_cause_i,
  input  wire [2:0]                   rsp_level_i,
  input  wire                         rsp_hit_i,
  // TLB stage (mmu_top)
  input  wire                         cmp_en_i,
  input  wire                         tlb_hit_i,
  input  wire                         hit_rsp_i,
  input  wire                         to_ptw_i,
  input  wire [1:0]                   hit_lvl_i,
  input  wire [TLB_WAYS-1:0]          rd_valid_i,
  // walker
  input  wire [2:0]                   ptw_state_i,
  input  wire                         ptw_busy_i,
  input  wire                         ptw_done_i,
  input  wire [3:0]                   ptw_cause_i,
  input  wire                         ptw_fill_i,
  input  wire                         ev_walk_i,
  // memory port
  input  wire                         mem_req_valid_i,
  input  wire                         mem_req_ready_i,
  input  wire                         mem_req_we_i,
  input  wire                         mem_rsp_valid_i,
  input  wire                         mem_rsp_err_i,
  input  wire [63:0]                  mem_rsp_data_i,
  input  wire [63:0]                  pte_q_i,
  // flush and TLB array
  input  wire                         flush_i,
  input  wire                         flush_use_va_i,
  input  wire                         flush_use_asid_i,
  input  wire [TLB_SETS*TLB_WAYS-1:0] tlb_valid_i,
  input  wire [TLB_SETS*TLB_WAYS-1:0] tlb_g_i,        // G bit of every entry's tag
  input  wire [TLB_WAYS-1:0]          fill_set_v_i,
  input  wire [TLB_WAYS-1:0]          fill_ov_i,
  input  wire                         reg_event_i,
  // register port and the fill against the set's read registers
  input  wire                         reg_we_i,
  input  wire [7:0]                   reg_addr_i,
  input  wire [TLB_WAYS-1:0]          way_g_i,        // G of each way's read register
  input  wire [TLB_WAYS*2-1:0]        way_lvl_i,      // level of each way's read register
  input  wire                         fill_g_i,
  input  wire [1:0]                   fill_lvl_i
);
`ifdef MMU_COVERAGE
  localparam integer N  = TLB_SETS * TLB_WAYS;
  localparam integer NP = 46;                 // named points (indices below)
  localparam integer NL = 5;                  // fault levels -1, 0, 1, 2, 3
  // walker states (mmu_ptw.v)
  localparam [2:0] S_IDLE = 3'd0, S_RD_REQ = 3'd1, S_RD_WAIT = 3'd2, S_CHECK = 3'd3,
                   S_AD_REQ = 3'd4, S_AD_WAIT = 3'd5, S_DONE = 3'd6;
  localparam integer RISCV = (PTE_FORMAT == `MMU_PTE_RISCV);
  localparam integer PROT  = (PTE_FORMAT != `MMU_PTE_OSTEP_SMALL);  // R/W/X/U/A/D exist

  // ---- point indices --------------------------------------------------------
  localparam integer P_ACC_FETCH = 0, P_ACC_LOAD = 1, P_ACC_STORE = 2, P_PRIV_USER = 3,
                     P_PRIV_SUP = 4, P_MODE_BARE = 5, P_MODE_BB = 6, P_MODE_SEG = 7,
                     P_MODE_PAGING = 8, P_MODE_HYBRID = 9, P_TLB_HIT = 10, P_TLB_MISS = 11,
                     P_TLB_HIT_AD = 12, P_TLB_HIT_SUPER = 13, P_DUP_HIT_CHECK = 14,
                     P_WALK = 15, P_WALK_DESCEND = 16, P_STALL_REQ = 17, P_STALL_RSP = 18,
                     P_FLUSH_ALL = 19, P_FLUSH_ASID = 20, P_FLUSH_VA = 21, P_FLUSH_VA_ASID = 22,
                     P_FLUSH_HITS = 23, P_FLUSH_KEEP_G = 24, P_FLUSH_WALK = 25,
                     P_REGWR_WALK = 26, P_FILL_STALE = 27, P_FILL_INVALID = 28,
                     P_FILL_OVERLAP = 29, P_VIC_LRU = 30, P_VIC_PLRU = 31, P_VIC_FIFO = 32,
                     P_VIC_RANDOM = 33, P_AD_CAS = 34, P_AD_CAS_OK = 35, P_AD_CAS_MISMATCH = 36,
                     P_HYB_BOUND = 37, P_LEAF_SUPER = 38, P_AD_STALL = 39,
                     P_PTBASE_WALK = 40, P_MODE_WALK = 41, P_ASID_WALK = 42, P_OPND_WALK = 43,
                     P_FILL_OV_G = 44, P_FILL_OV_LVL = 45;

  integer cnt   [0:NP-1];
  integer fault [0:`MMU_CAUSE_COUNT*NL-1];    // cause * NL + (level + 1)
  reg     [2:0] prev_state;

  // ---- combinational conditions ---------------------------------------------
  // Flush effects are judged one cycle later from the valid bits, so the
  // observer needs no copy of the TLB's match logic.
  reg         flush_q, flush_asid_q;
  reg [N-1:0] valid_before, g_before;
  integer w, nvalid;
  always @* begin
    nvalid = 0;
    for (w = 0; w < TLB_WAYS; w = w + 1) nvalid = nvalid + rd_valid_i[w];
  end
  reg  ov_g_mix, ov_lvl_mix;   // the fill overlaps a way whose G / level differs
  always @* begin
    ov_g_mix = 1'b0; ov_lvl_mix = 1'b0;
    for (w = 0; w < TLB_WAYS; w = w + 1) begin
      ov_g_mix   = ov_g_mix   | (fill_ov_i[w] & (way_g_i[w] != fill_g_i));
      ov_lvl_mix = ov_lvl_mix | (fill_ov_i[w] & (way_lvl_i[w*2 +: 2] != fill_lvl_i));
    end
  end
  wire wr_walk    = reg_we_i & ptw_busy_i;
  wire fill_full  = &fill_set_v_i;
  wire fill_ov    = |fill_ov_i;
  wire cas_rsp    = (ptw_state_i == S_AD_WAIT) & mem_rsp_valid_i & ~mem_rsp_err_i;
  wire [2:0] lvl1 = (rsp_level_i == 3'b111) ? 3'd0 : rsp_level_i + 3'd1;   // index: level + 1

  integer i;
  initial begin
    for (i = 0; i < NP; i = i + 1) cnt[i] = 0;
    for (i = 0; i < `MMU_CAUSE_COUNT*NL; i = i + 1) fault[i] = 0;
    prev_state = S_IDLE;
    flush_q = 1'b0; flush_asid_q = 1'b0;
  end

  task bump;
    input integer p;
    input         c;
    if (c) cnt[p] = cnt[p] + 1;
  endtask

  always @(posedge clk_i) begin
    if (!rst_i) begin
      bump(P_ACC_FETCH,   accept_i & (acc_i == 2'd`MMU_ACC_FETCH));
      bump(P_ACC_LOAD,    accept_i & (acc_i == 2'd`MMU_ACC_LOAD));
      bump(P_ACC_STORE,   accept_i & (acc_i == 2'd`MMU_ACC_STORE));
      bump(P_PRIV_USER,   accept_i & ~priv_i);
      bump(P_PRIV_SUP,    accept_i & priv_i);
      bump(P_MODE_BARE,   accept_i & (mode_i == 3'd`MMU_MODE_BARE));
      bump(P_MODE_BB,     accept_i & (mode_i == 3'd`MMU_MODE_BASE_BOUNDS));
      bump(P_MODE_SEG,    accept_i & (mode_i == 3'd`MMU_MODE_SEGMENTATION));
      bump(P_MODE_PAGING, accept_i & (mode_i == 3'd`MMU_MODE_PAGING));
      bump(P_MODE_HYBRID, accept_i & (mode_i == 3'd`MMU_MODE_HYBRID));
      bump(P_TLB_HIT,        hit_rsp_i);
      bump(P_TLB_MISS,       to_ptw_i & ~tlb_hit_i);
      bump(P_TLB_HIT_AD,     to_ptw_i & tlb_hit_i);                 // hit, but A/D must be set
      bump(P_TLB_HIT_SUPER,  hit_rsp_i & (hit_lvl_i != 2'd0));
      bump(P_DUP_HIT_CHECK,  cmp_en_i & tlb_hit_i & (nvalid >= 2)); // one-hot check with >1 candidate
      bump(P_WALK,           ev_walk_i);
      bump(P_WALK_DESCEND,   (prev_state == S_CHECK) & (ptw_state_i == S_RD_REQ));
      bump(P_STALL_REQ,      mem_req_valid_i & ~mem_req_ready_i);
      bump(P_STALL_RSP,      (ptw_state_i == S_RD_WAIT) & ~mem_rsp_valid_i);
      bump(P_AD_STALL,       ((ptw_state_i == S_AD_REQ) & ~mem_req_ready_i) |
                             ((ptw_state_i == S_AD_WAIT) & ~mem_rsp_valid_i));
      bump(P_FLUSH_ALL,      flush_i & ~flush_use_va_i & ~flush_use_asid_i);
      bump(P_FLUSH_ASID,     flush_i & ~flush_use_va_i &  flush_use_asid_i);
      bump(P_FLUSH_VA,       flush_i &  flush_use_va_i & ~flush_use_asid_i);
      bump(P_FLUSH_VA_ASID,  flush_i &  flush_use_va_i &  flush_use_asid_i);
      bump(P_FLUSH_HITS,     flush_q & |(valid_before & ~tlb_valid_i));          // an entry died
      bump(P_FLUSH_KEEP_G,   flush_asid_q & |g_before & ((tlb_valid_i & g_before) == g_before));
      bump(P_FLUSH_WALK,     flush_i & ptw_busy_i);
      bump(P_REGWR_WALK,     reg_event_i & ~flush_i & ptw_busy_i);
      bump(P_PTBASE_WALK,    wr_walk & (reg_addr_i == `MMU_REG_PTBASE));   // alone: one write per cycle
      bump(P_MODE_WALK,      wr_walk & (reg_addr_i == `MMU_REG_MODE));
      bump(P_ASID_WALK,      wr_walk & (reg_addr_i == `MMU_REG_ASID));
      bump(P_OPND_WALK,      wr_walk & ((reg_addr_i == `MMU_REG_FLUSH_VA) | (reg_addr_i == `MMU_REG_FLUSH_ASID)));
      bump(P_FILL_OV_G,      ptw_fill_i & ov_g_mix);     // global and non-global copies of one VA
      bump(P_FILL_OV_LVL,    ptw_fill_i & ov_lvl_mix);   // superpage over 4K (or the reverse)
      bump(P_FILL_STALE,     ptw_done_i & (ptw_cause_i == `MMU_CAUSE_NONE) & ~ptw_fill_i);
      bump(P_FILL_INVALID,   ptw_fill_i & ~fill_full & ~fill_ov);
      bump(P_FILL_OVERLAP,   ptw_fill_i & fill_ov);
      bump(P_VIC_LRU,        ptw_fill_i & fill_full & ~fill_ov & (TLB_REPL == `MMU_REPL_LRU));
      bump(P_VIC_PLRU,       ptw_fill_i & fill_full & ~fill_ov & (TLB_REPL == `MMU_REPL_PLRU));
      bump(P_VIC_FIFO,       ptw_fill_i & fill_full & ~fill_ov & (TLB_REPL == `MMU_REPL_FIFO));
      bump(P_VIC_RANDOM,     ptw_fill_i & fill_full & ~fill_ov & (TLB_REPL == `MMU_REPL_RANDOM));
      bump(P_AD_CAS,         mem_req_valid_i & mem_req_ready_i & mem_req_we_i);
      bump(P_AD_CAS_OK,      cas_rsp & (mem_rsp_data_i == pte_q_i));
      bump(P_AD_CAS_MISMATCH, cas_rsp & (mem_rsp_data_i != pte_q_i));  // re-walk from the root
      bump(P_HYB_BOUND,      rsp_valid_i & (rsp_cause_i == `MMU_CAUSE_HYBRID_BOUND));
      bump(P_LEAF_SUPER,     rsp_valid_i & ~rsp_fault_i & ~rsp_hit_i & ptw_done_i & (rsp_level_i != 3'd0));
      if (rsp_valid_i & rsp_fault_i)
        fault[rsp_cause_i * NL + lvl1] = fault[rsp_cause_i * NL + lvl1] + 1;
      prev_state   <= ptw_state_i;
      flush_q      <= flush_i;
      flush_asid_q <= flush_i & flush_use_asid_i;
      valid_before <= tlb_valid_i;
      g_before     <= tlb_valid_i & tlb_g_i;        // valid global entries
    end
  end

  // ---- applicability ----------------------------------------------------------
  function point_ok;
    input integer p;
    begin
      case (p)
        P_TLB_HIT_AD, P_AD_CAS, P_AD_CAS_OK, P_AD_CAS_MISMATCH, P_AD_STALL: point_ok = PROT;
        P_TLB_HIT_SUPER, P_LEAF_SUPER: point_ok = (SUPERPAGES != 0);
        P_WALK_DESCEND:   point_ok = (LEVELS > 1);
        P_FLUSH_KEEP_G, P_FILL_OV_G: point_ok = RISCV;   // only RISC-V PTEs have a G bit
        P_FILL_OV_LVL:    point_ok = (SUPERPAGES != 0) && (LEVELS > 1);
        P_VIC_LRU:        point_ok = (TLB_REPL == `MMU_REPL_LRU);
        P_VIC_PLRU:       point_ok = (TLB_REPL == `MMU_REPL_PLRU);
        P_VIC_FIFO:       point_ok = (TLB_REPL == `MMU_REPL_FIFO);
        P_VIC_RANDOM:     point_ok = (TLB_REPL == `MMU_REPL_RANDOM);
        default:          point_ok = 1'b1;
      endcase
    end
  endfunction

  // Can a response fault with cause c at level l (-1 .. 3) in this profile?
  function fault_ok;
    input integer c;
    input integer l;
    reg leaf_lvl;
    begin
      leaf_lvl = (l == 0) || (l > 0 && SUPERPAGES != 0);
      if (l >= LEVELS) fault_ok = 1'b0;
      else if (l < 0)
        case (c)
          `MMU_CAUSE_SEG_INVALID, `MMU_CAUSE_SEG_BOUND, `MMU_CAUSE_SEG_PROT,
          `MMU_CAUSE_HYBRID_BOUND, `MMU_CAUSE_ACCESS: fault_ok = 1'b1;
          `MMU_CAUSE_NONCANONICAL: fault_ok = (VA_PORT_BITS > VA_BITS);
          default: fault_ok = 1'b0;
        endcase
      else
        case (c)
          `MMU_CAUSE_ACCESS, `MMU_CAUSE_PTE_INVALID: fault_ok = 1'b1;
          `MMU_CAUSE_PTE_RESERVED: fault_ok = RISCV || (PTE_FORMAT == `MMU_PTE_OSTEP_LINEAR);
          `MMU_CAUSE_NO_LEAF:      fault_ok = RISCV && (l == 0);
          `MMU_CAUSE_MISALIGNED:   fault_ok = RISCV && (SUPERPAGES != 0) && (l > 0);
          `MMU_CAUSE_PRIV, `MMU_CAUSE_PROT, `MMU_CAUSE_AD: fault_ok = PROT && leaf_lvl;
          default: fault_ok = 1'b0;
        endcase
    end
  endfunction

  function [8*32-1:0] point_name;
    input integer p;
    case (p)
      P_ACC_FETCH: point_name = "access_fetch";       P_ACC_LOAD: point_name = "access_load";
      P_ACC_STORE: point_name = "access_store";       P_PRIV_USER: point_name = "priv_user";
      P_PRIV_SUP:  point_name = "priv_supervisor";    P_MODE_BARE: point_name = "mode_bare";
      P_MODE_BB:   point_name = "mode_base_bounds";   P_MODE_SEG: point_name = "mode_segmentation";
      P_MODE_PAGING: point_name = "mode_paging";      P_MODE_HYBRID: point_name = "mode_hybrid";
      P_TLB_HIT:   point_name = "tlb_hit";            P_TLB_MISS: point_name = "tlb_miss";
      P_TLB_HIT_AD: point_name = "tlb_hit_needs_ad";  P_TLB_HIT_SUPER: point_name = "tlb_hit_superpage";
      P_DUP_HIT_CHECK: point_name = "dup_hit_check";  P_WALK: point_name = "walk_start";
      P_WALK_DESCEND: point_name = "walk_descend";    P_STALL_REQ: point_name = "walk_stall_mem_not_ready";
      P_STALL_RSP: point_name = "walk_stall_slow_response";
      P_AD_STALL:  point_name = "ad_stall";
      P_FLUSH_ALL: point_name = "flush_all";          P_FLUSH_ASID: point_name = "flush_asid";
      P_FLUSH_VA:  point_name = "flush_va";           P_FLUSH_VA_ASID: point_name = "flush_va_asid";
      P_FLUSH_HITS: point_name = "flush_kills_entry"; P_FLUSH_KEEP_G: point_name = "flush_asid_keeps_global";
      P_FLUSH_WALK: point_name = "flush_during_walk"; P_REGWR_WALK: point_name = "reg_write_during_walk";
      P_FILL_STALE: point_name = "fill_dropped_stale"; P_FILL_INVALID: point_name = "fill_invalid_way";
      P_FILL_OVERLAP: point_name = "fill_overlap_way"; P_VIC_LRU: point_name = "victim_lru";
      P_VIC_PLRU:  point_name = "victim_plru";        P_VIC_FIFO: point_name = "victim_fifo";
      P_VIC_RANDOM: point_name = "victim_random";     P_AD_CAS: point_name = "ad_cas_request";
      P_AD_CAS_OK: point_name = "ad_cas_success";     P_AD_CAS_MISMATCH: point_name = "ad_cas_mismatch_rewalk";
      P_HYB_BOUND: point_name = "hybrid_bound_fault"; P_LEAF_SUPER: point_name = "walk_superpage_leaf";
      P_PTBASE_WALK: point_name = "ptbase_write_during_walk"; P_MODE_WALK: point_name = "mode_write_during_walk";
      P_ASID_WALK: point_name = "asid_write_during_walk"; P_OPND_WALK: point_name = "flush_operand_during_walk";
      P_FILL_OV_G: point_name = "fill_overlap_global_mix"; P_FILL_OV_LVL: point_name = "fill_overlap_level_mix";
      default:     point_name = "unnamed";
    endcase
  endfunction

  function [8*16-1:0] cause_name;
    input integer c;
    case (c)
      `MMU_CAUSE_SEG_INVALID:  cause_name = "seg_invalid";
      `MMU_CAUSE_SEG_BOUND:    cause_name = "seg_bound";
      `MMU_CAUSE_SEG_PROT:     cause_name = "seg_prot";
      `MMU_CAUSE_NONCANONICAL: cause_name = "noncanonical";
      `MMU_CAUSE_HYBRID_BOUND: cause_name = "hybrid_bound";
      `MMU_CAUSE_ACCESS:       cause_name = "access";
      `MMU_CAUSE_PTE_INVALID:  cause_name = "pte_invalid";
      `MMU_CAUSE_PTE_RESERVED: cause_name = "pte_reserved";
      `MMU_CAUSE_NO_LEAF:      cause_name = "no_leaf";
      `MMU_CAUSE_MISALIGNED:   cause_name = "misaligned";
      `MMU_CAUSE_PRIV:         cause_name = "priv";
      `MMU_CAUSE_PROT:         cause_name = "prot";
      `MMU_CAUSE_AD:           cause_name = "ad";
      default:                 cause_name = "none";
    endcase
  endfunction

  // One line per point: "COVER name count" or "COVER name n/a".
  task write_report;
    input [8*256-1:0] file;
    integer fd, p, c, l;
    begin
      fd = $fopen(file, "w");
      if (fd == 0) begin
        $display("mmu_cover: cannot write %0s", file);
      end else begin
        for (p = 0; p < NP; p = p + 1)
          if (point_ok(p)) $fdisplay(fd, "COVER %0s %0d", point_name(p), cnt[p]);
          else             $fdisplay(fd, "COVER %0s n/a", point_name(p));
        for (c = 1; c < `MMU_CAUSE_COUNT; c = c + 1)
          for (l = -1; l < NL - 1; l = l + 1)
            if (fault_ok(c, l)) $fdisplay(fd, "COVER fault_%0s_lvl%0d %0d", cause_name(c), l, fault[c*NL + l + 1]);
            else                $fdisplay(fd, "COVER fault_%0s_lvl%0d n/a", cause_name(c), l);
        $fclose(fd);
      end
    end
  endtask
`else
  task write_report;
    input [8*256-1:0] file;
    $display("mmu_cover: built without MMU_COVERAGE, nothing to write to %0s", file);
  endtask
`endif
endmodule
