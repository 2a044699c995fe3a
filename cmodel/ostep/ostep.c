/* ostep.c — entry point of the OSTEP homework solver: split the input into
 * lines, recognise which simulator printed it (from the text, never from the
 * file name), run that simulator's solver, hand back the answer. Also the
 * line-reading helpers every solver shares (declared in ostep_internal.h). */
#include "ostep_internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Numbers beyond this are refused, so sums and shifts of two parsed values
 * never overflow int64_t (the simulators use unbounded Python ints). */
#define OSTEP_NUM_MAX ((int64_t)1 << 60)

/* ---------------------------------------------------------------- lines */

const char *ostep_line(const ostep_input *in, size_t i)
{
    return i < in->count ? in->line[i] : NULL;
}

/* Quote at most 60 characters of a line in an error message. */
#define QUOTE "\"%.60s%s\""
#define QARG(s) (s), (strlen(s) > 60 ? "..." : "")

int ostep_expect(const ostep_input *in, size_t *i, const char *want, mmu_error *err)
{
    const char *l = ostep_line(in, *i);
    if (!l)
        return ostep_error(in, *i + 1, err, "expected " QUOTE ", but the file ends", QARG(want));
    if (strcmp(l, want) != 0) {
        if (want[0] == '\0')
            return ostep_error(in, *i + 1, err, "expected a blank line, found " QUOTE, QARG(l));
        return ostep_error(in, *i + 1, err, "expected " QUOTE ", found " QUOTE, QARG(want), QARG(l));
    }
    (*i)++;
    return 0;
}

int ostep_expect_prefix(const ostep_input *in, size_t *i, const char *prefix,
                        const char **rest, mmu_error *err)
{
    const char *l = ostep_line(in, *i);
    if (!l)
        return ostep_error(in, *i + 1, err, "expected a line starting " QUOTE ", but the file ends",
                           QARG(prefix));
    size_t n = strlen(prefix);
    if (strncmp(l, prefix, n) != 0)
        return ostep_error(in, *i + 1, err, "expected a line starting " QUOTE ", found " QUOTE,
                           QARG(prefix), QARG(l));
    *rest = l + n;
    (*i)++;
    return 0;
}

int ostep_expect_lines(const ostep_input *in, size_t *i, const char *const *want,
                       size_t n, mmu_error *err)
{
    for (size_t k = 0; k < n; k++)
        if (ostep_expect(in, i, want[k], err)) return -1;
    return 0;
}

int ostep_expect_end(const ostep_input *in, size_t i, mmu_error *err)
{
    const char *l = ostep_line(in, i);
    if (l)
        return ostep_error(in, i + 1, err, "expected the end of the file, found " QUOTE, QARG(l));
    return 0;
}

