/* cli_util.c — error reporting and file helpers for mmu-ref. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_report(const mmu_error *err)
{
    char buf[1024];
    fprintf(stderr, "mmu-ref: %s\n", mmu_error_format(err, buf, sizeof buf));
    return CLI_BAD_INPUT;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "mmu-ref %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(mmu-ref %s --help shows the usage)\n", cmd);
    return CLI_USAGE;
}

char *cli_read_file(const char *path, size_t *len, mmu_error *err)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!fp) {
        mmu_fail(err, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) { free(buf); buf = NULL; break; }
            buf = b;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) break;
    }
    int failed = !buf || ferror(fp);
    if (fp != stdin) fclose(fp);
    if (failed) {
        free(buf);
        mmu_fail(err, path, 0, "cannot read: %s", buf ? strerror(errno) : "out of memory");
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int cli_write_file_atomic(const char *path, const char *data, size_t len, mmu_error *err)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *fp = fopen(tmp, "wb");
    if (!fp) return mmu_fail(err, path, 0, "cannot write: %s", strerror(errno));
    int bad = fwrite(data, 1, len, fp) != len;
    bad |= fclose(fp) != 0;
    if (bad || rename(tmp, path)) {
        int e = errno;
        remove(tmp);
        return mmu_fail(err, path, 0, "cannot write: %s", strerror(e));
    }
    return 0;
}
