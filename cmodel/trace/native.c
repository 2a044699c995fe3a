/* native.c — the native trace format (docs/traces.md): parser and writer.
 *
 *   create 1 code=0x400000+64K:rx heap=0x600000+16K:rw stack=0x80000000-64K:rw:down
 *   switch 1
 *   L 0x600010 8          # accesses go to the current process
 *   fork 1 2 / exit 2 / brk 1 +8K / flush
 *
 * The parser keeps which processes are live and each heap's size, so that a
 * trace that switches to a dead process, forks onto a live pid or shrinks a
 * heap below zero is an error naming its line, not a surprise for the OS. */
#include "trace_internal.h"
#include "mmu_scenario.h"     /* mmu_parse_number: one number syntax everywhere */

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_TOKENS (2 + MMU_TRACE_MAX_SEGS)

enum { OP_FETCH, OP_LOAD, OP_STORE, OP_MODIFY, OP_CREATE, OP_FORK, OP_EXIT, OP_SWITCH, OP_BRK, OP_FLUSH };

static const struct {
    const char *word;
    int op;
} keywords[] = {
    {"I", OP_FETCH}, {"X", OP_FETCH}, {"fetch", OP_FETCH},
    {"L", OP_LOAD}, {"R", OP_LOAD}, {"load", OP_LOAD},
    {"S", OP_STORE}, {"W", OP_STORE}, {"store", OP_STORE},
    {"M", OP_MODIFY}, {"modify", OP_MODIFY},
    {"create", OP_CREATE}, {"fork", OP_FORK}, {"exit", OP_EXIT},
    {"switch", OP_SWITCH}, {"brk", OP_BRK}, {"flush", OP_FLUSH},
};
#define NKEYWORDS (sizeof keywords / sizeof keywords[0])

static int keyword_op(const char *w)
{
    for (size_t i = 0; i < NKEYWORDS; i++)
        if (!strcasecmp(w, keywords[i].word)) return keywords[i].op;
    return -1;
}

bool trace_native_looks(const char *line)
{
    char word[16];
    line += strspn(line, " \t");
    size_t n = strcspn(line, " \t#");
    if (n == 0 || n >= sizeof word) return false;
    memcpy(word, line, n);
    word[n] = '\0';
    return keyword_op(word) >= 0;
}

/* ---- tokens and numbers ---------------------------------------------------- */

/* Split at blanks, dropping a `#` comment. Returns the count, or -1 when
 * there are more than max tokens. */
static int tokenize(char *line, char **tok, int max)
{
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    int n = 0;
    for (char *p = line;;) {
        p += strspn(p, " \t");
        if (!*p) return n;
        if (n == max) return -1;
        tok[n++] = p;
        p += strcspn(p, " \t");
        if (*p) *p++ = '\0';
    }
}

/* A number as scenarios write it; letters and digits only, so "0x-1" (which
 * strtoull would negate) is refused here. */
static bool number(const char *s, uint64_t *out)
{
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p)) return false;
    return mmu_parse_number(s, out) == 0;
}

#define NUMBER_SYNTAX "a number (decimal with optional K/M/G, or 0x hex)"

static int want_pid(mmu_trace_reader *r, mmu_error *err, const char *what, const char *s, unsigned *out)
{
    uint64_t v;
    if (!number(s, &v) || v < 1 || v > MMU_TRACE_MAX_PID)
        return trace_fail(r, err, "%s: expected a pid 1..%u, got '%s'", what, MMU_TRACE_MAX_PID, s);
    *out = (unsigned)v;
    return 0;
}

/* ---- process table ----------------------------------------------------- */

static trace_proc *proc(mmu_trace_reader *r, unsigned pid)
{
    return pid < r->nprocs ? &r->procs[pid] : NULL;
}

static bool live(mmu_trace_reader *r, unsigned pid)
{
    trace_proc *p = proc(r, pid);
    return p && p->live;
}

static trace_proc *proc_make(mmu_trace_reader *r, mmu_error *err, unsigned pid)
{
    if (pid >= r->nprocs) {
        unsigned n = r->nprocs ? r->nprocs : 16;
        while (n <= pid) n *= 2;
        trace_proc *p = realloc(r->procs, n * sizeof *p);
        if (!p) {
            trace_fail(r, err, "out of memory");
            return NULL;
        }
        memset(p + r->nprocs, 0, (n - r->nprocs) * sizeof *p);
        r->procs = p;
        r->nprocs = n;
    }
    return &r->procs[pid];
}

