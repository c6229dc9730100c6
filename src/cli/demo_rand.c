/* demo_rand.c: ska demo's random generator, an xorshift seeded by --seed
 * so that the same seed gives the same demo data, and the few
 * distributions the demo draws from. */
#include <math.h>

#include "demo_int.h"

static unsigned long long rng_state;

void demo_seed(unsigned long long seed)
{
    rng_state = seed * 2654435761ULL + 88172645463325252ULL;
}

unsigned demo_rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

double demo_unif(void)
{
    return (demo_rnd(1u << 30) + 0.5) / (double)(1u << 30);
}

double demo_gauss(void)
{
    return sqrt(-2 * log(demo_unif())) * cos(6.283185307179586 * demo_unif());
}

double demo_poisson(double lambda)
{
    double l = exp(-lambda), p = 1, k = -1;

    if (lambda > 30)
        return fmax(0, round(lambda + demo_gauss() * sqrt(lambda)));
    do {
        k++;
        p *= demo_unif();
    } while (p > l);
    return k;
}
