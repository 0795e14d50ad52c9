import CBLAS
import CKernels
import Foundation
import Support
import Tokens

/// One epoch's summary.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var steps: Int
    public var trainLoss: Double
    public var validationLoss: Double?
    public var seconds: Double
    public var tokensPerSecond: Double
}

public struct TrainingHistory: Codable, Sendable, Equatable {
    public var epochs: [EpochRecord] = []
    public var bestEpoch: Int?
    public var bestValidationLoss: Double?
    public var stoppedEarly = false
    /// Molecules left out for tokens outside the vocabulary (with `skipUnknown`).
    public var skippedTrain = 0
    public var skippedValidation = 0
}

/// Everything besides weights and Adam moments that a resumed run needs to continue exactly.
struct TrainingState: Codable {
    var step = 0
    var epoch = 0
    /// Batches of the current epoch already done.
    var batchInEpoch = 0
    /// The generator the current epoch's batch plan was drawn from (as it was at the epoch's start).
    var epochGenerator: RandomGenerator
    var dropoutGenerator: RandomGenerator
    var epochLossSum = 0.0
    var epochTokens = 0
    var epochSeconds = 0.0
    var badEpochs = 0
    var history = TrainingHistory()
    var options: TrainingOptions
}

/// Teacher-forced next-token training with Adam, clipping, a schedule, length-bucketed batches,
/// validation each epoch, early stopping and exact resume from checkpoints.
public enum Trainer {
    /// Trains (or fine-tunes) `model`. With a `checkpointFolder`, the best model so far (lowest
    /// validation loss; the latest when there is no validation set) is saved there as a model folder and a
    /// resumable checkpoint in its `checkpoint/` subfolder. Returns the best model.
    ///
    /// With `epochTexts`, each epoch trains on the texts it returns for that epoch (0-based) instead of
    /// `train` — e.g. fresh randomized SMILES of every molecule (`SMILESEnumeration`); it must return the
    /// same number of texts every epoch, and the same texts for the same epoch (resume relies on it). Its
    /// second argument tells whether the model can encode a text. With `validationTexts`, the validation loss
    /// is measured on the texts it returns (called once) instead of `validation` — e.g. fixed randomized forms
    /// of the validation molecules, so that a model trained on random SMILES is stopped on random SMILES.
    /// `afterEpoch` sees the weights at the end of each epoch this call trains (1-based epoch number), e.g. to
    /// keep a fine-tuning trajectory; epochs a resumed run had finished before are not shown again.
    public static func train(_ model: LanguageModel, train: [String], validation: [String],
                             options: TrainingOptions, checkpointFolder: URL?, kernels: StepKernels = .standard,
                             epochTexts: ((_ epoch: Int, _ accepts: (String) -> Bool) throws -> [String])? = nil,
                             validationTexts: ((_ accepts: (String) -> Bool) throws -> [String])? = nil,
                             afterEpoch: ((_ epoch: Int, _ model: LanguageModel) throws -> Void)? = nil,
                             linearizedAround linearBase: LanguageModel? = nil) throws
        -> (model: LanguageModel, history: TrainingHistory) {
        if let linearBase, let why = linearBase.config.mismatch(with: model.config) {
            throw UserError("the model to linearize around differs from the one trained: \(why)")
        }
        // Tangent-space fine-tuning optimises θ = θ₀ + Δ through f(θ₀) + J(θ₀)·Δ (see `TangentPass`).
        let theta0 = linearBase?.parameters.values
        var options = options
        options.linearizedBase = linearBase?.checksum
        options.enumeratedValidation = validationTexts == nil ? nil : true
        let tok = model.tokenizer
        let vocab = model.config.vocabulary
        let accepts: (String) -> Bool = { (try? vocab.encode($0, tokenizer: tok)) != nil }
        func trainingSet(epoch: Int) throws -> (sequences: [[Int32]], kept: [Int], skipped: Int) {
            try encodeAll(try epochTexts?(epoch, accepts) ?? train, vocabulary: vocab, tokenizer: tok,
                          skipUnknown: options.skipUnknown)
        }
        let trainSet = try trainingSet(epoch: 0)
        let validSet = try encodeAll(try validationTexts?(accepts) ?? validation, vocabulary: vocab, tokenizer: tok, skipUnknown: options.skipUnknown)
        guard !trainSet.sequences.isEmpty else { throw UserError("no training molecules") }
        var seqs = trainSet.sequences

        var model = model
        var m = [Float](repeating: 0, count: model.parameters.count)
        var v = m
        var state = TrainingState(epochGenerator: RandomGenerator(seed: options.seed),
                                  dropoutGenerator: RandomGenerator(seed: options.seed ^ 0x5EED_D0D0),
                                  options: options)
        state.history.skippedTrain = trainSet.skipped
        state.history.skippedValidation = validSet.skipped
        var best = model
        let checkpoint = checkpointFolder.map { Checkpoint(folder: $0.appendingPathComponent("checkpoint")) }
        if options.resume, let checkpoint, let saved = try checkpoint.load() {
            if let why = saved.model.config.mismatch(with: model.config) {
                throw UserError("the checkpoint in \(checkpoint.folder.path) is for another model: \(why)")
            }
            if let why = options.resumeMismatch(with: saved.state.options) {
                throw UserError("cannot resume from \(checkpoint.folder.path) with other settings: \(why); "
                                + "give the same settings, or start in a new output folder")
            }
            model = saved.model
            m = saved.m
            v = saved.v
            state = saved.state
            state.options = options
            if let folder = checkpointFolder, let b = try? LanguageModel.load(from: folder) { best = b }
            if !options.quiet {
                printError("resuming at step \(state.step), epoch \(state.epoch + 1), batch \(state.batchInEpoch)")
            }
        }
        let opts = options
        let batchesPerEpoch = (seqs.count + opts.batchSize - 1) / opts.batchSize
        var totalSteps = opts.epochs * batchesPerEpoch
        if opts.maxSteps > 0 { totalSteps = min(totalSteps, opts.maxSteps) }
        let net = Network(config: model.config, kernels: kernels)
        var grad = [Float](repeating: 0, count: model.parameters.count)
        // Counts this run's steps only, so rate and ETA stay right after a resume.
        let progress = Progress(state.step > 0 ? "train (from step \(state.step))" : "train",
                                total: max(0, totalSteps - state.step), unit: "steps", minimumTotal: 1, quiet: opts.quiet)
        let dropout = Float(model.config.dropout)

        func saveCheckpoint() throws {
            try checkpoint?.save(model: model, m: m, v: v, state: state)
        }

        training: while state.epoch < opts.epochs {
            if epochTexts != nil && state.epoch > 0 { seqs = try trainingSet(epoch: state.epoch).sequences }
            let plan = batchPlan(lengths: seqs.map(\.count), options: opts, generator: state.epochGenerator)
            // Length-bucketed batches hold molecules of similar length. Dividing each batch's summed loss by its
            // own token count would give every batch the same weight, so each token of a short molecule would
            // count for more than one of a long molecule, and the model would learn a distribution tilted toward
            // short molecules (mean length → the harmonic mean: 6–8 % small on ChEMBL). Dividing by the batch's
            // expected token count instead weighs every token alike, as unbucketed next-token training does.
            let tokensPerMolecule = Double(seqs.reduce(0) { $0 + $1.count - 1 }) / Double(max(seqs.count, 1))
            let epochStart = Date()
            let secondsBefore = state.epochSeconds
            while state.batchInEpoch < plan.count {
                if opts.maxSteps > 0 && state.step >= opts.maxSteps { break training }
                let batch = Batch(plan[state.batchInEpoch].map { seqs[$0] })
                let gradientTokens = Double(batch.size) * tokensPerMolecule
                grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                let loss = theta0.map { base in
                    net.linearizedLossAndGradient(base: base, delta: zip(model.parameters.values, base).map { $0 - $1 },
                                                  batch: batch, grad: &grad, dropout: dropout, rng: &state.dropoutGenerator,
                                                  gradientTokens: gradientTokens)
                } ?? net.lossAndGradient(model.parameters.values, batch: batch, grad: &grad, dropout: dropout,
                                         rng: &state.dropoutGenerator, gradientTokens: gradientTokens)
                guard loss.isFinite else {
                    progress.finish()
                    throw ModelError.nonFiniteLoss(step: state.step + 1, epoch: state.epoch + 1,
                                                   checkpoint: checkpoint?.exists == true ? checkpoint?.folder.path : nil)
                }
                let lr = opts.learningRate(step: state.step, totalSteps: totalSteps)
                adamStep(&model.parameters.values, grad: &grad, m: &m, v: &v, step: state.step + 1, lr: lr, options: opts)
                state.step += 1
                state.batchInEpoch += 1
                state.epochLossSum += loss * Double(batch.tokenCount)
                state.epochTokens += batch.tokenCount
                state.epochSeconds = secondsBefore + Date().timeIntervalSince(epochStart)
                let rate = Double(state.epochTokens) / max(state.epochSeconds, 1e-9)
                progress.advance(detail: String(format: "epoch %d, loss %.4f, %.0f tokens/s, lr %.2g",
                                                state.epoch + 1, state.epochLossSum / Double(max(1, state.epochTokens)), rate, lr))
                if opts.checkpointEvery > 0 && state.step % opts.checkpointEvery == 0 { try saveCheckpoint() }
            }
            // End of the epoch: validation, early stopping, best model, next epoch's plan.
            let trainLoss = state.epochLossSum / Double(max(1, state.epochTokens))
            let validationLoss = validSet.sequences.isEmpty ? nil
                : meanLoss(net, model.parameters.values, validSet.sequences, linearizedAround: theta0)
            if let vl = validationLoss, !vl.isFinite {
                throw ModelError.nonFiniteLoss(step: state.step, epoch: state.epoch + 1, checkpoint: checkpoint?.folder.path)
            }
            state.history.epochs.append(EpochRecord(
                epoch: state.epoch + 1, steps: state.step, trainLoss: trainLoss, validationLoss: validationLoss,
                seconds: state.epochSeconds, tokensPerSecond: Double(state.epochTokens) / max(state.epochSeconds, 1e-9)))
            try afterEpoch?(state.epoch + 1, model)
            if !opts.quiet {
                printError(String(format: "epoch %d: train loss %.4f", state.epoch + 1, trainLoss)
                    + (validationLoss.map { String(format: ", validation loss %.4f", $0) } ?? ""))
            }
            var improved = true
            if let vl = validationLoss {
                if let b = state.history.bestValidationLoss, vl >= b - opts.minDelta { improved = false }
            }
            if improved {
                state.badEpochs = 0
                state.history.bestEpoch = state.epoch + 1
                state.history.bestValidationLoss = validationLoss
                best = model
                try checkpointFolder.map { try best.save(to: $0, metadata: summary(state)) }
            } else {
                state.badEpochs += 1
            }
            state.epoch += 1
            state.batchInEpoch = 0
            state.epochLossSum = 0
            state.epochTokens = 0
            state.epochSeconds = 0
            state.epochGenerator = RandomGenerator(seed: state.epochGenerator.next())
            if opts.patience > 0 && state.badEpochs >= opts.patience {
                state.history.stoppedEarly = true
                try saveCheckpoint()
                break
            }
            try saveCheckpoint()
        }
        progress.finish()
        // A run cut by maxSteps mid-epoch keeps its latest weights when no epoch finished.
        if state.history.epochs.isEmpty {
            best = model
            try checkpointFolder.map { try best.save(to: $0, metadata: summary(state)) }
            try saveCheckpoint()
        }
        return (best, state.history)
    }

