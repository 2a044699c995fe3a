/* mmu_ostep.h — solve OSTEP virtual-memory homework problems.
 *
 * The input is the text one of the OSTEP homework simulators printed
 * (relocation.py, segmentation.py, paging-linear-translate.py,
 * paging-multilevel-translate.py, paging-policy.py, malloc.py), with or without
 * its answers; the output is, byte for byte, what that simulator prints with -c
 * for the same arguments. docs/ostep.md lists what is read from the input.
 */
#ifndef MMU_OSTEP_H
#define MMU_OSTEP_H

#include <stddef.h>
#include "mmu_error.h"

typedef enum {
    MMU_OSTEP_UNKNOWN = 0,
    MMU_OSTEP_RELOCATION,
    MMU_OSTEP_SEGMENTATION,
    MMU_OSTEP_PAGING_LINEAR,
    MMU_OSTEP_PAGING_MULTILEVEL,
    MMU_OSTEP_PAGING_POLICY,
    MMU_OSTEP_MALLOC
} mmu_ostep_kind;

/* Solve the problem in text[0..len) (filename is used in error messages).
 * On success *out is a malloc'd NUL-terminated answer (caller frees), *kind
 * says which simulator it was, and 0 is returned. On error nothing is
 * allocated and err names the line and what was expected. */
int mmu_ostep_solve(const char *text, size_t len, const char *filename,
                    char **out, mmu_ostep_kind *kind, mmu_error *err);

const char *mmu_ostep_kind_name(mmu_ostep_kind k);   /* "relocation", ... */

#endif
