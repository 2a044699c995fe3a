/* mmu_scenario.h — a scenario: registers, physical memory and accesses, read
 * from the text format of docs/scenario.md. Used by `mmu-ref translate` and
 * `mmu-ref explain`, by tests and by the harness. */
#ifndef MMU_SCENARIO_H
#define MMU_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include "mmu_arch.h"

/* Sparse physical memory: 4 KiB chunks allocated on first write; unwritten
 * bytes read as zero; addresses >= size are bus errors. */
typedef struct mmu_sparse_mem mmu_sparse_mem;
mmu_sparse_mem *mmu_sparse_mem_new(uint64_t size);
void mmu_sparse_mem_free(mmu_sparse_mem *m);
uint64_t mmu_sparse_mem_size(const mmu_sparse_mem *m);
int mmu_sparse_mem_write(mmu_sparse_mem *m, uint64_t pa, unsigned bytes, uint64_t val);
int mmu_sparse_mem_read(mmu_sparse_mem *m, uint64_t pa, unsigned bytes, uint64_t *val);
mmu_mem mmu_sparse_mem_ops(mmu_sparse_mem *m);

typedef struct {
    mmu_access acc;
    mmu_priv priv;
    uint64_t va;
    int line;              /* scenario line it came from (0: command line) */
} mmu_scenario_access;

typedef struct {
    char profile_name[64]; /* from a `profile` line; "" if none            */
    int profile_line;
    mmu_profile profile;   /* valid once a profile is bound                 */
    mmu_regs regs;
    mmu_priv priv;         /* default privilege of accesses                 */
    mmu_sparse_mem *mem;
    mmu_scenario_access *access;
    unsigned access_count, access_cap;
} mmu_scenario;

/* Parse a scenario file. profile_override (may be NULL) is the command-line
 * profile: it must agree with a `profile` line if the file has one. */
int mmu_scenario_load(const char *path, const char *profile_override,
                      mmu_scenario *out, mmu_error *err);
void mmu_scenario_free(mmu_scenario *s);

/* Numbers as scenarios and the CLI write them: decimal, 0x hex, 0b binary,
 * optional K/M/G suffix (x1024^n). Returns 0 or -1. */
int mmu_parse_number(const char *s, uint64_t *out);

/* "[fetch:|load:|store:]VA[@user|@supervisor]" as given on the command line. */
int mmu_parse_access(const char *s, mmu_access default_acc, mmu_priv default_priv,
                     mmu_scenario_access *out);

/* Reset values of the registers (docs/translation.md). */
void mmu_regs_reset(mmu_regs *r);

#endif
