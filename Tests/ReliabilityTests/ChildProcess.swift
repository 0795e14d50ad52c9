import ChildProcessRunner
import Foundation
import Support
import XCTest

/// Runs the built `antipode` in a child process (`ChildProcess`): a crash or a hang there is a test failure
/// here, not the end of the test runner.
enum Antipode {
    typealias Result = ChildProcess.Result

    /// The package root.
    static let root = ChildProcess.packageRoot

    /// Runs `antipode args…`; standard output goes to `stdoutFile` when given (e.g. /dev/full).
    static func run(_ args: [String], stdin: Data? = nil, stdoutFile: String? = nil, timeout: Double = 60,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        guard let exe = ChildProcess.executable("antipode") else {
            XCTFail("the antipode executable is not built (swift build --build-tests builds it)", file: file, line: line)
            throw XCTSkip("no antipode executable")
        }
        var output: FileHandle?
        if let stdoutFile {
            guard let h = FileHandle(forWritingAtPath: stdoutFile) else { throw XCTSkip("cannot open \(stdoutFile)") }
            output = h
        }
        let result = try ChildProcess.run(exe, args, stdin: stdin, stdout: output, timeout: timeout)
        if result.timedOut {
            XCTFail("antipode \(args.joined(separator: " ")) ran longer than \(timeout) s (a hang)", file: file, line: line)
        }
        if result.crashed {
            XCTFail("antipode \(args.joined(separator: " ").prefix(200)) crashed with signal \(result.status)", file: file, line: line)
        }
        return result
    }
}

/// A fresh temporary folder per test.
func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The error line (`antipode COMMAND: …`), checking there is exactly one; progress lines and notes
/// on stderr are not errors.
func oneLine(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).filter { $0.hasPrefix("antipode ") }
    XCTAssertEqual(lines.count, 1, "expected a one-line error, got: \(text)", file: file, line: line)
    return lines.last.map(String.init) ?? ""
}

extension ChildProcess.Result {
    /// The CSV rows after the header (a quoted field may hold a line break), every row padded to 20 fields
    /// so a short row fails an assertion instead of trapping the runner.
    var csvRows: [[String]] {
        var records: [String] = [], open = false
        for line in lines {
            if open { records[records.count - 1] += "\n" + line } else { records.append(String(line)) }
            if line.filter({ $0 == "\"" }).count % 2 == 1 { open.toggle() }
        }
        return records.dropFirst().map { CSV.fields($0) + Array(repeating: "", count: 20) }
    }
}
