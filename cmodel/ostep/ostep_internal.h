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

#endif
