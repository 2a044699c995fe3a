/* error.c — mmu_error helpers (see mmu_error.h). */
#include "mmu_error.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int mmu_fail(mmu_error *err, const char *file, int line, const char *fmt, ...)
{
    if (!err) return -1;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

const char *mmu_error_format(const mmu_error *err, char *buf, unsigned size)
{
    if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%d: %s", err->file, err->line, err->msg);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, err->msg);
    else
        snprintf(buf, size, "%s", err->msg);
    return buf;
}
