import CKernels
import Foundation
import XCTest

/// The C kernels' approximations and the sampler against exact values.
final class KernelTests: XCTestCase {
    func testFastExpIsAccurateOverTheUsefulRange() {
        var worst = 0.0
        for i in 0...16000 {
            let x = Float(-80 + Double(i) * 0.01)
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(ap_fast_exp(x)) - exact) / exact)
        }
        XCTAssertLessThan(worst, 3e-7)
        XCTAssertTrue(ap_fast_exp(.nan).isNaN)
    }

    func testCellForwardMatchesTheLSTMEquations() {
        // B = 1, H = 2; pre-activations for gates i, f, g, o, with a bias and a previous cell state.
        var gates: [Float] = [0.5, -1, 2, 0.1, -0.3, 0.7, 1.5, -2]
        let bias: [Float] = [0.1, 0.1, 0, 0, 0.2, -0.2, 0, 0]
        let cPrev: [Float] = [0.8, -0.5]
        var c = [Float](repeating: 0, count: 2), h = [Float](repeating: 0, count: 2)
        ap_lstm_cell_forward(0, 1, 2, &gates, bias, cPrev, &c, &h)
        func sig(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        for j in 0..<2 {
            let pre = (0..<4).map { Double([0.5, -1, 2, 0.1, -0.3, 0.7, 1.5, -2][$0 * 2 + j] + bias[$0 * 2 + j]) }
            let i = sig(pre[0]), f = sig(pre[1]), g = Foundation.tanh(pre[2]), o = sig(pre[3])
            let cn = f * Double(cPrev[j]) + i * g
            XCTAssertEqual(Double(c[j]), cn, accuracy: 1e-6)
            XCTAssertEqual(Double(h[j]), o * Foundation.tanh(cn), accuracy: 1e-6)
            XCTAssertEqual(Double(gates[2 * 2 + j]), g, accuracy: 1e-6)
        }
    }

    func testSamplerFollowsTemperatureAndTopK() {
        let logits: [Float] = [0, 1, 2, 3]
        var scratch = [Float](repeating: 0, count: 4)
        var logp: Float = 0
        // Top-1 always picks the largest, and reports the untempered model log-probability.
        for u in [0.0, 0.5, 0.999] as [Float] {
            XCTAssertEqual(ap_sample_token(4, logits, 1, 1, u, &scratch, &logp), 3)
        }
        let z = logits.map { Foundation.exp(Double($0)) }.reduce(0, +)
        XCTAssertEqual(Double(logp), 3 - Foundation.log(z), accuracy: 1e-6)
        // Inverse-CDF: u below p(0) picks token 0 at temperature 1.
        let p0 = Float(1 / z)
        XCTAssertEqual(ap_sample_token(4, logits, 1, 0, p0 * 0.99, &scratch, &logp), 0)
        XCTAssertEqual(ap_sample_token(4, logits, 1, 0, p0 * 1.01, &scratch, &logp), 1)
        // Top-2 never picks tokens 0 or 1.
        for k in 0..<100 { XCTAssertGreaterThanOrEqual(ap_sample_token(4, logits, 1, 2, Float(k) / 100, &scratch, &logp), 2) }
    }
}
