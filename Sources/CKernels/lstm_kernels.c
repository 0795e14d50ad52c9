// The softmax loss, the sampler's draw, dropout masks, gradient scatter and Adam: elementwise hot loops.
// Written as plain loops over contiguous rows so the compiler vectorises them (-O3).
#include "lstm_kernels.h"
#include <math.h>
#include <string.h>
#include "fast_math.h"

float ap_fast_exp(float x) { return fexp(x); }

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
