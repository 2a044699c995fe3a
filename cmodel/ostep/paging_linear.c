/* paging_linear.c — solve vm-paging/paging-linear-translate.py.
 *
 * The text gives the sizes (ARG lines), the whole linear page table (one
 * entry per virtual page: the valid bit 0x80000000 plus the PFN, or 0) and
 * the virtual addresses. An address splits into VPN and offset at the page
 * size; a valid entry gives PA = PFN << pagebits | offset. The -c output is
 * the question output without the closing paragraph and with the answers. */
#include "ostep_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALID_BIT 0x80000000LL

typedef struct {
    int64_t asize, psize, pagesize;
    int verbose;              /* -v: the table shows each entry's VPN */
    const char *addresses;    /* the -A list, "-1" when random */
    unsigned pagebits;
    int64_t vpages;           /* entries in the page table */
    int64_t *pfn;             /* per VPN: the PFN, or -1 when not valid */
} linear;

static const char *const table_intro[] = {
    "",
    "The format of the page table is simple:",
    "The high-order (left-most) bit is the VALID bit.",
    "  If the bit is 1, the rest of the entry is the PFN.",
    "  If the bit is 0, the page is not valid.",
    "Use verbose mode (-v) if you want to print the VPN # by",
    "each entry of the page table.",
    "",
    "Page Table (from entry 0 down to the max size)",
};

static const char *const question_tail[] = {
    "For each virtual address, write down the physical address it translates to",
    "OR write down that it is an out-of-bounds address (e.g., segfault).",
    "",
};

#define COUNT(a) (sizeof (a) / sizeof *(a))

static void print_lines(ostep_out *o, const char *const *lines, size_t n)
{
    for (size_t k = 0; k < n; k++) ostep_printf(o, "%s\n", lines[k]);
}

static int read_header(const ostep_input *in, size_t *i, ostep_out *o, linear *p,
                       mmu_error *err)
{
    const char *v;
    if (ostep_expect_prefix(in, i, "ARG seed ", &v, err)) return -1;
    if (!ostep_is_py_decimal(v))
        return ostep_error(in, *i, err, "expected an integer seed after \"ARG seed \"");
    ostep_printf(o, "ARG seed %s\n", v);
    if (ostep_read_size_arg(in, i, o, "ARG address space size ", &p->asize, err) ||
        ostep_read_size_arg(in, i, o, "ARG phys mem size ", &p->psize, err) ||
        ostep_read_size_arg(in, i, o, "ARG page size ", &p->pagesize, err) ||
        ostep_expect_prefix(in, i, "ARG verbose ", &v, err))
        return -1;
    if (strcmp(v, "True") != 0 && strcmp(v, "False") != 0)
        return ostep_error(in, *i, err, "expected \"ARG verbose True\" or \"ARG verbose False\"");
    p->verbose = (v[0] == 'T');
    ostep_printf(o, "ARG verbose %s\n", v);
    if (ostep_expect_prefix(in, i, "ARG addresses ", &p->addresses, err)) return -1;
    ostep_printf(o, "ARG addresses %s\n", p->addresses);
    if (ostep_expect(in, i, "", err)) return -1;
    ostep_puts(o, "\n");
    return 0;
}

static int is_power_of_2(int64_t x) { return x > 0 && (x & (x - 1)) == 0; }

/* The simulator's checks on the sizes, in its order. Its "multiple of"
 * test compares a float quotient with its truncation, which for sizes
 * below 1 GB is exactly "does not divide"; its power-of-2 test goes through
 * log(), which for these sizes is exactly "not a power of two". */
static const char *size_error(const linear *p)
{
    if (p->psize <= 1) return "Error: must specify a non-zero physical memory size.";
    if (p->asize < 1) return "Error: must specify a non-zero address-space size.";
    if (p->psize <= p->asize)
        return "Error: physical memory size must be GREATER than address space size "
               "(for this simulation)";
    if (p->psize >= (1LL << 30) || p->asize >= (1LL << 30))
        return "Error: must use smaller sizes (less than 1 GB) for this simulation.";
    if (p->pagesize <= 0) return NULL;   /* checked by the caller: the simulator crashes */
    if (p->asize % p->pagesize)
        return "Error in argument: address space must be a multiple of the pagesize";
    if (p->psize % p->pagesize)
        return "Error in argument: physical memory must be a multiple of the pagesize";
    if (!is_power_of_2(p->asize)) return "Error in argument: address space must be a power of 2";
    if (!is_power_of_2(p->pagesize)) return "Error in argument: page size must be a power of 2";
    return NULL;
}

