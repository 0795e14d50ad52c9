/// One named tensor inside a `ParameterSet`: its PyTorch-style name, shape and place in the flat buffer.
public struct TensorSpec: Hashable, Sendable, Codable {
    public let name: String
    public let shape: [Int]
    /// Index of the first element in `ParameterSet.values`.
    public let offset: Int
    public var count: Int { shape.reduce(1, *) }
    public var range: Range<Int> { offset..<(offset + count) }

    public init(name: String, shape: [Int], offset: Int) {
        self.name = name
        self.shape = shape
        self.offset = offset
    }
}

/// Every weight of a model in one contiguous Float32 buffer, with a table of named tensors.
///
/// One buffer keeps the optimiser and task arithmetic to single loops; the table keeps the
/// PyTorch names (`embedding.weight`, `lstm.weight_ih_l0`, …) so files load into `torch.nn` modules.
/// Tensors are laid out in the order they were added; each is row-major (C order), as in PyTorch.
public struct ParameterSet: Equatable, Sendable {
    public private(set) var specs: [TensorSpec]
    public var values: [Float]

    public init() {
        specs = []
        values = []
    }

    /// Builds a set from named tensors, in order. Errors on a duplicate name or a size mismatch.
    public init(tensors: [(name: String, shape: [Int], values: [Float])]) throws {
        self.init()
        for t in tensors { try append(name: t.name, shape: t.shape, values: t.values) }
    }

    /// Adds a tensor at the end of the buffer.
    public mutating func append(name: String, shape: [Int], values newValues: [Float]) throws {
        guard !specs.contains(where: { $0.name == name }) else {
            throw ParameterSetError.duplicateName(name)
        }
        let spec = TensorSpec(name: name, shape: shape, offset: values.count)
        guard newValues.count == spec.count else {
            throw ParameterSetError.sizeMismatch(name: name, shape: shape, count: newValues.count)
        }
        specs.append(spec)
        values.append(contentsOf: newValues)
    }

    /// Adds a zero-filled tensor at the end of the buffer and returns its spec.
    @discardableResult
    public mutating func appendZeros(name: String, shape: [Int]) throws -> TensorSpec {
        try append(name: name, shape: shape, values: [Float](repeating: 0, count: shape.reduce(1, *)))
        return specs[specs.count - 1]
    }

    public var count: Int { values.count }
    public var names: [String] { specs.map(\.name) }

    /// The first NaN or infinite value: its tensor and index within the tensor; nil when all are finite.
    public func firstNonFinite() -> (tensor: String, index: Int, value: Float)? {
        for spec in specs {
            if let i = values[spec.range].firstIndex(where: { !$0.isFinite }) { return (spec.name, i - spec.offset, values[i]) }
        }
        return nil
    }

    public func spec(named name: String) -> TensorSpec? { specs.first { $0.name == name } }

    /// A copy of one tensor's values.
    public func tensor(_ name: String) -> [Float]? {
        spec(named: name).map { Array(values[$0.range]) }
    }

    /// A set with the same layout and every value zero (e.g. gradients, Adam moments).
    public func zeros() -> ParameterSet {
        var z = self
        z.values = [Float](repeating: 0, count: values.count)
        return z
    }

    /// The first difference in names, order or shapes between two layouts, or nil when they match.
    public func layoutMismatch(with other: ParameterSet) -> String? {
        if specs.count != other.specs.count {
            return "tensor count differs (\(specs.count) vs \(other.specs.count))"
        }
        for (a, b) in zip(specs, other.specs) {
            if a.name != b.name { return "tensor '\(a.name)' vs '\(b.name)' at the same position" }
            if a.shape != b.shape { return "tensor '\(a.name)' has shape \(a.shape) vs \(b.shape)" }
        }
        return nil
    }
}

public enum ParameterSetError: Error, CustomStringConvertible, Equatable {
    case duplicateName(String)
    case sizeMismatch(name: String, shape: [Int], count: Int)

    public var description: String {
        switch self {
        case .duplicateName(let n): return "tensor '\(n)' appears twice"
        case .sizeMismatch(let n, let shape, let count):
            return "tensor '\(n)' has shape \(shape) but \(count) values"
        }
    }
}
