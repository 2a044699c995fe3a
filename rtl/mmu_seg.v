// mmu_seg -- step 0, bare, base-and-bounds, segmentation and the segment
// part of hybrid mode (combinational; evaluated in the acceptance cycle).
//
// docs/translation.md "Step 0", "Bare", "Base and bounds", "Segmentation",
// "Hybrid". For MODE 0..2 the result is final (done_o=1). For MODE 3/4 the
// result is final only when a pre-walk check faults (NONCANONICAL,
// SEG_INVALID, HYBRID_BOUND, or a hybrid PTE address beyond the physical
// address space -> ACCESS at level 0); otherwise done_o=0 and the request
// goes to the TLB, with hyb_addr_o the hybrid PTE address.
//
//   va_i --> canonical? --> sel/offset --> seg[sel] mux --> bound/prot --> pa
//                                                      \--> hybrid bound, PTE address
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_inject.vh"

module mmu_seg #(
  parameter integer VA_PORT_BITS   = 64,
  parameter integer VA_BITS        = 39,
  parameter integer VA_SIGN_EXTEND = 1,
  parameter integer PA_BITS        = 56,
  parameter integer PAGE_SHIFT     = 12,
  parameter integer PTE_LOG2       = 3,   // log2(PTE bytes)
  parameter integer SEG_SEL_BITS   = 2,
  parameter integer SEG_COUNT      = 4,
  parameter integer SEGMENTATION   = 1    // 0: step 0 and bare only (MODE is 0 or 3)
) (
  input  wire [VA_PORT_BITS-1:0]          va_i,
  input  wire [1:0]                       acc_i,
  input  wire                             priv_i,
  input  wire [2:0]                       mode_i,
  input  wire [SEG_COUNT*PA_BITS-1:0]     seg_base_i,
  input  wire [SEG_COUNT*(VA_BITS+1)-1:0] seg_bound_i,
  input  wire [SEG_COUNT*6-1:0]           seg_ctrl_i,
  output wire                             done_o,      // result final without the TLB
  output reg  [PA_BITS-1:0]               pa_o,        // 0 when faulting
  output reg  [3:0]                       cause_o,
  output wire [2:0]                       level_o,     // -1, or 0 for a hybrid ACCESS
  output wire [PA_BITS-1:0]               hyb_addr_o   // hybrid: PTE address
);
  `MMU_INJ_DECL   // injected-bug selector (mmu_inject.vh; empty in a normal build)
  localparam integer OFF_BITS = VA_BITS - SEG_SEL_BITS;
  localparam integer BW       = VA_BITS + 1;                       // bound register width
  localparam integer SW       = ((PA_BITS > VA_BITS) ? PA_BITS : VA_BITS) + 1; // sum width
  localparam integer HVPN     = OFF_BITS - PAGE_SHIFT;             // hybrid VPN bits

  // ---- step 0 -------------------------------------------------------------
  wire canonical;
  generate
    if (VA_PORT_BITS > VA_BITS) begin : g_hi
      wire [VA_PORT_BITS-VA_BITS-1:0] hi = va_i[VA_PORT_BITS-1:VA_BITS];
      wire sign = (VA_SIGN_EXTEND != 0) & va_i[VA_BITS-1]
`ifdef MMU_INJECT_VA_ZERO_EXTENDED
                  & ~`MMU_INJ(14)   // injected bug: VA zero- instead of sign-extended
`endif
                  ;
      assign canonical = (hi == {(VA_PORT_BITS-VA_BITS){sign}});  // step 0: copies of bit va_bits-1, or zero
    end else begin : g_nohi
      assign canonical = 1'b1;
    end
  endgenerate
  wire [VA_BITS-1:0] va = va_i[VA_BITS-1:0];

  // ---- bare: PA = VA ----------------------------------------------------------
  wire               bare_oor;
  wire [PA_BITS-1:0] bare_pa;
  generate
    if (VA_PORT_BITS > PA_BITS) begin : g_bare_wide
      assign bare_oor = |va_i[VA_PORT_BITS-1:PA_BITS];             // bare: VA >= 2^pa_bits
      assign bare_pa  = va_i[PA_BITS-1:0];
    end else if (VA_PORT_BITS == PA_BITS) begin : g_bare_eq
      assign bare_oor = 1'b0;
      assign bare_pa  = va_i;
    end else begin : g_bare_narrow
      assign bare_oor = 1'b0;
      assign bare_pa  = {{(PA_BITS-VA_PORT_BITS){1'b0}}, va_i};
    end
  endgenerate

  // ---- segment select, relocation, checks, hybrid -------------------------
  // One block, evaluated only in a segment mode (base and bounds,
  // segmentation, hybrid): in bare and paging modes a cycle-based simulator
  // skips it. Every value below is 0 outside those modes; the result block
  // reads them only inside them, so the synthesized logic is the same.
  wire                    is_bb     = (SEGMENTATION != 0) & (mode_i == 3'd`MMU_MODE_BASE_BOUNDS);
  wire                    is_seg    = (SEGMENTATION != 0) & ((mode_i == 3'd`MMU_MODE_SEGMENTATION) | is_bb);
  wire                    is_hybrid = (SEGMENTATION != 0) & (mode_i == 3'd`MMU_MODE_HYBRID);
  wire                    fetch  = (acc_i == 2'd`MMU_ACC_FETCH);
  wire                    load   = (acc_i == 2'd`MMU_ACC_LOAD);
  wire                    store  = acc_i[1];
  reg  [SEG_SEL_BITS-1:0] sel;      // the segment number (base and bounds: 0)
  reg  [OFF_BITS-1:0]     off_lo;   // the VA's offset bits (hybrid mode uses them too)
  reg  [VA_BITS-1:0]      offset;   // the offset the checks use (base and bounds: the whole VA)
  reg  [PA_BITS-1:0]      base;     // segment sel's registers; all zero (invalid) when sel >= SEG_COUNT
  reg  [BW-1:0]           bound;
  reg  [5:0]              ctrl;
  reg                     neg;      // grows negative (segmentation only)
  reg  [OFF_BITS:0]       ndist;    // max_seg - offset (1 .. max_seg), OSTEP's negative offset
  reg  [BW-1:0]           ndist_w;
  reg  [SW-1:0]           pa_pos, pa_neg, seg_pa;   // SW bits wide: the sum cannot wrap
  reg                     f_seg_invalid, f_seg_bound, f_seg_prot, f_seg_range;
  reg  [HVPN-1:0]         hvpn;     // hybrid: the VPN
  reg  [SW-1:0]           h_addr;   // hybrid: the PTE address
  reg                     f_hyb_bound, f_hyb_range;
  integer s;
  always @* begin
    sel = {SEG_SEL_BITS{1'b0}}; off_lo = {OFF_BITS{1'b0}}; offset = {VA_BITS{1'b0}};
    base = {PA_BITS{1'b0}}; bound = {BW{1'b0}}; ctrl = 6'd0;   // sel >= SEG_COUNT: all zero (invalid)
    neg = 1'b0; ndist = {(OFF_BITS+1){1'b0}}; ndist_w = {BW{1'b0}};
    pa_pos = {SW{1'b0}}; pa_neg = {SW{1'b0}}; seg_pa = {SW{1'b0}};
    f_seg_invalid = 1'b0; f_seg_bound = 1'b0; f_seg_prot = 1'b0; f_seg_range = 1'b0;
    hvpn = {HVPN{1'b0}}; h_addr = {SW{1'b0}}; f_hyb_bound = 1'b0; f_hyb_range = 1'b0;
    s = 0;   // the loop variable too: assigned on every path (no latch)
    if (is_seg | is_hybrid) begin
      // LAB2 BEGIN: segment select: the top VA bits pick a segment register; base, bound, ctrl of it
      sel    = is_bb ? {SEG_SEL_BITS{1'b0}} : va[VA_BITS-1:OFF_BITS];
      off_lo = va[OFF_BITS-1:0];
      offset = is_bb ? va : {{SEG_SEL_BITS{1'b0}}, off_lo};
      for (s = 0; s < SEG_COUNT; s = s + 1)
        if (sel == s[SEG_SEL_BITS-1:0]) begin
          base  = seg_base_i[s*PA_BITS +: PA_BITS];
          bound = seg_bound_i[s*BW +: BW];
          ctrl  = seg_ctrl_i[s*6 +: 6];
        end
      // LAB2 END

      // LAB2 BEGIN: grows-negative segments and the segment checks (extends your lab-1 code)
      neg     = ctrl[`MMU_SEG_GN] & ~is_bb;                 // grows negative (segmentation only)
      ndist   = {1'b1, {OFF_BITS{1'b0}}} - {1'b0, off_lo};
      ndist_w = {{(BW-OFF_BITS-1){1'b0}}, ndist};
      // LAB1 BEGIN: relocation: PA = base + offset
      pa_pos  = {{(SW-PA_BITS){1'b0}}, base} + {{(SW-VA_BITS){1'b0}}, offset};
      // LAB1 END
      pa_neg  = {{(SW-PA_BITS){1'b0}}, base} - {{(SW-OFF_BITS-1){1'b0}}, ndist};
      seg_pa  = neg ? pa_neg : pa_pos;

      // LAB1 BEGIN: base-and-bounds checks: valid, bound, protection, PA range
      f_seg_invalid = ~ctrl[`MMU_SEG_VALID];                            // 1: not valid (or sel >= seg_count)
      f_seg_bound   = neg ? (ndist_w > bound) : ({1'b0, offset} >= bound); // 2: outside the bound
      f_seg_prot    = (fetch & ~ctrl[`MMU_SEG_X]) | (load & ~ctrl[`MMU_SEG_R]) |
                      (store & ~ctrl[`MMU_SEG_W]) | (~priv_i & ~ctrl[`MMU_SEG_USER]); // 3: r/w/x/user
      f_seg_range   = |seg_pa[SW-1:PA_BITS];                            // 4: PA < 0 or >= 2^pa_bits
      // LAB1 END
      // LAB2 END

      // hybrid: vpn < bound pages, PTE address = base + vpn * pte_bytes
      hvpn        = off_lo[OFF_BITS-1:PAGE_SHIFT];
      h_addr      = {{(SW-PA_BITS){1'b0}}, base} + ({{(SW-HVPN){1'b0}}, hvpn} << PTE_LOG2);
      f_hyb_bound = ({{(BW-HVPN){1'b0}}, hvpn} >= bound);               // 2: VPN >= page count
      f_hyb_range = |h_addr[SW-1:PA_BITS];                              // PTE address beyond 2^pa_bits
    end
  end
  assign hyb_addr_o = h_addr[PA_BITS-1:0];

  // ---- result ----------------------------------------------------------------
  wire is_bare   = (mode_i == 3'd`MMU_MODE_BARE);
  reg  done;
  reg  lvl0;
  always @* begin
    done = 1'b1; lvl0 = 1'b0; pa_o = {PA_BITS{1'b0}}; cause_o = `MMU_CAUSE_NONE;
    if (is_bare) begin
      if (bare_oor) cause_o = `MMU_CAUSE_ACCESS;
      else          pa_o = bare_pa;
    end else if (!canonical)  cause_o = `MMU_CAUSE_NONCANONICAL;
    else if (is_seg) begin
      if      (f_seg_invalid) cause_o = `MMU_CAUSE_SEG_INVALID;
      else if (f_seg_bound)   cause_o = `MMU_CAUSE_SEG_BOUND;
      else if (f_seg_prot)    cause_o = `MMU_CAUSE_SEG_PROT;
      else if (f_seg_range)   cause_o = `MMU_CAUSE_ACCESS;
      else                    pa_o = seg_pa[PA_BITS-1:0];
    end else if (is_hybrid) begin
      if      (f_seg_invalid) cause_o = `MMU_CAUSE_SEG_INVALID;
      else if (f_hyb_bound)   cause_o = `MMU_CAUSE_HYBRID_BOUND;
      else if (f_hyb_range)   begin cause_o = `MMU_CAUSE_ACCESS; lvl0 = 1'b1; end
      else                    done = 1'b0;
    end else begin
      done = 1'b0;                                               // paging: TLB / walker
    end
  end
  assign done_o  = done;
  assign level_o = lvl0 ? 3'd0 : 3'b111;
endmodule
