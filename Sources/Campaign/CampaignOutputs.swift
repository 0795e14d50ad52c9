import Chem
import Evaluation
import Foundation
import Support

/// Evaluates every arm of a finished campaign and writes what a chemist and a notebook read:
/// `designs.csv`, `sweep.csv`, `metrics.json` and `report.html` (next to `campaign.sqlite`).
struct CampaignOutputs {
    let runner: CampaignRunner
    /// Every merge method's sweep; the first is the campaign's main method.
    let sweeps: [SweepOutcome]

    private var main: SweepOutcome { sweeps[0] }

    /// Descriptors always drawn in the report, besides those in the success rule.
    static let histogramDescriptors = ["MolLogP", "TPSA", "QED", "SA", "MolWt", "RingCount", "NumHDonors", "FractionCSP3"]

    private struct EvaluatedArm {
        let arm: CampaignRunner.Arm
        let samples: [CampaignStore.StoredSample]
        let designSet: DesignSet
        let metrics: Metrics
        /// Per design: first occurrence, novel, success.
        let flags: [(unique: Bool, novel: Bool, success: Bool)]
    }

    func write() throws -> URL {
        let config = runner.config
        let reference = try runner.referenceIndex()
        let predicates = try config.predicates()
        // Evaluation is re-done from the stored samples on every run: it is minutes at most, and then
        // reports always reflect the current metric definitions.
        var arms: [EvaluatedArm] = []
        for arm in runner.arms {
            let samples = try runner.store.samples(stage: arm.stage, lambda: arm.lambda)
            let designSet = DesignSet(designs: samples.map(\.smiles), plan: ScoringPlan(objectives: ScoringPlan.objectives(in: predicates)),
                                      quiet: runner.quiet)
            let metrics = Evaluation.evaluate(designSet, reference: reference, predicates: predicates)
            var firstSeen = Set<Int>()
            let flags = designSet.moleculeOfDesign.map { m -> (Bool, Bool, Bool) in
                guard let m else { return (false, false, false) }
                let unique = firstSeen.insert(m).inserted
                let molecule = designSet.molecules[m]
                let novel = !reference.contains(canonicalSmiles: molecule.canonicalSmiles)
                let meets = predicates.allSatisfy { p in molecule.value(of: p.descriptor).map(p.holds) ?? false }
                return (unique, novel, unique && novel && meets)
            }
            var values: [String: Double] = [:]
            for v in metrics.values { if let x = v.value { values[v.name] = x } }
            try runner.store.recordMetrics(stage: "evaluate:\(arm.name)", lambda: arm.lambda, values)
            arms.append(EvaluatedArm(arm: arm, samples: samples, designSet: designSet, metrics: metrics, flags: flags))
        }
        try writeDesigns(arms)
        try writeSweep()
        let base = arms.first { $0.arm.name == "base" }
        let objectives = try config.objectives.map { (label: $0.label, predicates: try config.predicates(of: $0)) }
        let check = base.map { base in
            DataSetCheck(base: base.designSet,
                         sets: runner.dataSets.map { ($0.label, DesignSet(designs: $0.set.all, plan: ScoringPlan(filters: false))) },
                         objectives: objectives)
        }
        for warning in check?.warnings ?? [] { runner.log("  warning: \(warning)") }
        try writeMetrics(arms, base: base, check: check)
        return try writeReport(arms, base: base, predicates: predicates, check: check)
    }

    private func descriptorValues(_ arm: EvaluatedArm, _ name: String) -> [Double] {
        arm.designSet.molecules.compactMap { $0.value(of: name) }
    }

