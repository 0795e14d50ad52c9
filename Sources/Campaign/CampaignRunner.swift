import Chem
import Evaluation
import Foundation
import Model
import Support
import Sweep
import TaskArithmetic
import Tokens

/// Carries out a campaign stage by stage, recording each in the store so that a second run resumes:
/// data → base model → fine-tuning on each negative set → task vectors → λ sweep → designs at the
/// chosen λ → baselines (fine-tuning on positives, few-shot) → evaluation → outputs and report.
public final class CampaignRunner {
    public let config: CampaignConfig
    let store: CampaignStore
    /// Held while the runner lives: a second run on the same store or work folder is refused.
    private let locks: [FileLock]
    /// Models, vectors and checkpoints (large; not results): `runs/<name>` by default.
    let work: URL
    /// Results a notebook reads: designs.csv, sweep.csv, metrics.json, report.html, campaign.sqlite.
    let output: URL
    let quiet: Bool
    /// Arms (design sets) sampled so far: name → (stage, λ). Filled in as stages run (`sampleArm`).
    var arms: [Arm] = []
    /// The data sets read so far, by label (`neg-<objective>`, `pos-<i>`, `pos-few-shot`).
    private(set) var dataSets: [(label: String, set: MoleculeSet)] = []
    /// The novelty reference, built on first use (`referenceIndex()`).
    var reference: ReferenceIndex?
    /// Warnings about the fine-tuning data found while running (small sets), for the log, metrics.json and report.
    var fineTuningWarnings: [String] = []
    /// Below this many training molecules, early stopping on a split-off validation set is mostly noise.
    static let smallSetSize = 50

    /// One set of designs to evaluate and compare.
    struct Arm {
        var name: String
        var stage: StageKey
        var lambda: Double
        var summary: String
    }

    /// Evaluate and write the outputs again even when the store says they were written (after a change in
    /// the metrics' definitions); otherwise a finished campaign returns at once.
    let rewriteOutputs: Bool

    public init(config: CampaignConfig, quiet: Bool = false, rewriteOutputs: Bool = false) throws {
        // The SA table and the filter SMARTS ship in molecules/; fail now, naming where they were looked
        // for, rather than score hours of designs with NaN SA.
        _ = try SAScore.load()
        _ = try MOSESFilters.load()
        self.config = config
        self.quiet = quiet
        self.rewriteOutputs = rewriteOutputs
        output = URL(fileURLWithPath: config.output)
        work = URL(fileURLWithPath: config.work)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        locks = [try FileLock(folder: output.path, what: "the campaign store"),
                 try FileLock(folder: work.path, what: "the campaign work folder")]
        store = try CampaignStore(path: output.appendingPathComponent("campaign.sqlite").path)
        try store.saveConfig(config.resumeKey, upgrade: config.upgradedResumeKey)
    }

    func log(_ text: String) { if !quiet { printError(text) } }

    /// Runs `body` as the named stage unless the store says it is done; records its time.
    @discardableResult
    func stage<T>(_ key: StageKey, _ body: () throws -> (T, String)) throws -> T? {
        let name = key.name
        if try store.isDone(name) { return nil }
        log("▶ \(name)")
        try store.begin(name)
        let start = Date()
        let (result, detail) = try body()
        try store.finish(name, seconds: Date().timeIntervalSince(start), detail: detail)
        log("  \(name): \(detail) (\(Progress.duration(Date().timeIntervalSince(start))))")
        return result
    }

    // MARK: the whole campaign

    /// Whether the campaign finished in an earlier run and `run` will return at once: every stage done, the outputs
    /// written under the same λ rule (which may change on a finished campaign: it is not part of the resume key),
    /// the report there, and no `rewriteOutputs`.
    public func outputsStand() throws -> Bool {
        guard !rewriteOutputs, try store.stages().allSatisfy({ $0.status == .done }) else { return false }
        return try store.stage(StageKey.outputs.name)?.detail.hasSuffix(outputsKey) == true
            && FileManager.default.fileExists(atPath: output.appendingPathComponent("report.html").path)
    }

