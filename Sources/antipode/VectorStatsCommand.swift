import CommandLineTool
import Foundation
import Model
import Support
import TaskArithmetic

/// `antipode vector-stats`: norms and sparsity of task vectors, and how much they interfere.
struct VectorStatsCommand: Command {
    static let name = "vector-stats"
    static let summary = "norms, sparsity and cosine similarity of task vectors"
    static let header = """
        Usage: antipode vector-stats VECTOR [VECTOR …] [--json] [--epsilon E]

        For each vector: the L2 norm, largest |x|, fraction of exact zeros and of |x| < E, per tensor
        and overall. For two or more: the cosine similarity of every pair, overall and per tensor —
        near 0 the directions are independent, negative they work against each other (interference
        when negating both for dual-objective design).
        """
    static let footer = """
        Example:
          antipode vector-stats logp-low.safetensors sa-high.safetensors
        """

    static let vectors = Positional("VECTOR", missing: "VECTOR file(s)")
    static let json = Flag("--json", help: "print one JSON object instead of tables")
    static let epsilon = Option("--epsilon", value: "E", default: 1e-8, help: "threshold for \"near zero\"")
    static let positionals = [vectors]
    static let options = [OptionGroup("Options:", [json, epsilon])]

    struct Report: Encodable {
        struct Vector: Encodable {
            let file: String
            let label: String
            let baseChecksum: String
            let dataChecksum: String?
            let dataSize: Int?
            let statistics: VectorStatistics
        }
        let vectors: [Vector]
        let similarities: [VectorSimilarity]
    }

    static func run(_ args: inout ParsedArguments) throws {
        let json = args[Self.json]
        let epsilon = args[Self.epsilon]
        let paths = args.remainingPositionals()
        try args.finish()
        guard !paths.isEmpty else { throw UserError("missing \(vectors.missing)") }
        guard epsilon >= 0 else { throw UserError("--epsilon must not be negative, got \(epsilon)") }

        let vectors = try paths.map { try TaskVector.read(URL(fileURLWithPath: $0)) }
        let labels = uniqueLabels(vectors.map(\.info.label))
        var entries: [Report.Vector] = []
        for (i, v) in vectors.enumerated() {
            entries.append(Report.Vector(file: paths[i], label: labels[i], baseChecksum: v.info.baseChecksum, dataChecksum: v.info.dataChecksum,
                                         dataSize: v.info.dataSize, statistics: VectorStatistics(v.deltas, label: labels[i], epsilon: Float(epsilon))))
        }
        var similarities: [VectorSimilarity] = []
        for i in vectors.indices { for j in vectors.indices where j > i {
            similarities.append(try VectorSimilarity(vectors[i].deltas, vectors[j].deltas, labels: (labels[i], labels[j])))
        } }
        let report = Report(vectors: entries, similarities: similarities)

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(render(report, epsilon: epsilon), terminator: "")
        }
    }

    /// Labels made distinct (`a`, `a#2`) so tables and JSON can tell two files with one label apart.
    static func uniqueLabels(_ labels: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return labels.map { l in
            seen[l, default: 0] += 1
            return seen[l]! == 1 ? l : "\(l)#\(seen[l]!)"
        }
    }

    static func render(_ report: Report, epsilon: Double) -> String {
        var out = ""
        for v in report.vectors {
            out += "\(v.label)  (\(v.file); base \(v.baseChecksum.prefix(12)); data "
                + (v.dataChecksum.map { String($0.prefix(12)) } ?? "unknown") + (v.dataSize.map { ", \($0) molecules" } ?? "") + ")\n"
            let eps = String(format: "%g", epsilon)
            var rows = [["tensor", "shape", "values", "norm", "max |x|", "zeros", "|x|<\(eps)"]]
            for t in v.statistics.tensors + [v.statistics.overall] {
                rows.append([t.name, t.name == "all" ? "" : t.shape.map(String.init).joined(separator: "×"), "\(t.count)",
                             number(t.norm), number(t.maxAbs), percent(t.zeroFraction), percent(t.nearZeroFraction)])
            }
            out += table(rows, separatorBefore: rows.count - 1) + "\n"
        }
        guard !report.similarities.isEmpty else { return out }
        out += "cosine similarity\n"
        var rows = [["tensor"] + report.similarities.map { "\($0.first) · \($0.second)" }]
        for (t, entry) in report.similarities[0].tensors.enumerated() {
            rows.append([entry.name] + report.similarities.map { cosine($0.tensors[t].cosine) })
        }
        rows.append(["all"] + report.similarities.map { cosine($0.overall) })
        out += table(rows, separatorBefore: rows.count - 1)
        return out
    }

    static func number(_ x: Double) -> String { String(format: "%.4g", x) }
    static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
    static func cosine(_ x: Double?) -> String { x.map { String(format: "%+.4f", $0) } ?? "—" }

    /// Columns padded to their widest cell; the first column left-aligned, the rest right-aligned;
    /// a rule under the header and before row `separatorBefore` (the totals).
    static func table(_ rows: [[String]], separatorBefore: Int) -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ") + "\n"
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        var out = line(rows[0]) + rule
        for (r, row) in rows.enumerated().dropFirst() {
            if r == separatorBefore { out += rule }
            out += line(row)
        }
        return out
    }
}
