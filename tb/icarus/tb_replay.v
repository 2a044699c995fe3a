// tb_replay -- replays a vector file written by `mmu-ref vectors` into
// mmu_top and compares every output port every cycle.
//
//   vector file (docs/icarus.md)          tb_replay                 mmu_top
//   // mmukit-vectors 2 profile=NAME ---> header check (format version,
//   // widths va=.. pa=.. pte=.. id=..    profile name, port widths)
//                                         -> refuse on mismatch
//   <cyc chk inputs... expected...>  ---> drive inputs -----------> ports
//                                         posedge: compare <------- outputs
//                                         (chk=1), then the edge acts
//
// One line = one clock cycle (period 10 ns). Inputs are applied 5 ns before
// the rising edge; the outputs are compared at the edge, before any register
// updates (they change in the NBA region), so a vector line is exactly one
// mmu_cycle_eval + mmu_cycle_tick of the C cycle model. Comparison is with
// !==: an X or Z on an output is a mismatch. The same file also builds
// with Verilator 5 (--binary --timing); see docs/icarus.md.
//
// Plusargs:
//   +vectors=FILE       the vector file (required)
//   +name=NAME          name on the PASS/FAIL line (default "replay")
//   +fst=FILE           dump a waveform (run vvp with -fst for FST)
//   +dump_from=N        start the dump at cycle N (default 0)
//   +dump_cycles=N      dump N cycles only (default: all)
//   +cover_out=FILE     with -DMMU_COVERAGE: write the coverage counters to FILE
// Prints exactly one "PASS name: ..." or "FAIL name: ..." line
// (tb/scripts/run_checks.sh protocol). No $random: all stimulus is in the file.
`timescale 1ns/1ns
`default_nettype none
`include "mmu_defs.vh"
`include "mmu_profile.vh"

