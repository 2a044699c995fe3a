// mmu_wb -- mmu_top with Wishbone B4 pipelined ports: the walker's memory
// port as a master (mmu_wb_walker), the register port as a slave
// (mmu_wb_regs). The translation port stays mmu_top's own (it sits next to
// the CPU's load/store unit, not on a bus). docs/integration.md.
`default_nettype none
`include "mmu_profile.vh"

module mmu_wb #(
  parameter integer VA_BITS        = `MMU_P_VA_BITS,
  parameter integer VA_PORT_BITS   = `MMU_P_VA_PORT_BITS,
  parameter integer VA_SIGN_EXTEND = `MMU_P_VA_SIGN_EXTEND,
  parameter integer PA_BITS        = `MMU_P_PA_BITS,
  parameter integer PAGE_SHIFT     = `MMU_P_PAGE_SHIFT,
  parameter integer LEVELS         = `MMU_P_LEVELS,
  parameter integer VPN_BITS       = `MMU_P_VPN_BITS,
  parameter integer PTE_FORMAT     = `MMU_P_PTE_FORMAT,
  parameter integer PTE_BYTES      = `MMU_P_PTE_BYTES,
  parameter integer PPN_BITS       = `MMU_P_PPN_BITS,
  parameter integer ASID_BITS      = `MMU_P_ASID_BITS,
  parameter integer SUPERPAGES     = `MMU_P_SUPERPAGES,
  parameter integer SEG_SEL_BITS   = `MMU_P_SEG_SEL_BITS,
  parameter integer SEG_COUNT      = `MMU_P_SEG_COUNT,
  parameter integer TLB_SETS       = `MMU_P_TLB_SETS,
  parameter integer TLB_WAYS       = `MMU_P_TLB_WAYS,
  parameter integer TLB_REPL       = `MMU_P_TLB_REPL,
  parameter integer SEGMENTATION   = `MMU_P_SEGMENTATION,
  parameter integer SVADU          = `MMU_P_SVADU,
  parameter integer FLUSH_EXACT    = `MMU_P_FLUSH_EXACT,
  parameter integer CTR_BITS       = `MMU_P_CTR_BITS,
  parameter integer HIT_STAGES     = `MMU_P_HIT_STAGES,
  parameter integer ISOLATE        = `MMU_P_ISOLATE,
  parameter integer PWC_ENTRIES    = `MMU_P_PWC_ENTRIES,
  parameter integer ID_BITS        = `MMU_P_ID_BITS,  // request IDs (req_id_i/rsp_id_o); 0: in order
  parameter integer PTE_BITS       = 8 * PTE_BYTES,   // derived: do not override
  parameter integer ID_W           = (ID_BITS > 0) ? ID_BITS : 1,   // derived: do not override
  parameter integer REG_ADR_BITS   = 11
) (
  input  wire                    clk_i,
  input  wire                    rst_i,          // synchronous, active high: MMU and bridges
  // translation request and response: mmu_top's own ports (docs/rtl.md "Ports")
  input  wire                    req_valid_i,
  output wire                    req_ready_o,
  input  wire [VA_PORT_BITS-1:0] req_va_i,
  input  wire [1:0]              req_acc_i,
  input  wire                    req_priv_i,
  input  wire [ID_W-1:0]         req_id_i,       // returned on rsp_id_o (ignored with ID_BITS = 0)
  output wire                    rsp_valid_o,
  output wire [PA_BITS-1:0]      rsp_pa_o,
  output wire                    rsp_fault_o,
  output wire [3:0]              rsp_cause_o,
  output wire [2:0]              rsp_level_o,
  output wire                    rsp_hit_o,
  output wire [ID_W-1:0]         rsp_id_o,       // the answered request's req_id_i (0 with ID_BITS = 0)
  // walker memory: Wishbone B4 pipelined master (byte addresses, PTE_BITS data)
  output wire                    wbm_cyc_o,
  output wire                    wbm_stb_o,
  output wire                    wbm_we_o,
  output wire                    wbm_lock_o,
  output wire [PA_BITS-1:0]      wbm_adr_o,
  output wire [PTE_BITS-1:0]     wbm_dat_o,
  output wire [PTE_BYTES-1:0]    wbm_sel_o,
  input  wire                    wbm_stall_i,
  input  wire                    wbm_ack_i,
  input  wire                    wbm_err_i,
  input  wire [PTE_BITS-1:0]     wbm_dat_i,
  // registers: Wishbone B4 pipelined slave (byte addresses, 64-bit data)
  input  wire                    wbs_cyc_i,
  input  wire                    wbs_stb_i,
  input  wire                    wbs_we_i,
  input  wire [REG_ADR_BITS-1:0] wbs_adr_i,
  input  wire [63:0]             wbs_dat_i,
  input  wire [7:0]              wbs_sel_i,
  output wire                    wbs_stall_o,
  output wire                    wbs_ack_o,
  output wire                    wbs_err_o,
  output wire [63:0]             wbs_dat_o
);
  wire                mem_req_valid, mem_req_ready, mem_req_we, mem_rsp_valid, mem_rsp_err;
  wire [PA_BITS-1:0]  mem_req_addr;
  wire [PTE_BITS-1:0] mem_req_wdata, mem_req_cmp, mem_rsp_data;
  wire                reg_we;
  wire [7:0]          reg_addr;
  wire [63:0]         reg_wdata, reg_rdata;

  mmu_top #(
    .VA_BITS(VA_BITS), .VA_PORT_BITS(VA_PORT_BITS), .VA_SIGN_EXTEND(VA_SIGN_EXTEND), .PA_BITS(PA_BITS),
    .PAGE_SHIFT(PAGE_SHIFT), .LEVELS(LEVELS), .VPN_BITS(VPN_BITS), .PTE_FORMAT(PTE_FORMAT),
    .PTE_BYTES(PTE_BYTES), .PPN_BITS(PPN_BITS), .ASID_BITS(ASID_BITS), .SUPERPAGES(SUPERPAGES),
    .SEG_SEL_BITS(SEG_SEL_BITS), .SEG_COUNT(SEG_COUNT), .TLB_SETS(TLB_SETS), .TLB_WAYS(TLB_WAYS),
    .TLB_REPL(TLB_REPL), .SEGMENTATION(SEGMENTATION), .SVADU(SVADU), .FLUSH_EXACT(FLUSH_EXACT),
    .CTR_BITS(CTR_BITS), .HIT_STAGES(HIT_STAGES), .ISOLATE(ISOLATE),
    .PWC_ENTRIES(PWC_ENTRIES), .ID_BITS(ID_BITS)
  ) u_mmu (
    .clk_i(clk_i), .rst_i(rst_i),
    .req_valid_i(req_valid_i), .req_ready_o(req_ready_o), .req_va_i(req_va_i), .req_acc_i(req_acc_i),
    .req_priv_i(req_priv_i), .req_id_i(req_id_i),
    .rsp_valid_o(rsp_valid_o), .rsp_pa_o(rsp_pa_o), .rsp_fault_o(rsp_fault_o), .rsp_cause_o(rsp_cause_o),
    .rsp_level_o(rsp_level_o), .rsp_hit_o(rsp_hit_o), .rsp_id_o(rsp_id_o),
    .mem_req_valid_o(mem_req_valid), .mem_req_ready_i(mem_req_ready), .mem_req_addr_o(mem_req_addr),
    .mem_req_we_o(mem_req_we), .mem_req_wdata_o(mem_req_wdata), .mem_req_cmp_o(mem_req_cmp),
    .mem_rsp_valid_i(mem_rsp_valid), .mem_rsp_data_i(mem_rsp_data), .mem_rsp_err_i(mem_rsp_err),
    .reg_we_i(reg_we), .reg_addr_i(reg_addr), .reg_wdata_i(reg_wdata), .reg_rdata_o(reg_rdata));

  mmu_wb_walker #(.PA_BITS(PA_BITS), .PTE_BITS(PTE_BITS)) u_walker_bus (
    .clk_i(clk_i), .rst_i(rst_i),
    .mem_req_valid_i(mem_req_valid), .mem_req_ready_o(mem_req_ready), .mem_req_addr_i(mem_req_addr),
    .mem_req_we_i(mem_req_we), .mem_req_wdata_i(mem_req_wdata), .mem_req_cmp_i(mem_req_cmp),
    .mem_rsp_valid_o(mem_rsp_valid), .mem_rsp_data_o(mem_rsp_data), .mem_rsp_err_o(mem_rsp_err),
    .wb_cyc_o(wbm_cyc_o), .wb_stb_o(wbm_stb_o), .wb_we_o(wbm_we_o), .wb_lock_o(wbm_lock_o),
    .wb_adr_o(wbm_adr_o), .wb_dat_o(wbm_dat_o), .wb_sel_o(wbm_sel_o), .wb_stall_i(wbm_stall_i),
    .wb_ack_i(wbm_ack_i), .wb_err_i(wbm_err_i), .wb_dat_i(wbm_dat_i));

  mmu_wb_regs #(.ADR_BITS(REG_ADR_BITS)) u_regs_bus (
    .clk_i(clk_i), .rst_i(rst_i),
    .wb_cyc_i(wbs_cyc_i), .wb_stb_i(wbs_stb_i), .wb_we_i(wbs_we_i), .wb_adr_i(wbs_adr_i),
    .wb_dat_i(wbs_dat_i), .wb_sel_i(wbs_sel_i), .wb_stall_o(wbs_stall_o), .wb_ack_o(wbs_ack_o),
    .wb_err_o(wbs_err_o), .wb_dat_o(wbs_dat_o),
    .reg_we_o(reg_we), .reg_addr_o(reg_addr), .reg_wdata_o(reg_wdata), .reg_rdata_i(reg_rdata));
endmodule
