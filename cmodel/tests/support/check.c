#include "check.h"
#include <stdarg.h>
#include <string.h>

check_state check_cur;
int check_failures;

void check_note(const char *file, int line, const char *fmt, ...)
{
    if (check_cur.failed++) return;              /* keep the first failure */
    int n = snprintf(check_cur.why, sizeof check_cur.why, "%s:%d: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(check_cur.why + n, sizeof check_cur.why - (size_t)n, fmt, ap);
    va_end(ap);
}

void check_run(const char *name, void (*fn)(void))
{
    memset(&check_cur, 0, sizeof check_cur);
    fn();
    if (!check_cur.failed && !check_cur.asserted)
        snprintf(check_cur.why, sizeof check_cur.why, "test asserts nothing"), check_cur.failed = 1;
    if (check_cur.failed) {
        printf("FAIL %s: %s\n", name, check_cur.why);
        check_failures++;
    } else {
        printf("PASS %s\n", name);
    }
    fflush(stdout);
}

int check_summary(void) { return check_failures ? 1 : 0; }
