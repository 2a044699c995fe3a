/* defs.c — names, descriptions and parsers for the encodings in mmu_defs.h.
 *
 * Names are exactly the enum suffixes (MMU_CAUSE_PTE_INVALID -> "PTE_INVALID")
 * or the words the profiles, traces and CLI use ("base-bounds", "store",
 * "plru", "ostep-linear"). An out-of-range value gets "?" so a caller can
 * always print the result. */
#include "mmu_defs.h"
#include <stddef.h>
#include <string.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const mode_names[MMU_MODE_COUNT] = {
    [MMU_MODE_BARE] = "bare",
    [MMU_MODE_BASE_BOUNDS] = "base-bounds",
    [MMU_MODE_SEGMENTATION] = "segmentation",
    [MMU_MODE_PAGING] = "paging",
    [MMU_MODE_HYBRID] = "hybrid",
};

static const char *const access_names[MMU_ACC_COUNT] = {
    [MMU_ACC_FETCH] = "fetch",
    [MMU_ACC_LOAD] = "load",
    [MMU_ACC_STORE] = "store",
};

static const char *const cause_names[MMU_CAUSE_COUNT] = {
    [MMU_CAUSE_NONE] = "NONE",
    [MMU_CAUSE_SEG_INVALID] = "SEG_INVALID",
    [MMU_CAUSE_SEG_BOUND] = "SEG_BOUND",
    [MMU_CAUSE_SEG_PROT] = "SEG_PROT",
    [MMU_CAUSE_NONCANONICAL] = "NONCANONICAL",
    [MMU_CAUSE_HYBRID_BOUND] = "HYBRID_BOUND",
    [MMU_CAUSE_ACCESS] = "ACCESS",
    [MMU_CAUSE_PTE_INVALID] = "PTE_INVALID",
    [MMU_CAUSE_PTE_RESERVED] = "PTE_RESERVED",
    [MMU_CAUSE_NO_LEAF] = "NO_LEAF",
    [MMU_CAUSE_MISALIGNED] = "MISALIGNED",
    [MMU_CAUSE_PRIV] = "PRIV",
    [MMU_CAUSE_PROT] = "PROT",
    [MMU_CAUSE_AD] = "AD",
};

/* One line each, the wording of docs/translation.md's cause table. */
static const char *const cause_texts[MMU_CAUSE_COUNT] = {
    [MMU_CAUSE_NONE] = "translation succeeded",
    [MMU_CAUSE_SEG_INVALID] = "selected segment register not valid or beyond seg_count",
    [MMU_CAUSE_SEG_BOUND] = "offset outside the segment's bound (segmentation violation)",
    [MMU_CAUSE_SEG_PROT] = "segment r/w/x/user bits forbid the access",
    [MMU_CAUSE_NONCANONICAL] = "virtual address bits above the address space are wrong",
    [MMU_CAUSE_HYBRID_BOUND] = "hybrid: VPN beyond the segment's page count",
    [MMU_CAUSE_ACCESS] = "bus error on a PTE read or A/D write, or physical address out of range",
    [MMU_CAUSE_PTE_INVALID] = "page table entry not valid (page not present)",
    [MMU_CAUSE_PTE_RESERVED] = "reserved PTE encoding or reserved bits set",
    [MMU_CAUSE_NO_LEAF] = "pointer PTE at the last level",
    [MMU_CAUSE_MISALIGNED] = "misaligned superpage (low PPN bits set)",
    [MMU_CAUSE_PRIV] = "U bit forbids the access at this privilege (SUM)",
    [MMU_CAUSE_PROT] = "R/W/X bits forbid the access (MXR)",
    [MMU_CAUSE_AD] = "accessed/dirty bit must be set first (Svade)",
};

static const char *const repl_names[] = {
    [MMU_REPL_LRU] = "lru",
    [MMU_REPL_PLRU] = "plru",
    [MMU_REPL_FIFO] = "fifo",
    [MMU_REPL_RANDOM] = "random",
};

static const char *const pte_format_names[] = {
    [MMU_PTE_RISCV] = "riscv",
    [MMU_PTE_OSTEP_LINEAR] = "ostep-linear",
    [MMU_PTE_OSTEP_SMALL] = "ostep-small",
};

/* Table lookup that tolerates any int value (enums may hold anything). */
static const char *name_of(const char *const *tab, size_t n, int v)
{
    if (v < 0 || (size_t)v >= n || !tab[v]) return "?";
    return tab[v];
}

/* Index of s in tab, or -1. */
static int index_of(const char *const *tab, size_t n, const char *s)
{
    if (!s) return -1;
    for (size_t i = 0; i < n; i++)
        if (tab[i] && strcmp(tab[i], s) == 0) return (int)i;
    return -1;
}

const char *mmu_mode_name(mmu_mode m) { return name_of(mode_names, COUNT_OF(mode_names), (int)m); }
const char *mmu_access_name(mmu_access a) { return name_of(access_names, COUNT_OF(access_names), (int)a); }
const char *mmu_cause_name(mmu_cause c) { return name_of(cause_names, COUNT_OF(cause_names), (int)c); }
const char *mmu_cause_text(mmu_cause c) { return name_of(cause_texts, COUNT_OF(cause_texts), (int)c); }
const char *mmu_repl_name(mmu_repl r) { return name_of(repl_names, COUNT_OF(repl_names), (int)r); }
const char *mmu_pte_format_name(mmu_pte_format f)
{
    return name_of(pte_format_names, COUNT_OF(pte_format_names), (int)f);
}

/* Page fault 12/13/15 for every translation fault, access fault 1/5/7 for a
 * bus error or an out-of-range PA (RISC-V privileged spec, mcause table);
 * -1 for a value outside the enums. */
int mmu_cause_riscv_code(mmu_cause c, mmu_access a)
{
    static const int page_fault[MMU_ACC_COUNT] = {12, 13, 15};
    static const int access_fault[MMU_ACC_COUNT] = {1, 5, 7};
    if ((int)c < 0 || c >= MMU_CAUSE_COUNT || (int)a < 0 || a >= MMU_ACC_COUNT) return -1;
    if (c == MMU_CAUSE_NONE) return 0;
    return c == MMU_CAUSE_ACCESS ? access_fault[a] : page_fault[a];
}

int mmu_mode_parse(const char *s, mmu_mode *out)
{
    int i = index_of(mode_names, COUNT_OF(mode_names), s);
    if (i < 0) return -1;
    *out = (mmu_mode)i;
    return 0;
}

int mmu_access_parse(const char *s, mmu_access *out)
{
    int i = index_of(access_names, COUNT_OF(access_names), s);
    if (i < 0) return -1;
    *out = (mmu_access)i;
    return 0;
}

int mmu_repl_parse(const char *s, mmu_repl *out)
{
    int i = index_of(repl_names, COUNT_OF(repl_names), s);
    if (i < 0) return -1;
    *out = (mmu_repl)i;
    return 0;
}
