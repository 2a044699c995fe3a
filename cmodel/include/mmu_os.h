/* mmu_os.h — the software half of virtual memory (docs/os.md).
 *
 * Processes with address spaces, page tables built for every profile,
 * demand-zero paging, a bounded memory with a swap space and replacement
 * policies (FIFO, LRU, OPT, CLOCK on the hardware A bit, RAND), dirty
 * write-back, copy-on-write fork, context switches with ASIDs, brk, and for
 * segmentation: free-list placement (first/best/worst fit) with coalescing and
 * compaction.
 *
 * The OS never translates by itself: the hardware (arch model, or the RTL in
 * cosimulation) walks the tables the OS writes in physical memory, and sets
 * A/D (ADUE=1). Whatever the hardware must be told goes out through hooks:
 * register writes (set_regs) and TLB flushes with SFENCE.VMA operands (flush),
 * each issued right after the change that needs it.
 */
#ifndef MMU_OS_H
#define MMU_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mmu_arch.h"
#include "mmu_error.h"
#include "mmu_profile.h"
#include "mmu_trace.h"

typedef struct mmu_os mmu_os;

typedef enum { MMU_SWAP_FIFO, MMU_SWAP_LRU, MMU_SWAP_OPT, MMU_SWAP_CLOCK, MMU_SWAP_RAND } mmu_swap_policy;
typedef enum { MMU_FIT_FIRST, MMU_FIT_BEST, MMU_FIT_WORST } mmu_fit_policy;

/* One SFENCE.VMA: use_va = false is rs1 = x0 (every address), use_asid =
 * false is rs2 = x0 (every address space). A register holding 0 is
 * use_asid = true, asid = 0. Globals survive a flush that names an ASID. */
typedef struct {
    bool use_va;
    uint64_t va;
    bool use_asid;
    uint32_t asid;
} mmu_flush_req;

typedef struct {
    void *ctx;
    void (*flush)(void *ctx, const mmu_flush_req *f);       /* may be NULL */
    void (*set_regs)(void *ctx, const mmu_regs *regs);      /* may be NULL */
} mmu_os_hooks;

typedef struct {
    mmu_mode mode;             /* PAGING (0 means paging too), HYBRID or SEGMENTATION */
    uint64_t mem_bytes;        /* physical memory; 0 = min(2^pa_bits, 4 GiB)          */
    uint64_t frames;           /* most user pages resident at once; 0 = no limit      */
    uint64_t swap_slots;       /* swap space in pages; 0 = as many as the PTE holds   */
    mmu_swap_policy swap_policy;
    mmu_fit_policy fit;        /* segment placement (segmentation mode)               */
    uint64_t seed;             /* RAND policy                                          */
    unsigned group_shift;      /* 0 or >= page_shift: populate maps aligned groups of
                                  2^group_shift bytes to contiguous frames (for a TLB
                                  coarser than the PTEs; populate-only, see docs/os.md) */
    bool populate_ad;          /* mmu_os_populate presets A (and D if writable)        */
    bool svade;                /* ADUE=0: the OS sets A/D on AD faults (always so when
                                  the profile has no Svadu, svadu = 0)                 */
} mmu_os_config;

typedef struct {
    uint64_t page_faults;      /* faults the OS fixed (demand-zero, swap-in, COW, growth) */
    uint64_t demand_zero;      /* zeroed frames mapped on first touch                  */
    uint64_t swap_ins, swap_outs, dirty_writebacks, cow_copies;
    uint64_t ad_faults;        /* Svade A/D faults fixed by software                   */
    uint64_t segv;             /* faults the OS could not fix (access not allowed)     */
    uint64_t populated;        /* pages mapped by mmu_os_populate                       */
    uint64_t context_switches, asid_rollovers, flushes, reg_writes;
    uint64_t compactions, relocations;  /* segmentation                              */
    uint64_t resident, peak_resident;   /* user pages in memory now / at most           */
} mmu_os_stats;

/* A page of an address space: pid and virtual page number (VA >> page_shift,
 * VA masked to va_bits). */
typedef struct {
    unsigned pid;
    uint64_t vpn;
} mmu_os_page;

