/* config.c — env configuration: defaults, the latency-model and knob parsers,
 * mode names and the CONFIG0/CONFIG1 values an RTL elaborated with a profile must report. */
#include "env_internal.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- knobs --------------------------------------------------------------------------- */
typedef struct {
    const char *name;
    size_t off;
    unsigned def;
    const char *help;
} knob_desc;

#define K(n, d, h) { #n, offsetof(mmu_env_knobs, n), d, h }
static const knob_desc knobs[] = {
    K(req, 850, "new request in a cycle the request port is free"),
    K(locality, 800, "reuse a recently used page (TLB hits)"),
    K(unmapped, 60, "VA in no mapping"),
    K(noncanonical, 15, "VA outside the address space"),
    K(user, 400, "user privilege (else supervisor)"),
    K(invalid_pte, 40, "V=0 PTE (leaf or pointer)"),
    K(reserved, 30, "reserved encoding or bits"),
    K(misaligned, 40, "superpage leaf with low PPN bits set"),
    K(no_ad, 300, "A and/or D clear in a leaf"),
    K(perm, 250, "random R/W/X/U on a leaf"),
    K(superpage, 250, "leaf above level 0"),
    K(bus_error, 20, "pointer / table beyond memory"),
    K(wp, 40, "leaf in the CAS-write-protected region"),
    K(hybrid_bound, 100, "segment/hybrid accesses beyond the bound"),
    K(flush, 8, "SFENCE variant"),
    K(ctx_switch, 4, "ASID + PTBASE switch"),
    K(status, 5, "SUM/MXR/ADUE write"),
    K(mutate, 8, "env writes a PTE (remap, clear A/D, invalidate, map)"),
    K(mode_switch, 1, "translation mode change (with --mode mixed)"),
    K(seg_write, 2, "segment register rewrite"),
    K(ctr_clear, 1, "performance counter clear"),
    K(cas_race, 150, "env changes the PTE before an A/D CAS lands"),
};
#undef K
#define NKNOBS (sizeof knobs / sizeof knobs[0])

const char *const *mmu_env_knob_names(void)
{
    static const char *names[NKNOBS + 1];
    if (!names[0])
        for (size_t i = 0; i < NKNOBS; i++) names[i] = knobs[i].name;
    return names;
}

int mmu_env_set_knob(mmu_env_config *c, const char *s, mmu_error *err)
{
    const char *eq = strchr(s, '=');
    if (!eq) return mmu_fail(err, "", 0, "knob '%s': expected NAME=VALUE (per mille, 0..1000)", s);
    for (size_t i = 0; i < NKNOBS; i++) {
        if (strlen(knobs[i].name) != (size_t)(eq - s) || strncmp(knobs[i].name, s, (size_t)(eq - s))) continue;
        char *end;
        errno = 0;
        unsigned long v = strtoul(eq + 1, &end, 10);
        if (errno || end == eq + 1 || *end || v > 1000)
            return mmu_fail(err, "", 0, "knob %s: expected a number 0..1000 (per mille), got '%s'",
                            knobs[i].name, eq + 1);
        *(unsigned *)((char *)&c->knobs + knobs[i].off) = (unsigned)v;
        return 0;
    }
    return mmu_fail(err, "", 0, "unknown knob '%.*s' (mmu-cosim --help lists them)", (int)(eq - s), s);
}

void mmu_env_config_defaults(mmu_env_config *c)
{
    memset(c, 0, sizeof *c);
    c->seed = 1;
    c->lat.kind = MMU_LAT_FIXED;
    c->lat.a = 2;
    c->lat.b = 2;
    c->mode = MMU_ENV_MODE_MIXED;
    snprintf(c->stimulus, sizeof c->stimulus, "random");
    for (size_t i = 0; i < NKNOBS; i++)
        *(unsigned *)((char *)&c->knobs + knobs[i].off) = knobs[i].def;
    c->history = 64;
    c->arch_check = true;
    c->hang_cycles = 20000;
    c->reg_write_gap = 1;
}

/* ---- latency models ------------------------------------------------------------------ */
static int parse_uns(const char **s, unsigned *v)
{
    char *end;
    errno = 0;
    if (**s < '0' || **s > '9') return -1;
    unsigned long x = strtoul(*s, &end, 10);
    if (errno || x > 1000000) return -1;
    *v = (unsigned)x;
    *s = end;
    return 0;
}

