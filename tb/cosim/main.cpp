// mmu-cosim -- Verilator lockstep harness: the RTL (mmu_top, one Verilated
// model per profile) and the cycle model (cmodel/cycle) driven with the same
// inputs every cycle by the C environment (cmodel/env); every output compared
// every cycle; every completed translation checked against the arch model.
//
//   cycle n:  env_drive -> in ----+--> RTL eval -----> out_rtl --+--> compare (memcmp, then per
//                                 +--> model eval ---> out_mdl --+    signal via mmu_cycle_signals)
//             env_observe(in, out_rtl): arch check, protocol monitors
//             RTL tick, model tick
//
// Preamble (before the env): 2 reset cycles, CONFIG0/CONFIG1 read through the
// register port and checked against the profile, 2 more reset cycles.
// docs/cosim.md is the user guide (options, latency models, reports).
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bus_run.h"
#include "dut.h"
#include "rtl_thread.h"
#include "trace_drive.h"
extern "C" {
#include "mmu_arch.h"
#include "mmu_bus_cycle.h"
#include "mmu_cycle.h"
#include "mmu_env.h"
#include "mmu_profile.h"
#include "mmu_tenv.h"
}

#ifndef COSIM_HAVE_CYCLE
#define COSIM_HAVE_CYCLE 0
#endif
#if !COSIM_HAVE_CYCLE
// Built while cmodel/cycle has no sources (libmmu.a has no cycle model): never
// called, use_model is false. They vanish as soon as the cycle model exists.
extern "C" {
mmu_cycle *mmu_cycle_new(const mmu_profile *, mmu_error *) { return nullptr; }
void mmu_cycle_free(mmu_cycle *) {}
void mmu_cycle_eval(mmu_cycle *, const mmu_cycle_in *, mmu_cycle_out *) {}
void mmu_cycle_tick(mmu_cycle *, const mmu_cycle_in *) {}
const mmu_cycle_signal *mmu_cycle_signals(const mmu_profile *, unsigned *n) { *n = 0; return nullptr; }
uint64_t mmu_cycle_violations(const mmu_cycle *, const char **first) { if (first) *first = nullptr; return 0; }
}
#endif

namespace {

const unsigned kPreamble = 8;   // cycles before the environment starts

// Preamble inputs of harness cycle c < kPreamble: reset, CONFIG0/1 read, reset.
void preamble_inputs(uint64_t c, mmu_cycle_in *in) {
    memset(in, 0, sizeof *in);
    in->rst = (c < 2 || c >= kPreamble - 2);
    if (c == 2) in->reg_addr = MMU_ENV_REG_CONFIG0;
    if (c == 3) in->reg_addr = MMU_ENV_REG_CONFIG1;
}

struct Options {
    std::string profile;            // empty: sv39, or the one profile a single-profile binary has
    uint64_t seed = 1;
    uint64_t cycles = 1000000;
    bool cycles_given = false;
    bool wave_window_given = false;
    std::string latency = "fixed:2";
    std::string wave;
    uint64_t wave_window = 100;
    int64_t wave_at = -1;
    uint64_t max_mismatches = 1;
    std::string report_json;
    bool quiet = false;
    std::string mode = "mixed";
    bool no_check = false;
    bool bench_rtl = false;
    bool no_arch = false;
    bool no_model = false;
    std::string stimulus = "random";
    std::vector<std::string> knobs;
    bool expect_divergence = false;
    unsigned history = 64;
    unsigned threads = 1;             // 2: the RTL on its own thread (rtl_thread.h)
    TraceOptions tr;                  // --trace (trace_drive.cpp)
    std::string bus;                  // --bus wb: the bus top (bus_run.cpp)
    std::string bus_waits = "25,3";
    std::string bus_bug = "none";
    bool bus_given = false, bus_opt_given = false;
};

struct Divergence {
    uint64_t cycle;
    std::string signal;
    uint64_t rtl, model;
    std::string msg;
};

struct RunResult {
    uint64_t cycles = 0;              // cycles simulated (incl. preamble)
    std::vector<Divergence> divs;
    uint64_t divergent_cycles = 0;
    std::string history, history_json;
    mmu_env_stats stats{};
    bool config_ok = true;
    std::string config_msg;
    double wall = 0, cpu = 0;
    bool env_done = false;
    bool wave_written = false;        // the waveform file was opened (and closed whole)
    bool wave_failed = false;         // ... could not be opened
    bool screen_failed = false;       // --threads 2 saw a failure: run again on one thread
    bool model_invariant = false;     // the cycle model broke one of its docs/rtl.md assertions
    uint64_t screen_cycle = 0;
    mmu_tenv *tenv = nullptr;         // --trace: kept for the report (freed by main)
    PortMetrics metrics;              // --trace: latency and walks on the ports (port_metrics.h)
};

double cpu_seconds() {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
}

void usage(FILE *f) {
    fprintf(f,
        "usage: mmu-cosim [options]\n\n"
        "Runs mmu_top (Verilator) and the cycle model in lockstep, driven by the C environment;\n"
        "compares every output every cycle and checks every translation against the arch model.\n"
        "Exit: 0 no divergence, 1 divergence (report printed), 2 usage / setup error.\n\n"
        "  --profile NAME        profile (built in: ");
    for (unsigned i = 0; i < cosim_profile_count; i++) fprintf(f, "%s%s", i ? ", " : "", cosim_profiles[i].profile);
    fprintf(f, "; default sv39, or the binary's only profile)\n"
        "  --list-profiles       print the built-in profiles, one per line, and exit\n"
        "  --seed N              stimulus seed (default 1); the same seed gives the same run\n"
        "  --cycles N            environment cycles (default 1000000; directed stimulus: a cap)\n"
        "  --mem-latency MODEL   walker memory: fixed:N | random:MIN-MAX | burst[:P,L,S,M]\n"
        "                        (default fixed:2; docs/cosim.md \"Latency models\")\n"
        "  --mode M              bare | base-bounds | segmentation | paging | hybrid | mixed (default)\n"
        "  --stimulus KIND       random (default) | directed:NAME | directed:all\n"
        "  --knob NAME=PERMILLE  stimulus knob (repeatable), see the list below\n"
        "  --wave FILE           on a divergence, re-run and write an FST of the cycles around it\n"
        "  --wave-window N       cycles either side of the divergence in the FST (default 100)\n"
        "  --wave-at C           with --wave: write the window around cycle C even without a divergence\n"
        "  --max-mismatches N    stop after N divergent cycles (default 1)\n"
        "  --report-json FILE    machine-readable report (written atomically)\n"
        "  --quiet               no progress lines on stderr (the summary is still printed)\n"
        "  --history N           transactions and register writes kept for the report (default 64)\n"
        "  --threads N           1 (default) or 2: with 2 the RTL runs on a second core, the environment,\n"
        "                        cycle model and arch check on the first; a failure is re-run on one\n"
        "                        thread for the report (docs/cosim.md \"Speed\")\n"
        "  --no-check            RTL + environment only: no cycle model, no arch check (bench)\n"
        "  --bench-rtl           speed of the RTL alone: record the inputs of an unchecked run, replay\n"
        "                        them into a fresh RTL (one eval per cycle) and time that (make bench)\n"
        "  --no-arch             lockstep only, no arch check\n"
        "  --no-model            arch check only, no cycle model\n"
        "  --expect-divergence   exit 0 only if a divergence is found (injected-bug tests)\n"
        "bus tops (docs/cosim.md \"Bus tops\"):\n"
        "  --bus wb|axi          run mmu_wb (Wishbone) or mmu_axi (AXI4 walker master, AXI4-Lite registers)\n"
        "                        against its cycle model; the harness is the bus's memory and register master\n"
        "                        (built for: %s)\n"
        "  --bus-waits S,W[,R]   the CAS's write (and AXI's retry read): not ready S %% of cycles, answered\n"
        "                        1..W cycles later; AXI4-Lite RREADY low R %% of cycles (default 25,3,25;\n"
        "                        none = 0,1,0); reads and locked/exclusive reads follow --mem-latency\n"
        "  --bus-model-bug NAME  deliberately wrong model (no-cmp-cycle, write-stall, read-stall): the check\n"
        "                        that the bus lockstep can fail\n"
        "trace mode (docs/cosim.md \"Running a trace through the RTL\"):\n"
        "  --trace FILE          run a memory trace (native, lackey or din; .gz read) through the RTL,\n"
        "                        the OS layer servicing its faults; ends with the trace\n"
        "  --format F            native | lackey | din (default: detected)\n"
        "  --populate            map every page the trace touches up front (no page faults)\n"
        "  --frames N            at most N user pages resident; beyond that the OS swaps\n"
        "  --swap-policy P       fifo | lru | opt | clock | rand (default fifo)\n"
        "  --strict              a segfault in the trace is an error (default: counted, skipped)\n"
        "  --check-data          stores leave tokens at the RTL's PAs; loads must find their own last one\n"
        "                        (copy-on-write, swap and demand-zero checked end to end)\n"
        "  --stats-json FILE     the counters of mmu-ref run --stats-json, plus cycles and divergences\n"
        "  (--mode: paging (default), hybrid or segmentation; --cycles: a cap, default none)\n"
        "  --help                this text\n\n"
        "knobs (per mille):", bus_profiles("wb").empty() ? "no profile" : bus_profiles("wb").c_str());  // wb and axi: the same list
    const char *const *k = mmu_env_knob_names();
    for (int i = 0; k[i]; i++) fprintf(f, "%s%s", i % 8 ? " " : "\n   ", k[i]);
    fprintf(f, "\ndirected sequences:");
    const char *const *d = mmu_env_directed_names();
    for (int i = 0; d[i]; i++) fprintf(f, "%s%s", i % 4 ? " " : "\n   ", d[i]);
    fprintf(f, "\ncycle model: %s\n", COSIM_HAVE_CYCLE ? "linked (lockstep)" : "NOT BUILT (cmodel/cycle missing): arch check only");
    if (cosim_build_defines[0]) fprintf(f, "RTL built with: %s\n", cosim_build_defines);
}

bool parse_u64(const char *s, uint64_t *v) {
    if (!s || !*s || *s == '-') return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end) return false;
    *v = x;
    return true;
}

