/* ostep_util.c — output buffer and error plumbing for the OSTEP solvers. */
#include "ostep_internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(ostep_out *o, size_t more)
{
    if (o->len + more + 1 <= o->cap) return;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < o->len + more + 1) cap *= 2;
    char *b = realloc(o->buf, cap);
    if (!b) abort();   /* out of memory: nothing sensible to do in a CLI */
    o->buf = b;
    o->cap = cap;
}

void ostep_printf(ostep_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    reserve(o, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    o->len += (size_t)n;
}

void ostep_puts(ostep_out *o, const char *s)
{
    size_t n = strlen(s);
    reserve(o, n);
    memcpy(o->buf + o->len, s, n + 1);
    o->len += n;
}

int ostep_error(const ostep_input *in, size_t lineno, mmu_error *err, const char *fmt, ...)
{
    if (!err) return -1;
    snprintf(err->file, sizeof err->file, "%s", in->filename ? in->filename : "");
    err->line = (int)lineno;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}
