// bus_run.h -- `mmu-cosim --bus wb`: the lockstep harness around a bus top
// (rtl/bus/mmu_wb.v) instead of mmu_top. docs/cosim.md "Bus tops".
#ifndef COSIM_BUS_RUN_H
#define COSIM_BUS_RUN_H

#include <cstdint>
#include <string>
extern "C" {
#include "mmu_env.h"
#include "mmu_profile.h"
}

struct BusRunOptions {
    std::string bus;              // "wb"
    uint64_t seed = 1;
    uint64_t cycles = 1000000;
    unsigned stall_pct = 25;      // --bus-waits S,W: STALL per cycle on the CAS write (percent)
    unsigned max_wait = 3;        //   ACK of the CAS write 1..W cycles after it is taken
    unsigned rready_low_pct = 25; //   ,R: AXI4-Lite RREADY low (percent; default S)
    unsigned reg_read_pct = 50;   // register master: a read in a cycle without a write
    unsigned model_bugs = 0;      // --bus-model-bug (mmu_bus_cycle.h MMU_BUS_BUG_*)
    std::string bug_name = "none";
    bool quiet = false;
    bool expect_divergence = false;
    std::string repro;            // the command line, for the report
};

// Parses "S,W[,R]" (S and R percent 0..90, W 1..16; R defaults to S) or "none"
// (0,1,0). false: bad text.
bool bus_parse_waits(const char *s, unsigned *stall_pct, unsigned *max_wait, unsigned *rready_low_pct);
// The profiles with a Verilated bus top for `bus`, comma separated ("" none).
std::string bus_profiles(const std::string &bus);
// 0 pass, 1 divergence, 2 setup error.
int bus_run(const BusRunOptions &o, const mmu_profile &p, const mmu_env_config &cfg);

#endif
