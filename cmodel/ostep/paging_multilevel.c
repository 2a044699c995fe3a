/* paging_multilevel.c — solve vm-smalltables/paging-multilevel-translate.py.
 *
 * The simulator's machine is fixed: 32-byte pages, 128 physical pages (4 KB
 * of memory, all dumped in the text), a 32 KB virtual address space and a
 * two-level table whose page directory sits in the page named by PDBR.
 * A virtual address is 5 bits PDE index | 5 bits PTE index | 5 bits offset;
 * PDEs and PTEs are one byte, valid bit 0x80 and a 7-bit PFN. The -c output
 * is the question output with each address's walk printed instead of the
 * question. */
#include "ostep_internal.h"
#include <stdio.h>
#include <string.h>

#define PAGE_SIZE 32
#define PHYS_PAGES 128
#define VA_LIMIT 0x8000   /* 1024 virtual pages of 32 bytes */

typedef struct {
    unsigned char mem[PAGE_SIZE * PHYS_PAGES];
    int64_t pdbr;
    int64_t num;          /* ARG num: how many addresses the trace holds */
} smalltables;

static const char question_suffix[] =
    ": Translates To What Physical Address (And Fetches what Value)? Or Fault?";

static int read_int_arg(const ostep_input *in, size_t *i, ostep_out *o, const char *prefix,
                        int64_t *v, mmu_error *err)
{
    const char *s;
    if (ostep_expect_prefix(in, i, prefix, &s, err)) return -1;
    if (!ostep_is_py_decimal(s) || ostep_py_int(s, v))
        return ostep_error(in, *i, err, "expected an integer after \"%s\"", prefix);
    ostep_printf(o, "%s%s\n", prefix, s);
    return 0;
}

static int read_header(const ostep_input *in, size_t *i, ostep_out *o, smalltables *t,
                       mmu_error *err)
{
    const char *seed;
    int64_t allocated;
    if (ostep_expect_prefix(in, i, "ARG seed ", &seed, err)) return -1;
    if (!ostep_is_py_decimal(seed))
        return ostep_error(in, *i, err, "expected an integer seed after \"ARG seed \"");
    ostep_printf(o, "ARG seed %s\n", seed);
    if (read_int_arg(in, i, o, "ARG allocated ", &allocated, err) ||
        read_int_arg(in, i, o, "ARG num ", &t->num, err) ||
        ostep_expect(in, i, "", err))
        return -1;
    ostep_puts(o, "\n");
    return 0;
}

/* "page %3d:" then the page's 32 bytes as 64 lowercase hex digits. */
static int read_page(const ostep_input *in, size_t *i, ostep_out *o, smalltables *t, int page,
                     mmu_error *err)
{
    const char *l = ostep_line(in, *i), *hex;
    int64_t n;
    char want[24];
    snprintf(want, sizeof want, "page %3d:", page);
    if (!l || ostep_scan(l, "page %d:%s", &n, &hex) || n != page ||
        strncmp(l, want, strlen(want)) != 0 || strlen(hex) != 2 * PAGE_SIZE ||
        strspn(hex, "0123456789abcdef") != 2 * PAGE_SIZE)
        return ostep_error(in, *i + 1, err, "expected \"%s\" then 64 lowercase hex digits "
                           "(the memory dump has pages 0 to %d)", want, PHYS_PAGES - 1);
    for (int k = 0; k < PAGE_SIZE; k++) {
        unsigned byte;
        sscanf(hex + 2 * k, "%2x", &byte);   /* two checked hex digits */
        t->mem[page * PAGE_SIZE + k] = (unsigned char)byte;
    }
    ostep_printf(o, "%s\n", l);
    (*i)++;
    return 0;
}

static int read_memory(const ostep_input *in, size_t *i, ostep_out *o, smalltables *t,
                       mmu_error *err)
{
    if (!ostep_line(in, *i))
        return ostep_error(in, *i + 1, err, "expected the memory dump, but the file ends: "
                           "paging-multilevel-translate.py stops here (an assertion) when the "
                           "allocation does not fit in its 128 physical pages");
    for (int page = 0; page < PHYS_PAGES; page++)
        if (read_page(in, i, o, t, page, err)) return -1;
    if (ostep_expect(in, i, "", err)) return -1;
    const char *l = ostep_line(in, *i);
    char want[128];
    if (!l || ostep_scan(l, "PDBR: %d  (decimal) [This means the page directory is held "
                         "in this page]", &t->pdbr) || t->pdbr < 0 || t->pdbr >= PHYS_PAGES)
        return ostep_error(in, *i + 1, err, "expected \"PDBR: <page 0-127>  (decimal) [This "
                           "means the page directory is held in this page]\"");
    snprintf(want, sizeof want, "PDBR: %lld  (decimal) [This means the page directory is held "
             "in this page]", (long long)t->pdbr);
    if (ostep_expect(in, i, want, err) || ostep_expect(in, i, "", err)) return -1;
    ostep_printf(o, "\n%s\n\n", want);
    return 0;
}

