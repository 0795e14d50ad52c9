import ChildProcessRunner
import Foundation
import XCTest

/// The built `antipode` or `antipode-bench`, run in a child process; a crash or a hang fails the test.
enum Tool: String {
    case antipode
    case bench = "antipode-bench"

    func run(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> ChildProcess.Result {
        guard let exe = ChildProcess.executable(rawValue) else {
            XCTFail("\(rawValue) is not built (swift build --build-tests builds it)", file: file, line: line)
            throw XCTSkip("no \(rawValue) executable")
        }
        // In a folder of its own: a command that wrongly got past its argument errors writes nothing in the clone.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try ChildProcess.run(exe, args, in: folder, timeout: 60)
        XCTAssertFalse(result.timedOut, "\(rawValue) \(args.joined(separator: " ")) hung", file: file, line: line)
        XCTAssertFalse(result.crashed, "\(rawValue) \(args.joined(separator: " ")) crashed (signal \(result.status))", file: file, line: line)
        return result
    }
}

extension ChildProcess.Result {
    /// Standard error's lines, without the empty one after the last line break.
    var errorLines: [Substring] { stderr.split(separator: "\n") }
}

/// Asserts that `args` fail with status 1 and exactly one line on standard error, `expected`, and nothing on
/// standard output.
func assertFails(_ tool: Tool, _ args: [String], with expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let result = try tool.run(args, file: file, line: line)
    let call = "\(tool.rawValue) \(args.joined(separator: " "))"
    XCTAssertEqual(result.status, 1, "\(call): \(result.stderr)", file: file, line: line)
    XCTAssertEqual(result.errorLines, [Substring(expected)], call, file: file, line: line)
    XCTAssertEqual(result.output, "", call, file: file, line: line)
}
