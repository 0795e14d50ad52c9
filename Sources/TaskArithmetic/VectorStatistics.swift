import Model

/// Size and sparsity of one tensor of a task vector (or of the whole vector).
public struct TensorStatistics: Codable, Equatable, Sendable {
    public let name: String
    public let shape: [Int]
    public let count: Int
    /// Euclidean (L2) norm, accumulated in Double.
    public let norm: Double
    public let maxAbs: Double
    /// Fraction of entries exactly zero, and with |x| < epsilon (zeros included).
    public let zeroFraction: Double
    public let nearZeroFraction: Double

    init(name: String, shape: [Int], values: ArraySlice<Float>, epsilon: Float) {
        var sumSquares = 0.0, maxAbs: Float = 0
        var zeros = 0, small = 0
        for x in values {
            sumSquares += Double(x) * Double(x)
            maxAbs = max(maxAbs, x.magnitude)
            if x == 0 { zeros += 1 }
            if x.magnitude < epsilon { small += 1 }
        }
        let n = values.count
        self.name = name
        self.shape = shape
        self.count = n
        self.norm = sumSquares.squareRoot()
        self.maxAbs = Double(maxAbs)
        self.zeroFraction = n == 0 ? 0 : Double(zeros) / Double(n)
        self.nearZeroFraction = n == 0 ? 0 : Double(small) / Double(n)
    }
}

/// Per-tensor and overall statistics of a task vector.
public struct VectorStatistics: Codable, Equatable, Sendable {
    public let label: String
    public let epsilon: Float
    public let tensors: [TensorStatistics]
    public let overall: TensorStatistics

    public init(_ deltas: ParameterSet, label: String, epsilon: Float = 1e-8) {
        self.label = label
        self.epsilon = epsilon
        tensors = deltas.specs.map { TensorStatistics(name: $0.name, shape: $0.shape, values: deltas.values[$0.range], epsilon: epsilon) }
        overall = TensorStatistics(name: "all", shape: [deltas.count], values: deltas.values[...], epsilon: epsilon)
    }
}

/// Cosine similarity between two task vectors, overall and per tensor: near 0 the directions are
/// independent, negative they interfere (one undoes the other). Nil where either side is all zeros.
public struct VectorSimilarity: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public let name: String
        public let cosine: Double?
    }

    public let first: String
    public let second: String
    public let overall: Double?
    public let tensors: [Entry]

    /// Throws `.mismatch` when the two vectors' layouts differ.
    public init(_ a: ParameterSet, _ b: ParameterSet, labels: (String, String)) throws {
        if let why = a.layoutMismatch(with: b) {
            throw TaskArithmeticError.mismatch("vectors '\(labels.0)' and '\(labels.1)' cannot be compared: \(why)")
        }
        first = labels.0
        second = labels.1
        tensors = a.specs.map { Entry(name: $0.name, cosine: Self.cosine(a.values[$0.range], b.values[$0.range])) }
        overall = Self.cosine(a.values[...], b.values[...])
    }

    static func cosine(_ x: ArraySlice<Float>, _ y: ArraySlice<Float>) -> Double? {
        var dot = 0.0, xx = 0.0, yy = 0.0
        for (u, v) in zip(x, y) {
            dot += Double(u) * Double(v)
            xx += Double(u) * Double(u)
            yy += Double(v) * Double(v)
        }
        guard xx > 0, yy > 0 else { return nil }
        return dot / (xx.squareRoot() * yy.squareRoot())
    }
}
