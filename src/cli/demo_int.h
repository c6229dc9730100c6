/* demo_int.h: what the parts of ska demo share (cmd_demo.c, demo_rand.c,
 * demo_org.c, demo_indicator.c, demo_case*.c): the seeded random
 * generator, DAY, the demo password, the staff names and the steps that
 * cmd_demo runs in order. Not for use outside src/cli/demo*.c and
 * cmd_demo.c. Every step runs inside the caller's transaction and draws
 * from the one generator, so the order of the steps and of the draws in
 * them fixes the data for a seed. */
#ifndef SKA_DEMO_INT_H
#define SKA_DEMO_INT_H

#include "arena.h"
#include "store/store.h"

#define DAY 86400

/* Every demo account shares this password; printed by make run. */
#define DEMO_PASSWORD "exempel-2026"

/* demo_seed starts the xorshift generator: the same seed gives the same
 * demo data. */
void demo_seed(unsigned long long seed);
/* demo_rnd draws a whole number in [0, n); n > 0. */
unsigned demo_rnd(unsigned n);
/* demo_unif draws uniformly from (0, 1). */
double demo_unif(void);
/* demo_gauss draws from the standard normal distribution. */
double demo_gauss(void);
/* demo_poisson draws a Poisson count with mean lambda (normal
 * approximation above 30). */
double demo_poisson(double lambda);

/* demo_print_logins prints the demo accounts and their password. */
void demo_print_logins(void);
/* demo_org creates the organisation, a user for every role (password hash
 * `hash`), three staff members in every enhet and a deputy. */
enum err demo_org(struct store *st, struct arena *a, const char *hash);
/* demo_staff_name gives the username of staff member j (0-2) of the enhet
 * with code unit_code, made by demo_org; "" if there is none. The string
 * lives in demo_org's arena. */
const char *demo_staff_name(const char *unit_code, unsigned j);
/* demo_indicators creates the indicator catalogue with 60 months of
 * values, national averages and one intervention with its phase; after
 * demo_org. */
enum err demo_indicators(struct store *st, struct arena *a);
/* demo_cases creates about 5,500 cases with their handling and actions;
 * after demo_org. */
enum err demo_cases(struct store *st, struct arena *a);

#endif
