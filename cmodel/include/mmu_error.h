/* mmu_error.h — errors are values with context.
 * Libraries fill an mmu_error and return non-zero; only the CLI prints and exits. */
#ifndef MMU_ERROR_H
#define MMU_ERROR_H

typedef struct {
    char file[256];   /* input file the error is in ("" when none)   */
    int line;         /* 1-based line, 0 when not tied to a line      */
    char msg[512];    /* what was found and what was expected         */
} mmu_error;

/* Fill err (may be NULL) and return -1, so callers can `return mmu_fail(...)`. */
int mmu_fail(mmu_error *err, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "file:line: msg" (or "file: msg", or "msg") into buf. */
const char *mmu_error_format(const mmu_error *err, char *buf, unsigned size);

#endif