/* The live process pid, or NULL after filling err. */
static trace_proc *want_live(mmu_trace_reader *r, mmu_error *err, const char *what, unsigned pid)
{
    trace_proc *p = proc(r, pid);
    if (p && p->live) return p;
    trace_fail(r, err, "%s: process %u does not exist (expected a pid created by `create` or `fork` "
               "and not exited)", what, pid);
    return NULL;
}

/* ---- accesses ------------------------------------------------------------ */

/* Range checks and the event(s) of one access, for both parse paths. */
static int emit_access(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err, int op, const char *w,
                       uint64_t va, uint64_t size)
{
    if (size < 1 || size > MMU_TRACE_MAX_SIZE)
        return trace_fail(r, err, "%s SIZE: expected a byte count 1..%u, got %" PRIu64, w, MMU_TRACE_MAX_SIZE, size);
    if (va + (size - 1) < va)
        return trace_fail(r, err, "%s: %" PRIu64 " bytes at 0x%" PRIx64 " run past the top of the 64-bit "
                          "address space", w, size, va);
    if (!r->current)
        return trace_fail(r, err, "%s: no process is current: expected `switch PID` before the first access "
                          "(and after the current process exits)", w);
    ev->kind = MMU_EV_ACCESS;
    ev->pid = r->current;
    ev->va = va;
    ev->size = (unsigned)size;
    ev->acc = op == OP_FETCH ? MMU_ACC_FETCH : op == OP_STORE ? MMU_ACC_STORE : MMU_ACC_LOAD;
    if (op == OP_MODIFY) {                   /* read-modify-write: the load, then the store */
        r->pending = *ev;
        r->pending.acc = MMU_ACC_STORE;
        r->has_pending = true;
    }
    return 1;
}

static int parse_access(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err, int op,
                        char **tok, int n)
{
    const char *w = tok[0];
    if (n < 2 || n > 3) return trace_fail(r, err, "%s: expected ADDR [SIZE]", w);
    uint64_t va, size = 1;
    if (!number(tok[1], &va))
        return trace_fail(r, err, "%s ADDR: expected " NUMBER_SYNTAX ", got '%s'", w, tok[1]);
    if (n == 3 && !number(tok[2], &size))
        return trace_fail(r, err, "%s SIZE: expected a byte count 1..%u, got '%s'", w, MMU_TRACE_MAX_SIZE, tok[2]);
    return emit_access(r, ev, err, op, w, va, size);
}

/* The line the writer and the generators emit most, "L 0x600010 8", read
 * without tokenizing: it is most of every long trace. Anything not exactly
 * in that shape (other spellings, suffixes, comments, errors) returns 0 and
 * takes the general path. */
static int fast_access(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err)
{
    const char *s = r->line;
    int op = s[0] == 'L' ? OP_LOAD : s[0] == 'S' ? OP_STORE : s[0] == 'I' ? OP_FETCH : -1;
    if (op < 0 || s[1] != ' ' || s[2] != '0' || s[3] != 'x') return 0;
    uint64_t va, size = 1;
    size_t n = trace_hex(s + 4, &va);
    if (!n) return 0;
    s += 4 + n;
    if (*s == ' ') {
        size = 0;
        for (n = 1; n <= 5 && s[n] >= '0' && s[n] <= '9'; n++) size = size * 10 + (uint64_t)(s[n] - '0');
        if (n == 1 || n > 5) return 0;
        s += n;
    }
    if (*s) return 0;
    char w[2] = {r->line[0], '\0'};
    return emit_access(r, ev, err, op, w, va, size);
}

/* ---- create ---------------------------------------------------------------- */

#define SEG_SYNTAX "NAME=BASE+SIZE:RIGHTS[:down] or NAME=TOP-SIZE:RIGHTS[:down]"

static bool seg_name_ok(const char *s, size_t n)
{
    if (n == 0 || n >= sizeof ((mmu_trace_seg *)0)->name) return false;
    if (!isalpha((unsigned char)s[0]) && s[0] != '_') return false;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-') return false;
    return true;
}

static int parse_rights(const char *s, mmu_trace_seg *sg)
{
    if (!strcmp(s, "-")) return 0;
    if (!*s) return -1;
    for (; *s; s++) {
        bool *bit = *s == 'r' ? &sg->r : *s == 'w' ? &sg->w : *s == 'x' ? &sg->x : NULL;
        if (!bit || *bit) return -1;            /* unknown letter or given twice */
        *bit = true;
    }
    return 0;
}

