import Chem
import Evaluation
import Foundation
import Support

/// `antipode evaluate`: design metrics of a set of generated SMILES against a reference corpus.
struct EvaluateCommand: Command {
    static let name = "evaluate"
    static let summary = "validity, uniqueness, novelty, success, diversity and side effects of designs"
    static let usage = """
        Usage: antipode evaluate DESIGNS --reference CORPUS [--reference CORPUS ...] [options]

        DESIGNS is a .smi/.txt file (first field of each line), a .csv with a SMILES column, either
        optionally gzipped, or - for standard input. Every line is a design: invalid and empty ones count.
        CORPUS is the pre-training set and any fine-tuning sets (same formats); each is canonicalised once
        and its index cached.

        Options:
          --reference FILE       reference corpus (repeatable; at least one of these or the next)
          --canonical-reference FILE
                                 a corpus already in RDKit canonical form (e.g. MOSES's splits), hashed as
                                 written instead of parsed: seconds instead of minutes (repeatable)
          --success PREDICATE    success condition such as 'MolLogP>3.5', 'TPSA<=75' (repeatable; all must
                                 hold; operators > >= < <= = == !=; any descriptor of the chemistry layer,
                                 or a docking score: Vina(F2), Vina(NR3C1), Vina(PPARD), e.g. 'Vina(F2)<-9')
          \(DockingOptions.usage)
          --json FILE            also write the metrics as JSON
          --smiles-column NAME   the SMILES column of a CSV DESIGNS file (default smiles)
          --per-design FILE      also write one CSV row per design: design, canonical_smiles, valid, unique,
                                 novel, success (true/false, as score writes them)
          --cache DIR            where corpus indexes are cached (default $ANTIPODE_CACHE/reference or
                                 ~/.cache/antipode/reference)
          --no-cache             build the corpus index without reading or writing the cache
          --reference-sample N   molecules per corpus file whose descriptors are the side-effect
                                 reference (default 10000)
          --cluster-threshold D  LeaderPicker Tanimoto distance threshold (default 0.65)
          --no-filters           skip the MOSES filters (the slowest per-molecule step; Filters shows –)
          --no-side-effects      compute only the predicates' descriptors (no side-effect table)
          --threads N            worker threads (default 2)
          --shard I/N            evaluate only the I-th of N equal parts of DESIGNS (set metrics such as
                                 uniqueness and diversity are then the part's own)
          \(MoleculeLimitOptions.usage)
          --timings              print the seconds each stage took to stderr
          --quiet                no progress lines

        Example:
          antipode evaluate designs.smi --reference train.csv.gz --reference negatives.smi \\
              --success 'MolLogP>3.5' --json metrics.json
        """

    static func run(_ args: inout Arguments) throws {
        let references = try args.options("--reference")
        let canonicalReferences = try args.options("--canonical-reference")
        let predicateTexts = try args.options("--success")
        let jsonPath = try args.option("--json")
        let smilesColumn = try args.option("--smiles-column")
        let perDesign = try args.option("--per-design")
        let cache = try args.option("--cache")
        let noCache = args.flag("--no-cache")
        let sampleSize = try args.int("--reference-sample") ?? 10_000
        let threshold = try args.double("--cluster-threshold") ?? 0.65
        let threads = try args.int("--threads") ?? 2
        let quiet = args.flag("--quiet")
        let timings = args.flag("--timings")
        let filters = !args.flag("--no-filters")
        let sideEffects = !args.flag("--no-side-effects")
        try MoleculeLimitOptions.apply(&args)
        try DockingOptions.apply(&args)
        let shard = try Shard.option(&args)
        let designsPath = try args.positional("DESIGNS")
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
