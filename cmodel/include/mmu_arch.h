/* mmu_arch.h — the architectural model: what one translation should be.
 *
 * No timing, no TLB: given the registers, physical memory and one access,
 * compute the physical address or the fault, exactly as docs/translation.md
 * defines it. The cycle model, the OS layer, mmu-ref and the harness all check
 * against this.
 */
#ifndef MMU_ARCH_H
#define MMU_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_defs.h"
#include "mmu_profile.h"

/* One segment register. In base-and-bounds mode only seg[0] is used and the
 * whole VA is the offset. In hybrid mode base is the physical address of the
 * segment's linear page table and bound the number of pages it maps. */
typedef struct {
    uint64_t base;
    uint64_t bound;
    bool valid;
    bool grows_negative;   /* OSTEP convention: offset - max_segment_size     */
    bool r, w, x;          /* access allowed (segmentation modes only)        */
    bool user;             /* user mode may access; supervisor always may     */
} mmu_segment;

/* The control registers (docs/rtl.md has the register map). */
typedef struct {
    mmu_mode mode;
    uint64_t ptbase;       /* root page-table frame number (PA >> page_shift) */
    uint32_t asid;
    bool sum;              /* supervisor may load/store user pages            */
    bool mxr;              /* loads may read execute-only pages               */
    bool adue;             /* 1: hardware sets A/D (Svadu); 0: fault (Svade)  */
    mmu_segment seg[MMU_MAX_SEGMENTS];
} mmu_regs;

/* Physical memory as the walker sees it: little-endian, naturally aligned
 * accesses of 1, 4 or 8 bytes. Both return 0, or non-zero for a bus error
 * (reported as MMU_CAUSE_ACCESS). cas stores new_val only if the current value
 * equals expect, and always returns the value it found in *old. */
typedef struct {
    void *ctx;
    int (*read)(void *ctx, uint64_t pa, unsigned bytes, uint64_t *val);
    int (*cas)(void *ctx, uint64_t pa, unsigned bytes, uint64_t expect,
               uint64_t new_val, uint64_t *old);
} mmu_mem;

/* Textbook steps of one translation, one line each ("VPN = 0x3", ...), and
 * the same walk as data for drawings (mmu_explain_svg): every PTE read of the
 * last walk (a Svadu restart starts the list again) and the A/D write.
 * reads_only (set by the caller, kept by mmu_translate): the data without the
 * lines (count stays 0), for callers that want a walk's reads at full speed
 * (mmu-ref run --pwc: formatting the lines costs ten times the walk). */
#define MMU_EXPLAIN_MAX_LINES 48
#define MMU_EXPLAIN_LINE 200
typedef struct {
    int level;             /* walk level (RISC-V numbering; hybrid: 0)        */
    uint64_t table;        /* PA of the table (hybrid: the segment's base)    */
    uint64_t index;        /* the VPN field that indexed it                   */
    uint64_t pte_addr;
    uint64_t pte;          /* value read (0 when !ok)                         */
    bool ok;               /* false: bus error on the read                    */
    int kind;              /* arch_pte_kind (mmu_arch_parts.h) when ok        */
} mmu_explain_read;
typedef struct {
    unsigned count;
    char line[MMU_EXPLAIN_MAX_LINES][MMU_EXPLAIN_LINE];
    unsigned reads;
    mmu_explain_read read[MMU_MAX_LEVELS];
    bool ad_write;         /* a Svadu compare-and-swap succeeded             */
    uint64_t ad_old, ad_new;
    bool reads_only;       /* no lines: read[], reads and ad_* only          */
} mmu_explain;

typedef struct {
    bool fault;
    mmu_cause cause;       /* MMU_CAUSE_NONE when !fault                      */
    int level;             /* walk level of the fault / leaf (RISC-V numbering,
                              levels-1 = root); -1 outside paging             */
    int segment;           /* segment used, -1 when none                      */
    uint64_t pa;           /* valid when !fault                               */
    /* Leaf information, valid when a leaf PTE was reached (for TLB fills):   */
    bool has_leaf;
    uint64_t leaf_pte;     /* the PTE as it is in memory after any A/D update */
    uint64_t leaf_pte_addr;
    unsigned map_shift;    /* log2 of the mapping size (page or superpage)    */
    bool global;           /* G on the leaf or any pointer above it           */
    /* Walk statistics. */
    unsigned pte_reads;
    unsigned ad_writes;    /* successful A/D compare-and-swaps                */
    unsigned restarts;     /* walks restarted after a failed compare-and-swap */
} mmu_result;

/* Translate one access. Updates A/D bits in memory when regs->adue is set and
 * the access is allowed. ex may be NULL; when given it receives the steps. */
mmu_result mmu_translate(const mmu_profile *p, const mmu_regs *regs,
                         const mmu_mem *mem, uint64_t va, mmu_access acc,
                         mmu_priv priv, mmu_explain *ex);

/* Leaf permission checks shared by the walker and the TLB models:
 * U vs privilege with SUM (never for fetch), R/W/X with MXR, then A/D under
 * Svade. Returns MMU_CAUSE_NONE if the access may use this leaf. With
 * regs->adue set, missing A/D is not a fault (the caller updates the PTE). */
mmu_cause mmu_leaf_check(const mmu_profile *p, const mmu_regs *regs,
                         uint64_t pte, mmu_access acc, mmu_priv priv);

/* True when this allowed access needs the PTE's A (or D) bit set first. */
bool mmu_leaf_needs_ad(const mmu_profile *p, uint64_t pte, mmu_access acc);

/* PTE field helpers, per the profile's format. */
bool mmu_pte_valid(const mmu_profile *p, uint64_t pte);
bool mmu_pte_is_leaf(const mmu_profile *p, uint64_t pte, int level);
uint64_t mmu_pte_ppn(const mmu_profile *p, uint64_t pte);
/* pte with A (and D when store) set; unchanged for formats without A/D. */
uint64_t mmu_pte_with_ad(const mmu_profile *p, uint64_t pte, mmu_access acc);
/* Human-readable flags, e.g. "V R W - U - A D" into buf. */
const char *mmu_pte_describe(const mmu_profile *p, uint64_t pte, char *buf, unsigned size);

/* VPN field of va at a walk level (paging mode). */
uint64_t mmu_va_vpn(const mmu_profile *p, uint64_t va, int level);

/* Address-space helpers. */
bool mmu_va_in_range(const mmu_profile *p, uint64_t va);   /* canonical / fits */
uint64_t mmu_va_mask(const mmu_profile *p);                /* va_bits ones      */

/* A simple flat physical memory usable as mmu_mem (bytes outside size are
 * bus errors). Sparse memories (Sv39) are in mmu_scenario.h. */
typedef struct {
    uint8_t *bytes;
    uint64_t size;
} mmu_flat_mem;
mmu_mem mmu_flat_mem_ops(mmu_flat_mem *m);

#endif
