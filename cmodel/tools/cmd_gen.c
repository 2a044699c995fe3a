/* cmd_gen.c — `mmu-ref gen`: write a seeded synthetic trace (docs/traces.md). */
#include "cli.h"
#include "mmu_scenario.h"
#include "mmu_tracegen.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_COUNT 20000000ull   /* the trace is built in memory before an atomic write */

/* One row per option: the config field it sets and the kinds that read it
 * (opt 0: every kind). */
static const struct {
    const char *name, *arg, *help;
    unsigned opt;
    size_t offset;
    bool narrow;                 /* an unsigned field rather than uint64_t */
} OPTS[] = {
    {"--seed", "N", "PRNG seed: the same seed gives the same trace", 0, offsetof(mmu_gen_config, seed), false},
    {"--count", "N", "accesses to generate (fetches included; OS events on top)", 0,
     offsetof(mmu_gen_config, count), false},
    {"--va-bits", "N", "address space of 2^N bytes (12..48): code at 0, heap at 2^N/4, stack at the top",
     0, offsetof(mmu_gen_config, va_bits), true},
    {"--page", "BYTES", "page size: segment alignment, cow/heap granularity", 0, offsetof(mmu_gen_config, page), false},
    {"--span", "BYTES", "heap bytes the data accesses range over", MMU_GEN_OPT_SPAN, offsetof(mmu_gen_config, span), false},
    {"--size", "BYTES", "bytes per data access (power of two, aligned)", MMU_GEN_OPT_SIZE,
     offsetof(mmu_gen_config, size), true},
    {"--stride", "BYTES", "distance between consecutive accesses", MMU_GEN_OPT_STRIDE,
     offsetof(mmu_gen_config, stride), false},
    {"--store", "PCT", "percentage of data accesses that are stores", MMU_GEN_OPT_STORE,
     offsetof(mmu_gen_config, store_pct), true},
    {"--wset", "BYTES", "working-set window", MMU_GEN_OPT_WSET, offsetof(mmu_gen_config, wset), false},
    {"--locality", "PCT", "percentage of accesses inside the window", MMU_GEN_OPT_LOCALITY,
     offsetof(mmu_gen_config, locality), true},
    {"--phase", "N", "accesses before the window moves", MMU_GEN_OPT_PHASE, offsetof(mmu_gen_config, phase), false},
    {"--procs", "N", "processes (1..64)", MMU_GEN_OPT_PROCS, offsetof(mmu_gen_config, procs), true},
    {"--quantum", "N", "accesses per time slice", MMU_GEN_OPT_QUANTUM, offsetof(mmu_gen_config, quantum), false},
    {"--grow", "BYTES", "bytes per brk", MMU_GEN_OPT_GROW, offsetof(mmu_gen_config, grow), false},
    {"--every", "N", "accesses between brks", MMU_GEN_OPT_EVERY, offsetof(mmu_gen_config, every), false},
};
#define NOPTS (sizeof OPTS / sizeof OPTS[0])

/* Print the words of text from column `used`, wrapping at 79 to indent. */
static void wrap(FILE *f, const char *text, int used, int indent)
{
    int col = used;
    while (*text) {
        int n = (int)strcspn(text, " ");
        if (col > indent && col + 1 + n > 79) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', f);
            col++;
        }
        for (int i = 0; i < n; i++) fputc(text[i] == '~' ? ' ' : text[i], f);   /* '~': a space that never breaks */
        col += n;
        text += n;
        text += strspn(text, " ");
    }
    fputc('\n', f);
}

static void help(FILE *f)
{
    fprintf(f, "usage: mmu-ref gen KIND [--seed N] [--count N] [options] [-o FILE]\n\n"
               "Write a synthetic trace in the native format (docs/traces.md) to FILE (.gz: gzip'd)\n"
               "or stdout. The same KIND, options and seed always give the same trace.\n\nkinds:\n");
    for (int k = 0; k < MMU_GEN_KIND_COUNT; k++) {
        mmu_gen_config d;
        mmu_gen_defaults((mmu_gen_kind)k, &d);
        fprintf(f, "  %-7s ", mmu_gen_kind_name((mmu_gen_kind)k));
        wrap(f, mmu_gen_kind_summary((mmu_gen_kind)k), 10, 10);
        char opts[512] = "defaults:";
        for (size_t i = 0; i < NOPTS; i++) {
            if (!OPTS[i].opt || !(mmu_gen_kind_options((mmu_gen_kind)k) & OPTS[i].opt)) continue;
            const char *field = (const char *)&d + OPTS[i].offset;
            unsigned long long v = OPTS[i].narrow ? *(const unsigned *)field : *(const uint64_t *)field;
            size_t used = strlen(opts);
            snprintf(opts + used, sizeof opts - used, " %s~%llu", OPTS[i].name, v);
        }
        fprintf(f, "%10s", "");
        wrap(f, opts, 10, 10);
    }
    fprintf(f, "\noptions (numbers: decimal with optional K/M/G, or 0x hex):\n");
    for (size_t i = 0; i < NOPTS; i++) {
        char left[40];
        snprintf(left, sizeof left, "%s %s", OPTS[i].name, OPTS[i].arg);
        char text[256];
        snprintf(text, sizeof text, "%s%s", OPTS[i].help, OPTS[i].opt ? "" : " (every kind)");
        fprintf(f, "  %-18s ", left);
        wrap(f, text, 21, 21);
    }
    fprintf(f, "  %-18s %s\n  %-18s %s\n\n", "-o FILE", "output file, written whole or not at all "
            "(default stdout)", "--help", "this text");
    fprintf(f, "Defaults: --seed 1 --count 10000 --va-bits 32 --page 4096; at most %llu accesses.\n"
               "Options a KIND does not read are refused. Sv39's user half is --va-bits 38.\n"
               "example: mmu-ref gen wset --seed 7 --count 100K --wset 32K -o ws.trace.gz\n",
            MAX_COUNT);
}

