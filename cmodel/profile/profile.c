/* profile.c — read rtl/profiles/NAME.profile (format in docs/profiles.md) and
 * write the Verilog header the RTL build includes. One parser for both, so the
 * C model and the RTL cannot disagree about the geometry. */
#include "mmu_profile.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MMU_PROFILE_DIR_DEFAULT
#define MMU_PROFILE_DIR_DEFAULT "rtl/profiles"
#endif

typedef enum { K_UINT, K_BOOL, K_FORMAT, K_REPL, K_TEXT } key_kind;

typedef struct {
    const char *key;
    key_kind kind;
    size_t offset;     /* into mmu_profile */
    unsigned min, max; /* for K_UINT */
    int required;
} key_desc;

#define F(field) offsetof(mmu_profile, field)
static const key_desc KEYS[] = {
    {"description", K_TEXT, F(description), 0, 0, 0},
    {"va_bits", K_UINT, F(va_bits), 4, 64, 1},
    {"va_port_bits", K_UINT, F(va_port_bits), 4, 64, 1},
    {"va_sign_extend", K_BOOL, F(va_sign_extend), 0, 1, 1},
    {"pa_bits", K_UINT, F(pa_bits), 4, 56, 1},
    {"page_shift", K_UINT, F(page_shift), 2, 30, 1},
    {"levels", K_UINT, F(levels), 1, MMU_MAX_LEVELS, 1},
    {"vpn_bits", K_UINT, F(vpn_bits), 1, 20, 1},
    {"pte_format", K_FORMAT, F(pte_format), 0, 0, 1},
    {"pte_bytes", K_UINT, F(pte_bytes), 1, 8, 1},
    {"ppn_bits", K_UINT, F(ppn_bits), 1, 44, 1},
    {"asid_bits", K_UINT, F(asid_bits), 0, 16, 1},
    {"superpages", K_BOOL, F(superpages), 0, 1, 1},
    {"seg_sel_bits", K_UINT, F(seg_sel_bits), 0, 4, 1},
    {"seg_count", K_UINT, F(seg_count), 1, MMU_MAX_SEGMENTS, 1},
    {"tlb_sets", K_UINT, F(tlb_sets), 1, 1024, 1},
    {"tlb_ways", K_UINT, F(tlb_ways), 1, 16, 1},
    {"tlb_repl", K_REPL, F(tlb_repl), 0, 0, 1},
    /* optional features (defaults set in mmu_profile_load) */
    {"segmentation", K_BOOL, F(segmentation), 0, 1, 0},
    {"svadu", K_BOOL, F(svadu), 0, 1, 0},
    {"flush_exact", K_BOOL, F(flush_exact), 0, 1, 0},
    {"counters", K_UINT, F(counters), 0, 64, 0},
    {"hit_stages", K_UINT, F(hit_stages), 1, 2, 0},
    {"isolate", K_BOOL, F(isolate), 0, 1, 0},
    {"pwc_entries", K_UINT, F(pwc_entries), 0, 16, 0},
    {"id_bits", K_UINT, F(id_bits), 0, 8, 0},
};
#undef F
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static int parse_uint(const char *s, unsigned long *out)
{
    if (!*s || *s == '-' || *s == '+') return -1;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

static int set_key(const key_desc *k, char *value, mmu_profile *p,
                   const char *file, int line, mmu_error *err)
{
    void *field = (char *)p + k->offset;
    unsigned long v;
    switch (k->kind) {
    case K_TEXT:
        snprintf((char *)field, sizeof p->description, "%s", value);
        return 0;
    case K_UINT:
        if (parse_uint(value, &v) || v < k->min || v > k->max)
            return mmu_fail(err, file, line, "%s: expected an integer %u..%u, got '%s'",
                            k->key, k->min, k->max, value);
        *(unsigned *)field = (unsigned)v;
        return 0;
    case K_BOOL:
        if (parse_uint(value, &v) || v > 1)
            return mmu_fail(err, file, line, "%s: expected 0 or 1, got '%s'", k->key, value);
        *(int *)field = (int)v;
        return 0;
    case K_FORMAT:
        for (int f = 0; f <= MMU_PTE_OSTEP_SMALL; f++)
            if (!strcmp(value, mmu_pte_format_name((mmu_pte_format)f))) {
                *(mmu_pte_format *)field = (mmu_pte_format)f;
                return 0;
            }
        return mmu_fail(err, file, line,
                        "pte_format: expected riscv, ostep-linear or ostep-small, got '%s'", value);
    case K_REPL:
        if (mmu_repl_parse(value, (mmu_repl *)field))
            return mmu_fail(err, file, line,
                            "tlb_repl: expected lru, plru, fifo or random, got '%s'", value);
        return 0;
    }
    return -1;
}

static int is_pow2(unsigned v) { return v && !(v & (v - 1)); }

int mmu_profile_validate(const mmu_profile *p, mmu_error *err)
{
    const char *f = p->path;
#define BAD(...) return mmu_fail(err, f, 0, __VA_ARGS__)
    if (p->va_port_bits < p->va_bits) BAD("va_port_bits (%u) must be >= va_bits (%u)", p->va_port_bits, p->va_bits);
    if (p->page_shift + p->levels * p->vpn_bits != p->va_bits)
        BAD("page_shift + levels * vpn_bits = %u, but va_bits = %u: the levels must cover the VA exactly",
            p->page_shift + p->levels * p->vpn_bits, p->va_bits);
    if (p->ppn_bits + p->page_shift != p->pa_bits)
        BAD("ppn_bits + page_shift = %u, but pa_bits = %u: a PPN must name exactly the physical frames",
            p->ppn_bits + p->page_shift, p->pa_bits);
    if (p->seg_sel_bits >= p->va_bits) BAD("seg_sel_bits (%u) must be < va_bits (%u)", p->seg_sel_bits, p->va_bits);
    if (p->seg_count > (1u << p->seg_sel_bits))
        BAD("seg_count (%u) exceeds the %u segments seg_sel_bits = %u can select",
            p->seg_count, 1u << p->seg_sel_bits, p->seg_sel_bits);
    if (!is_pow2(p->tlb_sets)) BAD("tlb_sets (%u) must be a power of two", p->tlb_sets);
    if (!is_pow2(p->pte_bytes)) BAD("pte_bytes (%u) must be 1, 2, 4 or 8", p->pte_bytes);
    if (p->tlb_repl == MMU_REPL_PLRU && !is_pow2(p->tlb_ways))
        BAD("tlb_repl = plru needs tlb_ways a power of two (got %u)", p->tlb_ways);
    switch (p->pte_format) {
    case MMU_PTE_RISCV:
        if (p->pte_bytes != 4 && p->pte_bytes != 8) BAD("riscv PTEs are 4 (Sv32) or 8 (Sv39) bytes");
        if (10 + p->ppn_bits > 8 * p->pte_bytes) BAD("ppn_bits (%u) do not fit a %u-byte riscv PTE", p->ppn_bits, p->pte_bytes);
        if (p->page_shift != 12) BAD("riscv PTEs need page_shift = 12");
        break;
    case MMU_PTE_OSTEP_LINEAR:
        if (p->pte_bytes != 4) BAD("ostep-linear PTEs are 4 bytes");
        if (p->levels != 1) BAD("ostep-linear is a one-level (linear) table: levels must be 1");
        if (p->ppn_bits > 26) BAD("ostep-linear PFN must fit bits 25:0 (ppn_bits <= 26)");
        if (p->superpages) BAD("ostep-linear has no superpages");
        break;
    case MMU_PTE_OSTEP_SMALL:
        if (p->pte_bytes != 1) BAD("ostep-small entries are 1 byte");
        if (p->ppn_bits > 7) BAD("ostep-small PFN is at most 7 bits");
        if (p->superpages) BAD("ostep-small has no superpages");
        break;
    }
    if (p->va_sign_extend && p->va_port_bits == p->va_bits)
        BAD("va_sign_extend needs va_port_bits > va_bits");
    if (p->pwc_entries && (p->pwc_entries < 2 || (p->pwc_entries & (p->pwc_entries - 1))))
        BAD("pwc_entries = %u: expected 0 (no page-walk cache) or 2, 4, 8, 16", p->pwc_entries);
    if (p->pwc_entries && p->levels < 2)
        BAD("pwc_entries = %u needs levels >= 2 (a one-level table has no pointer PTEs to cache)", p->pwc_entries);
    if (p->id_bits && p->hit_stages != 1)
        BAD("id_bits = %u needs hit_stages = 1 (a hit answered through s2 would meet the walker's answer)", p->id_bits);
#undef BAD
    return 0;
}

int mmu_profile_load(const char *path, mmu_profile *out, mmu_error *err)
{
    FILE *fp = fopen(path, "r");
    if (!fp) return mmu_fail(err, path, 0, "cannot open profile: %s", strerror(errno));
    mmu_profile p;
    memset(&p, 0, sizeof p);
    snprintf(p.path, sizeof p.path, "%s", path);
    p.segmentation = 1;   /* optional keys: the full-featured defaults */
    p.svadu = 1;
    p.flush_exact = 1;
    p.counters = 32;
    p.hit_stages = 1;
    p.isolate = 1;
    int seen[NKEYS] = {0};
    char buf[512];
    int line = 0, rc = 0;
    while (!rc && fgets(buf, sizeof buf, fp)) {
        line++;
        if (!strchr(buf, '\n') && !feof(fp)) {
            rc = mmu_fail(err, path, line, "line longer than %zu characters", sizeof buf - 2);
            break;
        }
        char *hash = strchr(buf, '#');
        if (hash) *hash = '\0';
        char *s = trim(buf);
        if (!*s) continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            rc = mmu_fail(err, path, line, "expected 'key = value', got '%s'", s);
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        size_t k;
        for (k = 0; k < NKEYS && strcmp(KEYS[k].key, key); k++) {}
        if (k == NKEYS) {
            rc = mmu_fail(err, path, line, "unknown key '%s' (keys are listed in docs/profiles.md)", key);
            break;
        }
        if (seen[k]) {
            rc = mmu_fail(err, path, line, "key '%s' given twice (first on line %d)", key, seen[k]);
            break;
        }
        if (!*value) {
            rc = mmu_fail(err, path, line, "key '%s' has no value", key);
            break;
        }
        seen[k] = line;
        rc = set_key(&KEYS[k], value, &p, path, line, err);
    }
    if (!rc && ferror(fp)) rc = mmu_fail(err, path, 0, "cannot read profile: %s", strerror(errno));
    fclose(fp);
    if (rc) return rc;
    for (size_t k = 0; k < NKEYS; k++)
        if (KEYS[k].required && !seen[k])
            return mmu_fail(err, path, line + 1, "missing key '%s'", KEYS[k].key);

    /* The name is the file name without directory and .profile. */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(p.name, sizeof p.name, "%.*s", (int)strcspn(base, "."), base);
    if (mmu_profile_validate(&p, err)) return -1;
    *out = p;
    return 0;
}

int mmu_profile_mode_supported(const mmu_profile *p, unsigned mode)
{
    if (mode >= MMU_MODE_COUNT) return 0;
    if (p->segmentation) return 1;
    return mode == MMU_MODE_BARE || mode == MMU_MODE_PAGING;
}

const char *mmu_profile_dir(void)
{
    const char *env = getenv("MMU_PROFILE_DIR");
    return env && *env ? env : MMU_PROFILE_DIR_DEFAULT;
}

int mmu_profile_find(const char *name_or_path, mmu_profile *out, mmu_error *err)
{
    if (strchr(name_or_path, '/') || strstr(name_or_path, ".profile"))
        return mmu_profile_load(name_or_path, out, err);
    for (const char *c = name_or_path; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
            return mmu_fail(err, NULL, 0, "invalid profile name '%s'", name_or_path);
    char path[600];
    snprintf(path, sizeof path, "%s/%s.profile", mmu_profile_dir(), name_or_path);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return mmu_fail(err, NULL, 0, "unknown profile '%s' (no %s; `mmu-ref profile --list` shows the profiles)",
                        name_or_path, path);
    fclose(fp);
    return mmu_profile_load(path, out, err);
}

int mmu_profile_write_verilog(const mmu_profile *p, FILE *out)
{
    fprintf(out, "// Generated from %s by `mmu-ref profile --verilog %s`. Do not edit.\n", p->path, p->name);
    fprintf(out, "`ifndef MMU_PROFILE_VH\n`define MMU_PROFILE_VH\n");
    fprintf(out, "`define MMU_P_NAME \"%s\"\n", p->name);
    const struct { const char *n; unsigned v; } rows[] = {
        {"VA_BITS", p->va_bits}, {"VA_PORT_BITS", p->va_port_bits},
        {"VA_SIGN_EXTEND", (unsigned)p->va_sign_extend}, {"PA_BITS", p->pa_bits},
        {"PAGE_SHIFT", p->page_shift}, {"LEVELS", p->levels}, {"VPN_BITS", p->vpn_bits},
        {"PTE_FORMAT", (unsigned)p->pte_format}, {"PTE_BYTES", p->pte_bytes},
        {"PPN_BITS", p->ppn_bits}, {"ASID_BITS", p->asid_bits},
        {"SUPERPAGES", (unsigned)p->superpages}, {"SEG_SEL_BITS", p->seg_sel_bits},
        {"SEG_COUNT", p->seg_count}, {"TLB_SETS", p->tlb_sets}, {"TLB_WAYS", p->tlb_ways},
        {"TLB_REPL", (unsigned)p->tlb_repl}, {"SEGMENTATION", (unsigned)p->segmentation},
        {"SVADU", (unsigned)p->svadu}, {"FLUSH_EXACT", (unsigned)p->flush_exact},
        {"CTR_BITS", p->counters}, {"HIT_STAGES", p->hit_stages},
        {"ISOLATE", (unsigned)p->isolate}, {"PWC_ENTRIES", p->pwc_entries},
        {"ID_BITS", p->id_bits},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        fprintf(out, "`define MMU_P_%s %u\n", rows[i].n, rows[i].v);
    fprintf(out, "`endif\n");
    return ferror(out) ? -1 : 0;
}
