// mmu_tlb_repl -- TLB replacement state and victim choice, one policy per
// instance (parameter REPL). docs/rtl.md "Replacement" is the exact rule set.
//
//   LRU   (0): per set an age per way, a permutation of 0..WAYS-1 (0 = most
//              recent). touch(w): every way younger than w ages by one, w -> 0.
//              Touched on every TLB hit that answers a request and on every
//              fill. Victim: the way with age WAYS-1. Reset: age[way] = way.
//   PLRU  (1): per set a heap-ordered tree of WAYS-1 bits (node n has children
//              2n+1, 2n+2; bit 0 = victim on the left). touch(w): every node on
//              w's path points away from w. Same touch events as LRU. Reset 0.
//   FIFO  (2): the LRU age permutation touched on fills only (age = fill order),
//              so the victim is the way filled longest ago.
//   RANDOM(3): one 16-bit Galois LFSR for the whole TLB, x^16+x^14+x^13+x^11+1
//              (shift right, xor 0xB400 when bit 0 was 1), reset 0xACE1,
//              advanced once per fill. Victim: lfsr[WAY_BITS-1:0].
// The victim only matters when the set has no invalid and no overlapping way
// (mmu_tlb picks those first).
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_inject.vh"

module mmu_tlb_repl #(
  parameter integer SETS     = 8,
  parameter integer WAYS     = 4,
  parameter integer REPL     = `MMU_REPL_LRU,
  parameter integer IDX_BITS = 3,
  parameter integer WAY_BITS = 2,
  parameter integer TOUCH_REG = 1    // 1: a touch applies a cycle after its hit; 0: in its cycle
) (
  input  wire                clk_i,
  input  wire                rst_i,
  input  wire                touch_i,      // hit answered a request
  input  wire [IDX_BITS-1:0] touch_idx_i,
  input  wire [WAY_BITS-1:0] touch_way_i,
  input  wire                fill_i,       // entry written
  input  wire [IDX_BITS-1:0] fill_idx_i,
  input  wire [WAY_BITS-1:0] fill_way_i,
  input  wire [IDX_BITS-1:0] victim_idx_i,
  output reg  [WAY_BITS-1:0] victim_o
);
  `MMU_INJ_DECL   // injected-bug selector (mmu_inject.vh; empty in a normal build)
  // The set/way updated this cycle: a fill, or a hit (touches only under LRU
  // and PLRU). They never coincide (the walker answers in DONE, when no request
  // can be in s1; mmu_top asserts it), so the select uses the hit: it comes
  // from registers only, the fill also from this cycle's register-port input,
  // and a simulator then evaluates the update logic once per clock edge.
  //
  // A touch is applied one cycle after its hit (touch_q): the hit comes out
  // of the tag compare at the end of a long path, and nothing can see the
  // difference -- updates still apply one per cycle in hit order, each to the
  // state left by the one before, and the victim is only read for a fill,
  // several cycles after the last hit (the walker runs in between). With
  // hit-under-miss (TOUCH_REG = 0) a hit can come in the cycle before a fill
  // and the touch applies at once (the fill never coincides: s1 does not act
  // in the walker's DONE cycle).
  reg                 touch_q;
  reg  [IDX_BITS-1:0] touch_idx_q;
  reg  [WAY_BITS-1:0] touch_way_q;
  always @(posedge clk_i) begin
    if (rst_i) touch_q <= 1'b0;
    else       touch_q <= touch_i & ((REPL == `MMU_REPL_LRU) | (REPL == `MMU_REPL_PLRU));
    touch_idx_q <= touch_idx_i;
    touch_way_q <= touch_way_i;
  end
  wire                touch_now = touch_i & ((REPL == `MMU_REPL_LRU) | (REPL == `MMU_REPL_PLRU));
  wire                touch_upd = (TOUCH_REG != 0) ? touch_q : touch_now;
  wire [IDX_BITS-1:0] touch_idx = (TOUCH_REG != 0) ? touch_idx_q : touch_idx_i;
  wire [WAY_BITS-1:0] touch_way = (TOUCH_REG != 0) ? touch_way_q : touch_way_i;
  wire                upd       = fill_i | touch_upd;
  wire [IDX_BITS-1:0] upd_idx   = touch_upd ? touch_idx : fill_idx_i;
  wire [WAY_BITS-1:0] upd_way   = touch_upd ? touch_way : fill_way_i;

  generate
    if (REPL == `MMU_REPL_LRU || REPL == `MMU_REPL_FIFO) begin : g_age
      localparam integer SW = WAYS * WAY_BITS;             // age bits per set
      reg  [SETS*SW-1:0] age_q;
      wire [SW-1:0]      upd_set = age_q[upd_idx*SW +: SW];
      wire [SW-1:0]      vic_set = age_q[victim_idx_i*SW +: SW];
      wire [WAY_BITS-1:0] upd_age = upd_set[upd_way*WAY_BITS +: WAY_BITS];
      reg  [SW-1:0]      new_set;
      integer v, s;
      always @* begin
        new_set  = upd_set;
        victim_o = {WAY_BITS{1'b0}};
        // LAB4 BEGIN: LRU and FIFO: new ages of the touched set, victim
        for (v = 0; v < WAYS; v = v + 1) begin
          if (v[WAY_BITS-1:0] == upd_way)
            new_set[v*WAY_BITS +: WAY_BITS] = {WAY_BITS{1'b0}};
          else if (upd_set[v*WAY_BITS +: WAY_BITS] < upd_age)
            new_set[v*WAY_BITS +: WAY_BITS] = upd_set[v*WAY_BITS +: WAY_BITS] + 1'b1;
          if (vic_set[v*WAY_BITS +: WAY_BITS] == {WAY_BITS{1'b1}})   // age WAYS-1 (WAYS is 2^n)
            victim_o = v[WAY_BITS-1:0];
        end
        // LAB4 END
      end
      always @(posedge clk_i) begin
        if (rst_i) begin
          for (s = 0; s < SETS; s = s + 1)
            for (v = 0; v < WAYS; v = v + 1)
              age_q[(s*WAYS+v)*WAY_BITS +: WAY_BITS] <= v[WAY_BITS-1:0];
        end else if (upd) begin
          age_q[upd_idx*SW +: SW] <= new_set;
        end
      end
    end else if (REPL == `MMU_REPL_PLRU) begin : g_plru
      localparam integer TB = WAYS - 1;                    // tree bits per set
      reg  [TB-1:0]      tree_q [0:SETS-1];   // an array: the set is an index, not idx*(WAYS-1)
      wire [TB-1:0]      upd_set = tree_q[upd_idx];
      wire [TB-1:0]      vic_set = tree_q[victim_idx_i];
      reg  [TB-1:0]      new_set;
      integer d, nu, nv, s;
      always @* begin
        new_set = upd_set;
        victim_o = {WAY_BITS{1'b0}};
        nu = 0; nv = 0;
        // LAB4 BEGIN: tree-PLRU: new tree bits of the touched set, victim
        for (d = WAY_BITS - 1; d >= 0; d = d - 1) begin
          new_set[nu] = ~upd_way[d];                       // point away from the touched way
          nu = 2 * nu + 1 + {31'd0, upd_way[d]};
          victim_o[d] = vic_set[nv];                       // follow the pointers to the victim
          nv = 2 * nv + 1 + {31'd0, vic_set[nv]};
        end
        // LAB4 END
`ifdef MMU_INJECT_PLRU_OFF_BY_ONE
        if (`MMU_INJ(1)) victim_o = victim_o + 1'b1;   // injected bug (mmu_inject.vh)
`endif
      end
      always @(posedge clk_i) begin
        if (rst_i) begin
          for (s = 0; s < SETS; s = s + 1) tree_q[s] <= {TB{1'b0}};
        end else if (upd) begin
          tree_q[upd_idx] <= new_set;
        end
      end
    end else begin : g_random
      reg [15:0] lfsr_q;
      always @* victim_o = lfsr_q[WAY_BITS-1:0];
      always @(posedge clk_i) begin
        if (rst_i)       lfsr_q <= 16'hACE1;
        else if (fill_i) lfsr_q <= {1'b0, lfsr_q[15:1]} ^ (lfsr_q[0] ? 16'hB400 : 16'h0000);
      end
      wire unused_rand = ^{touch_i, touch_idx_i, touch_way_i, fill_idx_i, fill_way_i,
                           victim_idx_i, upd, upd_idx, upd_way, touch_now};
    end
  endgenerate
endmodule
