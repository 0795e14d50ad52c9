// One build of the LSTM step kernels, included by lstm_step.c once per level with SUFFIX (name
// suffix), W (lanes) and RB (rows per register tile) defined and the level's
// target attribute pushed. Plain C over clang vector types, so every build is the same source.

#define CAT_(a, b) a##_##b
#define CAT(a, b) CAT_(a, b)
#define NAME(x) CAT(x, SUFFIX)
#define VEC NAME(vec)

#define VECI NAME(veci)
#define VECU NAME(vecu)

typedef float VEC __attribute__((ext_vector_type(W)));
typedef int32_t VECI __attribute__((ext_vector_type(W)));
typedef float VECU __attribute__((ext_vector_type(W), aligned(4)));  // for unaligned loads and stores

static inline __attribute__((always_inline)) VEC NAME(load)(const float *p) { return *(const VECU *)p; }
static inline __attribute__((always_inline)) void NAME(store)(float *p, VEC v) { *(VECU *)p = v; }

// fexp (fast_math.h) on W lanes: the same steps and constants.
static inline __attribute__((always_inline)) VEC NAME(vexp)(VEC x) {
#pragma clang fp reassociate(off)
    x = x < -87.0f ? (VEC)-87.0f : x;
    x = x > 88.0f ? (VEC)88.0f : x;
    VEC n = __builtin_elementwise_floor(x * 1.44269504088896341f + 0.5f);
    VEC r = x - n * 0.693145751953125f;
    r = r - n * 1.428606765330187045e-06f;
    VEC p = (VEC)(1.0f / 720.0f);
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    VECI bits = (VECI)p + (__builtin_convertvector(n, VECI) << 23);
    return (VEC)bits;
}
static inline __attribute__((always_inline)) VEC NAME(vsigmoid)(VEC x) { return 1.0f / (1.0f + NAME(vexp)(-x)); }
static inline __attribute__((always_inline)) VEC NAME(vtanh)(VEC x) { return 2.0f / (1.0f + NAME(vexp)(-2.0f * x)) - 1.0f; }

// The cell on W units of one row from their pre-activations (bias included): stores the activations
// over the pre-activations, c and h. `cp` (may be NULL: zero state) may equal `c`.
static inline __attribute__((always_inline)) void NAME(cell_units)(float *gr, int H, VEC pi, VEC pf, VEC pg,
                                                                   VEC po, const float *cp, float *c, float *h) {
    VEC i = NAME(vsigmoid)(pi), f = NAME(vsigmoid)(pf), g = NAME(vtanh)(pg), o = NAME(vsigmoid)(po);
    VEC cn = i * g;
    if (cp) cn += f * NAME(load)(cp);
    NAME(store)(gr, i);
    NAME(store)(gr + H, f);
    NAME(store)(gr + 2 * H, g);
    NAME(store)(gr + 3 * H, o);
    NAME(store)(c, cn);
    NAME(store)(h, o * NAME(vtanh)(cn));
}

static void NAME(cell_forward)(int B, int H, float *gates, const float *bias, const float *c_prev, float *c,
                               float *h) {
    for (int b = 0; b < B; b++) {
        float *gr = gates + (long)b * 4 * H, *cr = c + (long)b * H, *hr = h + (long)b * H;
        const float *cp = c_prev ? c_prev + (long)b * H : 0;
        int j = 0;
        for (; j + W <= H; j += W)
            NAME(cell_units)(gr + j, H, NAME(load)(gr + j) + NAME(load)(bias + j),
                             NAME(load)(gr + H + j) + NAME(load)(bias + H + j),
                             NAME(load)(gr + 2 * H + j) + NAME(load)(bias + 2 * H + j),
                             NAME(load)(gr + 3 * H + j) + NAME(load)(bias + 3 * H + j), cp ? cp + j : 0, cr + j, hr + j);
        for (; j < H; j++) {
            float i_ = fsigmoid(gr[j] + bias[j]), f_ = fsigmoid(gr[H + j] + bias[H + j]);
            float g_ = ftanh(gr[2 * H + j] + bias[2 * H + j]), o_ = fsigmoid(gr[3 * H + j] + bias[3 * H + j]);
            float cn = i_ * g_ + (cp ? f_ * cp[j] : 0.0f);
            gr[j] = i_; gr[H + j] = f_; gr[2 * H + j] = g_; gr[3 * H + j] = o_;
            cr[j] = cn;
            hr[j] = o_ * ftanh(cn);
        }
    }
}

