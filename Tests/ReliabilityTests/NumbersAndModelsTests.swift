import Foundation
import XCTest
import Campaign
@testable import Model
import Support
import TaskArithmetic
import Tokens

/// A small model (vocabulary of a few SMILES, 1 × 8 LSTM): saving, loading and sampling it take milliseconds.
func tinyModel(seed: UInt64 = 1) throws -> LanguageModel {
    let vocabulary = try Vocabulary.build(from: ["CCO", "c1ccccc1N", "CC(=O)Cl"], tokenizer: SMILESTokenizer())
    return LanguageModel(config: ModelConfig(vocabulary: vocabulary, embeddingSize: 8, hiddenSize: 8, layers: 1, dropout: 0), seed: seed)
}

extension LanguageModel {
    mutating func set(_ tensor: String, to value: Float) {
        for i in parameters.spec(named: tensor)!.range { parameters.values[i] = value }
    }
}

/// Issue 18, points 1 and 6: non-finite numbers never reach the sampler, and what a model or vector
/// file says is checked against its checksum.
final class NumbersAndModelsTests: XCTestCase {
    private var folder: URL!
    override func setUpWithError() throws { folder = try temporaryFolder("numbers") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A tiny base, a model 0.01 away in every weight, and `tau.safetensors` between them (made by `antipode vector`).
    private func saveBaseAndVector(file: StaticString = #filePath, line: UInt = #line) throws {
        let base = try tinyModel(seed: 1)
        var tuned = base
        for i in tuned.parameters.values.indices { tuned.parameters.values[i] += 0.01 }
        try base.save(to: folder.appendingPathComponent("base"))
        try tuned.save(to: folder.appendingPathComponent("tuned"))
        let vector = try Antipode.run(["vector", path("base"), path("tuned"), "-o", path("tau.safetensors"), "--label", "t"])
        XCTAssertEqual(vector.status, 0, vector.stderr, file: file, line: line)
    }

    func testAHugeLambdaIsRefusedNamingTheTensorInsteadOfCrashingTheSampler() throws {
        try saveBaseAndVector()
        let edit = try Antipode.run(["edit", path("base"), "--vector", path("tau.safetensors") + ":1e39", "-o", path("edited")])
        XCTAssertEqual(edit.status, 1)
        XCTAssertTrue(oneLine(edit.stderr).contains("makes tensor 'embedding.weight' non-finite"), edit.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("edited")), "no model is written")
        // A λ that stays finite still edits.
        XCTAssertEqual(try Antipode.run(["edit", path("base"), "--vector", path("tau.safetensors") + ":-1", "-o", path("ok")]).status, 0)
    }

    /// The libraries word their errors in their own terms; the command line names the flags that set them.
    func testTheCommandLineNamesTheFlagsBehindALibrarysError() throws {
        try saveBaseAndVector()
        try tinyModel(seed: 2).save(to: folder.appendingPathComponent("other"))
        let tau = path("tau.safetensors") + ":-1"
        let cases: [([String], String)] = [
            (["--scale", "lstm.*"], "--scale 'lstm.*' needs PATTERN=FACTOR or PATTERN=xFACTOR, e.g. 'lstm.*_l2=x0.5'"),
            (["--scale", "gru.*=0.5"], "--scale pattern 'gru.*' matches no tensor (tensors: "),
            (["--method", "ties", "--drop", "0.5"], "--drop does not apply to method 'ties'; it takes --density"),
            (["--method", "ties", "--density", "1.5"], "--density must be in 0.0…1.0 for 'ties', got 1.5"),
        ]
        for (extra, message) in cases {
            let run = try Antipode.run(["edit", path("base"), "--vector", tau, "-o", path("edited")] + extra)
            XCTAssertEqual(run.status, 1, "\(extra)")
            XCTAssertTrue(oneLine(run.stderr).hasPrefix("antipode edit: " + message), run.stderr)
        }
        let wrongBase = try Antipode.run(["edit", path("other"), "--vector", tau, "-o", path("edited")])
        XCTAssertTrue(oneLine(wrongBase.stderr).hasSuffix("use the base it came from, or --force"), wrongBase.stderr)
        let grid = try Antipode.run(["sweep", path("base"), "--vector", path("tau.safetensors"), "--canonical-reference", path("tau.safetensors"),
                                     "--success", "MolLogP>1", "--grid", "0.1:1"])
        XCTAssertTrue(oneLine(grid.stderr).hasPrefix("antipode sweep: --grid '0.1:1' needs FROM:TO:STEP"), grid.stderr)
    }

