import XCTest
@testable import Model
@testable import Tokens

/// The analytic backward pass against central finite differences, for every parameter tensor.
final class GradientTests: XCTestCase {
    /// `entries` > 0 checks that many entries of each tensor (spread evenly), else all of them.
    func check(dropout: Double, hidden: Int = 4, kernels: StepKernels = .standard, entries: Int = 0) throws {
        let config = try tinyConfig(layers: 2, embedding: 3, hidden: hidden, dropout: dropout)
        let model = LanguageModel(config: config, seed: 7)
        let seqs = try ["CCO", "c1ccccc1", "CC(=O)N", "N"].map { try config.vocabulary.encode($0, tokenizer: SMILESTokenizer()) }
        let batch = Batch(seqs)
        let net = Network(config: config, kernels: kernels)
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
            let step = entries > 0 ? max(1, spec.range.count / entries) : 1
            for i in stride(from: spec.range.lowerBound, to: spec.range.upperBound, by: step) {
                var plus = params, minus = params
                plus[i] += eps
                minus[i] -= eps
                let numeric = (loss(plus) - loss(minus)) / Double(2 * eps)
                worst = max(worst, abs(numeric - Double(grad[i])))
                norm = max(norm, abs(Double(grad[i])))
            }
            XCTAssertGreaterThan(norm, 1e-4, "\(spec.name) has no gradient at all")
            XCTAssertLessThan(worst, 5e-5 + 1e-2 * norm,
                              "\(kernels) \(spec.name): largest |numeric − analytic| \(worst), largest |grad| \(norm)")
        }
    }

    func testEveryTensorsGradientMatchesFiniteDifferences() throws { try check(dropout: 0) }
    func testGradientsWithDropoutMatchFiniteDifferences() throws { try check(dropout: 0.3) }

    /// H = 32 runs the packed products on every level (H = 4 above leaves them to OpenBLAS), so each
    /// path this CPU runs is checked, the portable fallback included.
    func testEveryKernelPathsGradientMatchesFiniteDifferences() throws {
        for level in StepKernels.Level.allCases where level.isSupported {
            for product in StepKernels.Product.allCases {
                let kernels = StepKernels(product: product, level: level)
                XCTAssertTrue(product == .blas || kernels.packs(hidden: 32))
                try check(dropout: 0.3, hidden: 32, kernels: kernels, entries: 40)
            }
        }
    }
}
