import CommandLineTool
import Foundation
import Model
import Support
import Tokens

/// `antipode-bench model-worker`: one measured Antipode run for `model` (which starts it as a child process,
/// with the same options as the PyTorch peer): trains a fresh model for some steps, samples, prints a JSON line.
enum ModelWorker: Command {
    static let name = "model-worker"
    static let summary = "one measured Antipode run of `model` (run by it, in a child process)"
    static let header = """
    Usage: antipode-bench model-worker [options]

    Trains a new model for --max-steps steps (the first 3 untimed) on the SMILES of --train no longer than
    --max-len tokens, samples --n-samples molecules, and prints the rates as one JSON line.
    """

    static let layers = Option("--layers", value: "N", default: 6, help: "LSTM layers")
    static let hidden = Option("--hidden", value: "N", default: 256, help: "hidden and embedding size")
    static let batch = Option("--batch", value: "N", default: 128, help: "training batch")
    static let threads = Option("--threads", value: "N", default: 2, help: "OpenBLAS threads")
    static let maxSteps = Option("--max-steps", value: "N", default: 30, help: "optimiser steps")
    static let nSamples = Option("--n-samples", value: "N", default: 2048, help: "molecules sampled")
    static let sampleBatch = Option("--sample-batch", value: "N", default: 512, help: "sampling batch")
    static let maxLen = Option("--max-len", value: "N", default: 100, help: "most tokens per molecule, in training and sampling")
    static let train = Option("--train", value: "FILE", default: "../shared/data/moses/train.csv.gz", help: "training SMILES")
    static let randomBatches = Flag("--random-batches", help: "plain random batches instead of length-bucketed ones")
    static let kernels = Option("--kernels", value: "K", default: "packed", help: "the LSTM step's kernels")
    static let positionals: [Positional] = []
    static let options = [OptionGroup("Options:", [layers, hidden, batch, threads, maxSteps, nSamples, sampleBatch, maxLen, train,
                                                   randomBatches, kernels])]

    static func run(_ args: inout ParsedArguments) throws {
        let layers = args[Self.layers], hidden = args[Self.hidden]
        let batch = args[Self.batch], threads = args[Self.threads]
        let maxSteps = args[Self.maxSteps], nSamples = args[Self.nSamples]
        let sampleBatch = args[Self.sampleBatch], maxLen = args[Self.maxLen]
        let train = args[Self.train]
        let bucketed = !args[randomBatches]
        let kernels = try StepKernels(parsing: args[Self.kernels])
        try args.finish()
        setMatrixThreads(threads)
        StepKernels.standard = kernels
        let tok = SMILESTokenizer()
        let smiles = try SequenceFile.texts(train, nonEmpty: true).filter { s in
            (try? tok.tokenize(s)).map { $0.count <= maxLen } ?? false
        }
        let vocab = try Vocabulary.build(from: smiles, tokenizer: tok)
        let config = ModelConfig(vocabulary: vocab, embeddingSize: hidden, hiddenSize: hidden, layers: layers, dropout: 0)
        let model = LanguageModel(config: config, seed: 0)
        let r = try TrainingBenchmark.run(model, smiles: smiles, batchSize: batch, steps: maxSteps, warmup: 3, bucketed: bucketed)
        let start = Date()
        let samples = try model.sample(SamplingOptions(count: nSamples, seed: 1, batchSize: sampleBatch, maxLength: maxLen))
        let seconds = Date().timeIntervalSince(start)
        let sampledTokens = samples.reduce(0) { $0 + ((try? tok.tokenize($1.smiles).count) ?? 0) + 1 }
        let result = ModelBenchmark.Result(trainTokensPerSecond: r.tokensPerSecond, trainPaddedTokensPerSecond: r.paddedTokensPerSecond,
                            stepMilliseconds: r.stepMilliseconds, sampleMoleculesPerSecond: Double(samples.count) / seconds,
                            sampleTokensPerSecond: Double(sampledTokens) / seconds, flopsPerStep: r.flopsPerStep, peakMemoryMB: nil)
        print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
    }
}
