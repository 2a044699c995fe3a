// mmu_ptw -- page-table walker FSM (paging and hybrid), with Svadu A/D
// compare-and-swap and restart from the root on a CAS mismatch.
//
//          start_i                 mem handshake       mem_rsp_valid_i
//   IDLE ----------> RD_REQ ----------------> RD_WAIT -------------> CHECK
//    ^                 ^   (err: ACCESS) ------------------------------+--> DONE
//    |                 |        ^ pointer, request taken in CHECK      |
//    |                 +--------+------ pointer: next level <----------+
//    |                 +------ CAS found another PTE (restart) <---+   |
//    |                                                             |   | leaf needs A/D,
//    +---- DONE <--- fault / leaf ok <-- AD_WAIT <---- AD_REQ <----+---+ ADUE=1
//                                          ^---- CAS taken in CHECK ----+
//
// In IDLE the request registers follow the s1 stage every cycle, so a miss
// only decides the next state (the walker starts from its own copy). The PTE
// is registered (pte_q) before it is decoded; CHECK issues the next level's
// read (or the CAS) itself, so each level after the first costs two cycles
// with a memory that answers next cycle. DONE answers the request (done_o) and fills
// the TLB when the walk succeeded and no flush / translation-register write
// happened since the request was accepted (stale_q) or in the DONE cycle.
// Nothing is ever written for a faulting, reserved or misaligned leaf:
// AD_REQ is only reached from CHECK with every fault clear.
// With PWC_ENTRIES > 0 the IDLE cycle looks the VA up in the page-walk cache
// (mmu_pwc) and a hit starts the walk below the cached levels; CHECK of a
// pointer fills it; every translation event but a FLUSH by VA clears it.
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_inject.vh"

