import CBLAS
import CKernels
import Support
import Tokens

/// How to sample a model.
public struct SamplingOptions: Sendable {
    public var count: Int
    /// Logits are divided by it: below 1 sharpens, above 1 flattens.
    public var temperature: Double
    /// Keep only the k most likely tokens at each step (0: all).
    public var topK: Int
    public var seed: UInt64
    /// Sequences generated side by side (rows of each GEMM).
    public var batchSize: Int
    /// Most tokens per sample, end token excluded; longer samples are cut there.
    public var maxLength: Int

    public init(count: Int = 1000, temperature: Double = 1, topK: Int = 0, seed: UInt64 = 0,
                batchSize: Int = 512, maxLength: Int = 100) {
        self.count = count
        self.temperature = temperature
        self.topK = topK
        self.seed = seed
        self.batchSize = batchSize
        self.maxLength = maxLength
    }
}

/// A generated sequence and its negative log-likelihood (natural log) under the model itself
/// (temperature 1, no top-k), end token included.
public struct Sample: Sendable, Equatable {
    public let smiles: String
    public let nll: Double
    /// False when the sample hit `maxLength` before the end token.
    public let finished: Bool

    public init(smiles: String, nll: Double, finished: Bool = true) {
        self.smiles = smiles
        self.nll = nll
        self.finished = finished
    }
}

