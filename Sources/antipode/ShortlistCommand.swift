import Campaign
import Chem
import CommandLineTool
import Evaluation
import Foundation
import Support

/// `antipode shortlist`: from a campaign's successful designs (or any designs file) to a ranked, filtered,
/// optionally diverse shortlist with each design's properties and nearest training molecules.
enum ShortlistCommand: Command {
    static let name = "shortlist"
    static let summary = "rank, filter and pick designs for a chemist (SDF, CSV or SMILES)"
    static let header = """
    Usage: antipode shortlist CAMPAIGN_OR_DESIGNS [options] [-o top.sdf|top.csv|top.smi]

    CAMPAIGN_OR_DESIGNS  a campaign config (.json) or a campaign's output folder: the successful designs
                         of one arm (unique, novel, meeting the rule), compared with the campaign's
                         fine-tuning sets (its negatives and any positives); or a designs file (.smi/.txt,
                         .csv with a smiles column and optionally nll, .sdf with an nll tag): all its designs.
    Steps, each counted on stderr: distinct valid molecules → --require → --substructure and
    --exclude-substructure → ranked by --rank → with --diverse, the best-ranked design of each
    LeaderPicker cluster → the first -n.
    """
    static let footer = """
    Names: \(Shortlist.valueNames.joined(separator: ", ")) (PAINS: 1 when a PAINS pattern
    matches; Filters: 1 when the MOSES filters pass; NLL: from the campaign or the designs file).
    Example:
      antipode shortlist campaigns/demo-logp-high.json --require 'PAINS==0' --require 'SA<3.5' \\
          --diverse 0.65 -n 50 -o top.sdf
    """

    static let source = Positional("CAMPAIGN_OR_DESIGNS",
                                   missing: "CAMPAIGN_OR_DESIGNS (a campaign config, its output folder, or a designs file)")
    /// The arm shortlisted when --arm is not given.
    static let defaultArm = "negation"
    static let arm = Option<String?>("--arm", value: "A", help: "the campaign arm", absent: defaultArm)
    static let rank = Option("--rank", value: "qed|nll|sa|FORMULA", default: "qed", help: """
        the order, best first
        qed: highest QED first; nll: most likely under the model first;
        sa: easiest to make first; or a formula, highest first, over the names
        below with numbers, + - * / and parentheses, e.g. 'QED - 0.1*SA'
        """)
    static let require = RepeatedOption<String>("--require", value: "RULE",
                                                help: "NAME OP NUMBER, e.g. 'PAINS==0', 'SA<3.5', 'Filters==1' (all hold)")
    static let substructure = RepeatedOption<String>("--substructure", value: "SMARTS", help: "keep designs that contain it (all)")
    static let excludeSubstructure = RepeatedOption<String>("--exclude-substructure", value: "S", help: "drop designs that contain it (any)")
    static let diverse = Option<Double?>("--diverse", value: "T", help: "one design per LeaderPicker cluster at Tanimoto distance T (e.g. 0.65)")
    static let count = Option("-n", "--count", value: "N", default: 50, help: "how many to keep")
    static let neighbours = RepeatedOption<String>("--neighbours", value: "FILE", help: "also compare with these molecules (named by the file)")
    static let smilesColumn = Option<String?>("--smiles-column", value: "NAME", help: "the SMILES column of a CSV designs file",
                                              absent: "smiles")
    static let output = Option<String?>("-o", "--output", value: "FILE", help: ".sdf (2D, values as SD tags), .csv or .smi",
                                        absent: "CSV on standard output")
    static let quiet = Flag("--quiet", help: "no summary line")
    static let positionals = [source]
    static let options = [OptionGroup("Options:", [arm, rank, require, substructure, excludeSubstructure, diverse, count, neighbours,
                                                   smilesColumn, output, quiet])]