int usage_error(const char *fmt, const char *a) {
    fprintf(stderr, "mmu-cosim: ");
    fprintf(stderr, fmt, a);
    fprintf(stderr, " (mmu-cosim --help)\n");
    return 2;
}

int parse_args(int argc, char **argv, Options &o) {
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto val = [&](const char *name) -> const char * {
            if (i + 1 >= argc) return nullptr;
            (void)name;
            return argv[++i];
        };
        const char *v;
        uint64_t n;
        if (a == "--help" || a == "-h") { usage(stdout); exit(0); }
        if (a == "--list-profiles") {   // one per line, for scripts (the --help text is for people)
            for (unsigned i = 0; i < cosim_profile_count; i++) printf("%s\n", cosim_profiles[i].profile);
            exit(0);
        }
        else if (a == "--quiet") o.quiet = true;
        else if (a == "--no-check") o.no_check = true;
        else if (a == "--bench-rtl") o.bench_rtl = true;
        else if (a == "--no-arch") o.no_arch = true;
        else if (a == "--no-model") o.no_model = true;
        else if (a == "--expect-divergence") o.expect_divergence = true;
        else if (a == "--populate") o.tr.populate = true;
        else if (a == "--strict") o.tr.strict = true;
        else if (a == "--check-data") o.tr.check_data = true;
        else if (a == "--bus" || a == "--bus-waits" || a == "--bus-model-bug") {
            if (!(v = val(a.c_str()))) return usage_error("%s needs a value", a.c_str());
            if (!*v) return usage_error("%s: empty value", a.c_str());
            if (a == "--bus") {
                if (strcmp(v, "wb") && strcmp(v, "axi")) return usage_error("--bus: expected wb or axi, got '%s'", v);
                o.bus = v;
                o.bus_given = true;
            } else {
                (a == "--bus-waits" ? o.bus_waits : o.bus_bug) = v;
                o.bus_opt_given = true;
            }
        }
        else if (a == "--trace" || a == "--format" || a == "--swap-policy" || a == "--stats-json") {
            if (!(v = val(a.c_str()))) return usage_error("%s needs a value", a.c_str());
            if (!*v) return usage_error("%s: empty value", a.c_str());
            (a == "--trace" ? o.tr.trace : a == "--format" ? o.tr.format : a == "--swap-policy" ? o.tr.swap_policy : o.tr.stats_json) = v;
        } else if (a == "--frames") {
            if (!(v = val(a.c_str()))) return usage_error("%s needs a value", a.c_str());
            if (!parse_u64(v, &n) || n < 1) return usage_error("--frames: expected a number of frames >= 1, got '%s'", v);
            o.tr.frames = n;
        }
        else if (a == "--profile" || a == "--mem-latency" || a == "--wave" || a == "--report-json" ||
                 a == "--mode" || a == "--stimulus" || a == "--knob") {
            if (!(v = val(a.c_str()))) return usage_error("%s needs a value", a.c_str());
            if (!*v) return usage_error("%s: empty value", a.c_str());
            if (a == "--profile") o.profile = v;
            else if (a == "--mem-latency") o.latency = v;
            else if (a == "--wave") o.wave = v;
            else if (a == "--report-json") o.report_json = v;
            else if (a == "--mode") o.mode = v;
            else if (a == "--stimulus") o.stimulus = v;
            else o.knobs.push_back(v);
        } else if (a == "--seed" || a == "--cycles" || a == "--wave-window" || a == "--max-mismatches" ||
                   a == "--wave-at" || a == "--history" || a == "--threads") {
            if (!(v = val(a.c_str()))) return usage_error("%s needs a value", a.c_str());
            if (!parse_u64(v, &n)) {
                fprintf(stderr, "mmu-cosim: %s: expected a non-negative number, got '%s' (mmu-cosim --help)\n", a.c_str(), v);
                return 2;
            }
            if (a == "--seed") o.seed = n;
            else if (a == "--cycles") {
                if (n < 1 || n > 100000000000ull) return usage_error("--cycles: expected 1 .. 1e11, got '%s'", v);
                o.cycles = n;
                o.cycles_given = true;
            } else if (a == "--wave-window") {
                if (n < 1 || n > 10000000) return usage_error("--wave-window: expected 1 .. 1e7, got '%s'", v);
                o.wave_window = n;
                o.wave_window_given = true;
            } else if (a == "--wave-at") o.wave_at = (int64_t)n;
            else if (a == "--threads") {
                if (n < 1 || n > 2) return usage_error("--threads: expected 1 or 2, got '%s'", v);
                o.threads = (unsigned)n;
            }
            else if (a == "--history") {
                if (n < 1 || n > 100000) return usage_error("--history: expected 1 .. 100000, got '%s'", v);
                o.history = (unsigned)n;
            }
            else {
                if (n < 1) return usage_error("--max-mismatches: expected >= 1, got '%s'", v);
                o.max_mismatches = n;
            }
        } else {
            return usage_error("unknown option '%s'", a.c_str());
        }
    }
    return 0;
}