/* "BASE+SIZE" or "TOP-SIZE" into base and size. */
static int parse_range(mmu_trace_reader *r, mmu_error *err, char *s, mmu_trace_seg *sg)
{
    char *sign = strpbrk(s, "+-");
    if (!sign) return trace_fail(r, err, "create %s: expected " SEG_SYNTAX ", got no +SIZE or -SIZE", sg->name);
    char op = *sign;
    *sign = '\0';
    uint64_t a, size;
    if (!number(s, &a))
        return trace_fail(r, err, "create %s: %s: expected " NUMBER_SYNTAX ", got '%s'", sg->name,
                          op == '+' ? "BASE" : "TOP", s);
    if (!number(sign + 1, &size))
        return trace_fail(r, err, "create %s SIZE: expected " NUMBER_SYNTAX ", got '%s'", sg->name, sign + 1);
    if (op == '-' && size > a)
        return trace_fail(r, err, "create %s: TOP-SIZE: size 0x%" PRIx64 " is larger than the top 0x%" PRIx64,
                          sg->name, size, a);
    sg->base = op == '+' ? a : a - size;
    sg->size = size;
    if (size && sg->base + (size - 1) < sg->base)
        return trace_fail(r, err, "create %s: 0x%" PRIx64 "+0x%" PRIx64 " runs past the top of the 64-bit "
                          "address space", sg->name, sg->base, size);
    return 0;
}

static int parse_seg(mmu_trace_reader *r, mmu_error *err, char *s, mmu_trace_seg *sg)
{
    memset(sg, 0, sizeof *sg);
    char *eq = strchr(s, '=');
    if (!eq) return trace_fail(r, err, "create: expected a segment " SEG_SYNTAX ", got '%s'", s);
    if (!seg_name_ok(s, (size_t)(eq - s)))
        return trace_fail(r, err, "create: segment name '%.*s': expected 1..15 letters, digits, '_' or '-', "
                          "starting with a letter", (int)(eq - s), s);
    memcpy(sg->name, s, (size_t)(eq - s));
    char *range = eq + 1, *rights = strchr(range, ':');
    if (!rights) return trace_fail(r, err, "create %s: expected " SEG_SYNTAX ", got no :RIGHTS", sg->name);
    *rights++ = '\0';
    char *flag = strchr(rights, ':');
    if (flag) *flag++ = '\0';
    if (parse_range(r, err, range, sg)) return -1;
    if (parse_rights(rights, sg))
        return trace_fail(r, err, "create %s RIGHTS: expected letters of 'rwx' (each once) or '-', got '%s'",
                          sg->name, rights);
    if (flag && !strcmp(flag, "down")) sg->grows_negative = true;
    else if (flag && strcmp(flag, "up"))
        return trace_fail(r, err, "create %s: expected ':down' or ':up' after the rights, got ':%s'", sg->name, flag);
    return 0;
}

static bool segs_overlap(const mmu_trace_seg *a, const mmu_trace_seg *b)
{
    if (!a->size || !b->size) return false;
    return a->base <= b->base + (b->size - 1) && b->base <= a->base + (a->size - 1);
}

static int check_segs(mmu_trace_reader *r, mmu_error *err, const mmu_trace_event *ev)
{
    for (unsigned i = 0; i < ev->seg_count; i++)
        for (unsigned j = 0; j < i; j++) {
            const mmu_trace_seg *a = &ev->seg[j], *b = &ev->seg[i];
            if (!strcmp(a->name, b->name))
                return trace_fail(r, err, "create: segment '%s' is named twice", a->name);
            if (segs_overlap(a, b))
                return trace_fail(r, err, "create: segments '%s' and '%s' overlap", a->name, b->name);
        }
    return 0;
}

