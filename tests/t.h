/* t.h: minimal unit-test harness. Each test binary defines its tests with
 * T(name) and lists them in a T_MAIN(...) call; the runner prints one line per
 * failure and ends with "N passed, N failed". A test fails when any CHECK
 * fails; it keeps running so one run shows every broken expectation. */
#ifndef SKA_T_H
#define SKA_T_H

#include <stdio.h>
#include <string.h>

static int t_failed_checks;

#define T(name) static void name(void)

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
            t_failed_checks++;                                                 \
        }                                                                      \
    } while (0)

#define CHECK_INT(a, b)                                                        \
    do {                                                                       \
        long long t_a_ = (long long)(a), t_b_ = (long long)(b);                \
        if (t_a_ != t_b_) {                                                    \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__,    \
                    __LINE__, #a, t_a_, t_b_);                                 \
            t_failed_checks++;                                                 \
        }                                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *t_a_ = (a), *t_b_ = (b);                                   \
        if (!t_a_ || !t_b_ || strcmp(t_a_, t_b_) != 0) {                       \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n",          \
                    __FILE__, __LINE__, #a, t_a_ ? t_a_ : "(null)",            \
                    t_b_ ? t_b_ : "(null)");                                   \
            t_failed_checks++;                                                 \
        }                                                                      \
    } while (0)

struct t_case {
    const char *name;
    void (*fn)(void);
};

static inline int t_run(const char *prog, const struct t_case *cases, size_t n)
{
    int passed = 0, failed = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        int before = t_failed_checks;

        cases[i].fn();
        if (t_failed_checks == before) {
            passed++;
        } else {
            failed++;
            fprintf(stderr, "FAIL %s: %s\n", prog, cases[i].name);
        }
    }
    printf("== %s\n%d passed, %d failed\n", prog, passed, failed);
    return failed ? 1 : 0;
}

#define T_CASE(fn)                                                             \
    {                                                                          \
#fn, fn                                                                \
    }
#define T_MAIN(...)                                                            \
    int main(int argc, char **argv)                                            \
    {                                                                          \
        static const struct t_case cases[] = {__VA_ARGS__};                    \
        (void)argc;                                                            \
        return t_run(argv[0], cases, sizeof(cases) / sizeof(cases[0]));        \
    }

#endif