static void NAME(cell_backward)(int B, int H, float *gates, const float *c_prev, const float *c, const float *dh,
                                const float *dh_next, float *dc) {
    for (int b = 0; b < B; b++) {
        float *gr = gates + (long)b * 4 * H, *dcr = dc + (long)b * H;
        const float *cr = c + (long)b * H, *dhr = dh + (long)b * H;
        const float *cp = c_prev ? c_prev + (long)b * H : 0, *dn = dh_next ? dh_next + (long)b * H : 0;
        int j = 0;
        for (; j + W <= H; j += W) {
            VEC i = NAME(load)(gr + j), f = NAME(load)(gr + H + j), g = NAME(load)(gr + 2 * H + j);
            VEC o = NAME(load)(gr + 3 * H + j);
            VEC d = NAME(load)(dhr + j);
            if (dn) d += NAME(load)(dn + j);
            VEC tc = NAME(vtanh)(NAME(load)(cr + j));
            VEC dcell = NAME(load)(dcr + j) + d * o * (1.0f - tc * tc);
            NAME(store)(gr + j, dcell * g * i * (1.0f - i));
            NAME(store)(gr + H + j, cp ? dcell * NAME(load)(cp + j) * f * (1.0f - f) : (VEC)0.0f);
            NAME(store)(gr + 2 * H + j, dcell * i * (1.0f - g * g));
            NAME(store)(gr + 3 * H + j, d * tc * o * (1.0f - o));
            NAME(store)(dcr + j, dcell * f);
        }
        for (; j < H; j++) {
            float i_ = gr[j], f_ = gr[H + j], g_ = gr[2 * H + j], o_ = gr[3 * H + j];
            float d = dhr[j] + (dn ? dn[j] : 0.0f);
            float tc = ftanh(cr[j]);
            float dcell = dcr[j] + d * o_ * (1.0f - tc * tc);
            gr[j] = dcell * g_ * i_ * (1.0f - i_);
            gr[H + j] = cp ? dcell * cp[j] * f_ * (1.0f - f_) : 0.0f;
            gr[2 * H + j] = dcell * i_ * (1.0f - g_ * g_);
            gr[3 * H + j] = d * tc * o_ * (1.0f - o_);
            dcr[j] = dcell * f_;
        }
    }
}

// Both step products run one register-tile GEMM, C (B × N) = / += A (B × K) · P, where P (K × N) is
// packed into panels of 2W columns, each K-major; A is repacked tile by tile into scratch ([k][r]) so
// a tile reads its rows contiguously instead of from R rows that share cache sets.

// Forward: P = W_hhᵀ (K = H, N = 4H), so P[k][j] = W_hh[j·H + k].
static void NAME(pack_forward)(int H, const float *w, float *out) {
    const int NW = 2 * W;
    for (int q = 0; q < 4 * H / NW; q++)
        for (int k = 0; k < H; k++)
            for (int l = 0; l < NW; l++) out[((long)q * H + k) * NW + l] = w[((long)q * NW + l) * H + k];
}

// Backward: P = W_hh (K = 4H, N = H), so P[j][n] = W_hh[j·H + n].
static void NAME(pack_backward)(int H, const float *w, float *out) {
    const int NW = 2 * W;
    for (int q = 0; q < H / NW; q++)
        for (int j = 0; j < 4 * H; j++)
            for (int l = 0; l < NW; l++) out[((long)q * 4 * H + j) * NW + l] = w[(long)j * H + q * NW + l];
}

static inline __attribute__((always_inline)) void NAME(pack_rows)(int R, int K, const float *a, long ld, float *out) {
    for (int k = 0; k < K; k++)
        for (int r = 0; r < R; r++) out[(long)k * R + r] = a[r * ld + k];
}

