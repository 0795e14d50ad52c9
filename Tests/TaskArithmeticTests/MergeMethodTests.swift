import Support
import XCTest
import Model
@testable import TaskArithmetic

final class MergeMethodTests: XCTestCase {
    private func merge(_ method: any MergeMethod, _ vectors: [([Float], Double)], base: [Float]? = nil) throws -> [Float] {
        let n = vectors[0].0.count
        let base = Fixture.single(base ?? [Float](repeating: 0, count: n))
        let edit = ModelEdit(vectors: vectors.map { WeightedVector(vector: Fixture.vector($0.0), lambda: $0.1, source: "hand") }, method: method)
        return try edit.apply(to: base, baseChecksum: Fixture.baseChecksum).values
    }

    func testSumIsTaskArithmetic() throws {
        // 1·[1, 2, −3] − 0.5·[4, −2, 2] = [1−2, 2+1, −3−1] = [−1, 3, −4]
        XCTAssertEqual(try merge(SumMerge(), [([1, 2, -3], 1), ([4, -2, 2], -0.5)], base: [0.5, 0.5, 0.5]), [-0.5, 3.5, -3.5])
    }

    /// TIES with density 0.6 on 5 entries keeps k = round(3.0) = 3 per vector.
    func testTIESAgainstAHandComputation() throws {
        // τ1 (λ 1)   = [ 4, −1,  2, −3, 0.5]  top 3 |·|: 4, −3, 2        → [ 4,  0,  2, −3, 0]
        // τ2 (λ 1)   = [−2,  3,  1, −1, 2  ]  top 3: 3, then |2| ties at
        //              positions 0 and 4, both kept (k = 3)               → [−2,  3,  0,  0, 2]
        // τ3 (λ 0.5) = [ 2, −4, −8, 0.5, 6] → λτ3 = [1, −2, −4, 0.25, 3]
        //              top 3: −4, 3, −2                                   → [ 0, −2, −4,  0, 3]
        // summed trimmed mass: [2, 1, −2, −3, 5] → elected signs [+, +, −, −, +]
        // disjoint means:  0: {4} → 4;  1: {3} → 3;  2: {−4} → −4;  3: {−3} → −3;  4: {2, 3} → 2.5
        let out = try merge(TIESMerge(density: 0.6), [([4, -1, 2, -3, 0.5], 1), ([-2, 3, 1, -1, 2], 1), ([2, -4, -8, 0.5, 6], 0.5)])
        XCTAssertEqual(out, [4, 3, -4, -3, 2.5])
    }

    func testTIESTieBreaksAndZeroSums() throws {
        // Density 0.5 of 4 entries keeps 2; all magnitudes equal, so the first two positions are kept.
        XCTAssertEqual(try merge(TIESMerge(density: 0.5), [([1, -1, 1, -1], 1)]), [1, -1, 0, 0])
        // +1 and −1 on the same entry sum to 0: no sign is elected and the entry is left alone.
        // Second entry: 2 and −1 elect +, only 2 agrees → 2.
        XCTAssertEqual(try merge(TIESMerge(density: 1), [([1, 2], 1), ([-1, -1], 1)], base: [0.25, 0.25]), [0.25, 2.25])
        // A tiny density still keeps one entry per vector.
        XCTAssertEqual(try merge(TIESMerge(density: 0.01), [([1, -5, 2], 1)]), [0, -5, 0])
    }

    func testBreadcrumbsAgainstAHandComputation() throws {
        // τ = [0.5, −6, 3, −1, 10, 2, −4, 0.25, 7, −8], λ = −0.5; γ = 0.1 drops round(1.0) = 1
        // largest (10), β = 0.3 drops round(3.0) = 3 smallest (0.25, 0.5, −1). Kept, times −0.5:
        //   [0, 3, −1.5, 0, 0, −1, 2, 0, −3.5, 4]
        // σ = ten 1s, λ = 1: all magnitudes tie, so rank is position: drop position 0 (largest)
        //   and positions 7, 8, 9 (smallest) → [0, 1, 1, 1, 1, 1, 1, 0, 0, 0]
        // Sum: [0, 4, −0.5, 1, 1, 0, 3, 0, −3.5, 4]
        let out = try merge(BreadcrumbsMerge(gamma: 0.1, beta: 0.3),
                            [([0.5, -6, 3, -1, 10, 2, -4, 0.25, 7, -8], -0.5), ([Float](repeating: 1, count: 10), 1)])
        XCTAssertEqual(out, [0, 4, -0.5, 1, 1, 0, 3, 0, -3.5, 4])
    }

