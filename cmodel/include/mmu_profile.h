/* mmu_profile.h — elaboration-time geometry, one file per profile.
 *
 * Profiles live in rtl/profiles/NAME.profile. The C model reads them at run
 * time and `mmu-ref profile --verilog` turns the same file into the Verilog
 * header the RTL build includes, so the two can never disagree.
 * Format: `key = value` lines, `#` comments; keys in docs/profiles.md.
 */
#ifndef MMU_PROFILE_H
#define MMU_PROFILE_H

#include <stdint.h>
#include <stdio.h>
#include "mmu_defs.h"
#include "mmu_error.h"

#define MMU_MAX_LEVELS 4
#define MMU_MAX_SEGMENTS 16

typedef struct {
    char name[32];
    char description[160];
    unsigned va_bits;          /* translated virtual address width               */
    unsigned va_port_bits;     /* width of the VA port (>= va_bits)              */
    int va_sign_extend;        /* 1: bits above va_bits copy bit va_bits-1 (Sv39);
                                  0: they must be zero                           */
    unsigned pa_bits;          /* physical address width                         */
    unsigned page_shift;       /* log2(page size)                                */
    unsigned levels;           /* page-table levels in paging mode               */
    unsigned vpn_bits;         /* VPN bits per level (paging mode)               */
    mmu_pte_format pte_format;
    unsigned pte_bytes;        /* 1, 4 or 8                                      */
    unsigned ppn_bits;         /* width of the PPN/PFN field in a PTE            */
    unsigned asid_bits;        /* 0 = no ASIDs                                   */
    int superpages;            /* leaves allowed above level 0                   */
    unsigned seg_sel_bits;     /* top VA bits that select a segment              */
    unsigned seg_count;        /* segment registers (<= 1 << seg_sel_bits)       */
    unsigned tlb_sets;         /* power of two                                   */
    unsigned tlb_ways;
    mmu_repl tlb_repl;
    /* Features (optional keys; a profile that turns one off gets none of its
     * logic in the RTL, and the models behave as that RTL does). */
    int segmentation;          /* 1: modes 1 B&B, 2 segmentation, 4 hybrid and
                                  the segment registers; 0: MODE accepts only
                                  0 (bare) and 3 (paging)                      */
    int svadu;                 /* 1: STATUS.ADUE and the A/D compare-and-swap;
                                  0: ADUE reads 0 (Svade: A/D faults)          */
    int flush_exact;           /* 1: SFENCE.VMA by VA/ASID flushes exactly the
                                  matching entries (a walk over the sets);
                                  0: every flush empties the TLB in one cycle   */
    unsigned counters;         /* performance counter width; 0 = no counters   */
    unsigned hit_stages;       /* 1: s1 answers (hit latency 1); 2: s1's
                                  answer leaves through the register stage s2
                                  (hit latency 2; walks unchanged)             */
    int isolate;               /* 1: operand isolation -- the TLB compare, the
                                  fill-way choice and the permission checks
                                  are computed only in cycles that use them
                                  (fewer toggles, less simulator work, one
                                  more term on the hit path); 0: every cycle.
                                  Same cycles and answers either way           */
    unsigned pwc_entries;      /* page-walk cache entries (pointer PTEs by VA,
                                  docs/rtl.md "Page-walk cache"); 0 = none     */
    unsigned id_bits;          /* request-ID width (req_id_i/rsp_id_o); > 0:
                                  hits are answered while a walk is in flight
                                  (hit-under-miss, docs/rtl.md "Hit under
                                  miss"); 0 = in order, blocking               */
    char path[256];            /* file it was read from                          */
} mmu_profile;

/* Parse one profile file. Every key is required except description; unknown
 * keys, bad values and inconsistent geometry are errors naming file:line. */
int mmu_profile_load(const char *path, mmu_profile *out, mmu_error *err);

/* NAME or a path. A bare name is looked up as DIR/NAME.profile, DIR being
 * $MMU_PROFILE_DIR if set, else the directory compiled in (rtl/profiles). */
int mmu_profile_find(const char *name_or_path, mmu_profile *out, mmu_error *err);

/* Directory profiles are searched in. */
const char *mmu_profile_dir(void);

/* Check the geometry is one the RTL and the model support (also called by
 * load); returns 0 or fills err with what is wrong. */
int mmu_profile_validate(const mmu_profile *p, mmu_error *err);

/* 1 when a MODE write of `mode` takes effect on an MMU elaborated with p:
 * every mmu_mode, except base-and-bounds, segmentation and hybrid when
 * p->segmentation = 0 (then only bare and paging); 0 for values >=
 * MMU_MODE_COUNT. A write of an unsupported value is ignored (MODE keeps
 * its value). */
int mmu_profile_mode_supported(const mmu_profile *p, unsigned mode);

/* Derived sizes. */
static inline uint64_t mmu_profile_page_size(const mmu_profile *p) { return (uint64_t)1 << p->page_shift; }
static inline unsigned mmu_profile_seg_offset_bits(const mmu_profile *p) { return p->va_bits - p->seg_sel_bits; }

/* Write the Verilog header for this profile (`define MMU_P_* lines). */
int mmu_profile_write_verilog(const mmu_profile *p, FILE *out);

#endif
