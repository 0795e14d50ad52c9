/// Plain task arithmetic: Δ = Σ_i λ_i·τ_i.
public struct SumMerge: MergeMethod {
    public var name: String { "sum" }
    public var settings: [String: String] { [:] }
    public init() {}

    public func combine(_ deltas: [[Float]], tensor: MergeTensor) -> [Float] {
        var out = [Float](repeating: 0, count: deltas.first?.count ?? 0)
        for d in deltas { for j in out.indices { out[j] += d[j] } }
        return out
    }
}

extension MergeMethodKind {
    public static let sum = MergeMethodKind(
        name: "sum", summary: "task arithmetic: θ_base + Σ λ_i·τ_i", options: []
    ) { _ in SumMerge() }
}
