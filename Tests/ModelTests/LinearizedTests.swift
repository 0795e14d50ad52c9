import XCTest
@testable import Model
@testable import Tokens

/// The linearized model f(θ₀) + J·Δ of tangent-space fine-tuning: the tangent pass against finite
/// differences of the real model, and the linearized loss's gradient against finite differences.
final class LinearizedTests: XCTestCase {
    let smiles = ["CCO", "c1ccccc1", "CC(=O)N", "N"]

    func setUp(dropout: Double = 0) throws -> (LanguageModel, Batch, Network) {
        let config = try tinyConfig(layers: 2, embedding: 3, hidden: 4, dropout: dropout)
        let model = LanguageModel(config: config, seed: 7)
        let batch = Batch(try smiles.map { try config.vocabulary.encode($0, tokenizer: SMILESTokenizer()) })
        return (model, batch, Network(config: config, kernels: StepKernels(product: .blas, level: .best)))
    }

    func testTangentPassMatchesCentralDifferencesForEveryTensor() throws {
        let (model, batch, net) = try setUp()
        let base = model.parameters.values
        var rng = RandomGenerator(seed: 3)
        let f0 = net.logits(base, batch: batch)
        for spec in model.parameters.specs {
            // Δ moves this tensor only.
            var delta = [Float](repeating: 0, count: base.count)
            for i in spec.range { delta[i] = rng.uniform(-1, 1) }
            let jvp = zip(net.linearizedLogits(base: base, delta: delta, batch: batch), f0).map { $0 - $1 }
            let eps: Float = 1e-2
            let plus = net.logits(zip(base, delta).map { $0 + eps * $1 }, batch: batch)
            let minus = net.logits(zip(base, delta).map { $0 - eps * $1 }, batch: batch)
            var worst = 0.0, scale = 0.0
            for j in jvp.indices {
                let numeric = Double(plus[j] - minus[j]) / Double(2 * eps)
                worst = max(worst, abs(numeric - Double(jvp[j])))
                scale = max(scale, abs(Double(jvp[j])))
            }
            XCTAssertGreaterThan(scale, 1e-4, "\(spec.name) moves no logit")
            XCTAssertLessThan(worst, 2e-3 * max(1, scale), "\(spec.name): |numeric − J·Δ| up to \(worst) (|J·Δ| up to \(scale))")
        }
    }

    func testAtZeroChangeTheLinearizedModelIsTheBaseExactly() throws {
        let (model, batch, net) = try setUp()
        let base = model.parameters.values
        XCTAssertEqual(net.linearizedLogits(base: base, delta: [Float](repeating: 0, count: base.count), batch: batch),
                       net.logits(base, batch: batch))
    }

    func testLinearizedLossGradientMatchesFiniteDifferences() throws {
        let (model, batch, net) = try setUp(dropout: 0.3)
        let base = model.parameters.values
        var rng = RandomGenerator(seed: 5)
        let delta = (0..<base.count).map { _ in rng.uniform(-0.2, 0.2) }
        func loss(_ d: [Float]) -> (Double, [Float]) {
            var g = [Float](repeating: 0, count: d.count)
            var r = RandomGenerator(seed: 11)  // the same dropout masks every time
            let l = net.linearizedLossAndGradient(base: base, delta: d, batch: batch, grad: &g, dropout: 0.3, rng: &r)
            return (l, g)
        }
        let (_, grad) = loss(delta)
        let eps: Float = 3e-3
        for spec in model.parameters.specs {
            var worst = 0.0, norm = 0.0
            let step = max(1, spec.range.count / 25)
            for i in stride(from: spec.range.lowerBound, to: spec.range.upperBound, by: step) {
                var plus = delta, minus = delta
                plus[i] += eps
                minus[i] -= eps
                let numeric = (loss(plus).0 - loss(minus).0) / Double(2 * eps)
                worst = max(worst, abs(numeric - Double(grad[i])))
                norm = max(norm, abs(Double(grad[i])))
            }
            XCTAssertGreaterThan(norm, 1e-5, "\(spec.name) has no gradient")
            XCTAssertLessThan(worst, 5e-5 + 1e-2 * norm, "\(spec.name): |numeric − analytic| up to \(worst), |grad| up to \(norm)")
        }
    }

