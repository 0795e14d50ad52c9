import Foundation

/// gzip through the system's `gzip` (present on every Debian system) rather than linking zlib.
public enum Gzip {
    /// A gzipped file's contents.
    public static func decompress(file path: String) throws -> Data {
        try run(["-dc", "--", path], doing: "decompress \(path)")
    }

    /// Writes `text` gzipped to `url`, whole or not at all. The header holds no file name or time (`-n`), so
    /// equal text gives an equal file.
    public static func write(_ text: String, to url: URL) throws {
        let plain = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).plain")
        try AtomicFile.write(text, to: plain)
        defer { try? FileManager.default.removeItem(at: plain) }
        try AtomicFile.write(try run(["-n", "-9", "-c", "--", plain.path], doing: "compress \(url.path)"), to: url)
    }

    private static func run(_ arguments: [String], doing what: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw UserError("cannot run gzip to \(what): \(error.localizedDescription)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw UserError("cannot \(what): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return data
    }
}
