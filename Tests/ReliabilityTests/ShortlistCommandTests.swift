import Foundation
import XCTest
import Campaign
@testable import Chem

/// `antipode shortlist` on a campaign (its config or its output folder) and on plain files: the campaign's
/// successful designs of one arm, compared with its fine-tuning sets, written as SDF, CSV or SMILES.
final class ShortlistCommandTests: XCTestCase {
    private var folder: URL!
    override func setUpWithError() throws { folder = try temporaryFolder("shortlist") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    /// A finished campaign's files as `campaign run` leaves them: config, designs.csv, the canonical data sets.
    private func makeCampaign() throws -> (config: String, output: String) {
        let negatives = folder.appendingPathComponent("neg.smi").path
        try "CC(=O)Nc1ccccc1\nOc1ccccc1\n".write(toFile: negatives, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out").path, work = folder.appendingPathComponent("work").path
        let json = """
            {"name": "t", "output": "\(output)", "work": "\(work)", "base_model": "\(Antipode.root.path)/models/moses-base",
             "canonical_reference": ["\(negatives)"],
             "objectives": [{"label": "low", "negatives": "\(negatives)", "success": ["MolLogP>1"]}]}
            """
        let config = folder.appendingPathComponent("t.json").path
        try json.write(toFile: config, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: work + "/data", withIntermediateDirectories: true)
        try "CC(=O)Nc1ccccc1\n".write(toFile: work + "/data/neg-low-train.smi", atomically: true, encoding: .utf8)
        try "Oc1ccccc1\n".write(toFile: work + "/data/neg-low-val.smi", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        // Flags as true/false (designs.csv since issue 19) and as 1/0 (campaigns written before): both are read.
        let rows = [("negation", "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "true", 31.5), ("negation", "COc1ccc(NC(C)=O)cc1", "1", 22.25),
                    ("negation", "CCO", "false", 10.0), ("negation", "C1CC", "0", 40.0), ("base", "c1ccc2ccccc2c1", "true", 15.0)]
        var csv = "arm,lambda,smiles,canonical_smiles,valid,unique,novel,success,nll\n"
        for (arm, smiles, success, nll) in rows { csv += "\(arm),0.5,\(smiles),,1,1,1,\(success),\(nll)\n" }
        try csv.write(toFile: output + "/designs.csv", atomically: true, encoding: .utf8)
        let store = try CampaignStore(path: output + "/campaign.sqlite")
        try store.saveConfig(json)
        return (config, output)
    }

    func testAShortlistOfACampaignsSuccessfulDesignsAsSDF() throws {
        let (config, output) = try makeCampaign()
        let sdf = folder.appendingPathComponent("top.sdf").path
        let run = try Antipode.run(["shortlist", config, "--rank", "nll", "-o", sdf])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("4 designs of arm 'negation' of campaign t, 2 successful"), run.stderr)
        let records = try SDFile.read(sdf)
        XCTAssertEqual(records.map(\.title), ["rank 1", "rank 2"])
        let tags = records.map { Dictionary(uniqueKeysWithValues: $0.tags.map { ($0.name, $0.value) }) }
        XCTAssertEqual(tags.map { $0["smiles"] }, ["COc1ccc(NC(C)=O)cc1", "CC(C)Cc1ccc(C(C)C(=O)O)cc1"], "lowest NLL first")
        XCTAssertEqual(tags.map { $0["nll"] }, ["22.25", "31.5"])
        XCTAssertEqual(tags[0]["ranked_by"], "NLL under the model, lowest first (most likely)")
        // Python: BulkTanimotoSimilarity against the negatives (train + validation), Morgan 2, 2048 bits.
        XCTAssertEqual(tags[0]["nearest_neg-low_smiles"], "CC(=O)Nc1ccccc1")
        XCTAssertEqual(tags[0]["nearest_neg-low_tanimoto"], "0.556")
        XCTAssertEqual(tags[0]["pains"], "false")
        XCTAssertEqual(tags[0]["scaffold"], "c1ccccc1")
        XCTAssertEqual(try Molecule(molBlock: records[0].block).canonicalSmiles, "COc1ccc(NC(C)=O)cc1")

        // The output folder works too, and another arm by name; an unknown arm names the arms there are.
        let base = try Antipode.run(["shortlist", output, "--arm", "base", "-o", "-", "--quiet"])
        XCTAssertEqual(base.status, 0, base.stderr)
        XCTAssertEqual(base.csvRows.map { $0[1] }, ["c1ccc2ccccc2c1"])
        let unknown = try Antipode.run(["shortlist", config, "--arm", "positives"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(oneLine(unknown.stderr), "antipode shortlist: no arm 'positives' in campaign t; its arms: negation, base")
    }

    func testPlainDesignFilesAndClearErrors() throws {
        let designs = folder.appendingPathComponent("d.smi").path
        try "CCO\nc1ccccc1O\nC1CC\n".write(toFile: designs, atomically: true, encoding: .utf8)
        let smi = folder.appendingPathComponent("top.smi").path
        let run = try Antipode.run(["shortlist", designs, "-o", smi, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try String(contentsOfFile: smi, encoding: .utf8), "Oc1ccccc1\trank-1\nCCO\trank-2\n")
        // SMILES<TAB>NLL as `sample` writes it ranks by NLL; integer names are ids, not NLLs.
        let sampled = folder.appendingPathComponent("sampled.smi").path
        try "CCO\t25.5000\nc1ccccc1O\t12.2500\n".write(toFile: sampled, atomically: true, encoding: .utf8)
        let byNLL = try Antipode.run(["shortlist", sampled, "--rank", "nll", "--quiet"])
        XCTAssertEqual(byNLL.csvRows.map { $0[1] }, ["Oc1ccccc1", "CCO"])
        XCTAssertEqual(byNLL.csvRows.map { $0[4] }, ["12.25", "25.5"])
        let ids = folder.appendingPathComponent("ids.smi").path
        try "CCO 1\nc1ccccc1O 2\n".write(toFile: ids, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Antipode.run(["shortlist", ids, "--rank", "nll"]).status, 1, "ids are not NLLs")
        let noNLL = try Antipode.run(["shortlist", designs, "--rank", "nll"])
        XCTAssertEqual(noNLL.status, 1)
        XCTAssertTrue(oneLine(noNLL.stderr).contains("gives no NLL for its designs"), noNLL.stderr)
        let badSMARTS = try Antipode.run(["shortlist", designs, "--substructure", "C(("])
        XCTAssertEqual(oneLine(badSMARTS.stderr), "antipode shortlist: --substructure 'C((': RDKit cannot read it as SMARTS")
        let badOutput = try Antipode.run(["shortlist", designs, "-o", "top.xlsx"])
        XCTAssertEqual(oneLine(badOutput.stderr), "antipode shortlist: -o top.xlsx: write .sdf, .csv or .smi (the extension picks the format)")
    }
}