    func testDAREWithoutDropIsTheSum() throws {
        let vectors: [([Float], Double)] = [([1, 2, -3], 1), ([4, -2, 2], -0.5)]
        XCTAssertEqual(try merge(DAREMerge(drop: 0, seed: 7), vectors), try merge(SumMerge(), vectors))
    }

    /// Drop 0.75 on 4096 ones with λ = −0.5: every survivor becomes −0.5 / (1 − 0.75) = −2, and
    /// about a quarter survive (the seed fixes which, so the count is reproducible).
    func testDARERescalesSurvivorsAndIsSeeded() throws {
        let ones = [Float](repeating: 1, count: 4096)
        let out = try merge(DAREMerge(drop: 0.75, seed: 42), [(ones, -0.5)])
        XCTAssertTrue(out.allSatisfy { $0 == 0 || $0 == -2 })
        let survivors = out.filter { $0 != 0 }.count
        XCTAssertEqual(Double(survivors) / 4096, 0.25, accuracy: 0.03)
        XCTAssertEqual(try merge(DAREMerge(drop: 0.75, seed: 42), [(ones, -0.5)]), out)
        XCTAssertNotEqual(try merge(DAREMerge(drop: 0.75, seed: 43), [(ones, -0.5)]), out)
        // Two vectors get different masks.
        let two = try merge(DAREMerge(drop: 0.75, seed: 42), [(ones, -0.5), (ones, 1)])
        XCTAssertTrue(two.contains(2) && two.contains(-2))
    }

