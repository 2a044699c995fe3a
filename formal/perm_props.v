// formal/perm_props.v -- the leaf permission check (rtl/mmu_perm_check.v)
// equals the specification table for every input. Combinational: one BMC step
// with every input free covers all 2^11 input combinations (an exhaustive proof).
//
// The table below is written from the RISC-V privileged spec (Sv32/Sv39,
// "Virtual Address Translation Process", steps 6-9, with the access type and
// SUM/MXR rules of sstatus) and docs/translation.md "Leaf checks", as
// explicit cases per access type -- not from the RTL's boolean formulas.
//
// Broken variant (FORMAL_BREAK): the check is fed SUM where it expects MXR
// and MXR where it expects SUM (a swapped connection); the proof must fail.
`default_nettype none

module perm_props #(
  parameter integer PROT_EN = 1
) (
  input wire [1:0] acc,       // 0 fetch, 1 load, 2 store, 3 (reserved) acts as store
  input wire       priv,      // 0 user, 1 supervisor
  input wire       sum, mxr,
  input wire       r, w, x, u, a, d
);
  wire f_priv, f_prot, need_ad;
`ifdef FORMAL_BREAK
  wire dut_sum = mxr, dut_mxr = sum;
`else
  wire dut_sum = sum, dut_mxr = mxr;
`endif
  mmu_perm_check #(.PROT_EN(PROT_EN)) u_dut (
    .en_i(1'b1), .acc_i(acc), .priv_i(priv), .sum_i(dut_sum), .mxr_i(dut_mxr),
    .r_i(r), .w_i(w), .x_i(x), .u_i(u), .a_i(a), .d_i(d),
    .f_priv_o(f_priv), .f_prot_o(f_prot), .need_ad_o(need_ad));

  // ---- the specification table ------------------------------------------------
  reg spec_priv, spec_prot, spec_ad;
  always @* begin
    spec_priv = 1'b0; spec_prot = 1'b0; spec_ad = 1'b0;
    // privilege (step 6): U-mode may only touch U pages; S-mode may touch a
    // U page only for a load/store and only with SUM=1, never for a fetch.
    if (!priv) begin
      if (!u) spec_priv = 1'b1;
    end else if (u) begin
      case (acc)
        2'd0:    spec_priv = 1'b1;          // S fetch from a U page: always a fault
        default: spec_priv = !sum;          // S load/store on a U page: needs SUM
      endcase
    end
    // protection (step 8) per access type
    case (acc)
      2'd0: spec_prot = !x;                 // fetch needs X
      2'd1: begin                           // load needs R; with MXR, X suffices
        if (r)             spec_prot = 1'b0;
        else if (x && mxr) spec_prot = 1'b0;
        else               spec_prot = 1'b1;
      end
      2'd2: spec_prot = !w;                 // store needs W
      2'd3: spec_prot = !w;                 // reserved encoding: behaves as a store
    endcase
    // accessed / dirty (step 9): A must be set; a store also needs D
    case (acc)
      2'd2, 2'd3: spec_ad = !a || !d;
      default:    spec_ad = !a;
    endcase
    if (PROT_EN == 0) begin                 // ostep-small: no protection bits at all
      spec_priv = 1'b0; spec_prot = 1'b0; spec_ad = 1'b0;
    end
  end

  always @* begin
    assert (f_priv  == spec_priv);
    assert (f_prot  == spec_prot);
    assert (need_ad == spec_ad);
  end
endmodule
