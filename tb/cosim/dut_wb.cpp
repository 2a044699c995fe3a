// dut_wb.cpp -- compiled once per profile with
//   -DCOSIM_VCLASS=Vmmu_wb_<id> -DCOSIM_VHDR='"Vmmu_wb_<id>.h"' -DCOSIM_FACTORY=cosim_wb_new_<id>
// (tb/cosim.mk); wraps that Verilated mmu_wb in the CosimWbDut interface.
#include "dut_bus.h"

#include <memory>
#include COSIM_VHDR
#include "verilated.h"

namespace {

class WbDut final : public CosimWbDut {
  public:
    explicit WbDut(uint64_t seed) {
        ctx_.reset(new VerilatedContext);
        ctx_->randReset(2);                       // undefined state starts random
        ctx_->randSeed((int)(seed & 0x7fffffff));
        ctx_->fatalOnError(false);
        m_.reset(new COSIM_VCLASS(ctx_.get()));
        m_->clk_i = 0;
        m_->eval();
    }
    ~WbDut() override { m_->final(); }
    void eval(const mmu_wb_in &in, mmu_wb_out &o) override {
        COSIM_VCLASS *m = m_.get();
        m->clk_i = 0;
        m->rst_i = in.rst;
        m->req_valid_i = in.req_valid;
        m->req_va_i = in.req_va;
        m->req_acc_i = in.req_acc & 3u;
        m->req_priv_i = in.req_priv & 1u;
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
        o.req_ready = m->req_ready_o;
        o.rsp_valid = m->rsp_valid_o;
        o.rsp_pa = m->rsp_pa_o;
        o.rsp_fault = m->rsp_fault_o;
        o.rsp_cause = m->rsp_cause_o;
        o.rsp_level = m->rsp_level_o;
        o.rsp_hit = m->rsp_hit_o;
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
    void tick() override {
        m_->clk_i = 1;
        m_->eval();
    }
    bool finished() const override { return ctx_->gotFinish(); }

  private:
    std::unique_ptr<VerilatedContext> ctx_;
    std::unique_ptr<COSIM_VCLASS> m_;
};

}  // namespace

CosimWbDut *COSIM_FACTORY(uint64_t seed) { return new WbDut(seed); }
