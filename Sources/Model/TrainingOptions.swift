/// How the learning rate moves over training.
public enum LearningRateSchedule: String, Codable, Sendable, CaseIterable {
    /// The base rate throughout (after any warm-up).
    case constant
    /// Cosine decay from the base rate to `minLearningRateFactor` × base at the last step.
    case cosine
}

/// Settings of a training or fine-tuning run. Defaults follow the paper's fine-tuning
/// (batch 32, patience 5, min-delta 1e-5) with Adam at 1e-3.
public struct TrainingOptions: Codable, Sendable, Equatable {
    public var batchSize = 32
    public var learningRate = 1e-3
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    /// L2 penalty added to the gradient, as torch.optim.Adam's weight_decay.
    public var weightDecay = 0.0
    /// Largest global gradient norm (0: no clipping).
    public var clipNorm = 1.0
    public var schedule = LearningRateSchedule.constant
    /// Steps of linear warm-up from 0 to the base rate.
    public var warmupSteps = 0
    public var minLearningRateFactor = 0.1
    public var epochs = 10
    /// Stop after this many optimiser steps in total (0: no limit).
    public var maxSteps = 0
    /// Epochs without a validation improvement of at least `minDelta` before stopping (0: never stop early).
    public var patience = 5
    public var minDelta = 1e-5
    public var seed: UInt64 = 0
    /// Write a resumable checkpoint every this many steps (and at each epoch's end).
    public var checkpointEvery = 200
    /// Batches are formed from pools of `bucketPool` × `batchSize` molecules sorted by length.
    public var bucketPool = 50
    /// Continue from the checkpoint in the output folder when there is one.
    public var resume = false
    /// Leave out molecules with tokens outside the model's vocabulary (counted) instead of failing.
    public var skipUnknown = false
    public var quiet = false
    /// Randomized SMILES forms of each molecule per epoch (SMILES enumeration; nil: the texts as given).
    /// Recorded here so a resumed run keeps it; training with it needs `Trainer.train`'s `epochTexts`.
    public var enumerate: Int?
    /// The checksum of θ₀ when training is linearized around it (tangent-space fine-tuning), else nil.
    /// Set by `Trainer.train(linearizedAround:)`; recorded in the saved model's metadata.
    public var linearizedBase: String?
    /// True when the validation loss is measured on randomized forms of the validation molecules (set by
    /// `Trainer.train(validationTexts:)`); nil or false: on the texts as given. Optional so that checkpoints
    /// saved before it existed still load.
    public var enumeratedValidation: Bool?

    public init() {}

    /// The paper's fine-tuning: Adam at 1e-4, batch 32, at most 20 epochs, early stopping with patience 5 and
    /// min-delta 1e-5 (the campaigns' default).
    public static let paperFineTuning: TrainingOptions = {
        var o = TrainingOptions()
        o.learningRate = 1e-4
        o.epochs = 20
        return o
    }()

    /// The first setting that differs from the run a checkpoint was saved by, as `--lr 0.001 (the
    /// checkpoint's) vs 0.0005`, or nil. A resumed run continues the same optimisation: only how long it
    /// runs (`--epochs`, `--max-steps`), how often it saves and how much it prints may change.
    public func resumeMismatch(with saved: TrainingOptions) -> String? {
        let pairs: [(String, String, String)] = [
            ("--batch", "\(saved.batchSize)", "\(batchSize)"),
            ("--lr", "\(saved.learningRate)", "\(learningRate)"),
            ("--beta1", "\(saved.beta1)", "\(beta1)"),
            ("--beta2", "\(saved.beta2)", "\(beta2)"),
            ("epsilon", "\(saved.epsilon)", "\(epsilon)"),
            ("--weight-decay", "\(saved.weightDecay)", "\(weightDecay)"),
            ("--clip", "\(saved.clipNorm)", "\(clipNorm)"),
            ("--schedule", saved.schedule.rawValue, schedule.rawValue),
            ("--warmup", "\(saved.warmupSteps)", "\(warmupSteps)"),
            ("--min-lr-factor", "\(saved.minLearningRateFactor)", "\(minLearningRateFactor)"),
            ("--patience", "\(saved.patience)", "\(patience)"),
            ("--min-delta", "\(saved.minDelta)", "\(minDelta)"),
            ("--seed", "\(saved.seed)", "\(seed)"),
            ("bucket pool", "\(saved.bucketPool)", "\(bucketPool)"),
            ("--enumerate", saved.enumerate.map { "\($0)" } ?? "off", enumerate.map { "\($0)" } ?? "off"),
            ("--linearized (base)", saved.linearizedBase ?? "off", linearizedBase ?? "off"),
            ("validation texts", saved.validationTexts, validationTexts),
        ]
        return pairs.first { $0.1 != $0.2 }.map { "\($0.0) \($0.1) (the checkpoint's) vs \($0.2)" }
    }

    private var validationTexts: String { enumeratedValidation == true ? "randomized forms" : "as given" }

    /// The learning rate at (0-based) `step` of `totalSteps`.
    public func learningRate(step: Int, totalSteps: Int) -> Double {
        if warmupSteps > 0 && step < warmupSteps { return learningRate * Double(step + 1) / Double(warmupSteps) }
        switch schedule {
        case .constant: return learningRate
        case .cosine:
            let span = max(1, totalSteps - warmupSteps)
            let progress = min(1, Double(step - warmupSteps) / Double(span))
            let floor = learningRate * minLearningRateFactor
            return floor + (learningRate - floor) * 0.5 * (1 + cos(Double.pi * progress))
        }
    }
}

import Foundation
