import Foundation

/// Molecules listed in a file, one per line: `.smi`/`.txt` (SMILES, then an optional name after
/// whitespace) or `.csv` (a header naming a `smiles` column, any case; an optional `name` or `id`
/// column). Every line is one entry, blank and bad lines included, so outputs can keep input order.
public struct SmilesFile: Sendable {
    public struct Entry: Sendable, Equatable {
        /// The SMILES text as given (the first field).
        public let smiles: String
        /// The name after the SMILES, or from the CSV's name column; "" when none.
        public let name: String
    }

    public enum Format: String, Sendable { case smi, csv }

    public let entries: [Entry]

    /// Reads `path` (`-` for standard input). The format comes from the extension (`.csv` → CSV,
    /// anything else → SMILES lines) unless given. Throws a one-line error naming the problem.
    public static func read(_ path: String, format: Format? = nil, smilesColumn: String? = nil) throws -> SmilesFile {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard FileManager.default.fileExists(atPath: path) else { throw SmilesFileError("\(path): no such file") }
            guard let d = FileManager.default.contents(atPath: path) else { throw SmilesFileError("\(path): cannot read") }
            data = d
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SmilesFileError("\(path): not UTF-8 text")
        }
        let fmt = format ?? (path.lowercased().hasSuffix(".csv") ? .csv : .smi)
        return try parse(text, format: fmt, smilesColumn: smilesColumn, source: path == "-" ? "stdin" : path)
    }

    /// Parses already-read text (see `read`).
    public static func parse(_ text: String, format: Format, smilesColumn: String? = nil, source: String = "input") throws -> SmilesFile {
        // "\r\n" is one Character in Swift, so both line endings are separators here.
        var stripped = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if stripped.last?.isEmpty == true { stripped.removeLast() }
        switch format {
        case .smi:
            return SmilesFile(entries: stripped.map(smiEntry))
        case .csv:
            guard let header = stripped.first else { return SmilesFile(entries: []) }
            let names = CSV.fields(header).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let wanted = (smilesColumn ?? "smiles").lowercased()
            guard let column = names.firstIndex(of: wanted) else {
                throw SmilesFileError("\(source): no '\(smilesColumn ?? "smiles")' column in the CSV header (\(names.joined(separator: ", ")))")
            }
            let nameColumn = names.firstIndex(of: "name") ?? names.firstIndex(of: "id")
            let entries = stripped.dropFirst().map { line -> Entry in
                let f = CSV.fields(line)
                let smiles = column < f.count ? f[column].trimmingCharacters(in: .whitespaces) : ""
                let name = nameColumn.flatMap { $0 < f.count ? f[$0] : nil } ?? ""
                return Entry(smiles: smiles, name: name)
            }
            return SmilesFile(entries: entries)
        }
    }

    /// `SMILES name…`: the first whitespace separates the SMILES from the name.
    static func smiEntry(_ line: Substring) -> Entry {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard let split = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            return Entry(smiles: String(trimmed), name: "")
        }
        let name = trimmed[split...].trimmingCharacters(in: .whitespaces)
        return Entry(smiles: String(trimmed[..<split]), name: name)
    }
}

/// A molecule list that cannot be read.
public struct SmilesFileError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ d: String) { description = d }
}