    private func writeDesigns(_ arms: [EvaluatedArm]) throws {
        let names = Descriptor.all.map(\.name)
        var csv = (["arm", "lambda", "smiles", "canonical_smiles", "valid", "unique", "novel", "success", "nll"] + names + ["scaffold", "passes_filters"])
            .joined(separator: ",") + "\n"
        for arm in arms {
            for (i, sample) in arm.samples.enumerated() {
                var row = [CSV.quote(arm.arm.name), "\(arm.arm.lambda)", CSV.quote(sample.smiles)]
                if let m = arm.designSet.moleculeOfDesign[i] {
                    let molecule = arm.designSet.molecules[m]
                    let f = arm.flags[i]
                    row += [CSV.quote(molecule.canonicalSmiles), "1", f.unique ? "1" : "0", f.novel ? "1" : "0", f.success ? "1" : "0",
                            String(format: "%.4f", sample.nll)]
                    row += molecule.descriptors.map { $0 == $0.rounded() && abs($0) < 1e9 ? String(Int($0)) : String($0) }
                    row += [CSV.quote(molecule.scaffold), molecule.passesFilters == true ? "1" : "0"]
                } else {
                    row += ["", "0", "0", "0", "0", String(format: "%.4f", sample.nll)] + names.map { _ in "" } + ["", ""]
                }
                csv += row.joined(separator: ",") + "\n"
            }
        }
        try AtomicFile.write(csv, to: runner.output.appendingPathComponent("designs.csv"))
    }

    private func writeSweep() throws {
        var csv = "method,lambda,designs,validity,uniqueness,novelty,success_rate,successful_clusters,chosen\n"
        for sweep in sweeps {
            for r in sweep.rows {
                csv += "\(sweep.method),\(r.lambda),\(r.designs),\(r.validity),\(r.uniqueness),\(r.novelty),\(r.successRate),\(r.successfulClusters),\(r.lambda == sweep.chosen?.lambda ? 1 : 0)\n"
            }
        }
        try AtomicFile.write(csv, to: runner.output.appendingPathComponent("sweep.csv"))
    }

    private func writeMetrics(_ arms: [EvaluatedArm], base: EvaluatedArm?, check: DataSetCheck?) throws {
        var armsJSON: [String: Any] = [:]
        for arm in arms {
            var values: [String: Any] = [:]
            for v in arm.metrics.values { values[v.name] = v.value ?? NSNull() }
            var ks: [String: Any] = [:]
            if let base, base.arm.name != arm.arm.name {
                for d in Descriptor.all { ks[d.name] = kolmogorovSmirnov(descriptorValues(arm, d.name), descriptorValues(base, d.name)) ?? NSNull() }
            }
            armsJSON[arm.arm.name] = ["stage": arm.arm.stage, "lambda": arm.arm.lambda, "summary": arm.arm.summary,
                                      "metrics": values, "ks_vs_base_samples": ks] as [String: Any]
        }
        let rule = runner.config.lambdaRule
        let document: [String: Any] = [
            "campaign": runner.config.name,
            "rdkit": rdkitVersion,
            "success": runner.config.objectives.flatMap(\.success),
            "lambda_rule": rule.description,
            "chosen_lambda": main.chosen?.lambda ?? NSNull(),
            "sweeps": sweeps.map { sweep -> [String: Any] in
                ["method": sweep.method, "chosen_lambda": sweep.chosen?.lambda ?? NSNull(),
                 "rows": sweep.rows.map { ["lambda": $0.lambda, "validity": $0.validity, "uniqueness": $0.uniqueness, "novelty": $0.novelty,
                                           "success_rate": $0.successRate, "successful_clusters": $0.successfulClusters] }]
            },
            "arms": armsJSON,
            "data_sets": check?.json ?? NSNull(),
            "stages": try runner.store.stages().map { ["name": $0.name, "status": $0.status.rawValue, "seconds": $0.seconds ?? NSNull(), "detail": $0.detail] as [String: Any] },
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data, to: runner.output.appendingPathComponent("metrics.json"))
    }

