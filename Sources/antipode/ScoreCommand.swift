import Chem
import CommandLineTool
import Foundation
import Support

/// `antipode score IN -o OUT.csv`: canonical SMILES, validity, every descriptor, QED, SA, scaffold
/// and PAINS for each input line, computed on all cores, written in input order.
enum ScoreCommand: Command {
    static let name = "score"
    static let summary = "score molecules with RDKit (descriptors, QED, SA, scaffold, PAINS)"
    static let header = """
    Usage: antipode score IN [-o OUT.csv|OUT.sdf] [options]

    Scores every line of IN with RDKit and writes one CSV row per line, in input order:
      input, name, canonical_smiles, valid, error, \(Descriptor.all.map(\.name).joined(separator: ", ")),
      scaffold, pains   [, moses_filters with --moses-filters]
    Invalid lines (unparsable, not UTF-8, beyond the size limits) get valid=false and the reason;
    they never stop the run.

    IN        .smi/.txt (SMILES, optional name after whitespace), .csv with a 'smiles' column
              (case-insensitive; optional 'name' or 'id' column), .sdf (each record's title is its
              name), or - for standard input.
    """
    static let footer = """
    Example:
      antipode score molecules/property-tasks/logp-high/setup-0/test.smiles -o logp-test.csv
    """

    static let input = Positional("IN", missing: "IN (a .smi/.txt/.csv file, or - for stdin)")
    static let output = Option<String?>("-o", "--output", value: "FILE",
                                        help: "output CSV, or an SD file when it ends in .sdf\n(2D coordinates, the columns as SD tags)",
                                        absent: "CSV on standard output")
    static let format = Option<String?>("--format", value: "smi|csv|sdf", help: "input format", absent: "from the extension; stdin is smi")
    static let smilesColumn = Option<String?>("--smiles-column", value: "NAME", help: "CSV column holding the SMILES", absent: "smiles")
    static let nameColumn = Option<String?>("--name-column", value: "NAME", help: "CSV column holding each molecule's name",
                                            absent: "name, else id")
    static let moses = Flag("--moses-filters", help: "add the MOSES \"Filters\" verdict column")
    static let shard = Option("--shard", value: "I/N", default: Shard.whole,
                              help: "only the I-th of N equal parts of IN (header in part 1 only)")
    static let quiet = Flag("--quiet", help: "no progress line on stderr")
    static let positionals = [input]
    static let options = [OptionGroup("Options:", [output, format, smilesColumn, nameColumn, moses, shard] + MoleculeLimitOptions.all + [quiet])]

    static func run(_ args: inout ParsedArguments) throws {
        let output = args[Self.output] ?? "-"
        let formatName = args[Self.format]
        let moses = args[Self.moses]
        let quiet = args[Self.quiet]
        let shard = args[Self.shard]
        try MoleculeLimitOptions.apply(args)
        let input = try args.positional(Self.input)
        try args.finish()

        var format: SequenceFile.Format? = nil
        let sdfInput = formatName?.lowercased() == "sdf" || (formatName == nil && SDFile.isSDF(input))
        if let f = formatName, !sdfInput {
            guard let parsed = SequenceFile.Format(rawValue: f.lowercased()) else {
                throw UserError("--format expects smi, csv or sdf, got '\(f)'")
            }
            format = parsed
        }
        if sdfInput, input == "-" { throw UserError("SD input is read from a file, not standard input") }
        // Each entry: the text the scorer parses, its name, and a reason found before RDKit sees it.
        let all: [(text: String, name: String, error: ChemError?)] = sdfInput
            ? try SDFInput.entries(input)
            : try SequenceFile.read(input, format: format, column: args[Self.smilesColumn], nameColumn: args[Self.nameColumn]).entries.map { e in
                (e.text, e.name, e.problem.map { ChemError.notText($0) })
            }
        // This shard's part (all of it without --shard).
        let file = Array(all[shard.range(of: all.count)])
        try SAScore.load()
        if moses { try MOSESFilters.load() }

        let scorer = BatchScorer(mosesFilters: moses)
        let writer: ScoreRowWriter = SDFile.isSDF(output)
            ? try ScoreSDFWriter(path: output, descriptors: scorer.descriptors, mosesFilters: moses)
            : try ScoreCSVWriter(path: output, descriptors: scorer.descriptors, mosesFilters: moses, header: shard.writesHeader)
        let progress = Progress("score", total: file.count, quiet: quiet)
        // Batches keep memory flat on million-line inputs; each batch uses every core.
        let batch = 8192
        var start = 0
        var invalid = 0
        while start < file.count {
            let entries = file[start..<min(start + batch, file.count)]
            // A line that is not UTF-8 (or an SD record RDKit cannot read) is a row with its reason.
            var records = scorer.score(entries.map { $0.error == nil ? $0.text : "" }, progress: progress)
            for (i, entry) in zip(records.indices, entries) {
                if let error = entry.error { records[i] = ScoreRecord(input: entry.text, error: error) }
            }
            for (entry, record) in zip(entries, records) {
                if !record.isValid { invalid += 1 }
                try writer.write(record, name: entry.name)
            }
            start += batch
        }
        progress.finish()
        try writer.finish()
        if !quiet {
            printError("score: \(file.count) \(sdfInput ? "records" : "lines"), \(file.count - invalid) valid, \(invalid) invalid\(output == "-" ? "" : " → \(output)")")
        }
    }
}

/// Writes score rows as CSV to a file (atomically: a temporary file renamed at the end) or stdout.
final class ScoreCSVWriter {
    private let output: StreamedOutput
    private let descriptors: [Descriptor]
    private let mosesFilters: Bool

    init(path: String, descriptors: [Descriptor], mosesFilters: Bool, header writesHeader: Bool = true) throws {
        output = try StreamedOutput(path: path)
        self.descriptors = descriptors
        self.mosesFilters = mosesFilters
        var header = ["input", "name", "canonical_smiles", "valid", "error"] + descriptors.map(\.name) + ["scaffold", "pains"]
        if mosesFilters { header.append("moses_filters") }
        if writesHeader { try output.write(header.joined(separator: ",") + "\n") }
    }

    func write(_ r: ScoreRecord, name: String) throws {
        var fields = [CSV.quote(r.input), CSV.quote(name), CSV.quote(r.canonicalSmiles ?? ""), r.isValid ? "true" : "false",
                      CSV.quote(r.error.map { "\($0)" } ?? "")]
        if r.isValid {
            for (d, v) in zip(descriptors, r.values) { fields.append(Self.format(v, count: d.isCount)) }
        } else {
            fields += Array(repeating: "", count: descriptors.count)
        }
        fields.append(CSV.quote(r.scaffold ?? ""))
        fields.append(r.hasPAINS.map { $0 ? "true" : "false" } ?? "")
        if mosesFilters { fields.append(r.passesMOSESFilters.map { $0 ? "true" : "false" } ?? "") }
        try output.write(fields.joined(separator: ",") + "\n")
    }

    func finish() throws { try output.finish() }

    /// Counts as integers, other values with all the digits needed to read them back; NaN as empty.
    static func format(_ v: Double, count: Bool) -> String {
        if v.isNaN { return "" }
        if count, v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}
