import Chem
import Evaluation
import Foundation
import Support
import Sweep

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
        let flags: [DesignFlags]
    }

    func write() throws -> URL {
        let config = runner.config
        let reference = try runner.referenceIndex()
        let predicates = try config.predicates()
        // Evaluation is re-done from the stored samples on every run: it is minutes at most, and then
        // reports always reflect the current metric definitions.
        var arms: [EvaluatedArm] = []
        for arm in runner.arms {
            let samples = try runner.store.samples(stage: arm.stage.name, lambda: arm.lambda)
            let designSet = DesignSet(designs: samples.map(\.smiles), plan: ScoringPlan(objectives: ScoringPlan.objectives(in: predicates)),
                                      quiet: runner.quiet)
            let metrics = Evaluation.evaluate(designSet, reference: reference, predicates: predicates)
            let flags = designSet.flags(reference: reference, predicates: predicates)
            try runner.store.recordMetrics(stage: StageKey.evaluate(arm: arm.name).name, lambda: arm.lambda, metrics.definedValues)
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
        let size = SizeCheck(arms: arms.map { a in
            (a.arm.name, SizeCheck.Designs(heavyAtoms: a.designSet.moleculeOfDesign.map { m in m.flatMap { a.designSet.molecules[$0].value(of: DataSetCheck.sizeDescriptor) } },
                                           success: a.flags.map(\.success)))
        }, baseName: "base", data: check)
        for warning in (check?.warnings ?? []) + size.warnings { runner.log("  warning: \(warning)") }
        for warning in runner.fineTuningWarnings { runner.log("  warning: \(warning)") }
        try writeMetrics(arms, base: base, check: check, size: size)
        return try writeReport(arms, base: base, predicates: predicates, check: check, size: size)
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
                    // Flags as `evaluate --per-design` writes them: true/false.
                    row += [CSV.quote(molecule.canonicalSmiles), "true", String(f.unique), String(f.novel), String(f.success),
                            String(format: "%.4f", sample.nll)]
                    row += molecule.descriptors.map { $0 == $0.rounded() && abs($0) < 1e9 ? String(Int($0)) : String($0) }
                    row += [CSV.quote(molecule.scaffold), String(molecule.passesFilters == true)]
                } else {
                    row += ["", "false", "false", "false", "false", String(format: "%.4f", sample.nll)] + names.map { _ in "" } + ["", ""]
                }
                csv += row.joined(separator: ",") + "\n"
            }
        }
        try AtomicFile.write(csv, to: runner.output.appendingPathComponent("designs.csv"))
    }

    private func writeSweep() throws {
        let table = SweepTable.csv(sweeps.map { SweepTable.Sweep(method: $0.method, rows: $0.rows, chosen: $0.chosen?.lambda) })
        try AtomicFile.write(table, to: runner.output.appendingPathComponent("sweep.csv"))
    }

    private func writeMetrics(_ arms: [EvaluatedArm], base: EvaluatedArm?, check: DataSetCheck?, size: SizeCheck) throws {
        var armResults: [String: CampaignResults.Arm] = [:]
        let conditions = conditionColumns((try? runner.config.predicates()) ?? [])
        for arm in arms {
            var ks: [String: Double?] = [:]
            if let base, base.arm.name != arm.arm.name {
                for d in Descriptor.all { ks[d.name] = kolmogorovSmirnov(descriptorValues(arm, d.name), descriptorValues(base, d.name)) }
            }
            var perCondition: [String: Double] = [:]
            for (name, predicates) in conditions { perCondition[name] = conditionRate(arm, predicates) }
            armResults[arm.arm.name] = CampaignResults.Arm(
                stage: arm.arm.stage.name, lambda: arm.arm.lambda, summary: arm.arm.summary,
                metrics: Dictionary(uniqueKeysWithValues: arm.metrics.values.map { ($0.name, $0.value) }),
                ksVsBaseSamples: ks, successPerCondition: perCondition)
        }
        let results = CampaignResults(
            campaign: runner.config.name, rdkit: rdkitVersion, success: runner.config.objectives.flatMap(\.success),
            lambdaRule: runner.config.lambdaRule.description, chosenLambda: main.chosen?.lambda,
            sweeps: sweeps.map { sweep in
                CampaignResults.Sweep(
                    method: sweep.method, chosenLambda: sweep.chosen?.lambda,
                    chosenLambdaNote: sweep.chosen.flatMap { LambdaChoiceRule.edgeNote(chosen: $0.lambda, grid: sweep.rows.map(\.lambda)) },
                    rows: sweep.rows.map { r in
                        .init(lambda: r.lambda, designs: r.designs, validity: r.validity, uniqueness: r.uniqueness, novelty: r.novelty,
                              successRate: r.successRate, successRateSE: r.successRateStandardError, successClusters: r.successClusters)
                    })
            },
            arms: armResults, dataSets: check?.record, sizeCheck: size.record, fineTuningWarnings: runner.fineTuningWarnings,
            stages: try runner.store.stages().map { .init(name: $0.name, status: $0.status.rawValue, seconds: $0.seconds, detail: $0.detail) })
        try AtomicFile.write(try results.json(), to: runner.output.appendingPathComponent("metrics.json"))
    }

    private func writeReport(_ arms: [EvaluatedArm], base: EvaluatedArm?, predicates: [DescriptorPredicate], check: DataSetCheck?, size: SizeCheck) throws -> URL {
        let config = runner.config
        let negation = arms.first { $0.arm.name == "negation" }
        var chosenText = main.chosen.map { "Chosen λ = \($0.lambda): \(config.lambdaRule)" } ?? "No λ chosen"
        if let chosen = main.chosen, let note = LambdaChoiceRule.edgeNote(chosen: chosen.lambda, grid: main.rows.map(\.lambda)) {
            chosenText += ". Note: \(note)"
        }
        var report = HTMLReport(title: "Antipode campaign: \(config.name)", summary: [
            "Success: " + config.objectives.flatMap(\.success).joined(separator: " AND "),
            "Negated vectors: " + config.objectives.map { "\($0.label)\($0.lambdaScale != 1 ? " ×\($0.lambdaScale)" : "")" }.joined(separator: ", ")
                + " (merge methods: \(config.sweep.methods.joined(separator: ", ")))",
            chosenText,
            "Base model: \(config.baseModel)",
        ] + ((check?.warnings ?? []) + size.warnings + runner.fineTuningWarnings).map { "Warning: \($0)" })
        report.sweep = main.rows.map { r -> HTMLReport.SweepPoint in
            HTMLReport.SweepPoint(lambda: r.lambda, metrics: ["validity": r.validity, "novelty": r.novelty, "uniqueness": r.uniqueness,
                                                         "success_rate": r.successRate, "success_clusters": Double(r.successClusters)],
                                  errors: ["success_rate": r.successRateStandardError])
        }
        report.chosenLambda = main.chosen?.lambda
        for sweep in sweeps {
            let rows = sweep.rows.map { r -> [String] in
                [String(r.lambda), f(r.validity), f(r.uniqueness), f(r.novelty), f(r.successRate) + " ± " + f(r.successRateStandardError),
                 String(r.successClusters), r.lambda == sweep.chosen?.lambda ? "chosen" : ""]
            }
            report.tables.append(HTMLReport.Table(title: "Sweep (\(sweep.method))",
                                                  header: ["λ", "validity", "uniqueness", "novelty", "success rate ± se", "successful clusters", ""], rows: rows,
                                                  note: "± se: the success rate's standard error over the λ's \(sweep.rows.first?.designs ?? 0) designs, √(p(1−p)/n) (what a bootstrap over the designs estimates). The chosen λ's sweep success rate is the best of \(sweep.rows.count) noisy estimates, so it tends to exceed what its final arm measures on new designs (the winner's curse); the arm's number is the one to quote."))
        }
        let keys = ["validity", "uniqueness", "novelty", "success_rate", "success_clusters", "intdiv1", "scaffolds", "filters"]
        // KS side effects: the rule's descriptors and size in the arms table, every descriptor in its own table.
        let ksShown = (predicates.map(\.descriptor) + [DataSetCheck.sizeDescriptor]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        func ks(_ a: EvaluatedArm, _ d: String) -> String {
            base.flatMap { b in b.arm.name == a.arm.name ? nil : kolmogorovSmirnov(descriptorValues(a, d), descriptorValues(b, d)) }.map(f) ?? "–"
        }
        report.tables.append(.init(title: "Arms", header: ["arm", "λ"] + keys + ksShown.map { "KS \($0) vs base" },
                                   rows: arms.map { a in
                                       [a.arm.name + " — " + a.arm.summary, String(a.arm.lambda)] + keys.map { k in a.metrics[k].map { k.contains("clusters") || k == "scaffolds" ? String(Int($0)) : f($0) } ?? "–" }
                                           + ksShown.map { ks(a, $0) }
                                   },
                                   note: "Success rate: successes / all designs, a success being a valid, unique (first occurrence), novel design that meets every condition of the rule. Validity, novelty: valid / all designs, novel / all designs. KS: the two-sample Kolmogorov–Smirnov statistic between the arm's unique valid designs and the base model's, 0 (same distribution) to 1."))
        if base != nil {
            report.tables.append(.init(title: "Side effects: KS distance of every descriptor to the base model's samples",
                                       header: ["arm"] + Descriptor.all.map(\.name),
                                       rows: arms.filter { $0.arm.name != "base" }.map { a in [a.arm.name] + Descriptor.all.map { ks(a, $0.name) } }))
        }
        // Multi-condition rules and dual objectives: each condition alone, each objective, and all together.
        if predicates.count > 1 {
            let columns = conditionColumns(predicates)
            report.tables.append(.init(title: "Success per condition", header: ["arm"] + columns.map(\.0),
                                       rows: arms.map { a in [a.arm.name] + columns.map { f(conditionRate(a, $0.1)) } },
                                       note: "Each column: designs that are valid, unique, novel and meet the named condition(s), over all designs — the success rate's own denominator; the last column is the success rate."))
        }
        if let check {
            report.tables.append(.init(title: "The data against the base model", header: ["set", "molecules", "meets the rule"] + check.descriptors.map { "mean \($0)" },
                                       rows: check.rows.map { r in
                                           [r.name, String(r.molecules), f(r.successFraction)] + check.descriptors.map { d in r.means[d].map { String(format: "%.2f", $0) } ?? "–" }
                                       },
                                       note: "Meets the rule: designs (for a data set: molecules) meeting every condition, over all of them — the success rate's denominator, without its uniqueness and novelty requirements. Molecules: distinct valid molecules. Means over distinct valid molecules."))
        }
        report.tables.append(.init(title: "Success by size (heavy atoms) — did the chemistry change, or only the size?",
                                   header: ["arm", "designs", "mean heavy atoms", "success rate", "size-matched success rate"]
                                       + SizeCheck.binLabels.map { "success, \($0) atoms (valid designs)" },
                                   rows: size.rows.map(sizeRow),
                                   note: "Success rate: successes / all designs. Per bin: successes / valid designs of that size. Size-matched success rate: validity × the bins' success rates weighted by the base model's share of valid designs in each bin — the arm's success rate had it kept the base model's sizes. A gain over the base that survives size matching is a change in chemistry, not only in size."))
        if let negation, let base {
            var shown = predicates.map(\.descriptor)
            for d in Self.histogramDescriptors where !shown.contains(d) { shown.append(d) }
            report.histograms = shown.map { ($0, descriptorValues(negation, $0), descriptorValues(base, $0)) }
            // Best designs: successes with the highest QED (ties keep sampling order).
            let successes = zip(negation.samples.indices, negation.flags).filter { $0.1.success }.compactMap { i, _ in
                negation.designSet.moleculeOfDesign[i].map { (molecule: negation.designSet.molecules[$0], nll: negation.samples[i].nll) }
            }
            report.bestDesignsCriterion = "The \(min(24, successes.count)) successes of the negation arm (of \(successes.count)) with the highest QED. Each card: the rule's descriptors, QED, SA, the NLL under the edited model (lower: more likely), PAINS (RDKit FilterCatalog A+B+C) and the MOSES filters verdict. `antipode shortlist` ranks, filters and picks by other criteria."
            let ordered = successes.enumerated().sorted { a, b in
                let x = a.element.molecule.value(of: "QED") ?? 0, y = b.element.molecule.value(of: "QED") ?? 0
                return x != y ? x > y : a.offset < b.offset
            }.map(\.element)
            report.bestDesigns = ordered.prefix(24).map { d in
                let m = d.molecule
                let shownValues = (predicates.map(\.descriptor) + ["QED", "SA"]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                var caption = shownValues.compactMap { n in m.value(of: n).map { "\(n) \(String(format: "%.2f", $0))" } }
                caption.append(String(format: "NLL %.2f", d.nll))
                let pains = (try? Molecule(smiles: m.canonicalSmiles))?.hasPAINS
                caption.append("PAINS " + (pains.map { $0 ? "yes" : "no" } ?? "–"))
                caption.append("filters " + (m.passesFilters.map { $0 ? "pass" : "fail" } ?? "–"))
                return .init(smiles: m.canonicalSmiles, caption: caption.joined(separator: " · "))
            }
        }
        let url = runner.output.appendingPathComponent("report.html")
        try AtomicFile.write(report.html(), to: url)
        return url
    }

    private func f(_ x: Double) -> String { String(format: "%.3f", x) }

    private func sizeRow(_ r: SizeCheck.ArmRow) -> [String] {
        let mean: String = r.meanHeavyAtoms.map { String(format: "%.1f", $0) } ?? "–"
        var matched = "–"
        if let m = r.sizeMatchedSuccessRate {
            matched = f(m) + (r.coverage < 0.999 ? String(format: " (covers %.0f%%)", r.coverage * 100) : "")
        }
        var row: [String] = [r.name, String(r.designs), mean, f(r.successRate), matched]
        for b in SizeCheck.binLabels.indices {
            let rate: String = r.rate(inBin: b).map { f($0) } ?? "–"
            row.append("\(rate) (\(r.valid[b]))")
        }
        return row
    }

    /// The per-condition success columns: each condition, each objective of a dual campaign, all together.
    private func conditionColumns(_ predicates: [DescriptorPredicate]) -> [(String, [DescriptorPredicate])] {
        let objectives = (try? runner.config.objectives.map { (label: $0.label, predicates: try runner.config.predicates(of: $0)) }) ?? []
        var columns: [(String, [DescriptorPredicate])] = predicates.map { ($0.description, [$0]) }
        if objectives.count > 1 { columns += objectives.map { ("objective \($0.label)", $0.predicates) } }
        columns.append(("all (success rate)", predicates))
        return columns
    }

    /// Designs that are valid, unique, novel and meet `conditions`, over all designs (the success rate's denominator).
    private func conditionRate(_ a: EvaluatedArm, _ conditions: [DescriptorPredicate]) -> Double {
        guard !a.samples.isEmpty else { return 0 }
        var hits = 0
        for (i, flag) in a.flags.enumerated() where flag.unique && flag.novel {
            guard let m = a.designSet.moleculeOfDesign[i] else { continue }
            let molecule = a.designSet.molecules[m]
            if conditions.allSatisfy({ p in molecule.value(of: p.descriptor).map(p.holds) ?? false }) { hits += 1 }
        }
        return Double(hits) / Double(a.samples.count)
    }
}
