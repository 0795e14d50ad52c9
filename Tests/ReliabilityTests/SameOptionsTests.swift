import Foundation
import XCTest
import Model
import Tokens

/// Issue 19: the commands that read molecules take the same options, and a CSV without a SMILES column says
/// how to name one.
final class SameOptionsTests: XCTestCase {
    private var folder: URL!
    override func setUpWithError() throws { folder = try temporaryFolder("options") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    func testEvaluateAndLikelihoodTakeASmilesColumn() throws {
        let designs = folder.appendingPathComponent("designs.csv").path
        try "id,structure\nm1,CCO\nm2,c1ccccc1O\nm3,C1CC\n".write(toFile: designs, atomically: true, encoding: .utf8)
        let reference = folder.appendingPathComponent("ref.smi").path
        try "CCO\n".write(toFile: reference, atomically: true, encoding: .utf8)

        let refused = try Antipode.run(["evaluate", designs, "--canonical-reference", reference, "--no-filters", "--quiet"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(oneLine(refused.stderr), "antipode evaluate: \(designs): no 'smiles' column in the CSV header (id, structure); a command that reads molecules names another with --smiles-column")
        let json = folder.appendingPathComponent("m.json").path
        let run = try Antipode.run(["evaluate", designs, "--smiles-column", "structure", "--canonical-reference", reference, "--no-filters",
                                    "--json", json, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let values = (metrics?["values"] as? [[String: Any]]) ?? []
        let validity = values.first { $0["name"] as? String == "validity" }?["value"] as? Double
        XCTAssertEqual(try XCTUnwrap(validity), 2.0 / 3.0, accuracy: 1e-12, "3 designs from the named column, one invalid")
        XCTAssertTrue(run.output.hasPrefix("References (1 distinct molecules): \(reference) (as written)\n"), run.output)

        // Per-design flags: the ones the success rate counts (valid, first occurrence, novel, meets the rule).
        let flagsDesigns = folder.appendingPathComponent("flags.smi").path
        try "CCO\nOc1ccccc1\nc1ccccc1O\nC1CC\nCCCCCC\n".write(toFile: flagsDesigns, atomically: true, encoding: .utf8)
        let flags = folder.appendingPathComponent("flags.csv").path
        let perDesign = try Antipode.run(["evaluate", flagsDesigns, "--canonical-reference", reference, "--no-filters", "--success", "MolLogP>1.5",
                                          "--per-design", flags, "--quiet"])
        XCTAssertEqual(perDesign.status, 0, perDesign.stderr)
        // RDKit Crippen: ethanol −0.0014 (and in the reference), phenol 1.39, hexane 2.34. Phenol's second design is
        // neither unique nor novel: novel counts what novelty counts (issue 16; it was `true` before).
        XCTAssertEqual(try String(contentsOfFile: flags, encoding: .utf8), """
            design,canonical_smiles,valid,unique,novel,success
            CCO,CCO,true,true,false,false
            Oc1ccccc1,Oc1ccccc1,true,true,true,false
            c1ccccc1O,Oc1ccccc1,true,false,false,false
            C1CC,,false,false,false,false
            CCCCCC,CCCCCC,true,true,true,true

            """)
        XCTAssertTrue(perDesign.output.contains("0.200"), "success rate 1/5 in the table: \(perDesign.output)")

        // train too: a new model from the named column (1 epoch, a tiny network).
        let corpus = folder.appendingPathComponent("corpus.csv").path
        try "id,structure\n1,CCO\n2,CCN\n3,c1ccccc1\n4,CC(=O)O\n5,CCCl\n6,OCCO\n".write(toFile: corpus, atomically: true, encoding: .utf8)
        let model = folder.appendingPathComponent("trained").path
        let train = try Antipode.run(["train", corpus, "--smiles-column", "structure", "--layers", "1", "--hidden", "8", "--embedding", "8",
                                      "--epochs", "1", "--batch", "2", "--val-fraction", "0.3", "-o", model])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: model + "/weights.safetensors"))

        let likelihood = try Antipode.run(["likelihood", try tinyModel(in: folder), designs, "--smiles-column", "structure", "--skip-unknown"])
        XCTAssertEqual(likelihood.status, 0, likelihood.stderr)
        XCTAssertEqual(likelihood.lines.dropFirst().map { String($0.split(separator: ",")[0]) }, ["CCO", "c1ccccc1O", "C1CC"])
        // A token outside the vocabulary: without --skip-unknown, one line names the file, the molecule and the option.
        let unknown = folder.appendingPathComponent("unknown.smi").path
        try "CCO\nCCBr\n".write(toFile: unknown, atomically: true, encoding: .utf8)
        let strict = try Antipode.run(["likelihood", try tinyModel(in: folder), unknown])
        XCTAssertNotEqual(strict.status, 0)
        XCTAssertTrue(strict.stderr.contains("\(unknown): token 'Br' in 'CCBr' is not in the model's vocabulary (--skip-unknown leaves such molecules' nll empty)"), strict.stderr)
        XCTAssertEqual(strict.stderr.split(separator: "\n").count, 1, strict.stderr)
    }
}

/// A small model saved in `folder` (the shipped one takes seconds to load and check in a debug build).
func tinyModel(in folder: URL) throws -> String {
    let vocabulary = try Vocabulary.build(from: ["CCO", "c1ccccc1O", "CCN", "C1CCC1", "CC(=O)O"], tokenizer: SMILESTokenizer())
    let url = folder.appendingPathComponent("tiny-model")
    try LanguageModel(config: ModelConfig(vocabulary: vocabulary, embeddingSize: 8, hiddenSize: 16, layers: 1, dropout: 0), seed: 2).save(to: url)
    return url.path
}
