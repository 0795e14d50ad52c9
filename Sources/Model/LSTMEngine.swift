import CBLAS
import CKernels
import Dispatch

/// Where each tensor starts in the flat parameter buffer (see `ModelConfig.tensorShapes`).
struct TensorOffsets {
    let embedding: Int
    let weightIH: [Int], weightHH: [Int], biasIH: [Int], biasHH: [Int]
    let headWeight: Int, headBias: Int

    init(_ config: ModelConfig) {
        var offsets: [String: Int] = [:]
        var at = 0
        for (name, shape) in config.tensorShapes {
            offsets[name] = at
            at += shape.reduce(1, *)
        }
        embedding = offsets["embedding.weight"]!
        weightIH = (0..<config.layers).map { offsets["lstm.weight_ih_l\($0)"]! }
        weightHH = (0..<config.layers).map { offsets["lstm.weight_hh_l\($0)"]! }
        biasIH = (0..<config.layers).map { offsets["lstm.bias_ih_l\($0)"]! }
        biasHH = (0..<config.layers).map { offsets["lstm.bias_hh_l\($0)"]! }
        headWeight = offsets["head.weight"]!
        headBias = offsets["head.bias"]!
    }
}

/// A growable raw buffer, reused across batches so the time loop never allocates.
final class RawBuffer<T> {
    private(set) var pointer: UnsafeMutablePointer<T>
    private(set) var capacity: Int
    init() { pointer = .allocate(capacity: 1); capacity = 1 }
    deinit { pointer.deallocate() }
    /// Ensures room for `n` elements (contents are lost when it grows).
    @discardableResult func reserve(_ n: Int) -> UnsafeMutablePointer<T> {
        if n > capacity {
            pointer.deallocate()
            pointer = .allocate(capacity: n)
            capacity = n
        }
        return pointer
    }
}

/// The LSTM's forward and backward passes over a whole time-major batch, with every activation the
/// backward pass needs kept in preallocated buffers.
///
/// Per layer: one GEMM projects the inputs of all time steps (N = T·B rows) onto the 4H gates; each step
/// adds h_{t−1}·W_hhᵀ and applies the gates, in one packed C kernel (or an OpenBLAS GEMM and a cell
/// kernel, see `StepKernels`). Backward mirrors it, and the weight gradients of all steps come from one
/// GEMM each. Layer 0 reads embedding rows, so its
/// input projection is a V-row table and its input gradients are summed per token first (V-row GEMMs).
final class LSTMEngine {
    let V: Int, E: Int, H: Int, L: Int
    let offsets: TensorOffsets
    let kernels: StepKernels
    /// Whether the recurrent products run packed (the kernels ask for it and H suits them).
    private let packed: Bool
    private let level: Int32
    private let packedForward: [RawBuffer<Float>]   // per layer: W_hh in the forward kernel's layout
    private let packedBackward: [RawBuffer<Float>]  // per layer: W_hh in the backward kernel's layout
    private let stepScratch = RawBuffer<Float>()    // B × 4H: each row slice's operand repacked
    let gates: [RawBuffer<Float>]         // per layer N × 4H
    let cells: [RawBuffer<Float>]         // per layer N × H
    let hidden: [RawBuffer<Float>]        // per layer N × H (the layer's output)
    let dropped: [RawBuffer<Float>]       // per layer N × H (output after dropout)
    let masks: [RawBuffer<UInt8>]
    let logits = RawBuffer<Float>()               // N × V (gradients after the loss)
    private let gradA = RawBuffer<Float>(), gradB = RawBuffer<Float>()  // N × H
    private let tokenGates = RawBuffer<Float>()   // V × 4H: layer 0's gate gradients summed per input token
    private let dhNext = RawBuffer<Float>(), dc = RawBuffer<Float>()   // B × H
    private let ones = RawBuffer<Float>()
    private let bias = RawBuffer<Float>()         // L × 4H: b_ih + b_hh
    private let inputTable = RawBuffer<Float>()   // V × 4H: embeddings projected by W_ih of layer 0
    private(set) var usedDropout = false
    private(set) var dropoutRate: Float = 0

    init(config: ModelConfig, kernels: StepKernels = .standard) {
        V = config.vocabulary.count; E = config.embeddingSize; H = config.hiddenSize; L = config.layers
        offsets = TensorOffsets(config)
        self.kernels = kernels
        packed = kernels.packs(hidden: H)
        level = kernels.level.rawValue
        packedForward = (0..<L).map { _ in RawBuffer() }
        packedBackward = (0..<L).map { _ in RawBuffer() }
        gates = (0..<L).map { _ in RawBuffer() }
        cells = (0..<L).map { _ in RawBuffer() }
        hidden = (0..<L).map { _ in RawBuffer() }
        dropped = (0..<L).map { _ in RawBuffer() }
        masks = (0..<L).map { _ in RawBuffer() }
    }

