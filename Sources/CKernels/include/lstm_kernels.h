#ifndef ANTIPODE_LSTM_KERNELS_H
#define ANTIPODE_LSTM_KERNELS_H
#include <stdint.h>

/// Softmax cross-entropy over `N` rows of `V` logits (plus `bias`, which may be NULL). Rows whose
/// target is negative are ignored. Replaces the logits by `scale`·(softmax − onehot) (zero for
/// ignored rows) and returns the summed −log p(target). When `logp` is not NULL it receives each
/// row's log p(target) (0 for ignored rows).
double ap_softmax_xent(int N, int V, float *logits, const float *bias, const int32_t *targets,
                       float scale, float *logp);

/// Draws a token from softmax(logits / temperature) restricted to the `top_k` largest logits
/// (all when top_k ≤ 0 or ≥ V), using the uniform number `u` in [0, 1). `logits` may include the
/// bias already. Writes the token's log-probability under the untempered, unrestricted model to
/// `logp_model`. `scratch` needs room for V floats.
int ap_sample_token(int V, const float *logits, float inv_temperature, int top_k, float u,
                    float *scratch, float *logp_model);

/// y[i] = x[i] · mask[i] · scale, where mask bytes are 0 or 1.
void ap_apply_mask(long n, const float *x, const uint8_t *mask, float scale, float *y);

/// dst[index[i]] += src[i] for the `n` rows (`width` floats each) of `src`: gradients of looked-up rows.
void ap_scatter_add_rows(long n, int width, const float *src, const int32_t *index, float *dst);

/// Fast vectorisable exp, accurate to about 2e-7 relative (for tests).
float ap_fast_exp(float x);


/// One Adam step over `n` parameters (PyTorch's torch.optim.Adam: L2 weight decay added to the
/// gradient). `bias1` = 1 − β1^t and `bias2` = 1 − β2^t.
void ap_adam_step(long n, float *param, const float *grad, float *m, float *v, float lr, float beta1,
                  float beta2, float eps, float weight_decay, float bias1, float bias2);
#endif