/* -------------------------------------------------------------- numbers */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int hex_value(char c)
{
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Accumulate one digit, refusing magnitudes past OSTEP_NUM_MAX. */
static int push_digit(int64_t *acc, int base, int d)
{
    if (*acc > (OSTEP_NUM_MAX - d) / base) return -1;
    *acc = *acc * base + d;
    return 0;
}

int ostep_py_int(const char *s, int64_t *v)
{
    while (is_space(*s)) s++;
    int neg = 0;
    if (*s == '+' || *s == '-') neg = (*s++ == '-');
    if (!is_digit(*s)) return -1;
    int64_t acc = 0;
    while (is_digit(*s) || (*s == '_' && is_digit(s[1]))) {
        if (*s == '_') s++;          /* Python allows one '_' between digits */
        if (push_digit(&acc, 10, *s++ - '0')) return -1;
    }
    while (is_space(*s)) s++;
    if (*s) return -1;
    *v = neg ? -acc : acc;
    return 0;
}

int ostep_py_int_n(const char *s, size_t n, int64_t *v)
{
    char buf[256];
    if (n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return ostep_py_int(buf, v);
}

size_t ostep_line_len(const ostep_input *in, size_t i)
{
    size_t n = strlen(in->line[i]);
    return (n && in->line[i][n - 1] == '\r') ? n - 1 : n;
}

int ostep_line_starts(const ostep_input *in, size_t i, const char *s)
{
    return i < in->count && ostep_line_len(in, i) >= strlen(s) && memcmp(in->line[i], s, strlen(s)) == 0;
}

int ostep_line_is(const ostep_input *in, size_t i, const char *s)
{
    return ostep_line_starts(in, i, s) && ostep_line_len(in, i) == strlen(s);
}

int ostep_read_size_arg(const ostep_input *in, size_t *i, ostep_out *o, const char *prefix,
                        int64_t *size, mmu_error *err)
{
    const char *v;
    if (ostep_expect_prefix(in, i, prefix, &v, err)) return -1;
    if (ostep_py_size(v, size))
        return ostep_error(in, *i, err, "expected a size like 16, 64k, 32m or 1g after \"%s\"",
                           prefix);
    ostep_printf(o, "%s%s\n", prefix, v);
    return 0;
}

int ostep_py_size(const char *s, int64_t *v)
{
    size_t n = strlen(s);
    if (n == 0 || n > 200) return -1;
    int shift = 0;
    switch (s[n - 1]) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    default: return ostep_py_int(s, v);
    }
    char digits[256];
    memcpy(digits, s, n - 1);
    digits[n - 1] = '\0';
    int64_t x;
    if (ostep_py_int(digits, &x)) return -1;
    if (x > (OSTEP_NUM_MAX >> shift) || x < -(OSTEP_NUM_MAX >> shift)) return -1;
    *v = x * ((int64_t)1 << shift);
    return 0;
}

int ostep_is_py_decimal(const char *s)
{
    if (*s == '-') s++;
    if (!is_digit(*s)) return 0;
    if (*s == '0' && s[1]) return 0;
    while (is_digit(*s)) s++;
    return *s == '\0';
}

const char *ostep_py_hex(char *buf, size_t size, int width, int64_t v)
{
    if (v >= 0)
        snprintf(buf, size, "%0*llx", width, (unsigned long long)v);
    else   /* magnitudes are bounded by OSTEP_NUM_MAX, so -v cannot overflow */
        snprintf(buf, size, "-%0*llx", width > 1 ? width - 1 : 0, (unsigned long long)-v);
    return buf;
}

/* Read one number of the given base at *s (after a '-' if present). */
static int scan_number(const char **s, int base, int64_t *out)
{
    const char *p = *s;
    if (base == 10)
        while (*p == ' ') p++;       /* %Nd pads with spaces on the left */
    int neg = (*p == '-');
    if (neg) p++;
    int64_t acc = 0;
    int any = 0, d;
    while ((d = hex_value(*p)) >= 0 && d < base) {
        if (push_digit(&acc, base, d)) return -1;
        p++;
        any = 1;
    }
    if (!any) return -1;
    *out = neg ? -acc : acc;
    *s = p;
    return 0;
}

int ostep_scan(const char *line, const char *pattern, ...)
{
    va_list ap;
    va_start(ap, pattern);
    int rc = 0;
    const char *s = line, *p = pattern;
    while (*p && rc == 0) {
        if (p[0] == '%' && (p[1] == 'd' || p[1] == 'x')) {
            rc = scan_number(&s, p[1] == 'd' ? 10 : 16, va_arg(ap, int64_t *));
            p += 2;
        } else if (p[0] == '%' && p[1] == 's') {
            *va_arg(ap, const char **) = s;
            s += strlen(s);
            p += 2;
        } else {
            if (p[0] == '%' && p[1] == '%') p++;
            if (*s != *p) rc = -1;
            s++, p++;
        }
    }
    va_end(ap);
    return (rc == 0 && *s == '\0') ? 0 : -1;
}

/* ------------------------------------------------------------- dispatch */

static int starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Which simulator printed this? Each one's first lines are distinctive:
 *   relocation.py      a blank line, then "ARG seed N"
 *   segmentation.py    "ARG seed", "ARG address space size", "ARG phys mem size", ""
 *   paging-linear      the same three, then "ARG page size"
 *   paging-multilevel  "ARG seed", "ARG allocated"
 *   paging-policy.py   "ARG addresses"
 *   malloc.py          "seed N" */
static int recognise(const ostep_input *in, mmu_ostep_kind *kind, mmu_error *err)
{
    const char *l0 = ostep_line(in, 0), *l1 = ostep_line(in, 1), *l3 = ostep_line(in, 3);
    if (!l0)
        return ostep_error(in, 0, err, "empty input: expected the output of an OSTEP "
                           "homework simulator");
    if (l0[0] && l0[strlen(l0) - 1] == '\r')
        return ostep_error(in, 1, err, "expected Unix line endings, found a carriage "
                           "return at the end of the line (convert the file)");
    *kind = MMU_OSTEP_UNKNOWN;
    if (l0[0] == '\0') {
        if (starts_with(l1, "ARG seed ")) *kind = MMU_OSTEP_RELOCATION;
        else return ostep_error(in, 2, err, "expected \"ARG seed N\" after a leading blank "
                                "line (that is how relocation.py output starts)");
    } else if (starts_with(l0, "ARG seed ")) {
        if (starts_with(l1, "ARG allocated ")) *kind = MMU_OSTEP_PAGING_MULTILEVEL;
        else if (!starts_with(l1, "ARG address space size "))
            return ostep_error(in, 2, err, "after \"ARG seed\", expected \"ARG address space "
                               "size\" (segmentation, paging-linear) or \"ARG allocated\" "
                               "(paging-multilevel)");
        else if (starts_with(l3, "ARG page size ")) *kind = MMU_OSTEP_PAGING_LINEAR;
        else *kind = MMU_OSTEP_SEGMENTATION;
    } else if (starts_with(l0, "ARG addresses ")) {
        *kind = MMU_OSTEP_PAGING_POLICY;
    } else if (starts_with(l0, "seed ")) {
        *kind = MMU_OSTEP_MALLOC;
    } else {
        return ostep_error(in, 1, err, "not the output of a known OSTEP simulator: expected "
                           "\"ARG seed N\", \"ARG addresses ...\", \"seed N\" or a blank line "
                           "(relocation.py), found " QUOTE, QARG(l0));
    }
    return 0;
}

static int run_solver(mmu_ostep_kind kind, const ostep_input *in, ostep_out *o, mmu_error *err)
{
    switch (kind) {
    case MMU_OSTEP_RELOCATION: return ostep_solve_relocation(in, o, err);
    case MMU_OSTEP_SEGMENTATION: return ostep_solve_segmentation(in, o, err);
    case MMU_OSTEP_PAGING_LINEAR: return ostep_solve_paging_linear(in, o, err);
    case MMU_OSTEP_PAGING_MULTILEVEL: return ostep_solve_paging_multilevel(in, o, err);
    case MMU_OSTEP_PAGING_POLICY: return ostep_solve_paging_policy(in, o, err);
    case MMU_OSTEP_MALLOC: return ostep_solve_malloc(in, o, err);
    default: return ostep_error(in, 0, err, "unknown simulator");
    }
}

/* Split a private copy of the text at '\n'. A final newline does not start
 * another line; a NUL byte is refused (lines are C strings). */
static int split_lines(const char *text, size_t len, ostep_input *in, char **copy,
                       mmu_error *err)
{
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        size_t line = 1;
        for (const char *p = text; p < nul; p++) line += (*p == '\n');
        return ostep_error(in, line, err, "NUL byte in the input: expected text");
    }
    size_t count = 0;
    for (size_t k = 0; k < len; k++) count += (text[k] == '\n');
    if (len && text[len - 1] != '\n') count++;
    *copy = malloc(len + 1);
    in->line = malloc((count ? count : 1) * sizeof *in->line);
    if (!*copy || !in->line) abort();   /* out of memory, as in ostep_util.c */
    memcpy(*copy, text, len);
    (*copy)[len] = '\0';
    char *p = *copy;
    for (size_t n = 0; n < count; n++) {
        in->line[n] = p;
        char *nl = strchr(p, '\n');
        if (nl) { *nl = '\0'; p = nl + 1; }
    }
    in->count = count;
    return 0;
}

