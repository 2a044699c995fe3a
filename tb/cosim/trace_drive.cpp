// trace_drive.cpp -- `mmu-cosim --trace`: options, configuration and report
// of the trace environment. The per-cycle driver is C (cmodel/env/trace_env.c,
// mmu_tenv.h), so the same code runs against the cycle model alone; the
// counting and the JSON keys are mmu-ref run's (cmodel/os/run.c, mmu_run.h).
#include "trace_drive.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

const char *trace_flag_without_trace(const TraceOptions &t) {
    if (!t.format.empty()) return "--format";
    if (t.populate) return "--populate";
    if (t.strict) return "--strict";
    if (t.check_data) return "--check-data";
    if (t.frames) return "--frames";
    if (t.swap_policy != "fifo") return "--swap-policy";
    if (!t.stats_json.empty()) return "--stats-json";
    return nullptr;
}

static int usage(const char *fmt, const char *a) {
    fprintf(stderr, "mmu-cosim: ");
    fprintf(stderr, fmt, a);
    fprintf(stderr, " (mmu-cosim --help)\n");
    return 2;
}

int trace_config(const TraceOptions &t, const std::string &mode, const mmu_env_config &cfg, mmu_tenv_config *out) {
    memset(out, 0, sizeof *out);
    mmu_run_config &r = out->run;
    r.trace = t.trace.c_str();
    r.fmt = MMU_TRACE_AUTO;
    if (!t.format.empty() && (mmu_trace_format_parse(t.format.c_str(), &r.fmt) || r.fmt == MMU_TRACE_AUTO))
        return usage("--format: expected native, lackey or din, got '%s'", t.format.c_str());
    mmu_os_config &os = out->os;
    os.mode = MMU_MODE_PAGING;
    if (mode != "mixed") {
        mmu_mode m;
        if (mmu_mode_parse(mode.c_str(), &m) ||
            (m != MMU_MODE_PAGING && m != MMU_MODE_HYBRID && m != MMU_MODE_SEGMENTATION))
            return usage("--mode with --trace: expected paging, hybrid or segmentation, got '%s'", mode.c_str());
        os.mode = m;
    }
    if (mmu_swap_policy_parse(t.swap_policy.c_str(), &os.swap_policy))
        return usage("--swap-policy: expected fifo, lru, opt, clock or rand, got '%s'", t.swap_policy.c_str());
    if ((t.populate || os.swap_policy == MMU_SWAP_OPT) && t.trace == "-")
        return usage("%s reads the trace twice: give a file, not stdin", t.populate ? "--populate" : "--swap-policy opt");
    os.frames = t.frames;
    os.seed = cfg.seed;
    r.populate = t.populate;
    r.strict = t.strict;
    r.future = os.swap_policy == MMU_SWAP_OPT;
    out->lat = cfg.lat;
    out->seed = cfg.seed;
    out->history = cfg.history;
    out->arch_check = cfg.arch_check;
    out->data_check = t.check_data;
    if (t.check_data && !cfg.arch_check) return usage("%s needs the checks on (not with --no-check / --no-arch)", "--check-data");
    return 0;
}

// "fixed:2" -> what it means, for the summary.
std::string latency_text(const std::string &lat) {
    unsigned a = 0, b = 0;
    char buf[200];
    if (sscanf(lat.c_str(), "fixed:%u", &a) == 1)
        snprintf(buf, sizeof buf, "%s: every walker memory read answered %u cycle%s after its request", lat.c_str(), a,
                 a == 1 ? "" : "s");
    else if (sscanf(lat.c_str(), "random:%u-%u", &a, &b) == 2)
        snprintf(buf, sizeof buf, "%s: each walker memory read answered %u..%u cycles after its request (seeded)",
                 lat.c_str(), a, b);
    else
        snprintf(buf, sizeof buf, "%s: walker memory reads answered in bursts (docs/cosim.md \"Latency models\")",
                 lat.c_str());
    return buf;
}

