#include "tanimoto.h"

int ap_popcount(const uint64_t *bits, size_t words) {
    int n = 0;
    for (size_t w = 0; w < words; w++) n += __builtin_popcountll(bits[w]);
    return n;
}

void ap_tanimoto_one_to_many(const uint64_t *query, int query_count,
                             const uint64_t *pool, const int *pool_counts,
                             size_t count, size_t words, double *out) {
    for (size_t i = 0; i < count; i++) {
        const uint64_t *fp = pool + i * words;
        int common = 0;
        for (size_t w = 0; w < words; w++) common += __builtin_popcountll(query[w] & fp[w]);
        int denom = query_count + pool_counts[i] - common;
        out[i] = denom > 0 ? (double)common / (double)denom : 0.0;
    }
}
