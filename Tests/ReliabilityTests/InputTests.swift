import Foundation
import XCTest
@testable import Chem
import Support

/// Issue 18, points 2 and 3: giant molecules are rejected with a reason before RDKit sees them, and a
/// bad line is a row with its reason — never a crash, a hang or a lost file.
final class InputTests: XCTestCase {
    private var folder: URL!
    override func setUpWithError() throws { folder = try temporaryFolder("inputs") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    private func write(_ data: Data, _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// The inputs that crashed (stack overflow in ring finding) or stalled (minutes, gigabytes) RDKit.
    private var giants: [String] {
        ["C1" + String(repeating: "C", count: 99_998) + "C1",                      // segfaulted
         String(repeating: "C", count: 10_000),                                    // minutes
         "C1" + String(repeating: "C", count: 10_000) + "C1",                      // > 60 s, 3.6 GB
         String(repeating: "C(", count: 3_000) + "C" + String(repeating: ")", count: 3_000)]  // > 120 s
    }

    func testGiantMoleculesAreRowsWithAReasonAndTheRestIsScored() throws {
        let input = try write(Data((giants + ["CCO ethanol"]).joined(separator: "\n").utf8 + [0x0A]), "giants.smi")
        let run = try Antipode.run(["score", input, "--quiet"], timeout: 60)
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = run.csvRows
        XCTAssertEqual(rows.count, 5, "one row per input line")
        for row in rows.prefix(4) {
            XCTAssertEqual(row[3], "false")
            XCTAssertTrue(row[4].hasPrefix("too large: "), row[4])
        }
        XCTAssertTrue(rows[0][4].contains("100002 characters, more than the limit of 5000 (--max-smiles-length)"), rows[0][4])
        XCTAssertEqual(rows[4][2], "CCO")
        XCTAssertLessThan(run.seconds, 30, "rejected before RDKit, so in moments")
    }

    func testTheLimitsAreOptionsAndCountAtomsNotCharacters() throws {
        XCTAssertEqual(MoleculeLimits.atomCount("c1ccccc1Cl[nH+]Br[C@@H](O)N*".utf8), 13)
        let limits = MoleculeLimits(maxCharacters: 100, maxAtoms: 3)
        XCTAssertNil(limits.violation("CCO"))
        XCTAssertNil(limits.violation("CCO " + String(repeating: "C", count: 50)), "a name after the SMILES is not atoms")
        XCTAssertEqual(limits.violation("CCCC"), "4 atoms, more than the limit of 3 (--max-atoms)")
        XCTAssertThrowsError(try Molecule(smiles: "CCCC", limits: limits)) {
            XCTAssertEqual($0 as? ChemError, .tooLarge("4 atoms, more than the limit of 3 (--max-atoms)"))
        }
        let input = try write(Data("CCCC\nCCC\n".utf8), "small.smi")
        let run = try Antipode.run(["score", input, "--quiet", "--max-atoms", "3"])
        XCTAssertEqual(run.csvRows.map { $0[3] }, ["false", "true"])
    }

    func testEvaluateCountsGiantsAsInvalidDesigns() throws {
        let designs = try write(Data((giants + ["CCO", "c1ccccc1"]).joined(separator: "\n").utf8), "designs.smi")
        let reference = try write(Data("CCN\n".utf8), "reference.smi")
        let run = try Antipode.run(["evaluate", designs, "--canonical-reference", reference, "--no-filters", "--quiet"], timeout: 60)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.output.contains("Validity"), run.output)
        XCTAssertTrue(run.output.range(of: #"Valid\s+2\b"#, options: .regularExpression) != nil, run.output)
    }

    func testALineThatIsNotUTF8IsARowWithItsLineNumber() throws {
        var bytes = Data("CCO\n".utf8)
        bytes += [0xFF, 0xFE, 0x43, 0x0A]           // not UTF-8
        bytes += Data("c1ccccc1 ".utf8) + [0xC3, 0x0A]  // a cut multi-byte character in the name
        bytes += Data("C".utf8) + [0x00] + Data("CO\n".utf8)  // NUL
        bytes += Data("=HYPERLINK(\"http://x\")\n@SUM(1)\n+1\n-2\n".utf8)
        let input = try write(bytes, "bad.smi")
        let run = try Antipode.run(["score", input, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = run.csvRows
        XCTAssertEqual(rows.count, 8, "one row per input line")
        XCTAssertEqual(rows.map { $0[3] }, ["true", "false", "false", "false", "false", "false", "false", "false"])
        XCTAssertEqual(rows[1][4], "not text: line 2 is not UTF-8 (byte 0xFF at column 1)")
        XCTAssertEqual(rows[2][4], "not text: line 3 is not UTF-8 (byte 0xC3 at column 10)")
        XCTAssertEqual(rows[3][4], "unparsable SMILES: NUL byte in SMILES")
        XCTAssertFalse(run.stdout.contains(0), "no NUL byte is copied into the CSV")
        XCTAssertEqual(rows[4][0], "=HYPERLINK(\"http://x\")", "the reader gives back what was read")
        // Every field a spreadsheet would run as a formula is written quoted, with a ' in front.
        for raw in run.lines.dropFirst(5) { XCTAssertTrue(raw.hasPrefix("\"'"), String(raw)) }
    }

    func testAQuotedLineBreakInACSVInputIsOneRecord() throws {
        let f = try SequenceFile.parse("name,smiles\n\"two\nlines\",CCO\nb,CCN\n", format: .csv)
        XCTAssertEqual(f.entries, [.init(text: "CCO", name: "two\nlines"), .init(text: "CCN", name: "b")])
        let input = try write(Data("name,smiles\n\"two\nlines\",CCO\nb,CCN\n".utf8), "names.csv")
        let run = try Antipode.run(["score", input, "--quiet"])
        XCTAssertEqual(run.csvRows.map { $0[1] }, ["two\nlines", "b"], run.output)
        XCTAssertEqual(run.csvRows.map { $0[2] }, ["CCO", "CCN"], run.output)
    }

    func testFormulaGuardedFieldsRoundTrip() {
        for s in ["=1+2", "+1", "-2", "@SUM(A1)", "\tx", "'quoted", "''", "plain", "C(=O)O", "-"] {
            XCTAssertEqual(CSV.fields(CSV.quote(s) + ",next"), [s, "next"], s)
        }
        XCTAssertEqual(CSV.quote("=1+2"), "\"'=1+2\"")
        XCTAssertEqual(CSV.quote("a\u{0}b"), "a\u{FFFD}b")
    }
}

extension InputTests {
    /// Found by scripts/fuzz.sh: a quote or comma followed by a combining mark is one Swift Character,
    /// and was written unquoted, so other CSV readers saw extra fields and rows.
    func testQuotesAndCommasBeforeCombiningMarksAreStillQuoted() {
        for s in ["\"\u{301}x", "a,\u{301}b", "\u{301}\"", "=\u{301}1", "x\r\u{301}"] {
            let quoted = CSV.quote(s)
            XCTAssertEqual(quoted.unicodeScalars.first, "\"", quoted.debugDescription)
            XCTAssertEqual(CSV.fields(quoted + ",next"), [s, "next"], s.debugDescription)
        }
    }
}
