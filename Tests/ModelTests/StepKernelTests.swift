import CKernels
import Foundation
import XCTest
@testable import Model
@testable import Tokens

/// Every build of the LSTM step kernels that this CPU runs, against the LSTM equations in Double.
final class StepKernelTests: XCTestCase {
    /// The levels this CPU runs; the ones it cannot are named so a reader knows they went untested here.
    var levels: [StepKernels.Level] {
        let supported = StepKernels.Level.allCases.filter(\.isSupported)
        let skipped = StepKernels.Level.allCases.filter { !$0.isSupported }.map(\.name)
        if !skipped.isEmpty { print("StepKernelTests: this CPU cannot run \(skipped.joined(separator: ", ")); not tested here") }
        return supported
    }

    func random(_ n: Int, _ rng: inout RandomGenerator, scale: Double = 1) -> [Float] {
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n { out[i] = rng.uniform(-1, 1) * Float(scale) }
        return out
    }

    func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// Rows 1…13 cover every remainder of every level's register tiles; H = 64 is a multiple of every unit
    /// and H = 40 is not (the cell kernels' scalar tail).
    func testPackedForwardStepIsTheLSTMEquations() throws {
        var rng = RandomGenerator(seed: 5)
        let H = 64
        for level in levels {
            XCTAssertEqual(H % Int(ap_step_unit(level.rawValue)), 0)
            for B in [1, 2, 3, 5, 7, 13] {
                let w = random(4 * H * H, &rng, scale: 0.2), hPrev = random(B * H, &rng), cPrev = random(B * H, &rng)
                let x = random(B * 4 * H, &rng), bias = random(4 * H, &rng)
                var packed = [Float](repeating: 0, count: 4 * H * H), scratch = [Float](repeating: 0, count: B * 4 * H)
                ap_step_pack_forward(level.rawValue, Int32(H), w, &packed)
                var gates = x, c = [Float](repeating: 0, count: B * H), h = c
                ap_step_forward(level.rawValue, Int32(B), Int32(H), packed, hPrev, &gates, bias, cPrev, &c, &h, &scratch)
                var worst = 0.0
                for b in 0..<B {
                    for u in 0..<H {
                        var pre = [Double](repeating: 0, count: 4)
                        for g in 0..<4 {
                            let j = g * H + u
                            pre[g] = Double(x[b * 4 * H + j]) + Double(bias[j])
                            for k in 0..<H { pre[g] += Double(hPrev[b * H + k]) * Double(w[j * H + k]) }
                        }
                        let i = sigmoid(pre[0]), f = sigmoid(pre[1]), g = Foundation.tanh(pre[2]), o = sigmoid(pre[3])
                        let cn = f * Double(cPrev[b * H + u]) + i * g
                        worst = max(worst, abs(Double(c[b * H + u]) - cn), abs(Double(h[b * H + u]) - o * Foundation.tanh(cn)),
                                    abs(Double(gates[b * 4 * H + u]) - i), abs(Double(gates[b * 4 * H + 2 * H + u]) - g))
                    }
                }
                XCTAssertLessThan(worst, 2e-6, "\(level.name), B = \(B)")
            }
        }
    }

    func testPackedForwardStepMayWorkInPlace() throws {
        // The sampler keeps one h and one c per layer: h_prev = h and c_prev = c.
        var rng = RandomGenerator(seed: 9)
        let H = 64, B = 7
        for level in levels {
            let w = random(4 * H * H, &rng, scale: 0.2), h0 = random(B * H, &rng), c0 = random(B * H, &rng)
            let x = random(B * 4 * H, &rng), bias = random(4 * H, &rng)
            var packed = [Float](repeating: 0, count: 4 * H * H), scratch = [Float](repeating: 0, count: B * 4 * H)
            ap_step_pack_forward(level.rawValue, Int32(H), w, &packed)
            var g1 = x, c1 = [Float](repeating: 0, count: B * H), h1 = c1
            ap_step_forward(level.rawValue, Int32(B), Int32(H), packed, h0, &g1, bias, c0, &c1, &h1, &scratch)
            var g2 = x, c2 = c0, h2 = h0
            h2.withUnsafeMutableBufferPointer { hp in
                c2.withUnsafeMutableBufferPointer { cp in
                    ap_step_forward(level.rawValue, Int32(B), Int32(H), packed, hp.baseAddress, &g2, bias, cp.baseAddress,
                                    cp.baseAddress, hp.baseAddress, &scratch)
                }
            }
            XCTAssertEqual(h1, h2, level.name)
            XCTAssertEqual(c1, c2, level.name)
        }
    }

