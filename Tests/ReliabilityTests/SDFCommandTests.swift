import Foundation
import XCTest
@testable import Chem

/// `score` and `sample` write SD files when the output ends in `.sdf`, and `score` reads them: one record per
/// input line or sample, invalid ones included, in order.
final class SDFCommandTests: XCTestCase {
    private var folder: URL!
    override func setUpWithError() throws { folder = try temporaryFolder("sdf") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    func testScoreWritesAnSDFileAndReadsItBack() throws {
        let input = folder.appendingPathComponent("in.smi").path
        try "CCO ethanol\nC1CC broken\nc1ccccc1O phenol\n".write(toFile: input, atomically: true, encoding: .utf8)
        let sdf = folder.appendingPathComponent("out.sdf").path
        let written = try Antipode.run(["score", input, "-o", sdf, "--quiet"])
        XCTAssertEqual(written.status, 0, written.stderr)
        let records = try SDFile.read(sdf)
        XCTAssertEqual(records.map(\.title), ["ethanol", "broken", "phenol"], "one record per line, invalid ones kept")
        let tags = Dictionary(uniqueKeysWithValues: records[2].tags.map { ($0.name, $0.value) })
        XCTAssertEqual(tags["canonical_smiles"], "Oc1ccccc1")
        XCTAssertEqual(tags["valid"], "true")
        XCTAssertEqual(tags["pains"], "false")
        XCTAssertEqual(Double(tags["TPSA"] ?? ""), 20.23)
        XCTAssertEqual(records[1].tags.first { $0.name == "valid" }?.value, "false")
        XCTAssertEqual(try Molecule(molBlock: records[2].block).canonicalSmiles, "Oc1ccccc1")
        XCTAssertTrue(records[2].block.contains("2D"), "2D coordinates")

        // Read back: the same molecules and names, the empty record named as such.
        let again = try Antipode.run(["score", sdf, "--quiet"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let rows = again.csvRows
        XCTAssertEqual(rows.map { $0[1] }, ["ethanol", "broken", "phenol"])
        XCTAssertEqual(rows.map { $0[2] }, ["CCO", "", "Oc1ccccc1"])
        XCTAssertEqual(rows[1][4], "unparsable SMILES: SD record at line 66 has no atoms")
    }

    func testScoreNamesABrokenSDRecordAndKeepsTheOthers() throws {
        let good = try XCTUnwrap(SDFile.record(smiles: "CCN", title: "ethylamine", tags: []))
        let sdf = folder.appendingPathComponent("mixed.sdf").path
        try ("garbage\n\nM  END\n$$$$\n" + good).write(toFile: sdf, atomically: true, encoding: .utf8)
        let run = try Antipode.run(["score", sdf, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.csvRows.map { $0[3] }, ["false", "true"])
        XCTAssertTrue(run.csvRows[0][4].hasPrefix("unparsable SMILES: SD record at line 1: "), run.csvRows[0][4])
        // A file that is not SD at all is one clear error, not rows of nothing.
        let notSDF = folder.appendingPathComponent("smiles.sdf").path
        try "CCO\nCCN\n".write(toFile: notSDF, atomically: true, encoding: .utf8)
        let refused = try Antipode.run(["score", notSDF])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("no record ends with 'M  END', so this is not an SD file"), refused.stderr)
    }

    func testSampleWritesOneRecordPerSampleWithItsNLL() throws {
        let sdf = folder.appendingPathComponent("samples.sdf").path
        let run = try Antipode.run(["sample", try tinyModel(in: folder), "-n", "20", "--seed", "4", "--max-length", "3", "-o", sdf])
        XCTAssertEqual(run.status, 0, run.stderr)
        let records = try SDFile.read(sdf)
        XCTAssertEqual(records.map(\.title), (1...20).map { "sample \($0)" })
        let validCount = records.filter { $0.tags.contains(SDFile.Tag("valid", "true")) }.count
        XCTAssertGreaterThan(validCount, 0, "the seed draws valid and invalid samples, so both paths run")
        XCTAssertLessThan(validCount, 20)
        for record in records {
            let tags = Dictionary(uniqueKeysWithValues: record.tags.map { ($0.name, $0.value) })
            let smiles = try XCTUnwrap(tags["smiles"])
            XCTAssertGreaterThan(Double(tags["nll"] ?? "") ?? 0, 0)
            let valid = (try? Molecule(smiles: smiles)) != nil
            XCTAssertEqual(tags["valid"], valid ? "true" : "false")
            XCTAssertEqual(try? Molecule(molBlock: record.block).canonicalSmiles, valid ? try Molecule(smiles: smiles).canonicalSmiles : "")
        }
    }
}
