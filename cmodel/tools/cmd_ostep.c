/* cmd_ostep.c — `mmu-ref ostep FILE`: print what the OSTEP simulator prints with -c. */
#include "cli.h"
#include "mmu_ostep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The simulators print a few KB; malloc.py with -n 100000 about 10 MB. */
#define OSTEP_MAX_INPUT ((size_t)64 << 20)

static void help(FILE *f)
{
    fprintf(f,
        "usage: mmu-ref ostep [--kind] FILE\n\n"
        "FILE is the text an OSTEP homework simulator printed (relocation.py, segmentation.py,\n"
        "paging-linear-translate.py, paging-multilevel-translate.py, paging-policy.py or\n"
        "malloc.py), with or without its answers; '-' reads standard input. Prints, byte for\n"
        "byte, what that simulator prints with -c for the same arguments (docs/ostep.md).\n\n"
        "  --kind   print only which simulator the file came from\n"
        "  --help   this text\n");
}

int cmd_ostep(int argc, char **argv)
{
    const char *path = NULL;
    int kind_only = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { help(stdout); return 0; }
        if (!strcmp(argv[i], "--kind")) { kind_only = 1; continue; }
        if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error("ostep", "unknown option '%s'", argv[i]);
        if (path) return cli_usage_error("ostep", "one FILE at a time (got '%s' and '%s')", path, argv[i]);
        path = argv[i];
    }
    if (!path) return cli_usage_error("ostep", "missing FILE");
    mmu_error err;
    size_t len;
    char *text = cli_read_file(path, &len, OSTEP_MAX_INPUT, &err);
    if (!text) return cli_report(&err);
    char *answer = NULL;
    mmu_ostep_kind kind;
    int rc = mmu_ostep_solve(text, len, strcmp(path, "-") ? path : "<stdin>", &answer, &kind, &err);
    free(text);
    if (rc) return cli_report(&err);
    if (kind_only) printf("%s\n", mmu_ostep_kind_name(kind));
    else fputs(answer, stdout);
    free(answer);
    return fflush(stdout) ? CLI_BAD_INPUT : CLI_OK;
}
