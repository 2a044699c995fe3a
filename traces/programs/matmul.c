/* matmul.c — C = A x B on doubles, naive (i-j-k: B walked by column, a new
 * row of B per step) or tiled (TILE x TILE blocks stay on a few pages).
 * Usage: matmul naive|tiled [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TILE 16

static void naive(int n, const double *a, const double *b, double *c)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
            c[i * n + j] = s;
        }
}

static void tiled(int n, const double *a, const double *b, double *c)
{
    memset(c, 0, (size_t)n * (size_t)n * sizeof *c);
    for (int ii = 0; ii < n; ii += TILE)
        for (int kk = 0; kk < n; kk += TILE)
            for (int jj = 0; jj < n; jj += TILE)
                for (int i = ii; i < ii + TILE && i < n; i++)
                    for (int k = kk; k < kk + TILE && k < n; k++) {
                        double aik = a[i * n + k];
                        for (int j = jj; j < jj + TILE && j < n; j++) c[i * n + j] += aik * b[k * n + j];
                    }
}

int main(int argc, char **argv)
{
    int use_tiled = argc > 1 && !strcmp(argv[1], "tiled");
    int n = argc > 2 ? atoi(argv[2]) : 64;
    if (n < 1 || n > 4096) return 2;
    size_t bytes = (size_t)n * (size_t)n * sizeof(double);
    double *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes);
    if (!a || !b || !c) return 1;
    for (int i = 0; i < n * n; i++) a[i] = i % 7, b[i] = i % 5;
    (use_tiled ? tiled : naive)(n, a, b, c);
    printf("%g\n", c[n * n - 1]);
    free(a), free(b), free(c);
    return 0;
}
