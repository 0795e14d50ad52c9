import Foundation
import XCTest
@testable import Tokens

final class CorpusTests: XCTestCase {
    func write(_ text: String, _ name: String) throws -> URL {
        let url = temporaryFolder().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testSmiFilesTakeTheFirstFieldAndSkipAHeader() throws {
        XCTAssertEqual(try Corpus.read(try write("SMILES\nCCO name1\n\nc1ccccc1\tx\n", "a.smi")), ["CCO", "c1ccccc1"])
    }

    func testCSVUsesTheSmilesColumn() throws {
        XCTAssertEqual(try Corpus.read(try write("id,SMILES,label\n1,CCO,0\n2,CCN,1\n", "a.csv")), ["CCO", "CCN"])
    }

    func testGzipFilesAreDecompressed() throws {
        let url = try write("SMILES,SPLIT\nCCO,train\nCN,train\n", "m.csv")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-f", url.path]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(try Corpus.read(url.appendingPathExtension("gz")), ["CCO", "CN"])
    }

    func testMissingFileIsAnErrorNamingIt() {
        XCTAssertThrowsError(try Corpus.read(URL(fileURLWithPath: "/nonexistent/x.smi"))) {
            XCTAssertTrue("\($0)".contains("/nonexistent/x.smi"))
        }
    }
}
