import Model
@testable import TaskArithmetic

/// Small hand-made parameter sets whose values are exactly representable (multiples of 1/8),
/// so sums and differences are exact in Float.
enum Fixture {
    static let names = ["embedding.weight", "lstm.weight_ih_l0", "lstm.bias_ih_l0", "lstm.weight_ih_l1", "fc.weight"]

    static func parameters(_ f: (Int) -> Float) -> ParameterSet {
        var p = ParameterSet()
        var k = 0
        for (t, name) in names.enumerated() {
            let shape = t == 2 ? [4] : [2, 3]
            let n = shape.reduce(1, *)
            try! p.append(name: name, shape: shape, values: (0..<n).map { i in f(k + i) })
            k += n
        }
        return p
    }

    static let base = parameters { Float($0 % 7) * 0.125 - 0.375 }
    static let finetuned = parameters { Float($0 % 7) * 0.125 - 0.375 + Float(($0 * 5) % 9 - 4) * 0.25 }
    static let baseChecksum = "b4se" + String(repeating: "0", count: 60)

    static func vector(label: String = "rings-none", finetuned: ParameterSet = finetuned) -> TaskVector {
        try! TaskVector(base: base, finetuned: finetuned, info: TaskVectorInfo(label: label, baseChecksum: baseChecksum))
    }

    /// A one-tensor parameter set, for merge methods worked out by hand.
    static func single(_ values: [Float]) -> ParameterSet {
        try! ParameterSet(tensors: [("w", [values.count], values)])
    }

    static func vector(_ values: [Float]) -> TaskVector {
        TaskVector(deltas: single(values), info: TaskVectorInfo(label: "hand", baseChecksum: baseChecksum))
    }
}
