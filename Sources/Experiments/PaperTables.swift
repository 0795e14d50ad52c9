import Campaign
import Foundation
import Support

/// Collects the arms of every campaign of the paper experiment into one table (a row per task × arm ×
/// setup), summarises them over setups (mean ± standard deviation), names the winner per task, and
/// draws success against successful clusters per task.
struct PaperTables {
    let experiment: PaperExperiment
    let plan: [PaperExperiment.Planned]
    /// Campaigns whose work folder is gone, as the results folder holds them (see `PaperArchive`).
    var archive = PaperArchive.none

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
        /// Whether `lambda` is the largest of its sweep's grid (nil for arms without a sweep).
        var lambdaAtGridTop: Bool?
        var values: [String: Double]
        var ks: [String: Double]
    }

    /// A finished campaign's results (nil while it has none).
    private func results(_ p: PaperExperiment.Planned) -> CampaignResults? {
        let url = URL(fileURLWithPath: experiment.options.workFolder).appendingPathComponent(p.id).appendingPathComponent("metrics.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do { return try CampaignResults.read(url) } catch {
            printError("warning: \(p.id) left out of the tables: \(error)")
            return nil
        }
    }

    func rows() -> [Row] {
        var out: [Row] = []
        for p in plan {
            guard let results = results(p) else {
                out += archive.rows[p.id] ?? []
                continue
            }
            for (arm, info) in results.arms.sorted(by: { $0.key < $1.key }) {
                var metrics = info.metrics.compactMapValues { $0 }
                if let size = results.sizeCheck.arms[arm] {
                    if let v = size.sizeMatchedSuccessRate { metrics["size_matched_success_rate"] = v }
                    if let v = size.meanHeavyAtoms { metrics["mean_heavy_atoms"] = v }
                }
                let top = results.sweeps.first { Self.arm(ofSweep: $0.method) == arm }?.rows.map(\.lambda).max()
                out.append(Row(part: p.part, task: p.tasks.joined(separator: " & "), setup: p.setup, arm: arm, lambda: info.lambda,
                               lambdaAtGridTop: top.map { abs(info.lambda - $0) < 1e-9 }, values: metrics, ks: info.ksVsBaseSamples.compactMapValues { $0 }))
            }
        }
        return out
    }

    /// The arm a campaign's sweep chose λ for: "sum" → "negation", "ties" → "negation (ties)",
    /// "sum (linearized)" → "negation (linearized)".
    static func arm(ofSweep method: String) -> String {
        if method == "sum" { return "negation" }
        if method.hasPrefix("sum (") { return "negation " + method.dropFirst("sum ".count) }
        return "negation (\(method))"
    }

    /// Each campaign's data-set check (see `DataSetCheck`): its rows and warnings, with the size check's warnings.
    struct DataCheck {
        var planned: PaperExperiment.Planned
        var rows: [DataSetCheck.Record.Row]
        var warnings: [String]
    }

    func dataChecks() -> [DataCheck] {
        plan.compactMap { p in
            guard let results = results(p) else {
                return archive.dataChecks[p.id].map { DataCheck(planned: p, rows: $0.rows, warnings: $0.warnings) }
            }
            guard let check = results.dataSets else { return nil }
            return DataCheck(planned: p, rows: check.rows, warnings: check.warnings + results.sizeCheck.warnings)
        }
    }

    /// `seconds`: how long this run took (nil when only the tables are written).
    func write(seconds: Double?) throws -> URL {
        let rows = rows()
        let folder = URL(fileURLWithPath: experiment.options.resultsFolder)
        let checks = dataChecks()
        var dataCSV = "part,task,setup,set,molecules,meets_rule,descriptor,mean\n"
        for c in checks {
            for r in c.rows {
                for (d, m) in r.means.sorted(by: { $0.key < $1.key }) {
                    dataCSV += "\(c.planned.part),\"\(c.planned.tasks.joined(separator: " & "))\",\(c.planned.setup),\"\(r.name)\","
                        + "\(r.molecules),\(r.successFraction),\(d),\(m)\n"
                }
            }
        }
        try AtomicFile.write(dataCSV, to: folder.appendingPathComponent("data.csv"))
        var warningsCSV = "campaign,warning\n"
        for c in checks { for w in c.warnings { warningsCSV += "\(c.planned.id),\(CSV.quote(w))\n" } }
        try AtomicFile.write(warningsCSV, to: folder.appendingPathComponent("data-warnings.csv"))
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
        let vectors = try PaperVectors(experiment: experiment, plan: plan, archive: archive).rows()
        try AtomicFile.write(PaperVectors.csv(vectors), to: folder.appendingPathComponent("vectors.csv"))
        let learned = PaperLearnedLambda(experiment: experiment, plan: plan, archive: archive).rows()
        try AtomicFile.write(PaperLearnedLambda.csv(learned), to: folder.appendingPathComponent(PaperLearnedLambda.fileName))
        // A kept learned-λ section stands in while no per-setup fit is known.
        let learnedText = learned.isEmpty ? (archive.learnedLambdaText.map { "\n" + $0 } ?? "") : PaperLearnedLambda.markdown(learned)
        try AtomicFile.write(markdown(summary, finished: finishedCampaigns(rows), seconds: seconds) + successBreakdown(rows) + lambdaTable(rows) + PaperVectors.markdown(vectors)
                             + learnedText + dataWarnings(checks), to: folder.appendingPathComponent("summary.md"))
        let report = folder.appendingPathComponent("report.html")
        try AtomicFile.write(html(summary, finished: finishedCampaigns(rows)), to: report)
        try PaperDesigns(experiment: experiment, plan: plan, archive: archive).write(to: folder.appendingPathComponent("designs"))
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
                (mean[c], std[c]) = Self.meanSD(xs)!
            }
            return Summary(part: g[0].part, task: g[0].task, arm: g[0].arm, n: g.count, mean: mean, std: std)
        }
    }

    /// Mean and sample standard deviation (0 for one value; nil for none).
    static func meanSD(_ xs: [Double]) -> (mean: Double, sd: Double)? {
        guard !xs.isEmpty else { return nil }
        let m = xs.reduce(0, +) / Double(xs.count)
        return (m, xs.count > 1 ? (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot() : 0)
    }

    /// "m ± sd" over several values, "m" for one (its spread says nothing), "–" for none; the sd in `sdFormat`
    /// (default: `format`).
    static func meanText(_ xs: [Double], _ format: String, sdFormat: String? = nil) -> String {
        guard let (m, sd) = meanSD(xs) else { return "–" }
        return xs.count > 1 ? String(format: "\(format) ± \(sdFormat ?? format)", m, sd) : String(format: format, m)
    }

    /// How many campaigns have results among `rows`.
    func finishedCampaigns(_ rows: [Row]) -> Int {
        Set(rows.map { "\($0.part)|\($0.task)|\($0.setup)" }).count
    }

    /// Where an arm goes in a task's table: negation, its merge variants, the positives baselines, the
    /// few-shot arms by fraction (negation, learned λ, base), the base model last.
    static func armOrder(_ arm: String) -> (Int, Double, String) {
        if arm == "negation" { return (0, 0, arm) }
        if arm.hasPrefix("negation (") { return (1, 0, arm) }
        if arm.hasPrefix("positives") { return (2, 0, arm) }
        if arm.hasPrefix("few-shot "), let percent = Double(arm.dropFirst("few-shot ".count).prefix { $0 != "%" }) {
            return (3, percent, arm.hasSuffix("negation") ? "a" : arm.hasSuffix("learned λ") ? "b" : "c")
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