    /// Tangent-space fine-tuning on ring-free molecules gives a direction τ; negating it makes the
    /// linearized model find ring-free molecules less likely and ring molecules relatively more likely.
    func testNegatingALinearizedVectorMovesAwayFromItsData() throws {
        let rings = ["c1ccccc1", "c1ccncc1", "C1CCCCC1", "c1ccc(O)cc1", "C1CCNCC1", "c1ccsc1", "c1ccc(N)cc1", "OC1CCCCC1"]
        let chains = ["CCO", "CCN", "CCCC", "CC(=O)O", "CC(C)O", "CCOC", "NCCN", "OCCO"]
        let v = try Vocabulary.build(from: rings + chains, tokenizer: SMILESTokenizer())
        var o = TrainingOptions()
        o.batchSize = 8
        o.learningRate = 1e-2
        o.quiet = true
        o.patience = 0
        o.epochs = 40
        let start = LanguageModel(config: ModelConfig(vocabulary: v, embeddingSize: 8, hiddenSize: 16, layers: 2, dropout: 0), seed: 2)
        let (base, _) = try Trainer.train(start, train: rings + chains, validation: [], options: o, checkpointFolder: nil)
        o.epochs = 15
        o.learningRate = 3e-3
        let (tuned, _) = try Trainer.train(base, train: chains, validation: [], options: o, checkpointFolder: nil,
                                           linearizedAround: base)
        let theta0 = base.parameters.values
        let tau = zip(tuned.parameters.values, theta0).map { $0 - $1 }
        let net = Network(config: base.config)
        func meanLL(_ smiles: [String], _ lambda: Float) throws -> Double {
            let batch = Batch(try smiles.map { try v.encode($0, tokenizer: SMILESTokenizer()) })
            let theta = zip(theta0, tau).map { $0 + lambda * $1 }
            return net.logLikelihoods(theta, batch: batch, linearizedAround: theta0).reduce(0, +) / Double(smiles.count)
        }
        XCTAssertGreaterThan(try meanLL(chains, 1), try meanLL(chains, 0), "fine-tuning raised its own data")
        XCTAssertLessThan(try meanLL(chains, -1), try meanLL(chains, 0), "negation lowers it")
        let gapBase = try meanLL(rings, 0) - meanLL(chains, 0), gapNegated = try meanLL(rings, -1) - meanLL(chains, -1)
        XCTAssertGreaterThan(gapNegated, gapBase, "negation favours the other molecules")
    }

    /// The sampler reads a linearized model as f(θ₀) + J·Δ: each sample's NLL is the one the linearized
    /// likelihood gives it, and at Δ = 0 it samples exactly what the base samples.
    func testSamplingALinearizedModelFollowsItsLinearizedLikelihood() throws {
        // A trained base, so samples are token sequences that decode and re-encode the same (an untrained
        // model also draws <bos> and <pad>, which decoding drops).
        let corpus = ["CCO", "CCN", "CCC", "c1ccccc1", "CC(=O)N", "CC(=O)O", "NCCO", "OCCO"]
        let config = ModelConfig(vocabulary: try Vocabulary.build(from: corpus, tokenizer: SMILESTokenizer()),
                                 embeddingSize: 8, hiddenSize: 16, layers: 2, dropout: 0)
        var o = TrainingOptions()
        o.batchSize = 4
        o.learningRate = 1e-2
        o.quiet = true
        o.patience = 0
        o.epochs = 40
        let (base, _) = try Trainer.train(LanguageModel(config: config, seed: 4), train: corpus, validation: [], options: o,
                                          checkpointFolder: nil)
        var rng = RandomGenerator(seed: 9)
        var shifted = base
        for i in shifted.parameters.values.indices { shifted.parameters.values[i] += rng.uniform(-0.1, 0.1) }
        let options = SamplingOptions(count: 40, seed: 3, batchSize: 16, maxLength: 20)
        XCTAssertEqual(try base.sample(options, linearizedAround: base), try base.sample(options))
        let samples = try shifted.sample(options, linearizedAround: base)
        XCTAssertNotEqual(samples, try shifted.sample(options), "the expansion is not the model itself")
        let finished = samples.filter(\.finished)
        XCTAssertGreaterThan(finished.count, 10)
        let net = Network(config: config)
        let batch = Batch(try finished.map { try config.vocabulary.encode($0.smiles, tokenizer: SMILESTokenizer()) })
        let ll = net.logLikelihoods(shifted.parameters.values, batch: batch, linearizedAround: base.parameters.values)
        // A rare sample that drew <pad> or <bos> mid-way re-encodes shorter; all others must agree.
        let agreeing = zip(finished, ll).filter { abs($0.nll + $1) <= 1e-3 * max(1, $0.nll) }.count
        XCTAssertGreaterThanOrEqual(Double(agreeing), 0.9 * Double(finished.count), "\(agreeing) of \(finished.count) agree")
    }
}