    /// Ends the outputs stage's detail: the rule the outputs were written under.
    private var outputsKey: String { "λ rule: \(config.lambdaRule)" }

    /// Every stage in order; returns the path of the report.
    public func run() throws -> URL {
        let began = Date()
        let reportURL = output.appendingPathComponent("report.html")
        if try outputsStand() {
            log("Campaign \(config.name) finished earlier; its outputs stand (--rewrite-outputs evaluates them again).")
            return reportURL
        }
        let negatives = try config.objectives.map { try data(label: Self.negativesLabel($0), path: $0.negatives) }
        let base = try baseModel()
        var vectors: [SweepVector] = []
        for (objective, set) in zip(config.objectives, negatives) {
            let tuned = try fineTune(role: .negatives(objective: objective.label, variant: nil), from: base, on: set)
            vectors.append(SweepVector(vector: try vector(objective: objective, base: base, tuned: tuned, data: set),
                                       weight: objective.lambdaScale, source: objective.label))
        }
        var sweeps: [SweepOutcome] = []
        var designModel: LanguageModel?
        var chosenLambda = 0.0
        for (i, method) in config.sweep.methods.enumerated() {
            let sweep = LambdaSweep(base: base, vectors: vectors, grid: try LambdaGrid(values: config.sweep.lambdas),
                                    method: try MergeMethods.named(method).make(), samplesPerLambda: config.sweep.samples,
                                    seed: UInt64(config.seed), rule: config.lambdaRule)
            let arm: StageKey.SweepArm = i == 0 ? .main : .method(method)
            let rows = try sweepRows(sweep, arm: arm)
            let chosen: SweepRow
            do {
                chosen = try config.lambdaRule.choose(rows)
            } catch where i > 0 {
                log("  \(method): \(error); no designs for this method")
                sweeps.append(SweepOutcome(method: method, rows: rows, chosen: nil))
                continue
            }
            sweeps.append(SweepOutcome(method: method, rows: rows, chosen: chosen))
            log("  \(method): chosen λ = \(chosen.lambda): \(config.lambdaRule)")
            if let note = LambdaChoiceRule.edgeNote(chosen: chosen.lambda, grid: rows.map(\.lambda)) { log("  note: \(note)") }
            let model = try sweep.edit(at: chosen.lambda).apply(to: base)
            try sampleArm(name: i == 0 ? "negation" : "negation (\(method))", stage: .design(arm, lambda: chosen.lambda),
                          model: model, count: config.design.samples, summary: "base − \(chosen.lambda)·τ, merged by \(method)")
            if i == 0 { designModel = model; chosenLambda = chosen.lambda }
        }
        guard let designModel else { throw UserError("no λ was chosen") }
        if config.fineTune.linearized {
            // The negatives fine-tuned in the tangent space of the base; sampled through the expansion around it.
            sweeps.append(try variantArm(.linearized, base: base, negatives: negatives, linearized: true,
                                         summary: { "f(base) + J·(−\($0)·τ), τ from tangent-space fine-tuning" }))
        }
        if let forms = config.fineTune.enumerate {
            // The negatives fine-tuned on randomized SMILES.
            sweeps.append(try variantArm(.enumerated, base: base, negatives: negatives, enumerate: forms,
                                         summary: { "base − \($0)·τ, τ fine-tuned on \(forms) randomized SMILES per molecule per epoch" }))
        }
        try sampleArm(name: "base", stage: .baseSamples, model: base, count: config.design.samples,
                      summary: "the base model, unedited")
        if let positives = config.baselinePositives {
            let sets = try positives.enumerated().map { i, path in try data(label: Self.positivesLabel(i), path: path) }
            var orders: [(String, StageKey.BaselineOrder, [Int])] = [("positives", .given, Array(sets.indices))]
            if config.baselineReverse, sets.count > 1 { orders.append(("positives (reversed)", .reversed, sets.indices.reversed())) }
            for (arm, baseline, order) in orders {
                var model = base
                for (step, i) in order.enumerated() {
                    model = try fineTune(role: .positives(baseline, step: step), from: model, on: sets[i])
                }
                try sampleArm(name: arm, stage: .baseline(baseline), model: model,
                              count: config.design.samples,
                              summary: "base fine-tuned on " + order.map { URL(fileURLWithPath: positives[$0]).lastPathComponent }.joined(separator: " then "))
            }
            if let forms = config.fineTune.enumerate {
                var model = base
                for (step, i) in sets.indices.enumerated() {
                    model = try fineTune(role: .positives(.enumerated, step: step), from: model, on: sets[i], enumerate: forms)
                }
                try sampleArm(name: "positives (enumerated)", stage: .baseline(.enumerated), model: model,
                              count: config.design.samples,
                              summary: "base fine-tuned on \(forms) randomized SMILES per molecule per epoch of "
                                  + positives.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " then "))
            }
        }
        if let fewShot = config.fewShot {
            let positives = try data(label: Self.fewShotLabel, path: fewShot.positives)
            for fraction in fewShot.fractions {
                let subset = positives.fraction(fraction, seed: UInt64(config.seed))
                let tag = "\(Int((fraction * 100).rounded()))%"
                let negated = try fineTune(role: .fewShotNegated(tag: tag, lambda: chosenLambda), from: designModel, on: subset)
                try sampleArm(name: "few-shot \(tag) negation", stage: .fewShot(tag: tag, .negation(lambda: chosenLambda)), model: negated,
                              count: config.design.samples, summary: "negated model fine-tuned on \(subset.train.count) positives (\(tag))")
                if fewShot.learnedLambda {
                    let stage = StageKey.fewShot(tag: tag, .learned(lambda: chosenLambda))
                    let folder = work.appendingPathComponent("models").appendingPathComponent(stage.name)
                    let learned: LanguageModel
                    if try store.isDone(stage.name) {
                        // Its designs are stored; sampleArm only registers the arm, so the model is not needed again.
                        learned = base
                    } else {
                        // τ of each objective starts at the chosen λ, the pieces of its fine-tuning trajectory at 0.
                        var fitted = vectors.map(\.vector), initial = vectors.map { -chosenLambda * $0.weight }
                        for (objective, set) in zip(config.objectives, negatives) {
                            let tau = vectors.first { $0.source == objective.label }!.vector
                            let pieces = try trajectory(objective: objective, set: set, base: base, tau: tau)
                            fitted += pieces
                            initial += pieces.map { _ in 0 }
                        }
                        // As fine-tuning does, molecules with tokens outside the base's vocabulary are left out.
                        func known(_ texts: [String]) throws -> [String] {
                            try encodeAll(texts, vocabulary: base.config.vocabulary, tokenizer: base.tokenizer, skipUnknown: true).kept.map { texts[$0] }
                        }
                        let (train, validation) = (try known(subset.train), try known(subset.validation))
                        if train.count + validation.count < subset.all.count {
                            log("  few-shot \(tag) learned λ: \(subset.all.count - train.count - validation.count) positives left out for tokens outside the base vocabulary")
                        }
                        let fit = try CoefficientFit().fit(base: base, vectors: fitted, initial: initial, train: train, validation: validation)
                        learned = fit.model
                        try learned.save(to: folder, metadata: ["fit_coefficients": "\(fit.coefficients)", "fit_groups": fit.groups.joined(separator: ","),
                                                                "fit_validation_loss": String(format: "%.6f (start %.6f)", fit.validationLoss, fit.startValidationLoss)])
                        log(String(format: "  few-shot %@ learned λ: held-out positives' loss %.4f → %.4f after %d steps",
                                   tag, fit.startValidationLoss, fit.validationLoss, fit.steps))
                    }
                    try sampleArm(name: "few-shot \(tag) learned λ", stage: stage, model: learned,
                                  count: config.design.samples,
                                  summary: "base + per-layer α·τ and α·(pieces of τ's fine-tuning trajectory) fitted to \(subset.train.count) positives (\(tag)), τ's α started at −\(chosenLambda)")
                }
                let tunedBase = try fineTune(role: .fewShotBase(tag: tag), from: base, on: subset)
                try sampleArm(name: "few-shot \(tag) base", stage: .fewShot(tag: tag, .base), model: tunedBase,
                              count: config.design.samples, summary: "base fine-tuned on the same \(subset.train.count) positives (\(tag))")
            }
        }
        // Evaluating every arm takes minutes; recorded as a stage so that a rerun of a finished campaign
        // (a resumed experiment) does not repeat it.
        try store.begin(StageKey.outputs.name)
        let evaluating = Date()
        let report = try CampaignOutputs(runner: self, sweeps: sweeps).write()
        try store.finish(StageKey.outputs.name, seconds: Date().timeIntervalSince(evaluating), detail: "\(arms.count) arms evaluated; \(outputsKey)")
        log("Campaign \(config.name) done in \(Progress.duration(Date().timeIntervalSince(began))).")
        return report
    }

    // MARK: stages

    /// The labels of the campaign's data sets, which name their files in `work/data` and their stages.
    static func negativesLabel(_ objective: CampaignConfig.Objective) -> String { "neg-\(objective.label)" }
    static func positivesLabel(_ i: Int) -> String { "pos-\(i)" }
    static let fewShotLabel = "pos-few-shot"

    /// Reads every data set the config names (negatives, positives, few-shot positives) that is not read
    /// yet, so that the novelty reference holds them all whichever stage asks for it first.
    func readAllDataSets() throws {
        for objective in config.objectives { _ = try data(label: Self.negativesLabel(objective), path: objective.negatives) }
        for (i, path) in (config.baselinePositives ?? []).enumerated() { _ = try data(label: Self.positivesLabel(i), path: path) }
        if let fewShot = config.fewShot { _ = try data(label: Self.fewShotLabel, path: fewShot.positives) }
    }

    /// Canonical training data, read once and kept in the work folder for resumed runs.
    func data(label: String, path: String) throws -> MoleculeSet {
        let set = try readData(label: label, path: path)
        if !dataSets.contains(where: { $0.label == label }) { dataSets.append((label, set)) }
        return set
    }

    private func readData(label: String, path: String) throws -> MoleculeSet {
        let folder = work.appendingPathComponent("data")
        let trainURL = folder.appendingPathComponent("\(label)-train.smi"), validURL = folder.appendingPathComponent("\(label)-val.smi")
        let key = StageKey.data(label: label).name
        if try store.isDone(key),
           let train = try? String(contentsOf: trainURL, encoding: .utf8), let valid = try? String(contentsOf: validURL, encoding: .utf8) {
            return MoleculeSet(train: train.split(separator: "\n").map(String.init), validation: valid.split(separator: "\n").map(String.init))
        }
        try store.begin(key)
        let start = Date()
        let set = try MoleculeSet.load(path, seed: UInt64(config.seed))
        try AtomicFile.write(set.train.joined(separator: "\n") + "\n", to: trainURL)
        try AtomicFile.write(set.validation.joined(separator: "\n") + "\n", to: validURL)
        try store.finish(key, seconds: Date().timeIntervalSince(start), detail: "\(path): \(set.summary)")
        log("  data \(label): \(path): \(set.summary)")
        return set
    }

    func baseModel() throws -> LanguageModel {
        let model = try LanguageModel.load(from: URL(fileURLWithPath: config.baseModel))
        if let recorded = try store.model(role: "base"), recorded.checksum != model.checksum {
            throw UserError("the base model \(config.baseModel) changed since this campaign started (checksum \(recorded.checksum.prefix(12))… → \(model.checksum.prefix(12))…); use a new output folder")
        }
        try store.recordModel(role: "base", path: config.baseModel, checksum: model.checksum, parent: nil)
        return model
    }
}

extension CampaignConfig {
    var lambdaRule: LambdaChoiceRule {
        LambdaChoiceRule(objective: sweep.rule,
                         minValidity: sweep.validityFloor, minNovelty: sweep.noveltyFloor)
    }

    /// Every objective's success predicates, ANDed.
    func predicates() throws -> [DescriptorPredicate] {
        try objectives.flatMap { try predicates(of: $0) }
    }

    /// One objective's success predicates, ANDed.
    func predicates(of objective: Objective) throws -> [DescriptorPredicate] {
        try objective.success.flatMap { try DescriptorPredicate.parseAll($0) }
    }
}
