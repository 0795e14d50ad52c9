#include "tanimoto.h"

// Similarities must equal RDKit's c / (a + b - c) to the last bit: no reciprocal tricks from
// the target's -ffast-math here.
#pragma float_control(precise, on)

int ap_popcount(const uint64_t *bits, size_t words) {
    int n = 0;
    for (size_t w = 0; w < words; w++) n += __builtin_popcountll(bits[w]);
    return n;
}

static inline int common_bits(const uint64_t *a, const uint64_t *b, size_t words) {
    int c = 0;
    for (size_t w = 0; w < words; w++) c += __builtin_popcountll(a[w] & b[w]);
    return c;
}

/// One query against a pool, with the word count a compile-time constant for the common sizes
/// (2048 and 1024 bits): fully unrolled popcounts, measured 25–50% faster than the generic loop
/// on 200k 2048-bit prints (25 → 33–38 M comparisons/s on one loaded core).
#define ONE_TO_MANY(WORDS)                                                                   \
    for (size_t i = 0; i < count; i++) {                                                     \
        int common = common_bits(query, pool + i * (WORDS), (WORDS));                        \
        int denom = query_count + pool_counts[i] - common;                                   \
        out[i] = denom > 0 ? (double)common / (double)denom : 1.0;                           \
    }

void ap_tanimoto_one_to_many(const uint64_t *query, int query_count,
                             const uint64_t *pool, const int32_t *pool_counts,
                             size_t count, size_t words, double *out) {
    if (words == 32) { ONE_TO_MANY(32) }
    else if (words == 16) { ONE_TO_MANY(16) }
    else { ONE_TO_MANY(words) }
}

void ap_leader_screen(const uint64_t *cand, const int32_t *cand_counts, uint8_t *alive, size_t count,
                      const uint64_t *leaders, const int32_t *leader_counts, size_t leader_count,
                      size_t words, const int32_t *min_common) {
    // Leaders in tiles that stay in L2 (256 × 256 bytes for 2048-bit prints) while every
    // candidate is tested against the tile.
    const size_t tile = 256;
    for (size_t t0 = 0; t0 < leader_count; t0 += tile) {
        size_t t1 = t0 + tile < leader_count ? t0 + tile : leader_count;
        for (size_t i = 0; i < count; i++) {
            if (!alive[i]) continue;
            const uint64_t *q = cand + i * words;
            int qa = cand_counts[i];
            for (size_t j = t0; j < t1; j++) {
                int lb = leader_counts[j];
                // c <= min(a, b) and u >= max(a, b), and min_common grows with u: a cheap bound.
                int lo = qa < lb ? qa : lb, hi = qa < lb ? lb : qa;
                if (lo < min_common[hi]) continue;
                int c;
                if (words == 32) c = common_bits(q, leaders + j * 32, 32);
                else if (words == 16) c = common_bits(q, leaders + j * 16, 16);
                else c = common_bits(q, leaders + j * words, words);
                if (c >= min_common[qa + lb - c]) { alive[i] = 0; break; }
            }
        }
    }
}