static int set_option(mmu_gen_config *c, size_t i, const char *v)
{
    uint64_t n;
    if (mmu_parse_number(v, &n))
        return cli_usage_error("gen", "%s: expected a number (decimal, K/M/G, 0x hex), got '%s'", OPTS[i].name, v);
    if (!(OPTS[i].opt == 0 || (mmu_gen_kind_options(c->kind) & OPTS[i].opt)))
        return cli_usage_error("gen", "%s does not apply to the %s generator", OPTS[i].name,
                               mmu_gen_kind_name(c->kind));
    char *field = (char *)c + OPTS[i].offset;
    if (OPTS[i].narrow) {
        if (n > 0xffffffffu) return cli_usage_error("gen", "%s: %s is too large", OPTS[i].name, v);
        *(unsigned *)field = (unsigned)n;
    } else {
        *(uint64_t *)field = n;
    }
    return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* gzip data in memory (windowBits 15 + 16 = a gzip wrapper). */
static char *gzip_buffer(const char *data, size_t len, size_t *out_len)
{
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    size_t cap = deflateBound(&z, (uLong)len) + 64;
    char *out = malloc(cap);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int rc = out ? deflate(&z, Z_FINISH) : Z_MEM_ERROR;
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    return out;
}

static int write_out(const char *path, const char *data, size_t len)
{
    mmu_error err;
    if (!ends_with(path, ".gz")) return cli_write_file_atomic(path, data, len, &err) ? cli_report(&err) : CLI_OK;
    size_t zlen;
    char *z = gzip_buffer(data, len, &zlen);
    if (!z) return cli_report(&(mmu_error){"", 0, "out of memory compressing the trace"});
    int rc = cli_write_file_atomic(path, z, zlen, &err) ? cli_report(&err) : CLI_OK;
    free(z);
    return rc;
}

static int parse_args(int argc, char **argv, mmu_gen_config *c, const char **out)
{
    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) return -1;
        return cli_usage_error("gen", "expected a KIND first (seq, stride, random, loop, wset, multi, cow, heap)");
    }
    mmu_gen_kind kind;
    if (mmu_gen_kind_parse(argv[1], &kind))
        return cli_usage_error("gen", "unknown KIND '%s': expected seq, stride, random, loop, wset, multi, cow "
                               "or heap", argv[1]);
    mmu_gen_defaults(kind, c);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) return -1;
        if (i + 1 >= argc) return cli_usage_error("gen", "%s needs a value", a);
        const char *v = argv[++i];
        if (!strcmp(a, "-o")) {
            *out = v;
            continue;
        }
        size_t k = 0;
        while (k < NOPTS && strcmp(a, OPTS[k].name)) k++;
        if (k == NOPTS) return cli_usage_error("gen", "unknown option '%s'", a);
        if (set_option(c, k, v)) return CLI_USAGE;
    }
    if (c->count > MAX_COUNT) return cli_usage_error("gen", "--count: at most %llu accesses", MAX_COUNT);
    return 0;
}

int cmd_gen(int argc, char **argv)
{
    mmu_gen_config c;
    const char *out = NULL;
    int rc = parse_args(argc, argv, &c, &out);
    if (rc < 0) {
        help(stdout);
        return CLI_OK;
    }
    if (rc) return rc;
    mmu_error err;
    if (mmu_gen_check(&c, &err)) return cli_usage_error("gen", "%s", err.msg);
    if (!out || !strcmp(out, "-")) return mmu_gen_write(&c, stdout, &err) ? cli_report(&err) : CLI_OK;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) return cli_report(&(mmu_error){"", 0, "out of memory"});
    rc = mmu_gen_write(&c, mem, &err);
    fclose(mem);
    rc = rc ? cli_report(&err) : write_out(out, buf, len);
    free(buf);
    return rc;
}
