/* ostep_internal.h — shared plumbing of the OSTEP solvers (not public). */
#ifndef OSTEP_INTERNAL_H
#define OSTEP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "mmu_error.h"
#include "mmu_ostep.h"

/* The input split into lines (no trailing '\n'; a final '\r' is kept). */
typedef struct {
    const char *filename;
    char **line;
    size_t count;
} ostep_input;

/* A growing output buffer: solvers print here; only a complete answer is
 * handed to the caller, so a failure never leaves half an answer behind. */
typedef struct {
    char *buf;
    size_t len, cap;
} ostep_out;

void ostep_printf(ostep_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ostep_puts(ostep_out *o, const char *s);   /* no newline added */

/* Error naming input line `lineno` (1-based). Returns -1. */
int ostep_error(const ostep_input *in, size_t lineno, mmu_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* One solver per simulator; each returns 0 or -1 with err filled. */
int ostep_solve_relocation(const ostep_input *in, ostep_out *o, mmu_error *err);
int ostep_solve_segmentation(const ostep_input *in, ostep_out *o, mmu_error *err);
int ostep_solve_paging_linear(const ostep_input *in, ostep_out *o, mmu_error *err);
int ostep_solve_paging_multilevel(const ostep_input *in, ostep_out *o, mmu_error *err);
int ostep_solve_paging_policy(const ostep_input *in, ostep_out *o, mmu_error *err);
int ostep_solve_malloc(const ostep_input *in, ostep_out *o, mmu_error *err);

/* Python's random module (MT19937, seeded like random.seed(int)), for the
 * solvers whose answers depend on the simulator's random choices. */
typedef struct {
    uint32_t mt[624];
    int index;
} ostep_pyrandom;
void ostep_pyrandom_seed(ostep_pyrandom *r, int64_t seed);    /* random.seed(n)      */
double ostep_pyrandom_random(ostep_pyrandom *r);               /* random.random()     */
uint64_t ostep_pyrandom_getrandbits(ostep_pyrandom *r, unsigned k); /* k <= 64      */
int64_t ostep_pyrandom_randint(ostep_pyrandom *r, int64_t a, int64_t b); /* inclusive */

/* ---- Reading helpers shared by the solvers (implemented in ostep.c) ----
 * Line indexes are 0-based; errors name line index+1, or count+1 when the
 * file ended where a line was expected. */

/* Line i, or NULL past the end of the input. */
const char *ostep_line(const ostep_input *in, size_t i);
/* Line *i must be exactly `want`; advances *i. */
int ostep_expect(const ostep_input *in, size_t *i, const char *want, mmu_error *err);
/* Line *i must start with `prefix`; *rest gets what follows. Advances *i. */
int ostep_expect_prefix(const ostep_input *in, size_t *i, const char *prefix,
                        const char **rest, mmu_error *err);
/* Lines from *i on must be exactly want[0..n) (a paragraph); advances *i. */
int ostep_expect_lines(const ostep_input *in, size_t *i, const char *const *want,
                       size_t n, mmu_error *err);
/* Nothing may follow line i-1. */
int ostep_expect_end(const ostep_input *in, size_t i, mmu_error *err);

/* Match a whole line against a pattern: literal characters must be equal;
 * "%d" reads a decimal (leading spaces and a '-' allowed), "%x" reads hex
 * digits (a leading '-' allowed, as Python prints negative numbers), each
 * into an int64_t *; "%s" (last only) stores a const char ** to the rest of
 * the line. Magnitudes are limited to 2^60 so solvers can add and shift them
 * freely. Returns 0 on a full match, -1 otherwise. Callers re-print the
 * values and compare, so padding details are checked there. */
int ostep_scan(const char *line, const char *pattern, ...);

/* Line i without a trailing '\r': its length, and whether it equals s or
 * starts with s (false past the last line). */
size_t ostep_line_len(const ostep_input *in, size_t i);
int ostep_line_is(const ostep_input *in, size_t i, const char *s);
int ostep_line_starts(const ostep_input *in, size_t i, const char *s);

/* Python's int(str) for base 10: surrounding whitespace, one sign, digits
 * with single '_' between them. Limited to 2^60 in magnitude. 0 or -1. */
int ostep_py_int(const char *s, int64_t *v);
/* The same for the n characters at s (no terminator needed). */
int ostep_py_int_n(const char *s, size_t n, int64_t *v);
/* The simulators' size rule: a last character k/m/g (either case)
 * multiplies int(rest) by 2^10/2^20/2^30, else the whole string is int(). */
int ostep_py_size(const char *s, int64_t *v);
/* An "ARG <what> <size>" line (prefix = "ARG <what> "): copied to the answer,
 * its size converted by ostep_py_size. 0 or -1 with err naming the line. */
int ostep_read_size_arg(const ostep_input *in, size_t *i, ostep_out *o, const char *prefix,
                        int64_t *size, mmu_error *err);
/* A decimal integer as Python prints one ('-'? digits, no leading zeros). */
int ostep_is_py_decimal(const char *s);
/* Python's "%0<width>x" % v: a negative number prints '-' then the digits
 * zero-padded to width-1 (C's %x cannot print negatives). */
const char *ostep_py_hex(char *buf, size_t size, int width, int64_t v);

/* The simulator stopped here printing lines[0..n) (an "Error: ..." message,
 * printed the same with and without -c): the input must hold exactly those
 * lines and then end; they are copied to the answer. */
int ostep_expect_final(const ostep_input *in, size_t *i, ostep_out *o,
                       const char *const *lines, size_t n, mmu_error *err);

/* One line of the trace relocation.py and segmentation.py print,
 * "  VA %2d: 0x%08x (decimal: %4d) --> ..." numbered `index`: *va gets the
 * address, *prefix_len the length of everything up to and including "--> ",
 * *rest what follows (the question or an answer, which solvers ignore). */
int ostep_read_numbered_va(const ostep_input *in, size_t *i, int64_t index, int64_t *va,
                           size_t *prefix_len, const char **rest, mmu_error *err);

#endif
