import XCTest
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
        for words in [16, 3] {
            let n = 300  // more than one 256-row tile
            var packed: [UInt64] = []
            for i in 0..<n {
                for _ in 0..<words {
                    packed.append(i < 2 ? 0 : rng.next() & rng.next() & rng.next())  // sparse bits; two empty
                }
            }
            let weights = (0..<n).map { _ in Double(1 + rng.next() % 3) }
            let fast = InternalDiversity(packed: packed, wordsPerFingerprint: words, weights: weights, workers: 2)

            var expanded: [ArraySlice<UInt64>] = []
            for i in 0..<n {
                for _ in 0..<Int(weights[i]) { expanded.append(packed[(i * words)..<((i + 1) * words)]) }
            }
            func tanimoto(_ a: ArraySlice<UInt64>, _ b: ArraySlice<UInt64>) -> Double {
                let both = zip(a, b).reduce(0) { $0 + ($1.0 & $1.1).nonzeroBitCount }
                let either = zip(a, b).reduce(0) { $0 + ($1.0 | $1.1).nonzeroBitCount }
                return either == 0 ? 1 : Double(both) / Double(either)
            }
            var mean1 = 0.0, mean2 = 0.0
            for x in expanded {
                var s1 = 0.0, s2 = 0.0
                for y in expanded {
                    let t = tanimoto(x, y)
                    s1 += t; s2 += t * t
                }
                mean1 += s1 / Double(expanded.count)
                mean2 += (s2 / Double(expanded.count)).squareRoot()
            }
            XCTAssertEqual(fast.p1, 1 - mean1 / Double(expanded.count), accuracy: 1e-9, "words \(words)")
            XCTAssertEqual(fast.p2, 1 - mean2 / Double(expanded.count), accuracy: 1e-9, "words \(words)")
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
