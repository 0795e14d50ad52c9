import Campaign
import Foundation
import Model
import Support

/// What the learned-λ arm of each few-shot campaign fitted, read from its model's metadata: the coefficient of τ
/// (started at −λ, the sweep's choice) and of each piece of τ's fine-tuning trajectory (started at 0), each the
/// mean over the layer groups, and the held-out positives' loss before and after the fit. A coefficient that
/// rises from −λ toward 0, or pieces fitted positive, move the model back toward the negatives' fine-tuning.
struct PaperLearnedLambda {
    let experiment: PaperExperiment
    let plan: [PaperExperiment.Planned]
    /// Rows of campaigns whose work folder is gone.
    var archive = PaperArchive.none

    /// The per-setup rows in the results folder.
    static let fileName = "learned-lambda.csv"

    struct Row: Equatable {
        var task: String
        var setup: Int
        /// "5%".
        var fraction: String
        /// τ's starting coefficient (−λ).
        var start: Double
        /// τ's fitted coefficient, mean over layer groups.
        var tau: Double
        /// Each trajectory piece's fitted coefficient (early → late), mean over layer groups.
        var pieces: [Double]
        var lossBefore: Double
        var lossAfter: Double
    }

    static let csvHeader = "task,setup,fraction,start,tau,pieces,loss_before,loss_after\n"

    /// learned-lambda.csv: a row per campaign and fraction; the pieces' coefficients joined by `;` (early → late).
    static func csv(_ rows: [Row]) -> String {
        csvHeader + rows.map { r in
            [r.task, String(r.setup), r.fraction, String(r.start), String(r.tau), r.pieces.map { String($0) }.joined(separator: ";"),
             String(r.lossBefore), String(r.lossAfter)].joined(separator: ",") + "\n"
        }.joined()
    }

    /// Every learned-λ arm of the finished single-objective campaigns; a model whose metadata cannot be read costs
    /// its row, with a warning.
    func rows() -> [Row] {
        var out: [Row] = []
        for p in plan where p.part == "single" && p.config.objectives.count == 1 {
            let metrics = URL(fileURLWithPath: experiment.options.workFolder).appendingPathComponent(p.id).appendingPathComponent("metrics.json")
            guard let results = try? CampaignResults.read(metrics) else {
                out += archive.learnedLambda[p.id] ?? []
                continue
            }
            for (arm, result) in results.arms.sorted(by: { PaperTables.armOrder($0.key) < PaperTables.armOrder($1.key) })
            where arm.hasPrefix("few-shot ") && arm.hasSuffix(" learned λ") {
                let folder = URL(fileURLWithPath: p.config.work).appendingPathComponent("models").appendingPathComponent(result.stage)
                do {
                    let metadata = try LanguageModel.metadata(of: folder)
                    guard let coefficients = metadata["fit_coefficients"].flatMap(Self.matrix), coefficients.count >= 1,
                          let losses = metadata["fit_validation_loss"].map(Self.numbers), losses.count == 2 else {
                        throw UserError("no fit_coefficients or fit_validation_loss in its metadata")
                    }
                    func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(1, xs.count)) }
                    let fraction = String(arm.dropFirst("few-shot ".count).dropLast(" learned λ".count))
                    out.append(Row(task: p.tasks[0], setup: p.setup, fraction: fraction, start: -result.lambda,
                                   tau: mean(coefficients[0]), pieces: coefficients.dropFirst().map(mean),
                                   lossBefore: losses[1], lossAfter: losses[0]))
                } catch {
                    printError("warning: \(p.id) \(arm) left out of the learned-λ table: \(folder.path): \(error)")
                }
            }
        }
        return out
    }

    /// "[[1.0, -2], [3]]" → [[1, -2], [3]].
    static func matrix(_ text: String) -> [[Double]]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[Double]]
    }

    /// Every number in "0.664364 (start 0.691863)", in order.
    static func numbers(_ text: String) -> [Double] {
        text.split { !("0123456789.-eE".contains($0)) }.compactMap { Double($0) }
    }

    /// A row per task and fraction: mean ± sd over setups.
    static func markdown(_ rows: [Row]) -> String {
        guard !rows.isEmpty else { return "" }
        var out = "\n### Learned λ\n\nWhat the learned-λ arm fitted to the few positives' likelihood, per fraction (mean ± sd over setups):"
            + " τ's coefficient (started at −λ, the sweep's choice) and each piece of τ's own fine-tuning trajectory (started at 0;"
            + " early → late), each the mean over the layer groups, and the held-out positives' loss before → after the fit."
            + " The pieces sum to τ, so a positive coefficient on them, like τ's rising toward 0, moves the model back toward"
            + " the negatives' fine-tuning.\n\n"
            + "| task | positives used | α(τ) start | α(τ) fitted | α(pieces) fitted | held-out loss |\n|---|---|---:|---:|---:|---:|\n"
        func cell(_ xs: [Double]) -> String { PaperTables.meanText(xs, "%+.2f", sdFormat: "%.2f") }
        func loss(_ xs: [Double]) -> String { PaperTables.meanText(xs, "%.3f") }
        var keys: [String] = []
        for r in rows where !keys.contains("\(r.task)|\(r.fraction)") { keys.append("\(r.task)|\(r.fraction)") }
        for key in keys {
            let group = rows.filter { "\($0.task)|\($0.fraction)" == key }
            let pieces = (0..<(group.map(\.pieces.count).min() ?? 0)).map { i in cell(group.map { $0.pieces[i] }) }
            out += "| \(group[0].task) | \(group[0].fraction) | \(cell(group.map(\.start))) | \(cell(group.map(\.tau))) | "
                + (pieces.isEmpty ? "–" : pieces.joined(separator: " / ")) + " | "
                + "\(loss(group.map(\.lossBefore))) → \(loss(group.map(\.lossAfter))) |\n"
        }
        return out
    }
}

extension PaperLearnedLambda.Row {
    /// A row of learned-lambda.csv (nil when a number is missing or malformed).
    init?(csv r: PaperArchive.Record) {
        guard let task = r["task"], let setup = Int(r["setup"] ?? ""), let fraction = r["fraction"], let start = Double(r["start"] ?? ""),
              let tau = Double(r["tau"] ?? ""), let before = Double(r["loss_before"] ?? ""), let after = Double(r["loss_after"] ?? "") else { return nil }
        let pieces = (r["pieces"] ?? "").split(separator: ";").map { Double($0) }
        guard !pieces.contains(nil) else { return nil }
        self.init(task: task, setup: setup, fraction: fraction, start: start, tau: tau, pieces: pieces.compactMap { $0 },
                  lossBefore: before, lossAfter: after)
    }
}
