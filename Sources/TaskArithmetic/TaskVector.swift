import Foundation
import Model
import Support

/// A property direction in weight space: τ = θ_finetuned − θ_base over every tensor, with its provenance.
///
/// `deltas` has exactly the base model's layout (names, order, shapes), so editing is one loop
/// over the flat buffer.
public struct TaskVector: Equatable, Sendable {
    public var deltas: ParameterSet
    public var info: TaskVectorInfo

    public init(deltas: ParameterSet, info: TaskVectorInfo) {
        self.deltas = deltas
        self.info = info
    }

    /// τ = θ_finetuned − θ_base. Throws `.mismatch` naming the first differing tensor, and
    /// `.nonFinite` if the fine-tuned weights hold a NaN or infinity.
    public init(base: ParameterSet, finetuned: ParameterSet, info: TaskVectorInfo) throws {
        if let why = base.layoutMismatch(with: finetuned) {
            throw TaskArithmeticError.mismatch("base and fine-tuned models differ: \(why)")
        }
        var deltas = base
        for spec in base.specs {
            for i in spec.range {
                let d = finetuned.values[i] - base.values[i]
                guard d.isFinite else { throw TaskArithmeticError.nonFinite(tensor: spec.name, index: i - spec.offset) }
                deltas.values[i] = d
            }
        }
        self.init(deltas: deltas, info: info)
    }

    /// Writes the vector as one safetensors file (F32 tensors + the metadata of `info`).
    public func write(to url: URL) throws {
        try SafeTensors.write(deltas, metadata: info.metadata, to: url)
    }

    /// Reads a vector file written by `write(to:)`.
    public static func read(_ url: URL) throws -> TaskVector {
        let (parameters, metadata) = try SafeTensors.read(url)
        if let bad = parameters.firstNonFinite() {
            throw TaskArithmeticError.badVectorFile(path: url.path, why: "tensor '\(bad.tensor)' holds \(bad.value) at element \(bad.index)")
        }
        return TaskVector(deltas: parameters, info: try TaskVectorInfo(metadata: metadata, source: url.path))
    }

    /// The first layout difference between this vector and a model's parameters, or nil.
    public func layoutMismatch(with parameters: ParameterSet) -> String? {
        parameters.layoutMismatch(with: deltas)
    }
}
