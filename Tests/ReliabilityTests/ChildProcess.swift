import Foundation
import XCTest
import Support

/// Runs the built `antipode` executable in a child process: a crash there is a signal here, reported as a
/// test failure, not the end of the test runner.
struct Antipode {
    struct Result {
        let status: Int32
        /// True when the child died of a signal (a crash: segfault, abort, stack overflow).
        let crashed: Bool
        let stdout: Data
        let stderr: String
        let seconds: Double
        var output: String { String(decoding: stdout, as: UTF8.self) }
        var lines: [Substring] { output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }

    /// The package root (Tests/ReliabilityTests/ChildProcess.swift is two folders down).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `antipode` next to the test bundle (`swift build --build-tests` builds it too).
    static var executable: URL? {
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("antipode")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        for config in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(config)/antipode")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs `antipode args…`; standard output goes to `stdoutFile` when given (e.g. /dev/full).
    static func run(_ args: [String], stdin: Data? = nil, stdoutFile: String? = nil, timeout: Double = 60,
                    file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        guard let exe = executable else {
            XCTFail("the antipode executable is not built (swift build --build-tests builds it)", file: file, line: line)
            throw XCTSkip("no antipode executable")
        }
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        p.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        if let stdoutFile {
            guard let h = FileHandle(forWritingAtPath: stdoutFile) else { throw XCTSkip("cannot open \(stdoutFile)") }
            p.standardOutput = h
        } else {
            p.standardOutput = out
        }
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        let start = Date()
        try p.run()
        // The child holds its own ends; the parent's write ends must close, or the reads below never end.
        try? out.fileHandleForWriting.close()
        try? err.fileHandleForWriting.close()
        // Read both pipes while the child runs, so a full pipe buffer cannot stall it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            XCTFail("antipode \(args.joined(separator: " ")) ran longer than \(timeout) s (a hang)", file: file, line: line)
        }
        p.waitUntilExit()
        group.wait()
        let crashed = p.terminationReason == .uncaughtSignal
        if crashed {
            XCTFail("antipode \(args.joined(separator: " ").prefix(200)) crashed with signal \(p.terminationStatus)", file: file, line: line)
        }
        return Result(status: p.terminationStatus, crashed: crashed, stdout: outData,
                      stderr: String(decoding: errData, as: UTF8.self), seconds: Date().timeIntervalSince(start))
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

extension Antipode.Result {
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