module tb_replay;
  localparam integer VAW  = `MMU_P_VA_PORT_BITS;
  localparam integer PAW  = `MMU_P_PA_BITS;
  localparam integer PTEW = 8 * `MMU_P_PTE_BYTES;
  localparam integer IDW  = (`MMU_P_ID_BITS > 0) ? `MMU_P_ID_BITS : 1;   // req_id_i / rsp_id_o
  localparam integer VFMT = 2;         // vector format version (format 1 had no request IDs)
  localparam integer NF   = 29;        // fields per line (docs/icarus.md)

  // ---- DUT ----------------------------------------------------------------
  reg             clk_i = 1'b0;
  reg             rst_i = 1'b1;
  reg             req_valid_i = 1'b0;
  reg  [VAW-1:0]  req_va_i = {VAW{1'b0}};
  reg  [1:0]      req_acc_i = 2'd0;
  reg             req_priv_i = 1'b0;
  reg  [IDW-1:0]  req_id_i = {IDW{1'b0}};
  reg             mem_req_ready_i = 1'b0;
  reg             mem_rsp_valid_i = 1'b0;
  reg  [PTEW-1:0] mem_rsp_data_i = {PTEW{1'b0}};
  reg             mem_rsp_err_i = 1'b0;
  reg             reg_we_i = 1'b0;
  reg  [7:0]      reg_addr_i = 8'd0;
  reg  [63:0]     reg_wdata_i = 64'd0;
  wire            req_ready_o, rsp_valid_o, rsp_fault_o, rsp_hit_o;
  wire [PAW-1:0]  rsp_pa_o;
  wire [3:0]      rsp_cause_o;
  wire [2:0]      rsp_level_o;
  wire [IDW-1:0]  rsp_id_o;
  wire            mem_req_valid_o, mem_req_we_o;
  wire [PAW-1:0]  mem_req_addr_o;
  wire [PTEW-1:0] mem_req_wdata_o, mem_req_cmp_o;
  wire [63:0]     reg_rdata_o;

  mmu_top dut (
    .clk_i(clk_i), .rst_i(rst_i),
    .req_valid_i(req_valid_i), .req_ready_o(req_ready_o), .req_va_i(req_va_i),
    .req_acc_i(req_acc_i), .req_priv_i(req_priv_i), .req_id_i(req_id_i),
    .rsp_valid_o(rsp_valid_o), .rsp_pa_o(rsp_pa_o), .rsp_fault_o(rsp_fault_o),
    .rsp_cause_o(rsp_cause_o), .rsp_level_o(rsp_level_o), .rsp_hit_o(rsp_hit_o), .rsp_id_o(rsp_id_o),
    .mem_req_valid_o(mem_req_valid_o), .mem_req_ready_i(mem_req_ready_i),
    .mem_req_addr_o(mem_req_addr_o), .mem_req_we_o(mem_req_we_o),
    .mem_req_wdata_o(mem_req_wdata_o), .mem_req_cmp_o(mem_req_cmp_o),
    .mem_rsp_valid_i(mem_rsp_valid_i), .mem_rsp_data_i(mem_rsp_data_i),
    .mem_rsp_err_i(mem_rsp_err_i),
    .reg_we_i(reg_we_i), .reg_addr_i(reg_addr_i), .reg_wdata_i(reg_wdata_i),
    .reg_rdata_o(reg_rdata_o));

`ifdef MMU_COVERAGE
  // Observer: hierarchical peeks into the DUT, no bind, no RTL change. The
  // peeks name RTL internals (docs/icarus.md "Coverage"): an RTL rename
  // breaks this build, not the RTL.
  localparam integer TLB_N  = `MMU_P_TLB_SETS * `MMU_P_TLB_WAYS;
  localparam integer TAG_G  = `MMU_P_LEVELS * `MMU_P_VPN_BITS + 2 + `MMU_P_ASID_BITS;  // G bit of {g, asid, lvl, vpn}
  wire [TLB_N-1:0] tlb_g;
  genvar ge;
  generate
    for (ge = 0; ge < TLB_N; ge = ge + 1) begin : g_tlb_g
      // entry ge = {set, way}: the G bit of its tag RAM word (way ge % WAYS, word ge / WAYS)
      assign tlb_g[ge] = dut.u_tlb.g_way[ge % `MMU_P_TLB_WAYS].tag_mem_q[ge / `MMU_P_TLB_WAYS][TAG_G];
    end
  endgenerate
  wire [`MMU_P_TLB_WAYS-1:0] rd_g;   // G of each way's read register (the set a fill looks at)
  genvar gr;
  generate
    for (gr = 0; gr < `MMU_P_TLB_WAYS; gr = gr + 1) begin : g_rd_g
      assign rd_g[gr] = dut.u_tlb.g_way[gr].rd_tag_q[TAG_G];
    end
  endgenerate
  mmu_cover #(.LEVELS(`MMU_P_LEVELS), .SUPERPAGES(`MMU_P_SUPERPAGES),
              .PTE_FORMAT(`MMU_P_PTE_FORMAT), .TLB_REPL(`MMU_P_TLB_REPL),
              .TLB_SETS(`MMU_P_TLB_SETS), .TLB_WAYS(`MMU_P_TLB_WAYS),
              .VA_BITS(`MMU_P_VA_BITS), .VA_PORT_BITS(`MMU_P_VA_PORT_BITS), .PA_BITS(`MMU_P_PA_BITS)) cov (
    .clk_i(clk_i), .rst_i(rst_i),
    .accept_i(req_valid_i & req_ready_o), .acc_i(req_acc_i), .priv_i(req_priv_i),
    .mode_i(dut.mode),
    .rsp_valid_i(rsp_valid_o), .rsp_fault_i(rsp_fault_o), .rsp_cause_i(rsp_cause_o),
    .rsp_level_i(rsp_level_o), .rsp_hit_i(rsp_hit_o),
    .cmp_en_i(dut.cmp_en), .tlb_hit_i(|dut.match), .hit_rsp_i(dut.hit_rsp),
    .to_ptw_i(dut.to_ptw), .hit_lvl_i(dut.hit_lvl), .rd_valid_i(dut.u_tlb.rd_valid_q),
    .ptw_state_i(dut.u_ptw.state_q), .ptw_busy_i(dut.ptw_busy), .ptw_done_i(dut.ptw_done),
    .ptw_cause_i(dut.ptw_cause), .ptw_fill_i(dut.ptw_fill), .ev_walk_i(dut.ev_walk),
    .mem_req_valid_i(mem_req_valid_o), .mem_req_ready_i(mem_req_ready_i),
    .mem_req_we_i(mem_req_we_o), .mem_rsp_valid_i(mem_rsp_valid_i),
    .mem_rsp_err_i(mem_rsp_err_i), .mem_rsp_data_i(z64(mem_rsp_data_i)),
    .pte_q_i(z64(dut.u_ptw.pte_q)),
    .flush_i(dut.flush), .flush_use_va_i(dut.flush_use_va), .flush_use_asid_i(dut.flush_use_asid),
    .tlb_valid_i(dut.u_tlb.valid_q), .tlb_g_i(tlb_g),
    .fill_set_v_i(dut.u_tlb.rd_valid_q), .fill_ov_i(dut.u_tlb.fill_ov),   // the overlap the fill uses
    .reg_event_i(dut.reg_event),
    .reg_we_i(reg_we_i), .reg_addr_i(reg_addr_i), .way_g_i(rd_g), .way_lvl_i(dut.u_tlb.rd_lvl),
    .fill_g_i(dut.ptw_g), .fill_lvl_i(dut.ptw_lvl));
