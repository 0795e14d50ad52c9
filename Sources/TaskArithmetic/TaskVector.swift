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

    /// Metadata key of the file's checksum (`checksum(_:metadata:)`).
    public static let checksumKey = "vector_sha256"

    /// Writes the vector as one safetensors file (F32 tensors + the metadata of `info` + its checksum).
    public func write(to url: URL) throws {
        var metadata = info.metadata
        metadata[Self.checksumKey] = Self.checksum(deltas, metadata: metadata)
        try SafeTensors.write(deltas, metadata: metadata, to: url)
    }

    /// Reads a vector file written by `write(to:)`. A file whose tensors or metadata no longer match its
    /// recorded checksum (a flipped bit, an edit by hand) is refused; files from before checksums were
    /// recorded have none and are read as they are.
    public static func read(_ url: URL) throws -> TaskVector {
        var (parameters, metadata) = try SafeTensors.read(url)
        if let recorded = metadata.removeValue(forKey: checksumKey), recorded != checksum(parameters, metadata: metadata) {
            throw TaskArithmeticError.badVectorFile(path: url.path, why: "its contents do not match its checksum (the file was damaged or changed)")
        }
        if let bad = parameters.firstNonFinite() {
            throw TaskArithmeticError.badVectorFile(path: url.path, why: "tensor '\(bad.tensor)' holds \(bad.value) at element \(bad.index)")
        }
        return TaskVector(deltas: parameters, info: try TaskVectorInfo(metadata: metadata, source: url.path))
    }

    /// SHA-256 over every tensor's name, shape and F32 bytes (in buffer order) and the metadata (sorted
    /// `key=value` lines): what a vector file says, independent of how its header is laid out.
    static func checksum(_ parameters: ParameterSet, metadata: [String: String]) -> String {
        var hash = SHA256()
        for spec in parameters.specs {
            hash.update(Array("\(spec.name)\u{0}\(spec.shape.map(String.init).joined(separator: ","))\n".utf8))
            parameters.values[spec.range].withUnsafeBytes { hash.update($0) }
        }
        for key in metadata.keys.sorted() { hash.update(Array("\(key)=\(metadata[key]!)\n".utf8)) }
        return hash.finalizeHex()
    }

    /// The first layout difference between this vector and a model's parameters, or nil.
    public func layoutMismatch(with parameters: ParameterSet) -> String? {
        parameters.layoutMismatch(with: deltas)
    }
}
