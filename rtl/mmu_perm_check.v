// mmu_perm_check -- leaf checks PRIV, PROT and the A/D need (combinational).
//
// docs/translation.md "Leaf checks", in priority order PRIV > PROT > A/D.
// One instance serves the TLB-hit path (mmu_top) and one the walker
// (mmu_ptw), so a hit and a walk can never disagree on a permission. The
// checks always use the SUM/MXR/privilege of the request being answered,
// never values baked into a TLB entry (MMU-BUG-CLASSES.md class 6).
// PROT_EN=0 (ostep-small: no protection bits) makes every check pass.
// en_i = 0 (operand isolation, a caller with ISOLATE = 1 in a cycle that does
// not use the result): nothing is computed and the outputs are 0.
`default_nettype none
`include "mmu_defs.vh"

module mmu_perm_check #(
  parameter integer PROT_EN = 1
) (
  input  wire       en_i,       // the caller uses the outputs this cycle
  input  wire [1:0] acc_i,      // 0 fetch, 1 load, 2 store (3 acts as store)
  input  wire       priv_i,     // 0 user, 1 supervisor
  input  wire       sum_i,
  input  wire       mxr_i,
  input  wire       r_i, w_i, x_i, u_i, a_i, d_i,
  output wire       f_priv_o,   // PRIV
  output wire       f_prot_o,   // PROT
  output wire       need_ad_o   // A=0, or store with D=0 (AD under Svade, CAS under Svadu)
);
  wire fetch = (acc_i == 2'd`MMU_ACC_FETCH);
  wire load  = (acc_i == 2'd`MMU_ACC_LOAD);
  wire store = acc_i[1];
  wire en    = (PROT_EN != 0);

  // LAB3 BEGIN: leaf checks: PRIV, PROT, A/D needed
  reg user_no_u, sup_on_u, fetch_no_x, load_no_r, store_no_w, ad_missing;
  always @* begin
    {user_no_u, sup_on_u, fetch_no_x, load_no_r, store_no_w, ad_missing} = 6'd0;
    if (en_i) begin
      user_no_u  = ~priv_i & ~u_i;                  // step 6: a user access needs U=1
      sup_on_u   = priv_i & u_i & (fetch | ~sum_i); // step 6: S on a U page: loads/stores need SUM, fetch never
      fetch_no_x = fetch & ~x_i;                    // step 8: fetch needs X
      load_no_r  = load & ~(r_i | (x_i & mxr_i));   // step 8: load needs R, or X with MXR=1
      store_no_w = store & ~w_i;                    // step 8: store needs W
      ad_missing = ~a_i | (store & ~d_i);           // step 9: A=0, or store with D=0
    end
  end

  assign f_priv_o  = en & (user_no_u | sup_on_u);
  assign f_prot_o  = en & (fetch_no_x | load_no_r | store_no_w);
  assign need_ad_o = en & ad_missing;
  // LAB3 END
endmodule
