/* check.h — the test protocol for C unit tests (see tb/scripts/run_checks.sh).
 *
 *   TEST(name) { EXPECT(cond); EXPECT_EQ(a, b); ... }
 *   int main(void) { RUN(name); ...; return check_summary(); }
 *
 * Each RUN prints "PASS name" or "FAIL name: file:line: expr" (first failure
 * of that test); a test with no EXPECT at all is reported as a failure. */
#ifndef MMU_TEST_CHECK_H
#define MMU_TEST_CHECK_H
#include <inttypes.h>
#include <stdio.h>

typedef struct { int failed; int asserted; char why[512]; } check_state;
extern check_state check_cur;
extern int check_failures;

#define TEST(name) static void name(void)
#define RUN(name) check_run(#name, name)
#define EXPECT(cond) do { check_cur.asserted++; if (!(cond)) \
    check_note(__FILE__, __LINE__, "expected %s", #cond); } while (0)
#define EXPECT_EQ(a, b) do { uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b); \
    check_cur.asserted++; if (a_ != b_) check_note(__FILE__, __LINE__, \
    "%s == %s: got 0x%" PRIx64 ", want 0x%" PRIx64, #a, #b, a_, b_); } while (0)
/* Comparisons that print both values, and a condition with what came instead. */
#define EXPECT_CMP(a, op, b) do { uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b); \
    check_cur.asserted++; if (!(a_ op b_)) check_note(__FILE__, __LINE__, \
    "expected %s %s %s: got %" PRIu64 " and %" PRIu64, #a, #op, #b, a_, b_); } while (0)
#define EXPECT_LE(a, b) EXPECT_CMP(a, <=, b)
#define EXPECT_GE(a, b) EXPECT_CMP(a, >=, b)
#define EXPECT_GT(a, b) EXPECT_CMP(a, >, b)
#define EXPECT_STREQ(s, want) do { check_cur.asserted++; if (strcmp((s), (want))) \
    check_note(__FILE__, __LINE__, "%s: got \"%s\", want \"%s\"", #s, (s), (want)); } while (0)
#define EXPECT_WHY(cond, got) do { check_cur.asserted++; if (!(cond)) \
    check_note(__FILE__, __LINE__, "expected %s, got %s", #cond, got); } while (0)
#define EXPECT_STR_CONTAINS(s, sub) do { check_cur.asserted++; \
    if (!strstr((s), (sub))) check_note(__FILE__, __LINE__, \
    "\"%s\" does not contain \"%s\"", (s), (sub)); } while (0)

void check_note(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void check_run(const char *name, void (*fn)(void));
int check_summary(void);
#endif
