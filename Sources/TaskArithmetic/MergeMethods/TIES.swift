/// TIES-merging (Yadav et al. 2023), per tensor: trim each λ-weighted delta to its `density`
/// largest-magnitude entries, elect each entry's sign as the sign of the summed trimmed deltas,
/// and take the mean of the trimmed deltas that agree with it (zeros and dissenters excluded).
///
/// λ applies *before* sign election: with equal λs this equals the paper's λ·TIES(τ), and with a
/// single vector and λ = −1 the elected signs are those of −τ, so negation stays negation.
/// An entry whose trimmed deltas sum to exactly zero gets Δ = 0. Trimming keeps
/// max(1, round(density × n)) entries of an n-entry tensor (per tensor, as mergekit does).
public struct TIESMerge: MergeMethod {
    public let density: Double
    public var name: String { "ties" }
    public var settings: [String: String] { ["density": "\(density)"] }
    public init(density: Double) { self.density = density }

    public func combine(_ deltas: [[Float]], tensor: MergeTensor) -> [Float] {
        let n = deltas.first?.count ?? 0
        let k = min(n, max(1, MagnitudeRank.count(density, of: n)))
        let trimmed = deltas.map { d -> [Float] in
            let keep = MagnitudeRank.keep(d, dropLargest: 0, dropSmallest: n - k)
            return zip(d, keep).map { $1 ? $0 : 0 }
        }
        return SignElection.electAndMerge(trimmed)
    }
}

extension MergeMethodKind {
    public static let ties = MergeMethodKind(
        name: "ties", summary: "TIES: trim to top density, elect signs, disjoint mean",
        options: [MergeOption(name: "density", help: "fraction of each delta kept, by magnitude (ties)", defaultValue: 0.2, range: 0...1)]
    ) { TIESMerge(density: $0["density"]!) }
}
