/* sort.c — quicksort an int array in place: recursion (stack) plus
 * partitions that shrink from the whole array to a few pages.
 * Usage: sort [ELEMENTS] */
#include <stdio.h>
#include <stdlib.h>

static void quicksort(int *a, long lo, long hi)
{
    while (lo < hi) {
        int pivot = a[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                int t = a[i]; a[i] = a[j]; a[j] = t;
                i++, j--;
            }
        }
        if (j - lo < hi - i) {               /* recurse on the smaller side */
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 8192;
    if (n < 1) return 2;
    int *a = malloc((size_t)n * sizeof *a);
    if (!a) return 1;
    unsigned x = 42;
    for (long i = 0; i < n; i++) a[i] = (int)((x = x * 1103515245u + 12345u) >> 8);
    quicksort(a, 0, n - 1);
    for (long i = 1; i < n; i++)
        if (a[i - 1] > a[i]) return 1;
    printf("%d %d\n", a[0], a[n - 1]);
    free(a);
    return 0;
}
