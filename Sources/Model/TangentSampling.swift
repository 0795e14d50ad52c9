import CBLAS
import Foundation

/// The sampler's share of a linearized model f(θ₀) + J(θ₀)·Δ (see `TangentPass`): per row and layer
/// the tangents ḣ and ċ ride along with the values, and each step's logits gain ż = J·Δ. The sampler
/// runs θ₀; this holds Δ, the tangent state and the steps, for rows `r0 ..< r0 + nr` at a time.
final class TangentSampling {
    let H: Int, V: Int, L: Int, B: Int
    private let p: UnsafePointer<Float>
    private let d: UnsafeMutablePointer<Float>       // Δ, owned
    private let off: TensorOffsets
    private let table: UnsafeMutablePointer<Float>   // V × 4H: layer 0's tangent input projection, biases included
    private let bias: UnsafeMutablePointer<Float>    // L × 4H: ḃ_ih + ḃ_hh
    let dh: UnsafeMutablePointer<Float>, dc: UnsafeMutablePointer<Float>  // L × B × H
    private let pre: UnsafeMutablePointer<Float>     // B × 4H: the current layer's tangent pre-activations
    private let cPrev: UnsafeMutablePointer<Float>   // B × H: the current layer's cell state before the step

    /// `p` is θ₀ (it must outlive this value) and `delta` is Δ, both in the model's flat layout.
    init(config: ModelConfig, base p: UnsafePointer<Float>, delta: [Float], rows B: Int) {
        H = config.hiddenSize; V = config.vocabulary.count; L = config.layers; self.B = B
        let E = config.embeddingSize, G4 = 4 * H
        self.p = p
        d = .allocate(capacity: delta.count)
        d.initialize(from: delta, count: delta.count)
        off = TensorOffsets(config)
        table = .allocate(capacity: V * G4)
        sgemm(false, true, V, G4, E, d + off.embedding, E, p + off.weightIH[0], E, 0, table, G4)
        sgemm(false, true, V, G4, E, p + off.embedding, E, d + off.weightIH[0], E, 1, table, G4)
        for v in 0..<V { for j in 0..<G4 { table[v * G4 + j] += d[off.biasIH[0] + j] + d[off.biasHH[0] + j] } }
        bias = .allocate(capacity: L * G4)
        for k in 0..<L { for j in 0..<G4 { bias[k * G4 + j] = k == 0 ? 0 : d[off.biasIH[k] + j] + d[off.biasHH[k] + j] } }
        dh = .allocate(capacity: L * B * H)
        dc = .allocate(capacity: L * B * H)
        dh.initialize(repeating: 0, count: L * B * H)
        dc.initialize(repeating: 0, count: L * B * H)
        pre = .allocate(capacity: B * G4)
        cPrev = .allocate(capacity: B * H)
    }

    deinit { for q in [d, table, bias, dh, dc, pre, cPrev] { q.deallocate() } }

    /// Before layer `k`'s value step: ȧ from the layer's input (`x`: this step's output of layer k − 1;
    /// unused for k = 0, which reads `tokens`) and its state before the step (`h`, `c`).
    func beforeStep(layer k: Int, rows r0: Int, _ nr: Int, tokens: UnsafeBufferPointer<Int32>,
                    x: UnsafePointer<Float>, h: UnsafePointer<Float>, c: UnsafePointer<Float>) {
        let G4 = 4 * H
        let a = pre + r0 * G4, dhk = dh + k * B * H + r0 * H
        if k == 0 {
            for r in 0..<nr { (a + r * G4).update(from: table + Int(tokens[r0 + r]) * G4, count: G4) }
        } else {
            sgemm(false, true, nr, G4, H, dh + (k - 1) * B * H + r0 * H, H, p + off.weightIH[k], H, 0, a, G4)
            sgemm(false, true, nr, G4, H, x, H, d + off.weightIH[k], H, 1, a, G4)
            for r in 0..<nr { for j in 0..<G4 { a[r * G4 + j] += bias[k * G4 + j] } }
        }
        sgemm(false, true, nr, G4, H, dhk, H, p + off.weightHH[k], H, 1, a, G4)
        sgemm(false, true, nr, G4, H, h, H, d + off.weightHH[k], H, 1, a, G4)
        (cPrev + r0 * H).update(from: c, count: nr * H)
    }

    /// After layer `k`'s value step: ċ and ḣ from its activated gates `g` and new cell state `c`.
    func afterStep(layer k: Int, rows r0: Int, _ nr: Int, gates g: UnsafePointer<Float>, c: UnsafePointer<Float>) {
        let G4 = 4 * H
        let a = pre + r0 * G4, cp = cPrev + r0 * H
        let dck = dc + k * B * H + r0 * H, dhk = dh + k * B * H + r0 * H
        for r in 0..<nr {
            let act = g + r * G4, ar = a + r * G4
            for j in 0..<H {
                let i = act[j], f = act[H + j], gg = act[2 * H + j], o = act[3 * H + j]
                let di = i * (1 - i) * ar[j], df = f * (1 - f) * ar[H + j]
                let dg = (1 - gg * gg) * ar[2 * H + j], dO = o * (1 - o) * ar[3 * H + j]
                let carried: Float = df * cp[r * H + j] + f * dck[r * H + j]
                let cdot = carried + di * gg + i * dg
                dck[r * H + j] = cdot
                let tc: Float = tanh(c[r * H + j])
                let slope: Float = o * (1 - tc * tc)
                dhk[r * H + j] = dO * tc + slope * cdot
            }
        }
    }

    /// z += ż = ḣ_top·W_headᵀ + h_top·Ẇ_headᵀ + ḃ_head for the rows' logits `z`.
    func head(rows r0: Int, _ nr: Int, hTop: UnsafePointer<Float>, logits z: UnsafeMutablePointer<Float>) {
        sgemm(false, true, nr, V, H, dh + (L - 1) * B * H + r0 * H, H, p + off.headWeight, H, 1, z, V)
        sgemm(false, true, nr, V, H, hTop, H, d + off.headWeight, H, 1, z, V)
        for r in 0..<nr { for v in 0..<V { z[r * V + v] += d[off.headBias + v] } }
    }

    /// A row starting a new sequence: zero tangents.
    func reset(row r: Int) {
        for k in 0..<L {
            (dh + k * B * H + r * H).update(repeating: 0, count: H)
            (dc + k * B * H + r * H).update(repeating: 0, count: H)
        }
    }

    /// A retired row's place taken by row `from`.
    func move(row from: Int, to r: Int) {
        for k in 0..<L {
            (dh + k * B * H + r * H).update(from: dh + k * B * H + from * H, count: H)
            (dc + k * B * H + r * H).update(from: dc + k * B * H + from * H, count: H)
        }
    }
}
