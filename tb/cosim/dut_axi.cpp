// dut_axi.cpp -- compiled once per profile with
//   -DCOSIM_VCLASS=Vmmu_axi_<id> -DCOSIM_VHDR='"Vmmu_axi_<id>.h"' -DCOSIM_FACTORY=cosim_axi_new_<id>
// (tb/cosim.mk); wraps that Verilated mmu_axi in the CosimAxiDut interface.
#include "dut_bus.h"

#include COSIM_VHDR
#include "dut_bus_top.h"

namespace {

class AxiDut final : public CosimAxiDut {
  public:
    explicit AxiDut(uint64_t seed) : top_(seed) {}
    void eval(const mmu_axi_in &in, mmu_axi_out &o) override {
        COSIM_VCLASS *m = top_.m();
        top_.drive_translation(in);
        m->m_axi_arready = in.arready;
        m->m_axi_rvalid = in.rvalid;
        m->m_axi_rid = in.rid & 1u;
        m->m_axi_rdata = in.rdata;
        m->m_axi_rresp = in.rresp & 3u;
        m->m_axi_rlast = in.rlast;
        m->m_axi_awready = in.awready;
        m->m_axi_wready = in.wready;
        m->m_axi_bvalid = in.bvalid;
        m->m_axi_bid = in.bid & 1u;
        m->m_axi_bresp = in.bresp & 3u;
        m->s_axil_awvalid = in.s_awvalid;
        m->s_axil_awaddr = in.s_awaddr & 0x7ffu;
        m->s_axil_awprot = in.s_awprot & 7u;
        m->s_axil_wvalid = in.s_wvalid;
        m->s_axil_wdata = in.s_wdata;
        m->s_axil_wstrb = in.s_wstrb & 0xffu;
        m->s_axil_bready = in.s_bready;
        m->s_axil_arvalid = in.s_arvalid;
        m->s_axil_araddr = in.s_araddr & 0x7ffu;
        m->s_axil_arprot = in.s_arprot & 7u;
        m->s_axil_rready = in.s_rready;
        m->eval();
        top_.read_translation(o);
        o.arvalid = m->m_axi_arvalid;
        o.arid = m->m_axi_arid;
        o.araddr = m->m_axi_araddr;
        o.arlen = m->m_axi_arlen;
        o.arsize = m->m_axi_arsize;
        o.arburst = m->m_axi_arburst;
        o.arlock = m->m_axi_arlock;
        o.arcache = m->m_axi_arcache;
        o.arprot = m->m_axi_arprot;
        o.rready = m->m_axi_rready;
        o.awvalid = m->m_axi_awvalid;
        o.awid = m->m_axi_awid;
        o.awaddr = m->m_axi_awaddr;
        o.awlen = m->m_axi_awlen;
        o.awsize = m->m_axi_awsize;
        o.awburst = m->m_axi_awburst;
        o.awlock = m->m_axi_awlock;
        o.awcache = m->m_axi_awcache;
        o.awprot = m->m_axi_awprot;
        o.wvalid = m->m_axi_wvalid;
        o.wdata = m->m_axi_wdata;
        o.wstrb = m->m_axi_wstrb;
        o.wlast = m->m_axi_wlast;
        o.bready = m->m_axi_bready;
        o.s_awready = m->s_axil_awready;
        o.s_wready = m->s_axil_wready;
        o.s_bvalid = m->s_axil_bvalid;
        o.s_bresp = m->s_axil_bresp;
        o.s_arready = m->s_axil_arready;
        o.s_rvalid = m->s_axil_rvalid;
        o.s_rdata = m->s_axil_rdata;
        o.s_rresp = m->s_axil_rresp;
    }
    void tick() override { top_.tick(); }
    bool finished() const override { return top_.finished(); }

  private:
    VerilatedBusTop<COSIM_VCLASS> top_;
};

}  // namespace

CosimAxiDut *COSIM_FACTORY(uint64_t seed) { return new AxiDut(seed); }
