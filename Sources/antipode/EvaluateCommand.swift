import Chem
import CommandLineTool
import Evaluation
import Foundation
import Support

/// `antipode evaluate`: design metrics of a set of generated SMILES against a reference corpus.
struct EvaluateCommand: Command {
    static let name = "evaluate"
    static let summary = "validity, uniqueness, novelty, success, diversity and side effects of designs"
    static let header = """
        Usage: antipode evaluate DESIGNS --reference CORPUS [--reference CORPUS ...] [options]

        DESIGNS is a .smi/.txt file (first field of each line), a .csv with a SMILES column, either
        optionally gzipped, or - for standard input. Every line is a design: invalid and empty ones count.
        CORPUS is the pre-training set and any fine-tuning sets (same formats); each is canonicalised once
        and its index cached.
        """
    static let footer = """
        Example:
          antipode evaluate designs.smi --reference train.csv.gz --reference negatives.smi \\
              --success 'MolLogP>3.5' --json metrics.json
        """

    static let designs = Positional("DESIGNS")
    static let reference = RepeatedOption<String>("--reference", value: "FILE",
                                                  help: "reference corpus (at least one of these or the next)")
    static let canonicalReference = RepeatedOption<String>("--canonical-reference", value: "FILE", help: """
        a corpus already in RDKit canonical form (e.g. MOSES's splits)
        hashed as written instead of parsed: seconds instead of minutes
        """)
    static let success = RepeatedOption<String>("--success", value: "PREDICATE", help: """
        success condition such as 'MolLogP>3.5', 'TPSA<=75' (all must hold)
        operators > >= < <= = == !=; any descriptor of the chemistry layer,
        or a docking score: Vina(F2), Vina(NR3C1), Vina(PPARD), e.g. 'Vina(F2)<-9'
        """)
    static let json = Option<String?>("--json", value: "FILE", help: "also write the metrics as JSON")
    static let smilesColumn = Option<String?>("--smiles-column", value: "NAME", help: "the SMILES column of a CSV DESIGNS file",
                                              absent: "smiles")
    static let perDesign = Option<String?>("--per-design", value: "FILE", help: """
        also write one CSV row per design
        design, canonical_smiles, valid, unique, novel, success (true/false, as score writes them)
        """)
    static let cache = Option<String?>("--cache", value: "DIR", help: "where corpus indexes are cached",
                                       absent: "$ANTIPODE_CACHE/reference or ~/.cache/antipode/reference")
    static let noCache = Flag("--no-cache", help: "build the corpus index without reading or writing the cache")
    static let referenceSample = Option("--reference-sample", value: "N", default: 10_000,
                                        help: "molecules per corpus file whose descriptors are the side-effect reference")
    static let clusterThreshold = Option("--cluster-threshold", value: "D", default: EvaluationOptions().clusterThreshold,
                                         help: "LeaderPicker Tanimoto distance threshold")
    static let noFilters = Flag("--no-filters", help: "skip the MOSES filters (the slowest per-molecule step; Filters shows –)")
    static let noSideEffects = Flag("--no-side-effects", help: "compute only the predicates' descriptors (no side-effect table)")
    static let threads = Option("--threads", value: "N", default: 2, help: "worker threads")
    static let shard = Option("--shard", value: "I/N", default: Shard.whole, help: """
        evaluate only the I-th of N equal parts of DESIGNS
        set metrics such as uniqueness and diversity are then the part's own
        """)
    static let timings = Flag("--timings", help: "print the seconds each stage took to stderr")
    static let quiet = Flag("--quiet", help: "no progress lines")
    static let positionals = [designs]
    static let options = [OptionGroup("Options:", [reference, canonicalReference, success] + DockingOptions.all
                                        + [json, smilesColumn, perDesign, cache, noCache, referenceSample, clusterThreshold, noFilters,
                                           noSideEffects, threads, shard] + MoleculeLimitOptions.all + [timings, quiet])]

