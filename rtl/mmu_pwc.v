// mmu_pwc -- page-walk cache (docs/rtl.md "Page-walk cache (mmu_pwc)"):
// ENTRIES pointer (non-leaf) PTEs, fully associative, tagged by the VPN bits
// of the levels at and above the cached pointer's level. The walker looks its
// VA up in IDLE and starts below the deepest match; it fills an entry in
// CHECK of a pointer (FIFO: pwc_next_q); every translation event but a FLUSH
// by VA clears the whole cache (one clear line, no flush comparator per entry).
//
//   lk_vpn_i --> per entry: prefix compare at its level --> deepest level wins
//            --> AND-OR of {ppn, g} --> hit_o, addr_o = {ppn, vpn[lvl-1], 0}, lvl_o
`default_nettype none

module mmu_pwc #(
  parameter integer ENTRIES    = 8,
  parameter integer PA_BITS    = 56,
  parameter integer PAGE_SHIFT = 12,
  parameter integer LEVELS     = 3,
  parameter integer VPN_BITS   = 9,
  parameter integer PPN_BITS   = 44,
  parameter integer PTE_LOG2   = 3,
  parameter integer ISOLATE    = 1,   // 1: compare only while the walker is IDLE
  parameter integer NEXT_BITS  = 3,   // log2(ENTRIES)
  parameter integer VPN_W      = LEVELS * VPN_BITS
) (
  input  wire                clk_i,
  input  wire                rst_i,
  // lookup (combinational)
  input  wire                lk_en_i,      // the walker is IDLE: the result may be used
  input  wire [VPN_W-1:0]    lk_vpn_i,
  output wire                hit_o,
  output wire [PA_BITS-1:0]  addr_o,       // PTE address the walk starts at
  output wire [1:0]          lvl_o,        // level the walk starts at
  output wire                g_o,          // G of the skipped pointers
  // fill (end of the cycle), clear (wins)
  input  wire                fill_i,
  input  wire [1:0]          fill_lvl_i,
  input  wire [VPN_W-1:VPN_BITS] fill_vpn_i,   // VPN bits of levels >= 1 (a pointer's level)
  input  wire [PPN_BITS-1:0] fill_ppn_i,
  input  wire                fill_g_i,
  input  wire                clear_i
);
  // Entries are pointers (level >= 1): their tag never needs VPN[0].
  localparam integer TAG_W = VPN_W - VPN_BITS;

  reg  [NEXT_BITS-1:0] pwc_next_q;
  wire [ENTRIES-1:0]   match;
  wire [ENTRIES*2-1:0] ent_lvl;
  wire [ENTRIES*PPN_BITS-1:0] ent_ppn;
  wire [ENTRIES-1:0]   ent_g;
  wire                 cmp_en = (ISOLATE == 0) | lk_en_i;

  genvar ge;
  generate
    for (ge = 0; ge < ENTRIES; ge = ge + 1) begin : g_ent
      reg                pwc_valid_q, pwc_g_q;
      reg [1:0]          pwc_lvl_q;
      reg [TAG_W-1:0]    pwc_vpn_q;
      reg [PPN_BITS-1:0] pwc_ppn_q;
      // mask: tag bits of levels >= pwc_lvl_q (tag bit k is VPN bit k + VPN_BITS)
      reg [TAG_W-1:0]    mask;
      reg                m;
      integer l;
      always @* begin
        mask = {TAG_W{1'b0}};
        for (l = 1; l < LEVELS; l = l + 1)
          if ({30'd0, pwc_lvl_q} <= l) mask[(l-1)*VPN_BITS +: VPN_BITS] = {VPN_BITS{1'b1}};
        m = 1'b0;
        if (cmp_en) m = pwc_valid_q & (((pwc_vpn_q ^ lk_vpn_i[VPN_W-1:VPN_BITS]) & mask) == {TAG_W{1'b0}});
      end
      assign match[ge] = m;
      assign ent_lvl[ge*2 +: 2] = pwc_lvl_q;
      assign ent_ppn[ge*PPN_BITS +: PPN_BITS] = pwc_ppn_q;
      assign ent_g[ge] = pwc_g_q;
      wire write = fill_i & ({{(32-NEXT_BITS){1'b0}}, pwc_next_q} == ge);
      always @(posedge clk_i) begin
        if (rst_i | clear_i) pwc_valid_q <= 1'b0;
        else if (write)      pwc_valid_q <= 1'b1;
        if (write) begin
          pwc_lvl_q <= fill_lvl_i;
          pwc_vpn_q <= fill_vpn_i;
          pwc_ppn_q <= fill_ppn_i;
          pwc_g_q   <= fill_g_i;
        end
      end
    end
  endgenerate

  always @(posedge clk_i)
    if (rst_i | clear_i) pwc_next_q <= {NEXT_BITS{1'b0}};
    else if (fill_i)     pwc_next_q <= pwc_next_q + 1'b1;

  // deepest match: the smallest level with a matching entry (one per level).
  // Flat: per level the matching entries (m1..m3, levels <= 3), one OR each,
  // then a two-step priority -- no chain through the entries.
  reg  [ENTRIES-1:0] m1, m2, m3;
  integer i;
  always @* begin
    for (i = 0; i < ENTRIES; i = i + 1) begin
      m1[i] = match[i] & (ent_lvl[i*2 +: 2] == 2'd1);
      m2[i] = match[i] & (ent_lvl[i*2 +: 2] == 2'd2);
      m3[i] = match[i] & (ent_lvl[i*2 +: 2] == 2'd3);
    end
  end
  wire               any1 = |m1, any2 = |m2;
  wire [ENTRIES-1:0] sel  = any1 ? m1 : any2 ? m2 : m3;
  wire [1:0]         best_lvl = any1 ? 2'd1 : any2 ? 2'd2 : 2'd3;
  reg  [PPN_BITS-1:0] sel_ppn;
  reg                 sel_g;
  always @* begin   // AND-OR of the selected entry's fields
    sel_ppn = {PPN_BITS{1'b0}}; sel_g = 1'b0;
    for (i = 0; i < ENTRIES; i = i + 1) begin
      sel_ppn = sel_ppn | (ent_ppn[i*PPN_BITS +: PPN_BITS] & {PPN_BITS{sel[i]}});
      sel_g   = sel_g | (ent_g[i] & sel[i]);
    end
  end
  // VPN field of the start level (best_lvl - 1)
  wire [VPN_BITS-1:0] vfield = any1 ? lk_vpn_i[0 +: VPN_BITS] :
                               (any2 | (LEVELS < 4)) ? lk_vpn_i[VPN_BITS +: VPN_BITS] :
                               lk_vpn_i[(LEVELS < 4 ? 1 : 2)*VPN_BITS +: VPN_BITS];
  assign hit_o  = |match;
  assign lvl_o  = best_lvl - 2'd1;
  // a table is page aligned and VPN_BITS + PTE_LOG2 <= PAGE_SHIFT: an OR
  assign addr_o = {sel_ppn, {PAGE_SHIFT{1'b0}}} | ({{(PA_BITS-VPN_BITS){1'b0}}, vfield} << PTE_LOG2);
  assign g_o    = sel_g;

`ifdef MMU_ASSERTS
  integer a, b;
  always @(posedge clk_i)
    if (!rst_i)
      for (a = 0; a < ENTRIES; a = a + 1)
        for (b = a + 1; b < ENTRIES; b = b + 1)
          if (match[a] && match[b] && ent_lvl[a*2 +: 2] == ent_lvl[b*2 +: 2]) begin
            $display("MMU_ASSERT mmu_pwc: entries %0d and %0d both match at level %0d", a, b, ent_lvl[a*2 +: 2]);
            $finish;
          end
`endif
endmodule