std::string hex(uint64_t v) {
    char b[24];
    snprintf(b, sizeof b, "0x%" PRIx64, v);
    return b;
}

class Harness {
  public:
    Harness(const Options &o, const mmu_profile &p, const CosimProfileEntry *pe, const mmu_env_config &cfg,
            const mmu_tenv_config *tcfg = nullptr)
        : o_(o), p_(p), pe_(pe), cfg_(cfg), tcfg_(tcfg) {}

    // One run from reset. trace_from/to: harness cycles to record into wave (if non-empty).
    // With --threads 2 (lockstep, no wave) the run screens on two threads first; a
    // failure there is run again on one thread, whose result is the one reported.
    int run(RunResult &res, const std::string &wave, uint64_t trace_from, uint64_t trace_to, uint64_t stop_after) {
        bool lockstep = COSIM_HAVE_CYCLE && !o_.no_check && !o_.no_model;
        if (o_.threads < 2 || !lockstep || !wave.empty()) return run_once(res, wave, trace_from, trace_to, stop_after, false);
        int rc = run_once(res, wave, trace_from, trace_to, stop_after, true);
        if (rc || !res.screen_failed) return rc;
        if (!o_.quiet)
            fprintf(stderr, "mmu-cosim: two-thread run failed near cycle %" PRIu64 "; running the seed again on one thread "
                    "for the report\n", res.screen_cycle);
        if (res.tenv) mmu_tenv_free(res.tenv);
        res = RunResult();
        return run_once(res, wave, trace_from, trace_to, stop_after, false);
    }