    static func run(_ args: inout ParsedArguments) throws {
        let references = args[reference]
        let canonicalReferences = args[canonicalReference]
        let predicateTexts = args[success]
        let jsonPath = args[json]
        let smilesColumn = args[Self.smilesColumn]
        let perDesign = args[Self.perDesign]
        let cache = args[Self.cache]
        let noCache = args[Self.noCache]
        let sampleSize = args[referenceSample]
        let threshold = args[clusterThreshold]
        let threads = args[Self.threads]
        let quiet = args[Self.quiet]
        let timings = args[Self.timings]
        let filters = !args[noFilters]
        let sideEffects = !args[noSideEffects]
        try MoleculeLimitOptions.apply(args)
        try DockingOptions.apply(args)
        let shard = args[Self.shard]
        let designsPath = try args.positional(designs)
        try args.finish()
        guard !references.isEmpty || !canonicalReferences.isEmpty else {
            throw UserError("give the reference corpus with --reference FILE (novelty needs it)")
        }
        guard sampleSize >= 0 else { throw UserError("--reference-sample must be 0 or more") }
        guard threads >= 1 else { throw UserError("--threads must be at least 1") }
        guard threshold > 0, threshold < 1 else { throw UserError("--cluster-threshold must be between 0 and 1") }
        let predicates = try predicateTexts.flatMap { try DescriptorPredicate.parseAll($0) }
        _ = try SAScore.load()
        if filters { _ = try MOSESFilters.load() }

        let allDesigns = try SequenceFile.read(designsPath, column: smilesColumn).texts()
        let designs = Array(allDesigns[shard.range(of: allDesigns.count)])
        let cacheDirectory = noCache ? nil : cache.map { URL(fileURLWithPath: $0) } ?? ReferenceIndex.defaultCacheDirectory
        let start = Date()
        var parts = references.isEmpty ? [] : [try ReferenceIndex.load(corpora: references, cacheDirectory: cacheDirectory,
                                                                       sampleSize: sampleSize, workers: threads, quiet: quiet)]
        for path in canonicalReferences {
            parts.append(ReferenceIndex(canonicalSmiles: try SequenceFile.texts(path, nonEmpty: true)))
        }
        let reference = parts.count == 1 ? parts[0] : ReferenceIndex(merging: parts)
        let referenceSeconds = Date().timeIntervalSince(start)
        let options = EvaluationOptions(workers: threads, clusterThreshold: threshold, filters: filters, sideEffects: sideEffects)
        let analysing = Date()
        let designSet = DesignSet(designs: designs, plan: options.plan(for: predicates), workers: threads, quiet: quiet)
        var metrics = evaluate(designSet, reference: reference, predicates: predicates, options: options)
        metrics.seconds["analysis"] = Date().timeIntervalSince(analysing)
        // Which corpora "novel" was judged against, so a reader can tell what the numbers mean.
        let named = references.map { "\($0) (canonicalised)" } + canonicalReferences.map { "\($0) (as written)" }
        print("References (\(reference.count) distinct molecules): " + named.joined(separator: ", "))
        print(metrics.table(), terminator: "")
        if let perDesign { try writePerDesign(designSet, reference: reference, predicates: predicates, to: perDesign) }
        if timings {
            let stages = [("reference", referenceSeconds)] + metrics.seconds.sorted { $0.value > $1.value }.filter { $0.value >= 0.01 }
            printError("timings: " + stages.map { String(format: "%@ %.2f s", $0.0, $0.1) }.joined(separator: ", "))
        }
        if let jsonPath {
            try AtomicFile.write(metrics.json(), to: URL(fileURLWithPath: jsonPath))
        }
    }

    /// One row per design, in input order, with the flags the metrics count (`DesignFlags`): novel and success
    /// only on a molecule's first design, so the columns sum to the novelty and success counts.
    static func writePerDesign(_ set: DesignSet, reference: ReferenceIndex, predicates: [DescriptorPredicate], to path: String) throws {
        var csv = "design,canonical_smiles,valid,unique,novel,success\n"
        for (i, f) in set.flags(reference: reference, predicates: predicates).enumerated() {
            let canonical = set.moleculeOfDesign[i].map { CSV.quote(set.molecules[$0].canonicalSmiles) } ?? ""
            csv += "\(CSV.quote(set.designs[i])),\(canonical),\(f.valid),\(f.unique),\(f.novel),\(f.success)\n"
        }
        try AtomicFile.write(csv, to: URL(fileURLWithPath: path))
    }
}
