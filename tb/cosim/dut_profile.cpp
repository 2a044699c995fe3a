// dut_profile.cpp -- compiled once per model with
//   -DCOSIM_VCLASS=Vmmu_<id> -DCOSIM_VHDR='"Vmmu_<id>.h"' -DCOSIM_FACTORY=cosim_new_<id>
//   -DCOSIM_ID_W=<width of req_id_i/rsp_id_o: the profile's id_bits, at least 1>
// (tb/cosim.mk); wraps that Verilated model in the CosimDut interface.
// With -DCOSIM_FAST=1 the model is tb/cosim/mmu_cosim_top.v, untraced: step()
// only (dut.h), one Verilator evaluation per cycle.
#include "dut.h"

#include <cstdlib>
#include <memory>
#include <string>
#include COSIM_VHDR
// the root class header, Vmmu_<id>___024root.h, named from COSIM_VCLASS
#define COSIM_STR_(x) #x
#define COSIM_STR(x) COSIM_STR_(x)
#define COSIM_ROOT_HDR_(c) COSIM_STR(c##___024root.h)
#define COSIM_ROOT_HDR(c) COSIM_ROOT_HDR_(c)
#include COSIM_ROOT_HDR(COSIM_VCLASS)
#include "verilated.h"
#include "verilated_fst_c.h"

#ifndef COSIM_FAST
#define COSIM_FAST 0
#endif
// req_id_i is driven masked to its width: Verilator expects the bits above a
// port's width to be 0, and the model sees only the port's bits.
#if !defined(COSIM_ID_W) || COSIM_ID_W < 1 || COSIM_ID_W > 8
#error "COSIM_ID_W must be the profile's req_id_i width, 1..8 (tb/cosim.mk passes it)"
#endif
#include <cstdio>