    func testSplitMix64MatchesTheReferenceSequence() {
        var g = SplitMix64(seed: 0)
        XCTAssertEqual(g.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(g.next(), 0x6E78_9E6A_A1B9_65F4)
        XCTAssertEqual(g.next(), 0x06C4_5D18_8009_454F)
    }

    /// The mergekit trap: normalising by Σλ turns a lone λ = −1 into +1. Every registered method,
    /// given one vector with λ = −1, must move the model away from the fine-tuned one: no entry may
    /// move towards it, some must move away, and the distance to the fine-tuned model must grow.
    func testDARETIESWithoutDropIsTIESWithoutTrimming() throws {
        // τ1 = [1, −2, 3], τ2 (λ 1) = [2, 1, −1]: sums [3, −1, 2] elect [+, −, +];
        // disjoint means: {1, 2} → 1.5; {−2} → −2; {3} → 3.
        let vectors: [([Float], Double)] = [([1, -2, 3], 1), ([2, 1, -1], 1)]
        XCTAssertEqual(try merge(DARETIESMerge(drop: 0, seed: 1), vectors), [1.5, -2, 3])
        XCTAssertEqual(try merge(DARETIESMerge(drop: 0, seed: 1), vectors), try merge(TIESMerge(density: 1), vectors))
    }

    /// Drop 0.5: survivors are rescaled ×2 before the election, and where two vectors of opposite
    /// sign both survive, the larger sum wins and only the agreeing entry counts (no averaging across signs).
    func testDARETIESElectsSignsAfterTheDrop() throws {
        let n = 2048
        let a = [Float](repeating: 1, count: n), b = [Float](repeating: -3, count: n)
        let out = try merge(DARETIESMerge(drop: 0.5, seed: 5), [(a, 1), (b, 1)])
        // Per entry: both survive → sum 2 − 6 < 0 → −6; only a → 2; only b → −6; neither → 0.
        XCTAssertTrue(out.allSatisfy { [0, 2, -6].contains($0) })
        let counts = [Float(0), 2, -6].map { v in Double(out.filter { $0 == v }.count) / Double(n) }
        XCTAssertEqual(counts[0], 0.25, accuracy: 0.04)
        XCTAssertEqual(counts[1], 0.25, accuracy: 0.04)
        XCTAssertEqual(counts[2], 0.5, accuracy: 0.04)
        XCTAssertEqual(try merge(DARETIESMerge(drop: 0.5, seed: 5), [(a, 1), (b, 1)]), out, "seeded")
    }

    /// Keep probabilities by magnitude rank, by hand: 5 entries, density 0.5, ε 0.2 → from the largest
    /// |·| down: 0.7, 0.6, 0.5, 0.4, 0.3. A kept entry is divided by its probability.
    func testDELLAKeepProbabilitiesFollowMagnitudeRank() throws {
        let della = DELLAMerge(density: 0.5, epsilon: 0.2, seed: 0)
        for (rank, p) in [0.7, 0.6, 0.5, 0.4, 0.3].enumerated() {
            XCTAssertEqual(della.keepProbability(rank: rank, of: 5), p, accuracy: 1e-12)
        }
        // τ = [−1, 5, 0.5, −3, 2]: ranks [3, 0, 4, 1, 2] → kept entries become
        // −1/0.4 = −2.5, 5/0.7, 0.5/0.3, −3/0.6 = −5, 2/0.5 = 4.
        let tau: [Float] = [-1, 5, 0.5, -3, 2]
        let expected: [Float] = [-2.5, 5 / 0.7, 0.5 / 0.3, -5, 4]
        var kept = [Int](repeating: 0, count: 5)
        for seed in 0..<2000 {
            let out = try merge(DELLAMerge(density: 0.5, epsilon: 0.2, seed: UInt64(seed)), [(tau, 1)])
            for j in 0..<5 where out[j] != 0 {
                XCTAssertEqual(out[j], expected[j], accuracy: 1e-5)
                kept[j] += 1
            }
        }
        // Kept about as often as its probability says (2000 draws: sd ≤ 0.011).
        for (j, p) in [0.4, 0.7, 0.3, 0.6, 0.5].enumerated() {
            XCTAssertEqual(Double(kept[j]) / 2000, p, accuracy: 0.04, "entry \(j)")
        }
    }

    /// ε = 0 and density 1 keep everything: DELLA is then TIES without trimming.
    func testDELLAWithEverythingKeptIsTIESWithoutTrimming() throws {
        let vectors: [([Float], Double)] = [([1, -2, 3], 1), ([2, 1, -1], -0.5), ([0.5, 4, -2], 2)]
        XCTAssertEqual(try merge(DELLAMerge(density: 1, epsilon: 0, seed: 9), vectors), try merge(TIESMerge(density: 1), vectors))
    }

    func testASingleNegatedVectorStaysNegatedForEveryMethod() throws {
        let tau: [Float] = [0.5, -6, 3, -1, 10, 2, -4, 0.25, 7, -8, 1.5, -2.5]
        let base: [Float] = (0..<tau.count).map { Float($0) * 0.125 }
        let finetuned = zip(base, tau).map { $0 + $1 }
        let settings: [String: [String: Double]] = ["ties": ["density": 0.5], "dare": ["drop": 0.5, "seed": 3], "breadcrumbs": ["gamma": 0.1, "beta": 0.2],
                                                "dare-ties": ["drop": 0.5, "seed": 3], "della": ["density": 0.5, "epsilon": 0.2, "seed": 3]]
        for kind in MergeMethods.all {
            let out = try merge(try kind.make(settings[kind.name] ?? [:]), [(tau, -1)], base: base)
            var moved = 0
            for j in tau.indices {
                let step = out[j] - base[j]
                XCTAssertLessThanOrEqual(step * tau[j], 0, "\(kind.name) moved entry \(j) towards the fine-tuned model")
                if step != 0 { moved += 1 }
            }
            XCTAssertGreaterThan(moved, 0, kind.name)
            func distance(_ x: [Float]) -> Float { zip(x, finetuned).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }
            XCTAssertGreaterThan(distance(out), distance(base), kind.name)
        }
    }

    func testRegistryBuildsMethodsAndRefusesBadOptions() throws {
        XCTAssertEqual(MergeMethods.all.map(\.name), ["sum", "ties", "dare", "breadcrumbs", "dare-ties", "della"])
        XCTAssertEqual(try MergeMethods.named("ties").make().settings, ["density": "0.2"])
        XCTAssertEqual(try MergeMethods.named("dare").make(["drop": 0.3, "seed": 9]).settings, ["drop": "0.3", "seed": "9"])
        XCTAssertThrowsError(try MergeMethods.named("magic")) {
            XCTAssertEqual("\($0)", "unknown merge method 'magic'; methods: sum, ties, dare, breadcrumbs, dare-ties, della")
        }
        XCTAssertThrowsError(try MergeMethods.named("ties").make(["drop": 0.3])) {
            XCTAssertEqual("\($0)", "option 'drop' does not apply to method 'ties'; it takes density")
        }
        XCTAssertThrowsError(try MergeMethods.named("sum").make(["density": 0.3])) {
            XCTAssertEqual("\($0)", "option 'density' does not apply to method 'sum'; it takes no options")
        }
        XCTAssertThrowsError(try MergeMethods.named("ties").make(["density": 1.5])) {
            XCTAssertEqual("\($0)", "option 'density' must be in 0.0…1.0 for 'ties', got 1.5")
        }
        XCTAssertThrowsError(try MergeMethods.named("dare").make(["seed": 1.5])) {
            XCTAssertEqual("\($0)", "option 'seed' must be a whole number, got 1.5")
        }
    }
}
