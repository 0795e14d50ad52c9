/// The model's loss, gradient and per-token log-probabilities on batches, over one reusable engine.
final class Network {
    let config: ModelConfig
    let engine: LSTMEngine
    let tangent = TangentPass()

    init(config: ModelConfig, kernels: StepKernels = .standard) {
        self.config = config
        engine = LSTMEngine(config: config, kernels: kernels)
    }

    /// Mean next-token cross-entropy of the batch; adds into `grad` the gradient of its summed cross-entropy
    /// divided by `gradientTokens` (nil: the batch's own token count, the gradient of the mean). Dropout masks
    /// come from `rng`.
    func lossAndGradient(_ parameters: [Float], batch: Batch, grad: inout [Float], dropout: Float,
                         rng: inout RandomGenerator, gradientTokens: Double? = nil) -> Double {
        let scale = Float(1 / (gradientTokens ?? Double(max(batch.tokenCount, 1))))
        return parameters.withUnsafeBufferPointer { p in
            grad.withUnsafeMutableBufferPointer { g in
                batch.inputs.withUnsafeBufferPointer { x in
                    batch.targets.withUnsafeBufferPointer { y in
                        engine.forward(p.baseAddress!, inputs: x.baseAddress!, steps: batch.steps, batch: batch.size,
                                       dropout: dropout, rng: &rng)
                        let total = engine.loss(p.baseAddress!, targets: y.baseAddress!, rows: batch.steps * batch.size,
                                                scale: scale)
                        engine.backward(p.baseAddress!, grad: g.baseAddress!, inputs: x.baseAddress!,
                                        steps: batch.steps, batch: batch.size)
                        return total / Double(max(batch.tokenCount, 1))
                    }
                }
            }
        }
    }

    /// Each sequence's log-likelihood (summed log p of every target token, end token included),
    /// without dropout.
    /// With `linearizedAround` θ₀, of the linearized model f(θ₀) + J·(parameters − θ₀) instead.
    func logLikelihoods(_ parameters: [Float], batch: Batch, linearizedAround base: [Float]? = nil) -> [Double] {
        let N = batch.steps * batch.size, V = engine.V
        var logp = [Float](repeating: 0, count: N)
        var rng = RandomGenerator(seed: 0)
        let delta = base.map { b in zip(parameters, b).map { $0 - $1 } }
        (base ?? parameters).withUnsafeBufferPointer { p in
            batch.inputs.withUnsafeBufferPointer { x in
                batch.targets.withUnsafeBufferPointer { y in
                    engine.forward(p.baseAddress!, inputs: x.baseAddress!, steps: batch.steps, batch: batch.size,
                                   rng: &rng)
                    if let delta {
                        delta.withUnsafeBufferPointer { d in
                            tangent.run(engine, p.baseAddress!, tangent: d.baseAddress!, inputs: x.baseAddress!,
                                        steps: batch.steps, batch: batch.size)
                        }
                        let z = engine.logits.pointer, dz = tangent.logits.pointer
                        for i in 0..<(N * V) { z[i] += dz[i] }
                    }
                    _ = engine.loss(p.baseAddress!, targets: y.baseAddress!, rows: N, scale: 0, logp: &logp)
                }
            }
        }
        var out = [Double](repeating: 0, count: batch.size)
        for t in 0..<batch.steps {
            for b in 0..<batch.size { out[b] += Double(logp[t * batch.size + b]) }
        }
        return out
    }

    /// The logits (bias included) of every position, time-major, for tests and checks.
    func logits(_ parameters: [Float], batch: Batch) -> [Float] {
        let N = batch.steps * batch.size
        var rng = RandomGenerator(seed: 0)
        let offsets = engine.offsets
        return parameters.withUnsafeBufferPointer { p in
            batch.inputs.withUnsafeBufferPointer { x in
                engine.forward(p.baseAddress!, inputs: x.baseAddress!, steps: batch.steps, batch: batch.size, rng: &rng)
                var out = Array(UnsafeBufferPointer(start: engine.logits.pointer, count: N * engine.V))
                for n in 0..<N {
                    for v in 0..<engine.V { out[n * engine.V + v] += p[offsets.headBias + v] }
                }
                return out
            }
        }
    }

    // MARK: the linearized model f_lin(θ₀ + Δ) = f(θ₀) + J(θ₀)·Δ (tangent-space fine-tuning)

    /// Mean next-token cross-entropy of the linearized model at Δ = `delta` around `base`; adds its
    /// gradient with respect to Δ into `grad`. That gradient is Jᵀ·(softmax(f_lin) − onehot): the
    /// ordinary backward pass at θ₀ fed with the linearized logits' error. Dropout masks come from `rng`
    /// and apply to the values and the tangents alike; `gradientTokens` as in `lossAndGradient`.
    func linearizedLossAndGradient(base: [Float], delta: [Float], batch: Batch, grad: inout [Float], dropout: Float,
                                   rng: inout RandomGenerator, gradientTokens: Double? = nil) -> Double {
        let scale = Float(1 / (gradientTokens ?? Double(max(batch.tokenCount, 1))))
        let N = batch.steps * batch.size, V = engine.V
        return base.withUnsafeBufferPointer { p in
            delta.withUnsafeBufferPointer { d in
                grad.withUnsafeMutableBufferPointer { g in
                    batch.inputs.withUnsafeBufferPointer { x in
                        batch.targets.withUnsafeBufferPointer { y in
                            engine.forward(p.baseAddress!, inputs: x.baseAddress!, steps: batch.steps, batch: batch.size,
                                           dropout: dropout, rng: &rng)
                            tangent.run(engine, p.baseAddress!, tangent: d.baseAddress!, inputs: x.baseAddress!,
                                        steps: batch.steps, batch: batch.size)
                            let z = engine.logits.pointer, dz = tangent.logits.pointer
                            for i in 0..<(N * V) { z[i] += dz[i] }
                            let total = engine.loss(p.baseAddress!, targets: y.baseAddress!, rows: N, scale: scale)
                            engine.backward(p.baseAddress!, grad: g.baseAddress!, inputs: x.baseAddress!,
                                            steps: batch.steps, batch: batch.size)
                            return total / Double(max(batch.tokenCount, 1))
                        }
                    }
                }
            }
        }
    }

    /// The linearized model's logits (bias included), time-major, without dropout.
    func linearizedLogits(base: [Float], delta: [Float], batch: Batch) -> [Float] {
        var out = logits(base, batch: batch)
        base.withUnsafeBufferPointer { p in
            delta.withUnsafeBufferPointer { d in
                batch.inputs.withUnsafeBufferPointer { x in
                    tangent.run(engine, p.baseAddress!, tangent: d.baseAddress!, inputs: x.baseAddress!,
                                steps: batch.steps, batch: batch.size)
                }
            }
        }
        for i in out.indices { out[i] += tangent.logits.pointer[i] }
        return out
    }
}
