import Foundation
import XCTest
@testable import Model
@testable import Tokens

/// A model written by PyTorch (scripts/make-pytorch-fixture.py) gives PyTorch's logits in Antipode.
final class PyTorchParityTests: XCTestCase {
    struct Expected: Decodable {
        let tokens: [String]
        let embedding: Int, hidden: Int, layers: Int
        let inputs: [[Int32]]          // batch-first
        let logits: [[[Float]]]        // batch × time × vocabulary
    }

    func testForwardMatchesPyTorchLogits() throws {
        let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("pytorch-lstm")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
        let config = ModelConfig(vocabulary: try Vocabulary(tokens: expected.tokens), embeddingSize: expected.embedding,
                                 hiddenSize: expected.hidden, layers: expected.layers, dropout: 0)
        let (weights, _) = try SafeTensors.read(folder.appendingPathComponent("weights.safetensors"))
        let model = try LanguageModel(config: config, parameters: weights)
        let B = expected.inputs.count, T = expected.inputs[0].count, V = expected.tokens.count
        var timeMajor = [Int32](repeating: 0, count: T * B)
        for b in 0..<B { for t in 0..<T { timeMajor[t * B + b] = expected.inputs[b][t] } }
        let logits = Network(config: config).logits(model.parameters.values,
                                                     batch: Batch(timeMajorInputs: timeMajor, steps: T, size: B))
        var worst: Float = 0
        for b in 0..<B { for t in 0..<T { for v in 0..<V {
            worst = max(worst, abs(logits[(t * B + b) * V + v] - expected.logits[b][t][v]))
        } } }
        XCTAssertLessThan(worst, 1e-5, "largest logit difference from PyTorch")
        XCTAssertGreaterThan(expected.logits.joined().joined().map(abs).max()!, 0.1)
    }
}