static int parse_create(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err, char **tok, int n)
{
    if (n < 2) return trace_fail(r, err, "create: expected PID [" SEG_SYNTAX " ...]");
    if (want_pid(r, err, "create PID", tok[1], &ev->pid)) return -1;
    if (live(r, ev->pid))
        return trace_fail(r, err, "create: process %u already exists (a pid is free again after `exit`)", ev->pid);
    ev->kind = MMU_EV_CREATE;
    ev->seg_count = (unsigned)(n - 2);
    for (int i = 2; i < n; i++)
        if (parse_seg(r, err, tok[i], &ev->seg[i - 2])) return -1;
    if (check_segs(r, err, ev)) return -1;
    trace_proc *p = proc_make(r, err, ev->pid);
    if (!p) return -1;
    *p = (trace_proc){.live = true};
    for (unsigned i = 0; i < ev->seg_count; i++)
        if (!strcmp(ev->seg[i].name, "heap")) {
            p->has_heap = true;
            p->heap_base = ev->seg[i].base;
            p->heap_size = ev->seg[i].size;
        }
    return 1;
}

/* ---- OS events --------------------------------------------------------- */

static int parse_fork(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err, char **tok, int n)
{
    if (n != 3) return trace_fail(r, err, "fork: expected PARENT CHILD");
    if (want_pid(r, err, "fork PARENT", tok[1], &ev->pid) || want_pid(r, err, "fork CHILD", tok[2], &ev->child))
        return -1;
    trace_proc *pp = want_live(r, err, "fork PARENT", ev->pid);
    if (!pp) return -1;
    if (live(r, ev->child))
        return trace_fail(r, err, "fork CHILD: process %u already exists (expected a free pid)", ev->child);
    trace_proc parent = *pp;                 /* a copy: proc_make may move the table */
    trace_proc *c = proc_make(r, err, ev->child);
    if (!c) return -1;
    *c = parent;                             /* the child's heap is the parent's */
    ev->kind = MMU_EV_FORK;
    return 1;
}

static int parse_pid_event(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err, int op, char **tok, int n)
{
    const char *w = op == OP_EXIT ? "exit" : "switch";
    if (n != 2) return trace_fail(r, err, "%s: expected PID", w);
    if (want_pid(r, err, w, tok[1], &ev->pid)) return -1;
    trace_proc *p = want_live(r, err, w, ev->pid);
    if (!p) return -1;
    if (op == OP_EXIT) {
        ev->kind = MMU_EV_EXIT;
        p->live = false;
        if (r->current == ev->pid) r->current = 0;
    } else {
        ev->kind = MMU_EV_SWITCH;
        r->current = ev->pid;
    }
    return 1;
}

static int parse_brk(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err, char **tok, int n)
{
    if (n != 3) return trace_fail(r, err, "brk: expected PID +SIZE, PID -SIZE or PID SIZE (the heap's new size)");
    if (want_pid(r, err, "brk", tok[1], &ev->pid)) return -1;
    trace_proc *p = want_live(r, err, "brk", ev->pid);
    if (!p) return -1;
    if (!p->has_heap)
        return trace_fail(r, err, "brk: process %u has no segment named 'heap'", ev->pid);
    const char *a = tok[2];
    char sign = (*a == '+' || *a == '-') ? *a++ : 0;
    uint64_t v, size;
    if (!number(a, &v))
        return trace_fail(r, err, "brk: expected +SIZE, -SIZE or SIZE with SIZE " NUMBER_SYNTAX ", got '%s'", tok[2]);
    if (sign == '-' && v > p->heap_size)
        return trace_fail(r, err, "brk: cannot shrink the heap by 0x%" PRIx64 ": it is 0x%" PRIx64 " bytes",
                          v, p->heap_size);
    size = sign == '+' ? p->heap_size + v : sign == '-' ? p->heap_size - v : v;
    if ((sign == '+' && size < v) || (size && p->heap_base + (size - 1) < p->heap_base))
        return trace_fail(r, err, "brk: a heap of 0x%" PRIx64 " more bytes runs past the top of the 64-bit "
                          "address space", v);
    p->heap_size = size;
    ev->kind = MMU_EV_BRK;
    ev->value = size;
    return 1;
}

