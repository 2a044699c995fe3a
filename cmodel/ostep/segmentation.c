/* segmentation.c — solve vm-segmentation/segmentation.py (two segments).
 *
 * The text gives the address-space size (ARG line), both segments' base and
 * limit, and the virtual addresses. Segment 0 holds the lower half of the
 * address space and grows up from its base; segment 1 holds the upper half
 * and grows down from its printed base (the highest address + 1). The -c
 * output is the question output without the closing paragraph and with an
 * answer after each "-->". */
#include "ostep_internal.h"
#include <stdio.h>
#include <string.h>

typedef struct {
    int64_t asize, psize;
    int64_t base0, len0;
    int64_t top1, len1;     /* top1: the printed segment 1 base, one past its end */
    size_t regs_line;       /* line of "  Segment 0 base": the others follow it */
} segs;

static const char *const question_tail[] = {
    "For each virtual address, either write down the physical address it translates to",
    "OR write down that it is an out-of-bounds address (a segmentation violation). For",
    "this problem, you should assume a simple address space with two segments: the top",
    "bit of the virtual address can thus be used to check whether the virtual address",
    "is in segment 0 (topbit=0) or segment 1 (topbit=1). Note that the base/limit pairs",
    "given to you grow in different directions, depending on the segment, i.e., segment 0",
    "grows in the positive direction, whereas segment 1 in the negative. ",
    "",
};

/* Errors the simulator reports before printing the registers, from options
 * (-b/-l/-B/-L) the text does not show: accepted as printed. */
static const char *const register_errors[] = {
    "Error: physical memory must be 2x GREATER than address space size "
    "(if randomly generating base registers)",
    "Error: seg0 is not in physical memory",
    "Error: seg1 is not in physical memory",
    "Error: length0 register is too large for this address space",
    "Error: length1 register is too large for this address space",
};

static int read_header(const ostep_input *in, size_t *i, ostep_out *o, segs *s, mmu_error *err)
{
    const char *seed;
    if (ostep_expect_prefix(in, i, "ARG seed ", &seed, err)) return -1;
    if (!ostep_is_py_decimal(seed))
        return ostep_error(in, *i, err, "expected an integer seed after \"ARG seed \"");
    ostep_printf(o, "ARG seed %s\n", seed);
    if (ostep_read_size_arg(in, i, o, "ARG address space size ", &s->asize, err)) return -1;
    if (ostep_read_size_arg(in, i, o, "ARG phys mem size ", &s->psize, err)) return -1;
    if (ostep_expect(in, i, "", err)) return -1;
    ostep_puts(o, "\n");
    return 0;
}

static const char *size_error(const segs *s)
{
    if (s->psize <= 4) return "Error: must specify a bigger physical memory size";
    if (s->asize == 0) return "Error: must specify a non-zero address-space size";
    if (s->psize <= s->asize)
        return "Error: physical memory size > address space size (for this simulation)";
    return NULL;
}

/* If the simulator stopped before printing the registers, the input holds
 * one of its messages for that point: returns 1 and copies it. */
static int register_error(const ostep_input *in, size_t *i, ostep_out *o, const segs *s,
                          mmu_error *err, int *rc)
{
    const char *l = ostep_line(in, *i);
    if (!l || strncmp(l, "Error: ", 7) != 0) return 0;
    size_t n = sizeof register_errors / sizeof *register_errors;
    for (size_t k = 0; k < n; k++) {
        if (strcmp(l, register_errors[k]) != 0) continue;
        if (k == 0 && s->psize > 2 * s->asize) break;   /* could not have happened */
        *rc = ostep_expect_final(in, i, o, &register_errors[k], 1, err);
        return 1;
    }
    *rc = ostep_error(in, *i + 1, err, "expected \"Segment register information:\" or an "
                      "error segmentation.py reports at this point, found \"%.60s\"", l);
    return 1;
}

