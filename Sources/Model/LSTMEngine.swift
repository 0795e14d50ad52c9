import CBLAS
import CKernels

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

/// Row-major C = α·op(A)·op(B) + β·C with op(A) m×k, op(B) k×n (OpenBLAS).
@inline(__always)
func sgemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
           _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
           _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Sets OpenBLAS's thread count (every GEMM of the engine runs through it).
public func setMatrixThreads(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }

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
/// adds h_{t−1}·W_hhᵀ with one B×H×4H GEMM and a fused C kernel applies the gates. Backward mirrors
/// it, and the weight gradients of all steps come from one GEMM each.
final class LSTMEngine {
    let V: Int, E: Int, H: Int, L: Int
    let offsets: TensorOffsets
    private let x0 = RawBuffer<Float>()           // N × E embeddings
    private let gates: [RawBuffer<Float>]         // per layer N × 4H
    private let cells: [RawBuffer<Float>]         // per layer N × H
    private let hidden: [RawBuffer<Float>]        // per layer N × H (the layer's output)
    private let dropped: [RawBuffer<Float>]       // per layer N × H (output after dropout)
    private let masks: [RawBuffer<UInt8>]
    let logits = RawBuffer<Float>()               // N × V (gradients after the loss)
    private let gradA = RawBuffer<Float>(), gradB = RawBuffer<Float>()  // N × max(E, H)
    private let dhNext = RawBuffer<Float>(), dc = RawBuffer<Float>()   // B × H
    private let ones = RawBuffer<Float>()
    private let bias = RawBuffer<Float>()         // L × 4H: b_ih + b_hh
    private var usedDropout = false
    private var dropoutRate: Float = 0

    init(config: ModelConfig) {
        V = config.vocabulary.count; E = config.embeddingSize; H = config.hiddenSize; L = config.layers
        offsets = TensorOffsets(config)
        gates = (0..<L).map { _ in RawBuffer() }
        cells = (0..<L).map { _ in RawBuffer() }
        hidden = (0..<L).map { _ in RawBuffer() }
        dropped = (0..<L).map { _ in RawBuffer() }
        masks = (0..<L).map { _ in RawBuffer() }
    }

    private func reserve(N: Int, B: Int, dropout: Bool) {
        x0.reserve(N * E)
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
        gradA.reserve(N * max(E, H))
        gradB.reserve(N * max(E, H))
        dhNext.reserve(B * H)
        dc.reserve(B * H)
        if ones.capacity < N {
            ones.reserve(N).initialize(repeating: 1, count: N)
        }
        bias.reserve(L * 4 * H)
    }

    /// The input the layer `k` reads (its gradient has the same layout).
    private func layerInput(_ k: Int) -> (pointer: UnsafeMutablePointer<Float>, width: Int) {
        if k == 0 { return (x0.pointer, E) }
        return (usedDropout && k - 1 < L - 1 ? dropped[k - 1].pointer : hidden[k - 1].pointer, H)
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
        for n in 0..<N {
            (x0.pointer + n * E).update(from: emb + Int(inputs[n]) * E, count: E)
        }
        let G4 = 4 * H
        for k in 0..<L {
            let (x, width) = layerInput(k)
            let g = gates[k].pointer, c = cells[k].pointer, h = hidden[k].pointer
            let b = bias.pointer + k * G4
            for j in 0..<G4 { b[j] = p[offsets.biasIH[k] + j] + p[offsets.biasHH[k] + j] }
            sgemm(false, true, N, G4, width, x, width, p + offsets.weightIH[k], width, 0, g, G4)
            let whh = p + offsets.weightHH[k]
            for t in 0..<T {
                let gt = g + t * B * G4
                if t > 0 { sgemm(false, true, B, G4, H, h + (t - 1) * B * H, H, whh, H, 1, gt, G4) }
                ap_lstm_cell_forward(Int32(B), Int32(H), gt, b, t > 0 ? c + (t - 1) * B * H : nil,
                                     c + t * B * H, h + t * B * H)
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
        sgemm(false, true, N, V, H, top, H, p + offsets.headWeight, H, 0, logits.pointer, V)
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
        sgemm(true, false, V, H, N, dz, V, top, H, 1, grad + offsets.headWeight, H)
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(N), Int32(V), 1, dz, Int32(V), ones.pointer, 1, 1,
                    grad + offsets.headBias, 1)
        var dOut = gradA.pointer, dIn = gradB.pointer
        sgemm(false, false, N, H, V, dz, V, p + offsets.headWeight, H, 0, dOut, H)
        for k in (0..<L).reversed() {
            if usedDropout && k < L - 1 {
                ap_apply_mask(N * H, dOut, masks[k].pointer, 1 / (1 - dropoutRate), dOut)
            }
            let g = gates[k].pointer, c = cells[k].pointer, h = hidden[k].pointer
            let whh = p + offsets.weightHH[k]
            dc.pointer.update(repeating: 0, count: B * H)
            for t in (0..<T).reversed() {
                let gt = g + t * B * G4
                ap_lstm_cell_backward(Int32(B), Int32(H), gt, t > 0 ? c + (t - 1) * B * H : nil, c + t * B * H,
                                      dOut + t * B * H, t < T - 1 ? dhNext.pointer : nil, dc.pointer)
                if t > 0 { sgemm(false, false, B, H, G4, gt, G4, whh, H, 0, dhNext.pointer, H) }
            }
            // Weight gradients over all steps at once; h_{−1} = 0 so step 0 adds nothing to W_hh.
            if T > 1 {
                sgemm(true, false, G4, H, N - B, g + B * G4, G4, h, H, 1, grad + offsets.weightHH[k], H)
            }
            let (x, width) = layerInput(k)
            sgemm(true, false, G4, width, N, g, G4, x, width, 1, grad + offsets.weightIH[k], width)
            cblas_sgemv(CblasRowMajor, CblasTrans, Int32(N), Int32(G4), 1, g, Int32(G4), ones.pointer, 1, 1,
                        grad + offsets.biasIH[k], 1)
            cblas_sgemv(CblasRowMajor, CblasTrans, Int32(N), Int32(G4), 1, g, Int32(G4), ones.pointer, 1, 1,
                        grad + offsets.biasHH[k], 1)
            sgemm(false, false, N, width, G4, g, G4, p + offsets.weightIH[k], width, 0, dIn, width)
            swap(&dOut, &dIn)
        }
        let dEmb = grad + offsets.embedding
        for n in 0..<N {
            let row = dEmb + Int(inputs[n]) * E, d = dOut + n * E
            for j in 0..<E { row[j] += d[j] }
        }
    }
}
