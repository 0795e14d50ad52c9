import Foundation
import Support

/// Reads sequences (SMILES, peptides) from a text file: `.smi`/`.txt`/`.smiles` (first whitespace-separated
/// field of each line) or `.csv` (the column named `smiles`/`sequence`, else the first), optionally gzipped
/// (`.gz`, decompressed with `gzip -dc`). Blank lines and a header line are skipped.
public enum Corpus {
    public static func read(_ url: URL) throws -> [String] {
        var path = url.path
        let text: String
        if path.hasSuffix(".gz") {
            text = try gunzip(url)
            path.removeLast(3)
        } else {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw UserError("cannot read \(url.path): no such file or not readable")
            }
            guard let s = String(data: data, encoding: .utf8) else { throw UserError("\(url.path) is not UTF-8 text") }
            text = s
        }
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
        if path.lowercased().hasSuffix(".csv") {
            guard let header = lines.first else { return [] }
            let names = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            var column = 0
            if let i = names.firstIndex(where: { ["smiles", "sequence", "canonical_smiles"].contains($0) }) {
                column = i
                lines.removeFirst()
            }
            return try lines.enumerated().map { n, line in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                guard column < fields.count else {
                    throw UserError("\(url.path) line \(n + 2): fewer than \(column + 1) columns")
                }
                return fields[column].trimmingCharacters(in: .whitespaces)
            }
        }
        var out = lines.compactMap { $0.split(whereSeparator: \.isWhitespace).first.map(String.init) }
        if let first = out.first, ["smiles", "sequence"].contains(first.lowercased()) { out.removeFirst() }
        return out
    }

    static func gunzip(_ url: URL) throws -> String {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw UserError("cannot read \(url.path): no such file or not readable")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-dc", url.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw UserError("cannot decompress \(url.path): \(String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let s = String(data: data, encoding: .utf8) else { throw UserError("\(url.path) is not UTF-8 text") }
        return s
    }
}
