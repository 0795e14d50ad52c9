import Foundation
import XCTest
@testable import Support

final class DataSetFilesTests: XCTestCase {
    /// A folder's train and validation files are found by stem and extension (in that order of preference);
    /// a single file is the training file; a folder without a train file is named as such.
    func testFoldersAndFilesAreLocatedAndRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-dataset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "CCO\n\nc1ccccc1\n".write(to: dir.appendingPathComponent("train.smi"), atomically: true, encoding: .utf8)
        try "NOPE\n".write(to: dir.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        try "smiles,name\nCCN,a\n".write(to: dir.appendingPathComponent("valid.csv"), atomically: true, encoding: .utf8)
        let files = try DataSetFiles(locating: dir.path)
        XCTAssertTrue(files.isFolder)
        XCTAssertEqual(URL(fileURLWithPath: files.train).lastPathComponent, "train.smi", ".smi before .csv")
        XCTAssertEqual(files.validation.map { URL(fileURLWithPath: $0).lastPathComponent }, "valid.csv")
        let texts = try files.texts(nonEmpty: true)
        XCTAssertEqual(texts.train, ["CCO", "c1ccccc1"])
        XCTAssertEqual(texts.validation, ["CCN"])
        XCTAssertEqual(try files.texts().train, ["CCO", "", "c1ccccc1"], "empty lines kept unless asked")

        let single = try DataSetFiles(locating: dir.appendingPathComponent("train.csv").path)
        XCTAssertFalse(single.isFolder)
        XCTAssertNil(single.validation)

        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        XCTAssertThrowsError(try DataSetFiles(locating: empty.path)) { XCTAssertTrue("\($0)".hasPrefix("data folder \(empty.path) has no train.smiles"), "\($0)") }
        XCTAssertThrowsError(try DataSetFiles(locating: dir.appendingPathComponent("gone").path)) { XCTAssertTrue("\($0)".hasPrefix("no such data set: "), "\($0)") }
    }
}