  private:
    static void rtl_assert(RunResult &res, uint64_t cycle) {
        res.divs.push_back({cycle, "rtl.assert", 1, 0, "an RTL assertion (MMU_ASSERTS) fired: see the MMU_ASSERT line above"});
    }
    int run_once(RunResult &res, const std::string &wave, uint64_t trace_from, uint64_t trace_to, uint64_t stop_after,
                 bool two_threads) {
        mmu_error err;
        // the fast model for runs without a waveform; the traced one otherwise
        CosimDut *dut = (wave.empty() ? pe_->make : pe_->make_traced)(o_.seed);
        mmu_cycle *model = nullptr;
        unsigned nsig = 0;
        const mmu_cycle_signal *sig = nullptr;
        bool use_model = COSIM_HAVE_CYCLE && !o_.no_check && !o_.no_model;
        if (use_model) {
            model = mmu_cycle_new(&p_, &err);
            if (!model) {
                char b[900];
                fprintf(stderr, "mmu-cosim: cycle model: %s\n", mmu_error_format(&err, b, sizeof b));
                delete dut;
                return 2;
            }
            sig = mmu_cycle_signals(&p_, &nsig);
        }
        mmu_env *env = nullptr;
        mmu_tenv *tenv = tcfg_ ? mmu_tenv_new(&p_, tcfg_, &err) : nullptr;
        if (!tenv && !tcfg_) env = mmu_env_new(&p_, &cfg_, &err);
        if (!env && !tenv) {
            char b[900];
            fprintf(stderr, "mmu-cosim: %s\n", mmu_error_format(&err, b, sizeof b));
            if (model) mmu_cycle_free(model);
            delete dut;
            return 2;
        }
        uint64_t c0, c1;
        mmu_env_expected_config(&p_, &c0, &c1);
        static mmu_cycle_in in;
        static mmu_cycle_out ro, mo;
        memset(&in, 0, sizeof in);
        memset(&ro, 0, sizeof ro);
        memset(&mo, 0, sizeof mo);
        uint64_t total = kPreamble + o_.cycles;
        bool tracing = false;
        auto t0 = std::chrono::steady_clock::now();
        double cpu0 = cpu_seconds();
        auto last = t0;
        uint64_t cyc = 0;
        RtlThread *rt = two_threads ? new RtlThread(dut) : nullptr;
        // One Verilator eval per cycle (CosimDut::step: outputs depend on the
        // state only, rtl_moore checks it); two, with a dump after each, when
        // this run writes a waveform.
        bool one_eval = wave.empty();
        for (; cyc < total; cyc++) {
            if (!wave.empty() && cyc == trace_from && !tracing && !res.wave_failed) {
                tracing = dut->trace_open(wave.c_str());
                (tracing ? res.wave_written : res.wave_failed) = true;
            }
            // ---- inputs
            if (cyc < kPreamble) {
                preamble_inputs(cyc, &in);
            } else if (tenv) {
                mmu_tenv_drive(tenv, &in);
            } else {
                mmu_env_drive(env, &in);
            }
            // ---- evaluate both (two threads: the model here, the RTL and the compare in rt)
            const mmu_cycle_out *seen = &ro;   // the outputs the environment reacts to
            bool diverged = false;
            if (rt) {
                RtlThread::Slot &slot = rt->next();
                slot.in = in;
                mmu_cycle_eval(model, &in, &slot.model);
                seen = &slot.model;
                rt->push();
            } else if (one_eval) {
                dut->step(in, ro);                 // this cycle's outputs, then the edge
            } else {
                dut->eval(in, ro);
            }
            if (model && !rt) {
                mmu_cycle_eval(model, &in, &mo);
                if (cyc >= 1 && memcmp(&ro, &mo, sizeof ro) != 0) {
                    for (unsigned s = 0; s < nsig; s++) {
                        uint64_t a = sig[s].get(&ro), b = sig[s].get(&mo);
                        if (a != b) {
                            if (!diverged) res.divergent_cycles++;
                            diverged = true;
                            if (res.divs.size() < 64)
                                res.divs.push_back({cyc, sig[s].name, a, b, "RTL and cycle model outputs differ"});
                        }
                    }
                }
            }
            // ---- preamble: the RTL's geometry must be the profile's
            if (cyc == 3 && seen->reg_rdata != c0) {
                res.config_ok = false;
                res.config_msg = "CONFIG0 reads " + hex(seen->reg_rdata) + ", profile " + p_.name + " needs " + hex(c0);
            }
            if (cyc == 4 && seen->reg_rdata != c1) {
                res.config_ok = false;
                res.config_msg += (res.config_msg.empty() ? "" : "; ") + std::string("CONFIG1 reads ") + hex(seen->reg_rdata) +
                                  ", profile " + p_.name + " needs " + hex(c1);
            }
            if (cyc == 4 && !res.config_ok) { cyc++; break; }
            // ---- environment monitors (arch check) on the RTL's outputs
            if (cyc >= kPreamble && (tenv ? mmu_tenv_observe(tenv, &in, seen, &err) : mmu_env_observe(env, &in, seen, &err))) {
                const mmu_env_failure_info *f = tenv ? mmu_tenv_failure(tenv) : mmu_env_failure(env);
                if (!diverged) res.divergent_cycles++;
                diverged = true;
                res.divs.push_back({f->cycle + kPreamble, f->signal, f->rtl, f->model, f->msg});
            }
            if (tenv && cyc >= kPreamble) res.metrics.observe(cyc, in, *seen);
            if (rt) {
                mmu_cycle_tick(model, &in);
                if (diverged || rt->failed()) { res.screen_failed = true; res.screen_cycle = cyc; cyc++; break; }
            } else {
                if (!one_eval) dut->tick();
                if (model) mmu_cycle_tick(model, &in);
            }
            // ---- the cycle model's own docs/rtl.md assertions (one load per cycle)
            if (model && mmu_cycle_violations(model, nullptr) && !res.model_invariant) {
                const char *nm = nullptr;
                uint64_t n = mmu_cycle_violations(model, &nm);
                res.model_invariant = true;
                if (!diverged) res.divergent_cycles++;
                diverged = true;
                res.divs.push_back({cyc, "model.invariant", n, 0,
                                    std::string("the cycle model broke the docs/rtl.md assertion '") + (nm ? nm : "?") +
                                        "' (a model bug, or a rule the RTL may break the same way)"});
                if (rt) { res.screen_failed = true; res.screen_cycle = cyc; cyc++; break; }
            }
            if (!rt && dut->finished()) {
                if (!diverged) res.divergent_cycles++;
                diverged = true;
                rtl_assert(res, cyc >= dut->edge_lag() ? cyc - dut->edge_lag() : 0);
                cyc++;
                break;
            }
            if (tracing && cyc >= trace_to) { dut->trace_close(); tracing = false; }
            if (res.divergent_cycles >= o_.max_mismatches && cyc >= stop_after) { cyc++; break; }
            if (cyc >= kPreamble && (tenv ? mmu_tenv_done(tenv) : mmu_env_done(env))) { res.env_done = true; cyc++; break; }
            if (!o_.quiet && (cyc & 0xfffff) == 0 && cyc) {
                auto now = std::chrono::steady_clock::now();
                if (std::chrono::duration<double>(now - last).count() >= 2.0) {
                    double el = std::chrono::duration<double>(now - t0).count();
                    if (tenv)
                        fprintf(stderr, "mmu-cosim: %s trace %s: %.2fM accesses, %.1fM cycles, %.2f Mcycles/s\n", p_.name,
                                o_.tr.trace.c_str(), mmu_tenv_counts(tenv)->accesses / 1e6, cyc / 1e6, cyc / el / 1e6);
                    else
                    fprintf(stderr, "mmu-cosim: %s seed %" PRIu64 ": %.1fM / %.1fM cycles, %.2f Mcycles/s\n", p_.name,
                            o_.seed, cyc / 1e6, total / 1e6, cyc / el / 1e6);
                    last = now;
                }
            }
        }
        // The fast model takes the last cycle's edge now (its assertions).
        if (!rt && res.divergent_cycles == 0 && !dut->finished() && cyc > 0) {
            dut->drain();
            if (dut->finished()) {
                res.divergent_cycles++;
                rtl_assert(res, cyc - 1);
            }
        }
        if (rt) {
            rt->finish();                          // the RTL catches up with the model
            if (rt->failed()) {
                res.screen_failed = true;
                res.screen_cycle = std::min(res.screen_cycle ? res.screen_cycle : UINT64_MAX, rt->fail_cycle());
            }
            delete rt;
        }
        res.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        res.cpu = cpu_seconds() - cpu0;
        if (tracing) dut->trace_close();
        res.cycles = cyc;
        res.stats = tenv ? *mmu_tenv_env_stats(tenv) : *mmu_env_get_stats(env);
        std::vector<char> buf(320u * o_.history + 4096);
        if (tenv) mmu_tenv_history(tenv, buf.data(), (unsigned)buf.size());
        else mmu_env_history(env, buf.data(), (unsigned)buf.size());
        res.history = buf.data();
        if (tenv) mmu_tenv_history_json(tenv, buf.data(), (unsigned)buf.size());
        else mmu_env_history_json(env, buf.data(), (unsigned)buf.size());
        res.history_json = buf.data();
        mmu_env_free(env);
        res.tenv = tenv;
        if (model) mmu_cycle_free(model);
        delete dut;
        return 0;
    }

