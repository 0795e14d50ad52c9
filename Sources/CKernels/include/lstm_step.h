#ifndef ANTIPODE_LSTM_STEP_H
#define ANTIPODE_LSTM_STEP_H
// One time step of the LSTM: the cell's gate arithmetic and the recurrent product with W_hh packed
// once per optimiser step into a register-tile panel layout.
//
// A "level" names one build of these kernels: 0 portable (4 lanes, any CPU), 1 AVX2 + FMA (8 lanes),
// 2 AVX-512 (16 lanes). A packed buffer is only valid for the level that packed it. The packed
// products need H to be a multiple of `ap_step_unit(level)`; the cell kernels take any H.

/// The best level this CPU runs.
int ap_step_best_level(void);

/// Whether this CPU runs `level`.
int ap_step_level_supported(int level);

/// H must be a multiple of this for the packed products at `level` (twice its lanes).
int ap_step_unit(int level);

/// LSTM cell, forward, for a batch of `B` rows of width `H` (PyTorch gate order i, f, g, o).
/// `gates` (B × 4H) holds the pre-activations without bias on entry and the activations
/// σ(i), σ(f), tanh(g), σ(o) on return. `bias` (4H) is b_ih + b_hh. `c_prev` may be NULL (zero state)
/// and may equal `c`. Writes c = f·c_prev + i·g and h = o·tanh(c).
void ap_lstm_cell_forward(int level, int B, int H, float *gates, const float *bias,
                          const float *c_prev, float *c, float *h);

/// LSTM cell, backward. `gates` holds the activations on entry and the gradients of the
/// pre-activations on return. `dh` is the gradient reaching h from above, `dh_next` (may be NULL)
/// the one from the next time step; `dc` holds dL/dc from the next step on entry (zero at the last)
/// and dL/dc_prev on return. `c_prev` may be NULL (zero state).
void ap_lstm_cell_backward(int level, int B, int H, float *gates, const float *c_prev, const float *c,
                           const float *dh, const float *dh_next, float *dc);

/// Packs W_hh (PyTorch layout, 4H × H floats) for `ap_step_forward`; `packed` holds 4H·H floats.
void ap_step_pack_forward(int level, int H, const float *w_hh, float *packed);

/// Packs W_hh for `ap_step_backward`; `packed` holds 4H·H floats.
void ap_step_pack_backward(int level, int H, const float *w_hh, float *packed);

/// One forward time step of `B` rows, fused: gates += h_prev · W_hhᵀ, then the cell as
/// `ap_lstm_cell_forward` (`gates` holds the input projections without bias on entry). `h_prev`
/// may equal `h` and `c_prev` may equal `c` (h_prev is copied to `scratch`, B·H floats, first).
void ap_step_forward(int level, int B, int H, const float *packed, const float *h_prev, float *gates,
                     const float *bias, const float *c_prev, float *c, float *h, float *scratch);

/// dh_prev = dgates · W_hh for `B` rows (dgates B × 4H; dh_prev B × H, overwritten).
/// `scratch` holds B·4H floats.
void ap_step_backward(int level, int B, int H, const float *packed, const float *dgates, float *dh_prev,
                      float *scratch);

/// FMA throughput of one thread in GFLOP/s at the best level, measured for about `seconds` with
/// 12 independent accumulator chains: the peak a benchmark compares the engine's rate with.
double ap_fma_peak_gflops(double seconds);
#endif
