import Foundation

/// Runs one of this package's built executables in a child process, so a crash there is a status here, not the
/// end of the test runner. Test targets (ReliabilityTests, CLITests) wrap it with their XCTest assertions.
public enum ChildProcess {
    public struct Result: Sendable {
        public let status: Int32
        /// True when the child died of a signal (a crash: segfault, abort, stack overflow).
        public let crashed: Bool
        /// True when the child ran past its time limit and was killed (a hang).
        public let timedOut: Bool
        public let stdout: Data
        public let stderr: String
        public let seconds: Double
        public var output: String { String(decoding: stdout, as: UTF8.self) }
        public var lines: [Substring] { output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }

    /// The package root (this file is Tests/ChildProcessRunner/ChildProcess.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The executable `name` next to the test bundle (`swift build --build-tests` builds the package's
    /// executables too), else in .build/debug or .build/release; nil when it is not built.
    public static func executable(_ name: String) -> URL? {
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        for config in ["debug", "release"] {
            let candidate = packageRoot.appendingPathComponent(".build/\(config)/\(name)")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs `executable args…` in `directory` (the package root unless given) with `stdin` as its input;
    /// standard output goes to `stdout` when given (e.g. /dev/full). A child still running after `timeout`
    /// seconds is killed.
    public static func run(_ executable: URL, _ args: [String], in directory: URL = packageRoot, stdin: Data? = nil,
                           stdout: FileHandle? = nil, timeout: Double = 60) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        p.standardOutput = stdout ?? out
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
        let timedOut = p.isRunning
        if timedOut { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        group.wait()
        return Result(status: p.terminationStatus, crashed: !timedOut && p.terminationReason == .uncaughtSignal, timedOut: timedOut,
                      stdout: outData, stderr: String(decoding: errData, as: UTF8.self), seconds: Date().timeIntervalSince(start))
    }
}