module mmu_ptw #(
  parameter integer VA_BITS    = 39,
  parameter integer PA_BITS    = 56,
  parameter integer PAGE_SHIFT = 12,
  parameter integer LEVELS     = 3,
  parameter integer VPN_BITS   = 9,
  parameter integer PTE_FORMAT = `MMU_PTE_RISCV,
  parameter integer PTE_BITS   = 64,
  parameter integer PTE_LOG2   = 3,
  parameter integer PPN_BITS   = 44,
  parameter integer ASID_BITS  = 16,
  parameter integer SUPERPAGES = 1,
  parameter integer SVADU      = 1,
  parameter integer ISOLATE    = 1,   // 1: the leaf checks only in the cycle that registers them
  parameter integer PWC_ENTRIES = 0   // page-walk cache entries (mmu_pwc); 0: none
) (
  input  wire                  clk_i,
  input  wire                  rst_i,
  // start (from the TLB stage)
  input  wire                  start_i,
  input  wire [VA_BITS-1:0]    va_i,
  input  wire [1:0]            acc_i,
  input  wire                  priv_i,
  input  wire                  sum_i,
  input  wire                  mxr_i,
  input  wire                  adue_i,
  input  wire [ASID_BITS-1:0]  asid_i,
  input  wire [PA_BITS-1:0]    first_addr_i,   // PTE address at the first level
  input  wire [1:0]            first_lvl_i,    // LEVELS-1 (paging) or 0 (hybrid)
  input  wire                  stale_i,        // a flush / register write already happened
  input  wire                  event_i,        // flush / translation-register write this cycle
  input  wire                  pwc_clear_i,    // event_i but a FLUSH by VA: empties the walk cache
  output wire                  busy_o,
  output wire                  may_fill_o,     // CHECK of a leaf, or AD_WAIT: the next cycle may be a filling DONE
  output wire                  pre_fill_o,     // CHECK or AD_WAIT: every cycle before a filling DONE is one
  // memory port
  output wire                  mem_req_valid_o,
  input  wire                  mem_req_ready_i,
  output wire [PA_BITS-1:0]    mem_req_addr_o,
  output wire                  mem_req_we_o,
  output wire [PTE_BITS-1:0]   mem_req_wdata_o,
  output wire [PTE_BITS-1:0]   mem_req_cmp_o,
  input  wire                  mem_rsp_valid_i,
  input  wire [PTE_BITS-1:0]   mem_rsp_data_i,
  input  wire                  mem_rsp_err_i,
  // result (DONE state)
  output wire                  done_o,
  output wire [3:0]            cause_o,
  output wire [1:0]            lvl_o,
  output wire [PPN_BITS-1:0]   ppn_o,
  output wire [VA_BITS-1:0]    va_o,
  // TLB fill (DONE state)
  output wire                  fill_o,
  output wire [ASID_BITS-1:0]  fill_asid_o,
  output wire                  fill_g_o,
  output wire [5:0]            fill_perm_o,    // {d, a, u, x, w, r}
  // performance events
  output wire                  ev_walk_o,      // a walk starts at the root (incl. restarts)
  output wire                  ev_ad_o         // a CAS request is accepted by memory
);
  `MMU_INJ_DECL   // injected-bug selector (mmu_inject.vh; empty in a normal build)
  localparam [2:0] S_IDLE = 3'd0, S_RD_REQ = 3'd1, S_RD_WAIT = 3'd2, S_CHECK = 3'd3,
                   S_AD_REQ = 3'd4, S_AD_WAIT = 3'd5, S_DONE = 3'd6;

  // The request's fields (va_q .. first_lvl_q) follow s1 while IDLE and hold
  // during a walk: registers with an enable, not copied through the next state.
  reg [2:0]           state_q, state_d;
  reg [VA_BITS-1:0]   va_q;
  reg [1:0]           acc_q;
  reg                 priv_q, sum_q, mxr_q, adue_q;
  reg [ASID_BITS-1:0] asid_q;
  reg [PA_BITS-1:0]   first_addr_q, addr_q, addr_d;
  reg [1:0]           first_lvl_q, lvl_q, lvl_d;
  reg [PTE_BITS-1:0]  pte_q, pte_d;
  reg                 g_q, g_d, stale_q, stale_d;
  reg [3:0]           cause_q, cause_d;
  reg                 first_g_q, restarted_q, restarted_d;   // page-walk cache only (else 0)

  // ---- decode + leaf checks ----------------------------------------------------
  // The PTE's fields come from pte_q; its fault and leaf-check bits are decoded
  // from the memory's answer as it arrives (RD_WAIT) and registered with it
  // (flags_q), so CHECK's decision -- and the next read it offers -- starts
  // from flip-flops, not from a decoder behind pte_q. Same values: the level,
  // access and context cannot change between RD_WAIT and CHECK.
  wire [PPN_BITS-1:0] ppn;
  wire                p_r, p_w, p_x, p_u, p_g, p_a, p_d;
  wire [PTE_BITS-1:0] pte_ad;
  wire                q_invalid, q_reserved, q_noleaf, q_misaligned, q_leaf;
  mmu_pte_decode #(.PTE_FORMAT(PTE_FORMAT), .PTE_BITS(PTE_BITS), .PPN_BITS(PPN_BITS),
                   .VPN_BITS(VPN_BITS), .SUPERPAGES(SUPERPAGES)) u_dec (
    .pte_i(pte_q), .level_i(lvl_q), .store_i(acc_q[1]),
    .f_invalid_o(q_invalid), .f_reserved_o(q_reserved), .f_noleaf_o(q_noleaf),
    .f_misaligned_o(q_misaligned), .leaf_o(q_leaf), .ppn_o(ppn),
    .r_o(p_r), .w_o(p_w), .x_o(p_x), .u_o(p_u), .g_o(p_g), .a_o(p_a), .d_o(p_d),
    .pte_ad_o(pte_ad));
  wire unused_q_dec = ^{q_invalid, q_reserved, q_noleaf, q_misaligned, q_leaf};

  wire                n_invalid, n_reserved, n_noleaf, n_misaligned, n_leaf;
  wire                n_r, n_w, n_x, n_u, n_g, n_a, n_d, n_priv, n_prot, n_need_ad;
  wire [PPN_BITS-1:0] n_ppn;
  wire [PTE_BITS-1:0] n_pte_ad;
  mmu_pte_decode #(.PTE_FORMAT(PTE_FORMAT), .PTE_BITS(PTE_BITS), .PPN_BITS(PPN_BITS),
                   .VPN_BITS(VPN_BITS), .SUPERPAGES(SUPERPAGES)) u_dec_rsp (
    .pte_i(mem_rsp_data_i), .level_i(lvl_q), .store_i(acc_q[1]),
    .f_invalid_o(n_invalid), .f_reserved_o(n_reserved), .f_noleaf_o(n_noleaf),
    .f_misaligned_o(n_misaligned), .leaf_o(n_leaf), .ppn_o(n_ppn),
    .r_o(n_r), .w_o(n_w), .x_o(n_x), .u_o(n_u), .g_o(n_g), .a_o(n_a), .d_o(n_d),
    .pte_ad_o(n_pte_ad));
  mmu_perm_check #(.PROT_EN((PTE_FORMAT == `MMU_PTE_OSTEP_SMALL) ? 0 : 1)) u_chk (
    .en_i((ISOLATE == 0) | (state_q == S_RD_WAIT)), .acc_i(acc_q), .priv_i(priv_q), .sum_i(sum_q), .mxr_i(mxr_q),
    .r_i(n_r), .w_i(n_w), .x_i(n_x), .u_i(n_u), .a_i(n_a), .d_i(n_d),
    .f_priv_o(n_priv), .f_prot_o(n_prot), .need_ad_o(n_need_ad));
  wire unused_n_dec = ^{n_ppn, n_pte_ad, n_g};
  reg  [7:0] flags_q;   // {need_ad, prot, priv, leaf, misaligned, noleaf, reserved, invalid} of pte_q
  reg        ptr_q, cas_q; // CHECK will offer the next read / the CAS (the request valid from one flop)
  // injected bugs (mmu_inject.vh): decode results dropped, a CAS despite a fault
  wire n_misal = n_misaligned
