// mmu_axi -- mmu_top with AXI ports: the walker's memory port as an AXI4
// master (mmu_axi_walker: single-beat reads, exclusive accesses for the
// Svadu compare-and-swap), the register port as an AXI4-Lite slave
// (mmu_axil_regs). The translation port stays mmu_top's own.
// docs/integration.md. ID_BITS is mmu_top's (request IDs of the translation
// port, profile id_bits); AXI_ID_BITS the width of the walker master's AXI
// IDs (always ID 0), called ID_BITS before mmu_top had request IDs.
`default_nettype none
`include "mmu_profile.vh"

module mmu_axi #(
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
  parameter integer AXI_ID_BITS    = 1,               // AXI ID width of the walker master (ID 0 only)
  parameter integer REG_ADDR_BITS  = 11
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
  // walker memory: AXI4 master (byte addresses, PTE_BITS data)
  output wire                     m_axi_arvalid,
  input  wire                     m_axi_arready,
  output wire [AXI_ID_BITS-1:0]   m_axi_arid,
  output wire [PA_BITS-1:0]       m_axi_araddr,
  output wire [7:0]               m_axi_arlen,
  output wire [2:0]               m_axi_arsize,
  output wire [1:0]               m_axi_arburst,
  output wire                     m_axi_arlock,
  output wire [3:0]               m_axi_arcache,
  output wire [2:0]               m_axi_arprot,
  input  wire                     m_axi_rvalid,
  output wire                     m_axi_rready,
  input  wire [AXI_ID_BITS-1:0]   m_axi_rid,
  input  wire [PTE_BITS-1:0]      m_axi_rdata,
  input  wire [1:0]               m_axi_rresp,
  input  wire                     m_axi_rlast,
  output wire                     m_axi_awvalid,
  input  wire                     m_axi_awready,
  output wire [AXI_ID_BITS-1:0]   m_axi_awid,
  output wire [PA_BITS-1:0]       m_axi_awaddr,
  output wire [7:0]               m_axi_awlen,
  output wire [2:0]               m_axi_awsize,
  output wire [1:0]               m_axi_awburst,
  output wire                     m_axi_awlock,
  output wire [3:0]               m_axi_awcache,
  output wire [2:0]               m_axi_awprot,
  output wire                     m_axi_wvalid,
  input  wire                     m_axi_wready,
  output wire [PTE_BITS-1:0]      m_axi_wdata,
  output wire [PTE_BYTES-1:0]     m_axi_wstrb,
  output wire                     m_axi_wlast,
  input  wire                     m_axi_bvalid,
  output wire                     m_axi_bready,
  input  wire [AXI_ID_BITS-1:0]   m_axi_bid,
  input  wire [1:0]               m_axi_bresp,
  // registers: AXI4-Lite slave (byte addresses, 64-bit data)
  input  wire                     s_axil_awvalid,
  output wire                     s_axil_awready,
  input  wire [REG_ADDR_BITS-1:0] s_axil_awaddr,
  input  wire [2:0]               s_axil_awprot,
  input  wire                     s_axil_wvalid,
  output wire                     s_axil_wready,
  input  wire [63:0]              s_axil_wdata,
  input  wire [7:0]               s_axil_wstrb,
  output wire                     s_axil_bvalid,
  input  wire                     s_axil_bready,
  output wire [1:0]               s_axil_bresp,
  input  wire                     s_axil_arvalid,
  output wire                     s_axil_arready,
  input  wire [REG_ADDR_BITS-1:0] s_axil_araddr,
  input  wire [2:0]               s_axil_arprot,
  output wire                     s_axil_rvalid,
  input  wire                     s_axil_rready,
  output wire [63:0]              s_axil_rdata,
  output wire [1:0]               s_axil_rresp
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

  mmu_axi_walker #(.PA_BITS(PA_BITS), .PTE_BITS(PTE_BITS), .ID_BITS(AXI_ID_BITS)) u_walker_bus (
    .clk_i(clk_i), .rst_i(rst_i),
    .mem_req_valid_i(mem_req_valid), .mem_req_ready_o(mem_req_ready), .mem_req_addr_i(mem_req_addr),
    .mem_req_we_i(mem_req_we), .mem_req_wdata_i(mem_req_wdata), .mem_req_cmp_i(mem_req_cmp),
    .mem_rsp_valid_o(mem_rsp_valid), .mem_rsp_data_o(mem_rsp_data), .mem_rsp_err_o(mem_rsp_err),
    .m_axi_arvalid(m_axi_arvalid), .m_axi_arready(m_axi_arready), .m_axi_arid(m_axi_arid),
    .m_axi_araddr(m_axi_araddr), .m_axi_arlen(m_axi_arlen), .m_axi_arsize(m_axi_arsize),
    .m_axi_arburst(m_axi_arburst), .m_axi_arlock(m_axi_arlock), .m_axi_arcache(m_axi_arcache),
    .m_axi_arprot(m_axi_arprot),
    .m_axi_rvalid(m_axi_rvalid), .m_axi_rready(m_axi_rready), .m_axi_rid(m_axi_rid),
    .m_axi_rdata(m_axi_rdata), .m_axi_rresp(m_axi_rresp), .m_axi_rlast(m_axi_rlast),
    .m_axi_awvalid(m_axi_awvalid), .m_axi_awready(m_axi_awready), .m_axi_awid(m_axi_awid),
    .m_axi_awaddr(m_axi_awaddr), .m_axi_awlen(m_axi_awlen), .m_axi_awsize(m_axi_awsize),
    .m_axi_awburst(m_axi_awburst), .m_axi_awlock(m_axi_awlock), .m_axi_awcache(m_axi_awcache),
    .m_axi_awprot(m_axi_awprot),
    .m_axi_wvalid(m_axi_wvalid), .m_axi_wready(m_axi_wready), .m_axi_wdata(m_axi_wdata),
    .m_axi_wstrb(m_axi_wstrb), .m_axi_wlast(m_axi_wlast),
    .m_axi_bvalid(m_axi_bvalid), .m_axi_bready(m_axi_bready), .m_axi_bid(m_axi_bid),
    .m_axi_bresp(m_axi_bresp));

  mmu_axil_regs #(.ADDR_BITS(REG_ADDR_BITS)) u_regs_bus (
    .clk_i(clk_i), .rst_i(rst_i),
    .s_axil_awvalid(s_axil_awvalid), .s_axil_awready(s_axil_awready), .s_axil_awaddr(s_axil_awaddr),
    .s_axil_awprot(s_axil_awprot), .s_axil_wvalid(s_axil_wvalid), .s_axil_wready(s_axil_wready),
    .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb), .s_axil_bvalid(s_axil_bvalid),
    .s_axil_bready(s_axil_bready), .s_axil_bresp(s_axil_bresp), .s_axil_arvalid(s_axil_arvalid),
    .s_axil_arready(s_axil_arready), .s_axil_araddr(s_axil_araddr), .s_axil_arprot(s_axil_arprot),
    .s_axil_rvalid(s_axil_rvalid), .s_axil_rready(s_axil_rready), .s_axil_rdata(s_axil_rdata),
    .s_axil_rresp(s_axil_rresp),
    .reg_we_o(reg_we), .reg_addr_o(reg_addr), .reg_wdata_o(reg_wdata), .reg_rdata_i(reg_rdata));
endmodule
