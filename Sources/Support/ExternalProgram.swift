import Foundation

/// Runs another program (found on `PATH`) to completion or to a time limit, its output kept in files
/// so that a chatty program can never block on a full pipe.
public enum ExternalProgram {
    public struct Outcome: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
        /// The program was stopped (SIGTERM, then SIGKILL) at the time limit.
        public let timedOut: Bool
    }

    /// The full path of `name` on `PATH`, or nil.
    public static func locate(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments` in `directory` (its output files `.<name>.out`/`.err` go there too).
    public static func run(_ executable: String, _ arguments: [String], in directory: URL, timeout: Double) throws -> Outcome {
        let name = URL(fileURLWithPath: executable).lastPathComponent
        let outURL = directory.appendingPathComponent(".\(name).out"), errURL = directory.appendingPathComponent(".\(name).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        inheritNice()
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch {
            try? out.close(); try? err.close()
            throw UserError("cannot run \(executable): \(error.localizedDescription)")
        }
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if done.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
            }
        }
        try? out.close(); try? err.close()
        let text = { (u: URL) in (try? String(contentsOf: u, encoding: .utf8)) ?? "" }
        return Outcome(status: process.terminationStatus, standardOutput: text(outURL), standardError: text(errURL), timedOut: timedOut)
    }

    /// Linux keeps a nice value per thread, and Dispatch's worker threads start at 0: the calling thread
    /// takes the main thread's (`nice -n 19 antipode dock …`) so that the program started from it inherits it.
    private static func inheritNice() {
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let main = getpriority(which, id_t(getpid()))
        guard errno == 0 else { return }
        let mine = getpriority(which, 0)
        if main > mine { _ = setpriority(which, 0, main) }
    }
}
