import Foundation

/// Where a success rate comes from: a design succeeds only if it is valid, so an arm can lose the success rate
/// to validity alone. Per task, plain negation and the best fine-tuning on positives beside the base model:
/// validity, the success rate, the success rate among valid designs (success rate ÷ validity, per setup) and
/// the size check's size-matched success rate and mean heavy atoms.
extension PaperTables {
    /// The section for `summary.md` (empty without a task that has both negation and positives).
    func successBreakdown(_ rows: [Row]) -> String {
        let columns: [(title: String, format: String, value: (Row) -> Double?)] = [
            ("validity", "%.3f", { $0.values["validity"] }),
            ("success rate", "%.3f", { $0.values["success_rate"] }),
            ("success among valid", "%.3f", Self.successAmongValid),
            ("size-matched success", "%.3f", { $0.values["size_matched_success_rate"] }),
            ("heavy atoms", "%.1f", { $0.values["mean_heavy_atoms"] }),
        ]
        var table = "", reaches: [String] = [], falls: [String] = []
        for task in orderedUnique(rows.map(\.task)) {
            let taskRows = rows.filter { $0.task == task }
            guard let positives = Self.bestPositives(taskRows), taskRows.contains(where: { $0.arm == "negation" }) else { continue }
            for arm in ["base", "negation", positives] {
                let xs = taskRows.filter { $0.arm == arm }
                guard !xs.isEmpty else { continue }
                table += "| \(task) | \(arm) | " + columns.map { c in Self.meanText(xs.compactMap(c.value), c.format) }.joined(separator: " | ") + " |\n"
            }
            let neg = taskRows.filter { $0.arm == "negation" }.compactMap(Self.successAmongValid)
            let pos = taskRows.filter { $0.arm == positives }.compactMap(Self.successAmongValid)
            guard let (n, nsd) = Self.meanSD(neg), let (p, psd) = Self.meanSD(pos) else { continue }
            let text = "\(task) (\(Self.meanText(neg, "%.3f")) vs \(Self.meanText(pos, "%.3f")))"
            if n >= p || ((neg.count > 1 || pos.count > 1) && p - n <= max(nsd, psd)) { reaches.append(text) } else { falls.append(text) }
        }
        guard !table.isEmpty else { return "" }
        var out = "\n### Where the success rate goes\n\nA design succeeds only if it is valid. Per task, plain negation and the best fine-tuning on positives beside"
            + " the base model (mean ± sd over setups): success among valid designs is the success rate ÷ validity per setup;"
            + " the size-matched success rate (the success rate at the base model's sizes) and the mean heavy atoms are the"
            + " size check's (README, `size_check`).\n\n"
            + "| task | arm | " + columns.map(\.title).joined(separator: " | ") + " |\n|---|---|" + columns.map { _ in "---:" }.joined(separator: "|") + "|\n"
            + table + "\n"
        if !reaches.isEmpty {
            out += "Among valid designs negation succeeds as often as fine-tuning on positives (above it, or below by at most one sd) on: "
                + reaches.joined(separator: "; ") + ".\n"
        }
        if !falls.isEmpty { out += "Among valid designs negation succeeds less often on: " + falls.joined(separator: "; ") + ".\n" }
        return out
    }

    /// The success rate among valid designs of one setup's arm (nil without a validity above 0).
    static func successAmongValid(_ row: Row) -> Double? {
        guard let s = row.values["success_rate"], let v = row.values["validity"], v > 0 else { return nil }
        return s / v
    }

    /// The fine-tuning-on-positives arm with the largest mean success rate (for two objectives, the better order).
    static func bestPositives(_ rows: [Row]) -> String? {
        let arms = Set(rows.map(\.arm).filter { $0.hasPrefix("positives") })
        func mean(_ arm: String) -> Double { meanSD(rows.filter { $0.arm == arm }.compactMap { $0.values["success_rate"] })?.mean ?? -1 }
        return arms.sorted().max { mean($0) < mean($1) }
    }
}
