import Foundation
import Model
import Tokens

/// Learned anisotropic λ for few-shot design (in the spirit of difference-vector methods such as
/// DV-BASI): θ = θ_base + Σ_i Σ_g α_{i,g}·v_{i,g}, one coefficient per vector and per group of tensors
/// (each tensor, or each layer), fitted by Adam to the few positives' likelihood and stopped early on
/// held-out positives. A handful of numbers instead of millions of weights, so there is little to
/// over-fit. The gradient of the loss with respect to α_{i,g} is Σ_{j∈g} ∂L/∂θ_j · v_{i,j}.
public struct CoefficientFit {
    public enum Granularity: String, Sendable, CaseIterable {
        /// One coefficient per vector and tensor.
        case tensor
        /// One per vector and layer (`…_l{k}` tensors together; the embedding and the head on their own).
        case layer
    }

    public var granularity = Granularity.layer
    public var learningRate = 0.02
    public var maxSteps = 300
    /// Steps without a validation improvement before stopping.
    public var patience = 20

    public init() {}

    /// The groups of tensors sharing a coefficient: names of the group, and tensor indices.
    static func groups(_ specs: [TensorSpec], _ granularity: Granularity) -> [(name: String, tensors: [Int])] {
        guard granularity == .layer else { return specs.enumerated().map { ($0.element.name, [$0.offset]) } }
        var out: [(name: String, tensors: [Int])] = []
        for (t, spec) in specs.enumerated() {
            let name = spec.name.range(of: #"_l\d+$"#, options: .regularExpression).map { "layer " + spec.name[$0].dropFirst(2) }
                ?? spec.name.split(separator: ".").first.map(String.init) ?? spec.name
            if let i = out.firstIndex(where: { $0.name == name }) { out[i].tensors.append(t) } else { out.append((name, [t])) }
        }
        return out
    }

    public struct Result {
        public let model: LanguageModel
        /// α per vector (outer) and group (inner), with the groups' names.
        public let coefficients: [[Double]]
        public let groups: [String]
        public let trainLoss: Double, validationLoss: Double
        /// The validation loss at the starting coefficients, for comparison.
        public let startValidationLoss: Double
        public let steps: Int
    }

    /// Fits the coefficients, starting from `initial` (one per vector, every group alike).
    public func fit(base: LanguageModel, vectors: [TaskVector], initial: [Double], train: [String], validation: [String]) throws -> Result {
        guard !vectors.isEmpty, vectors.count == initial.count else { throw TaskArithmeticError.invalid("one starting λ per vector") }
        for v in vectors {
            if let why = v.layoutMismatch(with: base.parameters) {
                throw TaskArithmeticError.mismatch("task vector '\(v.info.label)' does not fit the base: \(why)")
            }
        }
        guard !train.isEmpty, !validation.isEmpty else { throw TaskArithmeticError.invalid("learned λ needs training and validation positives") }
        let specs = base.parameters.specs
        let groups = Self.groups(specs, granularity)
        let trainObjective = try LikelihoodObjective(config: base.config, texts: train, tokenizer: base.tokenizer)
        let validObjective = try LikelihoodObjective(config: base.config, texts: validation, tokenizer: base.tokenizer)
        var alpha = initial.map { [Double](repeating: $0, count: groups.count) }
        func weights(_ alpha: [[Double]]) -> [Float] {
            var w = base.parameters.values
            for (i, v) in vectors.enumerated() {
                for (g, group) in groups.enumerated() {
                    let a = Float(alpha[i][g])
                    for t in group.tensors { for j in specs[t].range { w[j] += a * v.deltas.values[j] } }
                }
            }
            return w
        }
        let start = validObjective.lossAndGradient(weights(alpha)).loss
        var best = (alpha: alpha, loss: start, train: Double.nan, step: 0)
        var m = alpha.map { $0.map { _ in 0.0 } }, s = m
        var bad = 0, step = 0
        while step < maxSteps && bad < patience {
            step += 1
            let (loss, grad) = trainObjective.lossAndGradient(weights(alpha))
            for (i, v) in vectors.enumerated() {
                for (g, group) in groups.enumerated() {
                    var dot = 0.0
                    for t in group.tensors { for j in specs[t].range { dot += Double(grad[j]) * Double(v.deltas.values[j]) } }
                    // Adam on the coefficients.
                    m[i][g] = 0.9 * m[i][g] + 0.1 * dot
                    s[i][g] = 0.999 * s[i][g] + 0.001 * dot * dot
                    let mHat = m[i][g] / (1 - pow(0.9, Double(step))), sHat = s[i][g] / (1 - pow(0.999, Double(step)))
                    alpha[i][g] -= learningRate * mHat / (sHat.squareRoot() + 1e-8)
                }
            }
            let validationLoss = validObjective.lossAndGradient(weights(alpha)).loss
            if validationLoss < best.loss - 1e-6 {
                best = (alpha, validationLoss, loss, step)
                bad = 0
            } else {
                bad += 1
            }
        }
        var model = base
        model.parameters.values = weights(best.alpha)
        if let bad = model.parameters.firstNonFinite() {
            throw TaskArithmeticError.nonFiniteEdit(tensor: bad.tensor, index: bad.index, lambdas: best.alpha.flatMap { $0 })
        }
        return Result(model: model, coefficients: best.alpha, groups: groups.map(\.name), trainLoss: best.train,
                      validationLoss: best.loss, startValidationLoss: start, steps: step)
    }
}
