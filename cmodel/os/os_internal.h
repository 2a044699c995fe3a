/* os_internal.h — shared pieces of the OS layer (not public).
 *
 *   os.c        processes, registers and hooks, ASIDs, fork, exit, brk
 *   pagetable.c PTE encodings per format, the OS's own table edits
 *   frames.c    physical frames: allocation, reverse maps, data copies
 *   freelist.c  free byte ranges: first/best/worst fit, coalescing
 *   swap.c      victim policies, page-out, page-in, swap slots
 *   fault.c     the page-fault handler, COW, populate, user data access
 *   segplace.c  segmentation: placement, growth, compaction
 */
#ifndef OS_INTERNAL_H
#define OS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_os.h"
#include "mmu_scenario.h"

#define OS_NONE UINT64_MAX

/* ---- free byte ranges (freelist.c) ---- */
typedef struct { uint64_t start, size; } os_range;
typedef struct {
    os_range *r;          /* sorted by start, never adjacent (coalesced) */
    size_t n, cap;
    mmu_fit_policy fit;
} os_freelist;
int os_fl_init(os_freelist *fl, uint64_t start, uint64_t size, mmu_fit_policy fit);
void os_fl_done(os_freelist *fl);
/* 0: *out = start of size bytes aligned to align; 1: no block fits; -1: OOM. */
int os_fl_alloc(os_freelist *fl, uint64_t size, uint64_t align, uint64_t *out);
int os_fl_release(os_freelist *fl, uint64_t start, uint64_t size);
/* Take [start, start+size) if it is entirely free: 0, else 1 (or -1 OOM). */
int os_fl_take(os_freelist *fl, uint64_t start, uint64_t size);
uint64_t os_fl_total(const os_freelist *fl);

/* ---- processes ---- */
typedef struct {
    char name[16];
    uint64_t start, end;     /* masked VAs, [start, end)            */
    bool r, w, x, grows_negative;
} os_vma;

#define OS_MAX_VMAS MMU_TRACE_MAX_SEGS

typedef struct os_proc {
    unsigned pid;
    os_vma vma[OS_MAX_VMAS];
    unsigned nvma;
    int heap;                 /* index of the "heap" VMA, -1 if none */
    uint32_t asid;
    uint64_t asid_gen;        /* 0: never given an ASID               */
    uint64_t root;            /* paging: root table's first frame      */
    uint64_t root_frames;     /* frames the root table spans           */
    /* hybrid: one linear table per segment register */
    struct { bool used; uint64_t table, pages, table_bytes; } hseg[MMU_MAX_SEGMENTS];
    /* segmentation: the physical block behind each segment register */
    struct { bool used; uint64_t phys, size; bool grows_negative; bool r, w, x; } sseg[MMU_MAX_SEGMENTS];
} os_proc;

/* ---- frames ---- */
enum { FR_UNUSED = 0, FR_FREE, FR_TABLE, FR_DATA };
typedef struct { os_proc *proc; uint64_t vpn; } os_map;
typedef struct {
    uint8_t kind;
    bool maybe_nonzero;       /* may hold non-zero bytes (zero it before reuse) */
    uint32_t nmap;            /* data: mappings (1, or more when COW-shared)    */
    uint32_t capmap;
    os_map map0;              /* first mapping                                   */
    os_map *more;             /* mappings 2..nmap                                */
    uint64_t slot;            /* swap slot holding a clean copy, or OS_NONE      */
    uint64_t load_seq, last_use, next_use;
    uint64_t res_idx;         /* index in os->resident                           */
} os_frame;

/* OPT: first reference of each page (open addressing on pid, vpn). */
struct os_first { mmu_os_page key; uint64_t at; bool used; };

typedef struct {
    uint32_t refs;            /* PTEs naming this slot; 0 = free */
    uint8_t *data;            /* page contents; NULL = all zero  */
} os_slot;

struct mmu_os {
    mmu_profile p;
    mmu_os_config cfg;
    mmu_os_hooks hooks;
    mmu_regs regs;
    mmu_sparse_mem *mem;
    mmu_mem memops;
    uint64_t mem_bytes, page_bytes, total_frames;
    os_freelist phys;               /* free physical byte ranges             */
    os_frame *fr;                   /* info for frames [0, fr_cap)           */
    uint64_t fr_cap;
    uint64_t *free_frames;          /* recycled single frames (a stack)      */
    size_t nfree, capfree;
    uint64_t *resident;             /* data frames in memory                 */
    size_t nres, capres;
    os_proc **procs;
    size_t nprocs, capprocs;
    os_proc *cur;
    /* ASIDs */
    uint32_t asid_max, next_asid;
    uint64_t asid_gen;
    /* swap */
    os_slot *slots;
    size_t nslots, capslots;
    uint64_t slot_limit;
    uint64_t *free_slots;
    size_t nfree_slots, capfree_slots;
    unsigned swap_shift, swap_bits; /* where an invalid PTE keeps slot + 1   */
    /* policies */
    uint64_t tick, clock_hand, rng;
    uint64_t pin_frame;             /* never the victim (the COW source)      */
    uint64_t *future_next;          /* OPT: next index of the same page       */
    size_t nfuture, ref_pos;       /* references given / noted so far        */
    struct os_first *first;         /* OPT: first index of each page          */
    size_t nfirst_cap;
    mmu_os_stats st;
    mmu_os_page *wb;
    size_t nwb, capwb;
};

/* os.c */
os_proc *os_find(const mmu_os *os, unsigned pid);
void os_set_regs(mmu_os *os);
void os_flush(mmu_os *os, bool use_va, uint64_t va, bool use_asid, uint32_t asid);
/* Flush one page of proc (VA+ASID, or by VA when the profile has no ASIDs),
 * skipping it when proc's entries cannot be in the TLB. */