/* One page-table line: "  0x%08x", or "  [%8d]  0x%08x" with -v. */
static int read_entry(const ostep_input *in, size_t *i, ostep_out *o, linear *p, int64_t vpn,
                      mmu_error *err)
{
    const char *l = ostep_line(in, *i);
    int64_t idx = vpn, entry;
    int bad = !l || (p->verbose ? ostep_scan(l, "  [%d]  0x%x", &idx, &entry)
                                : ostep_scan(l, "  0x%x", &entry));
    if (bad || idx != vpn || entry < 0 || entry > 0xffffffffLL ||
        (entry != 0 && !(entry & VALID_BIT)))
        return ostep_error(in, *i + 1, err, "expected page-table entry %lld of %lld: %s"
                           "0x00000000 (not valid) or 0x8... (valid bit and PFN)", (long long)vpn,
                           (long long)p->vpages, p->verbose ? "\"  [    VPN]  \" then " : "\"  \" then ");
    char want[64];
    if (p->verbose)
        snprintf(want, sizeof want, "  [%8lld]  0x%08llx", (long long)vpn,
                 (unsigned long long)entry);
    else
        snprintf(want, sizeof want, "  0x%08llx", (unsigned long long)entry);
    if (ostep_expect(in, i, want, err)) return -1;
    ostep_printf(o, "%s\n", want);
    p->pfn[vpn] = entry ? (entry & ~VALID_BIT) : -1;
    return 0;
}

static int read_table(const ostep_input *in, size_t *i, ostep_out *o, linear *p,
                      mmu_error *err)
{
    if (ostep_expect_lines(in, i, table_intro, COUNT(table_intro), err)) return -1;
    print_lines(o, table_intro, COUNT(table_intro));
    /* every entry takes a line: a table longer than the text is truncated */
    if (p->vpages > (int64_t)(in->count - *i))
        return ostep_error(in, in->count + 1, err, "expected %lld page-table entries, but the "
                           "file ends first", (long long)p->vpages);
    p->pfn = malloc((size_t)p->vpages * sizeof *p->pfn);
    if (!p->pfn) return ostep_error(in, *i + 1, err, "expected a page table that fits in memory");
    for (int64_t vpn = 0; vpn < p->vpages; vpn++)
        if (read_entry(in, i, o, p, vpn, err)) return -1;
    if (ostep_expect(in, i, "", err)) return -1;
    ostep_puts(o, "\n");
    return 0;
}

/* The answer for one address. The VPN is taken from the low 32 bits (the
 * simulator masks with 0xFFFFFFFF & ~pagemask, in two's complement for
 * negative addresses); a VPN past the table crashes the simulator. */
static int print_answer(const ostep_input *in, size_t lineno, ostep_out *o, const linear *p,
                        int64_t va, mmu_error *err)
{
    uint64_t pagemask = ((uint64_t)1 << p->pagebits) - 1;
    uint64_t vpn = ((uint64_t)va & 0xffffffffULL & ~pagemask) >> p->pagebits;
    if (vpn >= (uint64_t)p->vpages)
        return ostep_error(in, lineno, err, "expected an address inside the %lld-entry page "
                           "table, found %lld with VPN %llu (paging-linear-translate.py -c "
                           "crashes on it)", (long long)p->vpages, (long long)va,
                           (unsigned long long)vpn);
    if (p->pfn[vpn] < 0) {
        ostep_printf(o, " Invalid (VPN %llu not valid)\n", (unsigned long long)vpn);
        return 0;
    }
    int64_t pa = (p->pfn[vpn] << p->pagebits) | (int64_t)((uint64_t)va & pagemask);
    ostep_printf(o, "%08llx (decimal %8lld) [VPN %llu]\n", (unsigned long long)pa, (long long)pa,
                 (unsigned long long)vpn);
    return 0;
}

/* "  VA 0x%08x (decimal: %8d) --> " then the question or an answer. */
static int read_va(const ostep_input *in, size_t *i, ostep_out *o, const linear *p,
                   int64_t *va, mmu_error *err)
{
    const char *l = ostep_line(in, *i), *rest;
    int64_t dec;
    if (ostep_scan(l, "  VA 0x%x (decimal: %d) --> %s", va, &dec, &rest) || *va != dec)
        return ostep_error(in, *i + 1, err, "expected \"  VA 0x<hex> (decimal: <same number>) "
                           "--> ...\"");
    char want[96], h[32];
    int len = snprintf(want, sizeof want, "  VA 0x%s (decimal: %8lld) --> ",
                       ostep_py_hex(h, sizeof h, 8, *va), (long long)*va);
    if (strncmp(l, want, (size_t)len) != 0)
        return ostep_error(in, *i + 1, err, "expected \"%s...\"", want);
    int known = strcmp(rest, "PA or invalid address?") == 0 ||
                strncmp(rest, " Invalid (VPN ", 14) == 0 || (rest[0] && strchr("0123456789abcdef-", rest[0]));
    if (!known)
        return ostep_error(in, *i + 1, err, "expected \"PA or invalid address?\" or an answer "
                           "after \"-->\"");
    ostep_puts(o, want);
    (*i)++;
    return print_answer(in, *i, o, p, *va, err);
}