int mmu_env_parse_mem_latency(const char *s, mmu_env_config *c, mmu_error *err)
{
    mmu_lat_model m = {0};
    const char *p;
    if (!strncmp(s, "fixed:", 6)) {
        p = s + 6;
        m.kind = MMU_LAT_FIXED;
        if (parse_uns(&p, &m.a) || *p || m.a < 1 || m.a > 10000)
            return mmu_fail(err, "", 0, "--mem-latency '%s': expected fixed:N with N from 1 to 10000", s);
        m.b = m.a;
    } else if (!strncmp(s, "random:", 7)) {
        p = s + 7;
        m.kind = MMU_LAT_RANDOM;
        if (parse_uns(&p, &m.a) || *p++ != '-' || parse_uns(&p, &m.b) || *p || m.a < 1 || m.b < m.a || m.b > 10000)
            return mmu_fail(err, "", 0, "--mem-latency '%s': expected random:MIN-MAX with 1 <= MIN <= MAX <= 10000", s);
    } else if (!strcmp(s, "burst") || !strncmp(s, "burst:", 6)) {
        m.kind = MMU_LAT_BURST;
        m.bp_pct = 20; m.bp_len = 12; m.stall_pct = 5; m.stall_max = 200;
        if (s[5] == ':') {
            p = s + 6;
            if (parse_uns(&p, &m.bp_pct) || *p++ != ',' || parse_uns(&p, &m.bp_len) || *p++ != ',' ||
                parse_uns(&p, &m.stall_pct) || *p++ != ',' || parse_uns(&p, &m.stall_max) || *p ||
                m.bp_pct > 100 || m.stall_pct > 100 || m.bp_len < 1 || m.bp_len > 10000 ||
                m.stall_max < 5 || m.stall_max > 10000)
                return mmu_fail(err, "", 0, "--mem-latency '%s': expected burst or burst:P,L,S,M "
                                "(P%%, S%% 0..100; L 1..10000; M 5..10000)", s);
        }
        m.a = 1;
        m.b = 4;
    } else {
        return mmu_fail(err, "", 0, "--mem-latency '%s': expected fixed:N, random:MIN-MAX or burst[:P,L,S,M]", s);
    }
    c->lat = m;
    return 0;
}

int mmu_env_parse_mode(const char *s, int *mode, mmu_error *err)
{
    static const struct { const char *n; int m; } t[] = {
        {"bare", MMU_MODE_BARE}, {"base-bounds", MMU_MODE_BASE_BOUNDS}, {"bb", MMU_MODE_BASE_BOUNDS},
        {"segmentation", MMU_MODE_SEGMENTATION}, {"seg", MMU_MODE_SEGMENTATION},
        {"paging", MMU_MODE_PAGING}, {"hybrid", MMU_MODE_HYBRID}, {"mixed", MMU_ENV_MODE_MIXED},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(s, t[i].n)) { *mode = t[i].m; return 0; }
    return mmu_fail(err, "", 0, "--mode '%s': expected bare, base-bounds, segmentation, paging, hybrid or mixed", s);
}

/* ---- CONFIG registers ------------------------------------------------------------------ */
static unsigned clog2(unsigned v)
{
    unsigned r = 0;
    while ((1u << r) < v) r++;
    return r;
}

void mmu_env_expected_config(const mmu_profile *p, uint64_t *c0, uint64_t *c1)
{
    *c0 = ((uint64_t)(p->pte_format & 0xf) << 60) | ((uint64_t)(p->tlb_repl & 0xf) << 56) |
          ((uint64_t)(p->tlb_ways & 0xff) << 48) | ((uint64_t)(clog2(p->tlb_sets) & 0xff) << 40) |
          ((uint64_t)(p->vpn_bits & 0xff) << 32) | ((uint64_t)(p->levels & 0xff) << 24) |
          ((uint64_t)(p->page_shift & 0xff) << 16) | ((uint64_t)(p->pa_bits & 0xff) << 8) |
          (uint64_t)(p->va_bits & 0xff);
    *c1 = ((uint64_t)(p->counters & 0xff) << 56) | ((uint64_t)(p->flush_exact ? 1 : 0) << 52) |
          ((uint64_t)(p->hit_stages == 2 ? 1 : 0) << 53) | ((uint64_t)(p->id_bits ? 1 : 0) << 54) |
          ((uint64_t)(p->pwc_entries ? 1 : 0) << 55) |
          ((uint64_t)(p->svadu ? 1 : 0) << 51) | ((uint64_t)(p->segmentation ? 1 : 0) << 50) |
          ((uint64_t)(p->superpages ? 1 : 0) << 49) |
          ((uint64_t)(p->va_sign_extend ? 1 : 0) << 48) | ((uint64_t)(p->pte_bytes & 0xff) << 40) |
          ((uint64_t)(p->seg_count & 0xff) << 32) | ((uint64_t)(p->seg_sel_bits & 0xff) << 24) |
          ((uint64_t)(p->asid_bits & 0xff) << 16) | ((uint64_t)(p->ppn_bits & 0xff) << 8) |
          (uint64_t)(p->va_port_bits & 0xff);
}