    func testPackedBackwardProductIsDgatesTimesW() throws {
        var rng = RandomGenerator(seed: 6)
        let H = 64
        for level in levels {
            for B in [1, 4, 6, 11, 13] {
                let w = random(4 * H * H, &rng), dg = random(B * 4 * H, &rng)
                var packed = [Float](repeating: 0, count: 4 * H * H), scratch = [Float](repeating: 0, count: B * 4 * H)
                var dh = [Float](repeating: .nan, count: B * H)
                ap_step_pack_backward(level.rawValue, Int32(H), w, &packed)
                ap_step_backward(level.rawValue, Int32(B), Int32(H), packed, dg, &dh, &scratch)
                var worst = 0.0
                for b in 0..<B {
                    for n in 0..<H {
                        var sum = 0.0
                        for j in 0..<4 * H { sum += Double(dg[b * 4 * H + j]) * Double(w[j * H + n]) }
                        worst = max(worst, abs(sum - Double(dh[b * H + n])))
                    }
                }
                XCTAssertLessThan(worst, 2e-4, "\(level.name), B = \(B)")
            }
        }
    }

    func testCellKernelsAgreeAcrossLevelsIncludingTheScalarTail() throws {
        var rng = RandomGenerator(seed: 8)
        let B = 3, H = 40  // 40 = 2·16 + 8: AVX-512's vector loop, then its tail
        let x = random(B * 4 * H, &rng, scale: 3), bias = random(4 * H, &rng), cPrev = random(B * H, &rng)
        let dh = random(B * H, &rng), dhNext = random(B * H, &rng), dc0 = random(B * H, &rng)
        var reference: [[Float]]?
        for level in levels {
            var g = x, c = [Float](repeating: 0, count: B * H), h = c
            ap_lstm_cell_forward(level.rawValue, Int32(B), Int32(H), &g, bias, cPrev, &c, &h)
            var dc = dc0
            ap_lstm_cell_backward(level.rawValue, Int32(B), Int32(H), &g, cPrev, c, dh, dhNext, &dc)
            let result = [c, h, g, dc]
            if let reference {
                for (a, b) in zip(reference, result) {
                    for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-6 * max(1, abs(u)), level.name) }
                }
            } else {
                reference = result
            }
        }
    }

    func testKernelsParseAndRefuseWhatTheCPUCannotRun() throws {
        XCTAssertEqual(try StepKernels(parsing: "blas").product, .blas)
        XCTAssertEqual(try StepKernels(parsing: "packed:portable"), StepKernels(product: .packed, level: .portable))
        XCTAssertThrowsError(try StepKernels(parsing: "fast"))
        XCTAssertThrowsError(try StepKernels(parsing: "packed:sse9"))
        if !StepKernels.Level.avx512.isSupported {
            XCTAssertThrowsError(try StepKernels(parsing: "packed:avx512")) { error in
                XCTAssertEqual("\(error)", "this CPU cannot run the avx512 kernels")
            }
        }
    }

    func testFMAPeakIsMeasured() {
        let peak = measuredFMAPeak(seconds: 0.02)
        XCTAssertGreaterThan(peak, 1)
        XCTAssertLessThan(peak, 10_000)
    }
}
