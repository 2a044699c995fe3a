// bus_run.cpp -- `mmu-cosim --bus wb|axi`: the Verilated mmu_wb or mmu_axi and
// its cycle model (cmodel/cycle/mmu_wb.c, mmu_axi.c) in lockstep, the harness
// driving the bus side. Wishbone below; AXI (run_axi) the same way, with the
// differences listed there.
//
//   cycle n:  env_drive -> native inputs (translation request, walker-memory
//             decisions, register write or read address)
//             register master: the env's write, else a read (or a refused
//                              partial write) at random, as Wishbone requests
//             walker slave:    STALL, ACK/ERR and DAT of the env's memory for a
//                              read or locked read; its own random STALL and
//                              wait states for the locked write of a CAS
//             RTL eval, model eval (same bus inputs) -> every bus output compared
//             env_observe on the native view (arch check of each translation,
//             the walker-port monitors)
//             RTL tick, model tick
//
// The env's memory performs a compare-and-swap atomically when it answers the
// locked read (the bus LOCK makes the read-compare-write atomic, so the memory
// may as well do it then); the harness then requires the bridge's locked write
// to come exactly when the value read equals the compare value, to the same
// address with the new value, and no write otherwise. The compare value is
// never on the bus: it comes from the model's mmu_top (the same as the RTL's
// while the lockstep holds). docs/cosim.md "Bus tops".
#include "bus_run.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "dut_bus.h"
extern "C" {
#include "mmu_bus_cycle.h"
#include "mmu_cycle.h"
}

namespace {

const unsigned kPreamble = 8;   // as main.cpp: reset, CONFIG0/1 read, reset

struct Div {
    uint64_t cycle;
    std::string signal;
    uint64_t rtl, model;
    std::string msg;
};

struct BusCounts {
    uint64_t compared = 0;        // cycles whose bus outputs were compared
    uint64_t reads = 0, cas_reads = 0, cas_writes = 0, stall_cycles = 0, write_waits = 0;
    uint64_t reg_writes = 0, reg_reads = 0, reg_partial = 0, reg_acks = 0, reg_errs = 0;
    uint64_t ex_fails = 0, ex_retries = 0, no_monitor = 0, reg_rstall = 0;   // AXI
};

struct RunOut {
    std::vector<Div> divs;
    BusCounts n;
    bool config_ok = true;
    std::string config_msg;
    uint64_t cycles = 0;
    double wall = 0;
    mmu_env_stats st{};
    std::string hist;
};

std::string hexs(uint64_t v) {
    char b[24];
    snprintf(b, sizeof b, "0x%" PRIx64, v);
    return b;
}

void add_div(RunOut &R, uint64_t cyc, const std::string &s, uint64_t a, uint64_t b, const std::string &msg) {
    if (R.divs.size() < 64) R.divs.push_back({cyc, s, a, b, msg});
}

// Both tops have the native translation port: the env sees it as it is.
template <class BusOut>
void copy_translation_port(const BusOut &ro, mmu_cycle_out &nout) {
    nout.req_ready = ro.req_ready;
    nout.rsp_valid = ro.rsp_valid;
    nout.rsp_pa = ro.rsp_pa;
    nout.rsp_fault = ro.rsp_fault;
    nout.rsp_cause = ro.rsp_cause;
    nout.rsp_level = ro.rsp_level;
    nout.rsp_hit = ro.rsp_hit;
    nout.rsp_id = ro.rsp_id;
}

// The arch check and the walker-port monitors on the native view; true on a failure.
bool env_observe(mmu_env *env, const mmu_cycle_in &nin, const mmu_cycle_out &nout, RunOut &R) {
    mmu_error err;
    if (!mmu_env_observe(env, &nin, &nout, &err)) return false;
    const mmu_env_failure_info *f = mmu_env_failure(env);
    add_div(R, f->cycle + kPreamble, f->signal, f->rtl, f->model, f->msg);
    return true;
}

// After the clock edge: the model's invariants, an RTL assertion, a divergence,
// the end of the stimulus, progress. True when the run stops with this cycle.
bool stop_after_tick(RunOut &R, const BusRunOptions &o, const mmu_profile &p, mmu_env *env, uint64_t cyc,
                     uint64_t total, bool diverged, bool model_broke, const char *violation, bool rtl_finished) {
    if (model_broke) {
        add_div(R, cyc, "model.invariant", 1, 0, std::string("the cycle model broke the docs/rtl.md assertion '") +
                                                     (violation ? violation : "?") + "'");
        diverged = true;
    }
    if (rtl_finished) {
        add_div(R, cyc, "rtl.assert", 1, 0, "an RTL assertion (MMU_ASSERTS) fired: see the MMU_ASSERT line above");
        return true;
    }
    if (diverged || (cyc >= kPreamble && mmu_env_done(env))) return true;
    if (!o.quiet && (cyc & 0xfffff) == 0 && cyc)
        fprintf(stderr, "mmu-cosim: %s --bus %s seed %" PRIu64 ": %.1fM / %.1fM cycles\n", p.name, o.bus.c_str(),
                o.seed, cyc / 1e6, total / 1e6);
    return false;
}

// The run's totals and the env's history, then the env is freed.
void finish_run(RunOut &R, mmu_env *env, const mmu_env_config &cfg, uint64_t cycles,
                std::chrono::steady_clock::time_point t0) {
    R.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    R.cycles = cycles;
    R.st = *mmu_env_get_stats(env);
    std::vector<char> hist(320u * cfg.history + 4096);
    mmu_env_history(env, hist.data(), (unsigned)hist.size());
    R.hist = hist.data();
    mmu_env_free(env);
}


}  // namespace

