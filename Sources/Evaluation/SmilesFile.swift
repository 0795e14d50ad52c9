import Foundation
import Support

/// Reads a list of SMILES from a file, in order, one per record.
///
/// - `.csv` (optionally `.csv.gz`): a header row with a `SMILES` column (any case); other columns are ignored.
/// - anything else (`.smi`, `.txt`, optionally `.gz`): the first whitespace-separated field of each line;
///   a first line that is just `SMILES` (any case) is taken as a header.
/// - `-`: standard input, read like a `.smi` file.
///
/// Blank lines are kept as empty strings (an empty design is an invalid design), except trailing ones.
public enum SmilesFile {
    public static func read(_ path: String) throws -> [String] {
        let data: Data
        var name = path.lowercased()
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard FileManager.default.fileExists(atPath: path) else { throw UserError("no such file: \(path)") }
            if name.hasSuffix(".gz") {
                data = try gunzip(path)
                name.removeLast(3)
            } else {
                guard let d = FileManager.default.contents(atPath: path) else { throw UserError("cannot read \(path)") }
                data = d
            }
        }
        // Split on bytes: Swift treats "\r\n" as one Character, so splitting a String on "\n" misses CRLF.
        var lines: [Substring] = []
        for bytes in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
            guard let text = String(data: line, encoding: .utf8) else { throw UserError("\(path) is not UTF-8 text") }
            lines.append(Substring(text))
        }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        if name.hasSuffix(".csv") { return try csvColumn(lines, path: path) }
        var out = lines.map { line in line.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "" }
        if let first = out.first, first.lowercased() == "smiles" { out.removeFirst() }
        return out
    }

    /// The `SMILES` column of CSV lines (fields may be double-quoted; SMILES never contain commas).
    private static func csvColumn(_ lines: [Substring], path: String) throws -> [String] {
        guard let header = lines.first else { return [] }
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(unquote)
        guard let column = columns.firstIndex(where: { $0.lowercased() == "smiles" }) else {
            throw UserError("\(path) has no SMILES column (columns: \(columns.joined(separator: ", ")))")
        }
        return try lines.dropFirst().enumerated().map { offset, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard column < fields.count else {
                throw UserError("\(path) line \(offset + 2) has \(fields.count) fields; the SMILES column is number \(column + 1)")
            }
            return unquote(fields[column])
        }
    }

    private static func unquote(_ field: Substring) -> String {
        var s = field.trimmingCharacters(in: .whitespaces)
        if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") { s = String(s.dropFirst().dropLast()) }
        return s
    }

    /// Decompresses with the system `gzip` (present on every Debian system) rather than linking zlib.
    private static func gunzip(_ path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", "--", path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw UserError("cannot run gzip to read \(path): \(error.localizedDescription)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw UserError("cannot decompress \(path): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return data
    }
}

