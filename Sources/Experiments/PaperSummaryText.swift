import Campaign
import Foundation
import Support

/// The paper experiment's summary in words: overview tables for the README, the full table per part, and
/// plain verdicts (negation against fine-tuning on positives, merge methods against plain negation, few-shot).
extension PaperTables {
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

    /// "0.380 ± 0.026" over several setups, "0.380" over one (a spread of one setup says nothing).
    static func value(_ s: Summary, _ column: String, format: String) -> String {
        guard let m = s.mean[column] else { return "–" }
        return s.n > 1 ? String(format: "\(format) ± \(format)", m, s.std[column] ?? 0) : String(format: format, m)
    }

    /// "success 0.380 ± 0.026 vs 0.532 ± 0.005, clusters 1978 ± 52 vs 3306 ± 76", naming a difference that is
    /// within one standard deviation of either arm (over several setups) as such.
    static func comparison(_ a: Summary, _ b: Summary) -> String {
        func within(_ column: String) -> Bool {
            guard a.n > 1 || b.n > 1, let x = a.mean[column], let y = b.mean[column] else { return false }
            return abs(x - y) <= max(a.std[column] ?? 0, b.std[column] ?? 0)
        }
        var text = "success \(value(a, "success_rate", format: "%.3f")) vs \(value(b, "success_rate", format: "%.3f")), "
            + "clusters \(value(a, "success_clusters", format: "%.0f")) vs \(value(b, "success_clusters", format: "%.0f"))"
        let close = ["success_rate": "success", "success_clusters": "clusters"].filter { within($0.key) }.map(\.value).sorted(by: >)
        if !close.isEmpty { text += "; \(close.joined(separator: " and ")) within one sd" }
        return text
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
            let against = positives.count > 1 ? "against \(pos.arm): " : ""
            let text = "\(task) (\(against)\(Self.comparison(neg, pos)))"
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

    /// A task's few-shot arms by fraction: the negated model and the base model fine-tuned on the same positives.
    func fewShotPairs(_ rows: [Summary], task: String) -> [(fraction: String, negation: Summary, base: Summary)] {
        rows.filter { $0.task == task && $0.arm.hasPrefix("few-shot ") && $0.arm.hasSuffix(" negation") }
            .sorted { Self.armOrder($0.arm) < Self.armOrder($1.arm) }
            .compactMap { neg in
                let fraction = String(neg.arm.dropFirst("few-shot ".count).dropLast(" negation".count))
                return rows.first { $0.task == task && $0.arm == "few-shot \(fraction) base" }.map { (fraction, neg, $0) }
            }
    }

    /// The few-shot arms of each task as a table: a row per fraction, the negated and the base model
    /// fine-tuned on the same positives, and the learned-λ arm where there is one ("success rate / successful clusters").
    func fewShotOverview(_ rows: [Summary]) -> String {
        var out = ""
        for task in orderedUnique(rows.map(\.task)) {
            let pairs = fewShotPairs(rows, task: task)
            guard !pairs.isEmpty else { continue }
            let learned = pairs.map { p in rows.first { $0.task == task && $0.arm == "few-shot \(p.fraction) learned λ" } }
            let withLearned = learned.contains { $0 != nil }
            // A blank line between two tables, or markdown reads the second's header as rows of the first.
            if !out.isEmpty { out += "\n" }
            out += "| \(task): positives used | negated model, fine-tuned | " + (withLearned ? "learned λ | " : "")
                + "base model, fine-tuned |\n|---|---:|---:|" + (withLearned ? "---:|" : "") + "\n"
            for (p, l) in zip(pairs, learned) {
                let cells = [p.negation] + (withLearned ? [l] : []) + [p.base]
                out += "| \(p.fraction) | " + cells.map { s in
                    s.map { "\(Self.value($0, "success_rate", format: "%.3f")) / \(Self.value($0, "success_clusters", format: "%.0f"))" } ?? "–"
                }.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    /// Per task with few-shot arms: at each fraction, the negated model fine-tuned on the positives against
    /// the base model fine-tuned on the same molecules, and the learned-λ arm against the negated model.
    func fewShotVerdicts(_ rows: [Summary]) -> String {
        var out = ""
        for task in orderedUnique(rows.map(\.task)) {
            let pairs = fewShotPairs(rows, task: task).compactMap { p -> String? in
                guard let outcome = Self.outcome(p.negation, against: p.base) else { return nil }
                return "\(p.fraction) \(outcome) (\(Self.comparison(p.negation, p.base)))"
            }
            if !pairs.isEmpty {
                out += "Few-shot on \(task), negated model vs base model fine-tuned on the same positives: " + pairs.joined(separator: "; ") + ".\n"
            }
            let learned = fewShotPairs(rows, task: task).compactMap { p -> String? in
                guard let l = rows.first(where: { $0.task == task && $0.arm == "few-shot \(p.fraction) learned λ" }),
                      let outcome = Self.outcome(l, against: p.negation) else { return nil }
                return "\(p.fraction) \(outcome) (\(Self.comparison(l, p.negation)))"
            }
            if !learned.isEmpty {
                out += "Few-shot on \(task), learned λ vs the negated model fine-tuned on the same positives: " + learned.joined(separator: "; ") + ".\n"
            }
        }
        return out
    }

    /// How arm `a` fares against `b` by mean success rate and successful clusters: "wins" (both higher, clusters
    /// possibly equal), "wins in success rate only", "wins in clusters only" or "loses" (neither higher); nil without a success rate.
    static func outcome(_ a: Summary, against b: Summary) -> String? {
        guard let sa = a.mean["success_rate"], let sb = b.mean["success_rate"] else { return nil }
        let ca = a.mean["success_clusters"] ?? 0, cb = b.mean["success_clusters"] ?? 0
        switch (sa > sb, ca >= cb) {
        case (true, true): return "wins"
        case (true, false): return "wins in success rate only"
        case (false, true) where ca > cb: return "wins in clusters only"
        default: return "loses"
        }
    }

    /// Per merge method or variant: on how many tasks its arm beats plain negation (sum) in success rate, and in
    /// clusters; over several setups, also how many of those differences (either way) exceed one sd of either arm.
    func methodVerdicts(_ rows: [Summary]) -> String {
        let methods = orderedUnique(rows.map(\.arm).filter { $0.hasPrefix("negation (") })
        var out = ""
        for method in methods {
            var tasks = 0, success = 0, clusters = 0, spread = false
            var beyond = ["success_rate": (better: 0, worse: 0), "success_clusters": (better: 0, worse: 0)]
            for task in orderedUnique(rows.map(\.task)) {
                guard let plain = rows.first(where: { $0.task == task && $0.arm == "negation" }),
                      let merged = rows.first(where: { $0.task == task && $0.arm == method }),
                      let ps = plain.mean["success_rate"], let ms = merged.mean["success_rate"] else { continue }
                tasks += 1
                if ms > ps { success += 1 }
                if (merged.mean["success_clusters"] ?? 0) > (plain.mean["success_clusters"] ?? 0) { clusters += 1 }
                guard plain.n > 1 || merged.n > 1 else { continue }
                spread = true
                for column in beyond.keys {
                    guard let m = merged.mean[column], let p = plain.mean[column] else { continue }
                    let sd = max(merged.std[column] ?? 0, plain.std[column] ?? 0)
                    if m - p > sd { beyond[column]!.better += 1 } else if p - m > sd { beyond[column]!.worse += 1 }
                }
            }
            guard tasks > 0 else { continue }
            out += "\(method.dropFirst("negation (".count).dropLast()) beats plain negation in success rate on \(success) of \(tasks) tasks and in successful clusters on \(clusters) of \(tasks)"
            if spread {
                let s = beyond["success_rate"]!, c = beyond["success_clusters"]!
                out += "; beyond one sd it is better in success rate on \(s.better) and worse on \(s.worse), better in clusters on \(c.better) and worse on \(c.worse)"
            }
            out += ".\n"
        }
        return out
    }

    /// Per task, each negation arm's chosen λ (mean ± sd over setups) and in how many setups it was the grid's
    /// largest, where the best may lie beyond the grid; a last row counts those over all tasks.
    func lambdaTable(_ rows: [Row]) -> String {
        let negation = rows.filter { $0.arm == "negation" || $0.arm.hasPrefix("negation (") }
        let arms = orderedUnique(negation.map(\.arm)).sorted { Self.armOrder($0) < Self.armOrder($1) }
        guard !arms.isEmpty else { return "" }
        var out = "\n### Chosen λ\n\nPer task and negation arm, the λ its sweep chose (mean ± sd over setups) and, where it happened,"
            + " in how many setups that was the grid's largest λ (success may still rise beyond it).\n\n"
            + "| task | " + arms.joined(separator: " | ") + " |\n|---|" + arms.map { _ in "---:" }.joined(separator: "|") + "|\n"
        /// "largest in k of n" (empty without sweeps; with `always` false, also when k is 0).
        func atTop(_ xs: [Row], always: Bool) -> String {
            let known = xs.filter { $0.lambdaAtGridTop != nil }, top = known.filter { $0.lambdaAtGridTop! }.count
            return known.isEmpty || (top == 0 && !always) ? "" : "largest in \(top) of \(known.count)"
        }
        for task in orderedUnique(negation.map(\.task)) {
            let cells = arms.map { arm -> String in
                let xs = negation.filter { $0.task == task && $0.arm == arm }
                guard !xs.isEmpty else { return "–" }
                let top = atTop(xs, always: false)
                return Self.meanText(xs.map(\.lambda), "%.2f") + (top.isEmpty ? "" : ", \(top)")
            }
            out += "| \(task) | " + cells.joined(separator: " | ") + " |\n"
        }
        return out + "| all tasks | " + arms.map { arm in
            let top = atTop(negation.filter { $0.arm == arm }, always: true)
            return top.isEmpty ? "–" : top
        }.joined(separator: " | ") + " |\n"
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
}
