// rtl_thread.h -- mmu-cosim --threads 2: the RTL on a second core.
//
// The environment, the cycle model and the arch check run on the main thread
// and push {inputs, model outputs} of every cycle into a ring; this thread
// evaluates the RTL with the same inputs and compares its outputs with the
// model's, cycle by cycle. The environment reacts to the model's outputs, not
// the RTL's: up to the first divergence the two are equal, so the inputs are
// exactly those of the one-thread lockstep run. After a divergence they are
// not, which is why a two-thread run only screens: on any failure the harness
// runs the seed again on one thread and reports from that run (docs/cosim.md).
#ifndef COSIM_RTL_THREAD_H
#define COSIM_RTL_THREAD_H

#include <atomic>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "dut.h"

class RtlThread {
  public:
    struct alignas(64) Slot {           // 128 bytes: two whole cache lines
        mmu_cycle_in in;
        mmu_cycle_out model;
    };
    static const uint64_t kSize = 1u << 10;      // cycles in flight at most (128 KiB: stays in L2)
    static const uint64_t kBatch = 128;          // publish positions every kBatch cycles
    static const uint64_t kAhead = 32;           // slots prefetched ahead of the RTL

    explicit RtlThread(CosimDut *dut) : dut_(dut), ring_(kSize) {
        std::memset(&rtl_, 0, sizeof rtl_);      // memcmp below: padding must be equal
        th_ = std::thread([this] { loop(); });
    }
    ~RtlThread() { finish(); }

    // Main thread: the slot for the next cycle (fill it, then push()).
    Slot &next() {
        if (head_local_ - tail_cache_ >= kSize) wait_for_room();
        return ring_[head_local_ & (kSize - 1)];
    }
    void push() {
        head_local_++;
        if ((head_local_ & (kBatch - 1)) == 0) head_.store(head_local_, std::memory_order_release);
    }
    // Set once the RTL diverged or an RTL assertion fired (then stop pushing).
    bool failed() const { return failed_.load(std::memory_order_relaxed); }
    // Main thread: no more cycles; waits until the RTL has caught up.
    void finish() {
        if (!th_.joinable()) return;
        head_.store(head_local_, std::memory_order_release);
        done_.store(true, std::memory_order_release);
        th_.join();
    }
    uint64_t fail_cycle() const { return fail_cycle_; }   // after finish()

  private:
    static void relax(unsigned &spins) {
        if (++spins < 256) __builtin_ia32_pause();
        else { std::this_thread::yield(); spins = 0; }
    }
    void wait_for_room() {
        unsigned spins = 0;
        while (head_local_ - (tail_cache_ = tail_.load(std::memory_order_acquire)) >= kSize && !failed()) {
            head_.store(head_local_, std::memory_order_release);
            relax(spins);
        }
        if (failed()) tail_cache_ = head_local_;     // the ring is not read any more: never block
    }
    void loop() {
        uint64_t t = 0;
        unsigned spins = 0;
        for (;;) {
            uint64_t h = head_.load(std::memory_order_acquire);
            if (t == h) {
                if (done_.load(std::memory_order_acquire) && t == head_.load(std::memory_order_acquire)) {
                    dut_->drain();                  // the fast model's last edge (its assertions)
                    if (t > 0 && dut_->finished()) {
                        fail_cycle_ = t - 1;
                        failed_.store(true, std::memory_order_release);
                    }
                    break;
                }
                relax(spins);
                continue;
            }
            spins = 0;
            for (; t < h; t++) {
                // the slots were written on the other core: ask for them early
                __builtin_prefetch(&ring_[(t + kAhead) & (kSize - 1)]);
                __builtin_prefetch(reinterpret_cast<const char *>(&ring_[(t + kAhead) & (kSize - 1)]) + 64);
                const Slot &s = ring_[t & (kSize - 1)];
                dut_->step(s.in, rtl_);
                // cycle 0: outputs undefined before the first reset edge
                bool bad = t >= 1 && std::memcmp(&rtl_, &s.model, sizeof rtl_) != 0;
                if (bad || dut_->finished()) {
                    fail_cycle_ = t >= dut_->edge_lag() && !bad ? t - dut_->edge_lag() : t;
                    failed_.store(true, std::memory_order_release);
                    tail_.store(h, std::memory_order_release);
                    return;
                }
                // free slots as we go, so the main thread never waits for a whole ring
                if ((t & (kBatch - 1)) == kBatch - 1) tail_.store(t + 1, std::memory_order_release);
            }
            tail_.store(t, std::memory_order_release);
        }
    }

    // Each thread's own fields on cache lines of their own: the main thread
    // writes head_local_ every cycle, the RTL thread rtl_.
    CosimDut *dut_;
    std::vector<Slot> ring_;
    alignas(64) uint64_t head_local_ = 0, tail_cache_ = 0;
    alignas(64) mmu_cycle_out rtl_;
    uint64_t fail_cycle_ = 0;
    alignas(64) std::atomic<uint64_t> head_{0};
    alignas(64) std::atomic<uint64_t> tail_{0};
    alignas(64) std::atomic<bool> done_{false};
    std::atomic<bool> failed_{false};
    std::thread th_;
};

#endif