extension LanguageModel {
    /// Samples `options.count` sequences, batched: a row that ends is refilled with a new sequence, so
    /// the GEMMs stay full. Samples come in the order they finish; the same seed and batch size give
    /// the same samples.
    /// Throws `ModelError.nonFiniteLogits` when the model's outputs overflow (no sample is then decoded).
    ///
    /// With `linearizedAround` θ₀ this model is read as the linearized model f(θ₀) + J(θ₀)·(θ − θ₀) of
    /// tangent-space fine-tuning: the steps run at θ₀ and each logit gains its tangent (`TangentSampling`).
    public func sample(_ options: SamplingOptions, progress: Progress? = nil,
                       linearizedAround linearBase: LanguageModel? = nil) throws -> [Sample] {
        guard options.count > 0 else { return [] }
        let V = config.vocabulary.count, E = config.embeddingSize, H = config.hiddenSize, L = config.layers
        let G4 = 4 * H
        let B = max(1, min(options.batchSize, options.count))
        let off = TensorOffsets(config)
        var rng = RandomGenerator(seed: options.seed)
        let invT = Float(1 / max(options.temperature, 1e-6))
        let vocabulary = config.vocabulary

        if let linearBase, let why = linearBase.config.mismatch(with: config) {
            throw UserError("the model to linearize around differs from the sampled one: \(why)")
        }
        let delta = linearBase.map { b in zip(parameters.values, b.parameters.values).map { $0 - $1 } } ?? []
        return try (linearBase?.parameters.values ?? parameters.values).withUnsafeBufferPointer { pb -> [Sample] in
            let p = pb.baseAddress!
            let tangents = linearBase == nil ? nil : TangentSampling(config: config, base: p, delta: delta, rows: B)
            // Layer 0's input projection of every token, bias included: a row lookup replaces a GEMM.
            let table = UnsafeMutablePointer<Float>.allocate(capacity: V * G4)
            sgemm(false, true, V, G4, E, p + off.embedding, E, p + off.weightIH[0], E, 0, table, G4)
            for v in 0..<V { for j in 0..<G4 { table[v * G4 + j] += p[off.biasIH[0] + j] + p[off.biasHH[0] + j] } }
            let bias = UnsafeMutablePointer<Float>.allocate(capacity: L * G4)
            for k in 0..<L { for j in 0..<G4 { bias[k * G4 + j] = k == 0 ? 0 : p[off.biasIH[k] + j] + p[off.biasHH[k] + j] } }
            let h = UnsafeMutablePointer<Float>.allocate(capacity: L * B * H)
            let c = UnsafeMutablePointer<Float>.allocate(capacity: L * B * H)
            h.initialize(repeating: 0, count: L * B * H)
            c.initialize(repeating: 0, count: L * B * H)
            let gates = UnsafeMutablePointer<Float>.allocate(capacity: B * G4)
            let logits = UnsafeMutablePointer<Float>.allocate(capacity: B * V)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(V, B * G4))
            // W_hh of every layer packed once for the whole run (see `StepKernels`).
            let kernels = StepKernels.standard, level = kernels.level.rawValue
            let packedW: UnsafeMutablePointer<Float>? = kernels.packs(hidden: H) ? .allocate(capacity: L * 4 * H * H) : nil
            if let packedW {
                for k in 0..<L { ap_step_pack_forward(level, Int32(H), p + off.weightHH[k], packedW + k * 4 * H * H) }
            }
            defer {
                for q in [table, bias, h, c, gates, logits, scratch] { q.deallocate() }
                packedW?.deallocate()
            }

            var current = [Int32](repeating: Vocabulary.beginIndex, count: B)
            var tokens = [[Int32]](repeating: [], count: B)
            var nll = [Double](repeating: 0, count: B)
            var active = B, started = B
            var out: [Sample] = []
            out.reserveCapacity(options.count)
            var finishedRows: [Int] = []

            while active > 0 {
                // One step of every active row, the rows split over the engine's threads.
                current.withUnsafeBufferPointer { tokensNow in
                    parallelRows(active) { r0, nr in
                        let g = gates + r0 * G4
                        for k in 0..<L {
                            let hk = h + k * B * H + r0 * H, ck = c + k * B * H + r0 * H
                            tangents?.beforeStep(layer: k, rows: r0, nr, tokens: tokensNow, x: hk - B * H, h: hk, c: ck)
                            if k == 0 {
                                for r in 0..<nr { (g + r * G4).update(from: table + Int(tokensNow[r0 + r]) * G4, count: G4) }
                            } else {
                                sgemm(false, true, nr, G4, H, hk - B * H, H, p + off.weightIH[k], H, 0, g, G4)
                            }
                            if let packedW {
                                ap_step_forward(level, Int32(nr), Int32(H), packedW + k * 4 * H * H, hk, g, bias + k * G4,
                                                ck, ck, hk, scratch + r0 * G4)
                            } else {
                                sgemm(false, true, nr, G4, H, hk, H, p + off.weightHH[k], H, 1, g, G4)
                                ap_lstm_cell_forward(level, Int32(nr), Int32(H), g, bias + k * G4, ck, ck, hk)
                            }
                            tangents?.afterStep(layer: k, rows: r0, nr, gates: g, c: ck)
                        }
                        let z = logits + r0 * V
                        for r in 0..<nr { (z + r * V).update(from: p + off.headBias, count: V) }
                        sgemm(false, true, nr, V, H, h + (L - 1) * B * H + r0 * H, H, p + off.headWeight, H, 1, z, V)
                        tangents?.head(rows: r0, nr, hTop: h + (L - 1) * B * H + r0 * H, logits: z)
                    }
                }

                finishedRows.removeAll(keepingCapacity: true)
                for r in 0..<active {
                    var logp: Float = 0
                    let tok = ap_sample_token(Int32(V), logits + r * V, invT, Int32(options.topK), rng.uniform(), scratch, &logp)
                    // NaN/inf logits leave no token to draw (−1): stop rather than index with it.
                    guard tok >= 0, tok < V, logp.isFinite else {
                        throw ModelError.nonFiniteLogits(sample: out.count + 1, step: tokens[r].count + 1)
                    }
                    nll[r] -= Double(logp)
                    let ended = tok == Vocabulary.endIndex
                    if !ended { tokens[r].append(Int32(tok)) }
                    guard ended || tokens[r].count >= options.maxLength else {
                        current[r] = Int32(tok)
                        continue
                    }
                    out.append(Sample(smiles: vocabulary.decode(tokens[r]), nll: nll[r], finished: ended))
                    progress?.advance()
                    if started < options.count {
                        started += 1
                        for k in 0..<L {
                            (h + k * B * H + r * H).update(repeating: 0, count: H)
                            (c + k * B * H + r * H).update(repeating: 0, count: H)
                        }
                        tangents?.reset(row: r)
                        tokens[r].removeAll(keepingCapacity: true)
                        nll[r] = 0
                        current[r] = Vocabulary.beginIndex
                    } else {
                        finishedRows.append(r)
                    }
                }
                // Retire rows with nothing left to start: move the last active row into each hole.
                for r in finishedRows.reversed() {
                    let last = active - 1
                    if r != last {
                        for k in 0..<L {
                            (h + k * B * H + r * H).update(from: h + k * B * H + last * H, count: H)
                            (c + k * B * H + r * H).update(from: c + k * B * H + last * H, count: H)
                        }
                        tangents?.move(row: last, to: r)
                        tokens.swapAt(r, last)
                        nll.swapAt(r, last)
                        current.swapAt(r, last)
                    }
                    active -= 1
                }
            }
            return out
        }
    }

    /// The log-likelihood (natural log, end token included) of each text under the model, in order.
    /// A token outside the vocabulary is an error naming it and the text.
    /// With `linearizedAround` θ₀, under the linearized model f(θ₀) + J(θ₀)·(θ − θ₀) (see `sample`).
    public func logLikelihoods(_ texts: [String], batchSize: Int = 256, linearizedAround linearBase: LanguageModel? = nil) throws -> [Double] {
        if let linearBase, let why = linearBase.config.mismatch(with: config) {
            throw UserError("the model to linearize around differs from this one: \(why)")
        }
        let tok = tokenizer
        let seqs = try texts.map { try config.vocabulary.encode($0, tokenizer: tok) }
        let order = seqs.indices.sorted { seqs[$0].count < seqs[$1].count }
        let net = Network(config: config)
        var out = [Double](repeating: 0, count: texts.count)
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let idx = order[start..<min(start + batchSize, order.count)]
            let ll = net.logLikelihoods(parameters.values, batch: Batch(idx.map { seqs[$0] }),
                                        linearizedAround: linearBase?.parameters.values)
            for (i, v) in zip(idx, ll) { out[i] = v }
        }
        return out
    }
}
