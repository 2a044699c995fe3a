// port_metrics.h -- translation latency and walk metrics of `mmu-cosim --trace`,
// measured on mmu_top's ports only, never from a model's state (docs/cosim.md
// "Translation latency and walk metrics").
//
//   cycle:   o              a                                r
//   req_valid_i 1 ... 1     1 (req_ready_o 1: accepted)
//   rsp_valid_o                                              1 (in order: the oldest accepted)
//            |<------------- cycles per translation = r - o ->|
//                           |<------ accept to response = r - a
//
// Walks: a PTE read is a handshake mem_req_valid_o & mem_req_ready_i &
// !mem_req_we_o (the A/D compare-and-swaps are writes, not counted). The reads
// accepted since the previous rsp_hit_o = 0 response belong to the next
// rsp_hit_o = 0 response; that response is a walk when it has at least one
// (a response decided before the TLB, hybrid mode's bound fault, has none).
// Walk cycles: the cycles in which at least one walked translation is
// outstanding (accepted, not answered): the union of their (a, r] intervals,
// which is the sum of their r - a when they do not overlap.
#ifndef COSIM_PORT_METRICS_H
#define COSIM_PORT_METRICS_H

#include <cstdint>
#include <deque>
#include <vector>
extern "C" {
#include "mmu_cycle.h"
}

// Integer cycle counts: one bucket per value, so percentiles are exact.
class CycleHistogram {
  public:
    void add(uint64_t v) {
        if (v >= n_.size()) n_.resize(v + 1, 0);
        n_[v]++;
        count_++;
        sum_ += v;
        if (v > max_) max_ = v;
    }
    uint64_t count() const { return count_; }
    uint64_t max() const { return max_; }
    double mean() const { return count_ ? (double)sum_ / (double)count_ : 0.0; }
    // Nearest rank: the smallest v such that at least ceil(p * count / 100) of
    // the samples are <= v (p = 99: at most 1 % of them are larger). 0 when empty.
    uint64_t percentile(unsigned p) const {
        if (!count_) return 0;
        uint64_t rank = (p * count_ + 99) / 100, seen = 0;
        if (rank == 0) rank = 1;
        for (uint64_t v = 0; v < n_.size(); v++)
            if ((seen += n_[v]) >= rank) return v;
        return max_;
    }

  private:
    std::vector<uint64_t> n_;
    uint64_t count_ = 0, sum_ = 0, max_ = 0;
};

class PortMetrics {
  public:
    // Cycle `cycle`'s inputs and the outputs they were seen with (harness
    // cycles; call it for the environment's cycles only, not the preamble).
    void observe(uint64_t cycle, const mmu_cycle_in &in, const mmu_cycle_out &out) {
        if (out.rsp_valid && !inflight_.empty()) {
            Req q = inflight_.front();
            inflight_.pop_front();
            offered.add(cycle - q.offered);
            accepted.add(cycle - q.accepted);
            if (!out.rsp_hit) {
                if (reads_since_miss_) {
                    walks++;
                    walk_cycles += cycle - (q.accepted > last_walk_rsp_ ? q.accepted : last_walk_rsp_);
                    last_walk_rsp_ = cycle;
                }
                reads_since_miss_ = 0;
            }
        }
        if (in.req_valid) {
            if (!offering_) { offering_ = true; offer_since_ = cycle; }
            if (out.req_ready) { inflight_.push_back({offer_since_, cycle}); offering_ = false; }
        } else {
            offering_ = false;           // withdrawn (the trace environment never does)
        }
        if (out.mem_req_valid && in.mem_req_ready && !out.mem_req_we) { pte_reads++; reads_since_miss_++; }
    }

    CycleHistogram offered;       // offered -> answered (cycles per translation)
    CycleHistogram accepted;      // accepted -> answered
    uint64_t pte_reads = 0, walks = 0, walk_cycles = 0;

  private:
    struct Req { uint64_t offered, accepted; };
    std::deque<Req> inflight_;
    bool offering_ = false;
    uint64_t offer_since_ = 0, reads_since_miss_ = 0, last_walk_rsp_ = 0;
};

#endif
