/* mmu_trace.h — memory traces: per-process accesses and OS events.
 *
 * Formats (docs/traces.md): the native line format, valgrind lackey output
 * (--tool=lackey --trace-mem=yes) and DineroIV .din; any of them gzip'd.
 * Readers yield one event at a time, so traces of any length stream.
 */
#ifndef MMU_TRACE_H
#define MMU_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "mmu_defs.h"
#include "mmu_error.h"

typedef enum {
    MMU_TRACE_AUTO = 0,      /* detect from the content */
    MMU_TRACE_NATIVE,
    MMU_TRACE_LACKEY,
    MMU_TRACE_DIN
} mmu_trace_format;

typedef enum {
    MMU_EV_ACCESS = 0,   /* pid: acc at va, size bytes (size 0 = 1)         */
    MMU_EV_CREATE,       /* pid: a new process with the segments listed     */
    MMU_EV_FORK,         /* pid forks child (copy-on-write)                 */
    MMU_EV_EXIT,         /* pid exits: its frames and swap slots are freed  */
    MMU_EV_SWITCH,       /* context switch to pid                           */
    MMU_EV_BRK,          /* pid's heap end moves to value (bytes from heap base) */
    MMU_EV_FLUSH         /* explicit TLB flush (all)                        */
} mmu_event_kind;

#define MMU_TRACE_MAX_SEGS 8

/* A segment of a new address space: [base, base+size) with its rights. */
typedef struct {
    char name[16];       /* "code", "heap", "stack", ... */
    uint64_t base, size;
    bool r, w, x;
    bool grows_negative;
} mmu_trace_seg;

typedef struct {
    mmu_event_kind kind;
    unsigned pid;
    mmu_access acc;              /* ACCESS */
    uint64_t va;                 /* ACCESS */
    unsigned size;               /* ACCESS: bytes touched (>= 1)        */
    unsigned child;              /* FORK   */
    uint64_t value;              /* BRK    */
    unsigned seg_count;          /* CREATE */
    mmu_trace_seg seg[MMU_TRACE_MAX_SEGS];
    int line;                    /* input line of the event             */
} mmu_trace_event;

typedef struct mmu_trace_reader mmu_trace_reader;

/* Open path ("-" = stdin); gzip input is detected and read transparently.
 * With MMU_TRACE_AUTO the format is detected from the first lines. */
mmu_trace_reader *mmu_trace_open(const char *path, mmu_trace_format fmt, mmu_error *err);
/* 1: *ev filled; 0: end of trace; -1: malformed input (err names file:line). */
int mmu_trace_next(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err);
mmu_trace_format mmu_trace_reader_format(const mmu_trace_reader *r);
void mmu_trace_close(mmu_trace_reader *r);

const char *mmu_trace_format_name(mmu_trace_format f);
int mmu_trace_format_parse(const char *s, mmu_trace_format *out);

/* Write one event in the native format (used by the generators). */
int mmu_trace_write_event(FILE *out, const mmu_trace_event *ev);

#endif