    static func run(_ args: inout ParsedArguments) throws {
        let arm = args[Self.arm]
        let diverse = args[Self.diverse]
        let count = args[Self.count]
        let neighbourFiles = args[neighbours]
        let smilesColumn = args[Self.smilesColumn]
        let output = args[Self.output] ?? "-"
        let quiet = args[Self.quiet]
        let source = try args.positional(Self.source)
        try args.finish()

        guard count > 0 else { throw UserError("-n must be positive, got \(count)") }
        if let diverse, !(0...1).contains(diverse) { throw UserError("--diverse is a Tanimoto distance in [0, 1], got \(diverse)") }
        var options = Shortlist.Options(rank: try RankFormula(parsing: args[rank], names: Shortlist.valueNames))
        options.requirements = try args[require].flatMap { text in
            do { return try DescriptorPredicate.parseAll(text, descriptorNames: Shortlist.valueNames) } catch { throw UserError("--require: \(error)") }
        }
        func pattern(_ smarts: String, _ option: String) throws -> SubstructurePattern {
            do { return try SubstructurePattern(smarts: smarts) } catch { throw UserError("\(option) '\(smarts)': RDKit cannot read it as SMARTS") }
        }
        options.substructures = try args[substructure].map { try pattern($0, "--substructure") }
        options.excludedSubstructures = try args[excludeSubstructure].map { try pattern($0, "--exclude-substructure") }
        options.diverse = diverse
        options.count = count
        let format = try OutputFormat(output)

        var candidates: [Shortlist.Candidate]
        var sets: [(name: String, smiles: [String])] = []
        var origin: String
        let isCampaign = source.lowercased().hasSuffix(".json") || isFolder(source)
        if isCampaign {
            if smilesColumn != nil { throw UserError("--smiles-column is for a designs file, not a campaign") }
            let campaign = try CampaignDesigns.load(source)
            let armName = arm ?? defaultArm
            guard campaign.arms.contains(armName) else {
                throw UserError("no arm '\(armName)' in campaign \(campaign.name); its arms: \(campaign.arms.joined(separator: ", "))")
            }
            let designs = campaign.designs.filter { $0.arm == armName }
            candidates = designs.filter(\.success).map { Shortlist.Candidate(smiles: $0.smiles, nll: $0.nll) }
            sets = campaign.dataSets
            origin = "\(designs.count) designs of arm '\(armName)' of campaign \(campaign.name), \(candidates.count) successful (\(campaign.success.joined(separator: " AND ")), unique and novel)"
        } else {
            if arm != nil { throw UserError("--arm is for a campaign; \(source) is a designs file") }
            candidates = try readDesigns(source, column: smilesColumn)
            origin = "\(candidates.count) designs of \(source)"
        }
        let needsNLL = options.rank.names.contains("NLL") || options.requirements.contains { $0.descriptor == "NLL" }
        if needsNLL, !candidates.isEmpty, !candidates.contains(where: { $0.nll != nil }) {
            throw UserError("\(source) gives no NLL for its designs (a CSV 'nll' column, an SD 'nll' tag, or SMILES<TAB>NLL lines as `antipode sample` writes), so it cannot be ranked or filtered by NLL")
        }
        for file in neighbourFiles {
            var name = URL(fileURLWithPath: file).lastPathComponent
            for ext in [".gz", ".csv", ".smi", ".smiles", ".txt"] where name.hasSuffix(ext) { name = String(name.dropLast(ext.count)) }
            sets.append((name, try SequenceFile.texts(file, nonEmpty: true)))
        }
        try SAScore.load()
        try MOSESFilters.load()  // every entry states its filters verdict
        let shortlist = Shortlist(candidates: candidates, options: options, sets: sets)
        try write(shortlist, criterion: options.rank.description, setNames: sets.map(\.name), format: format, to: output)
        if !quiet {
            printError("shortlist: \(origin)")
            printError("  " + shortlist.summary + (output == "-" ? "" : " → \(output)"))
            if shortlist.entries.count < count {
                printError("  only \(shortlist.entries.count) of the \(count) asked for (-n) passed the steps above")
            }
        }
    }

    private static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    enum OutputFormat {
        case sdf, csv, smi
        init(_ path: String) throws {
            let p = path.lowercased()
            if path == "-" || p.hasSuffix(".csv") { self = .csv }
            else if SDFile.isSDF(p) { self = .sdf }
            else if p.hasSuffix(".smi") || p.hasSuffix(".smiles") || p.hasSuffix(".txt") { self = .smi }
            else { throw UserError("-o \(path): write .sdf, .csv or .smi (the extension picks the format)") }
        }
    }

