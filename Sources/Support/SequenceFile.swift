import Foundation

/// The one reader of molecule and sequence lists (SMILES, peptides), one entry per line:
/// - line files (`.smi`, `.smiles`, `.txt`, anything not `.csv`): the first whitespace-separated field,
///   the rest of the line is the entry's name; a first line that is just `SMILES` or `sequence` is a header;
/// - `.csv`: the column named `smiles` (any case; also `sequence`, `canonical_smiles`, or the one asked
///   for), names from a `name` or `id` column; quoted fields as in `CSV`;
/// - either gzipped (`.gz`, as MOSES ships `train.csv.gz`), or `-` for standard input.
///
/// Every line is an entry, blank ones included (an empty design is an invalid design and outputs keep
/// input order); `texts(nonEmpty: true)` drops them for training corpora.
public struct SequenceFile: Sendable {
    public struct Entry: Sendable, Equatable {
        /// The SMILES or sequence as given.
        public let text: String
        /// The name after it on the line, or from the CSV's name column; "" when none.
        public let name: String
        public init(text: String, name: String = "") { self.text = text; self.name = name }
    }

    public enum Format: String, Sendable { case lines = "smi", csv }

    public let entries: [Entry]

    public func texts(nonEmpty: Bool = false) -> [String] {
        nonEmpty ? entries.compactMap { $0.text.isEmpty ? nil : $0.text } : entries.map(\.text)
    }

    /// Reads `path` (`-` for standard input). The format comes from the extension (after `.gz`) unless
    /// given. Errors are one line naming the file and the problem.
    public static func read(_ path: String, format: Format? = nil, column: String? = nil) throws -> SequenceFile {
        let gzipped = path.lowercased().hasSuffix(".gz")
        let inner = gzipped ? String(path.dropLast(3)) : path
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw UserError("\(path): no such file") }
            guard !isFolder.boolValue else { throw UserError("\(path): a folder, not a file of molecules") }
            if gzipped {
                data = try gunzip(path)
            } else {
                guard let d = FileManager.default.contents(atPath: path) else { throw UserError("\(path): cannot read") }
                data = d
            }
        }
        guard let text = String(data: data, encoding: .utf8) else { throw UserError("\(path): not UTF-8 text") }
        let fmt = format ?? (inner.lowercased().hasSuffix(".csv") ? .csv : .lines)
        return try parse(text, format: fmt, column: column, source: path == "-" ? "stdin" : path)
    }

    /// Reads every entry's text (see `read`).
    public static func texts(_ path: String, nonEmpty: Bool = false) throws -> [String] {
        try read(path).texts(nonEmpty: nonEmpty)
    }

    /// Parses already-read text (see `read`).
    public static func parse(_ text: String, format: Format, column: String? = nil, source: String = "input") throws -> SequenceFile {
        // "\r\n" is one Character in Swift, so both line endings are separators here.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.last?.isEmpty == true { lines.removeLast() }
        switch format {
        case .lines:
            var entries = lines.map(lineEntry)
            if let first = entries.first, first.name.isEmpty, ["smiles", "sequence"].contains(first.text.lowercased()) {
                entries.removeFirst()
            }
            return SequenceFile(entries: entries)
        case .csv:
            guard let header = lines.first else { return SequenceFile(entries: []) }
            let names = CSV.fields(header).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let wanted = column.map { [$0.lowercased()] } ?? ["smiles", "sequence", "canonical_smiles"]
            guard let index = wanted.lazy.compactMap({ names.firstIndex(of: $0) }).first else {
                throw UserError("\(source): no '\(column ?? "smiles")' column in the CSV header (\(names.joined(separator: ", ")))")
            }
            let nameIndex = names.firstIndex(of: "name") ?? names.firstIndex(of: "id")
            return SequenceFile(entries: lines.dropFirst().map { line in
                let f = CSV.fields(line)
                return Entry(text: index < f.count ? f[index].trimmingCharacters(in: .whitespaces) : "",
                             name: nameIndex.flatMap { $0 < f.count ? f[$0] : nil } ?? "")
            })
        }
    }

    /// `TEXT name…`: the first whitespace separates the entry from its name.
    static func lineEntry(_ line: Substring) -> Entry {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard let split = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return Entry(text: String(trimmed)) }
        return Entry(text: String(trimmed[..<split]), name: trimmed[split...].trimmingCharacters(in: .whitespaces))
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