/* The walk the simulator prints for one address with -c. */
static void print_walk(ostep_out *o, const smalltables *t, unsigned va)
{
    unsigned pde_index = (va >> 10) & 0x1f, pte_index = (va >> 5) & 0x1f;
    unsigned pde = t->mem[(t->pdbr << 5) | pde_index];
    unsigned pde_valid = pde >> 7, pt_page = pde & 0x7f;
    ostep_printf(o, "Virtual Address 0x%04x:\n", va);
    ostep_printf(o, "  --> pde index:0x%x [decimal %u] pde contents:0x%x (valid %u, pfn 0x%02x "
                 "[decimal %u])\n", pde_index, pde_index, pde, pde_valid, pt_page, pt_page);
    if (!pde_valid) {
        ostep_puts(o, "      --> Fault (page directory entry not valid)\n");
        return;
    }
    unsigned pte = t->mem[(pt_page << 5) | pte_index];
    unsigned pte_valid = pte >> 7, pfn = pte & 0x7f;
    ostep_printf(o, "    --> pte index:0x%x [decimal %u] pte contents:0x%x (valid %u, pfn 0x%02x "
                 "[decimal %u])\n", pte_index, pte_index, pte, pte_valid, pfn, pfn);
    if (!pte_valid) {
        ostep_puts(o, "      --> Fault (page table entry not valid)\n");
        return;
    }
    unsigned pa = (pfn << 5) | (va & 0x1f);
    ostep_printf(o, "      --> Translates to Physical Address 0x%03x --> Value: 0x%02x\n", pa,
                 t->mem[pa]);
}

/* A solved file prints the walk under each address, indented "-->" lines. */
static int is_walk_line(const char *l)
{
    return l && l[0] == ' ' && strncmp(l + strspn(l, " "), "--> ", 4) == 0;
}

/* Reads an address line: the question "Virtual Address %04x: Translates
 * To ...?", or a solved "Virtual Address 0x%04x:" (an older revision of the
 * script printed "Virtual Address %04x:"). Checked by re-printing. */
static int address_line(const char *l, int64_t *va, int *solved)
{
    const char *rest = "";
    char want[160];
    if (!l) return -1;
    int with_0x = ostep_scan(l, "Virtual Address 0x%x:", va) == 0;
    if (!with_0x && ostep_scan(l, "Virtual Address %x%s", va, &rest)) return -1;
    if (*va < 0 || *va >= VA_LIMIT) return -1;
    *solved = with_0x || strcmp(rest, ":") == 0;
    if (with_0x)
        snprintf(want, sizeof want, "Virtual Address 0x%04x:", (unsigned)*va);
    else
        snprintf(want, sizeof want, "Virtual Address %04x%s", (unsigned)*va,
                 *solved ? ":" : question_suffix);
    return strcmp(l, want) == 0 ? 0 : -1;
}

/* One address and, in a solved file, its walk (ignored: recomputed). */
static int read_address(const ostep_input *in, size_t *i, ostep_out *o, const smalltables *t,
                        mmu_error *err)
{
    int64_t va;
    int solved;
    if (address_line(ostep_line(in, *i), &va, &solved))
        return ostep_error(in, *i + 1, err, "expected \"Virtual Address <4 hex digits below "
                           "8000>%s\" or a solved \"Virtual Address 0x....:\"", question_suffix);
    (*i)++;
    while (solved && is_walk_line(ostep_line(in, *i))) (*i)++;
    print_walk(o, t, (unsigned)va);
    return 0;
}

int ostep_solve_paging_multilevel(const ostep_input *in, ostep_out *o, mmu_error *err)
{
    smalltables t;
    size_t i = 0;
    memset(&t, 0, sizeof t);
    if (read_header(in, &i, o, &t, err) || read_memory(in, &i, o, &t, err)) return -1;
    int64_t n = 0;
    for (; ostep_line(in, i) && ostep_line(in, i)[0]; n++)
        if (read_address(in, &i, o, &t, err)) return -1;
    /* the simulator prints max(num, 0) addresses */
    if (n != (t.num > 0 ? t.num : 0))
        return ostep_error(in, i + 1, err, "expected %lld addresses (ARG num), found %lld",
                           (long long)(t.num > 0 ? t.num : 0), (long long)n);
    if (ostep_expect(in, &i, "", err)) return -1;
    ostep_puts(o, "\n");
    return ostep_expect_end(in, i, err);
}