    func testModelsWithNaNOrInfiniteWeightsAreRefusedOnLoadEvenWithAMatchingChecksum() throws {
        for (name, value) in [("inf", Float.infinity), ("nan", Float.nan)] {
            var model = try tinyModel()
            model.parameters.values[model.parameters.spec(named: "lstm.weight_hh_l0")!.offset + 5] = value
            try model.save(to: folder.appendingPathComponent(name))  // the checksum matches these weights
            XCTAssertThrowsError(try LanguageModel.load(from: folder.appendingPathComponent(name))) {
                XCTAssertTrue("\($0)".contains("non-finite weight (\(value)) in tensor 'lstm.weight_hh_l0' at element 5"), "\($0)")
            }
            let run = try Antipode.run(["sample", path(name), "-n", "20"])
            XCTAssertEqual(run.status, 1)
            XCTAssertTrue(oneLine(run.stderr).contains("lstm.weight_hh_l0"), run.stderr)
            XCTAssertTrue(run.stdout.isEmpty, "no sample with NLL nan is written")
        }
    }

    func testOverflowingLogitsStopTheSamplerWithAMessageNotAnOutOfRangeToken() throws {
        // Finite weights whose logits overflow: h > 0 everywhere (gates saturated), head weights near Float's max.
        var model = try tinyModel()
        for t in ["lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_hh_l0"] { model.set(t, to: 0) }
        model.set("lstm.bias_ih_l0", to: 10)
        model.set("head.weight", to: 3e38)
        model.set("head.bias", to: 3e38)
        try model.save(to: folder.appendingPathComponent("overflow"))
        let loaded = try LanguageModel.load(from: folder.appendingPathComponent("overflow"))
        let run = try Antipode.run(["sample", path("overflow"), "-n", "20"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(oneLine(run.stderr).contains("outputs became NaN or infinite"), run.stderr)
        XCTAssertThrowsError(try loaded.sample(SamplingOptions(count: 3, seed: 1))) {
            guard case ModelError.nonFiniteLogits = $0 else { return XCTFail("\($0)") }
        }
    }

    func testAChangedVocabularyInConfigJSONIsRefusedAndOldFoldersStillLoad() throws {
        let model = try tinyModel()
        let dir = folder.appendingPathComponent("m")
        try model.save(to: dir)
        let configURL = dir.appendingPathComponent("config.json")
        let original = try String(contentsOf: configURL, encoding: .utf8)
        XCTAssertTrue(original.contains("\"modelSHA256\""))
        // Swap C and N: the weights (and their checksum) are untouched, the molecules would change.
        let swapped = original.replacingOccurrences(of: "\"C\",", with: "\"TMP\",")
            .replacingOccurrences(of: "\"N\",", with: "\"C\",").replacingOccurrences(of: "\"TMP\",", with: "\"N\",")
        XCTAssertNotEqual(swapped, original)
        try swapped.write(to: configURL, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LanguageModel.load(from: dir)) {
            XCTAssertTrue("\($0)".contains("was changed after the model was saved"), "\($0)")
        }
        // A folder saved before the whole-model checksum existed has only the weights' one, and loads.
        let old = original.split(separator: "\n").filter { !$0.contains("modelSHA256") }.joined(separator: "\n")
        try old.write(to: configURL, atomically: true, encoding: .utf8)
        XCTAssertEqual(try LanguageModel.load(from: dir).parameters, model.parameters)
    }

    func testTheShippedModelRecordsAWholeModelChecksumThatHolds() throws {
        let dir = Antipode.root.appendingPathComponent("models/moses-base")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("config.json"))) as? [String: Any]
        XCTAssertNotNil(json?["modelSHA256"] as? String)
        XCTAssertEqual(try LanguageModel.load(from: dir).config.vocabulary.tokens.count, 40)
    }

