import Tokens

/// A model's mean next-token loss on a fixed set of texts and its gradient with respect to every
/// weight: what an optimiser over something other than the weights (e.g. task-vector coefficients)
/// needs from the model. Texts are encoded once; batches are length-sorted; no dropout.
public final class LikelihoodObjective {
    public let config: ModelConfig
    private let batches: [Batch]
    private let tokens: Int
    private let net: Network

    /// Throws on a text the vocabulary cannot encode, naming it.
    public init(config: ModelConfig, texts: [String], tokenizer: any Tokenizer, batchSize: Int = 64) throws {
        self.config = config
        let seqs = try texts.map { try config.vocabulary.encode($0, tokenizer: tokenizer) }
        let order = seqs.indices.sorted { seqs[$0].count < seqs[$1].count }
        batches = stride(from: 0, to: order.count, by: batchSize).map { start in
            Batch(order[start..<min(start + batchSize, order.count)].map { seqs[$0] })
        }
        tokens = batches.reduce(0) { $0 + $1.tokenCount }
        net = Network(config: config)
    }

    /// The mean loss per token over all texts at `weights`, and its gradient.
    public func lossAndGradient(_ weights: [Float]) -> (loss: Double, gradient: [Float]) {
        var total = [Float](repeating: 0, count: weights.count)
        var loss = 0.0
        var rng = RandomGenerator(seed: 0)
        for batch in batches {
            var g = [Float](repeating: 0, count: weights.count)
            let share = Double(batch.tokenCount) / Double(max(tokens, 1))
            loss += share * net.lossAndGradient(weights, batch: batch, grad: &g, dropout: 0, rng: &rng)
            for i in total.indices { total[i] += Float(share) * g[i] }
        }
        return (loss, total)
    }
}
