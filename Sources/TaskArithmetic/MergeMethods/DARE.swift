import Support
/// DARE (Yu et al. 2024): drop each entry of each λ-weighted delta with probability `drop`,
/// rescale the survivors by 1/(1 − drop), then sum. Seeded: the mask of vector i in tensor t comes
/// from its own SplitMix64 stream derived from (seed, i, t), so it is reproducible and independent
/// of processing order.
public struct DAREMerge: MergeMethod {
    public let drop: Double
    public let seed: UInt64
    public var name: String { "dare" }
    public var settings: [String: String] { ["drop": "\(drop)", "seed": "\(seed)"] }
    public init(drop: Double, seed: UInt64) {
        self.drop = drop
        self.seed = seed
    }

    public func combine(_ deltas: [[Float]], tensor: MergeTensor) -> [Float] {
        var out = [Float](repeating: 0, count: deltas.first?.count ?? 0)
        let rescale = Float(1 / (1 - drop))
        for (i, d) in deltas.enumerated() {
            var random = SplitMix64(stream: seed, UInt64(i), UInt64(tensor.index))
            for j in out.indices where random.nextUniform() >= drop {
                out[j] += d[j] * rescale
            }
        }
        return out
    }
}

extension MergeMethodKind {
    public static let dare = MergeMethodKind(
        name: "dare", summary: "DARE: random drop with rate p, rescale 1/(1−p), sum",
        options: [
            MergeOption(name: "drop", help: "probability of dropping each entry (dare)", defaultValue: 0.5, range: 0...0.99),
            MergeOption(name: "seed", help: "random seed of the drop masks (dare)", defaultValue: 0, range: 0...9_007_199_254_740_992, integer: true),
        ]
    ) { DAREMerge(drop: $0["drop"]!, seed: UInt64($0["seed"]!)) }
}
