import XCTest
@testable import Model
@testable import Tokens

/// The analytic backward pass against central finite differences, for every parameter tensor.
final class GradientTests: XCTestCase {
    func check(dropout: Double) throws {
        let config = try tinyConfig(layers: 2, embedding: 3, hidden: 4, dropout: dropout)
        let model = LanguageModel(config: config, seed: 7)
        let seqs = try ["CCO", "c1ccccc1", "CC(=O)N", "N"].map { try config.vocabulary.encode($0, tokenizer: SMILESTokenizer()) }
        let batch = Batch(seqs)
        let net = Network(config: config)
        let params = model.parameters.values
        var grad = [Float](repeating: 0, count: params.count)
        var rng = RandomGenerator(seed: 11)
        _ = net.lossAndGradient(params, batch: batch, grad: &grad, dropout: Float(dropout), rng: &rng)

        func loss(_ p: [Float]) -> Double {
            var g = [Float](repeating: 0, count: p.count)
            var r = RandomGenerator(seed: 11)  // the same dropout masks
            return net.lossAndGradient(p, batch: batch, grad: &g, dropout: Float(dropout), rng: &r)
        }
        let eps: Float = 3e-3
        for spec in model.parameters.specs {
            var worst = 0.0
            var norm = 0.0
            for i in spec.range {
                var plus = params, minus = params
                plus[i] += eps
                minus[i] -= eps
                let numeric = (loss(plus) - loss(minus)) / Double(2 * eps)
                worst = max(worst, abs(numeric - Double(grad[i])))
                norm = max(norm, abs(Double(grad[i])))
            }
            XCTAssertGreaterThan(norm, 1e-4, "\(spec.name) has no gradient at all")
            XCTAssertLessThan(worst, 5e-5 + 1e-2 * norm, "\(spec.name): largest |numeric − analytic| \(worst), largest |grad| \(norm)")
        }
    }

    func testEveryTensorsGradientMatchesFiniteDifferences() throws { try check(dropout: 0) }
    func testGradientsWithDropoutMatchFiniteDifferences() throws { try check(dropout: 0.3) }
}
