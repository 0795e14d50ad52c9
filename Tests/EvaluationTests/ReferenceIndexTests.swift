import XCTest
@testable import Evaluation

final class ReferenceIndexTests: XCTestCase {
    func testMembershipAndMerging() {
        let a = ReferenceIndex(canonicalSmiles: ["CCO", "c1ccccc1", "CCO"], descriptorSample: ["TPSA": [20.2, 0]])
        XCTAssertEqual(a.count, 2)
        XCTAssertTrue(a.contains(canonicalSmiles: "CCO"))
        XCTAssertTrue(a.contains(canonicalSmiles: "c1ccccc1"))
        XCTAssertFalse(a.contains(canonicalSmiles: "OCC"), "look-ups are by canonical SMILES, exactly")
        let b = ReferenceIndex(canonicalSmiles: ["CCN", "CCO"], descriptorSample: ["TPSA": [26.0]])
        let both = ReferenceIndex(merging: [a, b])
        XCTAssertEqual(both.count, 3)
        XCTAssertTrue(both.contains(canonicalSmiles: "CCN"))
        XCTAssertEqual(both.descriptorSample["TPSA"], [20.2, 0, 26.0])
    }

    func testCacheFileRoundTripAndKeyCheck() throws {
        let source = ReferenceSource(path: "/x/train.csv", records: 4, invalid: 1, distinct: 3)
        let index = ReferenceIndex(canonicalSmiles: ["CCO", "CCN", "C"], descriptorSample: ["QED": [0.4, 0.5], "TPSA": [1, 2]], sources: [source])
        let key = ReferenceIndexFile.CacheKey(path: "/x/train.csv", size: 10, modified: 5, rdkit: "2022.09.3", sampleSize: 2)
        let data = try ReferenceIndexFile.encode(index, key: key)
        let back = try XCTUnwrap(ReferenceIndexFile.decode(data, expecting: key))
        XCTAssertEqual(back.hashes, index.hashes)
        XCTAssertEqual(back.descriptorSample, index.descriptorSample)
        XCTAssertEqual(back.sources, [source])
        let touched = ReferenceIndexFile.CacheKey(path: "/x/train.csv", size: 10, modified: 6, rdkit: "2022.09.3", sampleSize: 2)
        XCTAssertNil(ReferenceIndexFile.decode(data, expecting: touched), "a modified corpus invalidates the cache")
        XCTAssertNil(ReferenceIndexFile.decode(data.dropLast(), expecting: key), "a truncated cache is rejected")
    }

    func testReadsSmilesCsvAndGzip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-smiles-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let smi = dir.appendingPathComponent("d.smi")
        try "SMILES\nCCO name1\n\nc1ccccc1\tx\r\nC1CC\n\n".write(to: smi, atomically: true, encoding: .utf8)
        XCTAssertEqual(try SmilesInput.read(smi.path), ["CCO", "", "c1ccccc1", "C1CC", ""], "blank lines are empty designs")
        let csv = dir.appendingPathComponent("d.csv")
        try "id,smiles,score\n1,CCO,0.5\n2,\"CCN\",0.1\n3,,0\n".write(to: csv, atomically: true, encoding: .utf8)
        XCTAssertEqual(try SmilesInput.read(csv.path), ["CCO", "CCN", ""])
        let gz = dir.appendingPathComponent("d.csv.gz")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["sh", "-c", "gzip -c '\(csv.path)' > '\(gz.path)'"]
        try gzip.run(); gzip.waitUntilExit()
        XCTAssertEqual(try SmilesInput.read(gz.path), ["CCO", "CCN", ""])
        let noColumn = dir.appendingPathComponent("e.csv")
        try "id,name\n1,x\n".write(to: noColumn, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SmilesInput.read(noColumn.path)) {
            XCTAssertEqual("\($0)", "\(noColumn.path): no 'smiles' column in the CSV header (id, name)")
        }
        XCTAssertThrowsError(try SmilesInput.read(dir.appendingPathComponent("missing.smi").path)) {
            XCTAssertTrue("\($0)".hasSuffix("missing.smi: no such file"))
        }
    }
}
