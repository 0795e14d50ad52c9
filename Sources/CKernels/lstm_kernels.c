// Fused LSTM gate arithmetic and the softmax loss: the elementwise hot loops around OpenBLAS's GEMMs.
// Written as plain loops over contiguous rows so the compiler vectorises them (-O3).
#include "lstm_kernels.h"
#include <math.h>
#include <string.h>

// exp(x) = 2^n · e^r with n = round(x / ln2), |r| ≤ ln2/2; e^r by its degree-6 Taylor polynomial
// (relative error ≈ 1.2e-7). Branch-free so loops over it vectorise.
static inline float fexp(float x) {
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

static inline float fsigmoid(float x) { return 1.0f / (1.0f + fexp(-x)); }
static inline float ftanh(float x) { return 2.0f / (1.0f + fexp(-2.0f * x)) - 1.0f; }

float ap_fast_exp(float x) { return fexp(x); }

void ap_lstm_cell_forward(int B, int H, float *gates, const float *bias,
                          const float *c_prev, float *c, float *h) {
    for (int b = 0; b < B; b++) {
        float *restrict g = gates + (long)b * 4 * H;
        float *restrict cr = c + (long)b * H;
        float *restrict hr = h + (long)b * H;
        const float *cp = c_prev ? c_prev + (long)b * H : NULL;
        for (int j = 0; j < H; j++) {
            float ig = fsigmoid(g[j] + bias[j]);
            float fg = fsigmoid(g[H + j] + bias[H + j]);
            float gg = ftanh(g[2 * H + j] + bias[2 * H + j]);
            float og = fsigmoid(g[3 * H + j] + bias[3 * H + j]);
            float cprev = cp ? cp[j] : 0.0f;
            float cn = fg * cprev + ig * gg;
            g[j] = ig; g[H + j] = fg; g[2 * H + j] = gg; g[3 * H + j] = og;
            cr[j] = cn;
            hr[j] = og * ftanh(cn);
        }
    }
}

void ap_lstm_cell_backward(int B, int H, float *gates, const float *c_prev, const float *c,
                           const float *dh, const float *dh_next, float *dc) {
    for (int b = 0; b < B; b++) {
        float *restrict g = gates + (long)b * 4 * H;
        const float *restrict cr = c + (long)b * H;
        const float *cp = c_prev ? c_prev + (long)b * H : NULL;
        const float *restrict dhr = dh + (long)b * H;
        const float *dn = dh_next ? dh_next + (long)b * H : NULL;
        float *restrict dcr = dc + (long)b * H;
        for (int j = 0; j < H; j++) {
            float ig = g[j], fg = g[H + j], gg = g[2 * H + j], og = g[3 * H + j];
            float d = dhr[j] + (dn ? dn[j] : 0.0f);
            float tc = ftanh(cr[j]);
            float dcell = dcr[j] + d * og * (1.0f - tc * tc);
            float cprev = cp ? cp[j] : 0.0f;
            g[j] = dcell * gg * ig * (1.0f - ig);
            g[H + j] = dcell * cprev * fg * (1.0f - fg);
            g[2 * H + j] = dcell * ig * (1.0f - gg * gg);
            g[3 * H + j] = d * tc * og * (1.0f - og);
            dcr[j] = dcell * fg;
        }
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
