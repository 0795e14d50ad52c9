import Support
/// DARE-TIES (Yu et al. 2024, as mergekit's `dare_ties`): DARE's random drop of each λ-weighted delta
/// (probability `drop`, survivors rescaled by 1/(1 − drop), the masks seeded as DARE's), then TIES's
/// sign election and disjoint mean instead of a sum.
public struct DARETIESMerge: MergeMethod {
    public let drop: Double
    public let seed: UInt64
    public var name: String { "dare-ties" }
    public var settings: [String: String] { ["drop": "\(drop)", "seed": "\(seed)"] }
    public init(drop: Double, seed: UInt64) {
        self.drop = drop
        self.seed = seed
    }

    public func combine(_ deltas: [[Float]], tensor: MergeTensor) -> [Float] {
        let rescale = Float(1 / (1 - drop))
        let dropped = deltas.enumerated().map { i, d -> [Float] in
            var random = SplitMix64(stream: seed, UInt64(i), UInt64(tensor.index))
            return d.map { random.nextUniform() >= drop ? $0 * rescale : 0 }
        }
        return SignElection.electAndMerge(dropped)
    }
}

extension MergeMethodKind {
    public static let dareTIES = MergeMethodKind(
        name: "dare-ties", summary: "DARE-TIES: DARE's random drop and rescale, then TIES's sign election and disjoint mean",
        options: [
            MergeOption(name: "drop", help: "probability of dropping each entry (dare, dare-ties)", defaultValue: 0.5, range: 0...0.99),
            MergeOption(name: "seed", help: "random seed of the drop masks (dare, dare-ties, della)", defaultValue: 0,
                        range: 0...9_007_199_254_740_992, integer: true),
        ]
    ) { DARETIESMerge(drop: $0["drop"]!, seed: UInt64($0["seed"]!)) }
}