int trace_report(mmu_tenv *t, const TraceOptions &o, const TraceRunInfo &info, bool quiet) {
    mmu_run_report rep;
    mmu_tenv_report(t, &rep);
    const mmu_env_stats *st = mmu_tenv_env_stats(t);
    bool finished = mmu_tenv_done(t) && !mmu_tenv_error(t);
    uint64_t ctr[7];
    bool have_ctr = mmu_tenv_hw_counters(t, ctr);
    double cps = info.wall > 0 ? info.cycles / info.wall : 0.0;
    static const PortMetrics none;
    const PortMetrics &m = info.metrics ? *info.metrics : none;
    double per_walk = m.walks ? (double)m.pte_reads / (double)m.walks : 0.0;
    // The ports and the environment count the same things (one memory request outstanding,
    // every one answered before the counters are read): a difference is a harness bug.
    if (finished && info.metrics && (m.pte_reads != rep.c->pte_reads || m.offered.count() != st->responses)) {
        fprintf(stderr, "mmu-cosim: internal error: on the ports %" PRIu64 " PTE reads and %" PRIu64 " responses, the "
                "environment counted %" PRIu64 " and %" PRIu64 " (tb/cosim/port_metrics.h)\n", m.pte_reads,
                m.offered.count(), rep.c->pte_reads, st->responses);
        return 2;
    }
    if (!quiet) {
        const mmu_run_counts *c = rep.c;
        mmu_run_print_summary(stdout, &rep);
        printf("RTL        %" PRIu64 " clock cycles (8 of reset and setup), %" PRIu64 " translations checked (%s%s)\n",
               info.cycles, st->responses, info.arch_check ? "against the arch model and the TLB model" : "no arch check",
               info.lockstep ? ", in lockstep with the cycle model" : "");
        printf("latency    %s\n", latency_text(info.latency).c_str());
        if (info.metrics) {
            printf("timing     cycles per translation, offered to answered: mean %.4f, p99 %" PRIu64 ", max %" PRIu64
                   "; accepted to answered: mean %.4f, p99 %" PRIu64 ", max %" PRIu64 " (%" PRIu64
                   " translation requests; register writes are not)\n", m.offered.mean(), m.offered.percentile(99),
                   m.offered.max(), m.accepted.mean(), m.accepted.percentile(99), m.accepted.max(), m.offered.count());
            printf("walker     %" PRIu64 " walks (rsp_hit_o 0 after PTE reads), %" PRIu64 " PTE reads (%.3f per walk), %"
                   PRIu64 " walk cycles (a walk accepted, not answered)", m.walks, m.pte_reads, per_walk, m.walk_cycles);
            if (have_ctr) printf("; the RTL's WALK_CYCLES %" PRIu64 " (walker busy)", ctr[4]);
            printf("\n");
        }
        if (have_ctr)
            printf("counters   the RTL's own: LOOKUPS %" PRIu64 " (%" PRIu64 " accesses + %" PRIu64 " retries) HITS %" PRIu64
                   " MISSES %" PRIu64 " (%" PRIu64 " + %" PRIu64 " of retries) WALKS %" PRIu64 " FLUSHES %" PRIu64
                   " AD_UPDATES %" PRIu64 "; %s\n", ctr[0], c->accesses, c->retries, ctr[1], ctr[2], c->misses,
                   c->retry_misses, ctr[3], ctr[5], ctr[6],
                   info.failed ? "see the divergence" : "each equal to the model's count");
        else if (finished && !rep.p->counters)
            printf("counters   none: profile %s has counters = 0, no comparison with the counts\n", rep.p->name);
        printf("speed      %.3f s wall clock: %.2f M checked cycles per second (%.2f M per CPU-second)\n", info.wall,
               cps / 1e6, info.cpu > 0 ? info.cycles / info.cpu / 1e6 : 0.0);
        printf("divergences %" PRIu64 "%s\n", info.divergences,
               finished ? (info.divergences ? "" : " (RTL, cycle model and arch model agreed on every cycle)")
                        : info.failed ? " (stopped at the first)" : " (stopped by --cycles before the end of the trace)");
    }
    if (o.stats_json.empty() || !finished) return 0;
    mmu_json j;
    mmu_json_begin(&j);
    mmu_run_json_fields(&j, &rep);
    mmu_json_str(&j, "tool", "mmu-cosim");
    mmu_json_str(&j, "mem_latency", info.latency.c_str());
    mmu_json_raw(&j, "lockstep", info.lockstep ? "true" : "false");
    mmu_json_raw(&j, "arch_check", info.arch_check ? "true" : "false");
    mmu_json_num(&j, "cycles", info.cycles);
    mmu_json_num(&j, "translations", st->responses);
    mmu_json_num(&j, "divergences", info.divergences);
    mmu_json_raw(&j, "hw_counters", have_ctr ? "true" : "false");
    mmu_json_num(&j, "hw_lookups", have_ctr ? ctr[0] : 0);
    mmu_json_num(&j, "hw_hits", have_ctr ? ctr[1] : 0);
    mmu_json_num(&j, "hw_misses", have_ctr ? ctr[2] : 0);
    char num[40];                      // means and the ratio with 4 decimals (mmu_json_real has 3)
    auto real4 = [&](const char *key, double v) { snprintf(num, sizeof num, "%.4f", v); mmu_json_raw(&j, key, num); };
    real4("cycles_per_translation_mean", m.offered.mean());
    mmu_json_num(&j, "cycles_per_translation_p99", m.offered.percentile(99));
    mmu_json_num(&j, "cycles_per_translation_max", m.offered.max());
    real4("accept_to_response_mean", m.accepted.mean());
    mmu_json_num(&j, "accept_to_response_p99", m.accepted.percentile(99));
    mmu_json_num(&j, "accept_to_response_max", m.accepted.max());
    mmu_json_num(&j, "walker_walks", m.walks);
    // pte_reads_per_walk: mmu-ref run's key (run.c), the same reads and walks
    mmu_json_num(&j, "walk_cycles", m.walk_cycles);
    mmu_json_num(&j, "hw_walk_cycles", have_ctr ? ctr[4] : 0);
    mmu_json_real(&j, "wall_seconds", info.wall);
    mmu_json_real(&j, "cycles_per_second", cps);
    mmu_error err;
    if (mmu_json_write(&j, o.stats_json.c_str(), &err)) {
        char b[900];
        fprintf(stderr, "mmu-cosim: %s\n", mmu_error_format(&err, b, sizeof b));
        return 2;
    }
    return 0;
}
