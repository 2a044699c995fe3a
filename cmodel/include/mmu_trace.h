/* mmu_trace.h — memory traces: per-process accesses and OS events.
 *
 * Formats (docs/traces.md): the native line format, valgrind lackey output
 * (--tool=lackey --trace-mem=yes) and DineroIV .din; any of them gzip'd.
 * Readers yield one event at a time, so traces of any length stream.
 *
 * Who is current: in the native format accesses belong to the process named
 * by the last `switch` (create and fork never switch); the reader fills
 * ev->pid. Imported traces (lackey, din) are one process, pid 1, with no
 * CREATE or SWITCH event: the consumer creates its address space on demand.
 */
#ifndef MMU_TRACE_H
#define MMU_TRACE_H

#include <stdbool.h>
#include <stddef.h>
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
#define MMU_TRACE_MAX_PID 65535u     /* pids are 1..MAX_PID                  */
#define MMU_TRACE_MAX_SIZE 4096u     /* bytes one access may touch           */
#define MMU_TRACE_MAX_LINE 4095      /* characters per input line            */

/* A segment of a new address space: [base, base+size) with its rights.
 * base is always the lowest address, also for a grows-negative stack. */
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
 * With MMU_TRACE_AUTO the format is detected from the first line that is
 * not blank or a `#` comment. */
mmu_trace_reader *mmu_trace_open(const char *path, mmu_trace_format fmt, mmu_error *err);
/* The same over len bytes of plain text in memory (not gzip); name is what
 * errors call the input. data must outlive the reader (it is not copied). */
mmu_trace_reader *mmu_trace_open_buffer(const char *name, const char *data, size_t len,
                                        mmu_trace_format fmt, mmu_error *err);
/* 1: *ev filled; 0: end of trace; -1: malformed input (err names file:line).
 * After -1 every later call returns -1 with the same error. */
int mmu_trace_next(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err);
/* The format being read (after AUTO: the one detected, AUTO until then). */
mmu_trace_format mmu_trace_reader_format(const mmu_trace_reader *r);
void mmu_trace_close(mmu_trace_reader *r);   /* NULL is fine */

const char *mmu_trace_format_name(mmu_trace_format f);
int mmu_trace_format_parse(const char *s, mmu_trace_format *out);
const char *mmu_trace_event_name(mmu_event_kind k);   /* "access", "create", ... */

/* Write one event in the native format (used by the generators): one line.
 * Returns 0, or -1 when the event cannot be written as a valid line (bad
 * kind, size, pid or segment name) or the stream fails. ACCESS lines carry
 * no pid: the writer of a whole trace emits `switch` lines itself. */
int mmu_trace_write_event(FILE *out, const mmu_trace_event *ev);

/* The pages an ACCESS touches at pages of 2^page_shift bytes. Everyone
 * splits the same way: an access whose bytes cross a page boundary touches
 * both pages, lower page first. Returns 1 (out_va[0] = va) or 2 (out_va[0]
 * = va, out_va[1] = the first byte of the next page); 0 for a non-ACCESS
 * event or an access that would touch three or more pages (size larger
 * than a page) or wrap past 2^64 — the consumer rejects those, citing
 * ev->line. */
unsigned mmu_trace_split_pages(const mmu_trace_event *ev, unsigned page_shift, uint64_t out_va[2]);

#endif
