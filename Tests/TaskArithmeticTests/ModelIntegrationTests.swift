import Foundation
import XCTest
import Model
import Tokens
@testable import TaskArithmetic

/// Task arithmetic on saved model folders: configurations are compared, checksums recorded.
final class ModelIntegrationTests: XCTestCase {
    static func config(hidden: Int = 4, corpus: [String] = ["CCO", "c1ccccc1", "CC(=O)N"]) throws -> ModelConfig {
        ModelConfig(vocabulary: try Vocabulary.build(from: corpus, tokenizer: SMILESTokenizer()), embeddingSize: 3, hiddenSize: hidden, layers: 2, dropout: 0)
    }

    func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-arith-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testVectorFromModelsRecordsChecksumsAndConfigAndEditsBack() throws {
        let base = LanguageModel(config: try Self.config(), seed: 1)
        var finetuned = base
        for i in finetuned.parameters.values.indices { finetuned.parameters.values[i] += Float(i % 5 - 2) * 0.0625 }
        let tau = try TaskVector(base: base, finetuned: finetuned, info: TaskVectorInfo(label: "rings-none", baseChecksum: "", dataSize: 10))
        XCTAssertEqual(tau.info.baseChecksum, base.checksum)
        XCTAssertEqual(tau.info.finetunedChecksum, finetuned.checksum)
        XCTAssertEqual(try tau.recordedConfig(source: "t"), base.config)

        // Save, reload, and add the vector back: the fine-tuned model's weights come back.
        let dir = folder()
        try base.save(to: dir.appendingPathComponent("base"))
        try tau.write(to: dir.appendingPathComponent("tau.safetensors"))
        let loadedBase = try LanguageModel.load(from: dir.appendingPathComponent("base"))
        let loadedTau = try TaskVector.read(dir.appendingPathComponent("tau.safetensors"))
        let plus = try ModelEdit(vectors: [WeightedVector(vector: loadedTau, lambda: 1, source: "tau")]).apply(to: loadedBase)
        for i in plus.parameters.values.indices {
            XCTAssertEqual(plus.parameters.values[i], base.parameters.values[i] + tau.deltas.values[i])
        }
        // The negated model saves as an ordinary model folder with the edit in its metadata.
        let edit = ModelEdit(vectors: [WeightedVector(vector: loadedTau, lambda: -0.5, source: "tau")])
        let minus = try edit.apply(to: loadedBase)
        try minus.save(to: dir.appendingPathComponent("edited"), metadata: edit.metadata(baseChecksum: loadedBase.checksum))
        let (reloaded, metadata) = try LanguageModel.loadWithMetadata(from: dir.appendingPathComponent("edited"))
        XCTAssertEqual(reloaded.parameters, minus.parameters)
        XCTAssertEqual(metadata["edit_base_checksum"], base.checksum)
        XCTAssertEqual(metadata["edit_lambdas"], "-0.5")
    }

    func testModelsOfDifferentShapeOrVocabularyAreRefused() throws {
        let base = LanguageModel(config: try Self.config(), seed: 1)
        let wider = LanguageModel(config: try Self.config(hidden: 8), seed: 1)
        XCTAssertThrowsError(try TaskVector(base: base, finetuned: wider, info: TaskVectorInfo(label: "x", baseChecksum: ""))) {
            XCTAssertEqual("\($0)", "base and fine-tuned models differ: hidden size 4 vs 8")
        }
        // Same shapes, different alphabet: caught by the configuration, not the tensors.
        let other = LanguageModel(config: try Self.config(corpus: ["CCS", "c1ccccc1", "CC(=S)N"]), seed: 1)
        XCTAssertNil(base.parameters.layoutMismatch(with: other.parameters))
        XCTAssertThrowsError(try TaskVector(base: base, finetuned: other, info: TaskVectorInfo(label: "x", baseChecksum: ""))) {
            XCTAssertEqual("\($0)", "base and fine-tuned models differ: token 'O' is in one vocabulary only")
        }
        // A vector carrying the other alphabet is refused by a base, even with force.
        var otherFinetuned = other
        otherFinetuned.parameters.values[0] += 1
        let tau = try TaskVector(base: other, finetuned: otherFinetuned, info: TaskVectorInfo(label: "thio", baseChecksum: ""))
        XCTAssertThrowsError(try ModelEdit(vectors: [WeightedVector(vector: tau, lambda: -1, source: "thio.safetensors")], force: true).apply(to: base)) {
            XCTAssertEqual("\($0)", "task vector 'thio' (thio.safetensors) was taken from a different kind of model: token 'S' is in one vocabulary only")
        }
    }
}
