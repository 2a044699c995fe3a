/* cli.h — shared pieces of the mmu-ref subcommands (printing lives here only). */
#ifndef MMU_CLI_H
#define MMU_CLI_H

#include "mmu_arch.h"
#include "mmu_error.h"
#include "mmu_profile.h"

enum { CLI_OK = 0, CLI_BAD_INPUT = 1, CLI_USAGE = 2 };

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);   /* argv[0] is the command name */
} cli_command;

int cmd_translate(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_ostep(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_vectors(int argc, char **argv);
int cmd_gen(int argc, char **argv);

/* Print "mmu-ref: file:line: message" to stderr; returns CLI_BAD_INPUT. */
int cli_report(const mmu_error *err);
/* Print "mmu-ref CMD: message" + a hint to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Read a whole file ("-" = stdin) of at most max bytes into a malloc'd
 * NUL-terminated buffer; a directory or a longer (endless) input is an error. */
char *cli_read_file(const char *path, size_t *len, size_t max, mmu_error *err);
/* Before a long run: can path be written (not a directory, its directory
 * exists and is writable)? Creates and removes a temporary file beside it. */
int cli_check_output(const char *path, mmu_error *err);
/* Write data to path atomically (temp file + rename): never half a file. */
int cli_write_file_atomic(const char *path, const char *data, size_t len, mmu_error *err);

#endif
