// port_metrics.h -- translation latency and walk metrics of `mmu-cosim --trace`,
// measured on mmu_top's ports only, never from a model's state (docs/cosim.md
// "Translation latency and walk metrics").
//
//   cycle:   o              a                                r
//   req_valid_i 1 ... 1     1 (req_ready_o 1: accepted)
//   rsp_valid_o                                              1 (the request it answers)
//            |<------------- cycles per translation = r - o ->|
//                           |<------ accept to response = r - a
//
// Which request a response answers: the oldest one in flight accepted with
// req_id_i = rsp_id_o. With ID_BITS = 0 every ID is 0, so that is the oldest
// in flight (in order); with hit under miss (docs/rtl.md "Hit under miss")
// a response may answer a later request first.
//
// Walks: a PTE read is a handshake mem_req_valid_o & mem_req_ready_i &
// !mem_req_we_o (the A/D compare-and-swaps are writes, not counted). The reads
// accepted since the previous walk's response belong to the next rsp_hit_o = 0
// response of the oldest request in flight; that response is a walk when it
// has at least one (a response decided before the TLB, hybrid mode's bound
// fault, has none). Walks are answered in acceptance order and the walking
// request is the oldest in flight, so an answer that overtakes it (a hit, or
// a bare/segment/pre-walk answer with rsp_hit_o = 0) never takes its reads.
// Walk cycles: the cycles in which at least one walked translation is
// outstanding (accepted, not answered): the union of their (a, r] intervals,
// which is the sum of their r - a when they do not overlap.
#ifndef COSIM_PORT_METRICS_H
#define COSIM_PORT_METRICS_H

#include <cstddef>
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
            size_t k = 0;
            while (k < inflight_.size() && inflight_[k].id != out.rsp_id) k++;
            if (k == inflight_.size()) k = 0;   // no such ID: the environment reports it (proto.rsp_id_o)
            Req q = inflight_[k];
            inflight_.erase(inflight_.begin() + (std::ptrdiff_t)k);
            offered.add(cycle - q.offered);
            accepted.add(cycle - q.accepted);
            if (!out.rsp_hit && k == 0) {
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
            if (out.req_ready) { inflight_.push_back({offer_since_, cycle, in.req_id}); offering_ = false; }
        } else {
            offering_ = false;           // withdrawn (the trace environment never does)
        }
        if (out.mem_req_valid && in.mem_req_ready && !out.mem_req_we) { pte_reads++; reads_since_miss_++; }
    }

    CycleHistogram offered;       // offered -> answered (cycles per translation)
    CycleHistogram accepted;      // accepted -> answered
    uint64_t pte_reads = 0, walks = 0, walk_cycles = 0;

  private:
    struct Req { uint64_t offered, accepted; unsigned id; };
    std::deque<Req> inflight_;
    bool offering_ = false;
    uint64_t offer_since_ = 0, reads_since_miss_ = 0, last_walk_rsp_ = 0;
};

#endif
