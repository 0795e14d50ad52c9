import Support
import CKernels
import Foundation

/// MOSES internal diversity, IntDiv_p = 1 − mean_x (mean_y T(x, y)^p)^(1/p), for p = 1 and p = 2.
///
/// As in MOSES `internal_diversity`, x and y run over *all* valid designs, duplicates and the self pair
/// included, and two empty fingerprints count as identical (T = 1). Duplicates are passed once with their
/// multiplicity as `weight`, which gives the same value with fewer pairs. The pair sums come from a C
/// popcount kernel over the upper half of the similarity matrix in tiles, spread over `workers` threads.
public struct InternalDiversity: Sendable, Equatable, Codable {
    public let p1: Double
    public let p2: Double

    /// `packed` holds the fingerprints back to back, `wordsPerFingerprint` 64-bit words each.
    public init(packed: [UInt64], wordsPerFingerprint words: Int, weights: [Double], workers: Int = 2) {
        let n = weights.count
        precondition(packed.count == n * words, "packed fingerprints and weights disagree")
        let total = weights.reduce(0, +)
        guard n > 0, total > 0 else { p1 = .nan; p2 = .nan; return }
        let counts = (0..<n).map { i in packed[(i * words)..<((i + 1) * words)].reduce(0) { $0 + $1.nonzeroBitCount } }
        let tile = 256
        let tileRows = (n + tile - 1) / tile
        let threads = max(1, min(workers, tileRows))
        // One pair of sum arrays per thread, added at the end. Thread t takes tile rows t, t + threads, … (not
        // whichever row is free next), so each sum adds the same terms in the same order on every run.
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * n * threads)
        sums.initialize(repeating: 0)
        defer { sums.deallocate() }
        packed.withUnsafeBufferPointer { fps in
            counts.map { Int32($0) }.withUnsafeBufferPointer { counts in
                weights.withUnsafeBufferPointer { weights in
                    onThreads(threads) { t in
                        let sum1 = sums.baseAddress! + 2 * n * t
                        let sum2 = sum1 + n
                        for row in stride(from: t, to: tileRows, by: threads) {
                            let status = ap_intdiv_tile_row(fps.baseAddress, counts.baseAddress, weights.baseAddress,
                                                            n, words, tile, row, sum1, sum2)
                            precondition(status == 0, "out of memory in the internal-diversity kernel")
                        }
                    }
                }
            }
        }
        var mean1 = 0.0, mean2 = 0.0
        for i in 0..<n {
            var s1 = 0.0, s2 = 0.0
            for t in 0..<threads {
                s1 += sums[2 * n * t + i]
                s2 += sums[2 * n * t + n + i]
            }
            mean1 += weights[i] * (s1 / total)
            mean2 += weights[i] * (s2 / total).squareRoot()
        }
        p1 = 1 - mean1 / total
        p2 = 1 - mean2 / total
    }
}
