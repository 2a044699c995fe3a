// trace_drive.h -- `mmu-cosim --trace`: the options, the configuration of the
// trace environment (cmodel/env/trace_env.c, mmu_tenv.h) and the report.
// docs/cosim.md "Running a trace through the RTL".
#ifndef COSIM_TRACE_DRIVE_H
#define COSIM_TRACE_DRIVE_H

#include <cstdint>
#include <string>
#include "port_metrics.h"
extern "C" {
#include "mmu_env.h"
#include "mmu_tenv.h"
}

struct TraceOptions {
    std::string trace, format, swap_policy = "fifo", stats_json;
    bool populate = false, strict = false, check_data = false;
    uint64_t frames = 0;
};

// The first trace-only flag given without --trace, or nullptr.
const char *trace_flag_without_trace(const TraceOptions &t);

// Fills out from the options (mode: --mode, "mixed" = the default, paging).
// 0, or 2 after printing one usage message.
int trace_config(const TraceOptions &t, const std::string &mode, const mmu_env_config &cfg, mmu_tenv_config *out);

struct TraceRunInfo {
    uint64_t cycles = 0;        // harness cycles, preamble included
    uint64_t divergences = 0;   // divergent cycles
    double wall = 0, cpu = 0;
    bool lockstep = false, arch_check = false, failed = false;
    std::string latency;
    const PortMetrics *metrics = nullptr;   // translation latency and walks, on the RTL's ports
};

// "fixed:2" -> "fixed:2: every walker memory read answered 2 cycles after its request".
std::string latency_text(const std::string &lat);

// The summary on stdout (unless quiet) and --stats-json (only for a run that
// reached the end of the trace). 0, or 2 when the JSON cannot be written.
int trace_report(mmu_tenv *t, const TraceOptions &o, const TraceRunInfo &info, bool quiet);

#endif
