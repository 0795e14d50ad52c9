import CRDKitShim
import Foundation
import Support

/// SD files (MDL V2000 records, `$$$$` between them), written and read through RDKit.
public enum SDFile {
    /// One record as read: its title (first line), the mol block, its tags in order, and the line it starts on.
    public struct Record: Sendable, Equatable {
        public let title: String
        public let block: String
        public let tags: [Tag]
        public let line: Int
    }

    public struct Tag: Sendable, Equatable {
        public let name: String
        public let value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    /// The text of one record as RDKit's SDWriter writes it: 2D coordinates (`Compute2DCoords`), `title` on
    /// the first line, `tags` in order. nil `smiles` (an invalid design) writes a record with no atoms, so a
    /// file keeps one record per input; nil as a whole when `smiles` does not parse.
    public static func record(smiles: String?, title: String, tags: [Tag]) -> String? {
        let keys = tags.map { strdup($0.name) }, values = tags.map { strdup($0.value) }
        defer { (keys + values).forEach { free($0) } }
        let keyPointers = keys.map { UnsafePointer($0) }, valuePointers = values.map { UnsafePointer($0) }
        return keyPointers.withUnsafeBufferPointer { k in
            valuePointers.withUnsafeBufferPointer { v in
                takeString(ap_sdf_record(smiles, title, k.baseAddress, v.baseAddress, Int32(tags.count)))
            }
        }
    }

    /// Splits SD text into records (a last record without `$$$$` counts when it holds anything).
    public static func parse(_ text: String) -> [Record] {
        var records: [Record] = []
        var lines: [Substring] = []
        var start = 1, number = 0
        func close() {
            defer { lines = []; start = number + 1 }
            guard lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return }
            let end = lines.firstIndex { $0.hasPrefix("M  END") }
            let blockLines = end.map { lines[...$0] } ?? lines[...]
            var tags: [Tag] = []
            var i = end.map { $0 + 1 } ?? lines.endIndex
            while i < lines.endIndex {
                let line = lines[i]
                i += 1
                guard line.hasPrefix(">"), let open = line.firstIndex(of: "<"), let close = line[open...].firstIndex(of: ">") else { continue }
                var value: [Substring] = []
                while i < lines.endIndex, !lines[i].isEmpty { value.append(lines[i]); i += 1 }
                tags.append(Tag(String(line[line.index(after: open)..<close]), value.joined(separator: "\n")))
            }
            records.append(Record(title: String(lines[0]), block: blockLines.joined(separator: "\n") + "\n", tags: tags, line: start))
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line == "$$$$" { close() } else { lines.append(line) }
        }
        close()
        return records
    }

    /// Reads an SD file (`.sdf`; `.sdf.gz` is not supported). One-line errors name the file.
    public static func read(_ path: String) throws -> [Record] {
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("\(path): no such file or cannot read") }
        guard let text = String(data: data, encoding: .utf8) else { throw UserError("\(path): not UTF-8 text, so not an SD file") }
        let records = parse(text)
        if !records.isEmpty, !records.contains(where: { $0.block.contains("M  END") }) {
            throw UserError("\(path): no record ends with 'M  END', so this is not an SD file")
        }
        return records
    }

    /// Whether `path` names an SD file by its extension.
    public static func isSDF(_ path: String) -> Bool {
        let p = path.lowercased()
        return p.hasSuffix(".sdf") || p.hasSuffix(".sd")
    }
}

extension Molecule {
    /// Parses a mol block (an SD record) as Python RDKit's `Chem.MolFromMolBlock` does: sanitised,
    /// hydrogens removed. Throws `ChemError.empty/.unparsable/.sanitization`.
    public convenience init(molBlock: String) throws {
        if molBlock.utf8.contains(0) { throw ChemError.unparsable("NUL byte in mol block") }
        self.init(owning: try Self.parsed { status, message in ap_mol_from_molblock(molBlock, status, message) })
    }
}
