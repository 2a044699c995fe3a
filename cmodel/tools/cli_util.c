/* cli_util.c — error reporting and file helpers for mmu-ref. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

char *cli_read_file(const char *path, size_t *len, size_t max, mmu_error *err)
{
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (fp == stdin) path = "<stdin>";
    if (!fp) {
        mmu_fail(err, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (fp != stdin) fclose(fp);
        mmu_fail(err, path, 0, "is a directory: expected a file");
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int too_big = 0;
    while (buf) {
        if (n + 1 >= cap) {
            if (cap > max) { too_big = 1; break; }
            char *b = realloc(buf, cap * 2);
            if (!b) { free(buf); buf = NULL; break; }
            buf = b;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) break;
        if (n > max) { too_big = 1; break; }
    }
    int e = errno, failed = !buf || ferror(fp);
    if (fp != stdin) fclose(fp);
    if (too_big) {
        free(buf);
        mmu_fail(err, path, 0, "more than %zu MiB: too long for this input (endless input such as /dev/zero?)",
                 max >> 20);
        return NULL;
    }
    if (failed) {
        free(buf);
        mmu_fail(err, path, 0, "cannot read: %s", buf ? strerror(e) : "out of memory");
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int cli_check_output(const char *path, mmu_error *err)
{
    struct stat st;
    if (!*path) return mmu_fail(err, NULL, 0, "empty output file name");
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return mmu_fail(err, path, 0, "cannot write: is a directory");
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *fp = fopen(tmp, "wb");
    if (!fp) return mmu_fail(err, path, 0, "cannot write: %s", strerror(errno));
    fclose(fp);
    remove(tmp);
    return 0;
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
