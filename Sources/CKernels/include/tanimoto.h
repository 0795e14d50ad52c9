#ifndef ANTIPODE_TANIMOTO_H
#define ANTIPODE_TANIMOTO_H
#include <stddef.h>
#include <stdint.h>

/// Popcount of a packed bit vector of `words` 64-bit words.
int ap_popcount(const uint64_t *bits, size_t words);

/// Tanimoto similarity of `query` against `count` fingerprints stored back to back in `pool`
/// (each `words` 64-bit words; `pool_counts[i]` its popcount). Writes `count` values to `out`.
/// Two empty fingerprints have similarity 0, as in RDKit.
void ap_tanimoto_one_to_many(const uint64_t *query, int query_count,
                             const uint64_t *pool, const int *pool_counts,
                             size_t count, size_t words, double *out);
#endif