/* One "  Segment N base  (grows ...) : 0x%08x (decimal %d)" line. */
static int read_base(const ostep_input *in, size_t *i, ostep_out *o, const char *label,
                     int64_t *base, mmu_error *err)
{
    char pattern[96], want[160], h[32];
    int64_t dec;
    snprintf(pattern, sizeof pattern, "%s : 0x%%x (decimal %%d)", label);
    const char *l = ostep_line(in, *i);
    if (!l || ostep_scan(l, pattern, base, &dec) || dec != *base)
        return ostep_error(in, *i + 1, err, "expected \"%s : 0x<hex> (decimal <same number>)\"",
                           label);
    snprintf(want, sizeof want, "%s : 0x%s (decimal %lld)", label,
             ostep_py_hex(h, sizeof h, 8, *base), (long long)*base);
    if (ostep_expect(in, i, want, err)) return -1;
    ostep_printf(o, "%s\n", want);
    return 0;
}

/* One "  Segment N limit                  : %d" line. */
static int read_limit(const ostep_input *in, size_t *i, ostep_out *o, const char *label,
                      int64_t *len, mmu_error *err)
{
    char pattern[96], want[128];
    snprintf(pattern, sizeof pattern, "%s : %%d", label);
    const char *l = ostep_line(in, *i);
    if (!l || ostep_scan(l, pattern, len))
        return ostep_error(in, *i + 1, err, "expected \"%s : <decimal>\"", label);
    snprintf(want, sizeof want, "%s : %lld", label, (long long)*len);
    if (ostep_expect(in, i, want, err)) return -1;
    ostep_printf(o, "%s\n", want);
    return 0;
}

static int read_registers(const ostep_input *in, size_t *i, ostep_out *o, segs *s,
                          mmu_error *err)
{
    static const char *const head[] = { "Segment register information:", "" };
    if (ostep_expect_lines(in, i, head, 2, err)) return -1;
    ostep_puts(o, "Segment register information:\n\n");
    s->regs_line = *i + 1;
    if (read_base(in, i, o, "  Segment 0 base  (grows positive)", &s->base0, err) ||
        read_limit(in, i, o, "  Segment 0 limit                 ", &s->len0, err) ||
        ostep_expect(in, i, "", err))
        return -1;
    ostep_puts(o, "\n");
    if (read_base(in, i, o, "  Segment 1 base  (grows negative)", &s->top1, err) ||
        read_limit(in, i, o, "  Segment 1 limit                 ", &s->len1, err) ||
        ostep_expect(in, i, "", err))
        return -1;
    ostep_puts(o, "\n");
    return 0;
}

/* Registers the simulator would have refused before printing them: such a
 * text did not come from it, so there is no -c output to reproduce. Sets
 * *line to the offending register's line. The limits may be at most half
 * the address space (2*len > asize is the simulator's len > asize/2.0
 * without floating point). */
static const char *impossible_registers(const segs *s, size_t *line)
{
    int64_t low1 = s->top1 - s->len1;
    *line = s->regs_line;
    if (s->psize < s->base0 + s->len0 - 1) return "segment 0 does not fit in physical memory";
    *line = s->regs_line + 3;
    if (s->psize < low1) return "segment 1 does not fit in physical memory";
    *line = s->regs_line + 1;
    if (2 * s->len0 > s->asize) return "segment 0's limit exceeds half the address space";
    *line = s->regs_line + 4;
    if (2 * s->len1 > s->asize) return "segment 1's limit exceeds half the address space";
    return NULL;
}

/* The simulator's answer for one address. An address is in segment 1 when
 * it is at least half the address space (Python compares va >= asize / 2 in
 * floating point, i.e. 2*va >= asize, which matters for odd sizes). */
static void print_answer(ostep_out *o, const segs *s, int64_t va)
{
    char h[32];
    int64_t pa;
    if (2 * va >= s->asize) {
        pa = s->top1 + (va - s->asize);
        if (pa < s->top1 - s->len1) {
            ostep_puts(o, "SEGMENTATION VIOLATION (SEG1)\n");
            return;
        }
        ostep_printf(o, "VALID in SEG1: 0x%s (decimal: %4lld)\n",
                     ostep_py_hex(h, sizeof h, 8, pa), (long long)pa);
    } else if (va >= s->len0) {
        ostep_puts(o, "SEGMENTATION VIOLATION (SEG0)\n");
    } else {
        pa = va + s->base0;
        ostep_printf(o, "VALID in SEG0: 0x%s (decimal: %4lld)\n",
                     ostep_py_hex(h, sizeof h, 8, pa), (long long)pa);
    }
}

