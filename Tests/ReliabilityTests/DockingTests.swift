import Foundation
import XCTest

/// Issue 17: `antipode dock` and the Vina objectives, with the real Open Babel and AutoDock Vina
/// (scripts/setup.sh installs both). One tiny ligand at exhaustiveness 1 keeps each docking to seconds.
final class DockingTests: XCTestCase {
    private var folder: URL!
    override func setUpWithError() throws { folder = try temporaryFolder("dock") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testDocksATinyLigandAndGivesReasonsForTheOthers() throws {
        // Ethanol docks; a sulfonamide-like [SH](=O)(O) group has no MMFF94 or UFF types; the last is no SMILES.
        try Data("CCO ethanol\nC[SH](=O)(O)N sulf\nC1CC bad\n".utf8).write(to: folder.appendingPathComponent("in.smi"))
        let run = try Antipode.run(["dock", path("in.smi"), "--target", "f2", "--exhaustiveness", "1", "--seed", "3",
                                    "-o", path("out.csv"), "--quiet"], timeout: 300)
        XCTAssertEqual(run.status, 0, run.stderr)
        let text = try String(contentsOfFile: path("out.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "input,name,canonical_smiles,target,score,protonated_smiles,forcefield,error")
        XCTAssertEqual(lines.count, 4, text)
        let ethanol = lines[1].components(separatedBy: ","), sulf = lines[2].components(separatedBy: ","), bad = lines[3].components(separatedBy: ",")
        XCTAssertEqual(ethanol[0], "CCO")
        XCTAssertEqual(ethanol[3], "F2")
        let score = try XCTUnwrap(Double(ethanol[4]), text)
        // Vina scores ethanol weakly (about −2.5 kcal/mol in F2's pocket); a parse of the wrong column would not be here.
        XCTAssertTrue((-4.5)...(-1.0) ~= score, "ethanol scored \(score)")
        XCTAssertEqual(ethanol[6], "MMFF94")
        XCTAssertEqual(ethanol[7], "")
        XCTAssertEqual(sulf[4], "")
        XCTAssertTrue(sulf[7].contains("no force-field parameters"), text)
        XCTAssertEqual(bad[4], "")
        XCTAssertTrue(bad[7].contains("SMILES"), text)

        // Shards: the second half alone equals the whole run's last rows (no Vina run: both fail before it),
        // and the first shard alone (ethanol again, same seed) reproduces its rows: docking is deterministic.
        let first = try Antipode.run(["dock", path("in.smi"), "--target", "F2", "--exhaustiveness", "1", "--seed", "3",
                                      "--shard", "1/2", "--quiet"], timeout: 300)
        let second = try Antipode.run(["dock", path("in.smi"), "--target", "F2", "--exhaustiveness", "1", "--seed", "3",
                                       "--shard", "2/2", "--quiet"], timeout: 300)
        XCTAssertEqual(first.output + second.output, text)
    }

    func testUnknownTargetsAndMissingTargetsAreOneLineErrors() throws {
        try Data("CCO\n".utf8).write(to: folder.appendingPathComponent("in.smi"))
        let unknown = try Antipode.run(["dock", path("in.smi"), "--target", "EGFR"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(oneLine(unknown.stderr).contains("unknown docking target 'EGFR'; targets: F2, NR3C1, PPARD"), unknown.stderr)
        let missing = try Antipode.run(["dock", path("in.smi")])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(oneLine(missing.stderr).contains("--target"), missing.stderr)
        let badExhaustiveness = try Antipode.run(["dock", path("in.smi"), "--target", "F2", "--exhaustiveness", "0"])
        XCTAssertTrue(oneLine(badExhaustiveness.stderr).contains("--exhaustiveness"), badExhaustiveness.stderr)
    }

    func testAVinaObjectiveDecidesSuccessInEvaluate() throws {
        // Ethanol docks (about −2.5), the [SH] molecule cannot be prepared (NaN: never a success).
        try Data("CCO\nC[SH](=O)(O)N\n".utf8).write(to: folder.appendingPathComponent("d.smi"))
        try Data("C\n".utf8).write(to: folder.appendingPathComponent("ref.smi"))
        let loose = try Antipode.run(["evaluate", path("d.smi"), "--canonical-reference", path("ref.smi"), "--success", "Vina(F2)<-1",
                                      "--exhaustiveness", "1", "--seed", "3", "--no-filters", "--quiet", "--json", path("m.json")], timeout: 300)
        XCTAssertEqual(loose.status, 0, loose.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("m.json"))) as? [String: Any])
        let values = try XCTUnwrap(json["values"] as? [[String: Any]])
        let successes = values.first { $0["name"] as? String == "successes" }?["value"] as? Double
        XCTAssertEqual(successes, 1, loose.output)
        XCTAssertTrue(loose.output.contains("Vina(F2)<-1"), loose.output)

        let unknown = try Antipode.run(["evaluate", path("d.smi"), "--canonical-reference", path("ref.smi"), "--success", "Vina(EGFR)<-1"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(oneLine(unknown.stderr).contains("Vina(F2)"), unknown.stderr)
    }
}
