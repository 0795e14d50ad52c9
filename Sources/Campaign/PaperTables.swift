import Foundation
import Support

/// Collects the arms of every campaign of the paper experiment into one table (a row per task × arm ×
/// setup), summarises them over setups (mean ± standard deviation), names the winner per task, and
/// draws success against successful clusters per task.
struct PaperTables {
    let experiment: PaperExperiment
    let plan: [PaperExperiment.Planned]

    /// The numbers compared per arm; `success_scaffolds` is the count of distinct scaffolds among successes.
    static let columns = ["validity", "uniqueness", "novelty", "success_rate", "success_clusters", "success_scaffolds", "intdiv1"]
    static let descriptors = ["NumHDonors", "RingCount", "MolLogP", "TPSA", "FractionCSP3", "QED", "SA", "MolWt"]
    /// The size check per arm (see `SizeCheck`), after the other columns of results.csv and summary.csv.
    static let sizeColumns = ["size_matched_success_rate", "mean_heavy_atoms"]

    struct Row {
        var part: String
        var task: String
        var setup: Int
        var arm: String
        var lambda: Double
        var values: [String: Double]
        var ks: [String: Double]
    }

    func rows() -> [Row] {
        var out: [Row] = []
        for p in plan {
            let url = URL(fileURLWithPath: experiment.options.work).appendingPathComponent(p.id).appendingPathComponent("metrics.json")
            guard let data = try? Data(contentsOf: url),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let arms = json["arms"] as? [String: [String: Any]] else { continue }
            let size = (json["size_check"] as? [String: Any])?["arms"] as? [String: [String: Any]] ?? [:]
            for (arm, info) in arms.sorted(by: { $0.key < $1.key }) {
                var metrics = info["metrics"] as? [String: Any] ?? [:]
                for c in Self.sizeColumns { if let v = size[arm]?[c] as? Double { metrics[c] = v } }
                let ks = info["ks_vs_base_samples"] as? [String: Any] ?? [:]
                out.append(Row(part: p.part, task: p.tasks.joined(separator: " & "), setup: p.setup, arm: arm,
                               lambda: info["lambda"] as? Double ?? 0,
                               values: metrics.compactMapValues { $0 as? Double },
                               ks: ks.compactMapValues { $0 as? Double }))
            }
        }
        return out
    }

    /// Each campaign's data-set check (see `DataSetCheck`): its rows and warnings, from metrics.json.
    struct DataCheck {
        var planned: PaperExperiment.Planned
        var rows: [[String: Any]]
        var warnings: [String]
    }

    func dataChecks() -> [DataCheck] {
        plan.compactMap { p in
            let url = URL(fileURLWithPath: experiment.options.work).appendingPathComponent(p.id).appendingPathComponent("metrics.json")
            guard let data = try? Data(contentsOf: url),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let check = json["data_sets"] as? [String: Any] else { return nil }
            let sizeWarnings = (json["size_check"] as? [String: Any])?["warnings"] as? [String] ?? []
            return DataCheck(planned: p, rows: check["rows"] as? [[String: Any]] ?? [], warnings: (check["warnings"] as? [String] ?? []) + sizeWarnings)
        }
    }

