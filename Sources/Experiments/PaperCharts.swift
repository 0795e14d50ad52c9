import Campaign
import Foundation

/// The paper experiment's report: one chart per task.
extension PaperTables {
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
                     "negation (breadcrumbs)": "#bcbd22", "negation (della)": "#8c564b", "negation (dare-ties)": "#c49c94",
                     "negation (enumerated)": "#9467bd", "negation (linearized)": "#2ca02c",
                     "positives": "#1f77b4", "positives (reversed)": "#17becf", "positives (enumerated)": "#aec7e8"]
        if let c = fixed[arm] { return c }
        if arm.hasPrefix("few-shot ") {
            let percent = armOrder(arm).1
            let step = percent <= 1 ? 0 : percent <= 5 ? 1 : percent <= 10 ? 2 : 3
            if arm.hasSuffix("learned λ") { return ["#c2e699", "#78c679", "#31a354", "#006837"][step] }
            return arm.hasSuffix("negation") ? ["#f4a582", "#d6604d", "#b2182b", "#67001f"][step] : ["#92c5de", "#4393c3", "#2166ac", "#053061"][step]
        }
        return "#8c564b"
    }
}
