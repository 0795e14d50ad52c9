import Foundation

/// How a sweep is written: a CSV pandas reads, a readable table, and a JSON record of the rule and choice.
public enum SweepTable {
    public static let csvHeader = "lambda,designs,validity,uniqueness,novelty,success_rate,success_clusters,success_rate_se"

    public static func csv(_ rows: [SweepRow]) -> String {
        var out = csvHeader + "\n"
        for r in rows {
            out += "\(r.lambda),\(r.designs),\(r.validity),\(r.uniqueness),\(r.novelty),\(r.successRate),\(r.successfulClusters),\(r.successRateStandardError)\n"
        }
        return out
    }

    /// Aligned columns; the chosen λ is marked with `*`, rows below a floor with `-`.
    public static func text(_ rows: [SweepRow], rule: LambdaChoiceRule, chosen: Double?) -> String {
        var lines = [["", "λ", "designs", "validity", "uniqueness", "novelty", "success", "± se", "clusters"]]
        for r in rows {
            let mark = r.lambda == chosen ? "*" : (r.validity < rule.minValidity || r.novelty < rule.minNovelty ? "-" : "")
            lines.append([mark, String(format: "%.3g", r.lambda), "\(r.designs)", f(r.validity), f(r.uniqueness), f(r.novelty),
                          f(r.successRate), f(r.successRateStandardError), "\(r.successfulClusters)"])
        }
        let widths = lines[0].indices.map { c in lines.map { $0[c].count }.max()! }
        return lines.map { row in
            row.enumerated().map { c, cell in String(repeating: " ", count: widths[c] - cell.count) + cell }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    private static func f(_ x: Double) -> String { String(format: "%.3f", x) }

    /// The sweep's record: grid, rule (in words and fields), rows, and the chosen λ or why there is none.
    public struct Record: Codable {
        public var rule: LambdaChoiceRule
        public var ruleText: String
        public var rows: [SweepRow]
        public var chosenLambda: Double?
        public var noChoiceReason: String?
        public var vectors: [String]
        public var method: String
        public var methodSettings: [String: String]
        public var samplesPerLambda: Int
        public var seed: UInt64
        public var baseChecksum: String
    }

    public static func record(_ sweep: LambdaSweep, _ result: LambdaSweep.Result) -> Record {
        var chosen: Double?, reason: String?
        switch result.choice {
        case .success(let row): chosen = row.lambda
        case .failure(let e): reason = e.description
        }
        return Record(rule: sweep.rule, ruleText: sweep.rule.description, rows: result.rows, chosenLambda: chosen, noChoiceReason: reason,
                      vectors: sweep.vectors.map { "\($0.source) (\($0.vector.info.label), weight \($0.weight))" },
                      method: sweep.method.name, methodSettings: sweep.method.settings, samplesPerLambda: sweep.samplesPerLambda,
                      seed: sweep.seed, baseChecksum: sweep.base.checksum)
    }
}