    /// Designs from a file: SMILES and, when given, their NLL (a CSV `nll` column, an SD `nll` tag, or a
    /// decimal number after every SMILES on a line, as `antipode sample` writes it).
    static func readDesigns(_ path: String, column: String?) throws -> [Shortlist.Candidate] {
        if SDFile.isSDF(path) {
            return try SDFile.read(path).map { r in
                let smiles = (try? Molecule(molBlock: r.block).canonicalSmiles) ?? ""
                return Shortlist.Candidate(smiles: smiles, nll: r.tags.first { $0.name.lowercased() == "nll" }.flatMap { Double($0.value) })
            }
        }
        let file = try SequenceFile.read(path, column: column)
        // `sample` writes SMILES<TAB>NLL with four decimals; names that are ids (`m1`, `17`) are not NLLs.
        let names = file.entries.map(\.name).filter { !$0.isEmpty }
        let namesAreNLL = !names.isEmpty && names.allSatisfy { Double($0) != nil && $0.contains(".") }
        var nlls: [Double?] = file.entries.map { namesAreNLL ? Double($0.name) : nil }
        if path.lowercased().hasSuffix(".csv") || path.lowercased().hasSuffix(".csv.gz") {
            nlls = (try? SequenceFile.read(path, column: "nll"))?.entries.map { Double($0.text) } ?? file.entries.map { _ in nil }
        }
        return zip(file.entries, nlls).map { Shortlist.Candidate(smiles: $0.text, nll: $1) }
    }

    static func write(_ s: Shortlist, criterion: String, setNames: [String], format: OutputFormat, to path: String) throws {
        func number(_ x: Double?, _ count: Bool = false) -> String { x.map { ScoreCSVWriter.format($0, count: count) } ?? "" }
        func values(_ e: Shortlist.Entry) -> [(String, String)] {
            var v: [(String, String)] = [("rank", "\(e.rank)"), ("smiles", e.smiles), ("ranked_by", criterion), ("rank_value", number(e.score)),
                                         ("nll", number(e.nll))]
            for (d, x) in zip(Descriptor.all, e.descriptors) { v.append((d.name, number(x, d.isCount))) }
            v += [("scaffold", e.scaffold), ("pains", e.pains ? "true" : "false"), ("passes_filters", e.passesFilters ? "true" : "false")]
            for name in setNames {
                let n = e.neighbours.first { $0.set == name }
                v += [("nearest_\(name)_tanimoto", n.map { String(format: "%.3f", $0.similarity) } ?? ""), ("nearest_\(name)_smiles", n?.smiles ?? "")]
            }
            return v
        }
        switch format {
        case .sdf:
            let sdf = try SDFOutput(path: path)
            for e in s.entries {
                try sdf.write(smiles: e.smiles, title: "rank \(e.rank)", tags: values(e).map { SDFile.Tag($0.0, $0.1) })
            }
            try sdf.finish()
        case .csv:
            let file = try StreamedOutput(path: path)
            let header = ["rank", "smiles", "ranked_by", "rank_value", "nll"] + Descriptor.all.map(\.name) + ["scaffold", "pains", "passes_filters"]
                + setNames.flatMap { ["nearest_\($0)_tanimoto", "nearest_\($0)_smiles"] }
            try file.write(header.map(CSV.quote).joined(separator: ",") + "\n")
            // Numbers as they are (a negative one is not a spreadsheet formula); text quoted and guarded.
            let text: Set<String> = Set(["smiles", "ranked_by", "scaffold"] + setNames.map { "nearest_\($0)_smiles" })
            for e in s.entries { try file.write(values(e).map { text.contains($0.0) ? CSV.quote($0.1) : $0.1 }.joined(separator: ",") + "\n") }
            try file.finish()
        case .smi:
            let file = try StreamedOutput(path: path)
            for e in s.entries { try file.write("\(e.smiles)\trank-\(e.rank)\n") }
            try file.finish()
        }
    }
}
