/* array_sum.c — sum an int array a few times: sequential access, one new
 * page every 1024 elements. Usage: array_sum [ELEMENTS] [PASSES] */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 16384;
    int passes = argc > 2 ? atoi(argv[2]) : 2;
    if (n < 1 || passes < 1) return 2;
    int *a = malloc((size_t)n * sizeof *a);
    if (!a) return 1;
    for (long i = 0; i < n; i++) a[i] = (int)(i & 0xff);
    long sum = 0;
    for (int p = 0; p < passes; p++)
        for (long i = 0; i < n; i++) sum += a[i];
    printf("%ld\n", sum);
    free(a);
    return 0;
}
