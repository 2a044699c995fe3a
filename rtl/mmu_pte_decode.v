// mmu_pte_decode -- decode one PTE of the profile's format (combinational).
//
// docs/translation.md "Paging" and "PTE formats". Every fault condition is a
// named one-line assign; the walker (mmu_ptw) applies them in walk order:
//   f_invalid > f_reserved > f_noleaf > f_misaligned > leaf checks
// (f_noleaf only for pointers, f_misaligned only for leaves, so the last two
// never compete). Protection/A/D fields come out in positive logic for every
// format so mmu_perm_check and the TLB never see a format difference.
`default_nettype none
`include "mmu_defs.vh"

module mmu_pte_decode #(
  parameter integer PTE_FORMAT = `MMU_PTE_RISCV,
  parameter integer PTE_BITS   = 64,
  parameter integer PPN_BITS   = 44,
  parameter integer VPN_BITS   = 9,
  parameter integer SUPERPAGES = 1
) (
  input  wire [PTE_BITS-1:0] pte_i,
  input  wire [1:0]          level_i,       // level the PTE was read at
  input  wire                store_i,       // for pte_ad_o: set D too
  output wire                f_invalid_o,   // PTE_INVALID
  output wire                f_reserved_o,  // PTE_RESERVED
  output wire                f_noleaf_o,    // NO_LEAF (pointer at level 0)
  output wire                f_misaligned_o,// MISALIGNED
  output wire                leaf_o,        // valid leaf (else pointer)
  output wire [PPN_BITS-1:0] ppn_o,
  output wire                r_o, w_o, x_o, u_o, g_o, a_o, d_o,
  output wire [PTE_BITS-1:0] pte_ad_o       // pte_i with A (and D if store_i) set
);
  wire                v;        // V bit
  wire                is_leaf;  // leaf encoding (valid or not)
  wire                res_enc;  // reserved encoding / bits of the format
  wire [PPN_BITS-1:0] ppn;

  generate
    if (PTE_FORMAT == `MMU_PTE_RISCV) begin : g_riscv
      localparam integer TOP = `MMU_RV_PPN_LSB + PPN_BITS;   // first bit above the PPN
      wire hi_set;
      if (PTE_BITS > TOP) begin : g_hi
        assign hi_set = |pte_i[PTE_BITS-1:TOP];               // Sv39 63:54: N, PBMT, reserved
      end else begin : g_nohi
        assign hi_set = 1'b0;
      end
      assign v       = pte_i[`MMU_RV_V];
      assign is_leaf = pte_i[`MMU_RV_R] | pte_i[`MMU_RV_X];   // step 4: R=1 or X=1 is a leaf
      assign ppn     = pte_i[`MMU_RV_PPN_LSB +: PPN_BITS];
      wire res_wr  = pte_i[`MMU_RV_W] & ~pte_i[`MMU_RV_R];   // step 3: W=1 R=0 (incl. W+X) reserved
      wire res_ptr = ~is_leaf & (pte_i[`MMU_RV_D] | pte_i[`MMU_RV_A] | pte_i[`MMU_RV_U]); // step 4: D/A/U on a pointer
      assign res_enc = hi_set | res_wr | res_ptr;
      assign r_o = pte_i[`MMU_RV_R];
      assign w_o = pte_i[`MMU_RV_W];
      assign x_o = pte_i[`MMU_RV_X];
      assign u_o = pte_i[`MMU_RV_U];
      assign g_o = pte_i[`MMU_RV_G];
      assign a_o = pte_i[`MMU_RV_A];
      assign d_o = pte_i[`MMU_RV_D];
      wire [PTE_BITS-1:0] set_a = {{(PTE_BITS-1){1'b0}}, 1'b1} << `MMU_RV_A;
      wire [PTE_BITS-1:0] set_d = {{(PTE_BITS-1){1'b0}}, store_i} << `MMU_RV_D;
      assign pte_ad_o = pte_i | set_a | set_d;
      wire unused_rsw = ^pte_i[9:8];                          // RSW: ignored by hardware
    end else if (PTE_FORMAT == `MMU_PTE_OSTEP_LINEAR) begin : g_ostep_linear
      // LAB3 BEGIN: ostep-linear PTE: V, PFN, RO/NX/SUP, A, D, reserved bits
      assign v       = pte_i[`MMU_OL_V];
      assign is_leaf = 1'b1;                                  // every valid entry is a leaf
      assign ppn     = pte_i[PPN_BITS-1:0];
      assign res_enc = |pte_i[`MMU_OL_D-1:PPN_BITS];          // bits 25:ppn_bits must be 0
      assign r_o = 1'b1;
      assign w_o = ~pte_i[`MMU_OL_RO];
      assign x_o = ~pte_i[`MMU_OL_NX];
      assign u_o = ~pte_i[`MMU_OL_SUP];
      assign g_o = 1'b0;
      assign a_o = pte_i[`MMU_OL_A];
      assign d_o = pte_i[`MMU_OL_D];
      assign pte_ad_o = {pte_i[31:28], 1'b1, pte_i[26] | store_i, pte_i[25:0]};
      // LAB3 END
    end else begin : g_ostep_small
      assign v       = pte_i[`MMU_OS_V];
      assign is_leaf = (level_i == 2'd0);                     // PDE above level 0, PTE at level 0
      assign ppn     = pte_i[PPN_BITS-1:0];
      assign res_enc = 1'b0;                                  // no reserved bits
      assign r_o = 1'b1;
      assign w_o = 1'b1;
      assign x_o = 1'b1;
      assign u_o = 1'b1;
      assign g_o = 1'b0;
      assign a_o = 1'b1;                                      // no A/D: never needs an update
      assign d_o = 1'b1;
      assign pte_ad_o = pte_i;
      wire unused_small = store_i;
    end
  endgenerate

  // Low PPN bits a superpage leaf at level_i must have clear (i*VPN_BITS bits).
  // (a shift, not a per-bit loop: one operation in a simulator)
  // LAB5 BEGIN: superpage alignment: the PPN bits a leaf at level_i must have clear
  reg  [PPN_BITS-1:0] low_mask;     // a constant per level: no multiply (a DSP on ECP5)
  always @* begin
    case (level_i)
      2'd0:    low_mask = {PPN_BITS{1'b0}};
      2'd1:    low_mask = ~({PPN_BITS{1'b1}} << VPN_BITS);
      2'd2:    low_mask = ~({PPN_BITS{1'b1}} << (2 * VPN_BITS));
      default: low_mask = ~({PPN_BITS{1'b1}} << (3 * VPN_BITS));
    endcase
  end
  // LAB5 END

  wire res_nosp = is_leaf & (level_i != 2'd0) & (SUPERPAGES == 0); // leaf above level 0 without superpages

  // LAB3 BEGIN: what the walker needs from a PTE: fault bits, leaf, PPN
  assign f_invalid_o    = ~v;                                       // step 3: V=0
  assign f_reserved_o   = v & (res_enc | res_nosp);                 // step 3/4: reserved encoding or bits
  assign f_noleaf_o     = v & ~is_leaf & (level_i == 2'd0);         // step 4: pointer with i-1 < 0
  assign f_misaligned_o = v & is_leaf & (|(ppn & low_mask));        // step 5: superpage with low PPN set
  assign leaf_o         = v & is_leaf;
  assign ppn_o          = ppn;
  // LAB3 END
endmodule