    private func writeReport(_ arms: [EvaluatedArm], base: EvaluatedArm?, predicates: [DescriptorPredicate], check: DataSetCheck?) throws -> URL {
        let config = runner.config
        let negation = arms.first { $0.arm.name == "negation" }
        let chosenText = main.chosen.map { "Chosen λ = \($0.lambda): \(config.lambdaRule)" } ?? "No λ chosen"
        var report = HTMLReport(title: "Antipode campaign: \(config.name)", summary: [
            "Success: " + config.objectives.flatMap(\.success).joined(separator: " AND "),
            "Negated vectors: " + config.objectives.map { "\($0.label)\($0.lambdaScale != 1 ? " ×\($0.lambdaScale)" : "")" }.joined(separator: ", ")
                + " (merge methods: \(config.sweep.methods.joined(separator: ", ")))",
            chosenText,
            "Base model: \(config.baseModel)",
        ] + (check?.warnings.map { "Warning: \($0)" } ?? []))
        report.sweep = main.rows.map { r -> HTMLReport.SweepPoint in
            HTMLReport.SweepPoint(lambda: r.lambda, metrics: ["validity": r.validity, "novelty": r.novelty, "uniqueness": r.uniqueness,
                                                         "success_rate": r.successRate, "successful_clusters": Double(r.successfulClusters)])
        }
        report.chosenLambda = main.chosen?.lambda
        for sweep in sweeps {
            let rows = sweep.rows.map { r -> [String] in
                [String(r.lambda), f(r.validity), f(r.uniqueness), f(r.novelty), f(r.successRate),
                 String(r.successfulClusters), r.lambda == sweep.chosen?.lambda ? "chosen" : ""]
            }
            report.tables.append(HTMLReport.Table(title: "Sweep (\(sweep.method))",
                                                  header: ["λ", "validity", "uniqueness", "novelty", "success rate", "successful clusters", ""], rows: rows))
        }
        let keys = ["validity", "uniqueness", "novelty", "success_rate", "success_clusters", "intdiv1", "scaffolds", "filters"]
        report.tables.append(.init(title: "Arms", header: ["arm", "λ"] + keys + ["KS MolLogP vs base"],
                                   rows: arms.map { a in
                                       [a.arm.name + " — " + a.arm.summary, String(a.arm.lambda)] + keys.map { k in a.metrics[k].map { k.contains("clusters") || k == "scaffolds" ? String(Int($0)) : f($0) } ?? "–" }
                                           + [base.flatMap { b in b.arm.name == a.arm.name ? nil : kolmogorovSmirnov(descriptorValues(a, "MolLogP"), descriptorValues(b, "MolLogP")) }.map(f) ?? "–"]
                                   }))
        if let check {
            report.tables.append(.init(title: "The data against the base model", header: ["set", "molecules", "meets the rule"] + check.descriptors.map { "mean \($0)" },
                                       rows: check.rows.map { r in
                                           [r.name, String(r.molecules), f(r.successFraction)] + check.descriptors.map { d in r.means[d].map { String(format: "%.2f", $0) } ?? "–" }
                                       }))
        }
        if let negation, let base {
            var shown = predicates.map(\.descriptor)
            for d in Self.histogramDescriptors where !shown.contains(d) { shown.append(d) }
            report.histograms = shown.map { ($0, descriptorValues(negation, $0), descriptorValues(base, $0)) }
            // Best designs: successes with the highest QED.
            let successes = zip(negation.samples.indices, negation.flags).filter { $0.1.success }.compactMap { i, _ in
                negation.designSet.moleculeOfDesign[i].map { negation.designSet.molecules[$0] }
            }
            report.bestDesigns = successes.sorted { ($0.value(of: "QED") ?? 0) > ($1.value(of: "QED") ?? 0) }.prefix(24).map { m in
                let shownValues = (predicates.map(\.descriptor) + ["QED", "SA"]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                return .init(smiles: m.canonicalSmiles, caption: shownValues.compactMap { n in m.value(of: n).map { "\(n) \(String(format: "%.2f", $0))" } }.joined(separator: " · "))
            }
        }
        let url = runner.output.appendingPathComponent("report.html")
        try AtomicFile.write(report.html(), to: url)
        return url
    }

    private func f(_ x: Double) -> String { String(format: "%.3f", x) }
}
