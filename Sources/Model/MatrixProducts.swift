import CBLAS
import Dispatch
import Foundation
import Support

/// The engine's threads. OpenBLAS always runs single-threaded and the engine splits work itself: an
/// idle OpenBLAS worker spins in `sched_yield` for ~0.1 s after each call, and on two cores that spinning
/// took a quarter of the time loops' CPU (measured: 5,741 → 7,481 tokens/s, 6×256 batch 128).
nonisolated(unsafe) private(set) var matrixThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)

/// OpenBLAS is made single-threaded once, before the engine's first product.
private let singleThreadedBLAS: Void = openblas_set_num_threads(1)

/// Sets the number of threads the engine splits its products and time loops over.
public func setMatrixThreads(_ n: Int) {
    _ = singleThreadedBLAS
    matrixThreads = max(1, n)
}

/// Row-major C = op(A)·op(B) + β·C with op(A) m×k, op(B) k×n, on one thread (OpenBLAS).
@inline(__always)
func sgemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
           _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
           _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    _ = singleThreadedBLAS
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// `sgemm` split over the engine's threads: the larger of C's two dimensions is cut into blocks (columns
/// in multiples of 16, the kernels' width), each computed by its own single-threaded OpenBLAS call.
func parallelSgemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                   _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    let parts = matrixThreads
    // Below ~4 MFLOP a second thread costs more to wake than it saves.
    guard parts > 1, m * n * k >= 1 << 21, max(m, n) >= 2 * 16 else {
        return sgemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc)
    }
    let splitRows = m >= n
    let extent = splitRows ? m : n
    nonisolated(unsafe) let a = a, b = b, c = c
    onThreads(parts) { i in
        let first = (extent * i / parts) & ~15, last = i == parts - 1 ? extent : (extent * (i + 1) / parts) & ~15
        guard last > first else { return }
        if splitRows {
            sgemm(transA, transB, last - first, n, k, transA ? a + first : a + first * lda, lda,
                  b, ldb, beta, c + first * ldc, ldc)
        } else {
            sgemm(transA, transB, m, last - first, k, a, lda, transB ? b + first * ldb : b + first, ldb,
                  beta, c + first, ldc)
        }
    }
}

/// Runs `body` on up to `matrixThreads` slices of `rows` rows at once. The rows of a batch are
/// independent through a whole time loop, so slices need no synchronisation, and a single-threaded
/// GEMM per slice beats one split GEMM per step over small matrices.
func parallelRows(_ rows: Int, _ body: (_ first: Int, _ count: Int) -> Void) {
    parallelSlices(rows, parts: matrixThreads, body)
}