`ifdef MMU_INJECT_MISALIGNED_ACCEPTED
                 & ~`MMU_INJ(10)
`endif
                 ;
  wire n_rsvd = n_reserved
`ifdef MMU_INJECT_RESERVED_ACCEPTED
                & ~`MMU_INJ(11)
`endif
                ;
  wire n_perm_ok = (~n_priv & ~n_prot)
`ifdef MMU_INJECT_AD_ON_FAULT
                   | `MMU_INJ(8)
`endif
                   ;
  wire       n_fault = n_invalid | n_rsvd | n_noleaf;
  always @(posedge clk_i)
    if (state_q == S_RD_WAIT && mem_rsp_valid_i) begin
      flags_q <= {n_need_ad, n_prot, n_priv, n_leaf, n_misal, n_noleaf, n_rsvd, n_invalid};
      ptr_q   <= ~n_fault & ~n_leaf;
      cas_q   <= ~n_fault & n_leaf & ~n_misal & n_perm_ok & n_need_ad & (SVADU != 0) & adue_q;
    end
  wire f_invalid = flags_q[0], f_reserved = flags_q[1], f_noleaf = flags_q[2], f_misaligned = flags_q[3];
  wire leaf      = flags_q[4], f_priv     = flags_q[5], f_prot   = flags_q[6], need_ad      = flags_q[7];

  // ---- next table address: {ppn, 0} + vpn[lvl-1] * pte_bytes -------------------
  // LAB5 BEGIN: next table address: pointer PPN + VPN[level-1] * PTE size
  reg [VPN_BITS-1:0] vpn_next;
  integer i;
  always @* begin
    vpn_next = {VPN_BITS{1'b0}};
    for (i = 0; i < LEVELS; i = i + 1)
      if ({30'd0, lvl_q} == i + 1) vpn_next = va_q[PAGE_SHIFT + i*VPN_BITS +: VPN_BITS];
  end
  // a table is page aligned and VPN_BITS + PTE_LOG2 <= PAGE_SHIFT: an OR, not an adder
  wire [PA_BITS-1:0] next_addr = {ppn, {PAGE_SHIFT{1'b0}}} |
                                 ({{(PA_BITS-VPN_BITS){1'b0}}, vpn_next} << PTE_LOG2);
  // LAB5 END

  // ---- page-walk cache: looked up in IDLE, filled by CHECK of a pointer -------------
  wire               pwc_hit, pwc_g;
  wire [PA_BITS-1:0] pwc_addr;
  wire [1:0]         pwc_lvl;
  wire               pwc_fill = (state_q == S_CHECK) & ptr_q & ~stale_q & ~event_i & ~restarted_q;
  generate
    if (PWC_ENTRIES > 0) begin : g_pwc
      mmu_pwc #(.ENTRIES(PWC_ENTRIES), .PA_BITS(PA_BITS), .PAGE_SHIFT(PAGE_SHIFT), .LEVELS(LEVELS),
                .VPN_BITS(VPN_BITS), .PPN_BITS(PPN_BITS), .PTE_LOG2(PTE_LOG2), .ISOLATE(ISOLATE),
                .NEXT_BITS(PWC_ENTRIES > 8 ? 4 : PWC_ENTRIES > 4 ? 3 : PWC_ENTRIES > 2 ? 2 : 1)) u_pwc (
        .clk_i(clk_i), .rst_i(rst_i),
        .lk_en_i(state_q == S_IDLE), .lk_vpn_i(va_i[VA_BITS-1:PAGE_SHIFT]),
        .hit_o(pwc_hit), .addr_o(pwc_addr), .lvl_o(pwc_lvl), .g_o(pwc_g),
        .fill_i(pwc_fill), .fill_lvl_i(lvl_q), .fill_vpn_i(va_q[VA_BITS-1:PAGE_SHIFT+VPN_BITS]), .fill_ppn_i(ppn),
        .fill_g_i(g_q | p_g),
        .clear_i(pwc_clear_i
`ifdef MMU_INJECT_PWC_NOT_CLEARED
                 & ~`MMU_INJ(16)   // injected bug: SFENCE / register writes leave the walk cache as it is
`endif
        ));
    end else begin : g_no_pwc
      assign pwc_hit = 1'b0; assign pwc_g = 1'b0; assign pwc_addr = {PA_BITS{1'b0}}; assign pwc_lvl = 2'd0;
      wire unused_pwc = ^{pwc_fill, pwc_clear_i};
    end
  endgenerate

  // CHECK's decision (first match wins), shared by the next state and the outputs
  wire adue_on   = (SVADU != 0) & adue_q;
  wire chk_ptr   = ptr_q;                    // = a valid pointer (no fault, not a leaf): descend
  wire chk_cas   = cas_q;                    // = a good leaf that needs A/D, with ADUE: Svadu CAS

  // ---- next state -------------------------------------------------------------
  reg walk_ev;
  always @* begin
    state_d = state_q; addr_d = addr_q; lvl_d = lvl_q; pte_d = pte_q; g_d = g_q;
    cause_d = cause_q; stale_d = stale_q | event_i; walk_ev = 1'b0; restarted_d = restarted_q;
    // LAB5 BEGIN: the walker FSM: one case per state
    case (state_q)
      S_IDLE: begin   // follow the s1 stage; a miss (start_i) only picks the next state
        addr_d = pwc_hit ? pwc_addr : first_addr_i; lvl_d = pwc_hit ? pwc_lvl : first_lvl_i;
        g_d = pwc_hit & pwc_g; restarted_d = 1'b0;
        cause_d = `MMU_CAUSE_NONE; stale_d = stale_i | event_i;
        if (start_i) begin state_d = S_RD_REQ; walk_ev = 1'b1; end
      end
      S_RD_REQ:  if (mem_req_ready_i) state_d = S_RD_WAIT;
      S_RD_WAIT: if (mem_rsp_valid_i) begin
        if (mem_rsp_err_i) begin cause_d = `MMU_CAUSE_ACCESS; state_d = S_DONE; end  // step 2: bus error
        else begin pte_d = mem_rsp_data_i; state_d = S_CHECK; end
      end
      S_CHECK: begin
        state_d = S_DONE;
        if      (f_invalid)    cause_d = `MMU_CAUSE_PTE_INVALID;
        else if (f_reserved)   cause_d = `MMU_CAUSE_PTE_RESERVED;
        else if (f_noleaf)     cause_d = `MMU_CAUSE_NO_LEAF;
        else if (!leaf) begin  // pointer: descend; the read is offered in this cycle
          g_d = g_q | p_g; addr_d = next_addr; lvl_d = lvl_q - 2'd1;
          state_d = mem_req_ready_i ? S_RD_WAIT : S_RD_REQ;
        end
        else if (f_misaligned) cause_d = `MMU_CAUSE_MISALIGNED;
        else if (f_priv)       cause_d = `MMU_CAUSE_PRIV;
        else if (f_prot)       cause_d = `MMU_CAUSE_PROT;
        else if (need_ad) begin
          if (adue_on) state_d = mem_req_ready_i ? S_AD_WAIT : S_AD_REQ;  // Svadu: CAS offered now
          else         cause_d = `MMU_CAUSE_AD;                           // Svade: fault
        end
      end
      S_AD_REQ:  if (mem_req_ready_i) state_d = S_AD_WAIT;
      S_AD_WAIT: if (mem_rsp_valid_i) begin
        if (mem_rsp_err_i) begin cause_d = `MMU_CAUSE_ACCESS; state_d = S_DONE; end
        else if (mem_rsp_data_i == pte_q) begin pte_d = pte_ad; state_d = S_DONE; end
        else begin   // PTE changed since it was read: restart from the first PTE (root, or the cached start)
          addr_d = first_addr_q; lvl_d = first_lvl_q; g_d = first_g_q; walk_ev = 1'b1; state_d = S_RD_REQ;
          restarted_d = 1'b1;
        end
      end
      S_DONE:  state_d = S_IDLE;
      default: state_d = S_IDLE;
    endcase
    // LAB5 END
  end

  always @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_IDLE; va_q <= {VA_BITS{1'b0}}; acc_q <= 2'd0; priv_q <= 1'b0; sum_q <= 1'b0;
      mxr_q <= 1'b0; adue_q <= 1'b0; asid_q <= {ASID_BITS{1'b0}}; first_addr_q <= {PA_BITS{1'b0}};
      first_lvl_q <= 2'd0; addr_q <= {PA_BITS{1'b0}}; lvl_q <= 2'd0; pte_q <= {PTE_BITS{1'b0}};
      g_q <= 1'b0; stale_q <= 1'b0; cause_q <= 4'd0;
      first_g_q <= 1'b0; restarted_q <= 1'b0;
    end else begin
      if (state_q == S_IDLE) begin   // the request's fields: follow s1, hold during a walk
        va_q <= va_i; acc_q <= acc_i; priv_q <= priv_i; sum_q <= sum_i; mxr_q <= mxr_i;
        adue_q <= adue_i; asid_q <= asid_i;
        first_addr_q <= pwc_hit ? pwc_addr : first_addr_i; first_lvl_q <= pwc_hit ? pwc_lvl : first_lvl_i;
        first_g_q <= pwc_hit & pwc_g;
      end
      state_q <= state_d; addr_q <= addr_d; lvl_q <= lvl_d; pte_q <= pte_d;
      g_q <= g_d; stale_q <= stale_d; cause_q <= cause_d; restarted_q <= (PWC_ENTRIES > 0) & restarted_d;
