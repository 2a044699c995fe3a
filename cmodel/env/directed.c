/* directed.c — directed sequences (placeholder while the harness comes up). */
#include "env_internal.h"

#include <string.h>

static const char *const names[] = { NULL };

const char *const *mmu_env_directed_names(void) { return names; }

int env_directed_lookup(const char *name)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(names[i], name)) return i;
    return -1;
}

bool env_directed_refill(mmu_env *e)
{
    (void)e;
    return false;
}
