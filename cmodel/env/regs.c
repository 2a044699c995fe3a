/* regs.c — the register block's write rules (docs/rtl.md "Register map"), one
 * copy for every C model of the register port: the random/directed env's
 * shadow registers, the trace env's, mmu-hil's view of the board. */
#include "mmu_env.h"
#include "mmu_scenario.h"

static uint64_t mask(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

void mmu_env_regs_reset(const mmu_profile *p, mmu_regs *r)
{
    mmu_regs_reset(r);
    r->adue = p->svadu != 0;          /* without Svadu ADUE is hardwired 0 */
}

bool mmu_env_reg_write(const mmu_profile *p, mmu_regs *r, unsigned a, uint64_t d)
{
    switch (a) {
    case MMU_ENV_REG_MODE:
        if (d < MMU_MODE_COUNT && mmu_profile_mode_supported(p, (unsigned)d)) r->mode = (mmu_mode)d;
        return true;                  /* an ignored value is still an event */
    case MMU_ENV_REG_PTBASE: r->ptbase = d & mask(p->ppn_bits); return true;
    case MMU_ENV_REG_ASID: r->asid = (uint32_t)(d & mask(p->asid_bits)); return true;
    case MMU_ENV_REG_STATUS:
        r->sum = d & 1;
        r->mxr = (d >> 1) & 1;
        r->adue = p->svadu && ((d >> 2) & 1);
        return true;
    default: break;
    }
    if ((a & 0xc0) != 0x40 || !p->segmentation) return false;   /* 0x40..0x7F: segment registers */
    unsigned i = (a >> 2) & 15;
    if (i >= p->seg_count) return true;                         /* unmapped, still an event */
    mmu_segment *s = &r->seg[i];
    if ((a & 3) == 0) s->base = d & mask(p->pa_bits);
    else if ((a & 3) == 1) s->bound = d & mask(p->va_bits + 1);
    else if ((a & 3) == 2) {
        s->valid = d & 1; s->grows_negative = (d >> 1) & 1; s->r = (d >> 2) & 1;
        s->w = (d >> 3) & 1; s->x = (d >> 4) & 1; s->user = (d >> 5) & 1;
    }
    return true;
}