void os_flush_page(mmu_os *os, const os_proc *pr, uint64_t va);
void os_flush_space(mmu_os *os, const os_proc *pr);
const os_vma *os_vma_of(const os_proc *pr, uint64_t va);
uint64_t os_va_mask(const mmu_os *os, uint64_t va);
/* Full VA (sign-extended for Sv39) of a masked VA. */
uint64_t os_va_full(const mmu_os *os, uint64_t va);

/* pagetable.c */
uint64_t os_pte_leaf(const mmu_os *os, uint64_t ppn, const os_vma *v, bool writable);
uint64_t os_pte_pointer(const mmu_os *os, uint64_t ppn);
uint64_t os_pte_swapped(const mmu_os *os, uint64_t slot);
bool os_pte_is_swapped(const mmu_os *os, uint64_t pte, uint64_t *slot);
bool os_pte_writable(const mmu_os *os, uint64_t pte);
uint64_t os_pte_set_writable(const mmu_os *os, uint64_t pte, bool w);
bool os_pte_accessed(const mmu_os *os, uint64_t pte, bool *has_a);
bool os_pte_dirty(const mmu_os *os, uint64_t pte, bool *has_d);
uint64_t os_pte_clear_a(const mmu_os *os, uint64_t pte);
uint64_t os_pte_with_ad(const mmu_os *os, uint64_t pte, bool a, bool d);
uint64_t os_read(mmu_os *os, uint64_t pa, unsigned bytes);
void os_write(mmu_os *os, uint64_t pa, unsigned bytes, uint64_t v);
/* PA of va's leaf PTE in pr. create: allocate missing tables (hybrid: grow
 * the segment's table). 0 ok; 1 no table; -1 error. */
int os_pte_addr(mmu_os *os, os_proc *pr, uint64_t va, bool create, uint64_t *pa, mmu_error *err);
int os_pt_create(mmu_os *os, os_proc *pr, mmu_error *err);
void os_pt_destroy(mmu_os *os, os_proc *pr);
/* Call fn for every leaf/swapped PTE of pr (va masked). */
typedef int (*os_pte_fn)(mmu_os *os, os_proc *pr, uint64_t va, uint64_t pte_addr, uint64_t pte, void *ctx);
int os_pt_foreach(mmu_os *os, os_proc *pr, os_pte_fn fn, void *ctx);
int os_hybrid_grow(mmu_os *os, os_proc *pr, unsigned sel, uint64_t pages, mmu_error *err);

/* frames.c */
int os_frames_init(mmu_os *os, mmu_error *err);
void os_frames_done(mmu_os *os);
/* One frame of kind FR_TABLE or FR_DATA (data may evict first). */
int os_frame_alloc(mmu_os *os, int kind, uint64_t *frame, mmu_error *err);
void os_frame_release(mmu_os *os, uint64_t frame);
/* Contiguous, aligned frames (tables, page groups). */
int os_frames_alloc_range(mmu_os *os, uint64_t nframes, uint64_t align_frames, int kind,
                          uint64_t *first, mmu_error *err);
os_frame *os_frame_info(mmu_os *os, uint64_t frame);
int os_map_add(mmu_os *os, uint64_t frame, os_proc *pr, uint64_t vpn);
void os_map_remove(mmu_os *os, uint64_t frame, const os_proc *pr, uint64_t vpn);
os_map *os_map_at(os_frame *f, uint32_t i);
void os_frame_zero(mmu_os *os, uint64_t frame);
void os_frame_copy(mmu_os *os, uint64_t dst, uint64_t src);
int os_resident_add(mmu_os *os, uint64_t frame);
void os_resident_remove(mmu_os *os, uint64_t frame);
void os_bytes_copy(mmu_os *os, uint64_t dst, uint64_t src, uint64_t n);

/* swap.c */
int os_swap_init(mmu_os *os, mmu_error *err);
void os_swap_done(mmu_os *os);
/* Evict one resident user page. 0, or -1 (err) when nothing can go. */
int os_evict_one(mmu_os *os, mmu_error *err);
/* Bring slot's page into a new frame for (pr, va) whose PTE is at pte_addr. */
int os_swap_in(mmu_os *os, os_proc *pr, uint64_t va, uint64_t pte_addr, uint64_t slot, mmu_error *err);
void os_slot_put(mmu_os *os, uint64_t slot);
void os_slot_get(mmu_os *os, uint64_t slot);
void os_policy_loaded(mmu_os *os, uint64_t frame, const os_proc *pr, uint64_t vpn);

/* fault.c */
/* Unmap one page (leaf or swapped PTE) of pr: frees frame/slot, flushes. */
int os_unmap_page(mmu_os *os, os_proc *pr, uint64_t va, uint64_t pte_addr, uint64_t pte);

/* segplace.c */
int os_seg_place_all(mmu_os *os, os_proc *pr, mmu_error *err);
int os_seg_release_all(mmu_os *os, os_proc *pr);
int os_seg_resize(mmu_os *os, os_proc *pr, unsigned sel, uint64_t new_bound, mmu_error *err);
int os_seg_fork(mmu_os *os, os_proc *parent, os_proc *child, mmu_error *err);
void os_seg_load_regs(mmu_os *os, const os_proc *pr);

static inline uint64_t os_mask(unsigned bits)
{
    return bits >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << bits) - 1);
}
static inline bool os_paged(const mmu_os *os) { return os->cfg.mode != MMU_MODE_SEGMENTATION; }

#endif