namespace {

// The rising edge without a falling-edge eval: Verilator 5 finds a posedge by
// comparing clk_i with its value at the last eval(), kept in the root. Where
// that member exists (5.0xx) step() clears it and evaluates once per cycle;
// elsewhere it falls back to two evals.
template <class Root>
auto arm_posedge(Root *r, int) -> decltype(r->__Vtrigrprev__TOP__clk_i = 0, bool()) {
    r->__Vtrigrprev__TOP__clk_i = 0;
    return true;
}
template <class Root>
bool arm_posedge(Root *, long) { return false; }

class Dut final : public CosimDut {
  public:
    explicit Dut(uint64_t seed) {
        ctx_.reset(new VerilatedContext);
        ctx_->randReset(2);                       // undefined state starts random
        ctx_->randSeed((int)(seed & 0x7fffffff));
        ctx_->traceEverOn(!COSIM_FAST);
        ctx_->fatalOnError(false);
        // the injected-bug build (rtl/mmu_inject.vh): MMU_INJECT=N selects bug
        // N, unset bug 1 (what the one-bug build did); other builds ignore it
        {
            const char *inj = getenv("MMU_INJECT");
            std::string arg = std::string("+mmu_inject=") + (inj && *inj ? inj : "1");
            const char *argv[] = {"mmu-cosim", arg.c_str()};
            ctx_->commandArgs(2, argv);
        }
        m_.reset(new COSIM_VCLASS(ctx_.get()));
        m_->clk_i = 0;
        m_->eval();        // initial blocks and settle, with the clock low (step() needs it)
    }
    ~Dut() override {
        trace_close();
        m_->final();
    }
#if COSIM_FAST
    // mmu_top one edge behind: the inputs of cycle t, one edge, the outputs of t.
    void step(const mmu_cycle_in &in, mmu_cycle_out &o) override {
        drive(in);
        edge();
        read(o);
    }
    unsigned edge_lag() const override { return 1; }
    void drain() override {
        if (!ctx_->gotFinish()) edge();   // the last cycle's edge (its assertions)
    }
    void eval(const mmu_cycle_in &, mmu_cycle_out &) override { no_trace("eval"); }
    void tick() override { no_trace("tick"); }
    bool trace_open(const char *) override { no_trace("trace_open"); return false; }
    void trace_close() override {}
    [[noreturn]] static void no_trace(const char *what) {
        fprintf(stderr, "mmu-cosim: internal: %s() on the fast model (runs that write a waveform use the traced one)\n",
                what);
        abort();
    }
#else
    void eval(const mmu_cycle_in &in, mmu_cycle_out &o) override {
        COSIM_VCLASS *m = m_.get();
        m->clk_i = 0;
        drive(in);
        m->eval();
        read(o);
        if (tfp_) tfp_->dump(t_ * 10);
    }
    void step(const mmu_cycle_in &in, mmu_cycle_out &o) override {
        read(o);                       // outputs depend on state only (docs/rtl.md)
        drive(in);
        edge();
    }
    void tick() override {
        m_->clk_i = 1;
        m_->eval();
        if (tfp_) tfp_->dump(t_ * 10 + 5);
        t_++;
    }
    bool trace_open(const char *path) override {
        trace_close();
        tfp_.reset(new VerilatedFstC);
        m_->trace(tfp_.get(), 99);
        tfp_->open(path);
        return tfp_->isOpen();
    }
    void trace_close() override {
        if (tfp_) { tfp_->close(); tfp_.reset(); }
    }
#endif
    // One rising edge, in one Verilator eval where the root keeps the clock's
    // last value (5.0xx), else with a falling-edge eval first.
    void edge() {
        COSIM_VCLASS *m = m_.get();
        m->clk_i = 1;
        if (!arm_posedge(m->rootp, 0)) {
            m->clk_i = 0;
            m->eval();
            m->clk_i = 1;
        }
        m->eval();
        t_++;
    }
    void drive(const mmu_cycle_in &in) {
        COSIM_VCLASS *m = m_.get();
        m->rst_i = in.rst;
        m->req_valid_i = in.req_valid;
        m->req_va_i = in.req_va;
        m->req_acc_i = in.req_acc & 3u;
        m->req_priv_i = in.req_priv & 1u;
        m->req_id_i = in.req_id & ((1u << COSIM_ID_W) - 1u);
        m->mem_req_ready_i = in.mem_req_ready;
        m->mem_rsp_valid_i = in.mem_rsp_valid;
        m->mem_rsp_data_i = in.mem_rsp_data;
        m->mem_rsp_err_i = in.mem_rsp_err;
        m->reg_we_i = in.reg_we;
        m->reg_addr_i = in.reg_addr & 0xffu;
        m->reg_wdata_i = in.reg_wdata;
    }
    void read(mmu_cycle_out &o) {
        COSIM_VCLASS *m = m_.get();
        o.req_ready = m->req_ready_o;
        o.rsp_valid = m->rsp_valid_o;
        o.rsp_pa = m->rsp_pa_o;
        o.rsp_fault = m->rsp_fault_o;
        o.rsp_cause = m->rsp_cause_o;
        o.rsp_level = m->rsp_level_o;
        o.rsp_hit = m->rsp_hit_o;
        o.rsp_id = m->rsp_id_o;
        o.mem_req_valid = m->mem_req_valid_o;
        o.mem_req_addr = m->mem_req_addr_o;
        o.mem_req_we = m->mem_req_we_o;
        o.mem_req_wdata = m->mem_req_wdata_o;
        o.mem_req_cmp = m->mem_req_cmp_o;
        o.reg_rdata = m->reg_rdata_o;
    }
    bool finished() const override { return ctx_->gotFinish(); }

  private:
    std::unique_ptr<VerilatedContext> ctx_;
    std::unique_ptr<COSIM_VCLASS> m_;
    std::unique_ptr<VerilatedFstC> tfp_;
    uint64_t t_ = 0;
};

}  // namespace

CosimDut *COSIM_FACTORY(uint64_t seed) { return new Dut(seed); }