bool bus_parse_waits(const char *s, unsigned *stall_pct, unsigned *max_wait, unsigned *rready_low_pct) {
    if (!strcmp(s, "none")) { *stall_pct = 0; *max_wait = 1; *rready_low_pct = 0; return true; }
    unsigned a, b, c;
    char tail;
    int k = sscanf(s, "%u,%u,%u%c", &a, &b, &c, &tail);
    if (k == 2) c = a;
    else if (k != 3) return false;
    if (a > 90 || b < 1 || b > 16 || c > 90) return false;
    *stall_pct = a;
    *max_wait = b;
    *rready_low_pct = c;
    return true;
}

std::string bus_profiles(const std::string &bus) {
    std::string r;
    if (bus == "wb")
        for (const CosimWbEntry *e = cosim_wb_profiles; e->profile; e++) r += std::string(r.empty() ? "" : ", ") + e->profile;
    if (bus == "axi")
        for (const CosimAxiEntry *e = cosim_axi_profiles; e->profile; e++) r += std::string(r.empty() ? "" : ", ") + e->profile;
    return r;
}

namespace {

int run_wb(const BusRunOptions &o, const mmu_profile &p, const mmu_env_config &cfg, cosim_wb_factory make, RunOut &R) {
    mmu_error err;
    char eb[900];
    std::unique_ptr<CosimWbDut> dut(make(o.seed));
    mmu_wb_model *model = mmu_wb_model_new(&p, o.model_bugs, &err);
    if (!model) {
        fprintf(stderr, "mmu-cosim: bus model: %s\n", mmu_error_format(&err, eb, sizeof eb));
        return 2;
    }
    mmu_env *env = mmu_env_new(&p, &cfg, &err);
    if (!env) {
        fprintf(stderr, "mmu-cosim: %s\n", mmu_error_format(&err, eb, sizeof eb));
        mmu_wb_model_free(model);
        return 2;
    }
    unsigned nsig;
    const mmu_wb_signal *sig = mmu_wb_signals(&nsig);
    uint64_t c0, c1;
    mmu_env_expected_config(&p, &c0, &c1);
    mmu_rng rng;
    mmu_rng_seed(&rng, o.seed * 0x9e3779b97f4a7c15ull + 0xb05);   // the bus's own draws
    const uint64_t pte_mask = p.pte_bytes >= 8 ? ~0ull : ((1ull << (8 * p.pte_bytes)) - 1);

    BusCounts &n = R.n;
    bool &config_ok = R.config_ok;
    std::string &config_msg = R.config_msg;
    // walker slave state
    bool cas_pending = false;     // a locked read taken, the env's answer pending
    bool expect_write = false;    // the locked read matched: the locked write must follow
    bool write_out = false;       // the locked write taken, its ACK due in write_left cycles
    unsigned write_left = 0;
    uint64_t cas_addr = 0, cas_wdata = 0, cas_cmp = 0;
    bool reg_req_prev = false;    // register master: keep CYC for the ACK of last cycle's request

    mmu_cycle_in nin;
    mmu_cycle_out nout;
    mmu_wb_in bi;
    mmu_wb_out ro, mo;
    auto fail = [&](uint64_t cyc, const std::string &s, uint64_t a, uint64_t b, const std::string &msg) {
        add_div(R, cyc, s, a, b, msg);
    };
    uint64_t total = kPreamble + o.cycles, cyc = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (; cyc < total; cyc++) {
        bool env_on = cyc >= kPreamble;
        if (env_on) {
            mmu_env_drive(env, &nin);
        } else {
            memset(&nin, 0, sizeof nin);
            nin.rst = cyc < 2 || cyc >= kPreamble - 2;
            if (cyc == 2) nin.reg_addr = MMU_ENV_REG_CONFIG0;
            if (cyc == 3) nin.reg_addr = MMU_ENV_REG_CONFIG1;
            nin.mem_req_ready = true;
        }
        memset(&bi, 0, sizeof bi);
        bi.rst = nin.rst;
        bi.req_valid = nin.req_valid;
        bi.req_va = nin.req_va;
        bi.req_acc = nin.req_acc;
        bi.req_priv = nin.req_priv;
        bi.req_id = nin.req_id;

        // ---- register master: the env's write in its cycle; else a read, a partial write, or nothing
        uint64_t r = mmu_rng_next(&rng);
        bi.wbs_adr = ((nin.reg_addr & 0xffu) << 3) | (unsigned)(r & 7);   // ADR[2:0] not decoded
        bi.wbs_dat = nin.reg_wdata;
        bi.wbs_sel = 0xff;
        if (nin.reg_we) {
            bi.wbs_cyc = bi.wbs_stb = bi.wbs_we = true;
            n.reg_writes++;
        } else if (!env_on) {
            bi.wbs_stb = cyc == 2 || cyc == 3;            // the CONFIG reads
            bi.wbs_cyc = bi.wbs_stb || reg_req_prev;
        } else if ((r >> 8) % 100 < o.reg_read_pct) {
            bi.wbs_cyc = bi.wbs_stb = true;
            n.reg_reads++;
        } else if ((r >> 16) % 100 < 2) {                  // a partial write: ERR, and nothing written
            bi.wbs_cyc = bi.wbs_stb = bi.wbs_we = true;
            bi.wbs_sel = (unsigned)((r >> 24) & 0x7f);
            n.reg_partial++;
        } else {
            bi.wbs_cyc = reg_req_prev || ((r >> 32) & 1);  // CYC alone, or idle
        }
        if (bi.rst) bi.wbs_cyc = bi.wbs_stb = false;
        reg_req_prev = bi.wbs_cyc && bi.wbs_stb;

        // ---- walker slave: look at this cycle's request (the bus outputs depend on the state only)
        bi.wbm_stall = true;
        bi.wbm_dat = nin.mem_rsp_data;                     // junk unless ACK
        dut->eval(bi, ro);
        bool wr_phase = ro.wbm_stb && ro.wbm_we;
        if (wr_phase) bi.wbm_stall = (mmu_rng_next(&rng) % 100) < o.stall_pct;
        else bi.wbm_stall = !nin.mem_req_ready;
        if (nin.mem_rsp_valid) {                           // the env answers the read / locked read
            bi.wbm_ack = !nin.mem_rsp_err;
            bi.wbm_err = nin.mem_rsp_err;
        } else if (write_out && write_left == 0) {
            bi.wbm_ack = true;                             // the locked write's ACK
            write_out = false;
        }
        if (write_out) write_left--;
        dut->eval(bi, ro);
        mmu_wb_model_eval(model, &bi, &mo);

        // ---- compare every bus output (where the bus defines it)
        bool diverged = false;
        if (cyc >= 1) {
            n.compared++;
            for (unsigned s = 0; s < nsig; s++) {
                if (sig[s].when && !sig[s].when(&ro)) continue;
                uint64_t a = sig[s].get(&ro), b = sig[s].get(&mo);
                if (a != b) {
                    diverged = true;
                    fail(cyc, sig[s].name, a, b, "RTL and cycle model outputs differ");
                }
            }
        }
        // ---- preamble: CONFIG0/1 answered by the register slave
        if ((cyc == 3 || cyc == 4) && (!ro.wbs_ack || ro.wbs_dat != (cyc == 3 ? c0 : c1))) {
            config_ok = false;
            config_msg += std::string(config_msg.empty() ? "" : "; ") + (cyc == 3 ? "CONFIG0" : "CONFIG1") + " read " +
                          (ro.wbs_ack ? hexs(ro.wbs_dat) : std::string("not acknowledged")) + ", profile needs " +
                          hexs(cyc == 3 ? c0 : c1);
        }
        if (cyc == 4 && !config_ok) { cyc++; break; }

        // ---- walker slave bookkeeping and its bus-side checks
        const mmu_cycle_out *core = mmu_wb_model_core(model);
        if (bi.rst) cas_pending = expect_write = write_out = false;   // the bus is reset with the MMU
        bool first_taken = ro.wbm_stb && !ro.wbm_we && !bi.wbm_stall && !bi.rst;
        if (ro.wbm_stb && bi.wbm_stall) n.stall_cycles++;
        if (first_taken) {
            if (ro.wbm_lock) {
                cas_pending = true;
                cas_addr = ro.wbm_adr;
                cas_wdata = core->mem_req_wdata & pte_mask;
                cas_cmp = core->mem_req_cmp & pte_mask;
                n.cas_reads++;
            } else {
                n.reads++;
            }
        }
        if (env_on && nin.mem_rsp_valid && cas_pending) {
            cas_pending = false;
            expect_write = !nin.mem_rsp_err && (nin.mem_rsp_data & pte_mask) == cas_cmp;
        }
        if (wr_phase && !bi.rst) {
            if (!expect_write) {
                fail(cyc, "bus.wbm_we_o", 1, 0, "a write on the bus with no locked read that matched before it");
                diverged = true;
            } else if (!bi.wbm_stall) {
                if (ro.wbm_adr != cas_addr || (ro.wbm_dat & pte_mask) != cas_wdata || !ro.wbm_lock || !ro.wbm_cyc) {
                    fail(cyc, "bus.wbm_dat_o", ro.wbm_dat, cas_wdata,
                         "the locked write is not the CAS's new value to the address of the locked read, under LOCK "
                         "(address " + hexs(ro.wbm_adr) + ", expected " + hexs(cas_addr) + ")");
                    diverged = true;
                }
                expect_write = false;
                write_out = true;
                write_left = (unsigned)(mmu_rng_next(&rng) % o.max_wait);   // ACK 1..max_wait cycles later
                n.write_waits += write_left;
                n.cas_writes++;
            }
        }
        if (expect_write && !ro.wbm_lock && !cas_pending) {
            fail(cyc, "bus.wbm_lock_o", 0, 1, "LOCK dropped between a matching locked read and its write");
            diverged = true;
            expect_write = false;
        }
        if (ro.wbs_ack) n.reg_acks++;
        if (ro.wbs_err) n.reg_errs++;

        // ---- environment: arch check and walker-port monitors on the native view
        if (env_on) {
            copy_translation_port(ro, nout);
            nout.mem_req_valid = ro.wbm_stb && !ro.wbm_we;
            nout.mem_req_addr = ro.wbm_adr;
            nout.mem_req_we = nout.mem_req_valid && ro.wbm_lock;
            nout.mem_req_wdata = core->mem_req_wdata;
            nout.mem_req_cmp = core->mem_req_cmp;
            nout.reg_rdata = ro.wbs_dat;
            nin.mem_req_ready = !bi.wbm_stall;
            if (env_observe(env, nin, nout, R)) diverged = true;
        }
        dut->tick();
        mmu_wb_model_tick(model, &bi);
        const char *vn = nullptr;
        bool broke = mmu_wb_model_violations(model, &vn) != 0;
        if (stop_after_tick(R, o, p, env, cyc, total, diverged, broke, vn, dut->finished())) { cyc++; break; }
    }
    finish_run(R, env, cfg, cyc, t0);
    mmu_wb_model_free(model);
    return 0;
}

// The AXI top: the same env, the same comparison; the walker slave answers AR
// from the env's memory decisions and gives the exclusive write's AW, W and B
// their own random READY and latency; a share of the exclusive writes fails
// (BRESP OKAY: "another master wrote the word", the env's memory already holding
// the new value), so the bridge's retry is exercised (its exclusive read is
// answered from the env's memory, and must not be followed by a write). The
// register master is AXI4-Lite: the env's writes at least two cycles apart
// (the slave takes no write while B is pending), BREADY always 1, reads held
// on AR until taken, RREADY low at random.
int run_axi(const BusRunOptions &o, const mmu_profile &p, const mmu_env_config &cfg0, cosim_axi_factory make, RunOut &R) {
    mmu_error err;
    char eb[900];
    mmu_env_config cfg = cfg0;
    if (cfg.reg_write_gap < 2) cfg.reg_write_gap = 2;
    std::unique_ptr<CosimAxiDut> dut(make(o.seed));
    mmu_axi_model *model = mmu_axi_model_new(&p, o.model_bugs, &err);
    if (!model) {
        fprintf(stderr, "mmu-cosim: bus model: %s\n", mmu_error_format(&err, eb, sizeof eb));
        return 2;
    }
    mmu_env *env = mmu_env_new(&p, &cfg, &err);
    if (!env) {
        fprintf(stderr, "mmu-cosim: %s\n", mmu_error_format(&err, eb, sizeof eb));
        mmu_axi_model_free(model);
        return 2;
    }
    unsigned nsig;
    const mmu_axi_signal *sig = mmu_axi_signals(&nsig);
    uint64_t c0, c1;
    mmu_env_expected_config(&p, &c0, &c1);
    mmu_rng rng;
    mmu_rng_seed(&rng, o.seed * 0x9e3779b97f4a7c15ull + 0xa41);
    const uint64_t pte_mask = p.pte_bytes >= 8 ? ~0ull : ((1ull << (8 * p.pte_bytes)) - 1);
    const unsigned fail_pct = 25;           // exclusive writes answered OKAY (failed)

    BusCounts &n = R.n;
    // walker slave state
    bool cas_pending = false, expect_write = false, aw_taken = false, w_taken = false;
    bool b_out = false, b_fail = false, retry_expected = false, retry_r_out = false, retried = false;
    unsigned b_left = 0, retry_left = 0;
    uint64_t cas_addr = 0, cas_wdata = 0, cas_cmp = 0;
    // register master state
    bool ar_pending = false;
    unsigned ar_addr = 0;
    std::vector<uint64_t> pre_r;            // R beats of the preamble (CONFIG0, CONFIG1)

    mmu_cycle_in nin;
    mmu_cycle_out nout;
    mmu_axi_in ai;
    mmu_axi_out ro, mo;
    auto fail = [&](uint64_t cyc, const std::string &s, uint64_t a, uint64_t b, const std::string &msg) {
        add_div(R, cyc, s, a, b, msg);
    };
    auto pct = [&](unsigned percent) { return mmu_rng_next(&rng) % 100 < percent; };
    uint64_t total = kPreamble + o.cycles, cyc = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (; cyc < total; cyc++) {
        bool env_on = cyc >= kPreamble;
        if (env_on) {
            mmu_env_drive(env, &nin);
        } else {
            memset(&nin, 0, sizeof nin);
            nin.rst = cyc < 2 || cyc >= kPreamble - 2;
            nin.mem_req_ready = true;
        }
        memset(&ai, 0, sizeof ai);
        ai.rst = nin.rst;
        ai.req_valid = nin.req_valid;
        ai.req_va = nin.req_va;
        ai.req_acc = nin.req_acc;
        ai.req_priv = nin.req_priv;
        ai.req_id = nin.req_id;

        // ---- register master (AXI4-Lite)
        uint64_t r = mmu_rng_next(&rng);
        if (nin.rst) ar_pending = false;
        if (nin.reg_we) {
            ai.s_awvalid = ai.s_wvalid = true;
            ai.s_awaddr = ((nin.reg_addr & 0xffu) << 3) | (unsigned)(r & 7);
            ai.s_wdata = nin.reg_wdata;
            ai.s_wstrb = 0xff;
            ai.s_awprot = (unsigned)(r >> 3) & 7;
            n.reg_writes++;
        } else {
            ai.s_awaddr = (unsigned)(r >> 8) & 0x7ffu;      // junk without AWVALID
            ai.s_wdata = mmu_rng_next(&rng);
            ai.s_wstrb = (unsigned)(r >> 20) & 0xffu;
        }
        if (!ar_pending && !nin.rst) {
            if (!env_on) {
                if (cyc == 2 || cyc == 3) {
                    ar_pending = true;
                    ar_addr = (cyc == 2 ? MMU_ENV_REG_CONFIG0 : MMU_ENV_REG_CONFIG1) << 3;
                }
            } else if ((r >> 24) % 100 < o.reg_read_pct) {
                ar_pending = true;
                ar_addr = ((nin.reg_addr & 0xffu) << 3) | (unsigned)((r >> 32) & 7);
                n.reg_reads++;
            }
        }
        ai.s_arvalid = ar_pending;
        ai.s_araddr = ar_pending ? ar_addr : (unsigned)(r >> 40) & 0x7ffu;
        ai.s_arprot = (unsigned)(r >> 52) & 7;
        ai.s_bready = true;
        ai.s_rready = !env_on || !pct(o.rready_low_pct);

        // ---- walker slave: this cycle's requests (the master's outputs depend on the state only)
        ai.rdata = nin.mem_rsp_data;                     // junk unless RVALID
        ai.rresp = (unsigned)(r >> 56) & 3;
        ai.bresp = (unsigned)(r >> 58) & 3;
        dut->eval(ai, ro);
        ai.arready = retry_expected ? !pct(o.stall_pct) : nin.mem_req_ready;
        ai.awready = !pct(o.stall_pct);
        ai.wready = !pct(o.stall_pct);
        if (nin.mem_rsp_valid) {                          // the env answers the read / exclusive read
            ai.rvalid = true;
            ai.rdata = nin.mem_rsp_data;
            if (cas_pending)
                ai.rresp = nin.mem_rsp_err ? ((r >> 60) & 1 ? MMU_AXI_SLVERR : MMU_AXI_OKAY) : MMU_AXI_EXOKAY;
            else
                ai.rresp = nin.mem_rsp_err ? ((r >> 60) & 1 ? MMU_AXI_SLVERR : MMU_AXI_DECERR) : MMU_AXI_OKAY;
            if (cas_pending && nin.mem_rsp_err && ai.rresp == MMU_AXI_OKAY) n.no_monitor++;
        } else if (retry_r_out && retry_left == 0) {      // the retry's exclusive read, from memory as it is now
            uint64_t v = 0;
            bool bad = mmu_env_mem_peek(env, cas_addr, &v) != 0;
            ai.rvalid = true;
            ai.rdata = v;
            ai.rresp = bad ? MMU_AXI_SLVERR : MMU_AXI_EXOKAY;
            retry_r_out = false;
            expect_write = !bad && (v & pte_mask) == cas_cmp;
        }
        if (retry_r_out) retry_left--;
        if (b_out && b_left == 0) {
            ai.bvalid = true;
            ai.bresp = b_fail ? MMU_AXI_OKAY : MMU_AXI_EXOKAY;
        }
        if (b_out && b_left) b_left--;
        dut->eval(ai, ro);
        mmu_axi_model_eval(model, &ai, &mo);

        bool diverged = false;
        if (cyc >= 1) {
            n.compared++;
            for (unsigned s = 0; s < nsig; s++) {
                if (sig[s].when && !sig[s].when(&ro)) continue;
                uint64_t a = sig[s].get(&ro), b = sig[s].get(&mo);
                if (a != b) {
                    diverged = true;
                    fail(cyc, sig[s].name, a, b, "RTL and cycle model outputs differ");
                }
            }
        }
        // ---- register master bookkeeping; the preamble's CONFIG reads
        if (nin.reg_we && !ro.s_awready) {
            fail(cyc, "bus.s_axil_awready", 0, 1, "the environment's register write was not taken in its cycle");
            diverged = true;
        }
        if (ai.s_arvalid && ro.s_arready) ar_pending = false;
        if (ro.s_rvalid && !ai.s_rready) n.reg_rstall++;
        if (ro.s_rvalid && ai.s_rready) {
            n.reg_acks++;
            if (!env_on && cyc >= 2) pre_r.push_back(ro.s_rdata);
        }
        if (cyc == kPreamble - 2) {
            if (pre_r.size() != 2 || pre_r[0] != c0 || pre_r[1] != c1) {
                R.config_ok = false;
                R.config_msg = "CONFIG0/CONFIG1 read " + (pre_r.size() > 0 ? hexs(pre_r[0]) : std::string("nothing")) +
                               " / " + (pre_r.size() > 1 ? hexs(pre_r[1]) : std::string("nothing")) +
                               ", profile needs " + hexs(c0) + " / " + hexs(c1);
                cyc++;
                break;
            }
        }

        // ---- walker slave bookkeeping and its bus-side checks
        const mmu_cycle_out *core = mmu_axi_model_core(model);
        if (ai.rst) {                      // the bus is reset with the MMU: nothing outstanding
            cas_pending = expect_write = aw_taken = w_taken = b_out = retry_expected = retry_r_out = false;
            ai.arready = false;
        }
        bool retry_now = retry_expected;   // this cycle's AR is the retry of a failed exclusive write
        bool ar_taken = ro.arvalid && ai.arready && !ai.rst;
        if (ro.arvalid && !ai.arready) n.stall_cycles++;
        if (ar_taken && !retry_expected) {
            if (ro.arlock) {
                cas_pending = true;
                retried = false;
                cas_addr = ro.araddr;
                cas_wdata = core->mem_req_wdata & pte_mask;
                cas_cmp = core->mem_req_cmp & pte_mask;
                n.cas_reads++;
            } else {
                n.reads++;
            }
        } else if (ar_taken) {
            if (!ro.arlock || ro.araddr != cas_addr) {
                fail(cyc, "bus.m_axi_araddr", ro.araddr, cas_addr,
                     "the retry after a failed exclusive write is not an exclusive read of the same address");
                diverged = true;
            }
            retry_expected = false;
            retry_r_out = true;
            retry_left = (unsigned)(mmu_rng_next(&rng) % o.max_wait);
            n.ex_retries++;
        }
        if (env_on && nin.mem_rsp_valid && cas_pending) {
            cas_pending = false;
            expect_write = !nin.mem_rsp_err && (nin.mem_rsp_data & pte_mask) == cas_cmp;
        }
        if ((ro.awvalid || ro.wvalid) && !expect_write && !ai.rst) {
            fail(cyc, ro.awvalid ? "bus.m_axi_awvalid" : "bus.m_axi_wvalid", 1, 0,
                 "a write on the bus with no exclusive read that matched before it");
            diverged = true;
        }
        if (ro.awvalid && ai.awready && expect_write && !ai.rst) {
            if (ro.awaddr != cas_addr || !ro.awlock) {
                fail(cyc, "bus.m_axi_awaddr", ro.awaddr, cas_addr, "the exclusive write's AW is not an exclusive "
                     "write to the address of the exclusive read");
                diverged = true;
            }
            aw_taken = true;
        }
        if (ro.wvalid && ai.wready && expect_write && !ai.rst) {
            if ((ro.wdata & pte_mask) != cas_wdata) {
                fail(cyc, "bus.m_axi_wdata", ro.wdata, cas_wdata, "the exclusive write's data is not the CAS's new value");
                diverged = true;
            }
            w_taken = true;
        }
        if (aw_taken && w_taken) {
            aw_taken = w_taken = expect_write = false;
            b_out = true;
            b_left = (unsigned)(mmu_rng_next(&rng) % o.max_wait);
            n.write_waits += b_left;
            b_fail = !retried && pct(fail_pct);
            n.cas_writes++;
        }
        if (ai.bvalid && ro.bready) {
            b_out = false;
            if (b_fail) {
                retry_expected = true;
                retried = true;
                n.ex_fails++;
            }
        }

        // ---- environment: arch check and walker-port monitors on the native view
        if (env_on) {
            copy_translation_port(ro, nout);
            nout.mem_req_valid = ro.arvalid && !retry_now;
            nout.mem_req_addr = ro.araddr;
            nout.mem_req_we = nout.mem_req_valid && ro.arlock;
            nout.mem_req_wdata = core->mem_req_wdata;
            nout.mem_req_cmp = core->mem_req_cmp;
            nout.reg_rdata = ro.s_rdata;
            nin.mem_req_ready = ai.arready;
            if (env_observe(env, nin, nout, R)) diverged = true;
        }
        dut->tick();
        mmu_axi_model_tick(model, &ai);
        const char *vn = nullptr;
        bool broke = mmu_axi_model_violations(model, &vn) != 0;
        if (stop_after_tick(R, o, p, env, cyc, total, diverged, broke, vn, dut->finished())) { cyc++; break; }
    }
    finish_run(R, env, cfg, cyc, t0);
    mmu_axi_model_free(model);
    return 0;
}

}  // namespace

