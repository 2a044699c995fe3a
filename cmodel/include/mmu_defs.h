/* mmu_defs.h — encodings shared by the C model and the RTL.
 *
 * rtl/mmu_defs.vh mirrors every value here with the same names (MMU_MODE_BARE
 * becomes `MMU_MODE_BARE); tests/test_defs_match checks the two never drift.
 * docs/translation.md explains each cause.
 */
#ifndef MMU_DEFS_H
#define MMU_DEFS_H

/* Runtime translation mode (register MODE). */
typedef enum {
    MMU_MODE_BARE = 0,          /* PA = VA                                   */
    MMU_MODE_BASE_BOUNDS = 1,   /* PA = seg[0].base + VA, VA < seg[0].bound  */
    MMU_MODE_SEGMENTATION = 2,  /* segment chosen by the top VA bits         */
    MMU_MODE_PAGING = 3,        /* page table(s) rooted at PTBASE            */
    MMU_MODE_HYBRID = 4,        /* one linear page table per segment         */
    MMU_MODE_COUNT = 5
} mmu_mode;

/* Access type of a translation request. */
typedef enum {
    MMU_ACC_FETCH = 0,
    MMU_ACC_LOAD = 1,
    MMU_ACC_STORE = 2,
    MMU_ACC_COUNT = 3
} mmu_access;

typedef enum {
    MMU_PRIV_USER = 0,
    MMU_PRIV_SUPERVISOR = 1
} mmu_priv;

/* Fault causes: one list for the arch model, the cycle model and the RTL.
 * Order is not priority; priority follows the walk order (docs/translation.md). */
typedef enum {
    MMU_CAUSE_NONE = 0,
    MMU_CAUSE_SEG_INVALID = 1,     /* segment register V=0                        */
    MMU_CAUSE_SEG_BOUND = 2,       /* offset outside the segment's bound          */
    MMU_CAUSE_SEG_PROT = 3,        /* segment R/W/X or user bit forbids access    */
    MMU_CAUSE_NONCANONICAL = 4,    /* VA bits above the address space are wrong   */
    MMU_CAUSE_HYBRID_BOUND = 5,    /* hybrid: VPN >= segment's page count         */
    MMU_CAUSE_ACCESS = 6,          /* memory port error on a PTE read or A/D write */
    MMU_CAUSE_PTE_INVALID = 7,     /* V=0 (not present) at some level             */
    MMU_CAUSE_PTE_RESERVED = 8,    /* reserved encoding or reserved bits set      */
    MMU_CAUSE_NO_LEAF = 9,         /* pointer PTE at the last level               */
    MMU_CAUSE_MISALIGNED = 10,     /* superpage leaf with low PPN bits non-zero   */
    MMU_CAUSE_PRIV = 11,           /* U bit vs privilege (incl. SUM rule)         */
    MMU_CAUSE_PROT = 12,           /* R/W/X of the leaf forbids the access (MXR)  */
    MMU_CAUSE_AD = 13,             /* Svade: A=0, or store with D=0               */
    MMU_CAUSE_COUNT = 14
} mmu_cause;

/* PTE formats a profile can select. */
typedef enum {
    MMU_PTE_RISCV = 0,          /* Sv32 / Sv39 */
    MMU_PTE_OSTEP_LINEAR = 1,   /* 32-bit: V=31, RO=30, NX=29, SUP=28, A=27, D=26, PFN low */
    MMU_PTE_OSTEP_SMALL = 2     /* 8-bit:  V=7, PFN[6:0]; no protection, no A/D */
} mmu_pte_format;

/* TLB replacement policies. */
typedef enum {
    MMU_REPL_LRU = 0,
    MMU_REPL_PLRU = 1,
    MMU_REPL_FIFO = 2,
    MMU_REPL_RANDOM = 3
} mmu_repl;

/* RISC-V PTE bit positions (Sv32 and Sv39). */
#define MMU_RV_V 0
#define MMU_RV_R 1
#define MMU_RV_W 2
#define MMU_RV_X 3
#define MMU_RV_U 4
#define MMU_RV_G 5
#define MMU_RV_A 6
#define MMU_RV_D 7
#define MMU_RV_PPN_LSB 10

/* OSTEP linear PTE bit positions (32-bit entry). Protection bits are negative
 * logic so that the tables OSTEP's simulator prints (V + PFN only) mean
 * "present, readable, writable, executable, user". */
#define MMU_OL_V 31
#define MMU_OL_RO 30
#define MMU_OL_NX 29
#define MMU_OL_SUP 28
#define MMU_OL_A 27
#define MMU_OL_D 26

/* OSTEP small-table entry (8-bit PDE/PTE). */
#define MMU_OS_V 7

const char *mmu_mode_name(mmu_mode m);
const char *mmu_access_name(mmu_access a);
const char *mmu_cause_name(mmu_cause c);      /* e.g. "PTE_INVALID"        */
const char *mmu_cause_text(mmu_cause c);      /* one-line description      */
const char *mmu_repl_name(mmu_repl r);
const char *mmu_pte_format_name(mmu_pte_format f);
/* RISC-V exception code a cause maps to for this access type
 * (page fault 12/13/15, access fault 1/5/7); 0 for MMU_CAUSE_NONE. */
int mmu_cause_riscv_code(mmu_cause c, mmu_access a);
int mmu_mode_parse(const char *s, mmu_mode *out);
int mmu_access_parse(const char *s, mmu_access *out);
int mmu_repl_parse(const char *s, mmu_repl *out);

#endif
