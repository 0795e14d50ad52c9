/// Mean, quartiles and extremes of a sample. Quartiles interpolate linearly between order statistics
/// (position q·(n−1) in the sorted sample), as NumPy's `percentile` does by default.
public struct DistributionSummary: Sendable, Equatable, Codable {
    public let count: Int
    public let mean: Double
    public let min: Double
    public let q1: Double
    public let median: Double
    public let q3: Double
    public let max: Double

    /// Summarises `values`; NaNs are left out (and not counted). Nil when nothing remains.
    public init?(_ values: [Double]) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return nil }
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(sorted.count)
        min = sorted[0]
        max = sorted[sorted.count - 1]
        q1 = Self.quantile(sorted, 0.25)
        median = Self.quantile(sorted, 0.5)
        q3 = Self.quantile(sorted, 0.75)
    }

    /// The q-quantile of an ascending, non-empty sample by linear interpolation.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}

/// The two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs,
/// sup over x of |F_a(x) − F_b(x)| (SciPy's `ks_2samp(a, b).statistic`). NaNs are left out;
/// nil when either sample is then empty.
public func kolmogorovSmirnov(_ a: [Double], _ b: [Double]) -> Double? {
    let x = a.filter { !$0.isNaN }.sorted()
    let y = b.filter { !$0.isNaN }.sorted()
    guard !x.isEmpty, !y.isEmpty else { return nil }
    var i = 0, j = 0, gap = 0.0
    let nx = Double(x.count), ny = Double(y.count)
    while i < x.count, j < y.count {
        let v = Swift.min(x[i], y[j])
        while i < x.count, x[i] <= v { i += 1 }
        while j < y.count, y[j] <= v { j += 1 }
        gap = Swift.max(gap, abs(Double(i) / nx - Double(j) / ny))
    }
    return gap
}
