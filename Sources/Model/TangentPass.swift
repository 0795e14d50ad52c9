import CBLAS
import CKernels
import Foundation

/// Forward-mode differentiation of the LSTM (a Jacobian-vector product): J·Δ, the change of every
/// logit for a weight change Δ, at the weights of the last `LSTMEngine.forward`. It reuses that pass's
/// stored gates, cells, outputs and dropout masks, and keeps its own tangent buffers, so the engine's
/// `backward` still runs afterwards at the same weights. This is what tangent-space (linearized)
/// fine-tuning needs (Ortiz-Jiménez et al. 2023): f_lin(x; θ₀ + Δ) = f(x; θ₀) + J(θ₀)·Δ.
///
/// Per layer, with activations i, f, g, o, cell c and output h of the forward pass:
///   ȧ = ẋ·W_ihᵀ + x·Ẇ_ihᵀ + ḃ + ḣ_{t−1}·W_hhᵀ + h_{t−1}·Ẇ_hhᵀ   (the gates' pre-activations)
///   i̇ = i(1−i)·ȧ_i, ḟ = f(1−f)·ȧ_f, ġ = (1−g²)·ȧ_g, ȯ = o(1−o)·ȧ_o
///   ċ = ḟ·c_{t−1} + f·ċ_{t−1} + i̇·g + i·ġ,   ḣ = ȯ·tanh c + o·(1−tanh² c)·ċ
/// and the head's ż = ḣ_top·W_headᵀ + h_top·Ẇ_headᵀ + ḃ_head.
final class TangentPass {
    private let dA = RawBuffer<Float>()       // N × 4H: tangent pre-activations of one layer
    private let dC = RawBuffer<Float>()       // N × H
    private var dH: [RawBuffer<Float>] = []   // per layer N × H (after dropout for the next layer's input)
    private let table = RawBuffer<Float>()    // V × 4H: layer 0's tangent input projection per token
    let logits = RawBuffer<Float>()           // N × V: J·Δ, the head bias's tangent included

    /// J·Δ into `logits` for the batch `engine` last ran forward on, at weights `p`; `d` is Δ in the
    /// same flat layout as `p`.
    func run(_ engine: LSTMEngine, _ p: UnsafePointer<Float>, tangent d: UnsafePointer<Float>,
             inputs: UnsafePointer<Int32>, steps T: Int, batch B: Int) {
        let H = engine.H, V = engine.V, E = engine.E, L = engine.L, G4 = 4 * H, N = T * B
        let off = engine.offsets
        while dH.count < L { dH.append(RawBuffer()) }
        let a = dA.reserve(N * G4), dc = dC.reserve(N * H)
        for k in 0..<L {
            let g = engine.gates[k].pointer, c = engine.cells[k].pointer, h = engine.hidden[k].pointer
            let dh = dH[k].reserve(N * H)
            // ȧ from the layer's input and weights of all steps at once, bias tangents included.
            if k == 0 {
                let t = table.reserve(V * G4)
                sgemm(false, true, V, G4, E, d + off.embedding, E, p + off.weightIH[0], E, 0, t, G4)
                sgemm(false, true, V, G4, E, p + off.embedding, E, d + off.weightIH[0], E, 1, t, G4)
                for n in 0..<N { (a + n * G4).update(from: t + Int(inputs[n]) * G4, count: G4) }
            } else {
                let x = engine.layerInput(k), dx = dH[k - 1].pointer
                sgemm(false, true, N, G4, H, dx, H, p + off.weightIH[k], H, 0, a, G4)
                sgemm(false, true, N, G4, H, x, H, d + off.weightIH[k], H, 1, a, G4)
            }
            for n in 0..<N {
                let row = a + n * G4
                for j in 0..<G4 { row[j] += d[off.biasIH[k] + j] + d[off.biasHH[k] + j] }
            }
            if T > 1 { sgemm(false, true, N - B, G4, H, h, H, d + off.weightHH[k], H, 1, a + B * G4, G4) }
            for t in 0..<T {
                let rows = t * B
                if t > 0 {
                    sgemm(false, true, B, G4, H, dh + (rows - B) * H, H, p + off.weightHH[k], H, 1, a + rows * G4, G4)
                }
                for r in rows..<(rows + B) {
                    let act = g + r * G4, pre = a + r * G4
                    for j in 0..<H {
                        let i = act[j], f = act[H + j], gg = act[2 * H + j], o = act[3 * H + j]
                        let di = i * (1 - i) * pre[j], df = f * (1 - f) * pre[H + j]
                        let dg = (1 - gg * gg) * pre[2 * H + j], dO = o * (1 - o) * pre[3 * H + j]
                        var cdot = di * gg + i * dg
                        if t > 0 { cdot += df * c[(r - B) * H + j] + f * dc[(r - B) * H + j] }
                        dc[r * H + j] = cdot
                        let tc: Float = tanh(c[r * H + j])
                        let slope: Float = o * (1 - tc * tc)
                        dh[r * H + j] = dO * tc + slope * cdot
                    }
                }
            }
            if engine.usedDropout && k < L - 1 {
                ap_apply_mask(N * H, dh, engine.masks[k].pointer, 1 / (1 - engine.dropoutRate), dh)
            }
        }
        let z = logits.reserve(N * V)
        sgemm(false, true, N, V, H, dH[L - 1].pointer, H, p + off.headWeight, H, 0, z, V)
        sgemm(false, true, N, V, H, engine.hidden[L - 1].pointer, H, d + off.headWeight, H, 1, z, V)
        for n in 0..<N { for v in 0..<V { z[n * V + v] += d[off.headBias + v] } }
    }
}
