#ifndef ANTIPODE_INTDIV_H
#define ANTIPODE_INTDIV_H
#include <stddef.h>
#include <stdint.h>

/// One tile row of the weighted Tanimoto power sums behind MOSES internal diversity.
///
/// `fps` holds `n` fingerprints back to back, `words` 64-bit words each; `counts[i]` is the popcount of
/// fingerprint i and `weights[i]` its multiplicity. Rows are cut into tiles of `tile` fingerprints; this
/// call handles rows [tile_row*tile, (tile_row+1)*tile) against every column j >= i (the symmetric upper
/// half, diagonal included), adding for each pair
///     sum1[i] += w_j T,  sum2[i] += w_j T^2   and, when j != i,   sum1[j] += w_i T,  sum2[j] += w_i T^2.
/// So after every tile row has run (in any order, on any threads, each with its own sum arrays that are
/// added afterwards) sum_p[i] = sum over all j of w_j T(i,j)^p. Two empty fingerprints have T = 1, as in
/// MOSES (its 0/0 NaN is replaced by 1); the self pair is always 1. Returns 0, or -1 if out of memory.
int ap_intdiv_tile_row(const uint64_t *fps, const int *counts, const double *weights,
                        size_t n, size_t words, size_t tile, size_t tile_row,
                        double *sum1, double *sum2);

/// Allows (1, the default) or forbids (0) the AVX-512 path for 1024-bit fingerprints; for tests.
void ap_intdiv_use_simd(int allowed);
#endif
