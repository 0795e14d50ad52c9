// The LSTM's time step: fused cell kernels and the recurrent product on packed W_hh, built three
// times (portable, AVX2+FMA, AVX-512) from one source and chosen by the caller's level. The large
// products (input projections of all steps, weight gradients, the head) stay with OpenBLAS.
#include "lstm_step.h"
#include "fast_math.h"
#include <stdint.h>
#include <time.h>

#define SUFFIX portable
#define W 4
#define RB 4
#include "lstm_step_impl.h"
#undef SUFFIX
#undef W
#undef RB

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define SUFFIX avx2
#define W 8
#define RB 6
#include "lstm_step_impl.h"
#undef SUFFIX
#undef W
#undef RB
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma"), min_vector_width(512))), apply_to = function)
#define SUFFIX avx512
#define W 16
#define RB 12
#include "lstm_step_impl.h"
#undef SUFFIX
#undef W
#undef RB
#pragma clang attribute pop
#endif

int ap_step_level_supported(int level) {
    switch (level) {
    case 0: return 1;
#if defined(__x86_64__)
    case 1: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case 2: return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                   __builtin_cpu_supports("avx512vl");
#endif
    default: return 0;
    }
}

int ap_step_best_level(void) {
    static int best = -1;
    if (best < 0) best = ap_step_level_supported(2) ? 2 : ap_step_level_supported(1) ? 1 : 0;
    return best;
}

int ap_step_unit(int level) { return level == 2 ? 32 : level == 1 ? 16 : 8; }

void ap_lstm_cell_forward(int level, int B, int H, float *gates, const float *bias, const float *c_prev,
                          float *c, float *h) {
#if defined(__x86_64__)
    if (level == 2) return cell_forward_avx512(B, H, gates, bias, c_prev, c, h);
    if (level == 1) return cell_forward_avx2(B, H, gates, bias, c_prev, c, h);
#endif
    cell_forward_portable(B, H, gates, bias, c_prev, c, h);
}

void ap_lstm_cell_backward(int level, int B, int H, float *gates, const float *c_prev, const float *c,
                           const float *dh, const float *dh_next, float *dc) {
#if defined(__x86_64__)
    if (level == 2) return cell_backward_avx512(B, H, gates, c_prev, c, dh, dh_next, dc);
    if (level == 1) return cell_backward_avx2(B, H, gates, c_prev, c, dh, dh_next, dc);
#endif
    cell_backward_portable(B, H, gates, c_prev, c, dh, dh_next, dc);
}

void ap_step_pack_forward(int level, int H, const float *w, float *packed) {
#if defined(__x86_64__)
    if (level == 2) return pack_forward_avx512(H, w, packed);
    if (level == 1) return pack_forward_avx2(H, w, packed);
#endif
    pack_forward_portable(H, w, packed);
}

void ap_step_pack_backward(int level, int H, const float *w, float *packed) {
#if defined(__x86_64__)
    if (level == 2) return pack_backward_avx512(H, w, packed);
    if (level == 1) return pack_backward_avx2(H, w, packed);
#endif
    pack_backward_portable(H, w, packed);
}

void ap_step_forward(int level, int B, int H, const float *packed, const float *h_prev, float *gates,
                     const float *bias, const float *c_prev, float *c, float *h, float *scratch) {
#if defined(__x86_64__)
    if (level == 2) return step_forward_avx512(B, H, packed, h_prev, gates, bias, c_prev, c, h, scratch);
    if (level == 1) return step_forward_avx2(B, H, packed, h_prev, gates, bias, c_prev, c, h, scratch);
#endif
    step_forward_portable(B, H, packed, h_prev, gates, bias, c_prev, c, h, scratch);
}

void ap_step_backward(int level, int B, int H, const float *packed, const float *dgates, float *dh,
                      float *scratch) {
#if defined(__x86_64__)
    if (level == 2) return step_backward_avx512(B, H, packed, dgates, dh, scratch);
    if (level == 1) return step_backward_avx2(B, H, packed, dgates, dh, scratch);
#endif
    step_backward_portable(B, H, packed, dgates, dh, scratch);
}

double ap_fma_peak_gflops(double seconds) {
    int level = ap_step_best_level();
    int lanes = level == 2 ? 16 : level == 1 ? 8 : 4;
    long iterations = 1 << 16;
    for (;;) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        volatile double sink;
#if defined(__x86_64__)
        if (level == 2) sink = fma_rate_avx512(iterations);
        else if (level == 1) sink = fma_rate_avx2(iterations);
        else
#endif
        sink = fma_rate_portable(iterations);
        (void)sink;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double dt = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
        if (dt >= seconds || iterations > (1L << 40)) return 12.0 * 2 * lanes * iterations / dt / 1e9;
        iterations *= 2;
    }
}
