// Fused LSTM gate arithmetic and the softmax loss: the elementwise hot loops around OpenBLAS's GEMMs.
// Written as plain loops over contiguous rows so the compiler vectorises them (-O3).
#include "lstm_kernels.h"
#include <math.h>
#include <string.h>

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

float ap_fast_exp(float x) { return fexp(x); }

// The cell kernels are compiled twice: for the baseline target and with AVX2+FMA, chosen at run time.
#define CELL_KERNELS(SUFFIX, ATTR)                                                                       \
ATTR static void cell_forward_##SUFFIX(int B, int H, float *gates, const float *bias,                  \
                                       const float *c_prev, float *c, float *h) {                       \
    for (int b = 0; b < B; b++) {                                                                       \
        float *restrict gi = gates + (long)b * 4 * H, *restrict gf = gi + H;                            \
        float *restrict gg = gi + 2 * H, *restrict go = gi + 3 * H;                                      \
        float *restrict cr = c + (long)b * H, *restrict hr = h + (long)b * H;                           \
        const float *restrict bi = bias, *restrict bf = bias + H, *restrict bg = bias + 2 * H,           \
                    *restrict bo = bias + 3 * H;                                                         \
        if (c_prev) {                                                                                   \
            const float *restrict cp = c_prev + (long)b * H;                                            \
            for (int j = 0; j < H; j++) {                                                               \
                float i_ = fsigmoid(gi[j] + bi[j]), f_ = fsigmoid(gf[j] + bf[j]);                       \
                float g_ = ftanh(gg[j] + bg[j]), o_ = fsigmoid(go[j] + bo[j]);                          \
                float cn = f_ * cp[j] + i_ * g_;                                                        \
                gi[j] = i_; gf[j] = f_; gg[j] = g_; go[j] = o_;                                         \
                cr[j] = cn; hr[j] = o_ * ftanh(cn);                                                     \
            }                                                                                           \
        } else {                                                                                        \
            for (int j = 0; j < H; j++) {                                                               \
                float i_ = fsigmoid(gi[j] + bi[j]), f_ = fsigmoid(gf[j] + bf[j]);                       \
                float g_ = ftanh(gg[j] + bg[j]), o_ = fsigmoid(go[j] + bo[j]);                          \
                float cn = i_ * g_;                                                                     \
                gi[j] = i_; gf[j] = f_; gg[j] = g_; go[j] = o_;                                         \
                cr[j] = cn; hr[j] = o_ * ftanh(cn);                                                     \
            }                                                                                           \
        }                                                                                               \
    }                                                                                                   \
}                                                                                                       \
ATTR static void cell_backward_##SUFFIX(int B, int H, float *gates, const float *c_prev, const float *c, \
                                        const float *dh, const float *dh_next, float *dc) {             \
    for (int b = 0; b < B; b++) {                                                                       \
        float *restrict gi = gates + (long)b * 4 * H, *restrict gf = gi + H;                            \
        float *restrict gg = gi + 2 * H, *restrict go = gi + 3 * H;                                      \
        const float *restrict cr = c + (long)b * H, *restrict dhr = dh + (long)b * H;                   \
        const float *restrict cp = c_prev ? c_prev + (long)b * H : cr;                                  \
        const float *restrict dn = dh_next ? dh_next + (long)b * H : dhr;                               \
        float cpscale = c_prev ? 1.0f : 0.0f, dnscale = dh_next ? 1.0f : 0.0f;                          \
        float *restrict dcr = dc + (long)b * H;                                                         \
        for (int j = 0; j < H; j++) {                                                                   \
            float i_ = gi[j], f_ = gf[j], g_ = gg[j], o_ = go[j];                                       \
            float d = dhr[j] + dnscale * dn[j];                                                         \
            float tc = ftanh(cr[j]);                                                                    \
            float dcell = dcr[j] + d * o_ * (1.0f - tc * tc);                                           \
            gi[j] = dcell * g_ * i_ * (1.0f - i_);                                                      \
            gf[j] = dcell * cpscale * cp[j] * f_ * (1.0f - f_);                                         \
            gg[j] = dcell * i_ * (1.0f - g_ * g_);                                                      \
            go[j] = d * tc * o_ * (1.0f - o_);                                                          \
            dcr[j] = dcell * f_;                                                                        \
        }                                                                                               \
    }                                                                                                   \
}

