import Tokens

/// A language model's architecture and alphabet:
/// Embedding(V, E) → `layers` stacked LSTMs of width H (dropout between them) → Linear(H, V).
public struct ModelConfig: Codable, Equatable, Sendable {
    /// `Tokenizer.kind` of the tokenizer that produced the vocabulary.
    public var tokenizer: String
    public var vocabulary: Vocabulary
    public var embeddingSize: Int
    public var hiddenSize: Int
    public var layers: Int
    /// Dropout on the outputs of every LSTM layer but the last, while training.
    public var dropout: Double

    public init(tokenizer: String = "smiles", vocabulary: Vocabulary, embeddingSize: Int = 256,
                hiddenSize: Int = 256, layers: Int = 6, dropout: Double = 0.25) {
        self.tokenizer = tokenizer
        self.vocabulary = vocabulary
        self.embeddingSize = embeddingSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.dropout = dropout
    }

    /// The first difference in architecture or vocabulary, in words, or nil when two models can be
    /// combined weight by weight. Dropout is a training setting and is not compared.
    public func mismatch(with other: ModelConfig) -> String? {
        if tokenizer != other.tokenizer { return "tokenizer '\(tokenizer)' vs '\(other.tokenizer)'" }
        if vocabulary != other.vocabulary {
            let a = Set(vocabulary.tokens), b = Set(other.vocabulary.tokens)
            if let t = a.subtracting(b).sorted().first { return "token '\(t)' is in one vocabulary only" }
            if let t = b.subtracting(a).sorted().first { return "token '\(t)' is in one vocabulary only" }
            return "vocabularies order their tokens differently"
        }
        if embeddingSize != other.embeddingSize { return "embedding size \(embeddingSize) vs \(other.embeddingSize)" }
        if hiddenSize != other.hiddenSize { return "hidden size \(hiddenSize) vs \(other.hiddenSize)" }
        if layers != other.layers { return "\(layers) vs \(other.layers) LSTM layers" }
        return nil
    }

    /// The tensors, in buffer order, with PyTorch's names and shapes
    /// (nn.Embedding `embedding`, nn.LSTM `lstm` with gates i, f, g, o, nn.Linear `head`).
    public var tensorShapes: [(name: String, shape: [Int])] {
        let V = vocabulary.count, E = embeddingSize, H = hiddenSize
        var out: [(String, [Int])] = [("embedding.weight", [V, E])]
        for k in 0..<layers {
            out.append(("lstm.weight_ih_l\(k)", [4 * H, k == 0 ? E : H]))
            out.append(("lstm.weight_hh_l\(k)", [4 * H, H]))
            out.append(("lstm.bias_ih_l\(k)", [4 * H]))
            out.append(("lstm.bias_hh_l\(k)", [4 * H]))
        }
        out.append(("head.weight", [V, H]))
        out.append(("head.bias", [V]))
        return out
    }

    /// Checks sizes are usable; errors name the bad field.
    public func validate() throws {
        func check(_ ok: Bool, _ what: String) throws { if !ok { throw ModelError.invalidConfig(what) } }
        try check(embeddingSize > 0, "embedding size must be positive")
        try check(hiddenSize > 0, "hidden size must be positive")
        try check(layers > 0, "layers must be positive")
        try check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)")
        try check(vocabulary.count > 3, "the vocabulary holds no tokens besides the specials")
        try check(Tokenizers.all.contains { $0.kind == tokenizer },
                  "unknown tokenizer '\(tokenizer)'; known: \(Tokenizers.all.map(\.kind).joined(separator: ", "))")
    }
}

public enum ModelError: Error, CustomStringConvertible, Equatable {
    case invalidConfig(String)
    case checksumMismatch(file: String, expected: String, actual: String)
    /// config.json no longer matches the checksum recorded when the model was saved.
    case configChanged(file: String)
    case layout(String)
    case nonFiniteLoss(step: Int, epoch: Int, checkpoint: String?)
    /// A weight is NaN or infinite: the model cannot be sampled or trained.
    case nonFiniteWeight(file: String, tensor: String, index: Int, value: Float)
    /// Sampling met logits that are NaN or infinite (weights too large, e.g. an edit with a huge λ).
    case nonFiniteLogits(sample: Int, step: Int)

    public var description: String {
        switch self {
        case .invalidConfig(let s): return "invalid model configuration: \(s)"
        case .checksumMismatch(let f, let e, let a):
            return "\(f) is corrupt or was changed: its SHA-256 is \(a.prefix(16))…, config.json expects \(e.prefix(16))…"
        case .layout(let s): return s
        case .configChanged(let f):
            return "\(f) was changed after the model was saved (its vocabulary, sizes or metadata no longer match its modelSHA256)"
        case .nonFiniteLoss(let step, let epoch, let ckpt):
            return "the training loss became NaN or infinite at step \(step) (epoch \(epoch)); stopped"
                + (ckpt.map { "; the last good checkpoint is kept in \($0)" } ?? "")
                + "; try a lower learning rate or gradient clipping"
        case .nonFiniteWeight(let f, let t, let i, let v):
            return "\(f) holds a non-finite weight (\(v)) in tensor '\(t)' at element \(i); the model is unusable"
        case .nonFiniteLogits(let sample, let step):
            return "the model's outputs became NaN or infinite (sample \(sample), token \(step)): its weights are too large to sample; "
                + "an edit with a smaller λ, or another model, is needed"
        }
    }
}
