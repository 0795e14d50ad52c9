// Branch-free exp, sigmoid and tanh shared by the C kernels (internal; not part of the module's API).
#ifndef ANTIPODE_FAST_MATH_H
#define ANTIPODE_FAST_MATH_H
#include <math.h>
#include <stdint.h>

// exp(x) = 2^n · e^r with n = round(x / ln2), |r| ≤ ln2/2; e^r by its degree-6 Taylor polynomial
// (relative error ≈ 1.2e-7). Branch-free so loops over it vectorise.
__attribute__((always_inline)) static inline float fexp(float x) {
    // -ffast-math would otherwise fold the two-step reduction below into one and lose its precision.
#pragma clang fp reassociate(off)
    // Ternaries, not fminf/fmaxf, so a NaN stays NaN (training must see it).
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    float n = floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - n * 0.693145751953125f;
    r = r - n * 1.428606765330187045e-06f;
    float p = 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    union { float f; int32_t i; } u = { p };
    u.i += ((int32_t)n) << 23;
    return u.f;
}

__attribute__((always_inline)) static inline float fsigmoid(float x) { return 1.0f / (1.0f + fexp(-x)); }
__attribute__((always_inline)) static inline float ftanh(float x) { return 2.0f / (1.0f + fexp(-2.0f * x)) - 1.0f; }

#endif