    /// The shipped ChEMBL base: checksums hold, the paper's 6 × 256, and on held-out v33 molecules it scores what its
    /// card says (validation loss 0.632 nats per token over all 10,000; here the first 100).
    func testTheShippedChEMBLBaseIsThePapersArchitectureAndScoresV33AsItsCardSays() throws {
        let dir = Antipode.root.appendingPathComponent("models/chembl-base")
        let model = try LanguageModel.load(from: dir)
        XCTAssertEqual([model.config.layers, model.config.hiddenSize, model.config.embeddingSize], [6, 256, 256])
        XCTAssertEqual(model.config.vocabulary.tokens.count, 66)
        let held = String(decoding: try Gzip.decompress(file: Antipode.root.appendingPathComponent("molecules/chembl/v33-validation.smi.gz").path),
                          as: UTF8.self).split(separator: "\n").prefix(100).map { String($0.split(separator: "\t")[0]) }
        let ll = try model.logLikelihoods(held)
        let tokens = try held.map { try model.config.vocabulary.encode($0, tokenizer: model.tokenizer).count - 1 }
        let perToken = -ll.reduce(0, +) / Double(tokens.reduce(0, +))
        XCTAssertEqual(perToken, 0.632, accuracy: 0.06, "\(perToken)")
    }

    func testMissingKeysInConfigJSONAreSentencesNotSwiftDebugText() throws {
        let dir = folder.appendingPathComponent("m")
        try tinyModel().save(to: dir)
        let configURL = dir.appendingPathComponent("config.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as! [String: Any]
        let model = object["model"] as! [String: Any]
        var cases: [(String, [String: Any])] = []
        for key in object.keys where key != "modelSHA256" {
            var o = object; o.removeValue(forKey: key); o.removeValue(forKey: "modelSHA256"); cases.append((key, o))
        }
        for key in model.keys {
            var m = model; m.removeValue(forKey: key)
            var o = object; o["model"] = m; o.removeValue(forKey: "modelSHA256"); cases.append(("model." + key, o))
        }
        var o = object; var m = model; m["vocabulary"] = [String: Any](); o["model"] = m; o.removeValue(forKey: "modelSHA256")
        cases.append(("model.vocabulary.tokens", o))
        XCTAssertEqual(cases.count, 12, "format, version, model, weightsSHA256, metadata, the six model keys and the tokens")
        for (key, broken) in cases {
            try JSONSerialization.data(withJSONObject: broken).write(to: configURL)
            XCTAssertThrowsError(try LanguageModel.load(from: dir), key) {
                XCTAssertTrue("\($0)".hasSuffix("is not a valid model configuration: missing key '\(key)'"), "\($0)")
                XCTAssertFalse("\($0)".contains("CodingKeys"), "\($0)")
            }
        }
    }

    func testAFlippedBitInAVectorFileIsRefused() throws {
        let base = try tinyModel(seed: 1), tuned = try tinyModel(seed: 2)
        let vector = try TaskVector(base: base, finetuned: tuned, info: TaskVectorInfo(label: "t", baseChecksum: ""))
        let url = folder.appendingPathComponent("tau.safetensors")
        try vector.write(to: url)
        XCTAssertEqual(try TaskVector.read(url), vector)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 7] ^= 0x10  // a bit of the last tensor's data
        try bytes.write(to: url)
        XCTAssertThrowsError(try TaskVector.read(url)) {
            XCTAssertTrue("\($0)".contains("do not match its checksum"), "\($0)")
        }
    }

    func testResumingATrainingWithAnotherLearningRateIsRefused() throws {
        let corpus = ["CCO", "c1ccccc1N", "CC(=O)Cl", "CCN", "OCC"]
        var options = TrainingOptions()
        options.batchSize = 2; options.epochs = 1; options.quiet = true; options.checkpointEvery = 1
        _ = try Trainer.train(try tinyModel(), train: corpus, validation: [], options: options, checkpointFolder: folder)
        options.resume = true
        options.learningRate = 5e-4
        XCTAssertThrowsError(try Trainer.train(try tinyModel(), train: corpus, validation: [], options: options, checkpointFolder: folder)) {
            XCTAssertTrue("\($0)".contains("--lr 0.001 (the checkpoint's) vs 0.0005"), "\($0)")
        }
        options.learningRate = 1e-3
        options.epochs = 2  // running longer is allowed
        XCTAssertNoThrow(try Trainer.train(try tinyModel(), train: corpus, validation: [], options: options, checkpointFolder: folder))
    }
}
