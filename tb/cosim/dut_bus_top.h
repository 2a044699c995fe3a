// dut_bus_top.h -- what the Verilated bus tops of dut_wb.cpp and dut_axi.cpp
// share: the context (undefined state starts random, from the seed), the clock
// edge, and the translation port, which both tops have as mmu_top has it.
// Request IDs pass through both tops unchanged (req_id_i masked to the port's
// COSIM_ID_W bits, from the profile's header by tb/cosim.mk).
#ifndef COSIM_DUT_BUS_TOP_H
#define COSIM_DUT_BUS_TOP_H

#include <cstdint>
#include <memory>

#include "verilated.h"

#if !defined(COSIM_ID_W) || COSIM_ID_W < 1 || COSIM_ID_W > 8
#error "COSIM_ID_W must be the profile's req_id_i width, 1..8 (tb/cosim.mk passes it)"
#endif

template <class V>
class VerilatedBusTop {
  public:
    explicit VerilatedBusTop(uint64_t seed) {
        ctx_.reset(new VerilatedContext);
        ctx_->randReset(2);
        ctx_->randSeed((int)(seed & 0x7fffffff));
        ctx_->fatalOnError(false);
        m_.reset(new V(ctx_.get()));
        m_->clk_i = 0;
        m_->eval();        // initial blocks and settle, with the clock low
    }
    ~VerilatedBusTop() { m_->final(); }
    V *m() { return m_.get(); }
    void tick() {
        m_->clk_i = 1;
        m_->eval();
    }
    bool finished() const { return ctx_->gotFinish(); }
    // clock low, reset and the translation request
    template <class In>
    void drive_translation(const In &in) {
        m_->clk_i = 0;
        m_->rst_i = in.rst;
        m_->req_valid_i = in.req_valid;
        m_->req_va_i = in.req_va;
        m_->req_acc_i = in.req_acc & 3u;
        m_->req_priv_i = in.req_priv & 1u;
        m_->req_id_i = in.req_id & ((1u << COSIM_ID_W) - 1u);
    }
    template <class Out>
    void read_translation(Out &o) const {
        o.req_ready = m_->req_ready_o;
        o.rsp_valid = m_->rsp_valid_o;
        o.rsp_pa = m_->rsp_pa_o;
        o.rsp_fault = m_->rsp_fault_o;
        o.rsp_cause = m_->rsp_cause_o;
        o.rsp_level = m_->rsp_level_o;
        o.rsp_hit = m_->rsp_hit_o;
        o.rsp_id = m_->rsp_id_o;
    }

  private:
    std::unique_ptr<VerilatedContext> ctx_;
    std::unique_ptr<V> m_;
};

#endif
