import Chem
import Evaluation
import Foundation
import Model
import Support
import Sweep
import TaskArithmetic

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
    /// Arms (design sets) sampled so far: name → (stage, λ). Filled in as stages run.
    private(set) var arms: [Arm] = []
    /// The data sets read so far, by label (`neg-<objective>`, `pos-<i>`, `pos-few-shot`).
    private(set) var dataSets: [(label: String, set: MoleculeSet)] = []
    private var reference: ReferenceIndex?
    /// Warnings about the fine-tuning data found while running (small sets), for the log, metrics.json and report.
    private(set) var fineTuningWarnings: [String] = []
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

    /// Every stage in order; returns the path of the report.
    public func run() throws -> URL {
        let began = Date()
        let reportURL = output.appendingPathComponent("report.html")
        // The λ rule may change on a finished campaign (it is not part of the resume key): the outputs
        // stand only if they were written under the same rule.
        let outputsKey = "λ rule: \(config.lambdaRule)"
        if !rewriteOutputs, try store.stages().allSatisfy({ $0.status == .done }),
           try store.stage(StageKey.outputs.name)?.detail.hasSuffix(outputsKey) == true, FileManager.default.fileExists(atPath: reportURL.path) {
            log("Campaign \(config.name) finished earlier; its outputs stand (--rewrite-outputs evaluates them again).")
            return reportURL
        }
        let negatives = try config.objectives.map { try data(label: "neg-\($0.label)", path: $0.negatives) }
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
            let sets = try positives.enumerated().map { i, path in try data(label: "pos-\(i)", path: path) }
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
            let positives = try data(label: "pos-few-shot", path: fewShot.positives)
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
                        let fit = try CoefficientFit().fit(base: base, vectors: fitted, initial: initial,
                                                           train: subset.train, validation: subset.validation)
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

    /// Fine-tunes with early stopping; resumes from the stage's checkpoint after an interruption. With
    /// `fine_tune.cache`, a model another campaign already fine-tuned the same way is taken from there.
    /// With `enumerate`, the model trains on that many randomized SMILES of each molecule per epoch.
    /// An arm "negation (<variant>)": task vectors from the negatives fine-tuned another way (enumerated
    /// SMILES, or linearized around the base), swept with plain sums under the campaign's rule and sampled at
    /// the chosen λ; a rule no λ meets leaves the sweep without designs. `summary` gets the chosen λ.
    func variantArm(_ variant: StageKey.Variant, base: LanguageModel, negatives: [MoleculeSet], enumerate: Int? = nil, linearized: Bool = false,
                    summary: (Double) -> String) throws -> SweepOutcome {
        var vectors: [SweepVector] = []
        for (objective, set) in zip(config.objectives, negatives) {
            let tuned = try fineTune(role: .negatives(objective: objective.label, variant: variant), from: base, on: set, enumerate: enumerate,
                                     linearized: linearized)
            vectors.append(SweepVector(vector: try vector(objective: objective, base: base, tuned: tuned, data: set,
                                                          name: "\(objective.label)-\(variant.rawValue)", linearized: linearized),
                                       weight: objective.lambdaScale, source: "\(objective.label) (\(variant.rawValue))"))
        }
        let sweep = LambdaSweep(base: base, vectors: vectors, grid: try LambdaGrid(values: config.sweep.lambdas),
                                method: SumMerge(), samplesPerLambda: config.sweep.samples, seed: UInt64(config.seed),
                                rule: config.lambdaRule)
        let expansion = linearized ? base : nil
        let rows = try sweepRows(sweep, arm: .variant(variant), linearizedAround: expansion)
        let chosen: SweepRow?
        do { chosen = try config.lambdaRule.choose(rows) } catch {
            log("  \(variant.rawValue): \(error); no designs for this arm")
            chosen = nil
        }
        let outcome = SweepOutcome(method: "sum (\(variant.rawValue))", rows: rows, chosen: chosen)
        guard let chosen else { return outcome }
        log("  \(variant.rawValue): chosen λ = \(chosen.lambda): \(config.lambdaRule)")
        try sampleArm(name: "negation (\(variant.rawValue))", stage: .design(.variant(variant), lambda: chosen.lambda),
                      model: try sweep.edit(at: chosen.lambda).apply(to: base), count: config.design.samples,
                      summary: summary(chosen.lambda), linearizedAround: expansion)
        return outcome
    }

    /// What makes a fine-tuned model: the cache key of the recipe (start model, data, settings) and the training
    /// options, whose seed comes from the key with a cache (so equal work gives an equal model), else from the role.
    func fineTuningRecipe(role: String, from start: LanguageModel, on set: MoleculeSet, enumerate: Int? = nil,
                          linearized: Bool = false) -> (key: String, options: TrainingOptions) {
        let ft = config.fineTune
        var parts = [start.checksum, SHA256.hex(Array(set.all.joined(separator: "\n").utf8)), "\(ft.training.batchSize)",
                     "\(ft.training.learningRate)", "\(ft.training.epochs)", "\(ft.training.patience)", "\(ft.training.minDelta)", "\(ft.dropout)",
                     "\(config.seed)"]
        // Only when set, so the keys of models cached before the option existed stay valid.
        if ft.fixedEpochs { parts.append("fixed-epochs") }
        if linearized { parts.append("linearized") }
        // Enumerated models are validated on randomized forms too (before: on the canonical SMILES; such cached
        // models keep their old key and are not reused).
        let recipe = parts.joined(separator: "|") + (enumerate.map { "|enumerate \($0)|validated on forms" } ?? "")
        let key = String(SHA256.hex(Array(recipe.utf8)).prefix(20))
        var options = ft.training
        if ft.fixedEpochs { options.patience = 0 }
        options.seed = UInt64(config.seed) ^ stableHash(ft.cache == nil ? role : key)
        options.resume = true
        options.skipUnknown = true
        options.quiet = quiet
        options.enumerate = enumerate
        return (key, options)
    }

    /// With `linearized`, tangent-space fine-tuning around `start` (see `Trainer.train(linearizedAround:)`).
    func fineTune(role kind: StageKey.FineTuneRole, from start: LanguageModel, on set: MoleculeSet, enumerate: Int? = nil,
                  linearized: Bool = false) throws -> LanguageModel {
        let role = kind.name, stageKey = StageKey.fineTune(kind)
        let ft = config.fineTune
        if !ft.fixedEpochs, set.train.count < Self.smallSetSize {
            let warning = "fine-tuning \(role) on \(set.train.count) molecules with early stopping on \(set.validation.count) held out: below \(Self.smallSetSize) training molecules the validation loss is mostly noise; \"fine_tune\": {\"fixed_epochs\": true} trains on all \(set.all.count) for max_epochs (\(ft.training.epochs)) epochs"
            if !fineTuningWarnings.contains(warning) {
                fineTuningWarnings.append(warning)
                log("  warning: \(warning)")
            }
        }
        let (key, options) = fineTuningRecipe(role: role, from: start, on: set, enumerate: enumerate, linearized: linearized)
        let folder = ft.cache.map { URL(fileURLWithPath: $0).appendingPathComponent(key) }
            ?? work.appendingPathComponent("models").appendingPathComponent(role)
        let finished = folder.appendingPathComponent("finished")
        if ft.cache != nil, !(try store.isDone(stageKey.name)), FileManager.default.fileExists(atPath: finished.path),
           let cached = try? LanguageModel.load(from: folder) {
            try store.begin(stageKey.name)
            try store.recordModel(role: role, path: folder.path, checksum: cached.checksum, parent: start.checksum)
            try store.finish(stageKey.name, seconds: 0, detail: "taken from the fine-tuning cache \(folder.path)")
            log("  \(role): fine-tuned model taken from the cache \(folder.path)")
            return cached
        }
        if try store.isDone(stageKey.name) {
            if let model = try? LanguageModel.load(from: folder) { return model }
            // The store says done but the work folder lost the model (e.g. a fresh clone): train it again.
            log("  \(role): the fine-tuned model is missing from \(folder.path); fine-tuning again")
            try store.begin(stageKey.name)
        }
        let trainingMolecules = ft.fixedEpochs ? set.all : set.train
        let enumeration = enumerate.map { SMILESEnumeration(trainingMolecules, formsPerMolecule: $0, seed: options.seed) }
        let validationMolecules = ft.fixedEpochs ? [] : set.validation
        let validationEnumeration = enumerate.map { SMILESEnumeration(validationMolecules, formsPerMolecule: $0, seed: options.seed) }
        let model = try stage(stageKey) { () -> (LanguageModel, String) in
            var training = start
            training.config.dropout = config.fineTune.dropout
            // Fixed epochs: every molecule trains, none is held out.
            let (tuned, history) = try Trainer.train(training, train: trainingMolecules, validation: validationMolecules,
                                                     options: options, checkpointFolder: folder,
                                                     epochTexts: enumeration.map { e in { epoch, accepts in e.forms(epoch: epoch, accepts: accepts) } },
                                                     validationTexts: validationEnumeration.map { e in { accepts in e.validationForms(accepts: accepts) } },
                                                     linearizedAround: linearized ? start : nil)
            try AtomicFile.write("\(role) of \(config.name)\n", to: finished)
            try store.recordModel(role: role, path: folder.path, checksum: tuned.checksum, parent: start.checksum)
            var detail = "\(history.epochs.count) epochs"
            if let best = history.bestValidationLoss { detail += String(format: ", best validation loss %.4f", best) }
            if history.stoppedEarly { detail += ", stopped early" }
            let skipped = history.skippedTrain + history.skippedValidation
            if skipped > 0 { detail += ", \(skipped) molecules skipped for tokens outside the base vocabulary" }
            return (tuned, detail)
        }
        return try model ?? LanguageModel.load(from: folder)
    }

    /// `name` (default: the objective's label) names the vector's file, stage and label.
    func vector(objective: CampaignConfig.Objective, base: LanguageModel, tuned: LanguageModel, data: MoleculeSet,
                name: String? = nil, linearized: Bool = false) throws -> TaskVector {
        let label = name ?? objective.label
        let url = work.appendingPathComponent("vectors").appendingPathComponent("\(label).safetensors")
        let stageKey = StageKey.vector(label: label)
        if try store.isDone(stageKey.name) {
            if let vector = try? TaskVector.read(url), vector.info.baseChecksum == base.checksum,
               vector.info.finetunedChecksum == tuned.checksum { return vector }
            try store.begin(stageKey.name)
        }
        let vector = try stage(stageKey) { () -> (TaskVector, String) in
            let info = TaskVectorInfo(label: label, baseChecksum: base.checksum,
                                      dataChecksum: SHA256.hex(Array(data.all.joined(separator: "\n").utf8)), dataSize: data.train.count,
                                      training: "fine-tuned on \(objective.negatives): batch \(config.fineTune.training.batchSize), lr \(config.fineTune.training.learningRate), patience \(config.fineTune.training.patience)")
            var v = try TaskVector(base: base, finetuned: tuned, info: info)
            v.info.linearized = linearized
            try v.write(to: url)
            try store.recordVector(label: label, path: url.path, checksum: try SHA256.hex(Data(contentsOf: url)), baseChecksum: base.checksum)
            return (v, "τ written to \(url.path)")
        }
        return try vector ?? TaskVector.read(url)
    }

    /// Difference vectors along the trajectory of the plain fine-tuning on an objective's negatives, for the learned-λ
    /// arm: that fine-tuning is run again (same recipe and seed, so it retraces the path to τ's model) keeping the
    /// weights after every epoch, and the path from the base to the best epoch B is cut into `trajectorySegments`
    /// pieces θ_{t_j} − θ_{t_{j−1}} at epochs t_j ≈ j·B/segments (t_0: the base). The pieces sum to τ when the
    /// retrace ends at τ's model, which the stage's detail records.
    func trajectory(objective: CampaignConfig.Objective, set: MoleculeSet, base: LanguageModel, tau: TaskVector) throws -> [TaskVector] {
        let label = objective.label
        let stageKey = StageKey.trajectory(label: label)
        let prefix = "\(label)-trajectory-"
        if try store.isDone(stageKey.name) {
            let recorded = try store.vectors(labelPrefix: prefix)
            if !recorded.isEmpty, let vectors = try? recorded.map({ try TaskVector.read(URL(fileURLWithPath: $0.path)) }),
               vectors.allSatisfy({ $0.info.baseChecksum == base.checksum }) {
                return vectors.sorted { Self.trajectoryStart($0.info.label) < Self.trajectoryStart($1.info.label) }
            }
            try store.begin(stageKey.name)
        }
        let vectors = try stage(stageKey) { () -> ([TaskVector], String) in
            let role = StageKey.FineTuneRole.negatives(objective: label, variant: nil).name
            var (_, options) = fineTuningRecipe(role: role, from: base, on: set)
            options.resume = false
            options.quiet = true
            var start = base
            start.config.dropout = config.fineTune.dropout
            var snapshots: [Int: [Float]] = [0: base.parameters.values]
            let trainingMolecules = config.fineTune.fixedEpochs ? set.all : set.train
            let (tuned, history) = try Trainer.train(start, train: trainingMolecules,
                                                     validation: config.fineTune.fixedEpochs ? [] : set.validation,
                                                     options: options, checkpointFolder: nil,
                                                     afterEpoch: { epoch, model in snapshots[epoch] = model.parameters.values })
            let best = history.bestEpoch ?? history.epochs.count
            let cuts = Array(Set((0...Self.trajectorySegments).map { j in Int((Double(best * j) / Double(Self.trajectorySegments)).rounded()) })).sorted()
            var out: [TaskVector] = []
            for (from, to) in zip(cuts, cuts.dropFirst()) {
                var deltas = base.parameters
                let a = snapshots[from]!, b = snapshots[to]!
                for i in deltas.values.indices { deltas.values[i] = b[i] - a[i] }
                let pieceLabel = prefix + "\(from)-\(to)"
                let info = TaskVectorInfo(label: pieceLabel, baseChecksum: base.checksum,
                                          dataChecksum: SHA256.hex(Array(set.all.joined(separator: "\n").utf8)), dataSize: set.train.count,
                                          training: "θ after epoch \(to) − θ after epoch \(from) of the fine-tuning on \(objective.negatives) (epoch 0: the base)")
                let vector = TaskVector(deltas: deltas, info: info)
                let url = work.appendingPathComponent("vectors").appendingPathComponent("\(pieceLabel).safetensors")
                try vector.write(to: url)
                try store.recordVector(label: pieceLabel, path: url.path, checksum: try SHA256.hex(Data(contentsOf: url)), baseChecksum: base.checksum)
                out.append(vector)
            }
            let retraced = tuned.checksum == tau.info.finetunedChecksum
            return (out, "\(out.count) pieces cut at epochs \(cuts.map(String.init).joined(separator: ", ")) of \(history.epochs.count); "
                    + (retraced ? "the retrace ends at τ's model" : "the retrace does not end exactly at τ's model"))
        }
        return try vectors ?? store.vectors(labelPrefix: prefix).map { try TaskVector.read(URL(fileURLWithPath: $0.path)) }
            .sorted { Self.trajectoryStart($0.info.label) < Self.trajectoryStart($1.info.label) }
    }

    /// How many pieces the learned-λ arm cuts a fine-tuning trajectory into.
    static let trajectorySegments = 3

    /// The first epoch of a trajectory piece's label (`logp-low-trajectory-4-8` → 4).
    static func trajectoryStart(_ label: String) -> Int {
        Int(label.split(separator: "-").dropLast().last ?? "") ?? 0
    }

    /// Samples and scores every λ of the grid through the sweep's loop; each λ's samples and metrics are
    /// committed to the store as they finish, and λ already there are read back instead.
    func sweepRows(_ sweep: LambdaSweep, arm: StageKey.SweepArm, linearizedAround linearBase: LanguageModel? = nil) throws -> [SweepRow] {
        let stage = StageKey.sweep(arm)
        let reference = try referenceIndex()
        let predicates = try config.predicates()
        let stored = try store.metrics(stage: stage.name)
        try store.begin(stage.name)
        let start = Date()
        let steps = LambdaSweep.Steps(
            stored: { lambda in stored[lambda].flatMap { SweepRow(lambda: lambda, stored: $0) } },
            sample: { model, lambda in
                try self.sampleToStore(stage: stage, lambda: lambda, model: model, count: self.config.sweep.samples,
                                       label: "\(stage) λ=\(lambda)", linearizedAround: linearBase).map(\.smiles)
            },
            score: { designs, lambda in
                // The rule reads validity, novelty, success and clusters: the filters and the descriptors outside
                // the success rule are left for the final arms.
                let metrics = evaluate(designs: designs, reference: reference, predicates: predicates,
                                       options: EvaluationOptions(filters: false, sideEffects: false))
                let values = metrics.definedValues
                try self.store.recordMetrics(stage: stage.name, lambda: lambda, values)
                guard let row = SweepRow(lambda: lambda, stored: values) else { throw UserError("sweep at λ = \(lambda) produced no metrics") }
                return row.metrics
            },
            report: { row in
                self.log(String(format: "  λ = %.2f: validity %.3f, novelty %.3f, success %.3f, successful clusters %d",
                                row.lambda, row.validity, row.novelty, row.successRate, row.successClusters))
            })
        let rows = try sweep.run(steps).rows
        try store.finish(stage.name, seconds: Date().timeIntervalSince(start), detail: "\(rows.count) λ × \(config.sweep.samples) designs")
        return rows
    }

    /// Samples one arm's designs into the store (resuming at its last committed batch), at the stage's λ.
    func sampleArm(name: String, stage: StageKey, model: LanguageModel, count: Int, summary: String,
                   linearizedAround linearBase: LanguageModel? = nil) throws {
        let lambda = stage.lambda ?? 0
        arms.append(Arm(name: name, stage: stage, lambda: lambda, summary: summary))
        if try store.isDone(stage.name) { return }
        try self.stage(stage) { () -> ((), String) in
            let samples = try sampleToStore(stage: stage, lambda: lambda, model: model, count: count, label: name,
                                            linearizedAround: linearBase)
            return ((), "\(samples.count) designs")
        }
    }

    /// Draws `count` samples in batches; batch b is seeded from (campaign seed, the stage without λ, b), so a
    /// resumed stage draws exactly the batches it had not committed, and the same λ gives the same draw.
    /// With `linearizedAround`, `model` is a linearized model around it (tangent-space fine-tuning).
    func sampleToStore(stage: StageKey, lambda: Double, model: LanguageModel, count: Int, label: String,
                       linearizedAround linearBase: LanguageModel? = nil) throws -> [CampaignStore.StoredSample] {
        let batchSize = config.design.batchSize
        let batches = (count + batchSize - 1) / batchSize
        let done = try store.committedBatches(stage: stage.name, lambda: lambda)
        let progress = Progress("sampling \(label)", total: count, unit: "designs", minimumTotal: 1000, quiet: quiet)
        progress.advance(by: min(count, done.count * batchSize))
        for b in 0..<batches where !done.contains(b) {
            let n = min(batchSize, count - b * batchSize)
            let seed = UInt64(config.seed) &* 0x9E37_79B9 ^ stableHash(stage.seedName) ^ UInt64(b)
            let options = SamplingOptions(count: n, temperature: config.design.temperature, topK: config.design.topK,
                                          seed: seed, batchSize: min(n, batchSize))
            let samples = try model.sample(options, linearizedAround: linearBase)
            try store.insertBatch(stage: stage.name, lambda: lambda, batch: b, seed: Int(bitPattern: UInt(seed)),
                                  samples: samples.map { (smiles: $0.smiles, nll: $0.nll) })
            progress.advance(by: n)
        }
        progress.finish()
        return try store.samples(stage: stage.name, lambda: lambda)
    }

    /// The novelty reference: the configured corpora plus every fine-tuning set of this campaign.
    func referenceIndex() throws -> ReferenceIndex {
        if let reference { return reference }
        var parts = config.reference.isEmpty ? [] : [try ReferenceIndex.load(corpora: config.reference, quiet: quiet)]
        for path in config.canonicalReference {
            parts.append(ReferenceIndex(canonicalSmiles: try SequenceFile.texts(path, nonEmpty: true)))
        }
        let dataFolder = work.appendingPathComponent("data")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dataFolder.path)) ?? []
        var tuning: [String] = []
        for f in files.sorted() where f.hasSuffix(".smi") {
            tuning += (try? String(contentsOf: dataFolder.appendingPathComponent(f), encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        }
        parts.append(ReferenceIndex(canonicalSmiles: tuning))
        let index = ReferenceIndex(merging: parts)
        reference = index
        return index
    }
}

/// One merge method's sweep and the λ its rule chose (nil when no λ met the floors).
struct SweepOutcome {
    var method: String
    var rows: [SweepRow]
    var chosen: SweepRow?
}

extension SweepRow {
    /// A row from metrics stored by name (nil when a needed metric is missing).
    init?(lambda: Double, stored m: [String: Double]) {
        guard let validity = m["validity"], let novelty = m["novelty"] else { return nil }
        self.init(lambda: lambda, designs: Int(m["designs"] ?? 0), validity: validity, uniqueness: m["uniqueness"] ?? 0,
                  novelty: novelty, successRate: m["success_rate"] ?? 0, successClusters: Int(m["success_clusters"] ?? 0))
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
