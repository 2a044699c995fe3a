/* testprof.c — see testprof.h. */
#include "testprof.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TP_MAX 8
static struct { char name[32]; mmu_profile p; } tp_cache[TP_MAX];
static unsigned tp_count;

const mmu_profile *tp_profile(const char *name)
{
    for (unsigned i = 0; i < tp_count; i++)
        if (strcmp(tp_cache[i].name, name) == 0) return &tp_cache[i].p;
    mmu_error err;
    memset(&err, 0, sizeof err);
    if (tp_count == TP_MAX || mmu_profile_find(name, &tp_cache[tp_count].p, &err) != 0) {
        char buf[1024];
        fprintf(stderr, "FAIL load_profile_%s: %s\n", name,
                tp_count == TP_MAX ? "too many profiles" : mmu_error_format(&err, buf, sizeof buf));
        abort();
    }
    snprintf(tp_cache[tp_count].name, sizeof tp_cache[tp_count].name, "%s", name);
    return &tp_cache[tp_count++].p;
}

mmu_regs tp_regs(mmu_mode mode)
{
    mmu_regs r;
    memset(&r, 0, sizeof r);
    r.mode = mode;
    r.adue = true;     /* reset value */
    return r;
}

mmu_segment tp_seg(uint64_t base, uint64_t bound, const char *perms, int grows_negative)
{
    mmu_segment s;
    memset(&s, 0, sizeof s);
    s.base = base;
    s.bound = bound;
    s.valid = true;
    s.grows_negative = grows_negative != 0;
    s.r = strchr(perms, 'r') != NULL;
    s.w = strchr(perms, 'w') != NULL;
    s.x = strchr(perms, 'x') != NULL;
    s.user = strchr(perms, 'u') != NULL;
    return s;
}