    private func reserve(N: Int, B: Int, dropout: Bool) {
        for k in 0..<L {
            gates[k].reserve(N * 4 * H)
            cells[k].reserve(N * H)
            hidden[k].reserve(N * H)
            if dropout && k < L - 1 {
                dropped[k].reserve(N * H)
                masks[k].reserve(N * H)
            }
        }
        logits.reserve(N * V)
        gradA.reserve(N * H)
        gradB.reserve(N * H)
        dhNext.reserve(B * H)
        dc.reserve(B * H)
        stepScratch.reserve(B * 4 * H)
        if ones.capacity < max(N, V) {
            ones.reserve(max(N, V)).initialize(repeating: 1, count: max(N, V))
        }
        bias.reserve(L * 4 * H)
    }

    /// The input layer `k` > 0 reads: the previous layer's output, after dropout when there was dropout.
    func layerInput(_ k: Int) -> UnsafeMutablePointer<Float> {
        usedDropout && k - 1 < L - 1 ? dropped[k - 1].pointer : hidden[k - 1].pointer
    }

    /// Forward pass; leaves the unnormalised logits (without the head bias) in `logits`.
    /// With `dropout` > 0 the outputs of all layers but the last are dropped with masks drawn from `rng`.
    func forward(_ p: UnsafePointer<Float>, inputs: UnsafePointer<Int32>, steps T: Int, batch B: Int,
                 dropout: Float = 0, rng: inout RandomGenerator) {
        let N = T * B
        usedDropout = dropout > 0 && L > 1
        dropoutRate = dropout
        reserve(N: N, B: B, dropout: usedDropout)
        let emb = p + offsets.embedding
        let G4 = 4 * H
        for k in 0..<L {
            let g = gates[k].pointer, c = cells[k].pointer, h = hidden[k].pointer
            let b = bias.pointer + k * G4
            for j in 0..<G4 { b[j] = p[offsets.biasIH[k] + j] + p[offsets.biasHH[k] + j] }
            if k == 0 {
                // Layer 0 reads embeddings: project the V embedding rows once and gather, instead of an N-row GEMM.
                let table = inputTable.reserve(V * G4)
                parallelSgemm(false, true, V, G4, E, emb, E, p + offsets.weightIH[0], E, 0, table, G4)
                for n in 0..<N { (g + n * G4).update(from: table + Int(inputs[n]) * G4, count: G4) }
            } else {
                parallelSgemm(false, true, N, G4, H, layerInput(k), H, p + offsets.weightIH[k], H, 0, g, G4)
            }
            let whh = p + offsets.weightHH[k]
            let packedW = packed ? UnsafePointer(packedForward[k].reserve(4 * H * H)) : whh
            if packed { ap_step_pack_forward(level, Int32(H), whh, packedForward[k].pointer) }
            let scratch = stepScratch.pointer, level = level, packed = packed
            parallelRows(B) { b0, nb in
                for t in 0..<T {
                    let row = t * B + b0, previous = row - B
                    let gt = g + row * G4
                    if t == 0 {
                        ap_lstm_cell_forward(level, Int32(nb), Int32(H), gt, b, nil, c + row * H, h + row * H)
                    } else if packed {
                        ap_step_forward(level, Int32(nb), Int32(H), packedW, h + previous * H, gt, b, c + previous * H,
                                        c + row * H, h + row * H, scratch + b0 * G4)
                    } else {
                        sgemm(false, true, nb, G4, H, h + previous * H, H, whh, H, 1, gt, G4)
                        ap_lstm_cell_forward(level, Int32(nb), Int32(H), gt, b, c + previous * H, c + row * H, h + row * H)
                    }
                }
            }
            if usedDropout && k < L - 1 {
                let m = masks[k].pointer
                let keep = UInt64((1 - Double(dropout)) * 65536)
                var i = 0
                let count = N * H
                while i < count {
                    var r = rng.next()
                    for _ in 0..<4 where i < count {
                        m[i] = (r & 0xFFFF) < keep ? 1 : 0
                        r >>= 16
                        i += 1
                    }
                }
                ap_apply_mask(count, h, m, 1 / (1 - dropout), dropped[k].pointer)
            }
        }
        let top = hidden[L - 1].pointer
        parallelSgemm(false, true, N, V, H, top, H, p + offsets.headWeight, H, 0, logits.pointer, V)
    }

    /// Softmax cross-entropy of the logits against `targets` (−1 = ignore); turns the logits into
    /// the gradient of `scale`·(summed loss). Returns the summed −log p; `logp` gets each row's log p.
    func loss(_ p: UnsafePointer<Float>, targets: UnsafePointer<Int32>, rows N: Int, scale: Float,
              logp: UnsafeMutablePointer<Float>? = nil) -> Double {
        ap_softmax_xent(Int32(N), Int32(V), logits.pointer, p + offsets.headBias, targets, scale, logp)
    }

