import Foundation
import XCTest
@testable import Model
@testable import Tokens

func tinyConfig(layers: Int = 2, embedding: Int = 3, hidden: Int = 4, dropout: Double = 0) throws -> ModelConfig {
    let v = try Vocabulary.build(from: ["CCO", "c1ccccc1", "CC(=O)N"], tokenizer: SMILESTokenizer())
    return ModelConfig(vocabulary: v, embeddingSize: embedding, hiddenSize: hidden, layers: layers, dropout: dropout)
}

func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

final class LanguageModelTests: XCTestCase {
    func testInitialisationWidensLSTMWeightsAndOpensOnlyTheForgetGates() throws {
        let config = try tinyConfig(layers: 2, embedding: 3, hidden: 16)
        let plain = LanguageModel(config: config, seed: 4)
        let tuned = LanguageModel(config: config, seed: 4, initialisation: Initialisation(gain: 3, forgetBias: 1))
        let H = 16, bound: Float = 0.25  // 1/√16
        for spec in plain.parameters.specs {
            let a = Array(plain.parameters.values[spec.range]), b = Array(tuned.parameters.values[spec.range])
            if spec.name.hasPrefix("lstm.weight") {
                // The same draws, scaled: U(−3/√H, 3/√H) instead of U(−1/√H, 1/√H).
                for (x, y) in zip(a, b) { XCTAssertEqual(y, 3 * x, accuracy: 1e-6) }
                XCTAssertGreaterThan(b.map(abs).max()!, bound, spec.name)
            } else if spec.name.hasPrefix("lstm.bias_ih") {
                for j in 0..<(4 * H) { XCTAssertEqual(b[j] - a[j], j >= H && j < 2 * H ? 1 : 0, accuracy: 1e-6, "\(spec.name)[\(j)]") }
            } else {
                XCTAssertEqual(a, b, spec.name)  // embedding, b_hh and the head are PyTorch's
            }
        }
    }

    func testTensorNamesAndShapesArePyTorchs() throws {
        let m = LanguageModel(config: try tinyConfig(), seed: 1)
        XCTAssertEqual(m.parameters.names, [
            "embedding.weight",
            "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
            "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1",
            "head.weight", "head.bias",
        ])
        XCTAssertEqual(m.parameters.spec(named: "lstm.weight_ih_l0")?.shape, [16, 3])
        XCTAssertEqual(m.parameters.spec(named: "lstm.weight_ih_l1")?.shape, [16, 4])
        XCTAssertEqual(m.parameters.spec(named: "head.weight")?.shape, [11, 4])
        // Default init ranges: LSTM and head within ±1/√H.
        let w = m.parameters.tensor("lstm.weight_hh_l1")!
        XCTAssertLessThanOrEqual(w.map(abs).max()!, 0.5)
        XCTAssertEqual(LanguageModel(config: try tinyConfig(), seed: 1).parameters, m.parameters)
        XCTAssertNotEqual(LanguageModel(config: try tinyConfig(), seed: 2).parameters, m.parameters)
    }

    func testSaveLoadRoundTripAndChecksum() throws {
        let m = LanguageModel(config: try tinyConfig(), seed: 3)
        let dir = temporaryFolder()
        try m.save(to: dir, metadata: ["note": "x"])
        let (back, meta) = try LanguageModel.loadWithMetadata(from: dir)
        XCTAssertEqual(back.parameters, m.parameters)
        XCTAssertEqual(back.config, m.config)
        XCTAssertEqual(meta, ["note": "x"])
        let bytes = try Data(contentsOf: dir.appendingPathComponent("weights.safetensors"))
        XCTAssertEqual(m.checksum, SHA256Hex(bytes))
        XCTAssertEqual(m.checksum.count, 64)
    }

    func testAChangedWeightsFileIsRefused() throws {
        let m = LanguageModel(config: try tinyConfig(), seed: 3)
        let dir = temporaryFolder()
        try m.save(to: dir)
        let url = dir.appendingPathComponent("weights.safetensors")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 1] ^= 1
        try bytes.write(to: url)
        XCTAssertThrowsError(try LanguageModel.load(from: dir)) {
            XCTAssertTrue("\($0)".contains("corrupt or was changed"), "\($0)")
        }
        XCTAssertThrowsError(try LanguageModel.load(from: dir.appendingPathComponent("nope"))) {
            XCTAssertTrue("\($0)".contains("not a model folder"))
        }
    }

    func testMismatchNamesTheFirstDifference() throws {
        let a = try tinyConfig()
        XCTAssertNil(a.mismatch(with: a))
        var b = a; b.dropout = 0.5
        XCTAssertNil(a.mismatch(with: b))
        b = a; b.hiddenSize = 8
        XCTAssertEqual(a.mismatch(with: b), "hidden size 4 vs 8")
        b = a; b.vocabulary = try Vocabulary(tokens: a.vocabulary.tokens + ["Br"])
        XCTAssertEqual(a.mismatch(with: b), "token 'Br' is in one vocabulary only")
    }
}

import Support
func SHA256Hex(_ d: Data) -> String { SHA256.hex(d) }
