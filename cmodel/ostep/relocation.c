/* relocation.c — solve vm-mechanism/relocation.py (base and bounds).
 *
 * Everything the answer needs is in the text: the address-space and
 * physical-memory sizes (ARG lines), the base and limit registers, and the
 * virtual addresses. An address is valid when it is below the limit and then
 * translates to base + address. The -c output is the question output minus
 * the closing paragraph, with each "--> PA or segmentation violation?"
 * replaced by the answer. */
#include "ostep_internal.h"
#include <stdio.h>
#include <string.h>

typedef struct {
    int64_t asize, psize;   /* from the ARG lines, converted like the simulator */
    int64_t base, limit;
} reloc;

static const char *const question_tail[] = {
    "For each virtual address, either write down the physical address it translates to",
    "OR write down that it is an out-of-bounds address (a segmentation violation). For",
    "this problem, you should assume a simple virtual address space of a given size.",
    "",
};

/* The leading blank line and the three ARG lines. */
static int read_header(const ostep_input *in, size_t *i, ostep_out *o, reloc *r, mmu_error *err)
{
    const char *seed;
    if (ostep_expect(in, i, "", err)) return -1;
    if (ostep_expect_prefix(in, i, "ARG seed ", &seed, err)) return -1;
    if (!ostep_is_py_decimal(seed))
        return ostep_error(in, *i, err, "expected an integer seed after \"ARG seed \"");
    ostep_printf(o, "\nARG seed %s\n", seed);
    if (ostep_read_size_arg(in, i, o, "ARG address space size ", &r->asize, err)) return -1;
    if (ostep_read_size_arg(in, i, o, "ARG phys mem size ", &r->psize, err)) return -1;
    if (ostep_expect(in, i, "", err)) return -1;
    ostep_puts(o, "\n");
    return 0;
}

/* The checks the simulator makes on the sizes before anything else. */
static const char *size_error(const reloc *r)
{
    if (r->psize <= 1) return "Error: must specify a non-zero physical memory size.";
    if (r->asize == 0) return "Error: must specify a non-zero address-space size.";
    if (r->psize <= r->asize)
        return "Error: physical memory size must be GREATER than address space size "
               "(for this simulation)";
    return NULL;
}

/* "  Base   : 0x%08x (decimal %d)" and "  Limit  : %d", checked by re-printing. */
static int read_registers(const ostep_input *in, size_t *i, ostep_out *o, reloc *r,
                          mmu_error *err)
{
    static const char *const head[] = { "Base-and-Bounds register information:", "" };
    if (ostep_expect_lines(in, i, head, 2, err)) return -1;
    const char *l = ostep_line(in, *i);
    int64_t dec;
    char want[128], limit[64], h[32];
    if (!l || ostep_scan(l, "  Base   : 0x%x (decimal %d)", &r->base, &dec) || dec != r->base)
        return ostep_error(in, *i + 1, err, "expected \"  Base   : 0x<hex> (decimal <same "
                           "number>)\"");
    snprintf(want, sizeof want, "  Base   : 0x%s (decimal %lld)",
             ostep_py_hex(h, sizeof h, 8, r->base), (long long)r->base);
    if (ostep_expect(in, i, want, err)) return -1;
    l = ostep_line(in, *i);
    if (!l || ostep_scan(l, "  Limit  : %d", &r->limit))
        return ostep_error(in, *i + 1, err, "expected \"  Limit  : <decimal>\"");
    snprintf(limit, sizeof limit, "  Limit  : %lld", (long long)r->limit);
    if (ostep_expect(in, i, limit, err)) return -1;
    if (ostep_expect(in, i, "", err)) return -1;
    ostep_printf(o, "Base-and-Bounds register information:\n\n%s\n%s\n\n", want, limit);
    return 0;
}

/* The simulator's answer for one address. */
static void print_answer(ostep_out *o, const reloc *r, int64_t va)
{
    char h[32];
    if (va >= r->limit) {
        ostep_puts(o, "SEGMENTATION VIOLATION\n");
        return;
    }
    int64_t pa = va + r->base;
    ostep_printf(o, "VALID: 0x%s (decimal: %4lld)\n", ostep_py_hex(h, sizeof h, 8, pa),
                 (long long)pa);
}

static int is_question_or_answer(const char *rest)
{
    return strcmp(rest, "PA or segmentation violation?") == 0 ||
           strncmp(rest, "VALID: ", 7) == 0 || strcmp(rest, "SEGMENTATION VIOLATION") == 0;
}

static int read_trace(const ostep_input *in, size_t *i, ostep_out *o, const reloc *r,
                      mmu_error *err)
{
    if (ostep_expect(in, i, "Virtual Address Trace", err)) return -1;
    ostep_puts(o, "Virtual Address Trace\n");
    for (int64_t n = 0; ostep_line(in, *i) && ostep_line(in, *i)[0] != '\0'; n++) {
        int64_t va;
        size_t plen;
        const char *rest;
        if (ostep_read_numbered_va(in, i, n, &va, &plen, &rest, err)) return -1;
        if (!is_question_or_answer(rest))
            return ostep_error(in, *i, err, "expected \"PA or segmentation violation?\" or an "
                               "answer (\"VALID: ...\", \"SEGMENTATION VIOLATION\") after \"-->\"");
        ostep_printf(o, "%.*s", (int)plen, ostep_line(in, *i - 1));
        print_answer(o, r, va);
    }
    if (ostep_expect(in, i, "", err)) return -1;
    ostep_puts(o, "\n");
    return 0;
}

int ostep_solve_relocation(const ostep_input *in, ostep_out *o, mmu_error *err)
{
    size_t i = 0;
    reloc r = { 0, 0, 0, 0 };
    if (read_header(in, &i, o, &r, err)) return -1;
    const char *stop = size_error(&r);
    if (stop) return ostep_expect_final(in, &i, o, &stop, 1, err);
    if (read_registers(in, &i, o, &r, err)) return -1;
    if (r.base + r.limit > r.psize) {
        /* the registers were given with -b/-l and do not fit: the simulator
         * stops after printing them, with or without -c */
        char sum[128];
        snprintf(sum, sizeof sum, "Base + Limit: %lld   Psize: %lld",
                 (long long)(r.base + r.limit), (long long)r.psize);
        const char *lines[] = { "Error: address space does not fit into physical memory "
                                "with those base/bounds values.", sum };
        return ostep_expect_final(in, &i, o, lines, 2, err);
    }
    if (read_trace(in, &i, o, &r, err)) return -1;
    /* a question file ends with a paragraph the -c output leaves out */
    if (ostep_line(in, i) &&
        ostep_expect_lines(in, &i, question_tail, sizeof question_tail / sizeof *question_tail, err))
        return -1;
    return ostep_expect_end(in, i, err);
}
