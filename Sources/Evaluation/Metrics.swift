import Foundation

/// The result of evaluating a design set: every registered metric, the per-descriptor side effects, and
/// what it was measured against. Codable, so a campaign can store it and `--json` can write it.
public struct Metrics: Sendable, Codable {
    public struct Value: Sendable, Codable, Equatable {
        public let name: String
        public let title: String
        public let kind: String
        /// Nil when undefined (e.g. validity of an empty set, IntDiv without valid designs).
        public let value: Double?
        public let meaning: String
    }

    /// One descriptor's distribution among the unique designs and in the reference sample, and the
    /// two-sample Kolmogorov–Smirnov distance between them.
    public struct DescriptorReport: Sendable, Codable, Equatable {
        public let name: String
        public let designs: DistributionSummary?
        public let reference: DistributionSummary?
        public let ks: Double?
    }

    /// The success predicates, ANDed.
    public let predicates: [String]
    public let reference: [ReferenceSource]
    /// Distinct molecules in the reference corpus.
    public let referenceMolecules: Int
    public let values: [Value]
    public let descriptors: [DescriptorReport]
    public let warnings: [String]
    /// Wall-clock seconds per metric (the first metric to need a shared result, e.g. `intdiv1`, pays for
    /// it) and `analysis` for parsing and scoring the designs.
    public var seconds: [String: Double]

    /// The value of the metric with this JSON name (`validity`, `intdiv1`, `success_rate`, …).
    public subscript(name: String) -> Double? { values.first { $0.name == name }?.value }

    /// The defined values by name (undefined ones, e.g. uniqueness without a valid design, left out).
    public var definedValues: [String: Double] {
        var out: [String: Double] = [:]
        for v in values { if let x = v.value { out[v.name] = x } }
        return out
    }

    /// The KS distance of one descriptor.
    public func ks(_ descriptor: String) -> Double? { descriptors.first { $0.name == descriptor }?.ks }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// A plain-text report: the metrics, then one line per descriptor computed for the designs.
    public func table() -> String {
        var out = ""
        if !predicates.isEmpty { out += "Success: " + predicates.joined(separator: " AND ") + "\n" }
        out += "Reference: \(referenceMolecules) molecules"
        if !reference.isEmpty { out += " (" + reference.map { URL(fileURLWithPath: $0.path).lastPathComponent }.joined(separator: ", ") + ")" }
        out += "\n\n"
        let width = values.map(\.title.count).max() ?? 0
        for v in values {
            out += v.title.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            out += Self.format(v.value, kind: v.kind).leftPadded(to: 10) + "   " + v.meaning + "\n"
        }
        let scored = descriptors.filter { $0.designs != nil }
        if !scored.isEmpty {
            out += "\nSide effects (unique designs vs reference sample):\n"
            let nameWidth = max(10, scored.map(\.name.count).max() ?? 0)
            let header = ["mean", "Q1", "median", "Q3", "ref mean", "ref median", "KS"]
            out += "descriptor".padding(toLength: nameWidth + 1, withPad: " ", startingAt: 0)
                + header.map { $0.leftPadded(to: 11) }.joined() + "\n"
            for d in scored {
                let cells = [d.designs?.mean, d.designs?.q1, d.designs?.median, d.designs?.q3,
                             d.reference?.mean, d.reference?.median, d.ks]
                out += d.name.padding(toLength: nameWidth + 1, withPad: " ", startingAt: 0)
                    + cells.map { Self.format($0, kind: "value").leftPadded(to: 11) }.joined() + "\n"
            }
        }
        for w in warnings { out += "note: \(w)\n" }
        return out
    }

    static func format(_ value: Double?, kind: String) -> String {
        guard let value else { return "–" }
        switch kind {
        case "count": return String(Int(value))
        case "fraction": return String(format: "%.4f", value)
        default: return abs(value) >= 1000 ? String(format: "%.1f", value) : String(format: "%.4f", value)
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
