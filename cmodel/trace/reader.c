/* reader.c — open a trace, split it into lines, pick the parser, yield events.
 *
 * Input goes through zlib's gzread, which reads plain files unchanged, so
 * gzip is transparent. Lines are assembled here (not with gzgets) so that a
 * NUL byte or an over-long line is an error naming its line rather than a
 * silent truncation. */
#include "trace_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const format_names[] = {"auto", "native", "lackey", "din"};
static const char *const event_names[] = {"access", "create", "fork", "exit", "switch", "brk", "flush"};

const char *mmu_trace_format_name(mmu_trace_format f)
{
    return (unsigned)f < sizeof format_names / sizeof *format_names ? format_names[f] : "?";
}

int mmu_trace_format_parse(const char *s, mmu_trace_format *out)
{
    for (unsigned i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (!strcmp(s, format_names[i])) {
            *out = (mmu_trace_format)i;
            return 0;
        }
    return -1;
}

const char *mmu_trace_event_name(mmu_event_kind k)
{
    return (unsigned)k < sizeof event_names / sizeof *event_names ? event_names[k] : "?";
}

int trace_fail(mmu_trace_reader *r, mmu_error *err, const char *fmt, ...)
{
    mmu_error e;
    snprintf(e.file, sizeof e.file, "%s", r->name);
    e.line = r->lineno;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    if (err) *err = e;
    return -1;
}

size_t trace_hex(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    size_t n = 0;
    for (;; n++) {
        char c = s[n];
        unsigned d;
        if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = (unsigned)(c - 'A' + 10);
        else break;
        if (v >> 60) return 0;          /* a 17th significant digit */
        v = v << 4 | d;
    }
    if (n) *out = v;
    return n;
}

bool trace_blank(const char *line)
{
    line += strspn(line, " \t");
    return *line == '\0' || *line == '#';
}

/* ---- line source ------------------------------------------------------- */

static mmu_trace_reader *reader_new(const char *name, mmu_trace_format fmt)
{
    mmu_trace_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    snprintf(r->name, sizeof r->name, "%s", name);
    r->fmt = fmt;
    return r;
}

/* Make more input available in src. 1: some; 0: end; -1: read error. */
static int source_fill(mmu_trace_reader *r, mmu_error *err)
{
    if (r->src_done || !r->gz) {
        r->src_done = true;
        return 0;
    }
    int got = gzread(r->gz, r->buf, sizeof r->buf);
    if (got <= 0) {
        /* Data read before a problem comes first; the problem shows when
         * nothing more can be read. A truncated .gz gives got == 0 with
         * Z_BUF_ERROR ("unexpected end of file"), not got < 0. */
        int zerr = Z_OK;
        const char *zmsg = gzerror(r->gz, &zerr);
        if (got < 0 || (zerr != Z_OK && zerr != Z_STREAM_END)) {
            r->lineno++;
            if (zerr == Z_ERRNO) return trace_fail(r, err, "cannot read: %s", strerror(errno));
            /* zlib prefixes its message with the path, which the error names already. */
            size_t n = strlen(r->name);
            if (zmsg && !strncmp(zmsg, r->name, n) && !strncmp(zmsg + n, ": ", 2)) zmsg += n + 2;
            return trace_fail(r, err, "corrupt gzip data (%s)", zmsg ? zmsg : "unknown error");
        }
    }
    if (got == 0) {
        r->src_done = true;
        return 0;
    }
    r->src = r->buf;
    r->src_len = (size_t)got;
    r->src_pos = 0;
    return 1;
}

static int line_error(mmu_trace_reader *r, mmu_error *err, const char *why)
{
    r->lineno++;
    return trace_fail(r, err, "%s", why);
}

/* Next line into r->line, without its "\n" or "\r\n". 1, 0 at end, -1. */
static int read_line(mmu_trace_reader *r, mmu_error *err)
{
    size_t len = 0;
    bool any = false;
    for (;;) {
        if (r->src_pos >= r->src_len) {
            int f = source_fill(r, err);
            if (f < 0) return -1;
            if (f == 0) {
                if (!any) return 0;
                break;                      /* last line without a newline */
            }
        }
        any = true;
        const char *p = r->src + r->src_pos;
        size_t avail = r->src_len - r->src_pos;
        const char *nl = memchr(p, '\n', avail);
        size_t chunk = nl ? (size_t)(nl - p) : avail;
        if (len + chunk > MMU_TRACE_MAX_LINE)
            return line_error(r, err, "line longer than 4095 characters (is this a trace?)");
        memcpy(r->line + len, p, chunk);
        len += chunk;
        r->src_pos += chunk + (nl ? 1 : 0);
        if (nl) break;
    }
    if (memchr(r->line, '\0', len)) return line_error(r, err, "NUL byte in a text line (binary file?)");
    if (len && r->line[len - 1] == '\r') len--;
    r->line[len] = '\0';
    r->lineno++;
    return 1;
}

/* ---- format detection ---------------------------------------------------- */

/* Read up to the first meaningful line and choose its format; the line is
 * held so the chosen parser sees it too. */
static int detect(mmu_trace_reader *r, mmu_error *err)
{
    for (;;) {
        int got = read_line(r, err);
        if (got <= 0) {
            if (got == 0) r->fmt = MMU_TRACE_NATIVE;   /* empty trace: nothing to misread */
            return got;
        }
        if (trace_blank(r->line)) continue;
        if (trace_lackey_looks(r->line)) r->fmt = MMU_TRACE_LACKEY;
        else if (trace_din_looks(r->line)) r->fmt = MMU_TRACE_DIN;
        else if (trace_native_looks(r->line)) r->fmt = MMU_TRACE_NATIVE;
        else
            return trace_fail(r, err, "cannot tell the trace format from '%.60s': expected a native "
                              "line (create/switch/L/S/I ...), lackey ('I  ADDR,SIZE', ' L ADDR,SIZE', "
                              "'==PID== ...') or din ('LABEL ADDR')", r->line);
        r->line_held = true;
        return 1;
    }
}

/* ---- open / next / close ------------------------------------------------ */

mmu_trace_reader *mmu_trace_open(const char *path, mmu_trace_format fmt, mmu_error *err)
{
    bool is_stdin = !strcmp(path, "-");
    mmu_trace_reader *r = reader_new(is_stdin ? "<stdin>" : path, fmt);
    if (!r) {
        mmu_fail(err, path, 0, "out of memory");
        return NULL;
    }
    /* dup so that closing the reader leaves the process's stdin open. */
    int fd = is_stdin ? dup(STDIN_FILENO) : -1;
    r->gz = is_stdin ? (fd >= 0 ? gzdopen(fd, "rb") : NULL) : gzopen(path, "rb");
    if (!r->gz) {
        int e = errno;
        if (fd >= 0) close(fd);
        mmu_fail(err, r->name, 0, "cannot open: %s", e ? strerror(e) : "out of memory");
        free(r);
        return NULL;
    }
    gzbuffer(r->gz, 1 << 17);
    return r;
}

mmu_trace_reader *mmu_trace_open_buffer(const char *name, const char *data, size_t len,
                                        mmu_trace_format fmt, mmu_error *err)
{
    mmu_trace_reader *r = reader_new(name ? name : "<buffer>", fmt);
    if (!r) {
        mmu_fail(err, name, 0, "out of memory");
        return NULL;
    }
    r->src = data ? data : "";
    r->src_len = data ? len : 0;
    return r;
}

static int parse_line(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err)
{
    switch (r->fmt) {
    case MMU_TRACE_LACKEY: return trace_lackey_line(r, ev, err);
    case MMU_TRACE_DIN: return trace_din_line(r, ev, err);
    default: return trace_native_line(r, ev, err);
    }
}

static int next_event(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err)
{
    if (r->has_pending) {
        *ev = r->pending;
        r->has_pending = false;
        return 1;
    }
    if (r->fmt == MMU_TRACE_AUTO) {
        int d = detect(r, err);
        if (d <= 0) return d;
    }
    for (;;) {
        if (r->line_held) {
            r->line_held = false;
        } else {
            int got = read_line(r, err);
            if (got <= 0) return got;
        }
        memset(ev, 0, sizeof *ev);
        ev->line = r->lineno;
        int p = parse_line(r, ev, err);
        if (p != 0) return p;
    }
}

int mmu_trace_next(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err)
{
    if (r->failed) {
        if (err) *err = r->error;
        return -1;
    }
    mmu_error local;
    int got = next_event(r, ev, &local);
    if (got < 0) {
        r->failed = true;
        r->error = local;
        if (err) *err = local;
    }
    return got;
}

mmu_trace_format mmu_trace_reader_format(const mmu_trace_reader *r) { return r->fmt; }

void mmu_trace_close(mmu_trace_reader *r)
{
    if (!r) return;
    if (r->gz) gzclose(r->gz);
    free(r->procs);
    free(r);
}

/* ---- page splitting ------------------------------------------------------ */

unsigned mmu_trace_split_pages(const mmu_trace_event *ev, unsigned page_shift, uint64_t out_va[2])
{
    if (ev->kind != MMU_EV_ACCESS) return 0;
    uint64_t size = ev->size ? ev->size : 1;
    uint64_t first = ev->va, last = ev->va + (size - 1);
    if (last < first) return 0;                         /* wraps past 2^64 */
    if (page_shift >= 64) {                             /* one page holds everything */
        out_va[0] = first;
        return 1;
    }
    uint64_t p0 = first >> page_shift, p1 = last >> page_shift;
    out_va[0] = first;
    if (p0 == p1) return 1;
    if (p1 - p0 > 1) return 0;
    out_va[1] = p1 << page_shift;
    return 2;
}
