import Chem
import Foundation
import Support
import Model
import TaskArithmetic
import Tokens
import XCTest
@testable import Campaign
@testable import Experiments

final class PaperExperimentTests: XCTestCase {
    /// The repository root, where the shipped property-task sets are.
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-paper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Options over the shipped property-task sets, with a stand-in base folder and reference file.
    private func shippedTaskOptions() throws -> PaperExperiment.Options {
        let dir = try temporaryFolder()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("base"), withIntermediateDirectories: true)
        try "C\n".write(to: dir.appendingPathComponent("ref.smi"), atomically: true, encoding: .utf8)
        var o = PaperExperiment.Options()
        o.data = root.appendingPathComponent("molecules/property-tasks").path
        o.baseModel = dir.appendingPathComponent("base").path
        o.reference = [dir.appendingPathComponent("ref.smi").path]
        return o
    }

    func testThePlanHasOneCampaignPerTaskAndSetupPlusTheDualPairs() throws {
        var o = try shippedTaskOptions()
        o.fewShotTasks = ["logp-high"]
        let plan = try PaperExperiment(options: o).plan()
        XCTAssertEqual(plan.count, 3 * (10 + 3))
        XCTAssertEqual(plan.filter { $0.part == "dual" }.map(\.id).prefix(3),
                       ["dual-fraction-sp3-c-high_no-h-donors-high-s0", "dual-logp-high_tpsa-low-s0", "dual-no-rings-high_tpsa-low-s0"])

        func config(_ id: String) throws -> CampaignConfig {
            let p = try XCTUnwrap(plan.first { $0.id == id })
            return p.config
        }
        let single = try config("single-logp-high-s1")
        XCTAssertEqual(single.objectives.map(\.label), ["logp-low"])
        XCTAssertTrue(single.objectives[0].negatives.hasSuffix("property-tasks/logp-low/setup-1"))
        XCTAssertEqual(single.objectives[0].success, ["MolLogP>3.5"])
        XCTAssertEqual(single.baselinePositives?.map { URL(fileURLWithPath: $0).pathComponents.suffix(2).joined(separator: "/") }, ["logp-high/setup-1"])
        XCTAssertEqual(single.sweep.methods, ["sum", "ties", "dare"])
        XCTAssertEqual(single.sweep.lambdas.count, 19)
        XCTAssertEqual(single.fewShot?.fractions, [0.01, 0.05, 0.1, 0.2])
        XCTAssertEqual(single.design.samples, 10_000)
        XCTAssertNil(try config("single-tpsa-low-s0").fewShot)
        let dual = try config("dual-logp-high_tpsa-low-s2")
        XCTAssertEqual(dual.objectives.map(\.label), ["logp-low", "tpsa-high"])
        XCTAssertEqual(dual.objectives.flatMap(\.success), ["MolLogP>3.5", "TPSA<=75"])
        XCTAssertTrue(dual.baselineReverse)
        XCTAssertEqual(dual.sweep.methods, ["sum"])
        XCTAssertNil(single.fineTune.enumerate)
        o.enumerate = 10
        let withEnumeration = try XCTUnwrap(try PaperExperiment(options: o).plan().first { $0.id == "single-logp-high-s1" })
        let enumerated = withEnumeration.config
        XCTAssertEqual(enumerated.fineTune.enumerate, 10)
        XCTAssertFalse(enumerated.fineTune.linearized)
        o.linearized = true
        let withTangent = try XCTUnwrap(try PaperExperiment(options: o).plan().first { $0.id == "single-logp-high-s1" })
        XCTAssertTrue(withTangent.config.fineTune.linearized)
        XCTAssertEqual(single.fewShot?.learnedLambda, false)
        o.learnedLambda = true
        let withLearned = try XCTUnwrap(try PaperExperiment(options: o).plan().first { $0.id == "single-logp-high-s1" })
        XCTAssertEqual(withLearned.config.fewShot?.learnedLambda, true)
    }

    /// The run takes one property's two tasks through all setups before the next property, dual pairs last,
    /// and runs every planned campaign exactly once.
    func testTheRunTakesEachPropertyThroughEverySetupBeforeTheNext() throws {
        let o = try shippedTaskOptions()
        let plan = try PaperExperiment(options: o).plan()
        let order = PaperExperiment.runOrder(plan).map(\.id)
        XCTAssertEqual(order.sorted(), plan.map(\.id).sorted())
        XCTAssertEqual(Array(order.prefix(8)), [
            "single-no-h-donors-high-s0", "single-no-h-donors-low-s0", "single-no-h-donors-high-s1", "single-no-h-donors-low-s1",
            "single-no-h-donors-high-s2", "single-no-h-donors-low-s2", "single-no-rings-high-s0", "single-no-rings-low-s0",
        ])
        XCTAssertEqual(order[24], "single-fraction-sp3-c-high-s0")
        XCTAssertEqual(Array(order.suffix(9)), ["fraction-sp3-c-high_no-h-donors-high", "logp-high_tpsa-low", "no-rings-high_tpsa-low"]
            .flatMap { pair in (0...2).map { "dual-\(pair)-s\($0)" } })
        // The tables keep the plan's order, setup by setup.
        XCTAssertEqual(plan[1].id, "single-no-h-donors-low-s0")
        XCTAssertEqual(plan[2].id, "single-no-rings-high-s0")
    }

    func testTablesSummariseOverSetupsAndNameTheWinner() throws {
        let dir = try temporaryFolder()
        var o = PaperExperiment.Options()
        o.tasks = [PropertyTask.named("logp-high")!]
        o.setups = [0, 1]
        o.dualPairs = []
        o.work = dir.path
        o.results = dir.appendingPathComponent("results").path
        o.baseModel = root.appendingPathComponent("models/moses-base").path
        let experiment = PaperExperiment(options: o)
        let plan = try experiment.plan()
        // Hand-made metrics: negation 0.2 and 0.4 success (mean 0.3, sd 0.1414), positives 0.1 and 0.1.
        for (setup, negation) in [(0, 0.2), (1, 0.4)] {
            func arm(_ lambda: Double, _ metrics: [String: Double], ks: [String: Double] = [:]) -> CampaignResults.Arm {
                CampaignResults.Arm(stage: "design@\(lambda)", lambda: lambda, summary: "", metrics: metrics.mapValues { $0 },
                                    ksVsBaseSamples: ks.mapValues { $0 }, successPerCondition: [:])
            }
            let arms: [String: CampaignResults.Arm] = [
                "negation": arm(0.5, ["success_rate": negation, "success_clusters": 30.0, "validity": 0.9], ks: ["MolLogP": 0.5]),
                "positives": arm(0.0, ["success_rate": 0.1, "success_clusters": 10.0, "validity": 0.95], ks: ["MolLogP": 0.3]),
                "negation (ties)": arm(0.5, ["success_rate": 0.35, "success_clusters": 20.0, "validity": 0.9]),
                "few-shot 5% negation": arm(0.5, ["success_rate": 0.2, "success_clusters": 12.0]),
                "few-shot 5% base": arm(0.0, ["success_rate": 0.15, "success_clusters": 11.0]),
                "few-shot 5% learned λ": arm(0.5, ["success_rate": 0.1, "success_clusters": 9.0]),
                "base": arm(0.0, ["success_rate": 0.05, "success_clusters": 5.0, "validity": 0.97]),
            ]
            let folder = dir.appendingPathComponent("single-logp-high-s\(setup)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // Setup 1's negatives are flagged by its data-set check; setup 0's are not.
            let check = DataSetCheck.Record(
                rows: [.init(name: "base model samples", molecules: 900, successFraction: 0.13, means: ["MolLogP": 2.35]),
                       .init(name: "neg-logp-low", molecules: 1000, successFraction: 0.0, means: ["MolLogP": setup == 0 ? 1.5 : 2.4])],
                warnings: setup == 0 ? [] : ["the negatives neg-logp-low have mean MolLogP 2.40, not below the base model's samples (2.35)"])
            // The size check: negation's size-matched success 0.15 and 0.25; setup 1 also warns about size.
            let size = SizeCheck.Record(
                bins: [], relativeThreshold: 0.1, definition: "",
                arms: ["negation": .init(designs: 10, validPerBin: [], successesPerBin: [], successRate: negation,
                                         sizeMatchedSuccessRate: setup == 0 ? 0.15 : 0.25, coverage: 1, meanHeavyAtoms: 20.0)],
                warnings: setup == 0 ? [] : ["size: the negatives neg-logp-low have 28.0 heavy atoms on average"])
            // The plain sweep's grid ends at the chosen 0.5 in setup 0 and at 1.0 in setup 1; TIES has no sweep here.
            let sweep = CampaignResults.Sweep(method: "sum", chosenLambda: 0.5, chosenLambdaNote: nil, rows: (setup == 0 ? [0.25, 0.5] : [0.5, 1.0]).map {
                .init(lambda: $0, designs: 10, validity: 1, uniqueness: 1, novelty: 1, successRate: 0.1, successRateSE: 0, successClusters: 1)
            })
            let results = CampaignResults(campaign: "single-logp-high-s\(setup)", rdkit: "test", success: ["MolLogP>3.5"], lambdaRule: "",
                                          chosenLambda: 0.5, sweeps: [sweep], arms: arms, dataSets: check, sizeCheck: size,
                                          fineTuningWarnings: [], stages: [])
            try results.json().write(to: folder.appendingPathComponent("metrics.json"))
        }
        let tables = PaperTables(experiment: experiment, plan: plan)
        let rows = tables.rows()
        XCTAssertEqual(rows.count, 14)
        let summary = tables.summarise(rows)
        let negation = try XCTUnwrap(summary.first { $0.arm == "negation" })
        XCTAssertEqual(negation.n, 2)
        XCTAssertEqual(negation.mean["success_rate"]!, 0.3, accuracy: 1e-12)
        XCTAssertEqual(negation.std["success_rate"]!, (0.02 as Double).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(negation.mean["size_matched_success_rate"]!, 0.2, accuracy: 1e-12)
        let md = tables.markdown(summary, finished: tables.finishedCampaigns(rows), seconds: 1)
        XCTAssertTrue(md.hasPrefix("Paper experiment: 2 of 2 campaigns finished, 1.0 s of this run."), md)
        XCTAssertTrue(md.contains("| logp-high | negation | 2 | 0.900 ± 0.000 | – | 0.300 ± 0.141 | **30.0 ± 0.0** |"), md)
        XCTAssertTrue(md.contains("| logp-high | positives | 2 | **0.950 ± 0.000** | – | 0.100 ± 0.000 | 10.0 ± 0.0 |"), md)
        XCTAssertTrue(md.contains("Negation beats fine-tuning on positives in success rate and clusters on: logp-high (success 0.300 ± 0.141 vs 0.100 ± 0.000, clusters 30 ± 0 vs 10 ± 0)"), md)
        XCTAssertTrue(md.contains("| task | base | negation | negation (ties) | positives |\n"), md)
        XCTAssertTrue(md.contains("| logp-high | 0.050 ± 0.000 / 5 ± 0 / 0.97 ± 0.00 | 0.300 ± 0.141 / **30 ± 0** / 0.90 ± 0.00 | **0.350 ± 0.000** / 20 ± 0 / 0.90 ± 0.00 | 0.100 ± 0.000 / 10 ± 0 / 0.95 ± 0.00 |"), md)
        XCTAssertTrue(md.contains("| logp-high: positives used | negated model, fine-tuned | learned λ | base model, fine-tuned |\n|---|---:|---:|---:|\n"), md)
        XCTAssertTrue(md.contains("| 5% | 0.200 ± 0.000 / 12 ± 0 | 0.100 ± 0.000 / 9 ± 0 | 0.150 ± 0.000 / 11 ± 0 |"), md)
        XCTAssertTrue(md.contains("| logp-high | negation (ties) | 2 | 0.900 ± 0.000 | – | **0.350 ± 0.000** | 20.0 ± 0.0 |"), md)
        XCTAssertTrue(md.contains("Few-shot on logp-high, negated model vs base model fine-tuned on the same positives: 5% wins (success 0.200 ± 0.000 vs 0.150 ± 0.000, clusters 12 ± 0 vs 11 ± 0)."), md)
        XCTAssertTrue(md.contains("ties beats plain negation in success rate on 1 of 1 tasks and in successful clusters on 0 of 1; beyond one sd it is better in success rate on 0 and worse on 0, better in clusters on 0 and worse on 1."), md)
        XCTAssertTrue(md.contains("Few-shot on logp-high, learned λ vs the negated model fine-tuned on the same positives: 5% loses (success 0.100 ± 0.000 vs 0.200 ± 0.000, clusters 9 ± 0 vs 12 ± 0)."), md)
        _ = try tables.write(seconds: 1)
        let csv = try String(contentsOf: dir.appendingPathComponent("results/results.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 15)
        XCTAssertTrue(csv.contains("single,\"logp-high\",1,\"negation\",0.5,0.9,,,0.4,30.0,,,,,0.5,"), csv)
        let data = try String(contentsOf: dir.appendingPathComponent("results/data.csv"), encoding: .utf8)
        XCTAssertTrue(data.contains("single,\"logp-high\",1,\"neg-logp-low\",1000,0.0,MolLogP,2.4"), data)
        // The chart: negation's point in its fixed colour with a bar of one sd (0.141) in success rate.
        let html = try String(contentsOf: dir.appendingPathComponent("results/report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("2 of 2 campaigns finished"), html)
        XCTAssertTrue(html.contains("fill='\(PaperTables.colour("negation"))'"), html)
        XCTAssertTrue(html.contains("stroke='\(PaperTables.colour("negation"))'/>"), html)
        XCTAssertNotEqual(PaperTables.colour("few-shot 5% negation"), PaperTables.colour("few-shot 20% negation"))
        let summaryText = try String(contentsOf: dir.appendingPathComponent("results/summary.md"), encoding: .utf8)
        XCTAssertTrue(summaryText.contains("1 of 2 campaigns"), summaryText)
        XCTAssertTrue(summaryText.contains("- single-logp-high-s1: the negatives neg-logp-low have mean MolLogP 2.40"), summaryText)
        XCTAssertFalse(summaryText.contains("single-logp-high-s0:"), summaryText)
        XCTAssertTrue(summaryText.contains("- single-logp-high-s1: size: the negatives neg-logp-low have 28.0 heavy atoms"), summaryText)
        XCTAssertTrue(csv.contains("single,\"logp-high\",1,\"negation\",0.5,0.9,,,0.4,30.0,,,,,0.5,") && csv.contains(",0.25,20.0\n"), csv)
        XCTAssertTrue(try String(contentsOf: dir.appendingPathComponent("results/summary.csv"), encoding: .utf8).contains("size_matched_success_rate_mean"))
        XCTAssertTrue(summaryText.contains("| task | negation | negation (ties) |\n|---|---:|---:|\n| logp-high | 0.50 ± 0.00, largest in 1 of 2 | 0.50 ± 0.00 |\n| all tasks | largest in 1 of 2 | – |\n"), summaryText)
    }

    /// Negation is judged against the better fine-tuning order, and a win in success rate alone is said as such.
    func testVerdictsSeparateSuccessOnlyWinsAndUseTheBetterSequentialOrder() throws {
        let tables = PaperTables(experiment: PaperExperiment(options: PaperExperiment.Options()), plan: [])
        func arm(_ task: String, _ arm: String, _ success: Double, _ clusters: Double) -> PaperTables.Summary {
            PaperTables.Summary(part: "single", task: task, arm: arm, n: 1, mean: ["success_rate": success, "success_clusters": clusters], std: [:])
        }
        let text = tables.verdicts([
            arm("a", "negation", 0.5, 100), arm("a", "positives", 0.4, 200),
            arm("b & c", "negation", 0.3, 50), arm("b & c", "positives", 0.2, 40), arm("b & c", "positives (reversed)", 0.35, 60),
        ])
        XCTAssertTrue(text.contains("Negation beats it in success rate but not in clusters on: a (success 0.500 vs 0.400, clusters 100 vs 200)."), text)
        XCTAssertTrue(text.contains("Fine-tuning on positives wins in success rate on: b & c (against positives (reversed): success 0.300 vs 0.350, clusters 50 vs 60)."), text)
        XCTAssertFalse(text.contains("in success rate and clusters on"), text)
        // Over several setups, a difference inside one sd is named as such.
        var a = arm("d", "negation", 0.50, 100), b = arm("d", "positives", 0.45, 200)
        a.n = 3; b.n = 3
        a.std = ["success_rate": 0.06, "success_clusters": 10]; b.std = ["success_rate": 0.01, "success_clusters": 20]
        XCTAssertEqual(PaperTables.comparison(a, b), "success 0.500 ± 0.060 vs 0.450 ± 0.010, clusters 100 ± 10 vs 200 ± 20; success within one sd")
        // A merge method's count of differences beyond one sd: success 0.40 ± 0.02 vs 0.30 ± 0.01 is beyond, clusters 90 vs 100 ± 20 is not.
        var plain = arm("e", "negation", 0.30, 100), della = arm("e", "negation (della)", 0.40, 90)
        plain.n = 3; della.n = 3
        plain.std = ["success_rate": 0.01, "success_clusters": 20]; della.std = ["success_rate": 0.02, "success_clusters": 5]
        XCTAssertEqual(tables.methodVerdicts([plain, della]),
                       "della beats plain negation in success rate on 1 of 1 tasks and in successful clusters on 0 of 1; beyond one sd it is better in success rate on 1 and worse on 0, better in clusters on 0 and worse on 0.\n")
        della.mean["success_clusters"] = 130
        XCTAssertTrue(tables.methodVerdicts([plain, della]).hasSuffix("better in clusters on 1 and worse on 0.\n"))
        // Two tasks' few-shot tables are apart: markdown would read a second header without a blank line as rows.
        let twoTasks = tables.fewShotOverview([arm("a", "few-shot 5% negation", 0.5, 10), arm("a", "few-shot 5% base", 0.4, 9),
                                               arm("b", "few-shot 5% negation", 0.5, 10), arm("b", "few-shot 5% base", 0.4, 9)])
        XCTAssertTrue(twoTasks.contains("| 5% | 0.500 / 10 | 0.400 / 9 |\n\n| b: positives used |"), twoTasks)
        XCTAssertTrue(twoTasks.hasPrefix("| a: positives used |"), twoTasks)
        // A few-shot fraction that wins on one number and loses on the other says which.
        let mixed = tables.fewShotVerdicts([arm("r", "few-shot 20% negation", 0.553, 4457), arm("r", "few-shot 20% base", 0.557, 4384),
                                            arm("r", "few-shot 1% negation", 0.5, 90), arm("r", "few-shot 1% base", 0.4, 100)])
        XCTAssertTrue(mixed.contains("1% wins in success rate only (success 0.500 vs 0.400, clusters 90 vs 100); "
                                     + "20% wins in clusters only (success 0.553 vs 0.557, clusters 4457 vs 4384)."), mixed)
        XCTAssertEqual(PaperTables.outcome(arm("s", "x", 0.5, 10), against: arm("s", "y", 0.4, 10)), "wins")
        XCTAssertEqual(PaperTables.outcome(arm("s", "x", 0.4, 10), against: arm("s", "y", 0.4, 10)), "loses")
        XCTAssertEqual(PaperTables.outcome(arm("s", "x", 0.3, 9), against: arm("s", "y", 0.4, 10)), "loses")
    }

    /// Success among valid designs is taken per setup, the best positives arm is the one with the larger success
    /// rate, and a gap within one sd counts as reaching it.
    func testTheSuccessBreakdownDividesBySetupAndComparesWithTheBestPositives() {
        let tables = PaperTables(experiment: PaperExperiment(options: PaperExperiment.Options()), plan: [])
        func row(_ task: String, _ setup: Int, _ arm: String, validity: Double, success: Double, atoms: Double? = nil) -> PaperTables.Row {
            var values = ["validity": validity, "success_rate": success]
            if let atoms { values["mean_heavy_atoms"] = atoms; values["size_matched_success_rate"] = success / 2 }
            return PaperTables.Row(part: "single", task: task, setup: setup, arm: arm, lambda: 0.5, lambdaAtGridTop: nil, values: values, ks: [:])
        }
        let text = tables.successBreakdown([
            row("t", 0, "base", validity: 0.9, success: 0.45), row("t", 1, "base", validity: 0.9, success: 0.45),
            // 0.4 / 0.8 = 0.5 and 0.3 / 0.5 = 0.6: 0.55 ± 0.071 (the ratio of the means, 0.35 / 0.65 = 0.538, would be wrong).
            row("t", 0, "negation", validity: 0.8, success: 0.4, atoms: 20), row("t", 1, "negation", validity: 0.5, success: 0.3, atoms: 22),
            row("t", 0, "positives", validity: 1.0, success: 0.6), row("t", 1, "positives", validity: 1.0, success: 0.6),
            row("t", 0, "positives (enumerated)", validity: 0.5, success: 0.5), row("t", 1, "positives (enumerated)", validity: 0.5, success: 0.5),
            row("u", 0, "negation", validity: 0.5, success: 0.2), row("u", 0, "positives", validity: 0.5, success: 0.4),
            // No positives arm: no rows.
            row("v", 0, "negation", validity: 0.5, success: 0.2),
        ])
        XCTAssertTrue(text.hasPrefix("\n### Where the success rate goes\n"), text)
        XCTAssertTrue(text.contains("| t | base | 0.900 ± 0.000 | 0.450 ± 0.000 | 0.500 ± 0.000 | – | – |\n"
                                    + "| t | negation | 0.650 ± 0.212 | 0.350 ± 0.071 | 0.550 ± 0.071 | 0.175 ± 0.035 | 21.0 ± 1.4 |\n"
                                    + "| t | positives | 1.000 ± 0.000 | 0.600 ± 0.000 | 0.600 ± 0.000 | – | – |\n| u | negation"), text)
        XCTAssertFalse(text.contains("positives (enumerated)") || text.contains("| v |"), text)
        XCTAssertTrue(text.contains("(above it, or below by at most one sd) on: t (0.550 ± 0.071 vs 0.600 ± 0.000).\n"), text)
        XCTAssertTrue(text.hasSuffix("Among valid designs negation succeeds less often on: u (0.400 vs 0.800).\n"), text)
        XCTAssertEqual(tables.successBreakdown([row("v", 0, "negation", validity: 0.5, success: 0.2)]), "")
    }

    func testSweepsAreMatchedToTheirArms() {
        XCTAssertEqual(["sum", "ties", "dare-ties", "sum (linearized)", "sum (enumerated)"].map(PaperTables.arm(ofSweep:)),
                       ["negation", "negation (ties)", "negation (dare-ties)", "negation (linearized)", "negation (enumerated)"])
    }

    func testArmsAreOrderedNegationFirstFewShotByFractionBaseLast() {
        let arms = ["base", "few-shot 20% base", "few-shot 5% negation", "positives", "few-shot 5% base", "negation (ties)", "negation", "few-shot 20% negation"]
        XCTAssertEqual(arms.sorted { PaperTables.armOrder($0) < PaperTables.armOrder($1) },
                       ["negation", "negation (ties)", "positives", "few-shot 5% negation", "few-shot 5% base",
                        "few-shot 20% negation", "few-shot 20% base", "base"])
        // The learned-λ arm sits between the fraction's negation and base arms; the variant arms with negation's.
        let more = ["few-shot 5% base", "few-shot 5% learned λ", "positives (enumerated)", "negation (linearized)", "few-shot 5% negation"]
        XCTAssertEqual(more.sorted { PaperTables.armOrder($0) < PaperTables.armOrder($1) },
                       ["negation (linearized)", "positives (enumerated)", "few-shot 5% negation", "few-shot 5% learned λ", "few-shot 5% base"])
    }

    /// The whole pipeline on a tiny model: one task, one setup, small samples.
    /// A one-setup, one-epoch experiment on a tiny base model in `dir` (16 designs per arm, one λ).
    private func tinyOptions(_ dir: URL) throws -> PaperExperiment.Options {
        let corpus = ["CCO", "c1ccccc1", "CCN", "CC(=O)O", "c1ccncc1", "CCCl", "OCCO", "C1CCCCC1"]
        let vocabulary = try Vocabulary.build(from: corpus, tokenizer: SMILESTokenizer())
        try LanguageModel(config: ModelConfig(vocabulary: vocabulary, embeddingSize: 8, hiddenSize: 8, layers: 1, dropout: 0), seed: 1)
            .save(to: dir.appendingPathComponent("base"))
        try corpus.joined(separator: "\n").write(to: dir.appendingPathComponent("ref.smi"), atomically: true, encoding: .utf8)
        var o = PaperExperiment.Options()
        o.tasks = [PropertyTask.named("no-rings-high")!]
        o.setups = [0]
        o.dualPairs = []
        o.methods = ["sum"]
        o.samples = 16
        o.sweepSamples = 16
        o.lambdas = [0.5]
        o.maxEpochs = 1
        o.validityFloor = 0
        o.noveltyFloor = 0
        o.data = root.appendingPathComponent("molecules/property-tasks").path
        o.baseModel = dir.appendingPathComponent("base").path
        o.reference = [dir.appendingPathComponent("ref.smi").path]
        o.work = dir.appendingPathComponent("work").path
        o.results = dir.appendingPathComponent("results").path
        return o
    }

    /// vectors.csv: every plain and enumerated τ once, with norms and cosines equal to those computed from the
    /// vector files directly; each τ of a direction is compared with the other direction's τ of the same kind.
    func testVectorsTableMeasuresEachVectorAgainstItsPlainAndOppositeVectors() throws {
        let dir = try temporaryFolder()
        var o = try tinyOptions(dir)
        o.tasks = [PropertyTask.named("no-rings-high")!, PropertyTask.named("no-rings-low")!]
        o.enumerate = 1
        _ = try PaperExperiment(options: o).run(quiet: true, log: { _ in })
        let lines = try String(contentsOf: dir.appendingPathComponent("results/vectors.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first.map(String.init), "setup,vector,kind,norm,cosine_with_plain,cosine_with_opposite")
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.map { "\($0[1]) \($0[2])" },
                       ["no-rings-high plain", "no-rings-high enumerated", "no-rings-low plain", "no-rings-low enumerated"])
        func read(_ campaign: String, _ file: String) throws -> [Float] {
            try TaskVector.read(dir.appendingPathComponent("work/\(campaign)/work/vectors/\(file).safetensors")).deltas.values
        }
        let high = try read("single-no-rings-low-s0", "no-rings-high"), low = try read("single-no-rings-high-s0", "no-rings-low")
        let lowEnumerated = try read("single-no-rings-high-s0", "no-rings-low-enumerated")
        func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        func norm(_ a: [Float]) -> Double { dot(a, a).squareRoot() }
        XCTAssertEqual(Double(rows[2][3])!, norm(low), accuracy: 1e-9)
        XCTAssertEqual(Double(rows[3][3])!, norm(lowEnumerated), accuracy: 1e-9)
        XCTAssertEqual(Double(rows[3][4])!, dot(lowEnumerated, low) / (norm(lowEnumerated) * norm(low)), accuracy: 1e-9)
        XCTAssertEqual(Double(rows[0][5])!, dot(high, low) / (norm(high) * norm(low)), accuracy: 1e-9)
        XCTAssertEqual(rows[0][5], rows[2][5], "the cosine is symmetric")
        let highEnumerated = try read("single-no-rings-low-s0", "no-rings-high-enumerated")
        XCTAssertEqual(Double(rows[1][5])!, dot(highEnumerated, lowEnumerated) / (norm(highEnumerated) * norm(lowEnumerated)), accuracy: 1e-9,
                       "a variant is compared with the same kind of vector of the opposite direction")
        XCTAssertEqual(rows[0][4], "", "a plain vector has no plain vector to be compared with")
        let summary = try String(contentsOf: dir.appendingPathComponent("results/summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("### Task vectors"))
        XCTAssertTrue(summary.contains("| no-rings-low | "), summary)
        XCTAssertTrue(summary.contains("| cos(plain, opposite) | cos(enumerated, opposite) |"), summary)
        // A damaged vector file costs its own row only: the tables are still written.
        let damaged = dir.appendingPathComponent("work/single-no-rings-high-s0/work/vectors/no-rings-low-enumerated.safetensors")
        var bytes = try Data(contentsOf: damaged)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: damaged)
        _ = try PaperExperiment(options: o).writeTables()
        let after = try String(contentsOf: dir.appendingPathComponent("results/vectors.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(after.dropFirst().map { $0.split(separator: ",").prefix(3).joined(separator: ",") },
                       ["0,no-rings-high,plain", "0,no-rings-high,enumerated", "0,no-rings-low,plain"])
    }

    /// The learned-λ table: per fraction, τ's fitted coefficient and each trajectory piece's (means over the layer
    /// groups) and the held-out loss, as the arm's model metadata holds them.
    func testLearnedLambdaTableReadsTheFittedCoefficients() throws {
        let dir = try temporaryFolder()
        var o = try tinyOptions(dir)
        o.fewShotTasks = ["no-rings-high"]
        o.fewShotFractions = [0.5]
        o.learnedLambda = true
        o.maxEpochs = 3
        let experiment = PaperExperiment(options: o)
        // The shipped positives hold tokens the tiny base lacks ('-'): the fit leaves those molecules out, as
        // fine-tuning does (it used to fail the campaign).
        var failures: [String] = []
        _ = try experiment.run(quiet: true, log: { if $0.contains("did not finish") { failures.append($0) } })
        XCTAssertEqual(failures, [])
        let rows = PaperLearnedLambda(experiment: experiment, plan: try experiment.plan()).rows()
        XCTAssertEqual(rows.count, 1)
        let row = try XCTUnwrap(rows.first)
        let folder = dir.appendingPathComponent("work/single-no-rings-high-s0/work/models/few-shot-50%-learned@0.5")
        let metadata = try LanguageModel.loadWithMetadata(from: folder).metadata
        let coefficients = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(metadata["fit_coefficients"]!.utf8)) as? [[Double]])
        func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
        XCTAssertEqual(row.fraction, "50%")
        XCTAssertEqual(row.start, -0.5)
        XCTAssertEqual(row.tau, mean(coefficients[0]), accuracy: 1e-12)
        XCTAssertEqual(row.pieces, coefficients.dropFirst().map(mean))
        XCTAssertFalse(row.pieces.isEmpty, "the trajectory's pieces are fitted beside τ")
        XCTAssertNotEqual(row.tau, -0.5, "the fit moved τ's coefficient")
        let summary = try String(contentsOf: dir.appendingPathComponent("results/summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("| no-rings-high | 50% | -0.50 | " + String(format: "%+.2f", row.tau) + " | "), summary)
        // learned-lambda.csv keeps every fit, read back once the campaign's work folder is gone.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("work/single-no-rings-high-s0"))
        let plan = try experiment.plan()
        XCTAssertEqual(PaperLearnedLambda(experiment: experiment, plan: plan, archive: try experiment.archive(plan)).rows(), rows)
        _ = try experiment.writeTables()
        let kept = try String(contentsOf: dir.appendingPathComponent("results/summary.md"), encoding: .utf8)
        XCTAssertEqual(kept.split(separator: "\n").dropFirst(), summary.split(separator: "\n").dropFirst(), "all but the run's time")
        XCTAssertEqual(PaperLearnedLambda.numbers("0.664364 (start 0.691863)"), [0.664364, 0.691863])
        XCTAssertEqual(PaperLearnedLambda.matrix("[[1.5, -2], [3]]")!, [[1.5, -2], [3]])
        XCTAssertNil(PaperLearnedLambda.matrix("not a list"))
    }

    func testATinyExperimentRunsEndToEnd() throws {
        let dir = try temporaryFolder()
        var o = try tinyOptions(dir)
        XCTAssertTrue(try PaperExperiment(options: o).status().contains("0 of 1 campaigns finished, 0 started, 1 not started."))
        let report = try PaperExperiment(options: o).run(quiet: true, log: { _ in })
        XCTAssertTrue(FileManager.default.fileExists(atPath: report.path))
        // --status from the stores: the finished campaign with its stages, the shared cache's models (negatives, positives).
        o.tasks.append(PropertyTask.named("no-rings-low")!)
        let started = URL(fileURLWithPath: o.work!).appendingPathComponent("single-no-rings-low-s0")
        try FileManager.default.createDirectory(at: started, withIntermediateDirectories: true)
        let store = try CampaignStore(path: started.appendingPathComponent("campaign.sqlite").path)
        try store.begin("data:neg-no-rings-high")
        try store.finish("data:neg-no-rings-high", seconds: 2, detail: "")
        try store.begin("finetune:neg-no-rings-high")
        let status = try PaperExperiment(options: o).status()
        XCTAssertTrue(status.contains("1 of 2 campaigns finished, 1 started, 0 not started."), status)
        XCTAssertTrue(status.contains("single-no-rings-high-s0  finished: "), status)
        XCTAssertTrue(status.contains("single-no-rings-low-s0   started: 1 stages done, 2.0 s; at finetune:neg-no-rings-high"), status)
        XCTAssertTrue(status.contains("Fine-tuned models in the shared cache: 2 "), status)
        let csv = try String(contentsOf: dir.appendingPathComponent("results/results.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(Set(csv.dropFirst().map { $0.split(separator: ",")[3] }), ["\"base\"", "\"negation\"", "\"positives\""])
        // The published designs: one gzipped file per arm, in sampling order, and a manifest whose validity is what
        // the file's lines give when parsed again.
        let designs = dir.appendingPathComponent("results/designs")
        let manifest = try String(contentsOf: designs.appendingPathComponent("manifest.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(manifest.first, Substring(PaperDesigns.manifestColumns.joined(separator: ",")))
        XCTAssertEqual(manifest.count, 1 + 3)
        for line in manifest.dropFirst() {
            let cells = CSV.fields(String(line))
            let lines = String(decoding: try Gzip.decompress(file: designs.appendingPathComponent(cells[4]).path), as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            XCTAssertEqual(lines.count, 16, cells[3])
            XCTAssertEqual(Int(cells[6]), 16)
            let valid = lines.filter { (try? Molecule(smiles: String($0))) != nil }.count
            XCTAssertEqual(Double(cells[9]) ?? -1, Double(valid) / 16, accuracy: 1e-12, cells[3])
            XCTAssertTrue(cells[8].contains("ref.smi") && cells[8].contains("no-rings-low/setup-0"), cells[8])
        }
        XCTAssertEqual(PaperDesigns.fileName("few-shot 5% negation"), "few-shot-5-negation.smi.gz")
        XCTAssertEqual(PaperDesigns.fileName("negation (ties)"), "negation-ties.smi.gz")
        XCTAssertEqual(PaperDesigns.fileName("few-shot 20% learned λ"), "few-shot-20-learned-lambda.smi.gz")
    }

    /// A campaign whose work folder is gone (a lost machine) is kept from the results folder: the tables written
    /// again are the same files, byte for byte, and the run does not start the campaign again.
    func testTheResultsFolderKeepsACampaignWhoseWorkFolderIsGone() throws {
        let dir = try temporaryFolder()
        var o = try tinyOptions(dir)
        o.tasks = [PropertyTask.named("no-rings-high")!, PropertyTask.named("no-rings-low")!]
        o.enumerate = 1
        var firstLog: [String] = []
        _ = try PaperExperiment(options: o).run(quiet: true, log: { firstLog.append($0) })
        XCTAssertEqual(firstLog.filter { $0.contains("tables written") }.count, 2, "after each campaign: \(firstLog)")
        // Run again, both campaigns finished: the tables are written once, at the end, not after each.
        var againLog: [String] = []
        _ = try PaperExperiment(options: o).run(quiet: true, log: { againLog.append($0) })
        XCTAssertEqual(againLog.filter { $0.hasPrefix("[") }.count, 2, "both are looked at: \(againLog)")
        XCTAssertEqual(againLog.filter { $0.contains("tables written") }.count, 1, "\(againLog)")
        // Written once more without the run's time, which summary.md states.
        _ = try PaperExperiment(options: o).writeTables()
        let results = dir.appendingPathComponent("results")
        let files = ["results.csv", "data.csv", "data-warnings.csv", "vectors.csv", "summary.csv", "summary.md", "report.html",
                     "designs/manifest.csv"]
        func contents() throws -> [String: Data] {
            var out: [String: Data] = [:]
            for f in files { out[f] = try Data(contentsOf: results.appendingPathComponent(f)) }
            for line in try String(contentsOf: results.appendingPathComponent("designs/manifest.csv"), encoding: .utf8)
                .split(separator: "\n").dropFirst() {
                let file = CSV.fields(String(line))[4]
                out["designs/" + file] = try Gzip.decompress(file: results.appendingPathComponent("designs/" + file).path)
            }
            return out
        }
        let before = try contents()
        XCTAssertTrue(String(decoding: before["results.csv"]!, as: UTF8.self).contains("\"no-rings-low\",0,\"negation (enumerated)\""))
        XCTAssertGreaterThan(before.count, files.count + 4, "both campaigns' designs are published")

        let gone = dir.appendingPathComponent("work/single-no-rings-high-s0")
        try FileManager.default.removeItem(at: gone)
        _ = try PaperExperiment(options: o).writeTables()
        let after = try contents()
        XCTAssertEqual(Set(after.keys), Set(before.keys))
        for (file, data) in before { XCTAssertEqual(after[file], data, "\(file) changed when kept from the results folder") }

        var log: [String] = []
        _ = try PaperExperiment(options: o).run(quiet: true, log: { log.append($0) })
        XCTAssertTrue(log.contains { $0.contains("single-no-rings-high-s0: kept in") }, "\(log)")

        XCTAssertFalse(FileManager.default.fileExists(atPath: gone.path), "a kept campaign is not run again")
        _ = try PaperExperiment(options: o).writeTables()
        XCTAssertEqual(try contents(), before)
        let status = try PaperExperiment(options: o).status()
        XCTAssertTrue(status.contains("2 of 2 campaigns finished"), status)
        XCTAssertTrue(status.contains("single-no-rings-high-s0  finished: kept in "), status)

        // A damaged kept table is named, and the tables are not rewritten from half of it.
        try "part,task,setup,arm,lambda\nsingle,\"no-rings-high\",0\n".write(to: results.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PaperExperiment(options: o).writeTables()) { error in
            XCTAssertTrue("\(error)".contains("results.csv: a row with 3 fields under a header of 5"), "\(error)")
        }
    }

    /// Tables that cannot be written do not make a finished campaign read as unfinished: the log says what failed,
    /// the campaign stands in its store, and the tables are written once the cause is gone.
    func testATableWriteFailureIsNotReportedAsAnUnfinishedCampaign() throws {
        let dir = try temporaryFolder()
        var o = try tinyOptions(dir)
        let blocker = dir.appendingPathComponent("blocker")
        try "not a folder".write(to: blocker, atomically: true, encoding: .utf8)
        o.results = blocker.appendingPathComponent("results").path
        var log: [String] = []
        XCTAssertThrowsError(try PaperExperiment(options: o).run(quiet: true, log: { log.append($0) }))
        XCTAssertFalse(log.contains { $0.contains("did not finish") }, "\(log)")
        XCTAssertTrue(log.contains { $0.contains("single-no-rings-high-s0 finished, but the tables were not written") }, "\(log)")
        XCTAssertTrue(try PaperExperiment(options: o).status().contains("1 of 1 campaigns finished"))
        try FileManager.default.removeItem(at: blocker)
        let report = try PaperExperiment(options: o).writeTables()
        XCTAssertTrue(FileManager.default.fileExists(atPath: report.path))
        XCTAssertTrue(try String(contentsOf: URL(fileURLWithPath: o.results!).appendingPathComponent("results.csv"), encoding: .utf8)
            .contains("\"no-rings-high\",0,\"negation\""))
    }

    /// A dual pair with the options of the ChEMBL run (enumerated and linearized arms): both vectors of each kind are
    /// negated together, the positives are fine-tuned in both orders and, enumerated, in the given one; the tables
    /// and the published designs hold every arm.
    func testADualPairRunsWithEveryVariantArm() throws {
        let dir = try temporaryFolder()
        var o = try tinyOptions(dir)
        o.tasks = []
        o.dualPairs = [("no-rings-high", "tpsa-low")]
        o.enumerate = 1
        o.linearized = true
        _ = try PaperExperiment(options: o).run(quiet: true, log: { _ in })
        let id = "dual-no-rings-high_tpsa-low-s0"
        let results = try CampaignResults.read(dir.appendingPathComponent("work/\(id)/metrics.json"))
        XCTAssertEqual(Set(results.arms.keys), ["negation", "negation (linearized)", "negation (enumerated)", "base",
                                                "positives", "positives (reversed)", "positives (enumerated)"])
        let store = try CampaignStore(path: dir.appendingPathComponent("work/\(id)/campaign.sqlite").path)
        for label in ["no-rings-low", "tpsa-high"] {
            for suffix in ["", "-linearized", "-enumerated"] {
                XCTAssertNotNil(try store.vector(label: label + suffix), "no vector \(label + suffix)")
            }
        }
        let csv = try String(contentsOf: dir.appendingPathComponent("results/results.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(Set(csv.dropFirst().map { CSV.fields(String($0))[3] }), Set(results.arms.keys))
        let manifest = try String(contentsOf: dir.appendingPathComponent("results/designs/manifest.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { CSV.fields(String($0)) }
        XCTAssertEqual(Set(manifest.map { $0[3] }), Set(results.arms.keys))
        let summary = try String(contentsOf: dir.appendingPathComponent("results/summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("| no-rings-high & tpsa-low | "), summary)
    }

    /// A list of designs equal to one already published (every campaign's base arm) is written once and named again.
    func testEqualDesignListsArePublishedOnce() throws {
        let folder = try temporaryFolder().appendingPathComponent("designs")
        var files = PaperDesigns.Files(folder: folder)
        XCTAssertEqual(try files.write("CCO\nC1CC\n", as: "single-a-s0/base.smi.gz"), "single-a-s0/base.smi.gz")
        XCTAssertEqual(try files.write("CCN\n", as: "single-a-s0/negation.smi.gz"), "single-a-s0/negation.smi.gz")
        XCTAssertEqual(try files.write("CCO\nC1CC\n", as: "single-b-s0/base.smi.gz"), "single-a-s0/base.smi.gz")
        XCTAssertEqual(try files.write("CCO\n", as: "single-b-s0/negation.smi.gz"), "single-b-s0/negation.smi.gz")
        XCTAssertEqual(files.written, 3)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("single-b-s0/base.smi.gz").path))
        let held = try Gzip.decompress(file: folder.appendingPathComponent("single-a-s0/base.smi.gz").path)
        XCTAssertEqual(String(decoding: held, as: UTF8.self), "CCO\nC1CC\n")
    }

    /// Each base's experiment keeps its own folders, and novelty is judged against the corpus the base learned from.
    func testDefaultFoldersAndReferenceFollowTheBase() {
        var o = PaperExperiment.Options()
        XCTAssertEqual(o.baseModel, "models/chembl-base")
        XCTAssertEqual(o.workFolder, "runs/paper-chembl")
        XCTAssertEqual(o.resultsFolder, "notebooks-data/paper-chembl")
        XCTAssertEqual(o.referenceCorpora, ["molecules/chembl/train.smi.gz"])
        o.baseModel = "models/moses-base"
        XCTAssertEqual(o.workFolder, "runs/paper-moses")
        XCTAssertEqual(o.resultsFolder, "notebooks-data/paper-moses")
        XCTAssertEqual(o.referenceCorpora, ["molecules/moses/train.csv.gz"])
        o.results = "elsewhere"
        XCTAssertEqual(o.resultsFolder, "elsewhere")
    }
}
