// dut_wb.cpp -- compiled once per profile with
//   -DCOSIM_VCLASS=Vmmu_wb_<id> -DCOSIM_VHDR='"Vmmu_wb_<id>.h"' -DCOSIM_FACTORY=cosim_wb_new_<id>
// (tb/cosim.mk); wraps that Verilated mmu_wb in the CosimWbDut interface.
#include "dut_bus.h"

#include COSIM_VHDR
#include "dut_bus_top.h"

namespace {

class WbDut final : public CosimWbDut {
  public:
    explicit WbDut(uint64_t seed) : top_(seed) {}
    void eval(const mmu_wb_in &in, mmu_wb_out &o) override {
        COSIM_VCLASS *m = top_.m();
        top_.drive_translation(in);
        m->wbm_stall_i = in.wbm_stall;
        m->wbm_ack_i = in.wbm_ack;
        m->wbm_err_i = in.wbm_err;
        m->wbm_dat_i = in.wbm_dat;
        m->wbs_cyc_i = in.wbs_cyc;
        m->wbs_stb_i = in.wbs_stb;
        m->wbs_we_i = in.wbs_we;
        m->wbs_adr_i = in.wbs_adr & 0x7ffu;
        m->wbs_dat_i = in.wbs_dat;
        m->wbs_sel_i = in.wbs_sel & 0xffu;
        m->eval();
        top_.read_translation(o);
        o.wbm_cyc = m->wbm_cyc_o;
        o.wbm_stb = m->wbm_stb_o;
        o.wbm_we = m->wbm_we_o;
        o.wbm_lock = m->wbm_lock_o;
        o.wbm_adr = m->wbm_adr_o;
        o.wbm_dat = m->wbm_dat_o;
        o.wbm_sel = m->wbm_sel_o;
        o.wbs_stall = m->wbs_stall_o;
        o.wbs_ack = m->wbs_ack_o;
        o.wbs_err = m->wbs_err_o;
        o.wbs_dat = m->wbs_dat_o;
    }
    void tick() override { top_.tick(); }
    bool finished() const override { return top_.finished(); }

  private:
    VerilatedBusTop<COSIM_VCLASS> top_;
};

}  // namespace

CosimWbDut *COSIM_FACTORY(uint64_t seed) { return new WbDut(seed); }
