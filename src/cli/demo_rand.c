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
    /* two statements: the order of the draws is part of the seed's data */
    double u1 = demo_unif(), u2 = demo_unif();

    return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
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
