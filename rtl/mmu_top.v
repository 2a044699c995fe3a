// mmu_top -- the MMU: register block, segmentation unit, TLB, walker.
//
//            req (valid/ready)                                  rsp (valid)
//                 |                                                  ^
//   cycle t       v                                                  |
//        +--> mmu_seg (step 0, bare, B&B, seg, hybrid checks) --+    |
//        |        |  TLB set read (mmu_tlb, synchronous)         |    |
//        |     [ s1_*_q : request + context + seg result ]       |    |
//   t+1  |        |--> mmu_tlb compare -> mmu_perm_check --------+--> rsp mux
//        |        |        miss / A/D needed                          ^
//        |        v                                                   |
//        |     mmu_ptw (walker FSM) <--> mem_req / mem_rsp ---- DONE -+--> TLB fill
//        |
//   reg port --> mmu_regs (MODE, PTBASE, ASID, STATUS, segments, flush, counters)
//
// A request accepted in cycle t is answered in t+1 unless it misses in the
// TLB (or needs an A/D update); then the walker answers it later. req_ready_o
// is a function of registers only (never of this cycle's hit): a request
// accepted in the cycle its predecessor misses is held in s1, re-reads the
// TLB after the walk and is answered after it, in order. Every request is
// translated with the register values of its acceptance cycle.
// docs/rtl.md is the cycle-exact description.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_inject.vh"
`include "mmu_profile.vh"

module mmu_top #(
  parameter integer VA_BITS        = `MMU_P_VA_BITS,
  parameter integer VA_PORT_BITS   = `MMU_P_VA_PORT_BITS,
  parameter integer VA_SIGN_EXTEND = `MMU_P_VA_SIGN_EXTEND,
  parameter integer PA_BITS        = `MMU_P_PA_BITS,
  parameter integer PAGE_SHIFT     = `MMU_P_PAGE_SHIFT,
  parameter integer LEVELS         = `MMU_P_LEVELS,
  parameter integer VPN_BITS       = `MMU_P_VPN_BITS,
  parameter integer PTE_FORMAT     = `MMU_P_PTE_FORMAT,
  parameter integer PTE_BYTES      = `MMU_P_PTE_BYTES,
  parameter integer PPN_BITS       = `MMU_P_PPN_BITS,
  parameter integer ASID_BITS      = `MMU_P_ASID_BITS,
  parameter integer SUPERPAGES     = `MMU_P_SUPERPAGES,
  parameter integer SEG_SEL_BITS   = `MMU_P_SEG_SEL_BITS,
  parameter integer SEG_COUNT      = `MMU_P_SEG_COUNT,
  parameter integer TLB_SETS       = `MMU_P_TLB_SETS,
  parameter integer TLB_WAYS       = `MMU_P_TLB_WAYS,
  parameter integer TLB_REPL       = `MMU_P_TLB_REPL,
  parameter integer SEGMENTATION   = `MMU_P_SEGMENTATION,
  parameter integer SVADU          = `MMU_P_SVADU,
  parameter integer FLUSH_EXACT    = `MMU_P_FLUSH_EXACT,
  parameter integer CTR_BITS       = `MMU_P_CTR_BITS,
  parameter integer HIT_STAGES     = `MMU_P_HIT_STAGES,
  parameter integer ISOLATE        = `MMU_P_ISOLATE,
  parameter integer PWC_ENTRIES    = `MMU_P_PWC_ENTRIES,
  parameter integer ID_BITS        = `MMU_P_ID_BITS,
  parameter integer PTE_BITS       = 8 * PTE_BYTES,  // derived: do not override
  parameter integer ID_W           = (ID_BITS > 0) ? ID_BITS : 1   // derived: do not override
) (
  input  wire                    clk_i,
  input  wire                    rst_i,          // synchronous, active high
  // translation request
  input  wire                    req_valid_i,
  output wire                    req_ready_o,
  input  wire [VA_PORT_BITS-1:0] req_va_i,
  input  wire [1:0]              req_acc_i,      // 0 fetch, 1 load, 2 store
  input  wire                    req_priv_i,     // 0 user, 1 supervisor
  input  wire [ID_W-1:0]         req_id_i,       // returned on rsp_id_o (ignored with ID_BITS = 0)
  // translation response (no back-pressure); all fields 0 when rsp_valid_o=0
  output wire                    rsp_valid_o,
  output wire [PA_BITS-1:0]      rsp_pa_o,       // 0 on a fault
  output wire                    rsp_fault_o,
  output wire [3:0]              rsp_cause_o,
  output wire [2:0]              rsp_level_o,    // two's complement: 3'b111 = -1
  output wire                    rsp_hit_o,      // answered from the TLB
  output wire [ID_W-1:0]         rsp_id_o,       // the answered request's req_id_i (0 with ID_BITS = 0)
  // walker memory port (we=1: compare-and-swap)
  output wire                    mem_req_valid_o,
  input  wire                    mem_req_ready_i,
  output wire [PA_BITS-1:0]      mem_req_addr_o,
  output wire                    mem_req_we_o,
  output wire [PTE_BITS-1:0]     mem_req_wdata_o,
  output wire [PTE_BITS-1:0]     mem_req_cmp_o,
  input  wire                    mem_rsp_valid_i,
  input  wire [PTE_BITS-1:0]     mem_rsp_data_i,
  input  wire                    mem_rsp_err_i,
  // register port
  input  wire                    reg_we_i,
  input  wire [7:0]              reg_addr_i,
  input  wire [63:0]             reg_wdata_i,
  output wire [63:0]             reg_rdata_o     // registered: value of cycle-1's address
);
  `MMU_INJ_DECL   // injected-bug selector (mmu_inject.vh; empty in a normal build)
  `include "mmu_clog2.vh"

  // Paging PA = {ppn[PPN_BITS-1 : l*VPN_BITS], VA[PAGE_SHIFT + l*VPN_BITS - 1 : 0]}:
  // the low-bit mask is a constant per level (no multiply, no shifter).
  function [PA_BITS-1:0] compose;
    input [PPN_BITS-1:0] pg_ppn;
    input [PA_BITS-1:0]  pg_va_pa;   // the VA zero-extended or cut to PA_BITS
    input [1:0]          pg_lvl;
    reg   [PA_BITS-1:0]  lo;         // the offset bits: taken from the VA
    begin
      // LAB3 BEGIN: paging PA: frame number and page offset
      case (pg_lvl)
        2'd0:    lo = ~({PA_BITS{1'b1}} << PAGE_SHIFT);
        2'd1:    lo = ~({PA_BITS{1'b1}} << (PAGE_SHIFT + VPN_BITS));
        2'd2:    lo = ~({PA_BITS{1'b1}} << (PAGE_SHIFT + 2 * VPN_BITS));
        default: lo = ~({PA_BITS{1'b1}} << (PAGE_SHIFT + 3 * VPN_BITS));
      endcase
      compose = ({pg_ppn, {PAGE_SHIFT{1'b0}}} & ~lo) | (pg_va_pa & lo);
      // LAB3 END
    end
  endfunction

  localparam integer VPN_W    = LEVELS * VPN_BITS;
  localparam integer PTE_LOG2 = clog2(PTE_BYTES);
  localparam integer IDX_BITS = clog2(TLB_SETS);
  localparam integer WAY_BITS = clog2(TLB_WAYS);
  localparam [63:0]  CONFIG0  = {PTE_FORMAT[3:0], TLB_REPL[3:0], TLB_WAYS[7:0], IDX_BITS[7:0],
                                 VPN_BITS[7:0], LEVELS[7:0], PAGE_SHIFT[7:0], PA_BITS[7:0], VA_BITS[7:0]};
  localparam [63:0]  CONFIG1  = {CTR_BITS[7:0], PWC_ENTRIES != 0, ID_BITS != 0, HIT_STAGES == 2, FLUSH_EXACT[0], SVADU[0], SEGMENTATION[0],
                                 SUPERPAGES[0], VA_SIGN_EXTEND[0], PTE_BYTES[7:0],
                                 SEG_COUNT[7:0], SEG_SEL_BITS[7:0], ASID_BITS[7:0], PPN_BITS[7:0],
                                 VA_PORT_BITS[7:0]};

  // ---- combinations the RTL does not implement fail at elaboration ----------------
  mmu_param_check #(.VA_BITS(VA_BITS), .VA_PORT_BITS(VA_PORT_BITS), .PA_BITS(PA_BITS),
    .PAGE_SHIFT(PAGE_SHIFT), .LEVELS(LEVELS), .VPN_BITS(VPN_BITS), .PTE_FORMAT(PTE_FORMAT),
    .PTE_BYTES(PTE_BYTES), .PTE_BITS(PTE_BITS), .PPN_BITS(PPN_BITS), .ASID_BITS(ASID_BITS),
    .SUPERPAGES(SUPERPAGES), .SEG_SEL_BITS(SEG_SEL_BITS), .SEG_COUNT(SEG_COUNT),
    .TLB_SETS(TLB_SETS), .TLB_WAYS(TLB_WAYS), .TLB_REPL(TLB_REPL), .CTR_BITS(CTR_BITS),
    .SEGMENTATION(SEGMENTATION), .SVADU(SVADU), .FLUSH_EXACT(FLUSH_EXACT),
    .HIT_STAGES(HIT_STAGES), .ISOLATE(ISOLATE), .PWC_ENTRIES(PWC_ENTRIES),
    .ID_BITS(ID_BITS)) u_param_check ();

  // ---- register block ----------------------------------------------------------------
  wire [2:0]                       mode;
  wire [PPN_BITS-1:0]              ptbase;
  wire [ASID_BITS-1:0]             asid, flush_asid;
  wire                             sum, mxr, adue;
  wire [SEG_COUNT*PA_BITS-1:0]     seg_base;
  wire [SEG_COUNT*(VA_BITS+1)-1:0] seg_bound;
  wire [SEG_COUNT*6-1:0]           seg_ctrl;
  wire                             flush, flush_wr, flush_use_va, flush_use_asid, reg_event;
  wire [VA_BITS-1:0]               flush_va;
  wire [15:0]                      perf_ev;
  mmu_regs #(.VA_PORT_BITS(VA_PORT_BITS), .VA_BITS(VA_BITS), .VA_SIGN_EXTEND(VA_SIGN_EXTEND),
             .PA_BITS(PA_BITS), .PPN_BITS(PPN_BITS), .ASID_BITS(ASID_BITS), .SEG_COUNT(SEG_COUNT),
             .SEGMENTATION(SEGMENTATION), .SVADU(SVADU),
             .CTR_BITS(CTR_BITS), .CONFIG0(CONFIG0), .CONFIG1(CONFIG1)) u_regs (
    .clk_i(clk_i), .rst_i(rst_i), .reg_we_i(reg_we_i), .reg_addr_i(reg_addr_i),
    .reg_wdata_i(reg_wdata_i), .reg_rdata_o(reg_rdata_o),
    .mode_o(mode), .ptbase_o(ptbase), .asid_o(asid), .sum_o(sum), .mxr_o(mxr), .adue_o(adue),
    .seg_base_o(seg_base), .seg_bound_o(seg_bound), .seg_ctrl_o(seg_ctrl),
    .flush_o(flush), .flush_wr_o(flush_wr), .flush_use_va_o(flush_use_va), .flush_use_asid_o(flush_use_asid),
    .flush_va_o(flush_va), .flush_asid_o(flush_asid), .event_o(reg_event), .ev_i(perf_ev),
    .rsp_i(rsp_valid_o), .rsp_cause_i(cause));

  // ---- cycle t: accept, segment unit, TLB set read --------------------------------
  wire accept = req_valid_i & req_ready_o;
  wire               seg_done;
  wire [PA_BITS-1:0] seg_pa, hyb_addr;
  wire [3:0]         seg_cause;
  wire [2:0]         seg_level;
  mmu_seg #(.VA_PORT_BITS(VA_PORT_BITS), .VA_BITS(VA_BITS), .VA_SIGN_EXTEND(VA_SIGN_EXTEND),
            .PA_BITS(PA_BITS), .PAGE_SHIFT(PAGE_SHIFT), .PTE_LOG2(PTE_LOG2),
            .SEG_SEL_BITS(SEG_SEL_BITS), .SEG_COUNT(SEG_COUNT), .SEGMENTATION(SEGMENTATION)) u_seg (
    .va_i(req_va_i), .acc_i(req_acc_i), .priv_i(req_priv_i), .mode_i(mode),
    .seg_base_i(seg_base), .seg_bound_i(seg_bound), .seg_ctrl_i(seg_ctrl),
    .done_o(seg_done), .pa_o(seg_pa), .cause_o(seg_cause), .level_o(seg_level),
    .hyb_addr_o(hyb_addr));

  // First PTE address: paging reads the root table at vpn[LEVELS-1]. The
  // table is page aligned and VPN_BITS + PTE_LOG2 <= PAGE_SHIFT: an OR, no adder.
  // LAB3 BEGIN: first PTE address: table base + VPN * PTE size
  wire [VPN_BITS-1:0] vpn_top   = req_va_i[PAGE_SHIFT + (LEVELS-1)*VPN_BITS +: VPN_BITS];
  wire [PA_BITS-1:0]  root_addr = {ptbase, {PAGE_SHIFT{1'b0}}} |
                                  ({{(PA_BITS-VPN_BITS){1'b0}}, vpn_top} << PTE_LOG2);
  // LAB3 END
  wire                is_hybrid = (SEGMENTATION != 0) & (mode == 3'd`MMU_MODE_HYBRID);

  // s1: the request accepted last cycle, or one held behind a walk (docs/rtl.md
  // "s1 hold and replay"). It acts (compares, answers or starts the walker)
  // only when the walker is idle and its TLB read is fresh.
  reg                 s1_valid_q, s1_tlb_q, s1_priv_q, s1_sum_q, s1_mxr_q, s1_adue_q, s1_stale_q;
  reg                 s1_replay_q;
  reg [VA_BITS-1:0]   s1_va_q;
  reg [1:0]           s1_acc_q, s1_first_lvl_q;
  reg [PA_BITS-1:0]   s1_pa_q, s1_first_addr_q;
  reg [3:0]           s1_cause_q;
  reg [2:0]           s1_level_q;
  reg [ASID_BITS-1:0] s1_asid_q;
  // With ID_BITS > 0 (hit under miss, docs/rtl.md) s1 also acts while the
  // walker is busy, but not in its DONE cycle; a miss then parks (park) and
  // replays after the walk. Each ID_BITS term is a constant 0 without it.
  localparam          HUM = (ID_BITS > 0);
  wire                ptw_busy, ptw_may_fill, ptw_pre_fill, ptw_done, fl_busy, park;
  wire                s1_go   = s1_valid_q & ~s1_replay_q & (HUM ? ~ptw_done : ~ptw_busy);
  wire                s1_hold = s1_valid_q & (~s1_go | park);
  always @(posedge clk_i) begin
    if (rst_i) begin
      s1_valid_q <= 1'b0; s1_replay_q <= 1'b0;
    end else begin
      s1_valid_q  <= accept | s1_hold;
      s1_replay_q <= ((HUM ? s1_hold : s1_valid_q) & ptw_busy) | (s1_replay_q & fl_busy);
    end
    if (s1_hold) s1_stale_q <= s1_stale_q | reg_event;
    if (accept) begin
      s1_va_q         <= req_va_i[VA_BITS-1:0];
      s1_acc_q        <= req_acc_i;
      s1_priv_q       <= req_priv_i;
      s1_tlb_q        <= ~seg_done;
      s1_pa_q         <= seg_pa;
      s1_cause_q      <= seg_cause;
      s1_level_q      <= seg_level;
      s1_asid_q       <= asid;
      s1_sum_q        <= sum;
      s1_mxr_q        <= mxr;
      s1_adue_q       <= adue;
      s1_first_addr_q <= is_hybrid ? hyb_addr : root_addr;
      s1_first_lvl_q  <= is_hybrid ? 2'd0 : LEVELS[1:0] - 2'd1;
      s1_stale_q      <= reg_event;
    end
  end

  // ---- cycle t+1: TLB compare, hit checks ---------------------------------------------
  // The permission checks and the PA are computed for every way of the read
  // set in parallel with the tag compare; the match vector then only selects
  // (AND-OR), so the compare is the one deep step on the hit path.
  wire                cmp_en = s1_go & s1_tlb_q;
  wire [TLB_WAYS-1:0] match;
  wire [WAY_BITS-1:0] hit_way;
  wire [1:0]          hit_lvl;
  wire [TLB_WAYS*2-1:0]        way_lvl;
  wire [TLB_WAYS*PPN_BITS-1:0] way_ppn;
  wire [TLB_WAYS*6-1:0]        way_perm;    // {d, a, u, x, w, r} per way
  wire [PPN_BITS-1:0] sel_ppn;                  // the matching way's (HIT_STAGES = 1)
  wire [5:0]          sel_perm;
  wire [1:0]          sel_lvl;
  wire [TLB_WAYS-1:0] way_priv, way_prot, way_need_ad;
  wire [TLB_WAYS-1:0]          way_ans;     // per way: matched and answers NONE
  wire [TLB_WAYS*PA_BITS-1:0]  way_cpa;     // composed PA per way, ungated (HIT_STAGES = 2 only)
  wire                ptw_fill, ptw_g;
  wire [3:0]          ptw_cause;
  wire [1:0]          ptw_lvl;
  wire [PPN_BITS-1:0] ptw_ppn;
  wire [VA_BITS-1:0]  ptw_va;
  wire [ASID_BITS-1:0] ptw_asid;
  wire [5:0]          ptw_perm;
  wire                ev_walk, ev_ad;

  // s1's and the walker's VA, zero-extended or cut to PA_BITS (never inside
  // a page offset: PA_BITS >= PAGE_SHIFT + the superpage bits)
  wire [PA_BITS-1:0] s1_va_pa, ptw_va_pa;
  generate
    if (VA_BITS >= PA_BITS) begin : g_va_wide
      assign s1_va_pa  = s1_va_q[PA_BITS-1:0];
      assign ptw_va_pa = ptw_va[PA_BITS-1:0];
      if (VA_BITS > PA_BITS) begin : g_cut
        wire unused_va_hi = ^{s1_va_q[VA_BITS-1:PA_BITS], ptw_va[VA_BITS-1:PA_BITS]};
      end
    end else begin : g_va_narrow
      assign s1_va_pa  = {{(PA_BITS-VA_BITS){1'b0}}, s1_va_q};
      assign ptw_va_pa = {{(PA_BITS-VA_BITS){1'b0}}, ptw_va};
    end
  endgenerate

  wire hit_sum = s1_sum_q
`ifdef MMU_INJECT_SUM_IGNORED_ON_HIT
                 & ~`MMU_INJ(13)   // injected bug: TLB hits check as if SUM = 0
`endif
                 ;
  // HIT_STAGES = 2: the permission checks and the PA are computed for every
  // way in parallel with the tag compare; the match vector then only selects
  // (AND-OR), so the compare is the one deep step before the s2 register.
  // HIT_STAGES = 1 (teaching and full profiles): the match selects the hit
  // way's fields first and one checker decides -- a deeper path, a quarter
  // of the checkers (and of a simulator's work).
  wire hit_priv, hit_prot, hit_rsp;
  wire [PA_BITS-1:0] hit_pa;
  genvar gw;
  generate
    if (HIT_STAGES == 2) begin : g_way_chk
      for (gw = 0; gw < TLB_WAYS; gw = gw + 1) begin : g_hit
        wire [5:0] pm = way_perm[gw*6 +: 6];
        mmu_perm_check #(.PROT_EN((PTE_FORMAT == `MMU_PTE_OSTEP_SMALL) ? 0 : 1)) u_chk (
          .en_i((ISOLATE == 0) | cmp_en),
          .acc_i(s1_acc_q), .priv_i(s1_priv_q), .sum_i(hit_sum), .mxr_i(s1_mxr_q),
          .r_i(pm[0]), .w_i(pm[1]), .x_i(pm[2]), .u_i(pm[3]), .a_i(pm[4]), .d_i(pm[5]),
          .f_priv_o(way_priv[gw]), .f_prot_o(way_prot[gw]), .need_ad_o(way_need_ad[gw]));
        wire ok = ~way_priv[gw] & ~way_prot[gw] & ~way_need_ad[gw];
        assign way_ans[gw] = match[gw] & ok;   // this way answers, with cause NONE
        assign way_cpa[gw*PA_BITS +: PA_BITS] = compose(way_ppn[gw*PPN_BITS +: PPN_BITS], s1_va_pa,
                                                        way_lvl[gw*2 +: 2]);
      end
      assign hit_priv = |(match & way_priv);
      assign hit_prot = |(match & way_prot);
      assign hit_rsp  = |(match & (way_priv | way_prot | ~way_need_ad));   // the hit answers
      assign hit_pa   = {PA_BITS{1'b0}};   // s2 selects from its registers
      wire unused_hit_sel = ^{sel_ppn, sel_perm, sel_lvl};
    end else begin : g_sel_chk
      // sel_*: the TLB selects the matching way's fields (AND-OR, at most one match)
      wire unused_ways = ^{way_perm, way_ppn, way_lvl};
      wire s_priv, s_prot, s_need_ad;
      mmu_perm_check #(.PROT_EN((PTE_FORMAT == `MMU_PTE_OSTEP_SMALL) ? 0 : 1)) u_chk (
        .en_i((ISOLATE == 0) | cmp_en), .acc_i(s1_acc_q), .priv_i(s1_priv_q), .sum_i(hit_sum), .mxr_i(s1_mxr_q),
        .r_i(sel_perm[0]), .w_i(sel_perm[1]), .x_i(sel_perm[2]), .u_i(sel_perm[3]),
        .a_i(sel_perm[4]), .d_i(sel_perm[5]),
        .f_priv_o(s_priv), .f_prot_o(s_prot), .need_ad_o(s_need_ad));
      wire hit = |match;
      assign hit_priv = hit & s_priv;
      assign hit_prot = hit & s_prot;
      assign hit_rsp  = hit & (s_priv | s_prot | ~s_need_ad);
      wire ans = hit & ~s_priv & ~s_prot & ~s_need_ad;
      reg [PA_BITS-1:0] ans_pa;
      always @* begin   // (the if only spares a simulator the compose in other cycles)
        ans_pa = {PA_BITS{1'b0}};
        if (ans) ans_pa = compose(sel_ppn, s1_va_pa, sel_lvl);
      end
      assign hit_pa = ans_pa;
      assign way_priv = {TLB_WAYS{1'b0}}; assign way_prot = {TLB_WAYS{1'b0}};
      assign way_need_ad = {TLB_WAYS{1'b0}}; assign way_ans = {TLB_WAYS{1'b0}};
      assign way_cpa = {TLB_WAYS*PA_BITS{1'b0}};
    end
  endgenerate
  wire to_ptw      = cmp_en & ~hit_rsp & ~(HUM & ptw_busy);   // miss, or hit that needs A/D set
  assign park      = HUM & cmp_en & ~hit_rsp & ptw_busy;      // a miss under a walk waits in s1

  // The read port's set when no flush walk runs: the walker's own set (for its
  // fill; with ID_BITS > 0 only in CHECK and AD_WAIT), else a held request's
  // replay, else the request being accepted. The VPN and ASID that set is
  // compared with come from the same source.
  wire                 ptw_port = HUM ? ptw_pre_fill : ptw_busy;
  wire [VPN_W-1:0]     lk_vpn  = ptw_port    ? ptw_va[VA_BITS-1:PAGE_SHIFT] :
                                 s1_replay_q ? s1_va_q[VA_BITS-1:PAGE_SHIFT] : req_va_i[VA_BITS-1:PAGE_SHIFT];
  wire [ASID_BITS-1:0] lk_asid = ptw_port ? ptw_asid : s1_replay_q ? s1_asid_q : asid;
  wire [IDX_BITS-1:0]  lk_idx  = lk_vpn[IDX_BITS-1:0];
  mmu_tlb #(.SETS(TLB_SETS), .WAYS(TLB_WAYS), .REPL(TLB_REPL), .LEVELS(LEVELS), .VPN_BITS(VPN_BITS),
            .ASID_BITS(ASID_BITS), .PPN_BITS(PPN_BITS), .IDX_BITS(IDX_BITS), .WAY_BITS(WAY_BITS),
            .FLUSH_EXACT(FLUSH_EXACT), .ISOLATE(ISOLATE), .SELECT(HIT_STAGES == 1),
            .LATE_FILL(HUM ? 1 : 0)) u_tlb (
    .clk_i(clk_i), .rst_i(rst_i),
    .lk_idx_i(lk_idx), .lk_vpn_i(lk_vpn), .lk_asid_i(lk_asid),
    .cmp_en_i(cmp_en), .ov_en_i(HUM ? ptw_done : ptw_may_fill),
    .match_o(match), .hit_way_o(hit_way), .hit_lvl_o(hit_lvl),
    .way_lvl_o(way_lvl), .way_ppn_o(way_ppn), .way_perm_o(way_perm),
    .sel_ppn_o(sel_ppn), .sel_perm_o(sel_perm), .sel_lvl_o(sel_lvl), .touch_i(hit_rsp),
    .fill_i(ptw_fill), .fill_vpn_i(ptw_va[VA_BITS-1:PAGE_SHIFT]), .fill_lvl_i(ptw_lvl),
    .fill_asid_i(ptw_asid), .fill_g_i(ptw_g), .fill_ppn_i(ptw_ppn), .fill_perm_i(ptw_perm),
    .flush_i(flush), .flush_wr_i(flush_wr), .flush_use_va_i(flush_use_va), .flush_use_asid_i(flush_use_asid),
    .flush_vpn_i(flush_va[VA_BITS-1:PAGE_SHIFT]), .flush_asid_i(flush_asid), .fl_busy_o(fl_busy));

  // ---- walker ---------------------------------------------------------------------------
  mmu_ptw #(.VA_BITS(VA_BITS), .PA_BITS(PA_BITS), .PAGE_SHIFT(PAGE_SHIFT), .LEVELS(LEVELS),
            .VPN_BITS(VPN_BITS), .PTE_FORMAT(PTE_FORMAT), .PTE_BITS(PTE_BITS), .PTE_LOG2(PTE_LOG2),
            .PPN_BITS(PPN_BITS), .ASID_BITS(ASID_BITS), .SUPERPAGES(SUPERPAGES), .SVADU(SVADU),
            .ISOLATE(ISOLATE), .PWC_ENTRIES(PWC_ENTRIES)) u_ptw (
    .clk_i(clk_i), .rst_i(rst_i),
    .start_i(to_ptw), .va_i(s1_va_q), .acc_i(s1_acc_q), .priv_i(s1_priv_q), .sum_i(s1_sum_q),
    .mxr_i(s1_mxr_q), .adue_i(s1_adue_q), .asid_i(s1_asid_q), .first_addr_i(s1_first_addr_q),
    .first_lvl_i(s1_first_lvl_q), .stale_i(s1_stale_q), .event_i(reg_event),
    .pwc_clear_i(reg_event & ~(flush_wr & flush_use_va)),   // a FLUSH by VA keeps pointer PTEs (RISC-V)
    .busy_o(ptw_busy),
    .may_fill_o(ptw_may_fill), .pre_fill_o(ptw_pre_fill),
    .mem_req_valid_o(mem_req_valid_o), .mem_req_ready_i(mem_req_ready_i),
    .mem_req_addr_o(mem_req_addr_o), .mem_req_we_o(mem_req_we_o),
    .mem_req_wdata_o(mem_req_wdata_o), .mem_req_cmp_o(mem_req_cmp_o),
    .mem_rsp_valid_i(mem_rsp_valid_i), .mem_rsp_data_i(mem_rsp_data_i), .mem_rsp_err_i(mem_rsp_err_i),
    .done_o(ptw_done), .cause_o(ptw_cause), .lvl_o(ptw_lvl), .ppn_o(ptw_ppn), .va_o(ptw_va),
    .fill_o(ptw_fill), .fill_asid_o(ptw_asid), .fill_g_o(ptw_g), .fill_perm_o(ptw_perm),
    .ev_walk_o(ev_walk), .ev_ad_o(ev_ad));

  // registers only; with ID_BITS > 0: not while s1 holds one under a walk
  // (it could park), nor while the walker takes the read port or is in DONE
  wire ready_hum = ~fl_busy & ~s1_replay_q & ~(s1_valid_q & ptw_busy) & ~ptw_pre_fill & ~ptw_done;
  wire ready_blk = ~ptw_busy & ~s1_replay_q & ~fl_busy;
  assign req_ready_o = HUM ? ready_hum : ready_blk;

  // ---- response ---------------------------------------------------------------------------
  wire s1_rsp = s1_go & (~s1_tlb_q | hit_rsp);
  wire       hit_priv_1st = hit_priv
`ifdef MMU_INJECT_PROT_BEFORE_PRIV
                            & ~(`MMU_INJ(9) & hit_prot)   // injected bug: PROT reported first
`endif
                            ;
  wire [3:0] hit_cause = hit_priv_1st ? `MMU_CAUSE_PRIV : hit_prot ? `MMU_CAUSE_PROT : `MMU_CAUSE_NONE;
  wire [3:0] s1_cause = ~s1_tlb_q ? s1_cause_q : hit_cause;
  wire [2:0] s1_level = ~s1_tlb_q ? s1_level_q : {1'b0, hit_lvl};
  wire       s1_hit   = s1_rsp & s1_tlb_q;

  // Each source of a response drives its own zero-when-idle PA, so the output
  // is an OR: the walker's (DONE, no fault), s1's segment/bare result (0 on a
  // fault already), the hit way's (0 unless it answers with NONE).
  reg  [PA_BITS-1:0] ptw_pa;
  always @* begin   // (the if only spares a simulator the compose in other cycles)
    ptw_pa = {PA_BITS{1'b0}};
    if (ptw_done & (ptw_cause == `MMU_CAUSE_NONE)) ptw_pa = compose(ptw_ppn, ptw_va_pa, ptw_lvl);
  end
  wire [PA_BITS-1:0] s1_pa  = s1_pa_q & {PA_BITS{s1_go & ~s1_tlb_q}};

  // The s1 answer that leaves now: s1's own (HIT_STAGES = 1), or s2's copy of
  // the cycle before (2), taken before the way select so that the compare
  // ends at a register and the output is an OR of registers.
  wire               out_valid, out_hit;
  wire [3:0]         out_cause;
  wire [2:0]         out_level;
  wire [PA_BITS-1:0] out_pa;
  generate
    if (HIT_STAGES == 2) begin : g_s2
      reg                        s2_valid_q, s2_hit_q;
      reg [3:0]                  s2_cause_q;
      reg [2:0]                  s2_level_q;
      reg [PA_BITS-1:0]          s2_pa_q;
      reg [TLB_WAYS-1:0]         s2_sel_q;      // per way: matched and answers NONE
      reg [TLB_WAYS*PA_BITS-1:0] s2_way_pa_q;   // per way: its composed PA (no compare in its input)
      always @(posedge clk_i) begin
        if (rst_i) begin   // all of s2 resets: its zeros are the idle outputs
          s2_valid_q <= 1'b0; s2_hit_q <= 1'b0; s2_cause_q <= 4'd0; s2_level_q <= 3'd0;
          s2_pa_q <= {PA_BITS{1'b0}}; s2_sel_q <= {TLB_WAYS{1'b0}};
          s2_way_pa_q <= {TLB_WAYS*PA_BITS{1'b0}};
        end else begin
          s2_valid_q <= s1_rsp; s2_hit_q <= s1_hit; s2_cause_q <= s1_cause; s2_level_q <= s1_level;
          s2_pa_q <= s1_pa; s2_sel_q <= way_ans; s2_way_pa_q <= way_cpa;
        end
      end
      reg [PA_BITS-1:0] s2_hit_pa;
      integer n;
      always @* begin
        s2_hit_pa = {PA_BITS{1'b0}};
        for (n = 0; n < TLB_WAYS; n = n + 1)
          s2_hit_pa = s2_hit_pa | (s2_way_pa_q[n*PA_BITS +: PA_BITS] & {PA_BITS{s2_sel_q[n]}});
      end
      assign out_valid = s2_valid_q;
      assign out_hit   = s2_hit_q;
      assign out_cause = s2_cause_q;
      assign out_level = s2_level_q;
      assign out_pa    = s2_pa_q | s2_hit_pa;
      wire unused_s1_hit_pa = ^hit_pa;   // s2 keeps the ways apart
    end else begin : g_s1
      assign out_valid = s1_rsp;
      assign out_hit   = s1_hit;
      assign out_cause = s1_cause;
      assign out_level = s1_level;
      assign out_pa    = s1_pa | hit_pa;
      wire unused_s2_inputs = ^{way_cpa, way_ans, way_priv, way_prot, way_need_ad};
    end
  endgenerate
  wire [3:0] cause = ptw_done ? ptw_cause : out_cause;
  wire [2:0] level = ptw_done ? {1'b0, ptw_lvl} : out_level;

  assign rsp_valid_o = out_valid | ptw_done;
  assign rsp_fault_o = rsp_valid_o & (cause != `MMU_CAUSE_NONE);
  assign rsp_cause_o = rsp_valid_o ? cause : 4'd0;
  assign rsp_level_o = rsp_valid_o ? level : 3'd0;
  assign rsp_hit_o   = out_hit & ~ptw_done;
  assign rsp_pa_o    = ptw_pa | out_pa;

  // ---- request IDs (ID_BITS > 0) ------------------------------------------------------------
  // s1 keeps the ID of its request; the walker's copy follows s1 while it is
  // idle (like its request registers), so it is the walking request's ID.
  generate
    if (ID_BITS > 0) begin : g_id
      reg [ID_BITS-1:0] s1_id_q, ptw_id_q;
      always @(posedge clk_i) begin
        if (accept)    s1_id_q  <= req_id_i;
        if (~ptw_busy) ptw_id_q <= s1_id_q;
      end
      wire [ID_BITS-1:0] s1_rsp_id = s1_id_q
`ifdef MMU_INJECT_HUM_WALKER_ID   // injected bug: a hit under a walk answers with the walker's ID
                                     ^ ((`MMU_INJ(17) & ptw_busy) ? (s1_id_q ^ ptw_id_q) : {ID_BITS{1'b0}})
`endif
                                     ;
      assign rsp_id_o = ptw_done ? ptw_id_q : out_valid ? s1_rsp_id : {ID_BITS{1'b0}};
    end else begin : g_no_id
      assign rsp_id_o = 1'b0;
      wire unused_req_id = ^req_id_i;
    end
  endgenerate

  // ---- performance events ------------------------------------------------------------------
  reg [15:0] ev;
  always @* begin
    ev = 16'd0;
    ev[`MMU_CTR_LOOKUPS]     = cmp_en & ~park;   // a parked miss counts at its replay
    ev[`MMU_CTR_HITS]        = hit_rsp;
    ev[`MMU_CTR_MISSES]      = to_ptw;
    ev[`MMU_CTR_WALKS]       = ev_walk;
    ev[`MMU_CTR_WALK_CYCLES] = ptw_busy;
    ev[`MMU_CTR_AD_UPDATES]  = ev_ad;
  end
  assign perf_ev = ev;

`ifdef MMU_ASSERTS
  always @(posedge clk_i) begin   // (nested: a simulator tests the rare term first)
    if (ptw_done && !rst_i) begin
      if (out_valid) begin
        $display("MMU_ASSERT mmu_top: hit response and walker response in the same cycle"); $finish;
      end
      if (ptw_fill && (ptw_cause != `MMU_CAUSE_NONE || flush)) begin
        $display("MMU_ASSERT mmu_top: TLB fill on a fault or in a flush cycle"); $finish;
      end
    end
    if (s1_go && ptw_done && !rst_i) begin
      $display("MMU_ASSERT mmu_top: s1 acts in the walker's DONE cycle");
      $finish;
    end
    if (accept && s1_hold && !rst_i) begin
      $display("MMU_ASSERT mmu_top: request accepted while s1 holds one");
      $finish;
    end
  end
`endif
  wire unused_top = ^{hit_way, flush_va[PAGE_SHIFT-1:0]};
endmodule
