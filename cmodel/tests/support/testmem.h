/* testmem.h — a small sparse physical memory for arch-level tests, with the
 * fault injection the walker tests need: bus errors on a read or on a
 * compare-and-swap at a given address, "another hart" changing a PTE just
 * before the walker's CAS, and counters of every CAS and every real write.
 * Little-endian; unwritten bytes read as zero; addresses >= limit are bus
 * errors. Test-only (aborts on out-of-memory). */
#ifndef MMU_TEST_TESTMEM_H
#define MMU_TEST_TESTMEM_H
#include <stdint.h>
#include "mmu_arch.h"

typedef struct testmem testmem;

testmem *tm_new(uint64_t limit);
void tm_free(testmem *m);
mmu_mem tm_mem(testmem *m);

/* Direct access (no counters, no injection). */
void tm_put(testmem *m, uint64_t pa, unsigned bytes, uint64_t val);
uint64_t tm_get(const testmem *m, uint64_t pa, unsigned bytes);

/* Injection: reads at pa fail; CAS at pa fails; before each of the next
 * `times` CAS at pa, memory at pa becomes `val` (the CAS then sees it). */
void tm_fail_read_at(testmem *m, uint64_t pa);
void tm_fail_cas_at(testmem *m, uint64_t pa);
void tm_race_at(testmem *m, uint64_t pa, uint64_t val, unsigned times);
/* Before the k-th of the next n CAS at pa (n <= 8), memory becomes vals[k]. */
void tm_race_seq(testmem *m, uint64_t pa, const uint64_t *vals, unsigned n);

unsigned tm_reads(const testmem *m);      /* read calls, successful or not     */
unsigned tm_cas_calls(const testmem *m);  /* CAS calls, successful or not      */
unsigned tm_writes(const testmem *m);     /* CAS calls that stored a value     */

/* RISC-V page tables (riscv PTE format; root and frames are PPNs). */
/* PTE from a PPN and flag letters among "vrwxugad". */
uint64_t tm_rv_pte(uint64_t ppn, const char *flags);
/* Write pte at `level` of va's walk from frame root, creating V-only pointer
 * PTEs on the way down (frames from *next_ppn) where there is no valid
 * pointer. VPNs are computed here, independently of the model. Returns the
 * PTE's address. */
uint64_t tm_map(testmem *m, const mmu_profile *p, uint64_t root, uint64_t va, int level,
                uint64_t pte, uint64_t *next_ppn);
/* Address of va's PTE at level (the path above it must exist). */
uint64_t tm_pte_addr(const testmem *m, const mmu_profile *p, uint64_t root, uint64_t va, int level);
#endif