// R rows × 2W columns of C (row stride ldc) = or += the K-major rows `ap` · one panel.
static inline __attribute__((always_inline)) void NAME(tile)(int R, int K, const float *panel, const float *ap,
                                                             float *c, long ldc, int accumulate) {
    VEC acc[RB][2];
    for (int r = 0; r < R; r++) acc[r][0] = acc[r][1] = (VEC)0.0f;
    for (int k = 0; k < K; k++) {
        const float *b = panel + (long)k * 2 * W;
        const VEC b0 = NAME(load)(b), b1 = NAME(load)(b + W);
        for (int r = 0; r < R; r++) {
            VEC a = (VEC)ap[(long)k * R + r];
            acc[r][0] += a * b0;
            acc[r][1] += a * b1;
        }
    }
    for (int r = 0; r < R; r++) {
        float *cr = c + r * ldc;
        if (accumulate) {
            acc[r][0] += NAME(load)(cr);
            acc[r][1] += NAME(load)(cr + W);
        }
        NAME(store)(cr, acc[r][0]);
        NAME(store)(cr + W, acc[r][1]);
    }
}

// C (B × N, row stride ldc) = or += A (B × K, row stride lda) · packed P. `scratch` holds B·K floats.
static void NAME(gemm)(int B, int K, int N, const float *packed, const float *a, long lda, float *c, long ldc,
                       int accumulate, float *scratch) {
    const int NW = 2 * W;
    for (int b = 0; b < B; b += RB) {
        const int R = B - b < RB ? B - b : RB;
        float *ap = scratch + (long)b * K;
        const float *rows = a + b * lda;
        // A constant row count in every call, so loops unroll and accumulators stay in registers.
        switch (R) {
#define PACK(n) case n: if (n <= RB) NAME(pack_rows)(n <= RB ? n : 1, K, rows, lda, ap); break;
        PACK(1) PACK(2) PACK(3) PACK(4) PACK(5) PACK(6) PACK(7) PACK(8) PACK(9) PACK(10) PACK(11) PACK(12)
#undef PACK
        }
    }
    for (int q = 0; q < N / NW; q++) {
        const float *panel = packed + (long)q * K * NW;
        for (int b = 0; b < B; b += RB) {
            const int R = B - b < RB ? B - b : RB;
            const float *ap = scratch + (long)b * K;
            float *out = c + b * ldc + q * NW;
            switch (R) {
#define TILE(n) case n: if (n <= RB) NAME(tile)(n <= RB ? n : 1, K, panel, ap, out, ldc, accumulate); break;
            TILE(1) TILE(2) TILE(3) TILE(4) TILE(5) TILE(6) TILE(7) TILE(8) TILE(9) TILE(10) TILE(11) TILE(12)
#undef TILE
            }
        }
    }
}

static void NAME(step_forward)(int B, int H, const float *packed, const float *h_prev, float *gates,
                               const float *bias, const float *c_prev, float *c, float *h, float *scratch) {
    NAME(gemm)(B, H, 4 * H, packed, h_prev, H, gates, 4 * H, 1, scratch);
    NAME(cell_forward)(B, H, gates, bias, c_prev, c, h);
}

static void NAME(step_backward)(int B, int H, const float *packed, const float *dgates, float *dh, float *scratch) {
    NAME(gemm)(B, 4 * H, H, packed, dgates, 4 * H, dh, H, 0, scratch);
}

// 12 independent FMA chains; the empty asm keeps the compiler from folding the loop away.
static double NAME(fma_rate)(long iterations) {
    VEC x[12];
    for (int i = 0; i < 12; i++) x[i] = (VEC)(1.0f + i * 1e-3f);
    const VEC m = (VEC)0.999999f, a = (VEC)1e-7f;
    for (long n = 0; n < iterations; n++) {
        for (int i = 0; i < 12; i++) x[i] = x[i] * m + a;
        __asm__ volatile("" : "+x"(x[0]), "+x"(x[1]), "+x"(x[2]), "+x"(x[3]), "+x"(x[4]), "+x"(x[5]));
        __asm__ volatile("" : "+x"(x[6]), "+x"(x[7]), "+x"(x[8]), "+x"(x[9]), "+x"(x[10]), "+x"(x[11]));
    }
    float s = 0;
    for (int i = 0; i < 12; i++) s += x[i][0];
    return s;
}

#undef VEC
#undef VECI
#undef VECU
#undef NAME
#undef CAT
#undef CAT_
