import Support
/// DELLA (Deep et al. 2024, "DELLA-Merging"): MagPrune, then TIES's sign election and disjoint mean.
/// MagPrune keeps each entry of a λ-weighted delta with a probability that grows with its magnitude
/// rank within the tensor, linearly from `density` − `epsilon` (smallest) to `density` + `epsilon`
/// (largest), and rescales a kept entry by 1 / its keep probability, so every entry is unbiased.
/// Ranks break ties by position (`MagnitudeRank`); masks are seeded per (seed, vector, tensor) as DARE's.
public struct DELLAMerge: MergeMethod {
    public let density: Double
    public let epsilon: Double
    public let seed: UInt64
    public var name: String { "della" }
    public var settings: [String: String] { ["density": "\(density)", "epsilon": "\(epsilon)", "seed": "\(seed)"] }
    public init(density: Double, epsilon: Double, seed: UInt64) {
        self.density = density
        self.epsilon = epsilon
        self.seed = seed
    }

    /// The keep probability of the entry ranked `rank` (0 = largest magnitude) of `n`.
    func keepProbability(rank: Int, of n: Int) -> Double {
        guard n > 1 else { return density }
        return density + epsilon * (1 - 2 * Double(rank) / Double(n - 1))
    }

    public func combine(_ deltas: [[Float]], tensor: MergeTensor) -> [Float] {
        let pruned = deltas.enumerated().map { i, d -> [Float] in
            let n = d.count
            var rank = [Int](repeating: 0, count: n)
            for (r, j) in MagnitudeRank.order(d).enumerated() { rank[j] = r }
            var random = SplitMix64(stream: seed, UInt64(i), UInt64(tensor.index))
            return (0..<n).map { j in
                let p = keepProbability(rank: rank[j], of: n)
                return random.nextUniform() < p ? d[j] / Float(p) : 0
            }
        }
        return SignElection.electAndMerge(pruned)
    }
}

extension MergeMethodKind {
    public static let della = MergeMethodKind(
        name: "della", summary: "DELLA: keep entries with probability rising with magnitude, rescale, elect signs, disjoint mean",
        options: [
            MergeOption(name: "density", help: "mean fraction of each delta kept (ties, della)", defaultValue: 0.5, range: 0.01...1),
            MergeOption(name: "epsilon", help: "keep probabilities span density ± epsilon by magnitude rank (della)",
                        defaultValue: 0.1, range: 0...0.5),
            MergeOption(name: "seed", help: "random seed of the drop masks (dare, dare-ties, della)", defaultValue: 0,
                        range: 0...9_007_199_254_740_992, integer: true),
        ]
    ) { DELLAMerge(density: $0["density"]!, epsilon: $0["epsilon"]!, seed: UInt64($0["seed"]!)) }
}
