import Foundation
import Support

/// How a sweep is written: a CSV pandas reads, a readable table, and a JSON record of the rule and choice.
public enum SweepTable {
    /// `sweep.csv`, written by the `sweep` command and by campaigns (one sweep per merge method or arm):
    /// one line per method and λ; `chosen` is 1 on the λ the rule chose.
    public static let csvColumns = ["method", "lambda", "designs", "validity", "uniqueness", "novelty", "success_rate",
                                    "success_rate_se", "success_clusters", "chosen"]

    /// One sweep as `sweep.csv` lists it: its method (or arm), its rows and the chosen λ (nil: none met the floors).
    public struct Sweep: Equatable, Sendable {
        public var method: String
        public var rows: [SweepRow]
        public var chosen: Double?

        public init(method: String, rows: [SweepRow], chosen: Double?) {
            self.method = method
            self.rows = rows
            self.chosen = chosen
        }
    }

    public static func csv(_ sweeps: [Sweep]) -> String {
        var out = csvColumns.joined(separator: ",") + "\n"
        for sweep in sweeps {
            for r in sweep.rows {
                out += "\(CSV.quote(sweep.method)),\(r.lambda),\(r.designs),\(r.validity),\(r.uniqueness),\(r.novelty),\(r.successRate),"
                    + "\(r.successRateStandardError),\(r.successClusters),\(r.lambda == sweep.chosen ? 1 : 0)\n"
            }
        }
        return out
    }

    /// Reads `sweep.csv` back (the standard error is recomputed from the rate and the designs).
    public static func read(csv text: String) throws -> [Sweep] {
        let lines = text.split(separator: "\n").map { CSV.fields($0) }
        guard let header = lines.first, header == csvColumns else {
            throw SweepError.setting("not a sweep table: the columns are \((lines.first ?? []).joined(separator: ",")), expected \(csvColumns.joined(separator: ","))")
        }
        var sweeps: [Sweep] = []
        for (line, cells) in lines.dropFirst().enumerated() {
            guard cells.count == csvColumns.count else { throw SweepError.setting("sweep table line \(line + 2) has \(cells.count) fields, expected \(csvColumns.count)") }
            func number(_ column: Int) throws -> Double {
                guard let x = Double(cells[column]) else {
                    throw SweepError.setting("sweep table line \(line + 2): \(csvColumns[column]) '\(cells[column])' is not a number")
                }
                return x
            }
            let row = SweepRow(lambda: try number(1), designs: Int(try number(2)), validity: try number(3), uniqueness: try number(4),
                               novelty: try number(5), successRate: try number(6), successClusters: Int(try number(8)))
            if sweeps.last?.method != cells[0] { sweeps.append(Sweep(method: cells[0], rows: [], chosen: nil)) }
            sweeps[sweeps.count - 1].rows.append(row)
            if try number(9) == 1 { sweeps[sweeps.count - 1].chosen = row.lambda }
        }
        return sweeps
    }

    /// Aligned columns; the chosen λ is marked with `*`, rows below a floor with `-`.
    public static func text(_ rows: [SweepRow], rule: LambdaChoiceRule, chosen: Double?) -> String {
        var lines = [["", "λ", "designs", "validity", "uniqueness", "novelty", "success", "± se", "clusters"]]
        for r in rows {
            let mark = r.lambda == chosen ? "*" : (r.validity < rule.minValidity || r.novelty < rule.minNovelty ? "-" : "")
            lines.append([mark, String(format: "%.3g", r.lambda), "\(r.designs)", f(r.validity), f(r.uniqueness), f(r.novelty),
                          f(r.successRate), f(r.successRateStandardError), "\(r.successClusters)"])
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