    /// Backward pass after `forward` and `loss`; adds every parameter's gradient into `grad`.
    func backward(_ p: UnsafePointer<Float>, grad: UnsafeMutablePointer<Float>, inputs: UnsafePointer<Int32>,
                  steps T: Int, batch B: Int) {
        let N = T * B, G4 = 4 * H
        let dz = logits.pointer
        // Head: dW += dzᵀ·h_top, db += Σ dz, dh_top = dz·W.
        let top = hidden[L - 1].pointer
        parallelSgemm(true, false, V, H, N, dz, V, top, H, 1, grad + offsets.headWeight, H)
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(N), Int32(V), 1, dz, Int32(V), ones.pointer, 1, 1,
                    grad + offsets.headBias, 1)
        var dOut = gradA.pointer, dIn = gradB.pointer
        parallelSgemm(false, false, N, H, V, dz, V, p + offsets.headWeight, H, 0, dOut, H)
        for k in (0..<L).reversed() {
            if usedDropout && k < L - 1 {
                ap_apply_mask(N * H, dOut, masks[k].pointer, 1 / (1 - dropoutRate), dOut)
            }
            let g = gates[k].pointer, c = cells[k].pointer, h = hidden[k].pointer
            let whh = p + offsets.weightHH[k]
            let packedW = packed ? UnsafePointer(packedBackward[k].reserve(4 * H * H)) : whh
            if packed { ap_step_pack_backward(level, Int32(H), whh, packedBackward[k].pointer) }
            dc.pointer.update(repeating: 0, count: B * H)
            let dhn = dhNext.pointer, dcp = dc.pointer, dOutRows = dOut
            let scratch = stepScratch.pointer, level = level, packed = packed
            parallelRows(B) { b0, nb in
                let dhnSlice = dhn + b0 * H, dcSlice = dcp + b0 * H
                for t in (0..<T).reversed() {
                    let row = t * B + b0
                    let gt = g + row * G4
                    ap_lstm_cell_backward(level, Int32(nb), Int32(H), gt, t > 0 ? c + (row - B) * H : nil, c + row * H,
                                          dOutRows + row * H, t < T - 1 ? dhnSlice : nil, dcSlice)
                    guard t > 0 else { continue }
                    if packed {
                        ap_step_backward(level, Int32(nb), Int32(H), packedW, gt, dhnSlice, scratch + b0 * G4)
                    } else {
                        sgemm(false, false, nb, H, G4, gt, G4, whh, H, 0, dhnSlice, H)
                    }
                }
            }
            // Weight gradients over all steps at once; h_{−1} = 0 so step 0 adds nothing to W_hh.
            if T > 1 {
                parallelSgemm(true, false, G4, H, N - B, g + B * G4, G4, h, H, 1, grad + offsets.weightHH[k], H)
            }
            if k > 0 {
                let x = layerInput(k)
                parallelSgemm(true, false, G4, H, N, g, G4, x, H, 1, grad + offsets.weightIH[k], H)
                addColumnSums(rows: N, g, to: grad + offsets.biasIH[k], grad + offsets.biasHH[k])
                parallelSgemm(false, false, N, H, G4, g, G4, p + offsets.weightIH[k], H, 0, dIn, H)
                swap(&dOut, &dIn)
            } else {
                // Layer 0's input is an embedding row per token, so its gradients only need the gate
                // gradients summed per token (S, V × 4H): dW_ih += Sᵀ·emb, db += Σ S, d emb += S·W_ih.
                let s = tokenGates.reserve(V * G4)
                s.update(repeating: 0, count: V * G4)
                ap_scatter_add_rows(N, Int32(G4), g, inputs, s)
                sgemm(true, false, G4, E, V, s, G4, p + offsets.embedding, E, 1, grad + offsets.weightIH[0], E)
                addColumnSums(rows: V, s, to: grad + offsets.biasIH[0], grad + offsets.biasHH[0])
                sgemm(false, false, V, E, G4, s, G4, p + offsets.weightIH[0], E, 1, grad + offsets.embedding, E)
            }
        }
    }

    /// Adds the column sums of `rows` × 4H `matrix` to both bias gradients (b_ih and b_hh get the same).
    private func addColumnSums(rows: Int, _ matrix: UnsafePointer<Float>, to first: UnsafeMutablePointer<Float>,
                               _ second: UnsafeMutablePointer<Float>) {
        let G4 = 4 * H
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(G4), 1, matrix, Int32(G4), ones.pointer, 1, 1, first, 1)
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(G4), 1, matrix, Int32(G4), ones.pointer, 1, 1, second, 1)
    }
}