    const Options &o_;
    const mmu_profile &p_;
    const CosimProfileEntry *pe_;
    mmu_env_config cfg_;
    const mmu_tenv_config *tcfg_;     // --trace: the trace environment replaces mmu_env
};

std::string json_str(const std::string &s) {
    std::string r = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') { r += '\\'; r += c; }
        else if (c == '\n') r += "\\n";
        else if ((unsigned char)c < 0x20) { char b[8]; snprintf(b, sizeof b, "\\u%04x", c); r += b; }
        else r += c;
    }
    return r + "\"";
}

std::string repro_command(const char *argv0, const Options &o, uint64_t div_cycle) {
    std::string s = argv0;
    s += " --profile " + o.profile + " --seed " + std::to_string(o.seed);
    uint64_t cyc = o.cycles;
    if (div_cycle != UINT64_MAX && div_cycle + 64 < kPreamble + cyc) cyc = div_cycle + 64 - kPreamble;
    s += " --cycles " + std::to_string(cyc) + " --mem-latency " + o.latency + " --mode " + o.mode;
    if (o.stimulus != "random") s += " --stimulus " + o.stimulus;
    for (auto &k : o.knobs) s += " --knob " + k;
    if (o.no_model) s += " --no-model";
    if (o.no_arch) s += " --no-arch";
    if (!o.tr.trace.empty()) {
        s += " --trace " + o.tr.trace;
        if (!o.tr.format.empty()) s += " --format " + o.tr.format;
        if (o.tr.populate) s += " --populate";
        if (o.tr.frames) s += " --frames " + std::to_string(o.tr.frames);
        if (o.tr.swap_policy != "fifo") s += " --swap-policy " + o.tr.swap_policy;
        if (o.tr.check_data) s += " --check-data";
    }
    s += " --wave " + (o.wave.empty() ? std::string("divergence.fst") : o.wave);
    return s;
}

bool write_json(const std::string &path, const std::string &text) {
    std::string tmp = path + ".tmp." + std::to_string(getpid());
    FILE *f = fopen(tmp.c_str(), "w");
    if (!f) return false;
    bool ok = fwrite(text.data(), 1, text.size(), f) == text.size();
    ok = (fclose(f) == 0) && ok;
    if (ok) ok = rename(tmp.c_str(), path.c_str()) == 0;
    if (!ok) remove(tmp.c_str());
    return ok;
}

// An output file the run will write: refuse it now, not after the run.
// "" when it can be written, else why not.
std::string output_problem(const std::string &path) {
    struct stat st;
    if (path.empty()) return "empty file name";
    if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return "is a directory";
    std::string tmp = path + ".tmp." + std::to_string(getpid());
    FILE *f = fopen(tmp.c_str(), "w");
    if (!f) return strerror(errno);
    fclose(f);
    remove(tmp.c_str());
    return "";
}

// The waveform is written under a temporary name and renamed when whole.
std::string wave_tmp(const std::string &wave) { return wave + ".tmp." + std::to_string(getpid()); }
bool wave_finish(const std::string &wave, const RunResult &r) {
    std::string tmp = wave_tmp(wave);
    if (r.wave_written && rename(tmp.c_str(), wave.c_str()) == 0) return true;
    fprintf(stderr, "mmu-cosim: --wave %s: cannot write: %s\n", wave.c_str(),
            r.wave_written ? strerror(errno) : "the FST writer could not open it");
    remove(tmp.c_str());
    return false;
}