`endif

  // ---- vector fields (all 64-bit: $sscanf %h) -------------------------------
  reg [63:0] f_cyc, f_chk, f_rst, f_req_valid, f_req_va, f_req_acc, f_req_priv, f_req_id,
             f_mem_req_ready, f_mem_rsp_valid, f_mem_rsp_data, f_mem_rsp_err,
             f_reg_we, f_reg_addr, f_reg_wdata;
  reg [63:0] x_req_ready, x_rsp_valid, x_rsp_pa, x_rsp_fault, x_rsp_cause, x_rsp_level,
             x_rsp_hit, x_rsp_id, x_mem_req_valid, x_mem_req_addr, x_mem_req_we, x_mem_req_wdata,
             x_mem_req_cmp, x_reg_rdata;

  reg [8*256-1:0]  line;             // 256: Verilator's string limit; data lines are < 200
  reg [8*64-1:0]   vecfile, fstfile, name, vprof, coverfile;
  reg [8*64-1:0]   want_prof;
  integer fd, r, lineno, cycle, checked, nrsp, nhit, nfault, nwalk, vver, wva, wpa, wpte, wid;
  integer dump_from, dump_cycles;
  reg     have_magic, have_widths, dumping, failed, done, cont, eol;
  reg [15:0] head;                   // first two characters of a line

  function [63:0] z64;       // zero-extend a port value to 64 bits
    input [63:0] v;
    z64 = v;
  endfunction

  function [63:0] mask;      // all-ones in the low w bits
    input integer w;
    begin
      mask = (w >= 64) ? {64{1'b1}} : ((64'd1 << w) - 64'd1);
    end
  endfunction

  task fail;
    input [8*512-1:0] why;
    begin
      if (!failed) $display("FAIL %0s: %0s", name, squeeze(why));   // only the first
      failed = 1'b1;
    end
  endtask

  task finish_run;
    begin
`ifdef MMU_COVERAGE
      if ($value$plusargs("cover_out=%s", coverfile)) cov.write_report(coverfile);