    /// Mean per-token loss over sequences, without dropout.
    static func meanLoss(_ net: Network, _ params: [Float], _ seqs: [[Int32]], batchSize: Int = 256,
                         linearizedAround base: [Float]? = nil) -> Double {
        let order = seqs.indices.sorted { seqs[$0].count < seqs[$1].count }
        var total = 0.0, tokens = 0
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let batch = Batch(order[start..<min(start + batchSize, order.count)].map { seqs[$0] })
            total -= net.logLikelihoods(params, batch: batch, linearizedAround: base).reduce(0, +)
            tokens += batch.tokenCount
        }
        return total / Double(max(tokens, 1))
    }

    /// One epoch's batches: the molecules shuffled, cut into pools of `bucketPool` batches, each pool
    /// sorted by length and cut into batches (so a batch pads little), and the batches shuffled.
    static func batchPlan(lengths: [Int], options: TrainingOptions, generator: RandomGenerator) -> [[Int]] {
        var rng = generator
        var order = Array(lengths.indices)
        order.shuffle(using: &rng)
        let pool = max(1, options.bucketPool) * options.batchSize
        var batches: [[Int]] = []
        for start in stride(from: 0, to: order.count, by: pool) {
            let chunk = order[start..<min(start + pool, order.count)].sorted { lengths[$0] < lengths[$1] }
            for b in stride(from: 0, to: chunk.count, by: options.batchSize) {
                batches.append(Array(chunk[b..<min(b + options.batchSize, chunk.count)]))
            }
        }
        batches.shuffle(using: &rng)
        return batches
    }

    /// Clips the global gradient norm, then one Adam step.
    static func adamStep(_ params: inout [Float], grad: inout [Float], m: inout [Float], v: inout [Float],
                         step: Int, lr: Double, options: TrainingOptions) {
        let n = params.count
        grad.withUnsafeMutableBufferPointer { g in
            if options.clipNorm > 0 {
                let norm = Double(cblas_snrm2(Int32(n), g.baseAddress!, 1))
                if norm > options.clipNorm { cblas_sscal(Int32(n), Float(options.clipNorm / norm), g.baseAddress!, 1) }
            }
            params.withUnsafeMutableBufferPointer { p in
                m.withUnsafeMutableBufferPointer { mm in
                    v.withUnsafeMutableBufferPointer { vv in
                        ap_adam_step(n, p.baseAddress!, g.baseAddress!, mm.baseAddress!, vv.baseAddress!, Float(lr),
                                     Float(options.beta1), Float(options.beta2), Float(options.epsilon),
                                     Float(options.weightDecay),
                                     Float(1 - pow(options.beta1, Double(step))), Float(1 - pow(options.beta2, Double(step))))
                    }
                }
            }
        }
    }

    static func summary(_ state: TrainingState) -> [String: String] {
        var s = ["trainedSteps": "\(state.step)", "trainedEpochs": "\(state.epoch + 1)"]
        if let e = state.history.bestEpoch { s["bestEpoch"] = "\(e)" }
        if let l = state.history.bestValidationLoss { s["bestValidationLoss"] = String(format: "%.6f", l) }
        if let n = state.options.enumerate {
            s["smilesEnumeration"] = "\(n) forms per molecule per epoch"
                + (state.options.enumeratedValidation == true ? "; validated on fixed forms of each validation molecule" : "")
        }
        if let base = state.options.linearizedBase { s[LanguageModel.linearizedKey] = base }
        return s
    }
}