static int is_question_or_answer(const char *rest)
{
    return strcmp(rest, "PA or segmentation violation?") == 0 ||
           strncmp(rest, "VALID in SEG", 12) == 0 ||
           strncmp(rest, "SEGMENTATION VIOLATION (SEG", 27) == 0;
}

/* "Error: virtual address N cannot be generated ..." ends a trace given with
 * -A that holds an address outside the address space. */
static int bad_address_line(const ostep_input *in, size_t *i, ostep_out *o, const segs *s,
                            mmu_error *err)
{
    const char *l = ostep_line(in, *i);
    int64_t va, size;
    if (ostep_scan(l, "Error: virtual address %d cannot be generated in an address space "
                   "of size %d", &va, &size) || size != s->asize || (va >= 0 && va < s->asize))
        return ostep_error(in, *i + 1, err, "expected \"Error: virtual address N cannot be "
                           "generated in an address space of size %lld\" with N outside it",
                           (long long)s->asize);
    return ostep_expect_final(in, i, o, &l, 1, err);
}

/* Returns 1 when the trace ended with the simulator's error (answer done). */
static int read_trace(const ostep_input *in, size_t *i, ostep_out *o, const segs *s,
                      mmu_error *err)
{
    if (ostep_expect(in, i, "Virtual Address Trace", err)) return -1;
    ostep_puts(o, "Virtual Address Trace\n");
    for (int64_t n = 0; ostep_line(in, *i) && ostep_line(in, *i)[0] != '\0'; n++) {
        if (strncmp(ostep_line(in, *i), "Error: ", 7) == 0)
            return bad_address_line(in, i, o, s, err) ? -1 : 1;
        int64_t va;
        size_t plen;
        const char *rest;
        if (ostep_read_numbered_va(in, i, n, &va, &plen, &rest, err)) return -1;
        if (va < 0 || va >= s->asize)
            return ostep_error(in, *i, err, "expected an address inside the address space "
                               "of size %lld, found %lld (segmentation.py reports an error "
                               "instead)", (long long)s->asize, (long long)va);
        if (!is_question_or_answer(rest))
            return ostep_error(in, *i, err, "expected \"PA or segmentation violation?\" or an "
                               "answer (\"VALID in SEG...\", \"SEGMENTATION VIOLATION (SEG...)\")");
        ostep_printf(o, "%.*s", (int)plen, ostep_line(in, *i - 1));
        print_answer(o, s, va);
    }
    if (ostep_expect(in, i, "", err)) return -1;
    ostep_puts(o, "\n");
    return 0;
}

int ostep_solve_segmentation(const ostep_input *in, ostep_out *o, mmu_error *err)
{
    size_t i = 0;
    segs s = { 0, 0, 0, 0, 0, 0, 0 };
    int rc = 0;
    if (read_header(in, &i, o, &s, err)) return -1;
    const char *stop = size_error(&s);
    if (stop) return ostep_expect_final(in, &i, o, &stop, 1, err);
    if (register_error(in, &i, o, &s, err, &rc)) return rc;
    if (read_registers(in, &i, o, &s, err)) return -1;
    size_t bad_line;
    const char *why = impossible_registers(&s, &bad_line);
    if (why)
        return ostep_error(in, bad_line, err, "expected registers segmentation.py accepts, but "
                           "%s (it stops with an error instead of printing these)", why);
    int64_t low1 = s.top1 - s.len1;
    if (s.len0 + s.base0 > low1 && low1 > s.base0) {
        stop = "Error: segments overlap in physical memory";
        return ostep_expect_final(in, &i, o, &stop, 1, err);
    }
    rc = read_trace(in, &i, o, &s, err);
    if (rc) return rc < 0 ? -1 : 0;
    /* a question file ends with a paragraph the -c output leaves out */
    if (ostep_line(in, i) &&
        ostep_expect_lines(in, &i, question_tail, sizeof question_tail / sizeof *question_tail, err))
        return -1;
    return ostep_expect_end(in, i, err);
}