// --bench-rtl: the ceiling of any lockstep harness on one core. The inputs of
// an unchecked run are recorded, then replayed into a fresh RTL with nothing
// else in the loop; the outputs are folded into a checksum so that nothing
// can be optimised away.
int bench_rtl(const Options &o, const mmu_profile &p, const CosimProfileEntry *pe, mmu_env_config cfg) {
    mmu_error err;
    char eb[900];
    cfg.arch_check = false;
    mmu_env *env = mmu_env_new(&p, &cfg, &err);
    if (!env) {
        fprintf(stderr, "mmu-cosim: %s\n", mmu_error_format(&err, eb, sizeof eb));
        return 2;
    }
    uint64_t total = kPreamble + std::min<uint64_t>(o.cycles, 20000000);
    std::vector<mmu_cycle_in> rec;
    rec.reserve(total);
    mmu_cycle_in in;
    mmu_cycle_out out;
    memset(&out, 0, sizeof out);
    // recorded on the traced model (eval, tick), replayed on the fast one (step):
    // a profiler that counts step() sees the replay only
    CosimDut *dut = pe->make_traced(o.seed);
    for (uint64_t c = 0; c < total; c++) {
        if (c < kPreamble) preamble_inputs(c, &in);
        else mmu_env_drive(env, &in);
        dut->eval(in, out);
        if (c >= kPreamble && mmu_env_observe(env, &in, &out, &err)) {
            const mmu_env_failure_info *f = mmu_env_failure(env);
            fprintf(stderr, "mmu-cosim: --bench-rtl: the environment's monitors stopped the recording at cycle %" PRIu64
                    ": %s: %s (run this seed without --bench-rtl for the report)\n", c, f->signal, f->msg);
            delete dut;
            mmu_env_free(env);
            return 1;
        }
        dut->tick();
        rec.push_back(in);
        if (c >= kPreamble && mmu_env_done(env)) break;
    }
    delete dut;
    mmu_env_free(env);
    dut = pe->make(o.seed);
    uint64_t sum = 0;
    auto t0 = std::chrono::steady_clock::now();
    double cpu0 = cpu_seconds();
    bool first = true;
    for (const mmu_cycle_in &r : rec) {
        dut->step(r, out);
        if (first) { first = false; continue; }   // cycle 0: outputs undefined before the first reset edge
        sum = sum * 31 + out.rsp_pa + out.mem_req_addr + out.reg_rdata + out.req_ready;
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double cpu = cpu_seconds() - cpu0;
    delete dut;
    uint64_t n = rec.size();
    fprintf(stderr, "mmu-cosim: %s RTL alone (recorded inputs replayed): %" PRIu64 " cycles, %.2f Mcycles/s "
            "(%.2f per CPU-second), %.0f ns/cycle [checksum %016" PRIx64 "]\n", p.name, n,
            wall > 0 ? n / wall / 1e6 : 0.0, cpu > 0 ? n / cpu / 1e6 : 0.0, n ? cpu / n * 1e9 : 0.0, sum);
    if (!o.report_json.empty()) {
        char b[600];
        snprintf(b, sizeof b, "{\n  \"tool\": \"mmu-cosim\",\n  \"bench\": \"rtl-only\",\n  \"profile\": \"%s\",\n"
                 "  \"seed\": %" PRIu64 ",\n  \"cycles\": %" PRIu64 ",\n  \"wall_seconds\": %.3f,\n  \"cpu_seconds\": %.3f,\n"
                 "  \"cycles_per_second\": %.0f,\n  \"cycles_per_cpu_second\": %.0f\n}\n", p.name, o.seed, n, wall, cpu,
                 wall > 0 ? n / wall : 0.0, cpu > 0 ? n / cpu : 0.0);
        if (!write_json(o.report_json, b)) {
            fprintf(stderr, "mmu-cosim: cannot write %s: %s\n", o.report_json.c_str(), strerror(errno));
            return 2;
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    Options o;
    int rc = parse_args(argc, argv, o);
    if (rc) return rc;
    if (o.wave.empty() && (o.wave_at >= 0 || o.wave_window_given))
        return usage_error("%s needs --wave FILE", o.wave_at >= 0 ? "--wave-at" : "--wave-window");
    for (const std::string *out : {&o.wave, &o.report_json, &o.tr.stats_json}) {
        if (out->empty()) continue;
        std::string why = output_problem(*out);
        const char *opt = out == &o.wave ? "--wave" : out == &o.report_json ? "--report-json" : "--stats-json";
        if (!why.empty()) {
            fprintf(stderr, "mmu-cosim: %s %s: cannot write: %s (mmu-cosim --help)\n", opt, out->c_str(), why.c_str());
            return 2;
        }
        if (!o.tr.trace.empty() && *out == o.tr.trace) {
            fprintf(stderr, "mmu-cosim: %s %s: that is the trace (it would be overwritten)\n", opt, out->c_str());
            return 2;
        }
    }
    if (o.profile.empty())   // the labs' binaries have one profile each: default to it
        o.profile = cosim_profile_count == 1 ? cosim_profiles[0].profile : "sv39";
    mmu_profile p;
    mmu_error err;
    char eb[900];
    if (mmu_profile_find(o.profile.c_str(), &p, &err)) {
        fprintf(stderr, "mmu-cosim: --profile %s: %s\n", o.profile.c_str(), mmu_error_format(&err, eb, sizeof eb));
        return 2;
    }
    const CosimProfileEntry *pe = nullptr;
    for (unsigned i = 0; i < cosim_profile_count; i++)
        if (!strcmp(cosim_profiles[i].profile, p.name)) pe = &cosim_profiles[i];
    if (!pe) {
        std::string list;
        for (unsigned i = 0; i < cosim_profile_count; i++) list += std::string(i ? ", " : "") + cosim_profiles[i].profile;
        fprintf(stderr, "mmu-cosim: --profile %s: this binary has no RTL for that profile (built: %s)\n",
                o.profile.c_str(), list.c_str());
        return 2;
    }
    mmu_env_config cfg;
    mmu_env_config_defaults(&cfg);
    cfg.seed = o.seed;
    cfg.history = o.history;
    if (mmu_env_parse_mem_latency(o.latency.c_str(), &cfg, &err) || mmu_env_parse_mode(o.mode.c_str(), &cfg.mode, &err)) {
        fprintf(stderr, "mmu-cosim: %s\n", mmu_error_format(&err, eb, sizeof eb));
        return 2;
    }
    for (auto &k : o.knobs)
        if (mmu_env_set_knob(&cfg, k.c_str(), &err)) {
            fprintf(stderr, "mmu-cosim: --knob %s\n", mmu_error_format(&err, eb, sizeof eb));
            return 2;
        }
    if (o.stimulus.size() >= sizeof cfg.stimulus) return usage_error("--stimulus '%s': too long", o.stimulus.c_str());
    snprintf(cfg.stimulus, sizeof cfg.stimulus, "%s", o.stimulus.c_str());
    if (o.stimulus != "random" && !o.cycles_given) o.cycles = 5000000;
    cfg.arch_check = !o.no_check && !o.no_arch;
    bool lockstep = COSIM_HAVE_CYCLE && !o.no_check && !o.no_model;
    if (!COSIM_HAVE_CYCLE && !o.no_check && !o.quiet)
        fprintf(stderr, "mmu-cosim: note: built without the cycle model (cmodel/cycle): arch check only\n");

    // --trace: the trace environment (trace_drive.cpp) instead of mmu_env; ends with the trace
    bool trace_mode = !o.tr.trace.empty();
    mmu_tenv_config tcfg;
    if (!trace_mode && trace_flag_without_trace(o.tr)) return usage_error("%s needs --trace FILE", trace_flag_without_trace(o.tr));
    if (trace_mode) {
        if (o.stimulus != "random") return usage_error("--stimulus %s: not with --trace", o.stimulus.c_str());
        if (!o.cycles_given) o.cycles = 100000000000ull;
        if (trace_config(o.tr, o.mode, cfg, &tcfg)) return 2;
    }
    if (!o.bus_given && o.bus_opt_given) return usage_error("%s needs --bus wb", "--bus-waits / --bus-model-bug");
    if (o.bus_given) {
        const char *clash = trace_mode ? "--trace" : o.bench_rtl ? "--bench-rtl" : o.threads > 1 ? "--threads 2" :
                            o.no_check ? "--no-check" : o.no_model ? "--no-model" : !o.wave.empty() ? "--wave" :
                            !o.report_json.empty() ? "--report-json" : o.max_mismatches > 1 ? "--max-mismatches" : nullptr;
        if (clash) return usage_error("--bus: not with %s (docs/cosim.md \"Bus tops\")", clash);
        BusRunOptions bo;
        bo.bus = o.bus;
        bo.seed = o.seed;
        bo.cycles = o.cycles;
        bo.quiet = o.quiet;
        bo.expect_divergence = o.expect_divergence;
        if (!bus_parse_waits(o.bus_waits.c_str(), &bo.stall_pct, &bo.max_wait, &bo.rready_low_pct))
            return usage_error("--bus-waits: expected S,W[,R] (not-ready percent 0..90, most wait cycles 1..16, RREADY-low "
                               "percent 0..90) or none, "
                               "got '%s'", o.bus_waits.c_str());
        int bug = mmu_bus_bug_parse(o.bus_bug.c_str());
        if (bug < 0)
            return usage_error("--bus-model-bug: expected none, no-cmp-cycle, write-stall or read-stall, got '%s'",
                               o.bus_bug.c_str());
        bo.model_bugs = (unsigned)bug;
        bo.bug_name = o.bus_bug;
        bo.repro = std::string(argv[0]) + " --bus " + o.bus + " --bus-waits " + o.bus_waits + " --profile " + o.profile +
                   " --seed " + std::to_string(o.seed) + " --mem-latency " + o.latency + " --mode " + o.mode +
                   (o.stimulus != "random" ? " --stimulus " + o.stimulus : std::string());
        for (auto &k : o.knobs) bo.repro += " --knob " + k;
        if (o.no_arch) bo.repro += " --no-arch";
        if (o.bus_bug != "none") bo.repro += " --bus-model-bug " + o.bus_bug;
        return bus_run(bo, p, cfg);
    }
    if (o.bench_rtl) {
        if (trace_mode) return usage_error("%s: not with --trace", "--bench-rtl");
        return bench_rtl(o, p, pe, cfg);
    }
    Harness h(o, p, pe, cfg, trace_mode ? &tcfg : nullptr);
    RunResult res;
    rc = h.run(res, (o.wave_at >= 0) ? wave_tmp(o.wave) : std::string(),
               o.wave_at >= 0 ? (uint64_t)std::max<int64_t>(0, o.wave_at - (int64_t)o.wave_window) : 0,
               o.wave_at >= 0 ? (uint64_t)o.wave_at + o.wave_window : 0, 0);
    if (o.wave_at >= 0 && (rc || (res.tenv && mmu_tenv_error(res.tenv)) || !res.config_ok))
        remove(wave_tmp(o.wave).c_str());          // no half-written waveform left behind
    if (rc) return rc;
    if (res.tenv && mmu_tenv_error(res.tenv)) {       // a bad trace or an OS error: not a divergence
        fprintf(stderr, "mmu-cosim: %s\n", mmu_error_format(mmu_tenv_error(res.tenv), eb, sizeof eb));
        mmu_tenv_free(res.tenv);
        return 2;
    }
    if (!res.config_ok) {
        fprintf(stderr, "mmu-cosim: refusing to run: the RTL's geometry is not profile %s (%s): %s\n", p.name, p.path,
                res.config_msg.c_str());
        return 2;
    }
    bool failed = !res.divs.empty();
    const Divergence *d0 = failed ? &res.divs[0] : nullptr;
    std::string wave_note;
    bool wave_bad = false;                 // --wave asked for and not written: exit 2 (1 if it diverged)
    if (o.wave_at >= 0) {
        if (!res.wave_written && !res.wave_failed) {
            fprintf(stderr, "mmu-cosim: --wave-at %" PRId64 ": the run ended at cycle %" PRIu64 ", before the window "
                    "(cycles %" PRId64 "..) began; no waveform written (give a cycle below %" PRIu64 ")\n", o.wave_at,
                    res.cycles, std::max<int64_t>(0, o.wave_at - (int64_t)o.wave_window), res.cycles);
            wave_bad = true;
        } else if (!wave_finish(o.wave, res)) {
            wave_bad = true;
        }
    }
    if (failed && !o.wave.empty()) {
        uint64_t from = d0->cycle > o.wave_window ? d0->cycle - o.wave_window : 0;
        uint64_t to = d0->cycle + o.wave_window;
        RunResult again;
        Options o2 = o;
        o2.quiet = true;
        Harness h2(o2, p, pe, cfg, trace_mode ? &tcfg : nullptr);
        h2.run(again, wave_tmp(o.wave), from, to, to);
        mmu_tenv_free(again.tenv);
        if (wave_finish(o.wave, again))
            wave_note = o.wave + " (cycles " + std::to_string(from) + ".." + std::to_string(to) + ", FST time = 10 x cycle)";
        else
            wave_bad = true;
    }
    const mmu_env_stats &st = res.stats;
    uint64_t env_cycles = res.cycles > kPreamble ? res.cycles - kPreamble : 0;
    std::string cmd = repro_command(argv[0], o, d0 ? d0->cycle : UINT64_MAX);
    if (failed) {
        fprintf(stdout, "mmu-cosim: DIVERGENCE at cycle %" PRIu64 " (env cycle %" PRIu64 "): %s: RTL 0x%" PRIx64
                ", %s 0x%" PRIx64 "\n", d0->cycle, d0->cycle >= kPreamble ? d0->cycle - kPreamble : 0, d0->signal.c_str(),
                d0->rtl, d0->signal.rfind("arch.", 0) == 0 ? "arch model" : d0->signal.find('.') != std::string::npos ? "expected" : "cycle model",
                d0->model);
        fprintf(stdout, "  %s\n", d0->msg.c_str());
        for (size_t i = 1; i < res.divs.size() && i < 8; i++)
            fprintf(stdout, "  also cycle %" PRIu64 ": %s: RTL 0x%" PRIx64 " vs 0x%" PRIx64 "\n", res.divs[i].cycle,
                    res.divs[i].signal.c_str(), res.divs[i].rtl, res.divs[i].model);
        fprintf(stdout, "  profile %s, seed %" PRIu64 ", mem-latency %s, mode %s, %s %s%s\n", p.name, o.seed,
                o.latency.c_str(), trace_mode && o.mode == "mixed" ? "paging" : o.mode.c_str(),
                trace_mode ? "trace" : "stimulus", trace_mode ? o.tr.trace.c_str() : o.stimulus.c_str(), cosim_build_defines[0] ? (std::string(", RTL built with ") + cosim_build_defines).c_str() : "");
        fprintf(stdout, "  last transactions and register writes (env cycles; harness cycle = env cycle + %u):\n", kPreamble);
        const char *h0 = res.history.c_str();
        while (*h0) {
            const char *nl = strchr(h0, '\n');
            int len = nl ? (int)(nl - h0) : (int)strlen(h0);
            fprintf(stdout, "    %.*s\n", len, h0);
            h0 += len + (nl ? 1 : 0);
        }
        if (!wave_note.empty()) fprintf(stdout, "  wave: %s\n", wave_note.c_str());
        fprintf(stdout, "  reproduce: %s\n", cmd.c_str());
    }
    if (!o.report_json.empty()) {
        char b[512];
        std::string j = "{\n";
        j += "  \"tool\": \"mmu-cosim\",\n  \"profile\": " + json_str(p.name) + ",\n";
        j += "  \"seed\": " + std::to_string(o.seed) + ",\n  \"mem_latency\": " + json_str(o.latency) + ",\n";
        j += "  \"mode\": " + json_str(o.mode) + ",\n  \"stimulus\": " + json_str(o.stimulus) + ",\n";
        j += "  \"lockstep\": " + std::string(lockstep ? "true" : "false") + ",\n";
        j += "  \"arch_check\": " + std::string(cfg.arch_check ? "true" : "false") + ",\n";
        j += "  \"rtl_defines\": " + json_str(cosim_build_defines) + ",\n";
        j += "  \"result\": " + json_str(failed ? "divergence" : "pass") + ",\n";
        j += "  \"cycles\": " + std::to_string(res.cycles) + ",\n";
        j += "  \"env_cycles\": " + std::to_string(env_cycles) + ",\n";
        j += "  \"translations\": " + std::to_string(st.responses) + ",\n";
        j += "  \"divergences\": " + std::to_string(res.divergent_cycles) + ",\n";
        if (d0) {
            j += "  \"first_divergence\": {\"cycle\": " + std::to_string(d0->cycle) + ", \"signal\": " + json_str(d0->signal) +
                 ", \"rtl\": " + json_str(hex(d0->rtl)) + ", \"model\": " + json_str(hex(d0->model)) +
                 ", \"message\": " + json_str(d0->msg) + "},\n";
        } else {
            j += "  \"first_divergence\": null,\n";
        }
        j += "  \"reproduce\": " + json_str(cmd) + ",\n";
        j += "  \"wave\": " + (wave_note.empty() ? std::string("null") : json_str(wave_note)) + ",\n";
        snprintf(b, sizeof b, "  \"wall_seconds\": %.3f,\n  \"cpu_seconds\": %.3f,\n  \"cycles_per_second\": %.0f,\n"
                 "  \"cycles_per_cpu_second\": %.0f,\n", res.wall, res.cpu, res.wall > 0 ? res.cycles / res.wall : 0.0,
                 res.cpu > 0 ? res.cycles / res.cpu : 0.0);
        j += b;
        j += "  \"counters\": {";
        struct { const char *n; uint64_t v; } c[] = {
            {"requests", st.requests}, {"responses", st.responses}, {"hits", st.hits}, {"faults", st.faults},
            {"arch_checks", st.arch_checks}, {"arch_alternates", st.arch_alternates}, {"mem_reads", st.mem_reads},
            {"mem_cas", st.mem_cas}, {"mem_cas_fail", st.mem_cas_fail}, {"mem_errors", st.mem_errors},
            {"reg_writes", st.reg_writes}, {"flushes", st.flushes}, {"ctx_switches", st.ctx_switches}, {"ctx_rewrites", st.ctx_rewrites}, {"cross_asid_maps", st.cross_asid_maps},
            {"mutations", st.mutations}, {"cas_races", st.cas_races}, {"directed_steps", st.directed_steps},
            {"expectations", st.expectations}};
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
            j += std::string(i ? ", " : "") + "\"" + c[i].n + "\": " + std::to_string(c[i].v);
        j += ",\n    \"causes\": {";
        for (int i = 0; i < MMU_CAUSE_COUNT; i++)
            j += std::string(i ? ", " : "") + "\"" + mmu_cause_name((mmu_cause)i) + "\": " + std::to_string(st.cause[i]);
        j += "},\n    \"modes\": {";
        for (int i = 0; i < MMU_MODE_COUNT; i++)
            j += std::string(i ? ", " : "") + "\"" + mmu_mode_name((mmu_mode)i) + "\": " + std::to_string(st.mode_responses[i]);
        j += "}},\n";
        j += "  \"history\": " + res.history_json + "\n}\n";
        if (!write_json(o.report_json, j)) {
            fprintf(stderr, "mmu-cosim: cannot write %s: %s\n", o.report_json.c_str(), strerror(errno));
            return 2;
        }
    }
    if (trace_mode) {
        TraceRunInfo ti;
        ti.cycles = res.cycles;
        ti.divergences = res.divergent_cycles;
        ti.wall = res.wall;
        ti.cpu = res.cpu;
        ti.lockstep = lockstep;
        ti.arch_check = cfg.arch_check;
        ti.failed = failed;
        ti.latency = o.latency;
        ti.metrics = &res.metrics;
        rc = trace_report(res.tenv, o.tr, ti, false);
        mmu_tenv_free(res.tenv);
        if (rc) return rc;
    } else {
        fprintf(stderr, "mmu-cosim: %s seed %" PRIu64 ", walker memory %s: %" PRIu64 " clock cycles, %" PRIu64
                " translations checked (%" PRIu64 " TLB hits, %" PRIu64 " faults), %s; %.2f M cycles per second "
                "(%.2f M per CPU-second)%s\n",
                p.name, o.seed, o.latency.c_str(), res.cycles, st.responses, st.hits, st.faults,
                failed ? "DIVERGENCE" : "no divergence", res.wall > 0 ? res.cycles / res.wall / 1e6 : 0.0,
                res.cpu > 0 ? res.cycles / res.cpu / 1e6 : 0.0,
                lockstep ? (o.threads > 1 ? " [two threads]" : "") : (o.no_check ? " [unchecked]" : " [arch check only]"));
    }
    if (o.expect_divergence) return failed ? 0 : 1;
    if (wave_bad) return failed ? 1 : 2;
    return failed ? 1 : 0;
}