/* A simulator that crashed leaves a Python traceback (when its stderr went
 * into the file too): name the error instead of failing on the next line. */
static int find_traceback(const ostep_input *in, mmu_error *err)
{
    for (size_t i = 0; i < in->count; i++) {
        if (strncmp(in->line[i], "Traceback (most recent call last):", 34) != 0) continue;
        const char *last = in->line[i];
        for (size_t k = i + 1; k < in->count; k++)
            if (in->line[k][0] && in->line[k][0] != ' ') { last = in->line[k]; break; }
        return ostep_error(in, i + 1, err, "the simulator crashed here with a Python error (" QUOTE "): "
                           "its output stops before the problem is complete, so there is nothing to "
                           "solve; run it again with valid options", QARG(last));
    }
    return 0;
}

int mmu_ostep_solve(const char *text, size_t len, const char *filename,
                    char **out, mmu_ostep_kind *kind, mmu_error *err)
{
    ostep_input in = { filename, NULL, 0 };
    ostep_out o = { NULL, 0, 0 };
    char *copy = NULL;
    mmu_ostep_kind k = MMU_OSTEP_UNKNOWN;
    *out = NULL;
    if (kind) *kind = MMU_OSTEP_UNKNOWN;
    if (!text) len = 0;
    int rc = split_lines(text ? text : "", len, &in, &copy, err);
    if (rc == 0) rc = find_traceback(&in, err);
    if (rc == 0) rc = recognise(&in, &k, err);
    if (rc == 0) rc = run_solver(k, &in, &o, err);
    if (rc != 0 && err && in.count && strstr(err->msg, "but the file ends")) {
        /* Say in words what a file that stops early usually means. */
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n, " (the file stops after line %zu: the output is cut short; "
                 "did the simulator stop with a Python error? Its traceback goes to the terminal, not into "
                 "the file: run it again with valid options)", in.count);
    }
    free(in.line);
    free(copy);
    if (rc != 0) {
        free(o.buf);
        return -1;
    }
    if (!o.buf) ostep_puts(&o, "");   /* an empty answer is still a string */
    *out = o.buf;
    if (kind) *kind = k;
    return 0;
}

