/* list_walk.c — build a linked list whose nodes sit in shuffled order in a
 * pool, then walk it: pointer chasing with little spatial locality.
 * Usage: list_walk [NODES] [WALKS] */
#include <stdio.h>
#include <stdlib.h>

struct node {
    struct node *next;
    long value;
    char pad[48];          /* one node per 64-byte cache line */
};

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 4096;
    int walks = argc > 2 ? atoi(argv[2]) : 3;
    if (n < 2 || walks < 1) return 2;
    struct node *pool = malloc((size_t)n * sizeof *pool);
    long *order = malloc((size_t)n * sizeof *order);
    if (!pool || !order) return 1;
    for (long i = 0; i < n; i++) order[i] = i;
    unsigned long x = 12345;                 /* a fixed LCG: the same list every run */
    for (long i = n - 1; i > 0; i--) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        long j = (long)((x >> 33) % (unsigned long)(i + 1));
        long t = order[i]; order[i] = order[j]; order[j] = t;
    }
    for (long i = 0; i < n; i++) {
        pool[order[i]].value = i;
        pool[order[i]].next = i + 1 < n ? &pool[order[i + 1]] : NULL;
    }
    long sum = 0;
    for (int w = 0; w < walks; w++)
        for (struct node *p = &pool[order[0]]; p; p = p->next) sum += p->value;
    printf("%ld\n", sum);
    free(order);
    free(pool);
    return 0;
}
