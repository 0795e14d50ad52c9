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
            for (arm, info) in arms.sorted(by: { $0.key < $1.key }) {
                let metrics = info["metrics"] as? [String: Any] ?? [:]
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
            return DataCheck(planned: p, rows: check["rows"] as? [[String: Any]] ?? [], warnings: check["warnings"] as? [String] ?? [])
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
        var csv = (["part", "task", "setup", "arm", "lambda"] + Self.columns + Self.descriptors.map { "ks_\($0)" }).joined(separator: ",") + "\n"
        for r in rows {
            csv += ([r.part, "\"\(r.task)\"", String(r.setup), "\"\(r.arm)\"", String(r.lambda)]
                    + Self.columns.map { r.values[$0].map { String($0) } ?? "" }
                    + Self.descriptors.map { r.ks[$0].map { String($0) } ?? "" }).joined(separator: ",") + "\n"
        }
        try AtomicFile.write(csv, to: folder.appendingPathComponent("results.csv"))

        let summary = summarise(rows)
        var summaryCSV = "part,task,arm,setups," + Self.columns.flatMap { ["\($0)_mean", "\($0)_std"] }.joined(separator: ",") + "\n"
        for s in summary {
            summaryCSV += "\(s.part),\"\(s.task)\",\"\(s.arm)\",\(s.n)," + Self.columns.flatMap { c in
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
            for c in Self.columns {
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

    /// The overview tables, then per part a row per task and arm (best mean per task and column in bold)
    /// and the verdicts.
    func markdown(_ summary: [Summary], finished: Int, seconds: Double?) -> String {
        var out = "Paper experiment: \(finished) of \(plan.count) campaigns finished"
            + (seconds.map { ", \(Progress.duration($0)) of this run" } ?? "") + ".\n"
        let shown = ["validity", "novelty", "success_rate", "success_clusters", "success_scaffolds"]
        out += "\nSuccess rate / successful clusters / validity per arm (mean ± sd over setups; best edited or fine-tuned arm in bold;"
            + " few-shot cells: success rate / successful clusters).\n"
        for part in ["single", "dual"] {
            let table = overview(summary, part: part)
            if !table.isEmpty { out += "\n" + table }
        }
        let fewShot = fewShotOverview(summary)
        if !fewShot.isEmpty { out += "\n" + fewShot }
        for part in ["single", "dual"] {
            let rows = summary.filter { $0.part == part }
            guard !rows.isEmpty else { continue }
            out += "\n### \(part == "single" ? "Single objective" : "Dual objective")\n\n| task | arm | setups | " + shown.joined(separator: " | ") + " |\n"
            out += "|---|---|---|" + shown.map { _ in "---:" }.joined(separator: "|") + "|\n"
            for task in orderedUnique(rows.map(\.task)) {
                let taskRows = rows.filter { $0.task == task }.sorted { Self.armOrder($0.arm) < Self.armOrder($1.arm) }
                let best = Dictionary(uniqueKeysWithValues: shown.map { c in (c, taskRows.filter { $0.arm != "base" }.compactMap { $0.mean[c] }.max()) })
                for r in taskRows {
                    let cells = shown.map { c -> String in
                        guard let m = r.mean[c] else { return "–" }
                        let text = c.contains("clusters") || c.contains("scaffolds") ? String(format: "%.1f ± %.1f", m, r.std[c] ?? 0)
                            : String(format: "%.3f ± %.3f", m, r.std[c] ?? 0)
                        return r.arm != "base" && m == best[c] ?? nil ? "**\(text)**" : text
                    }
                    out += "| \(task) | \(r.arm) | \(r.n) | " + cells.joined(separator: " | ") + " |\n"
                }
            }
            out += "\n" + verdicts(rows) + "\n"
        }
        return out
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

    /// "0.380 ± 0.026" over several setups, "0.380" over one (a spread of one setup says nothing).
    static func value(_ s: Summary, _ column: String, format: String) -> String {
        guard let m = s.mean[column] else { return "–" }
        return s.n > 1 ? String(format: "\(format) ± \(format)", m, s.std[column] ?? 0) : String(format: format, m)
    }

    /// Plain sentences: per task, negation against the best fine-tuning on positives (for two objectives, the
    /// better of the two orders), by success rate and by successful clusters: wins on both, on success rate
    /// only, or loses on success rate.
    func verdicts(_ rows: [Summary]) -> String {
        var both: [String] = [], successOnly: [String] = [], losses: [String] = []
        for task in orderedUnique(rows.map(\.task)) {
            let positives = rows.filter { $0.task == task && $0.arm.hasPrefix("positives") && $0.mean["success_rate"] != nil }
            guard let neg = rows.first(where: { $0.task == task && $0.arm == "negation" }),
                  let pos = positives.max(by: { $0.mean["success_rate"]! < $1.mean["success_rate"]! }),
                  let ns = neg.mean["success_rate"], let ps = pos.mean["success_rate"] else { continue }
            let nc = neg.mean["success_clusters"] ?? 0, pc = pos.mean["success_clusters"] ?? 0
            let against = positives.count > 1 ? " against \(pos.arm)" : ""
            let text = "\(task) (success \(Self.value(neg, "success_rate", format: "%.3f")) vs \(Self.value(pos, "success_rate", format: "%.3f")), "
                + "clusters \(Self.value(neg, "success_clusters", format: "%.0f")) vs \(Self.value(pos, "success_clusters", format: "%.0f"))\(against))"
            if ns > ps && nc >= pc { both.append(text) } else if ns > ps { successOnly.append(text) } else { losses.append(text) }
        }
        var out = ""
        if !both.isEmpty { out += "Negation beats fine-tuning on positives in success rate and clusters on: " + both.joined(separator: "; ") + ".\n" }
        if !successOnly.isEmpty { out += "Negation beats it in success rate but not in clusters on: " + successOnly.joined(separator: "; ") + ".\n" }
        if !losses.isEmpty { out += "Fine-tuning on positives wins in success rate on: " + losses.joined(separator: "; ") + ".\n" }
        return out + methodVerdicts(rows) + fewShotVerdicts(rows)
    }

    /// A compact table for the README: a row per task, a column per arm (few-shot arms apart), each cell
    /// "success rate / successful clusters / validity"; per task the best edited or fine-tuned arm's numbers in bold.
    func overview(_ rows: [Summary], part: String) -> String {
        let partRows = rows.filter { $0.part == part && !$0.arm.hasPrefix("few-shot ") }
        guard !partRows.isEmpty else { return "" }
        let arms = ["base"] + orderedUnique(partRows.map(\.arm)).filter { $0 != "base" }.sorted { Self.armOrder($0) < Self.armOrder($1) }
        var out = "| \(part == "single" ? "task" : "pair") | " + arms.joined(separator: " | ") + " |\n|---|" + arms.map { _ in "---:" }.joined(separator: "|") + "|\n"
        for task in orderedUnique(partRows.map(\.task)) {
            let cells = arms.map { arm in partRows.first { $0.task == task && $0.arm == arm } }
            let edited = cells.compactMap { $0 }.filter { $0.arm != "base" }
            let bestSuccess = edited.compactMap { $0.mean["success_rate"] }.max()
            let bestClusters = edited.compactMap { $0.mean["success_clusters"] }.max()
            let texts = cells.map { cell -> String in
                guard let s = cell else { return "–" }
                var success = Self.value(s, "success_rate", format: "%.3f"), clusters = Self.value(s, "success_clusters", format: "%.0f")
                if s.arm != "base" && s.mean["success_rate"] == bestSuccess { success = "**\(success)**" }
                if s.arm != "base" && s.mean["success_clusters"] == bestClusters { clusters = "**\(clusters)**" }
                return "\(success) / \(clusters) / \(Self.value(s, "validity", format: "%.2f"))"
            }
            out += "| \(task) | " + texts.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The few-shot arms of each task as a table: a row per fraction, the negated and the base model
    /// fine-tuned on the same positives ("success rate / successful clusters").
    func fewShotOverview(_ rows: [Summary]) -> String {
        var out = ""
        for task in orderedUnique(rows.map(\.task)) {
            let negations = rows.filter { $0.task == task && $0.arm.hasPrefix("few-shot ") && $0.arm.hasSuffix(" negation") }
                .sorted { Self.armOrder($0.arm) < Self.armOrder($1.arm) }
            guard !negations.isEmpty else { continue }
            out += "| \(task): positives used | negated model, fine-tuned | base model, fine-tuned |\n|---|---:|---:|\n"
            for neg in negations {
                let fraction = String(neg.arm.dropFirst("few-shot ".count).dropLast(" negation".count))
                guard let base = rows.first(where: { $0.task == task && $0.arm == "few-shot \(fraction) base" }) else { continue }
                out += "| \(fraction) | " + [neg, base].map { "\(Self.value($0, "success_rate", format: "%.3f")) / \(Self.value($0, "success_clusters", format: "%.0f"))" }
                    .joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    /// Per task with few-shot arms: at each fraction, the negated model fine-tuned on the positives against
    /// the base model fine-tuned on the same molecules.
    func fewShotVerdicts(_ rows: [Summary]) -> String {
        var out = ""
        for task in orderedUnique(rows.map(\.task)) {
            let pairs = rows.filter { $0.task == task && $0.arm.hasPrefix("few-shot ") && $0.arm.hasSuffix(" negation") }
                .sorted { Self.armOrder($0.arm) < Self.armOrder($1.arm) }
                .compactMap { neg -> String? in
                    let fraction = String(neg.arm.dropFirst("few-shot ".count).dropLast(" negation".count))
                    guard let base = rows.first(where: { $0.task == task && $0.arm == "few-shot \(fraction) base" }),
                          let ns = neg.mean["success_rate"], let bs = base.mean["success_rate"] else { return nil }
                    return String(format: "%@ %@ (success %.3f vs %.3f, clusters %.0f vs %.0f)", fraction,
                                  ns > bs && (neg.mean["success_clusters"] ?? 0) >= (base.mean["success_clusters"] ?? 0) ? "wins" : "loses",
                                  ns, bs, neg.mean["success_clusters"] ?? 0, base.mean["success_clusters"] ?? 0)
                }
            if !pairs.isEmpty {
                out += "Few-shot on \(task), negated model vs base model fine-tuned on the same positives: " + pairs.joined(separator: "; ") + ".\n"
            }
        }
        return out
    }

    /// Per merge method: on how many tasks its arm beats plain negation (sum) in success rate, and in clusters.
    func methodVerdicts(_ rows: [Summary]) -> String {
        let methods = orderedUnique(rows.map(\.arm).filter { $0.hasPrefix("negation (") })
        var out = ""
        for method in methods {
            var tasks = 0, success = 0, clusters = 0
            for task in orderedUnique(rows.map(\.task)) {
                guard let plain = rows.first(where: { $0.task == task && $0.arm == "negation" }),
                      let merged = rows.first(where: { $0.task == task && $0.arm == method }),
                      let ps = plain.mean["success_rate"], let ms = merged.mean["success_rate"] else { continue }
                tasks += 1
                if ms > ps { success += 1 }
                if (merged.mean["success_clusters"] ?? 0) > (plain.mean["success_clusters"] ?? 0) { clusters += 1 }
            }
            if tasks > 0 {
                out += "\(method.dropFirst("negation (".count).dropLast()) beats plain negation in success rate on \(success) of \(tasks) tasks and in successful clusters on \(clusters) of \(tasks).\n"
            }
        }
        return out
    }

    /// The campaigns whose negatives do not sit on the failing side of the base model's samples.
    func dataWarnings(_ checks: [DataCheck]) -> String {
        let flagged = checks.filter { !$0.warnings.isEmpty }
        guard !flagged.isEmpty else { return "" }
        var out = "\n### Negatives that are not on the failing side of the base model\n\n"
        out += "\(flagged.count) of \(checks.count) campaigns (the numbers are per campaign; `data.csv` has every set):\n\n"
        for c in flagged {
            for w in c.warnings { out += "- \(c.planned.id): \(w)\n" }
        }
        return out
    }

    /// Success rate against successful clusters per task: a point per arm at its mean over setups, bars of
    /// one standard deviation, an arm's colour the same in every chart.
    func html(_ summary: [Summary], finished: Int) -> String {
        var report = HTMLReport(title: "Antipode: the paper's experiments",
                                summary: ["\(finished) of \(plan.count) campaigns finished; a point per arm at its mean over setups, bars of one standard deviation"])
        for task in orderedUnique(summary.map(\.task)) {
            let arms = summary.filter { $0.task == task && $0.mean["success_rate"] != nil }
                .sorted { Self.armOrder($0.arm) < Self.armOrder($1.arm) }
            let series = arms.map { a in
                SVGChart.Series(name: "\(a.arm) (\(a.n) setup\(a.n == 1 ? "" : "s"))",
                                points: [(a.mean["success_rate"] ?? 0, a.mean["success_clusters"] ?? 0)], labels: [a.arm],
                                errors: [(a.std["success_rate"] ?? 0, a.std["success_clusters"] ?? 0)], colour: Self.colour(a.arm))
            }
            report.extraCharts.append(SVGChart(title: task, xLabel: "success rate", yLabel: "successful clusters", series: series, kind: .scatter,
                                               width: 360, height: 260).render())
        }
        return report.html()
    }

    /// An arm's colour in every chart: negation and its merge variants warm, fine-tuning on positives blue,
    /// the base grey; few-shot arms darker with a larger fraction (reds from the negated model, blues from the base).
    static func colour(_ arm: String) -> String {
        let fixed = ["base": "#7f7f7f", "negation": "#d62728", "negation (ties)": "#ff7f0e", "negation (dare)": "#e377c2",
                     "negation (breadcrumbs)": "#bcbd22", "positives": "#1f77b4", "positives (reversed)": "#17becf"]
        if let c = fixed[arm] { return c }
        if arm.hasPrefix("few-shot ") {
            let percent = armOrder(arm).1
            let step = percent <= 1 ? 0 : percent <= 5 ? 1 : percent <= 10 ? 2 : 3
            return arm.hasSuffix("negation") ? ["#f4a582", "#d6604d", "#b2182b", "#67001f"][step] : ["#92c5de", "#4393c3", "#2166ac", "#053061"][step]
        }
        return "#8c564b"
    }

    private func orderedUnique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }
}
