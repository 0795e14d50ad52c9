import Foundation
import XCTest
@testable import Support

/// The one reader of molecule lists: line files, CSV, gzip, headers, names, blank lines, errors.
final class SequenceFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-sequences-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    private func write(_ text: String, _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func gzip(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-kf", path]
        try p.run()
        p.waitUntilExit()
        return path + ".gz"
    }

    func testLineFilesKeepEveryLineSplitNamesAndSkipAHeader() throws {
        let f = try SequenceFile.parse("SMILES\nCCO ethanol\n\nc1ccccc1\tbenzene ring\nC1CC\r\n", format: .lines)
        XCTAssertEqual(f.entries, [
            .init(text: "CCO", name: "ethanol"), .init(text: ""),
            .init(text: "c1ccccc1", name: "benzene ring"), .init(text: "C1CC"),
        ])
        XCTAssertEqual(f.texts(nonEmpty: true), ["CCO", "c1ccccc1", "C1CC"], "corpora drop blank lines")
        XCTAssertEqual(try SequenceFile.parse("CCO smiles\n", format: .lines).texts(), ["CCO"], "only a bare header word is a header")
        XCTAssertEqual(try SequenceFile.parse("SMILES ID\nCCO m1\n", format: .lines).entries, [.init(text: "CCO", name: "m1")], "a header with a name column")
        XCTAssertEqual(try SequenceFile.parse("sequence\nGIGKFLHSAKKFGKAFVGEIMNS\n", format: .lines).texts(), ["GIGKFLHSAKKFGKAFVGEIMNS"])
    }

    func testCSVFindsTheSmilesColumnInAnyCaseWithQuotesAndNames() throws {
        let f = try SequenceFile.parse("ID,Smiles,pIC50\nm1,\"CC,O\",5\nm2,CCN,6\nm3\n", format: .csv)
        XCTAssertEqual(f.entries, [.init(text: "CC,O", name: "m1"), .init(text: "CCN", name: "m2"), .init(text: "", name: "m3")])
        XCTAssertEqual(try SequenceFile.parse("mol,structure\nx,CC\n", format: .csv, column: "Structure").entries, [.init(text: "CC")])
        XCTAssertEqual(try SequenceFile.parse("sequence,label\nKLAK,1\n", format: .csv).texts(), ["KLAK"])
        XCTAssertThrowsError(try SequenceFile.parse("a,b\n1,2\n", format: .csv, source: "x.csv")) {
            XCTAssertEqual("\($0)", "x.csv: no 'smiles' column in the CSV header (a, b); a command that reads molecules names another with --smiles-column")
        }
    }

    func testANamedNameColumn() throws {
        let csv = Data("ID,Smiles,Compound\nm1,CCO,ethanol\nm2,CCN,ethylamine\n".utf8)
        XCTAssertEqual(try SequenceFile.parse(csv, format: .csv).entries.map(\.name), ["m1", "m2"], "id by default")
        XCTAssertEqual(try SequenceFile.parse(csv, format: .csv, nameColumn: "compound").entries.map(\.name), ["ethanol", "ethylamine"])
        XCTAssertThrowsError(try SequenceFile.parse(csv, format: .csv, nameColumn: "label", source: "x.csv")) {
            XCTAssertEqual("\($0)", "x.csv: no 'label' column in the CSV header (id, smiles, compound) for --name-column")
        }
        XCTAssertThrowsError(try SequenceFile.parse(Data("CCO a\n".utf8), format: .lines, nameColumn: "name", source: "x.smi"))
    }

    func testFilesByExtensionAndGzipLikeMOSES() throws {
        XCTAssertEqual(try SequenceFile.texts(try write("SMILES\nCCO name1\n\nc1ccccc1\tx\r\nC1CC\n\n", "d.smi")),
                       ["CCO", "", "c1ccccc1", "C1CC", ""], "blank lines are empty designs")
        let csv = try write("SMILES,SPLIT\nCCO,train\n\"CN\",train\n,train\n", "m.csv")
        XCTAssertEqual(try SequenceFile.texts(csv), ["CCO", "CN", ""])
        XCTAssertEqual(try SequenceFile.texts(try gzip(csv)), ["CCO", "CN", ""])
        XCTAssertEqual(try SequenceFile.texts(try gzip(try write("CCO\nCCN\n", "p.smiles"))), ["CCO", "CCN"])
    }

    func testProblemsAreOneLineNamingTheFile() throws {
        let missing = folder.appendingPathComponent("missing.smi").path
        XCTAssertThrowsError(try SequenceFile.read(missing)) { XCTAssertEqual("\($0)", "\(missing): no such file") }
        XCTAssertThrowsError(try SequenceFile.read(folder.path)) { XCTAssertTrue("\($0)".hasSuffix("a folder, not a file of molecules")) }
        let notGzip = try write("CCO\n", "fake.smi.gz")
        XCTAssertThrowsError(try SequenceFile.read(notGzip)) { XCTAssertTrue("\($0)".hasPrefix("cannot decompress \(notGzip)"), "\($0)") }
        let binary = folder.appendingPathComponent("bad.smi")
        try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: binary)
        // Bytes that are not UTF-8 no longer reject the file: the line is an entry that says why.
        XCTAssertEqual(try SequenceFile.read(binary.path).entries.map(\.problem),
                       ["line 1 is not UTF-8 (byte 0xFF at column 1)"])
    }

    func testCSVQuotingRoundTrips() {
        for s in ["plain", "a,b", "say \"hi\"", " padded ", "line\nbreak", ""] {
            XCTAssertEqual(CSV.fields(CSV.quote(s) + ",next"), [s, "next"], s)
        }
        XCTAssertEqual(CSV.fields("\"c:1:c\"     ,\"<regId=x>\""), ["c:1:c", "<regId=x>"])
    }
}

final class GzipTests: XCTestCase {
    /// What Gzip writes, SequenceFile (and any gzip) reads back; equal text gives an equal file.
    func testWrittenFilesReadBackAndAreReproducible() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "CCO\n\nc1ccccc1\nnot a molecule\n"
        let a = dir.appendingPathComponent("a.smi.gz"), b = dir.appendingPathComponent("b.smi.gz")
        try Gzip.write(text, to: a)
        try Gzip.write(text, to: b)
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
        XCTAssertEqual(try Data(contentsOf: a).prefix(2), Data([0x1F, 0x8B]))
        XCTAssertEqual(String(decoding: try Gzip.decompress(file: a.path), as: UTF8.self), text)
        XCTAssertEqual(try SequenceFile.texts(a.path), ["CCO", "", "c1ccccc1", "not"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["a.smi.gz", "b.smi.gz"], "no temporary file left")
    }
}
