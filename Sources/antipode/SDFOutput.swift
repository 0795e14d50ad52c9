import Chem
import Foundation
import Support

/// Writes one SD record per molecule through RDKit's SDWriter (2D coordinates, values as SD tags). A
/// molecule that cannot be drawn (an invalid input or sample) keeps its record, with no atoms, so the
/// file has one record per input, in order.
final class SDFOutput {
    private let file: StreamedOutput
    private(set) var records = 0

    init(path: String) throws { file = try StreamedOutput(path: path) }

    func write(smiles: String?, title: String, tags: [SDFile.Tag]) throws {
        let text = smiles.flatMap { SDFile.record(smiles: $0, title: title, tags: tags) }
            ?? SDFile.record(smiles: nil, title: title, tags: tags) ?? ""
        records += 1
        try file.write(text)
    }

    func finish() throws { try file.finish() }
}

/// `score -o OUT.sdf`: the CSV's columns as SD tags, the name as each record's title.
final class ScoreSDFWriter: ScoreRowWriter {
    private let output: SDFOutput
    private let descriptors: [Descriptor]
    private let mosesFilters: Bool

    init(path: String, descriptors: [Descriptor], mosesFilters: Bool) throws {
        output = try SDFOutput(path: path)
        self.descriptors = descriptors
        self.mosesFilters = mosesFilters
    }

    func write(_ r: ScoreRecord, name: String) throws {
        var tags = [SDFile.Tag("input", r.input), SDFile.Tag("canonical_smiles", r.canonicalSmiles ?? ""),
                    SDFile.Tag("valid", r.isValid ? "true" : "false"), SDFile.Tag("error", r.error.map { "\($0)" } ?? "")]
        if r.isValid {
            for (d, v) in zip(descriptors, r.values) { tags.append(SDFile.Tag(d.name, ScoreCSVWriter.format(v, count: d.isCount))) }
        }
        tags.append(SDFile.Tag("scaffold", r.scaffold ?? ""))
        tags.append(SDFile.Tag("pains", r.hasPAINS.map { $0 ? "true" : "false" } ?? ""))
        if mosesFilters { tags.append(SDFile.Tag("moses_filters", r.passesMOSESFilters.map { $0 ? "true" : "false" } ?? "")) }
        try output.write(smiles: r.canonicalSmiles, title: name, tags: tags)
    }

    func finish() throws { try output.finish() }
}

/// Where `score` writes its rows: CSV or SD.
protocol ScoreRowWriter: AnyObject {
    func write(_ r: ScoreRecord, name: String) throws
    func finish() throws
}

extension ScoreCSVWriter: ScoreRowWriter {}

/// Reads an SD file as `score` input: each record's molecule as canonical SMILES (what the scorer parses
/// again), its title as the name; a record RDKit cannot read keeps its place with the reason.
enum SDFInput {
    static func entries(_ path: String) throws -> [(text: String, name: String, error: ChemError?)] {
        try SDFile.read(path).map { record in
            do {
                let smiles = try Molecule(molBlock: record.block).canonicalSmiles
                if smiles.isEmpty { return ("", record.title, ChemError.unparsable("SD record at line \(record.line) has no atoms")) }
                return (smiles, record.title, nil)
            } catch let error as ChemError {
                let located: ChemError
                switch error {
                case .unparsable(let why): located = .unparsable("SD record at line \(record.line): \(why)")
                case .sanitization(let why): located = .sanitization("SD record at line \(record.line): \(why)")
                default: located = error
                }
                return ("", record.title, located)
            }
        }
    }
}