int trace_native_line(mmu_trace_reader *r, mmu_trace_event *ev, mmu_error *err)
{
    int fast = fast_access(r, ev, err);
    if (fast) return fast;
    char *tok[MAX_TOKENS];
    int n = tokenize(r->line, tok, MAX_TOKENS);
    if (n < 0)
        return trace_fail(r, err, "too many fields (a process has at most %d segments)", MMU_TRACE_MAX_SEGS);
    if (n == 0) return 0;
    int op = keyword_op(tok[0]);
    switch (op) {
    case OP_FETCH: case OP_LOAD: case OP_STORE: case OP_MODIFY:
        return parse_access(r, ev, err, op, tok, n);
    case OP_CREATE: return parse_create(r, ev, err, tok, n);
    case OP_FORK: return parse_fork(r, ev, err, tok, n);
    case OP_EXIT: case OP_SWITCH: return parse_pid_event(r, ev, err, op, tok, n);
    case OP_BRK: return parse_brk(r, ev, err, tok, n);
    case OP_FLUSH:
        if (n != 1) return trace_fail(r, err, "flush: expected nothing after it, got '%s'", tok[1]);
        ev->kind = MMU_EV_FLUSH;
        ev->pid = r->current;
        return 1;
    default:
        return trace_fail(r, err, "unknown line '%.40s': expected I/L/S/M ADDR [SIZE], create, fork, exit, "
                          "switch, brk or flush", tok[0]);
    }
}

/* ---- writer ---------------------------------------------------------------- */

/* Sizes as people write them: 64K rather than 0x10000 when exact. */
static void format_size(char *buf, size_t n, uint64_t v)
{
    static const char units[] = "GMK";
    for (int i = 0; i < 3; i++) {
        unsigned shift = (unsigned)(30 - 10 * i);
        if (v && !(v & ((1ull << shift) - 1))) {
            snprintf(buf, n, "%" PRIu64 "%c", v >> shift, units[i]);
            return;
        }
    }
    snprintf(buf, n, v < 10 ? "%" PRIu64 : "0x%" PRIx64, v);
}

static bool seg_writable(const mmu_trace_seg *s)
{
    size_t len = strnlen(s->name, sizeof s->name);
    if (len == sizeof s->name || !seg_name_ok(s->name, len)) return false;
    return !s->size || s->base + (s->size - 1) >= s->base;
}

/* Checks every segment before writing any, so a refused event leaves no
 * half line behind. */
static int write_create(FILE *out, const mmu_trace_event *ev)
{
    if (ev->seg_count > MMU_TRACE_MAX_SEGS) return -1;
    for (unsigned i = 0; i < ev->seg_count; i++)
        if (!seg_writable(&ev->seg[i])) return -1;
    fprintf(out, "create %u", ev->pid);
    for (unsigned i = 0; i < ev->seg_count; i++) {
        const mmu_trace_seg *s = &ev->seg[i];
        char size[32];
        format_size(size, sizeof size, s->size);
        fprintf(out, " %s=0x%" PRIx64 "+%s:%s%s%s%s%s", s->name, s->base, size, s->r ? "r" : "", s->w ? "w" : "",
                s->x ? "x" : "", (s->r || s->w || s->x) ? "" : "-", s->grows_negative ? ":down" : "");
    }
    return 0;
}

static bool pid_ok(unsigned pid) { return pid >= 1 && pid <= MMU_TRACE_MAX_PID; }

int mmu_trace_write_event(FILE *out, const mmu_trace_event *ev)
{
    static const char acc_letter[] = "ILS";
    char size[32];
    switch (ev->kind) {
    case MMU_EV_ACCESS:
        if ((unsigned)ev->acc >= MMU_ACC_COUNT || ev->size > MMU_TRACE_MAX_SIZE) return -1;
        if (ev->size > 1 && ev->va + (ev->size - 1) < ev->va) return -1;
        fprintf(out, "%c 0x%" PRIx64, acc_letter[ev->acc], ev->va);
        if (ev->size > 1) fprintf(out, " %u", ev->size);
        break;
    case MMU_EV_CREATE:
        if (!pid_ok(ev->pid) || write_create(out, ev)) return -1;
        break;
    case MMU_EV_FORK:
        if (!pid_ok(ev->pid) || !pid_ok(ev->child)) return -1;
        fprintf(out, "fork %u %u", ev->pid, ev->child);
        break;
    case MMU_EV_EXIT:
    case MMU_EV_SWITCH:
        if (!pid_ok(ev->pid)) return -1;
        fprintf(out, "%s %u", ev->kind == MMU_EV_EXIT ? "exit" : "switch", ev->pid);
        break;
    case MMU_EV_BRK:
        if (!pid_ok(ev->pid)) return -1;
        format_size(size, sizeof size, ev->value);
        fprintf(out, "brk %u %s", ev->pid, size);
        break;
    case MMU_EV_FLUSH:
        fputs("flush", out);
        break;
    default:
        return -1;
    }
    return fputc('\n', out) == EOF || ferror(out) ? -1 : 0;
}