int bus_run(const BusRunOptions &o, const mmu_profile &p, const mmu_env_config &cfg) {
    RunOut R;
    int rc = 2;
    bool found = false;
    if (o.bus == "wb") {
        for (const CosimWbEntry *e = cosim_wb_profiles; e->profile; e++)
            if (!strcmp(e->profile, p.name)) { found = true; rc = run_wb(o, p, cfg, e->make, R); }
    } else {
        for (const CosimAxiEntry *e = cosim_axi_profiles; e->profile; e++)
            if (!strcmp(e->profile, p.name)) { found = true; rc = run_axi(o, p, cfg, e->make, R); }
    }
    if (!found) {
        std::string built = bus_profiles(o.bus);
        fprintf(stderr, "mmu-cosim: --bus %s --profile %s: this binary has no Verilated bus top for that profile "
                "(built in: %s; `make cosim` builds build/bin/mmu-cosim with COSIM_BUS_PROFILES of tb/cosim.mk)\n",
                o.bus.c_str(), p.name, built.empty() ? "none" : built.c_str());
        return 2;
    }
    if (rc) return rc;
    const std::vector<Div> &divs = R.divs;
    const BusCounts &n = R.n;
    const mmu_env_stats &st = R.st;
    const uint64_t cyc = R.cycles;
    const double wall = R.wall;
    const bool config_ok = R.config_ok;
    const std::string &config_msg = R.config_msg;
    if (!config_ok) {
        fprintf(stderr, "mmu-cosim: refusing to run: the bus top's geometry is not profile %s: %s\n", p.name,
                config_msg.c_str());
        return 2;
    }
    bool failed = !divs.empty();
    if (failed) {
        const Div &d = divs[0];
        fprintf(stdout, "mmu-cosim: DIVERGENCE at cycle %" PRIu64 " (env cycle %" PRIu64 "): %s: RTL 0x%" PRIx64
                ", %s 0x%" PRIx64 "\n", d.cycle, d.cycle >= kPreamble ? d.cycle - kPreamble : 0, d.signal.c_str(), d.rtl,
                d.signal.find('.') != std::string::npos ? "expected" : "cycle model", d.model);
        fprintf(stdout, "  %s\n", d.msg.c_str());
        for (size_t i = 1; i < divs.size() && i < 8; i++)
            fprintf(stdout, "  also cycle %" PRIu64 ": %s: RTL 0x%" PRIx64 " vs 0x%" PRIx64 "\n", divs[i].cycle,
                    divs[i].signal.c_str(), divs[i].rtl, divs[i].model);
        fprintf(stdout, "  profile %s, seed %" PRIu64 ", bus %s, bus waits %u%%,%u,%u%%, model bug %s\n", p.name,
                o.seed, o.bus.c_str(), o.stall_pct, o.max_wait, o.rready_low_pct, o.bug_name.c_str());
        fprintf(stdout, "  last transactions and register writes (env cycles; harness cycle = env cycle + %u):\n", kPreamble);
        const char *h0 = R.hist.c_str();
        while (*h0) {
            const char *nl = strchr(h0, '\n');
            int len = nl ? (int)(nl - h0) : (int)strlen(h0);
            fprintf(stdout, "    %.*s\n", len, h0);
            h0 += len + (nl ? 1 : 0);
        }
        fprintf(stdout, "  reproduce: %s --cycles %" PRIu64 "\n", o.repro.c_str(),
                d.cycle + 64 > kPreamble ? d.cycle + 64 - kPreamble : 1);
    }
    bool wb = o.bus == "wb";
    fprintf(stderr, "mmu-cosim: %s --bus %s seed %" PRIu64 ": %" PRIu64 " clock cycles, %" PRIu64 " bus cycles compared, %"
            PRIu64 " translations checked (%" PRIu64 " TLB hits, %" PRIu64 " faults); walker bus: %" PRIu64 " reads, %" PRIu64
            " %s reads, %" PRIu64 " %s writes (%" PRIu64 " failed, %" PRIu64 " retried), %" PRIu64 " cycles not ready, %" PRIu64
            " write wait states; register bus: %" PRIu64 " writes, %" PRIu64 " reads, %" PRIu64 " partial writes refused, %"
            PRIu64 " responses held; %s; %.2f M cycles per second\n",
            p.name, o.bus.c_str(), o.seed, cyc, n.compared, st.responses, st.hits, st.faults, n.reads, n.cas_reads,
            wb ? "locked" : "exclusive", n.cas_writes, wb ? "locked" : "exclusive", n.ex_fails, n.ex_retries,
            n.stall_cycles, n.write_waits, n.reg_writes, n.reg_reads, wb ? n.reg_errs : 0, n.reg_rstall,
            failed ? "DIVERGENCE" : "no divergence", wall > 0 ? cyc / wall / 1e6 : 0.0);
    if (o.expect_divergence) return failed ? 0 : 1;
    return failed ? 1 : 0;
}