CELL_KERNELS(base, )
#if defined(__x86_64__)
CELL_KERNELS(avx2, __attribute__((target("avx2,fma"))))
CELL_KERNELS(avx512, __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma"), min_vector_width(512))))
/// 2: AVX-512, 1: AVX2 + FMA, 0: neither.
static int vector_level(void) {
    static int known = -1;
    if (known < 0) {
        known = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") ? 2
              : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
    }
    return known;
}
#endif

void ap_lstm_cell_forward(int B, int H, float *gates, const float *bias,
                          const float *c_prev, float *c, float *h) {
#if defined(__x86_64__)
    switch (vector_level()) {
    case 2: cell_forward_avx512(B, H, gates, bias, c_prev, c, h); return;
    case 1: cell_forward_avx2(B, H, gates, bias, c_prev, c, h); return;
    }
#endif
    cell_forward_base(B, H, gates, bias, c_prev, c, h);
}

void ap_lstm_cell_backward(int B, int H, float *gates, const float *c_prev, const float *c,
                           const float *dh, const float *dh_next, float *dc) {
#if defined(__x86_64__)
    switch (vector_level()) {
    case 2: cell_backward_avx512(B, H, gates, c_prev, c, dh, dh_next, dc); return;
    case 1: cell_backward_avx2(B, H, gates, c_prev, c, dh, dh_next, dc); return;
    }
#endif
    cell_backward_base(B, H, gates, c_prev, c, dh, dh_next, dc);
}

void ap_scatter_add_rows(long n, int width, const float *src, const int32_t *index, float *dst) {
    for (long i = 0; i < n; i++) {
        float *restrict d = dst + (long)index[i] * width;
        const float *restrict s = src + i * (long)width;
        for (int j = 0; j < width; j++) d[j] += s[j];
    }
}

double ap_softmax_xent(int N, int V, float *logits, const float *bias, const int32_t *targets,
                       float scale, float *logp) {
    double total = 0;
    for (int n = 0; n < N; n++) {
        float *restrict z = logits + (long)n * V;
        int y = targets[n];
        if (y < 0) {
            memset(z, 0, sizeof(float) * V);
            if (logp) logp[n] = 0;
            continue;
        }
        if (bias) for (int v = 0; v < V; v++) z[v] += bias[v];
        float m = z[0];
        for (int v = 1; v < V; v++) m = z[v] > m ? z[v] : m;
        float zy = z[y] - m;
        float s = 0;
        for (int v = 0; v < V; v++) { z[v] = fexp(z[v] - m); s += z[v]; }
        float lp = zy - logf(s);
        total -= lp;
        if (logp) logp[n] = lp;
        float inv = scale / s;
        for (int v = 0; v < V; v++) z[v] *= inv;
        z[y] -= scale;
    }
    return total;
}

int ap_sample_token(int V, const float *logits, float inv_temperature, int top_k, float u,
                    float *scratch, float *logp_model) {
    float m = logits[0];
    for (int v = 1; v < V; v++) m = fmaxf(m, logits[v]);
    // Model log-probabilities need log Σ exp(z − m).
    float s1 = 0;
    for (int v = 0; v < V; v++) s1 += fexp(logits[v] - m);
    float threshold = -INFINITY;
    if (top_k > 0 && top_k < V) {
        // k-th largest logit by repeated selection (V is a few dozen).
        for (int v = 0; v < V; v++) scratch[v] = logits[v];
        for (int k = 0; k < top_k; k++) {
            int best = 0;
            for (int v = 1; v < V; v++) if (scratch[v] > scratch[best]) best = v;
            threshold = scratch[best];
            scratch[best] = -INFINITY;
        }
    }
    float s = 0;
    for (int v = 0; v < V; v++) {
        float e = logits[v] >= threshold ? fexp((logits[v] - m) * inv_temperature) : 0.0f;
        scratch[v] = e;
        s += e;
    }
    float target = u * s, acc = 0;
    int tok = -1;
    for (int v = 0; v < V; v++) {
        if (scratch[v] > 0) tok = v;  // the last allowed token catches rounding at the top end
        acc += scratch[v];
        if (acc > target && scratch[v] > 0) { tok = v; break; }
    }
    *logp_model = (logits[tok] - m) - logf(s1);
    return tok;
}

void ap_apply_mask(long n, const float *x, const uint8_t *mask, float scale, float *y) {
    for (long i = 0; i < n; i++) y[i] = x[i] * (float)mask[i] * scale;
}

void ap_adam_step(long n, float *restrict param, const float *restrict grad, float *restrict m,
                  float *restrict v, float lr, float beta1, float beta2, float eps, float weight_decay,
                  float bias1, float bias2) {
    float step = lr / bias1, inv_sqrt_bias2 = 1.0f / sqrtf(bias2);
    for (long i = 0; i < n; i++) {
        float g = grad[i] + weight_decay * param[i];
        m[i] = beta1 * m[i] + (1.0f - beta1) * g;
        v[i] = beta2 * v[i] + (1.0f - beta2) * g * g;
        param[i] -= step * m[i] / (sqrtf(v[i]) * inv_sqrt_bias2 + eps);
    }
}
