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
        /// Why the line is not usable text (invalid UTF-8, with its column); nil for good lines. The
        /// line is kept as an entry (its bad bytes as U+FFFD) so outputs keep one row per line.
        public let problem: String?
        public init(text: String, name: String = "", problem: String? = nil) {
            self.text = text; self.name = name; self.problem = problem
        }
    }

    public enum Format: String, Sendable { case lines = "smi", csv }

    public let entries: [Entry]

    public func texts(nonEmpty: Bool = false) -> [String] {
        nonEmpty ? entries.compactMap { $0.text.isEmpty ? nil : $0.text } : entries.map(\.text)
    }

    /// Reads `path` (`-` for standard input). The format comes from the extension (after `.gz`) unless
    /// given. Errors are one line naming the file and the problem.
    /// `nameColumn` names a CSV's name column (default `name`, else `id`).
    public static func read(_ path: String, format: Format? = nil, column: String? = nil, nameColumn: String? = nil) throws -> SequenceFile {
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
                data = try Gzip.decompress(file: path)
            } else {
                guard let d = FileManager.default.contents(atPath: path) else { throw UserError("\(path): cannot read") }
                data = d
            }
        }
        let fmt = format ?? (inner.lowercased().hasSuffix(".csv") ? .csv : .lines)
        return try parse(data, format: fmt, column: column, nameColumn: nameColumn, source: path == "-" ? "stdin" : path)
    }

    /// Parses file bytes. Each line is decoded on its own, so one line that is not UTF-8 becomes an
    /// entry with a `problem` (naming the line and column) instead of rejecting the whole file.
    public static func parse(_ data: Data, format: Format, column: String? = nil, nameColumn: String? = nil,
                             source: String = "input") throws -> SequenceFile {
        var lines: [Line] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0, number = 0
            while start < bytes.count {
                number += 1
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                var stop = end
                if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<stop])
                if let text = String(validating: slice, as: UTF8.self) {
                    lines.append(Line(text: text, problem: nil))
                } else {
                    lines.append(Line(text: String(decoding: slice, as: UTF8.self),
                                      problem: "line \(number) is not UTF-8 (\(invalidUTF8(slice)))"))
                }
                start = end + 1
            }
        }
        return try parse(lines: lines, format: format, column: column, nameColumn: nameColumn, source: source)
    }

    /// One physical line of input and, when it was not UTF-8, why.
    struct Line { var text: String; var problem: String? }

    /// Where the first invalid UTF-8 sequence of `bytes` starts: `byte 0xFF at column 4`.
    static func invalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            var ok = length > 0 && i + length <= bytes.count
            if ok { for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { ok = false } }
            // Overlong, surrogate and beyond-U+10FFFF forms of the 3- and 4-byte leads.
            if ok && length == 3 && ((b == 0xE0 && bytes[i + 1] < 0xA0) || (b == 0xED && bytes[i + 1] > 0x9F)) { ok = false }
            if ok && length == 4 && ((b == 0xF0 && bytes[i + 1] < 0x90) || (b == 0xF4 && bytes[i + 1] > 0x8F)) { ok = false }
            if !ok { return "byte 0x" + String(b, radix: 16, uppercase: true) + " at column \(i + 1)" }
            i += length
        }
        return "invalid byte sequence"
    }

    /// Reads every entry's text (see `read`).
    public static func texts(_ path: String, nonEmpty: Bool = false) throws -> [String] {
        try read(path).texts(nonEmpty: nonEmpty)
    }

    /// Parses already-read text (see `read`).
    public static func parse(_ text: String, format: Format, column: String? = nil, source: String = "input") throws -> SequenceFile {
        try parse(Data(text.utf8), format: format, column: column, source: source)
    }

    static func parse(lines: [Line], format: Format, column: String?, nameColumn: String? = nil, source: String) throws -> SequenceFile {
        if nameColumn != nil && format != .csv {
            throw UserError("\(source): --name-column applies to CSV input; in a line file the name follows the SMILES")
        }
        switch format {
        case .lines:
            var entries = lines.map { line -> Entry in
                let e = lineEntry(line.text[...])
                return line.problem == nil ? e : Entry(text: e.text, name: e.name, problem: line.problem)
            }
            // `SMILES` alone or with a name column title after it (`SMILES ID`): no molecule is spelt that way.
            if let first = entries.first, first.problem == nil,
               ["smiles", "sequence"].contains(first.text.lowercased()) {
                entries.removeFirst()
            }
            return SequenceFile(entries: entries)
        case .csv:
            let records = csvRecords(lines)
            guard let header = records.first else { return SequenceFile(entries: []) }
            let names = CSV.fields(header.text).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let wanted = column.map { [$0.lowercased()] } ?? ["smiles", "sequence", "canonical_smiles"]
            guard let index = wanted.lazy.compactMap({ names.firstIndex(of: $0) }).first else {
                throw UserError("\(source): no '\(column ?? "smiles")' column in the CSV header (\(names.joined(separator: ", "))); a command that reads molecules names another with --smiles-column")
            }
            var nameIndex = names.firstIndex(of: "name") ?? names.firstIndex(of: "id")
            if let nameColumn {
                guard let i = names.firstIndex(of: nameColumn.lowercased()) else {
                    throw UserError("\(source): no '\(nameColumn)' column in the CSV header (\(names.joined(separator: ", "))) for --name-column")
                }
                nameIndex = i
            }
            return SequenceFile(entries: records.dropFirst().map { record in
                let f = CSV.fields(record.text)
                return Entry(text: index < f.count ? f[index].trimmingCharacters(in: .whitespaces) : "",
                             name: nameIndex.flatMap { $0 < f.count ? f[$0] : nil } ?? "",
                             problem: record.problem)
            })
        }
    }

    /// CSV records: a quoted field may hold line breaks, so a line whose quotes are left open runs on
    /// into the next (RFC 4180). A record's problem is its first line's.
    static func csvRecords(_ lines: [Line]) -> [Line] {
        var records: [Line] = []
        var open = false
        for line in lines {
            let quotes = line.text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }
            if open, var last = records.popLast() {
                last.text += "\n" + line.text
                last.problem = last.problem ?? line.problem
                records.append(last)
            } else {
                records.append(line)
            }
            if quotes % 2 == 1 { open.toggle() }
        }
        return records
    }

    /// `TEXT name…`: the first whitespace separates the entry from its name.
    static func lineEntry(_ line: Substring) -> Entry {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard let split = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return Entry(text: String(trimmed)) }
        return Entry(text: String(trimmed[..<split]), name: trimmed[split...].trimmingCharacters(in: .whitespaces))
    }
}
