// tb_bus_gen.vh -- the bus benches' stimulus as pure functions of (seed, index),
// so every model and driver computes the same page tables and operations on
// its own (no shared arrays, no order of $random calls to keep in step).
// Included inside a module that defines SEED, PTE_BYTES, LEVELS, VPN_BITS,
// PAGE_SHIFT, VA_PORT_BITS.
//
// Memory map (64 KiB): page tables at 0x1000*k, k = 1..8, entries 0..7 of each
// used; the root is 0x1000. Table 8 (0x8000..0x8FFF, WERR_BASE) reads but
// refuses the compare-and-swap (bus error); from 0x10000 (ERR_BASE) every access
// is a bus error. Tables point at random tables, so a table is reached at
// several levels (a pointer at level 0 is NO_LEAF).

  localparam [63:0] WERR_BASE = 64'h8000, ERR_BASE = 64'h10000;

  function [63:0] gen_mix;
    input [63:0] s, x;
    reg [63:0] h;
    begin
      h = x * 64'h9E3779B97F4A7C15 ^ (s + 64'h632BE59BD9B4E019) * 64'hBF58476D1CE4E5B9;
      h = h ^ (h >> 31); h = h * 64'h94D049BB133111EB; h = h ^ (h >> 29);
      h = h * 64'hD6E8FEB86659FD93; h = h ^ (h >> 32);
      gen_mix = h;
    end
  endfunction

  // The initial PTE at byte address a (riscv Sv32/Sv39 format).
  function [63:0] gen_pte;
    input [63:0] a;
    reg [63:0] h, ppn, flags;
    integer k, e, kind;
    begin
      h = gen_mix(SEED, a);
      k = a >> 12; e = (a & 64'hFFF) / PTE_BYTES;
      kind = h % 100;
      ppn = (h >> 24) & 64'h3F_FFFF;
      if ((h >> 50) % 10 < 6) ppn = ppn & ~64'h3_FFFF;       // aligned for every superpage size
      flags = (h >> 8) & 64'hFF;
      if (k < 1 || k > 8 || e >= 8 || a % PTE_BYTES != 0) gen_pte = 64'd0;
      else if (kind < 12) gen_pte = (ppn << 10) | (flags & ~64'd1);                    // invalid
      else if (kind < 45) begin                                                         // pointer
        ppn = (kind < 38) ? 1 + ((h >> 16) % 8) : 64'h10 + ((h >> 16) % 4);          // 7% beyond memory
        gen_pte = (ppn << 10) | 64'd1 | (((h >> 40) % 20 == 0) ? 64'h40 : 64'd0);    // 5% with A: reserved
      end else begin                                                                    // leaf
        if ((h >> 44) % 10 < 7) flags = flags | 64'h2;                                  // mostly readable
        if ((h >> 46) % 4 == 0) flags = flags & ~64'hC0;                                // some need A and D
        gen_pte = (ppn << 10) | flags | 64'd1;
        if (PTE_BYTES == 8 && (h >> 56) % 32 == 0) gen_pte = gen_pte | (64'd1 << 60);  // reserved bits
      end
      // every seed: root entry 7 points beyond memory (a bus error on the next read),
      // root entry 6 at table 8, where the compare-and-swap is refused
      if (a == 64'h1000 + 7 * PTE_BYTES) gen_pte = (64'h11 << 10) | 64'd1;
      if (a == 64'h1000 + 6 * PTE_BYTES) gen_pte = (64'h8 << 10) | 64'd1;
      if (PTE_BYTES == 4) gen_pte = gen_pte & 64'hFFFF_FFFF;
    end
  endfunction

  // Operation i: kind (0 translate, 1 register write, 2 register read), VA or
  // register address, write data, access type, privilege.
  localparam integer OP_XLAT = 0, OP_WR = 1, OP_RD = 2;
  function [1:0] gen_kind;
    input integer i;
    reg [63:0] h;
    begin
      h = gen_mix(SEED ^ 64'h5151, i);
      gen_kind = (i < 4) ? OP_WR : (h % 100 < 86) ? OP_XLAT : (h % 100 < 94) ? OP_WR : OP_RD;
    end
  endfunction

  function [63:0] gen_va;
    input [63:0] h;
    integer l;
    begin
      gen_va = h & ((64'd1 << PAGE_SHIFT) - 1);
      for (l = 0; l < LEVELS; l = l + 1)
        gen_va = gen_va | ((((h >> (16 + 3 * l)) % 8)) << (PAGE_SHIFT + l * VPN_BITS));
      if ((h >> 60) == 0) gen_va = gen_mix(h, 7);                                       // 1/16: anywhere
      if (VA_PORT_BITS < 64) gen_va = gen_va & ((64'd1 << VA_PORT_BITS) - 1);
    end
  endfunction

  function [63:0] gen_a;            // VA, or register address
    input integer i;
    reg [63:0] h;
    begin
      h = gen_mix(SEED ^ 64'hA0A0, i);
      if (gen_kind(i) == OP_XLAT) gen_a = gen_va(h);
      else if (i == 0) gen_a = `MMU_REG_PTBASE;
      else if (i == 1) gen_a = `MMU_REG_MODE;
      else if (i == 2) gen_a = `MMU_REG_STATUS;
      else if (i == 3) gen_a = `MMU_REG_ASID;
      else if (gen_kind(i) == OP_WR)
        case (h % 8)
          0, 1:    gen_a = `MMU_REG_STATUS;
          2:       gen_a = `MMU_REG_ASID;
          3:       gen_a = `MMU_REG_FLUSH_VA;
          4:       gen_a = `MMU_REG_FLUSH_ASID;
          5, 6:    gen_a = `MMU_REG_FLUSH;
          default: gen_a = (h >> 8) % 16 == 0 ? `MMU_REG_MODE : `MMU_REG_FLUSH;
        endcase
      else
        case (h % 6)   // not slot 4 (WALK_CYCLES): it counts cycles, which the bus timing changes
          0:       gen_a = `MMU_REG_STATUS;
          1:       gen_a = (h >> 8) % 2 ? `MMU_REG_CONFIG0 : `MMU_REG_CONFIG1;
          2:       gen_a = `MMU_REG_CTR_BASE + ((h >> 8) % 4);
          3:       gen_a = `MMU_REG_CTR_BASE + 5 + ((h >> 8) % 2);
          4:       gen_a = `MMU_REG_CTR_BASE + 16 + ((h >> 8) % 14);
          default: gen_a = 8'h10 + ((h >> 8) % 8);   // unmapped: reads 0
        endcase
    end
  endfunction

  function [63:0] gen_d;
    input integer i;
    reg [63:0] h;
    begin
      h = gen_mix(SEED ^ 64'hD00D, i);
      case (gen_a(i))
        `MMU_REG_PTBASE:     gen_d = 64'h1;                                  // root at 0x1000
        `MMU_REG_MODE:       gen_d = (i == 1 || h % 4 != 0) ? `MMU_MODE_PAGING : `MMU_MODE_BARE;
        `MMU_REG_STATUS:     gen_d = (i == 2) ? 64'h4 : (h % 8) | ((h >> 8) % 4 != 0 ? 64'h4 : 64'h0); // SUM, MXR, ADUE (mostly 1)
        `MMU_REG_ASID:       gen_d = h % 3;
        `MMU_REG_FLUSH_VA:   gen_d = gen_va(h);
        `MMU_REG_FLUSH_ASID: gen_d = h % 3;
        default:             gen_d = h % 4;                                  // FLUSH: use_va, use_asid
      endcase
    end
  endfunction

  function [1:0] gen_acc;           // fetch, load, store
    input integer i;
    begin gen_acc = gen_mix(SEED ^ 64'hACC, i) % 3; end
  endfunction
  function gen_priv;
    input integer i;
    begin gen_priv = gen_mix(SEED ^ 64'hB1B1, i) % 2; end
  endfunction

  // xorshift32: the drivers' and models' own timing randomness
  function [31:0] xs32;
    input [31:0] x;
    reg [31:0] y;
    begin y = x ^ (x << 13); y = y ^ (y >> 17); xs32 = y ^ (y << 5); end
  endfunction
