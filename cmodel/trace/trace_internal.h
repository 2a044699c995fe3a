/* trace_internal.h — shared between the trace reader and its three parsers.
 * Not a public header: consumers use mmu_trace.h only. */
#ifndef MMU_TRACE_INTERNAL_H
#define MMU_TRACE_INTERNAL_H

#include <zlib.h>
#include "mmu_trace.h"

/* Per-process state the native parser keeps to check OS events. */
typedef struct {
    bool live, has_heap;
    uint64_t heap_base, heap_size;
} trace_proc;

struct mmu_trace_reader {
    char name[256];
    mmu_trace_format fmt;

    /* Line source: a gzFile (plain files read through it too) or memory. */
    gzFile gz;
    const char *src;                /* unread bytes: into buf, or the buffer */
    size_t src_len, src_pos;
    bool src_done;                  /* memory source consumed, or gz at end */
    char buf[1 << 16];

    char line[MMU_TRACE_MAX_LINE + 1];
    int lineno;
    bool line_held;                 /* detection read a line the parser must see */

    mmu_trace_event pending;        /* lackey M: the store after the load */
    bool has_pending;

    bool failed;
    mmu_error error;                /* sticky: repeated after a failure */

    /* Native parser state. */
    unsigned current;               /* 0: no process current */
    trace_proc *procs;              /* indexed by pid, grown on demand */
    unsigned nprocs;
};

/* Parse r->line (lineno r->lineno) into *ev. 1: event; 0: the line holds no
 * event (blank, comment, ignored); -1: error filled. */
int trace_native_line(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err);
int trace_lackey_line(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err);
int trace_din_line(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err);

/* Does this (non-blank, non-comment) line look like the format? Used by
 * auto-detection. */
bool trace_native_looks(const char *line);
bool trace_lackey_looks(const char *line);
bool trace_din_looks(const char *line);

/* Error at the current line; returns -1. */
int trace_fail(mmu_trace_reader *r, mmu_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Hex digits only (no 0x): "04016e90" -> value. Returns the characters
 * consumed (0 if none or the value overflows 64 bits). */
size_t trace_hex(const char *s, uint64_t *out);
/* Is the line empty after trailing whitespace and a `#` comment go? */
bool trace_blank(const char *line);

#endif
