/* mmu-ref — the reference model on the command line.
 *
 *   mmu-ref translate [options] SCENARIO [ACCESS...]   translations or faults
 *   mmu-ref explain   [options] SCENARIO [ACCESS...]   the same, step by step
 *   mmu-ref ostep FILE                                 solve OSTEP homework output
 *   mmu-ref profile [--list | NAME | --verilog NAME [-o FILE]]
 *   mmu-ref gen KIND [options] [-o FILE]               synthetic traces
 *   mmu-ref run --trace FILE [options]                 a trace through TLB + OS model
 *   mmu-ref vectors --profile NAME [options] -o FILE   per-cycle vectors for Icarus
 *
 * Only this file prints and chooses exit codes: 0 success, 1 bad input,
 * 2 bad usage. The libraries return errors as values (mmu_error). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_command COMMANDS[] = {
    {"translate", "translate addresses of a scenario (PA or fault per access)", cmd_translate},
    {"explain", "translate and print each textbook step", cmd_explain},
    {"ostep", "solve an OSTEP homework simulator's problem exactly as its -c prints it", cmd_ostep},
    {"profile", "list, show, or turn a profile into the RTL's Verilog header", cmd_profile},
    {"run", "run a trace through TLB, walker and OS (faults, swap, COW); counts and JSON", cmd_run},
    {"vectors", "write per-cycle vectors (inputs + expected outputs) for the Icarus replay", cmd_vectors},
    {"gen", "write a seeded synthetic trace (seq, stride, random, loop, wset, multi, cow, heap)", cmd_gen},
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void usage(FILE *f)
{
    fprintf(f, "usage: mmu-ref COMMAND [options] ...   (mmu-ref COMMAND --help for each)\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++) fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\nprofiles are read from %s (set MMU_PROFILE_DIR to change)\n", mmu_profile_dir());
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], COMMANDS[i].name)) return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "mmu-ref: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
