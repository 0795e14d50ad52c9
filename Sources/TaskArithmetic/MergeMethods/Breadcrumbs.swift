/// Model Breadcrumbs (Davari & Belilovsky 2024): per tensor and per λ-weighted delta, drop the
/// largest `gamma` fraction of entries by magnitude (outliers) and the smallest `beta` fraction
/// (noise), then sum. Counts are round(fraction × n); equal magnitudes rank by position.
public struct BreadcrumbsMerge: MergeMethod {
    public let gamma: Double
    public let beta: Double
    public var name: String { "breadcrumbs" }
    public var settings: [String: String] { ["gamma": "\(gamma)", "beta": "\(beta)"] }
    public init(gamma: Double, beta: Double) {
        self.gamma = gamma
        self.beta = beta
    }

    public func combine(_ deltas: [[Float]], tensor: MergeTensor) -> [Float] {
        let n = deltas.first?.count ?? 0
        var out = [Float](repeating: 0, count: n)
        for d in deltas {
            let keep = MagnitudeRank.keep(d, dropLargest: MagnitudeRank.count(gamma, of: n), dropSmallest: MagnitudeRank.count(beta, of: n))
            for j in 0..<n where keep[j] { out[j] += d[j] }
        }
        return out
    }
}

extension MergeMethodKind {
    public static let breadcrumbs = MergeMethodKind(
        name: "breadcrumbs", summary: "Model Breadcrumbs: drop the largest γ and smallest β by magnitude, sum",
        options: [
            MergeOption(name: "gamma", help: "fraction of largest-magnitude entries dropped (breadcrumbs)", defaultValue: 0.01, range: 0...1),
            MergeOption(name: "beta", help: "fraction of smallest-magnitude entries dropped (breadcrumbs)", defaultValue: 0.85, range: 0...1),
        ]
    ) { BreadcrumbsMerge(gamma: $0["gamma"]!, beta: $0["beta"]!) }
}
