import CommandLineTool
import Foundation
import XCTest
@testable import antipode

/// `train --config FILE`: the file's values by long name fill the options the command line left out.
final class TrainConfigTests: XCTestCase {
    func testConfigFileFillsWhatTheCommandLineLeftOut() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-train-config-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"layers": 3, "epochs": 7, "resume": true, "quiet": false, "vocabulary-extra": ["b.smi"], "output": "ignored", "nonsense": 1}"#.utf8)
            .write(to: file)
        var args = try ParsedArguments(["corpus.smi", "--epochs", "2", "--vocabulary-extra", "a.smi", "--config", file.path],
                                       declarations: TrainCommand.declarations)
        try args.supply(try TrainCommand.configValues(file.path), to: TrainCommand.configurable)
        XCTAssertEqual(args[TrainCommand.layers], 3)
        XCTAssertEqual(args[TrainCommand.epochs], 2, "the command line wins")
        XCTAssertEqual(args[TrainCommand.hidden], 256, "neither: the declared default")
        XCTAssertTrue(args[TrainCommand.resume])
        XCTAssertFalse(args[TrainCommand.quiet])
        XCTAssertEqual(args[TrainCommand.vocabularyExtra], ["a.smi", "b.smi"])
        XCTAssertNil(args[TrainCommand.output], "-o comes from the command line only")
    }

    func testABadConfigValueIsNamedByItsOption() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-train-config-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"epochs": "many"}"#.utf8).write(to: file)
        try assertFails(.antipode, ["train", "corpus.smi", "-o", "out", "--config", file.path],
                        with: "antipode train: --epochs expects an integer, got 'many'")
    }
}