`endif
      if (fd != 0) $fclose(fd);
      $finish;
    end
  endtask

  // Field widths: an input or expected value wider than its port is a bad file.
  task range;
    input [8*20-1:0] field;
    input [63:0]     v;
    input integer    w;
    begin
      if ((v & ~mask(w)) != 64'd0)
        fail({"vector line ", itoa(lineno), ": field ", field, " = 0x", htoa(v),
              " is wider than ", itoa(w), " bits"});
    end
  endtask

  // Output compare: the first mismatch ends the run.
  task cmp;
    input [8*20-1:0] sig;
    input [63:0]     want;
    input [63:0]     got;
    begin
      if (got !== want && !failed) begin
        $display("MISMATCH cycle %0d (vector line %0d): %0s expected 0x%h got 0x%h",
                 cycle, lineno, sig, want, got);
        $display("  inputs: rst=%0d req_valid=%0d va=%h acc=%0d priv=%0d id=%0h mem_req_ready=%0d mem_rsp_valid=%0d data=%h err=%0d reg_we=%0d addr=%h wdata=%h",
                 f_rst[0], f_req_valid[0], f_req_va, f_req_acc[1:0], f_req_priv[0], f_req_id[IDW-1:0],
                 f_mem_req_ready[0], f_mem_rsp_valid[0], f_mem_rsp_data, f_mem_rsp_err[0],
                 f_reg_we[0], f_reg_addr[7:0], f_reg_wdata);
        $display("  (rerun with +fst=FILE +dump_from=%0d +dump_cycles=40 and vvp -fst for a waveform)",
                 (cycle > 20) ? cycle - 20 : 0);
        fail({"cycle ", itoa(cycle), ": ", sig, " expected 0x", htoa(want), " got 0x", htoa(got)});
      end
    end
  endtask

  // Small formatting helpers for the FAIL line (Verilog-2005 has no $sformatf):
  // strings are right-aligned in their regs, so concatenations carry NUL bytes
  // that squeeze() removes before printing.
  function [8*20-1:0] itoa;
    input integer v;
    integer n, k;
    begin
      itoa = 0; k = 0;
      n = (v < 0) ? -v : v;
      if (n == 0) itoa = "0";
      while (n > 0) begin
        itoa[8*k +: 8] = 8'd48 + n % 10;
        n = n / 10; k = k + 1;
      end
      if (v < 0) itoa[8*k +: 8] = "-";
    end
  endfunction

  function [8*512-1:0] squeeze;
    input [8*512-1:0] m;
    integer i, k;
    begin
      squeeze = 0; k = 0;
      for (i = 0; i < 512; i = i + 1)
        if (m[8*i +: 8] != 8'd0) begin
          squeeze[8*k +: 8] = m[8*i +: 8];
          k = k + 1;
        end
    end
  endfunction

  function [8*16-1:0] htoa;           // 16 hex digits
    input [63:0] v;
    integer i;
    reg [3:0] d;
    begin
      for (i = 0; i < 16; i = i + 1) begin
        d = v[4*i +: 4];
        htoa[8*i +: 8] = (d < 10) ? 8'd48 + d : 8'd87 + d;
      end
    end
  endfunction

  // Compare at the rising edge: the DUT's outputs still hold this cycle's
  // values (its registers update in the NBA region, after this block reads).
  reg chk_now = 1'b0;
  always @(posedge clk_i) begin
    if (chk_now && !failed) begin
      cmp("req_ready_o",     x_req_ready,     z64(req_ready_o));
      cmp("rsp_valid_o",     x_rsp_valid,     z64(rsp_valid_o));
      cmp("rsp_pa_o",        x_rsp_pa,        z64(rsp_pa_o));
      cmp("rsp_fault_o",     x_rsp_fault,     z64(rsp_fault_o));
      cmp("rsp_cause_o",     x_rsp_cause,     z64(rsp_cause_o));
      cmp("rsp_level_o",     x_rsp_level,     z64(rsp_level_o));
      cmp("rsp_hit_o",       x_rsp_hit,       z64(rsp_hit_o));
      cmp("rsp_id_o",        x_rsp_id,        z64(rsp_id_o));
      cmp("mem_req_valid_o", x_mem_req_valid, z64(mem_req_valid_o));
      cmp("mem_req_addr_o",  x_mem_req_addr,  z64(mem_req_addr_o));
      cmp("mem_req_we_o",    x_mem_req_we,    z64(mem_req_we_o));
      cmp("mem_req_wdata_o", x_mem_req_wdata, z64(mem_req_wdata_o));
      cmp("mem_req_cmp_o",   x_mem_req_cmp,   z64(mem_req_cmp_o));
      cmp("reg_rdata_o",     x_reg_rdata,     reg_rdata_o);
      checked = checked + 1;
      if (rsp_valid_o) begin
        nrsp = nrsp + 1;
        if (rsp_hit_o) nhit = nhit + 1;
        if (rsp_fault_o) nfault = nfault + 1;
      end
      if (mem_req_valid_o & mem_req_ready_i) nwalk = nwalk + 1;
    end
  end

  initial begin
    failed = 1'b0; done = 1'b0; cont = 1'b0; fd = 0; lineno = 0; cycle = 0; checked = 0;
    nrsp = 0; nhit = 0; nfault = 0; nwalk = 0;
    have_magic = 1'b0; have_widths = 1'b0; dumping = 1'b0;
    want_prof = `MMU_P_NAME;
    if (!$value$plusargs("name=%s", name)) name = "replay";
    if (!$value$plusargs("vectors=%s", vecfile)) fail("no +vectors=FILE given");
    if (!failed) begin
      fd = $fopen(vecfile, "r");
      if (fd == 0) fail({"cannot open vector file ", vecfile});
    end
    if (!$value$plusargs("dump_from=%d", dump_from)) dump_from = 0;
    if (!$value$plusargs("dump_cycles=%d", dump_cycles)) dump_cycles = -1;
    if ($value$plusargs("fst=%s", fstfile)) begin
      $dumpfile(fstfile);
      $dumpvars(0, tb_replay);
      if (dump_from > 0) $dumpoff; else dumping = 1'b1;
    end

    while (!failed && !done) begin
      done = $feof(fd);
      line = 0;
      if (!done) r = $fgets(line, fd); else r = 0;
      if (r == 0) begin
        done = 1'b1;
      end else if (cont) begin
        cont = (line[7:0] != 8'h0a);     // rest of a comment longer than the buffer
      end else begin
        lineno = lineno + 1;
        eol  = (line[7:0] == 8'h0a);
        // Left-justify (the r characters read sit in the low bytes, NUL
        // padding above): Verilator's $sscanf stops at leading NULs.
        line = line << (8 * (256 - r));
        head = line[8*256-1 -: 16];
        if (!eol && head != "//" && !$feof(fd))
          fail({vecfile, ":", itoa(lineno), ": data line longer than 255 characters"});
        cont = !eol;
        if (lineno == 1) begin
          // first line: magic, format version, profile of the vectors
          r = $sscanf(line, "// mmukit-vectors %d profile=%s", vver, vprof);
          if (r == 2 && vver == 1)
            fail({vecfile, ": vector format 1 (no request-ID fields req_id/rsp_id); this testbench reads format ",
                  itoa(VFMT), ": regenerate the file with mmu-ref vectors (docs/icarus.md)"});
          else if (r != 2 || vver != VFMT)
            fail({vecfile, ":1: expected '// mmukit-vectors ", itoa(VFMT), " profile=NAME'"});
          if (vprof != want_prof)
            fail({vecfile, ": vectors are for profile ", vprof, " but this build is profile ",
                  want_prof, " (rebuild the testbench for that profile)"});
          have_magic = 1'b1;
        end else if ($sscanf(line, "// widths va=%d pa=%d pte=%d", wva, wpa, wpte) == 3) begin
          if ($sscanf(line, "// widths va=%d pa=%d pte=%d id=%d", wva, wpa, wpte, wid) != 4)
            fail({vecfile, ":", itoa(lineno), ": expected '// widths va=.. pa=.. pte=.. id=..'"});
          else if (wva != VAW || wpa != PAW || wpte != PTEW || wid != IDW)
            fail({vecfile, ": port widths va=", itoa(wva), " pa=", itoa(wpa), " pte=", itoa(wpte), " id=", itoa(wid),
                  " differ from the RTL's va=", itoa(VAW), " pa=", itoa(PAW), " pte=", itoa(PTEW), " id=", itoa(IDW)});
          have_widths = 1'b1;
        end else if ($sscanf(line, "%h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h %h",
                     f_cyc, f_chk, f_rst, f_req_valid, f_req_va, f_req_acc, f_req_priv, f_req_id,
                     f_mem_req_ready, f_mem_rsp_valid, f_mem_rsp_data, f_mem_rsp_err,
                     f_reg_we, f_reg_addr, f_reg_wdata,
                     x_req_ready, x_rsp_valid, x_rsp_pa, x_rsp_fault, x_rsp_cause, x_rsp_level,
                     x_rsp_hit, x_rsp_id, x_mem_req_valid, x_mem_req_addr, x_mem_req_we, x_mem_req_wdata,
                     x_mem_req_cmp, x_reg_rdata) == NF) begin
          if (!have_widths) fail({vecfile, ": no '// widths va=.. pa=.. pte=..' line before the data"});
          if (f_cyc != cycle)
            fail({"vector line ", itoa(lineno), ": cycle field ", itoa(f_cyc[31:0]),
                  " where cycle ", itoa(cycle), " was expected (missing or repeated line)"});
          range("chk", f_chk, 1); range("rst", f_rst, 1); range("req_valid", f_req_valid, 1);
          range("req_va", f_req_va, VAW); range("req_acc", f_req_acc, 2);
          range("req_priv", f_req_priv, 1); range("req_id", f_req_id, IDW);
          range("mem_req_ready", f_mem_req_ready, 1);
          range("mem_rsp_valid", f_mem_rsp_valid, 1); range("mem_rsp_data", f_mem_rsp_data, PTEW);
          range("mem_rsp_err", f_mem_rsp_err, 1); range("reg_we", f_reg_we, 1);
          range("reg_addr", f_reg_addr, 8);
          // drive this cycle's inputs
          rst_i           = f_rst[0];
          req_valid_i     = f_req_valid[0];
          req_va_i        = f_req_va[VAW-1:0];
          req_acc_i       = f_req_acc[1:0];
          req_priv_i      = f_req_priv[0];
          req_id_i        = f_req_id[IDW-1:0];
          mem_req_ready_i = f_mem_req_ready[0];
          mem_rsp_valid_i = f_mem_rsp_valid[0];
          mem_rsp_data_i  = f_mem_rsp_data[PTEW-1:0];
          mem_rsp_err_i   = f_mem_rsp_err[0];
          reg_we_i        = f_reg_we[0];
          reg_addr_i      = f_reg_addr[7:0];
          reg_wdata_i     = f_reg_wdata;
          if (dump_from > 0 && cycle == dump_from) begin $dumpon; dumping = 1'b1; end
          chk_now = f_chk[0];
          #5 clk_i = 1'b1;                 // outputs compared at this edge (always block below)
          #5 clk_i = 1'b0;
          cycle = cycle + 1;
          if (dumping && dump_cycles >= 0 && cycle >= dump_from + dump_cycles) begin
            $dumpoff; dumping = 1'b0;
          end
        end else if (head != "//" && $sscanf(line, "%s", vprof) == 1) begin   // not a comment, not blank
          fail({vecfile, ":", itoa(lineno), ": expected ", itoa(NF), " hex fields or a // comment"});
        end
      end
    end
    -> run_end;
  end

  // End of the run (a separate process: Verilator 5.006 --timing reads stale
  // values of variables written by other processes after a suspended loop).
  event run_end;
  always @(run_end) begin
    if (!have_magic) fail({vecfile, ": empty (no '// mmukit-vectors' header)"});
    if (checked == 0) fail({vecfile, ": no checked cycles"});
    if (!failed) $display("PASS %0s: %0d cycles (%0d compared), %0d responses (%0d TLB hits, %0d faults), %0d memory requests, profile %0s",
             name, cycle, checked, nrsp, nhit, nfault, nwalk, want_prof);
    finish_run;
  end
endmodule
