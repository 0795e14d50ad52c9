import XCTest
import CKernels
@testable import Evaluation

final class InternalDiversityTests: XCTestCase {
    func testTwoFingerprintsByHand() {
        // T(A, B) = |{1}| / |{0,1,2}| = 1/3; with the self pairs, mean_y T = (1 + 1/3)/2 = 2/3 for both.
        let d = InternalDiversity(packed: [0b011, 0b110], wordsPerFingerprint: 1, weights: [1, 1], workers: 1)
        XCTAssertEqual(d.p1, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(d.p2, 1 - (5.0 / 9).squareRoot(), accuracy: 1e-12)
    }

    func testEmptyFingerprintsAreIdenticalAsInMOSES() {
        // Two empty fingerprints: T = 1 (MOSES replaces 0/0 by 1), so no diversity at all.
        let d = InternalDiversity(packed: [0, 0], wordsPerFingerprint: 1, weights: [1, 1], workers: 1)
        XCTAssertEqual(d.p1, 0)
        // An empty and a non-empty one: T = 0 off the diagonal.
        let e = InternalDiversity(packed: [0, 1], wordsPerFingerprint: 1, weights: [1, 1], workers: 1)
        XCTAssertEqual(e.p1, 0.5, accuracy: 1e-12)
    }

    /// The tiled, weighted, two-thread kernel against MOSES's formula evaluated naively on the
    /// expanded list (each fingerprint repeated `weight` times), for the unrolled and generic word counts.
    func testKernelMatchesBruteForce() {
        var rng = SplitMix(seed: 7)
        defer { ap_intdiv_use_simd(1) }
        for (words, simd) in [(16, true), (16, false), (3, false)] {
            ap_intdiv_use_simd(simd ? 1 : 0)
            let n = 300  // more than one 256-row tile
            var packed: [UInt64] = []
            for i in 0..<n {
                for _ in 0..<words {
                    packed.append(i < 2 ? 0 : rng.next() & rng.next() & rng.next())  // sparse bits; two empty
                }
            }
            let weights = (0..<n).map { _ in Double(1 + rng.next() % 3) }
            let fast = InternalDiversity(packed: packed, wordsPerFingerprint: words, weights: weights, workers: 2)

            func tanimoto(_ i: Int, _ j: Int) -> Double {
                var both = 0, either = 0
                for w in 0..<words {
                    both += (packed[i * words + w] & packed[j * words + w]).nonzeroBitCount
                    either += (packed[i * words + w] | packed[j * words + w]).nonzeroBitCount
                }
                return either == 0 ? 1 : Double(both) / Double(either)
            }
            let t = (0..<n).map { i in (0..<n).map { j in tanimoto(i, j) } }
            let expanded = (0..<n).flatMap { i in Array(repeating: i, count: Int(weights[i])) }
            var mean1 = 0.0, mean2 = 0.0
            for x in expanded {
                var s1 = 0.0, s2 = 0.0
                for y in expanded {
                    s1 += t[x][y]; s2 += t[x][y] * t[x][y]
                }
                mean1 += s1 / Double(expanded.count)
                mean2 += (s2 / Double(expanded.count)).squareRoot()
            }
            XCTAssertEqual(fast.p1, 1 - mean1 / Double(expanded.count), accuracy: 1e-9, "words \(words), simd \(simd)")
            XCTAssertEqual(fast.p2, 1 - mean2 / Double(expanded.count), accuracy: 1e-9, "words \(words), simd \(simd)")
        }
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
