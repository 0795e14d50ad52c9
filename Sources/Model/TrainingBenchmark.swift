import Foundation
import Tokens

/// Times training steps (forward, backward, clipping, Adam) without checkpoints or validation.
public enum TrainingBenchmark {
    public struct Result: Sendable {
        public var tokensPerSecond: Double
        public var paddedTokensPerSecond: Double
        public var stepMilliseconds: Double
        /// Multiply-adds ×2 of every GEMM in one step at the measured mean shape.
        public var flopsPerStep: Double
    }

    /// Runs `steps` optimiser steps on batches of `smiles` (length-bucketed or plain random), timing all
    /// but the first `warmup`.
    public static func run(_ model: LanguageModel, smiles: [String], batchSize: Int, steps: Int, warmup: Int,
                           bucketed: Bool) throws -> Result {
        let seqs = try smiles.map { try model.config.vocabulary.encode($0, tokenizer: model.tokenizer) }
        var options = TrainingOptions()
        options.batchSize = batchSize
        options.bucketPool = bucketed ? 50 : 1
        var generator = RandomGenerator(seed: 0)
        var plan: [[Int]] = []
        while plan.count < steps {
            plan += Trainer.batchPlan(lengths: seqs.map(\.count), options: options, generator: generator)
            generator = RandomGenerator(seed: generator.next())
        }
        var params = model.parameters.values
        var grad = [Float](repeating: 0, count: params.count), m = grad, v = grad
        let net = Network(config: model.config)
        var rng = RandomGenerator(seed: 1)
        var tokens = 0, padded = 0, seconds = 0.0, rows = 0
        let dropout = Float(model.config.dropout)
        for s in 0..<steps {
            let batch = Batch(plan[s].map { seqs[$0] })
            let start = Date()
            grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            _ = net.lossAndGradient(params, batch: batch, grad: &grad, dropout: dropout, rng: &rng)
            Trainer.adamStep(&params, grad: &grad, m: &m, v: &v, step: s + 1, lr: 1e-3, options: options)
            if s >= warmup {
                seconds += Date().timeIntervalSince(start)
                tokens += batch.tokenCount
                padded += batch.steps * batch.size
                rows += batch.steps * batch.size
            }
        }
        let timed = Double(max(1, steps - warmup))
        let c = model.config
        let N = Double(rows) / timed, H = Double(c.hiddenSize), E = Double(c.embeddingSize), V = Double(c.vocabulary.count)
        var flops = 3 * 2 * N * V * H
        // Layer 0 reads its input projection from a V-row table and takes its input gradients per token,
        // so only its recurrent GEMMs (forward, backward, dW_hh) scale with N.
        for k in 0..<c.layers { flops += 2 * N * 4 * H * (k == 0 ? 3 * H : 6 * H) }
        flops += 3 * 2 * V * 4 * H * E
        return Result(tokensPerSecond: Double(tokens) / seconds, paddedTokensPerSecond: Double(padded) / seconds,
                      stepMilliseconds: 1000 * seconds / timed, flopsPerStep: flops)
    }
}
