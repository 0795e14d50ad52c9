import Chem
import Foundation
import Model
import Support

/// Fine-tuning stages: the recipe that names a fine-tuned model (and keys the cache campaigns share) and the
/// training itself, resumable from its checkpoint.
extension CampaignRunner {
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

    /// Fine-tunes with early stopping; resumes from the stage's checkpoint after an interruption. With
    /// `fine_tune.cache`, a model another campaign already fine-tuned the same way is taken from there.
    /// With `enumerate`, the model trains on that many randomized SMILES of each molecule per epoch.
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
}
