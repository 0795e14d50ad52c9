import Chem
import Foundation
import Support

/// The SMILES of a design or corpus file, in order: Chem's `SmilesFile` formats (`.smi`/`.txt`: first
/// field of each line; `.csv`: the `SMILES` column; `-`: standard input) plus gzip (`train.csv.gz`, as
/// MOSES ships it) and a `SMILES` header line in `.smi` files, which is skipped.
///
/// As in Chem, every line is an entry: blank lines are empty strings (an empty design is an invalid
/// design); only the final newline ends the file without adding one.
public enum SmilesInput {
    public static func read(_ path: String) throws -> [String] {
        var entries: [String]
        if path.lowercased().hasSuffix(".gz") {
            let inner = String(path.dropLast(3))
            guard let text = String(data: try gunzip(path), encoding: .utf8) else { throw UserError("\(path): not UTF-8 text") }
            entries = try SmilesFile.parse(text, format: inner.lowercased().hasSuffix(".csv") ? .csv : .smi, source: path)
                .entries.map(\.smiles)
        } else {
            do {
                entries = try SmilesFile.read(path).entries.map(\.smiles)
            } catch let error as SmilesFileError {
                throw UserError(error.description)
            }
        }
        if let first = entries.first, first.lowercased() == "smiles" { entries.removeFirst() }
        return entries
    }

    /// Decompresses with the system `gzip` (present on every Debian system) rather than linking zlib.
    private static func gunzip(_ path: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else { throw UserError("\(path): no such file") }
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
