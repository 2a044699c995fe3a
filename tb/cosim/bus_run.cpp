// bus_run.cpp -- `mmu-cosim --bus wb`: the Verilated mmu_wb and its cycle
// model (cmodel/cycle/mmu_wb.c) in lockstep, the harness driving the bus side.
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
};

std::string hexs(uint64_t v) {
    char b[24];
    snprintf(b, sizeof b, "0x%" PRIx64, v);
    return b;
}

}  // namespace

bool bus_parse_waits(const char *s, unsigned *stall_pct, unsigned *max_wait) {
    if (!strcmp(s, "none")) { *stall_pct = 0; *max_wait = 1; return true; }
    unsigned a, b;
    char tail;
    if (sscanf(s, "%u,%u%c", &a, &b, &tail) != 2 || a > 90 || b < 1 || b > 16) return false;
    *stall_pct = a;
    *max_wait = b;
    return true;
}

std::string bus_profiles(const std::string &bus) {
    std::string r;
    if (bus != "wb") return r;
    for (const CosimWbEntry *e = cosim_wb_profiles; e->profile; e++) r += std::string(r.empty() ? "" : ", ") + e->profile;
    return r;
}

int bus_run(const BusRunOptions &o, const mmu_profile &p, const mmu_env_config &cfg) {
    mmu_error err;
    char eb[900];
    const CosimWbEntry *pe = nullptr;
    for (const CosimWbEntry *e = cosim_wb_profiles; e->profile; e++)
        if (!strcmp(e->profile, p.name)) pe = e;
    if (!pe) {
        std::string built = bus_profiles(o.bus);
        fprintf(stderr, "mmu-cosim: --bus %s --profile %s: this binary has no Verilated bus top for that profile "
                "(built: %s; COSIM_BUS_PROFILES in tb/cosim.mk)\n", o.bus.c_str(), p.name,
                built.empty() ? "none" : built.c_str());
        return 2;
    }
    std::unique_ptr<CosimWbDut> dut(pe->make(o.seed));
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

    std::vector<Div> divs;
    BusCounts n;
    bool config_ok = true;
    std::string config_msg;
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
        if (divs.size() < 64) divs.push_back({cyc, s, a, b, msg});
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
        bool first_taken = ro.wbm_stb && !ro.wbm_we && !bi.wbm_stall;
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
        if (wr_phase) {
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
            nout.req_ready = ro.req_ready;
            nout.rsp_valid = ro.rsp_valid;
            nout.rsp_pa = ro.rsp_pa;
            nout.rsp_fault = ro.rsp_fault;
            nout.rsp_cause = ro.rsp_cause;
            nout.rsp_level = ro.rsp_level;
            nout.rsp_hit = ro.rsp_hit;
            nout.mem_req_valid = ro.wbm_stb && !ro.wbm_we;
            nout.mem_req_addr = ro.wbm_adr;
            nout.mem_req_we = nout.mem_req_valid && ro.wbm_lock;
            nout.mem_req_wdata = core->mem_req_wdata;
            nout.mem_req_cmp = core->mem_req_cmp;
            nout.reg_rdata = ro.wbs_dat;
            nin.mem_req_ready = !bi.wbm_stall;
            if (mmu_env_observe(env, &nin, &nout, &err)) {
                const mmu_env_failure_info *f = mmu_env_failure(env);
                fail(f->cycle + kPreamble, f->signal, f->rtl, f->model, f->msg);
                diverged = true;
            }
        }
        dut->tick();
        mmu_wb_model_tick(model, &bi);
        const char *vn = nullptr;
        if (mmu_wb_model_violations(model, &vn)) {
            fail(cyc, "model.invariant", 1, 0, std::string("the cycle model broke the docs/rtl.md assertion '") +
                                                   (vn ? vn : "?") + "'");
            diverged = true;
        }
        if (dut->finished()) {
            fail(cyc, "rtl.assert", 1, 0, "an RTL assertion (MMU_ASSERTS) fired: see the MMU_ASSERT line above");
            cyc++;
            break;
        }
        if (diverged) { cyc++; break; }
        if (env_on && mmu_env_done(env)) { cyc++; break; }
        if (!o.quiet && (cyc & 0xfffff) == 0 && cyc)
            fprintf(stderr, "mmu-cosim: %s --bus %s seed %" PRIu64 ": %.1fM / %.1fM cycles\n", p.name, o.bus.c_str(),
                    o.seed, cyc / 1e6, total / 1e6);
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const mmu_env_stats st = *mmu_env_get_stats(env);
    std::vector<char> hist(320u * cfg.history + 4096);
    mmu_env_history(env, hist.data(), (unsigned)hist.size());
    mmu_env_free(env);
    mmu_wb_model_free(model);
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
        fprintf(stdout, "  profile %s, seed %" PRIu64 ", bus %s, bus waits %u%%,%u, model bug %s\n", p.name, o.seed,
                o.bus.c_str(), o.stall_pct, o.max_wait, o.bug_name.c_str());
        fprintf(stdout, "  last transactions and register writes (env cycles; harness cycle = env cycle + %u):\n", kPreamble);
        const char *h0 = hist.data();
        while (*h0) {
            const char *nl = strchr(h0, '\n');
            int len = nl ? (int)(nl - h0) : (int)strlen(h0);
            fprintf(stdout, "    %.*s\n", len, h0);
            h0 += len + (nl ? 1 : 0);
        }
        fprintf(stdout, "  reproduce: %s --cycles %" PRIu64 "\n", o.repro.c_str(),
                d.cycle + 64 > kPreamble ? d.cycle + 64 - kPreamble : 1);
    }
    fprintf(stderr, "mmu-cosim: %s --bus %s seed %" PRIu64 ": %" PRIu64 " clock cycles, %" PRIu64 " bus cycles compared, %"
            PRIu64 " translations checked (%" PRIu64 " TLB hits, %" PRIu64 " faults); walker bus: %" PRIu64 " reads, %" PRIu64
            " locked reads, %" PRIu64 " locked writes, %" PRIu64 " stall cycles, %" PRIu64 " write wait states; register bus: %"
            PRIu64 " writes, %" PRIu64 " reads, %" PRIu64 " partial writes refused (%" PRIu64 " ERR); %s; %.2f M cycles per second\n",
            p.name, o.bus.c_str(), o.seed, cyc, n.compared, st.responses, st.hits, st.faults, n.reads, n.cas_reads,
            n.cas_writes, n.stall_cycles, n.write_waits, n.reg_writes, n.reg_reads, n.reg_partial, n.reg_errs,
            failed ? "DIVERGENCE" : "no divergence", wall > 0 ? cyc / wall / 1e6 : 0.0);
    if (o.expect_divergence) return failed ? 0 : 1;
    return failed ? 1 : 0;
}