mmu_os *mmu_os_new(const mmu_profile *p, const mmu_os_config *cfg,
                   const mmu_os_hooks *hooks, mmu_error *err);
void mmu_os_free(mmu_os *os);

/* What the hardware uses: the current registers and physical memory. */
const mmu_regs *mmu_os_regs(const mmu_os *os);
mmu_mem mmu_os_mem(mmu_os *os);
const mmu_os_stats *mmu_os_get_stats(const mmu_os *os);

/* Processes. segs (nseg of them) become the address space: VMAs in paging
 * mode, one segment register each in segmentation and hybrid mode (a segment
 * named "heap" is what brk moves). nseg = 0: one segment covering the whole
 * user address space (traces without process events). The first process
 * created becomes the current one. */
int mmu_os_create(mmu_os *os, unsigned pid, const mmu_trace_seg *segs, unsigned nseg, mmu_error *err);
int mmu_os_fork(mmu_os *os, unsigned parent, unsigned child, mmu_error *err);
int mmu_os_exit(mmu_os *os, unsigned pid, mmu_error *err);
int mmu_os_switch(mmu_os *os, unsigned pid, mmu_error *err);
/* Heap end = heap start + bytes. */
int mmu_os_brk(mmu_os *os, unsigned pid, uint64_t bytes, mmu_error *err);
bool mmu_os_has_process(const mmu_os *os, unsigned pid);
/* Current pid, or -1 when none. */
int mmu_os_current(const mmu_os *os);
/* An explicit full flush (trace FLUSH event). */
void mmu_os_flush_all(mmu_os *os);

/* A translation of the current process faulted with r. Returns 0 when the OS
 * fixed it (retry the access), 1 when the access is not allowed (segfault;
 * counted in segv), -1 when the OS cannot go on (out of memory or swap; err). */
int mmu_os_fault(mmu_os *os, uint64_t va, mmu_access acc, mmu_priv priv,
                 const mmu_result *r, mmu_error *err);

/* Map the page holding va in pid's space now (MAP_POPULATE); no effect if it
 * is mapped already or outside the address space. 0 or -1 (err). */
int mmu_os_populate(mmu_os *os, unsigned pid, uint64_t va, mmu_error *err);

/* LRU and OPT need to see every access: call mmu_os_note_access with the PA
 * after each successful translation (retries excluded) when this is true. */
bool mmu_os_wants_accesses(const mmu_os *os);
void mmu_os_note_access(mmu_os *os, uint64_t pa);
/* OPT: the whole future, one entry per access in the order they will be
 * noted. Copied. */
int mmu_os_set_future(mmu_os *os, const mmu_os_page *refs, size_t n, mmu_error *err);

/* User data through the current address space (as user stores/loads that
 * the OS services, faults included): for tests and loaders. */
int mmu_os_write(mmu_os *os, uint64_t va, const void *buf, size_t n, mmu_error *err);
int mmu_os_read(mmu_os *os, uint64_t va, void *buf, size_t n, mmu_error *err);

/* Inspection (tests, reports). */
typedef enum { MMU_PAGE_NONE, MMU_PAGE_RESIDENT, MMU_PAGE_SWAPPED } mmu_page_state;
mmu_page_state mmu_os_page_state(const mmu_os *os, unsigned pid, uint64_t va, uint64_t *pte);
/* Pages written to swap, in order. */
const mmu_os_page *mmu_os_writebacks(const mmu_os *os, size_t *count);
/* Segmentation mode: physical placement of pid's segment register sel. */
int mmu_os_segment_place(const mmu_os *os, unsigned pid, unsigned sel, uint64_t *phys, uint64_t *size);
/* ASID the process runs with (0 when the profile has none). */
uint32_t mmu_os_asid(const mmu_os *os, unsigned pid);

const char *mmu_swap_policy_name(mmu_swap_policy s);
int mmu_swap_policy_parse(const char *s, mmu_swap_policy *out);
const char *mmu_fit_policy_name(mmu_fit_policy f);
int mmu_fit_policy_parse(const char *s, mmu_fit_policy *out);

#endif
