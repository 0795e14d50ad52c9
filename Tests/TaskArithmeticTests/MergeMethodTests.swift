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
    func testASingleNegatedVectorStaysNegatedForEveryMethod() throws {
        let tau: [Float] = [0.5, -6, 3, -1, 10, 2, -4, 0.25, 7, -8, 1.5, -2.5]
        let base: [Float] = (0..<tau.count).map { Float($0) * 0.125 }
        let finetuned = zip(base, tau).map { $0 + $1 }
        let settings: [String: [String: Double]] = ["ties": ["density": 0.5], "dare": ["drop": 0.5, "seed": 3], "breadcrumbs": ["gamma": 0.1, "beta": 0.2]]
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
        XCTAssertEqual(MergeMethods.all.map(\.name), ["sum", "ties", "dare", "breadcrumbs"])
        XCTAssertEqual(try MergeMethods.named("ties").make().settings, ["density": "0.2"])
        XCTAssertEqual(try MergeMethods.named("dare").make(["drop": 0.3, "seed": 9]).settings, ["drop": "0.3", "seed": "9"])
        XCTAssertThrowsError(try MergeMethods.named("magic")) {
            XCTAssertEqual("\($0)", "unknown merge method 'magic'; methods: sum, ties, dare, breadcrumbs")
        }
        XCTAssertThrowsError(try MergeMethods.named("ties").make(["drop": 0.3])) {
            XCTAssertEqual("\($0)", "--drop does not apply to method 'ties'; it takes --density")
        }
        XCTAssertThrowsError(try MergeMethods.named("sum").make(["density": 0.3])) {
            XCTAssertEqual("\($0)", "--density does not apply to method 'sum'; it takes no options")
        }
        XCTAssertThrowsError(try MergeMethods.named("ties").make(["density": 1.5])) {
            XCTAssertEqual("\($0)", "--density must be in 0.0…1.0 for 'ties', got 1.5")
        }
        XCTAssertThrowsError(try MergeMethods.named("dare").make(["seed": 1.5])) {
            XCTAssertEqual("\($0)", "--seed must be a whole number, got 1.5")
        }
    }
}