`ifdef MMU_INJECT_FILL_AFTER_FLUSH
      if (`MMU_INJ(6)) stale_q <= 1'b0;   // injected bug: a walk never turns stale (fills after a flush)
`endif
    end
  end

  // ---- outputs --------------------------------------------------------------------
  wire check  = (state_q == S_CHECK);
  wire rd_req = (state_q == S_RD_REQ) | (check & chk_ptr);
  wire ad_req = (state_q == S_AD_REQ) | (check & chk_cas);
  wire done   = (state_q == S_DONE);
  assign busy_o          = (state_q != S_IDLE);
  assign may_fill_o      = (check & leaf) | (state_q == S_AD_WAIT);
  assign pre_fill_o      = check | (state_q == S_AD_WAIT);
  assign mem_req_valid_o = rd_req | ad_req;
  assign mem_req_addr_o  = (check & chk_ptr) ? next_addr : (rd_req | ad_req) ? addr_q : {PA_BITS{1'b0}};
  assign mem_req_we_o    = ad_req;
  assign mem_req_wdata_o = ad_req ? pte_ad : {PTE_BITS{1'b0}};
  assign mem_req_cmp_o   = ad_req ? pte_q : {PTE_BITS{1'b0}};
  assign done_o      = done;
  assign cause_o     = cause_q
`ifdef MMU_INJECT_BUS_ERROR_AS_PAGE_FAULT   // injected bug: a bus error reported as a page fault
                       ^ (((`MMU_INJ(15) && cause_q == `MMU_CAUSE_ACCESS)) ? (`MMU_CAUSE_ACCESS ^ `MMU_CAUSE_PTE_INVALID) : 4'd0)
`endif
                       ;
  assign lvl_o       = lvl_q;
  assign ppn_o       = ppn;
  assign va_o        = va_q;
  // LAB5 BEGIN: TLB fill: a successful walk that saw no flush or register write
  assign fill_o      = done & (cause_q == `MMU_CAUSE_NONE) & ~stale_q & ~event_i;
  // LAB5 END
  assign fill_asid_o = asid_q;
  assign fill_g_o    = g_q | p_g;
  assign fill_perm_o = {p_d, p_a, p_u, p_x, p_w, p_r};
  assign ev_walk_o   = walk_ev;
  assign ev_ad_o     = ad_req & mem_req_ready_i;

`ifdef MMU_ASSERTS
  always @(posedge clk_i) begin
    if (!rst_i && ad_req && (f_invalid || f_reserved || !leaf || f_misaligned || f_priv || f_prot)) begin
      $display("MMU_ASSERT mmu_ptw: A/D write on a faulting leaf (pte=%h)", pte_q);
      $finish;
    end
  end
`endif
endmodule