const char *mmu_ostep_kind_name(mmu_ostep_kind k)
{
    switch (k) {
    case MMU_OSTEP_RELOCATION: return "relocation";
    case MMU_OSTEP_SEGMENTATION: return "segmentation";
    case MMU_OSTEP_PAGING_LINEAR: return "paging-linear";
    case MMU_OSTEP_PAGING_MULTILEVEL: return "paging-multilevel";
    case MMU_OSTEP_PAGING_POLICY: return "paging-policy";
    case MMU_OSTEP_MALLOC: return "malloc";
    default: return "unknown";
    }
}

/* ------------------------------------------------- shared line formats */

int ostep_expect_final(const ostep_input *in, size_t *i, ostep_out *o,
                       const char *const *lines, size_t n, mmu_error *err)
{
    if (ostep_expect_lines(in, i, lines, n, err)) return -1;
    for (size_t k = 0; k < n; k++) ostep_printf(o, "%s\n", lines[k]);
    return ostep_expect_end(in, *i, err);
}

int ostep_read_numbered_va(const ostep_input *in, size_t *i, int64_t index, int64_t *va,
                           size_t *prefix_len, const char **rest, mmu_error *err)
{
    const char *l = ostep_line(in, *i);
    int64_t n, hex, dec;
    const char *tail;
    if (!l || ostep_scan(l, "  VA %d: 0x%x (decimal: %d) --> %s", &n, &hex, &dec, &tail))
        return ostep_error(in, *i + 1, err, "expected \"  VA %2lld: 0x... (decimal: ...) --> ...\", "
                           "%s", (long long)index, l ? "found something else" : "but the file ends");
    char want[96], h[32];
    int len = snprintf(want, sizeof want, "  VA %2lld: 0x%s (decimal: %4lld) --> ", (long long)index,
                       ostep_py_hex(h, sizeof h, 8, hex), (long long)hex);
    if (n != index || hex != dec || strncmp(l, want, (size_t)len) != 0)
        return ostep_error(in, *i + 1, err, "expected " QUOTE "..., as the simulator prints "
                           "address number %lld (its hex and decimal must agree)", QARG(want),
                           (long long)index);
    *va = hex;
    *prefix_len = (size_t)len;
    *rest = tail;
    (*i)++;
    return 0;
}
