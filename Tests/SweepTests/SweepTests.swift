import XCTest
import Model
import Tokens
import TaskArithmetic
@testable import Sweep

final class SweepTests: XCTestCase {
    func tinyModel() throws -> LanguageModel {
        let v = try Vocabulary.build(from: ["CCO", "c1ccccc1", "CC(=O)N"], tokenizer: SMILESTokenizer())
        return LanguageModel(config: ModelConfig(vocabulary: v, embeddingSize: 3, hiddenSize: 4, layers: 1, dropout: 0), seed: 5)
    }

    /// Each grid point samples θ_base − λ·w·τ with the same seed; a fake sampler reads the first
    /// weight back, and a fake scorer turns it into metrics so the rule has something to choose from.
    func testEachLambdaNegatesTheVectorAndTheRuleChooses() throws {
        var base = try tinyModel()
        base.parameters.values[0] = 0.25
        var finetuned = base
        finetuned.parameters.values[0] = 0.75
        let tau = try TaskVector(base: base, finetuned: finetuned, info: TaskVectorInfo(label: "t", baseChecksum: ""))
        let sweep = LambdaSweep(base: base, vectors: [SweepVector(vector: tau, weight: 2, source: "t")],
                          grid: try LambdaGrid(parsing: "0.25,0.5,0.75"), samplesPerLambda: 3, seed: 11)
        XCTAssertEqual(sweep.edit(at: 0.5).vectors.map(\.lambda), [-1])

        var seeds: [UInt64] = []
        var reported: [Double] = []
        let result = try sweep.run(
            sample: { model, count, seed in
                seeds.append(seed)
                // θ0 = base0 − λ·2·0.5 = base0 − λ
                return Array(repeating: "\(base.parameters.values[0] - model.parameters.values[0])", count: count)
            },
            score: { designs in
                let moved = Double(designs[0])!
                // Success grows with λ; validity falls below the 0.8 floor at λ = 0.75.
                return SweepMetrics(validity: 1.1 - moved / 2, uniqueness: 1, novelty: 0.9, successRate: moved, successClusters: 1)
            },
            report: { reported.append($0.lambda) })
        XCTAssertEqual(seeds, [11, 11, 11])
        XCTAssertEqual(reported, [0.25, 0.5, 0.75])
        XCTAssertEqual(result.rows.map(\.successRate), [0.25, 0.5, 0.75])
        XCTAssertEqual(result.rows.map(\.designs), [3, 3, 3])
        XCTAssertEqual(try result.choice.get().lambda, 0.5)
    }

    func testAVectorFromAnotherBaseStopsTheSweep() throws {
        let base = try tinyModel()
        let tau = TaskVector(deltas: base.parameters.zeros(), info: TaskVectorInfo(label: "stray", baseChecksum: "elsewhere"))
        let sweep = LambdaSweep(base: base, vectors: [SweepVector(vector: tau, source: "stray.safetensors")], grid: try LambdaGrid(parsing: "0.5"), samplesPerLambda: 1)
        XCTAssertThrowsError(try sweep.run(sample: { _, _, _ in [] }, score: { _ in SweepMetrics(validity: 1, uniqueness: 1, novelty: 1, successRate: 1, successClusters: 1) })) {
            XCTAssertTrue("\($0)".hasPrefix("task vector 'stray' was taken from base elsewhere but the base given is "), "\($0)")
        }
    }
}