/* Entry k of the -A list ("-1" means random addresses: nothing to check).
 * Returns 1 when the entry exists (in *v), 0 past the end, -1 on an entry
 * that is not an integer (the simulator crashes on it). */
static int list_entry(const char *list, size_t k, int64_t *v)
{
    for (; k > 0; k--) {
        list = strchr(list, ',');
        if (!list) return 0;
        list++;
    }
    size_t len = strcspn(list, ",");
    char part[64];
    if (len >= sizeof part) return -1;
    memcpy(part, list, len);
    part[len] = '\0';
    return ostep_py_int(part, v) ? -1 : 1;
}

/* With -A, the ARG line lists the addresses; the trace shows exactly them,
 * unless the simulator crashed on one (then the file holds no answer). */
static int check_address_list(const ostep_input *in, size_t trace_end, const linear *p,
                              const int64_t *va, size_t n, mmu_error *err)
{
    if (strcmp(p->addresses, "-1") == 0) return 0;
    int64_t v;
    for (size_t k = 0; k < n; k++)
        if (list_entry(p->addresses, k, &v) != 1 || v != va[k])
            return ostep_error(in, 6, err, "expected address %zu of this list to be %lld, as "
                               "the trace shows", k + 1, (long long)va[k]);
    int rc = list_entry(p->addresses, n, &v);
    if (rc == 0) return 0;
    return ostep_error(in, trace_end + 1, err, "expected the trace to show every address of "
                       "the \"ARG addresses\" list, but it stops before number %zu: "
                       "paging-linear-translate.py %s", n + 1,
                       rc < 0 ? "crashes on an entry that is not an integer"
                              : "-c crashes on an address past the page table");
}

static int read_trace(const ostep_input *in, size_t *i, ostep_out *o, const linear *p,
                      mmu_error *err)
{
    if (ostep_expect(in, i, "Virtual Address Trace", err)) return -1;
    ostep_puts(o, "Virtual Address Trace\n");
    size_t first = *i, n = 0;
    while (ostep_line(in, first + n) && ostep_line(in, first + n)[0]) n++;
    int64_t *va = malloc((n ? n : 1) * sizeof *va);
    if (!va) return ostep_error(in, first + 1, err, "expected a trace that fits in memory");
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++) rc = read_va(in, i, o, p, &va[k], err);
    if (rc == 0) rc = check_address_list(in, *i, p, va, n, err);
    free(va);
    if (rc || ostep_expect(in, i, "", err)) return -1;
    ostep_puts(o, "\n");
    return 0;
}

static unsigned log2_of(int64_t x)
{
    unsigned b = 0;
    while (((int64_t)1 << b) < x) b++;
    return b;
}

static int solve(const ostep_input *in, size_t *i, ostep_out *o, linear *p, mmu_error *err)
{
    if (read_header(in, i, o, p, err)) return -1;
    const char *stop = size_error(p);
    if (stop) return ostep_expect_final(in, i, o, &stop, 1, err);
    if (p->pagesize <= 0)
        return ostep_error(in, 4, err, "expected a positive page size, found %lld "
                           "(paging-linear-translate.py crashes on it)", (long long)p->pagesize);
    p->pagebits = log2_of(p->pagesize);
    p->vpages = p->asize / p->pagesize;
    if (read_table(in, i, o, p, err) || read_trace(in, i, o, p, err)) return -1;
    /* a question file ends with a paragraph the -c output leaves out */
    if (ostep_line(in, *i) && ostep_expect_lines(in, i, question_tail, COUNT(question_tail), err))
        return -1;
    return ostep_expect_end(in, *i, err);
}

int ostep_solve_paging_linear(const ostep_input *in, ostep_out *o, mmu_error *err)
{
    size_t i = 0;
    linear p;
    memset(&p, 0, sizeof p);
    int rc = solve(in, &i, o, &p, err);
    free(p.pfn);
    return rc;
}
