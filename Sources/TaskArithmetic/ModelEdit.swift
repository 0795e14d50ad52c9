import Foundation
import Model

/// One task vector with its weight λ in an edit (λ < 0 moves the model away from the fine-tuned one).
public struct WeightedVector: Sendable {
    public var vector: TaskVector
    public var lambda: Double
    /// Where it came from (a file path), recorded in the edited model's metadata.
    public var source: String

    public init(vector: TaskVector, lambda: Double, source: String) {
        self.vector = vector
        self.lambda = lambda
        self.source = source
    }
}

/// θ = θ_base + merge(λ_1·s_t·τ_1, …, λ_n·s_t·τ_n) for every tensor t, where s_t is the tensor's
/// scale factor (`ScaleRule`) and `merge` a registered `MergeMethod` (`sum` is plain task arithmetic).
public struct ModelEdit: Sendable {
    public var vectors: [WeightedVector]
    public var scales: [ScaleRule]
    public var method: any MergeMethod
    /// Apply vectors taken from a different base (the layout must still match).
    public var force: Bool

    public init(vectors: [WeightedVector], scales: [ScaleRule] = [], method: any MergeMethod = SumMerge(), force: Bool = false) {
        self.vectors = vectors
        self.scales = scales
        self.method = method
        self.force = force
    }

    /// Checks every vector against the base (layout, and base checksum unless forced), naming the
    /// first problem.
    public func check(base: ParameterSet, baseChecksum: String) throws {
        guard !vectors.isEmpty else { throw TaskArithmeticError.noVectors }
        if let plain = vectors.first(where: { !$0.vector.info.linearized }), let linear = vectors.first(where: { $0.vector.info.linearized }) {
            throw TaskArithmeticError.mismatch("task vector '\(linear.vector.info.label)' is linearized (tangent-space fine-tuning) and "
                + "'\(plain.vector.info.label)' is not; they live in different models and cannot be merged")
        }
        for v in vectors {
            if let why = v.vector.layoutMismatch(with: base) {
                throw TaskArithmeticError.mismatch("task vector '\(v.vector.info.label)' (\(v.source)) does not fit the base: \(why)")
            }
            if !force, v.vector.info.baseChecksum != baseChecksum {
                throw TaskArithmeticError.wrongBase(vector: v.vector.info.label, expected: v.vector.info.baseChecksum, found: baseChecksum)
            }
        }
    }

    /// The edited parameters.
    public func apply(to base: ParameterSet, baseChecksum: String) throws -> ParameterSet {
        try check(base: base, baseChecksum: baseChecksum)
        let factors = try ScaleRule.factors(for: base, rules: scales)
        var edited = base
        for (t, spec) in base.specs.enumerated() {
            let deltas = vectors.map { v -> [Float] in
                let w = Float(v.lambda * factors[t])
                return v.vector.deltas.values[spec.range].map { w * $0 }
            }
            let change = method.combine(deltas, tensor: MergeTensor(name: spec.name, index: t))
            for (j, i) in spec.range.enumerated() {
                let value = base.values[i] + change[j]
                // Float overflows at ~3.4e38: a huge λ gives ±inf or NaN, which would sample garbage or crash.
                guard value.isFinite else {
                    throw TaskArithmeticError.nonFiniteEdit(tensor: spec.name, index: j,
                                                            lambdas: vectors.map(\.lambda))
                }
                edited.values[i] = value
            }
        }
        return edited
    }

    /// Whether the edit is of linearized vectors: the edited weights then mean f(θ₀) + J(θ₀)·Δ.
    public var isLinearized: Bool { vectors.first?.vector.info.linearized == true }

    /// What the edited model's file records: the base checksum, each vector (label, source,
    /// its base, λ), the scale rules and the method with its settings. Keys start with `edit_`;
    /// an edit of linearized vectors also records `LanguageModel.linearizedKey` (θ₀'s checksum).
    public func metadata(baseChecksum: String) -> [String: String] {
        struct Entry: Encodable { let label: String; let source: String; let lambda: Double; let base_checksum: String; let finetuned_checksum: String? }
        let entries = vectors.map {
            Entry(label: $0.vector.info.label, source: $0.source, lambda: $0.lambda,
                  base_checksum: $0.vector.info.baseChecksum, finetuned_checksum: $0.vector.info.finetunedChecksum)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<T: Encodable>(_ value: T) -> String { String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self) }
        var m = [
            "edit_base_checksum": baseChecksum,
            "edit_vectors": json(entries),
            "edit_lambdas": vectors.map { "\($0.lambda)" }.joined(separator: ","),
            "edit_method": method.name,
            "edit_method_settings": json(method.settings),
            "edit_scales": json(scales.map(\.description)),
            "edit_forced": force ? "true" : "false",
        ]
        if isLinearized { m[LanguageModel.linearizedKey] = baseChecksum }
        return m
    }
}