    /// `seconds`: how long this run took (nil when only the tables are written).
    func write(seconds: Double?) throws -> URL {
        let rows = rows()
        let folder = URL(fileURLWithPath: experiment.options.results)
        let checks = dataChecks()
        var dataCSV = "part,task,setup,set,molecules,meets_rule,descriptor,mean\n"
        for c in checks {
            for r in c.rows {
                let means = (r["means"] as? [String: Double] ?? [:]).sorted { $0.key < $1.key }
                for (d, m) in means {
                    dataCSV += "\(c.planned.part),\"\(c.planned.tasks.joined(separator: " & "))\",\(c.planned.setup),\"\(r["name"] as? String ?? "")\","
                        + "\(r["molecules"] as? Int ?? 0),\(r["success_fraction"] as? Double ?? 0),\(d),\(m)\n"
                }
            }
        }
        try AtomicFile.write(dataCSV, to: folder.appendingPathComponent("data.csv"))
        var csv = (["part", "task", "setup", "arm", "lambda"] + Self.columns + Self.descriptors.map { "ks_\($0)" } + Self.sizeColumns).joined(separator: ",") + "\n"
        for r in rows {
            csv += ([r.part, "\"\(r.task)\"", String(r.setup), "\"\(r.arm)\"", String(r.lambda)]
                    + Self.columns.map { r.values[$0].map { String($0) } ?? "" }
                    + Self.descriptors.map { r.ks[$0].map { String($0) } ?? "" }
                    + Self.sizeColumns.map { r.values[$0].map { String($0) } ?? "" }).joined(separator: ",") + "\n"
        }
        try AtomicFile.write(csv, to: folder.appendingPathComponent("results.csv"))

        let summary = summarise(rows)
        var summaryCSV = "part,task,arm,setups," + (Self.columns + Self.sizeColumns).flatMap { ["\($0)_mean", "\($0)_std"] }.joined(separator: ",") + "\n"
        for s in summary {
            summaryCSV += "\(s.part),\"\(s.task)\",\"\(s.arm)\",\(s.n)," + (Self.columns + Self.sizeColumns).flatMap { c in
                [s.mean[c].map { String($0) } ?? "", s.std[c].map { String($0) } ?? ""]
            }.joined(separator: ",") + "\n"
        }
        try AtomicFile.write(summaryCSV, to: folder.appendingPathComponent("summary.csv"))
        try AtomicFile.write(markdown(summary, finished: finishedCampaigns(rows), seconds: seconds) + dataWarnings(checks), to: folder.appendingPathComponent("summary.md"))
        let report = folder.appendingPathComponent("report.html")
        try AtomicFile.write(html(summary, finished: finishedCampaigns(rows)), to: report)
        return report
    }

    struct Summary {
        var part: String
        var task: String
        var arm: String
        var n: Int
        var mean: [String: Double]
        var std: [String: Double]
    }

    func summarise(_ rows: [Row]) -> [Summary] {
        var groups: [String: [Row]] = [:]
        var order: [String] = []
        for r in rows {
            let key = "\(r.part)|\(r.task)|\(r.arm)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        return order.map { key in
            let g = groups[key]!
            var mean: [String: Double] = [:], std: [String: Double] = [:]
            for c in Self.columns + Self.sizeColumns {
                let xs = g.compactMap { $0.values[c] }
                guard !xs.isEmpty else { continue }
                let m = xs.reduce(0, +) / Double(xs.count)
                mean[c] = m
                std[c] = xs.count > 1 ? (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot() : 0
            }
            return Summary(part: g[0].part, task: g[0].task, arm: g[0].arm, n: g.count, mean: mean, std: std)
        }
    }

    /// How many campaigns have results among `rows`.
    func finishedCampaigns(_ rows: [Row]) -> Int {
        Set(rows.map { "\($0.part)|\($0.task)|\($0.setup)" }).count
    }

    /// Where an arm goes in a task's table: negation, its merge variants, the positives baselines, the
    /// few-shot arms by fraction (negation before base), the base model last.
    static func armOrder(_ arm: String) -> (Int, Double, String) {
        if arm == "negation" { return (0, 0, arm) }
        if arm.hasPrefix("negation (") { return (1, 0, arm) }
        if arm.hasPrefix("positives") { return (2, 0, arm) }
        if arm.hasPrefix("few-shot "), let percent = Double(arm.dropFirst("few-shot ".count).prefix { $0 != "%" }) {
            return (3, percent, arm.hasSuffix("negation") ? "a" : "b")
        }
        if arm == "base" { return (5, 0, arm) }
        return (4, 0, arm)
    }

    /// The distinct values of `xs` in first-seen order.
    func orderedUnique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }
}
