// formal/repl_props.v -- replacement state of rtl/mmu_tlb_repl.v (LRU, FIFO):
// after reset, under any sequence of touches and fills, the ages of every set
// are a permutation of 0..WAYS-1, and the victim of a set is its way with
// age WAYS-1 (docs/rtl.md "Replacement"). k-induction closes: a permutation
// stays one under any update.
//
// The ages are internal state: the probe line below names them as
// docs/rtl.md does (age_q); tb/scripts/formal.py connects the probe wire after
// flattening (Yosys has no hierarchical references).
// probe p_age = u_dut.g_age.age_q
`default_nettype none

module repl_props #(
  parameter integer SETS = 2,
  parameter integer WAYS = 4,
  parameter integer REPL = 0,
  parameter integer IDX_BITS = 1,
  parameter integer WAY_BITS = 2
) (
  input wire                clk,
  input wire                touch,
  input wire [IDX_BITS-1:0] touch_idx,
  input wire [WAY_BITS-1:0] touch_way,
  input wire                fill,
  input wire [IDX_BITS-1:0] fill_idx,
  input wire [WAY_BITS-1:0] fill_way,
  input wire [IDX_BITS-1:0] victim_idx
);
  reg init = 1'b1;                       // reset in the first cycle only
  always @(posedge clk) init <= 1'b0;
  wire [WAY_BITS-1:0] victim;
  mmu_tlb_repl #(.SETS(SETS), .WAYS(WAYS), .REPL(REPL), .IDX_BITS(IDX_BITS), .WAY_BITS(WAY_BITS)) u_dut (
    .clk_i(clk), .rst_i(init), .touch_i(touch), .touch_idx_i(touch_idx), .touch_way_i(touch_way),
    .fill_i(fill), .fill_idx_i(fill_idx), .fill_way_i(fill_way), .victim_idx_i(victim_idx),
    .victim_o(victim));

  (* keep *) wire [SETS*WAYS*WAY_BITS-1:0] p_age;

  // a set's ages are a permutation: each age value 0..WAYS-1 is held by exactly one way
  function perm_ok;
    input [WAYS*WAY_BITS-1:0] ages;
    integer a, k, n;
    begin
      perm_ok = 1'b1;
      for (a = 0; a < WAYS; a = a + 1) begin
        n = 0;
        for (k = 0; k < WAYS; k = k + 1)
          if (ages[k*WAY_BITS +: WAY_BITS] == a[WAY_BITS-1:0]) n = n + 1;
        if (n != 1) perm_ok = 1'b0;
      end
    end
  endfunction

  wire [WAYS*WAY_BITS-1:0] vic_set = p_age[victim_idx*WAYS*WAY_BITS +: WAYS*WAY_BITS];
  integer s;
  always @* begin
    if (!init) begin
      for (s = 0; s < SETS; s = s + 1)
        assert (perm_ok(p_age[s*WAYS*WAY_BITS +: WAYS*WAY_BITS]));
      assert (vic_set[victim*WAY_BITS +: WAY_BITS] == {WAY_BITS{1'b1}});   // age WAYS-1
    end
  end
endmodule
