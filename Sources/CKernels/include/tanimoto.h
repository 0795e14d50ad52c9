#ifndef ANTIPODE_TANIMOTO_H
#define ANTIPODE_TANIMOTO_H
#include <stddef.h>
#include <stdint.h>

/// Popcount of a packed bit vector of `words` 64-bit words.
int ap_popcount(const uint64_t *bits, size_t words);

/// Tanimoto similarity of `query` against `count` fingerprints stored back to back in `pool`
/// (each `words` 64-bit words; `pool_counts[i]` its popcount). Writes `count` values to `out`.
/// Two empty fingerprints have similarity 1, as in RDKit's TanimotoSimilarity.
void ap_tanimoto_one_to_many(const uint64_t *query, int query_count,
                             const uint64_t *pool, const int32_t *pool_counts,
                             size_t count, size_t words, double *out);


/// The leader-picking screen (exact integer form of RDKit's "1 - Tanimoto > threshold" test).
/// For each candidate i < `count` with alive[i] != 0, clears alive[i] when some leader j is near:
/// with c = |cand_i ∧ leader_j| and u = cand_counts[i] + leader_counts[j] - c, near means
/// c >= min_common[u]. `min_common` has 2 × words × 64 + 1 entries, precomputed by the caller
/// from the double-precision distance test so results match RDKit bit for bit.
void ap_leader_screen(const uint64_t *cand, const int32_t *cand_counts, uint8_t *alive, size_t count,
                      const uint64_t *leaders, const int32_t *leader_counts, size_t leader_count,
                      size_t words, const int32_t *min_common);
#endif
