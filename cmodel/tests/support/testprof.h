/* testprof.h — profiles and registers for arch tests. */
#ifndef MMU_TEST_TESTPROF_H
#define MMU_TEST_TESTPROF_H
#include "mmu_arch.h"

/* The profile rtl/profiles/NAME.profile, loaded once and cached (through
 * mmu_profile_find, so tests see exactly what the RTL build sees). Aborts
 * the test program with a message if it cannot be loaded. */
const mmu_profile *tp_profile(const char *name);

/* Registers at their reset values (docs/translation.md) with MODE = mode. */
mmu_regs tp_regs(mmu_mode mode);

/* A segment register with the given fields. perms is a string of r, w, x, u. */
mmu_segment tp_seg(uint64_t base, uint64_t bound, const char *perms, int grows_negative);
#endif
