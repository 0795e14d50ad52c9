import Campaign
import Evaluation
import Foundation
import Model
import Support
import Sweep
import TaskArithmetic

/// `antipode sweep`: try a grid of negation strengths λ and choose one by a stated rule.
struct SweepCommand: Command {
    static let name = "sweep"
    static let summary = "sweep the negation strength λ, score samples, choose λ by a rule"
    static let usage = """
        Usage: antipode sweep BASE --vector FILE[:W] [--vector …] --reference CORPUS --success PREDICATE [options]

        For every λ of the grid, edits the base model to θ = θ_base + merge(−λ·W_i·τ_i), samples it
        (every λ with the same seed), and scores the samples: validity, uniqueness, novelty against the
        reference corpora, success rate (valid, unique, novel and every predicate) and the number of
        successful clusters. Then chooses λ: the largest success rate (or success × clusters) among the λ
        whose validity and novelty reach their floors; ties go to the smaller λ.

        Options:
          --vector FILE[:W]      a task vector and its relative weight W (default 1; repeatable: dual-objective
                                 designs negate several vectors, W sets their balance)
          --reference FILE       corpus a design must be absent from to be novel (repeatable; the pre-training
                                 set and the fine-tuning sets)
          --success PREDICATE    e.g. 'MolLogP>3.5' (repeatable; all must hold)
          --grid GRID            FROM:TO:STEP or a list (default 0.1:1:0.05, the paper's)
          --samples N            designs sampled per λ (default 1000)
          --seed N               sampling seed, the same for every λ, and DARE's mask seed (default 0)
          --temperature T        sampling temperature (default 1)
          --rule RULE            success_1se (default: the smallest λ within one standard error of the
                                 largest success rate), success (the largest) or success_x_clusters
          --min-validity F       validity floor (default 0.8)
          --min-novelty F        novelty floor (default 0.5; the paper's novelty: novel / designs)
          --method NAME …        merge method and its options, as for `antipode edit` (default sum)
          --scale RULE           per-tensor factor on λ, as for `antipode edit`
          --force                use vectors taken from a different base
          -o, --output DIR       write sweep.csv, sweep.json (rule, rows, choice) and samples.csv there
          --save-model DIR       write the model at the chosen λ as a model folder
          --canonical-reference FILE
                                 a corpus already in RDKit canonical form (e.g. MOSES's splits), hashed as
                                 written in seconds instead of canonicalised (repeatable; as in evaluate)
          --cache DIR            reference index cache (default $ANTIPODE_CACHE/reference)
          --threads N            worker threads for scoring (default 2)
          --quiet                no progress lines

        Example:
          antipode sweep models/moses-base --vector logp-low.safetensors \\
              --reference molecules/moses/train.csv.gz --reference logp-low/train.smiles \\
              --success 'MolLogP>3.5' --samples 1000 -o sweep-logp --save-model models/logp-negated
        """

    static func run(_ args: inout Arguments) throws {
        let vectorTexts = try args.options("--vector")
        let references = try args.options("--reference")
        let canonicalReferences = try args.options("--canonical-reference")
        let predicates = try args.options("--success").flatMap { try DescriptorPredicate.parseAll($0) }
        let grid = try (try args.option("--grid")).map(LambdaGrid.init(parsing:)) ?? .paper
        let samples = try args.int("--samples") ?? 1000
        let seed = try args.int("--seed") ?? 0
        let temperature = try args.double("--temperature") ?? 1
        let ruleText = try args.option("--rule") ?? "success_1se"
        guard let objective = LambdaChoiceRule.Objective(rawValue: ruleText) else {
            throw UserError("--rule must be \(LambdaChoiceRule.Objective.allCases.map(\.rawValue).joined(separator: ", ")), got '\(ruleText)'")
        }
        let rule = LambdaChoiceRule(objective: objective, minValidity: try args.double("--min-validity") ?? 0.8,
                                    minNovelty: try args.double("--min-novelty") ?? 0.5)
        var merge = try MergeArguments(&args)
        let scales = try args.options("--scale").map(ScaleRule.init(parsing:))
        let force = args.flag("--force")
        let output = try args.option("-o", "--output")
        let saveModel = try args.option("--save-model")
        let cache = try args.option("--cache")
        let threads = try args.int("--threads") ?? 2
        let quiet = args.flag("--quiet")
        let basePath = try args.positional("BASE model folder")
        try args.finish()
        guard !vectorTexts.isEmpty else { throw UserError("no task vector given (use --vector FILE)") }
        guard !references.isEmpty || !canonicalReferences.isEmpty else {
            throw UserError("give the reference corpus with --reference FILE or --canonical-reference FILE (novelty needs it)")
        }
        guard !predicates.isEmpty else { throw UserError("give the success rule with --success PREDICATE, e.g. 'MolLogP>3.5'") }
        guard samples > 0 else { throw UserError("--samples must be positive") }
        guard seed >= 0 else { throw UserError("--seed must not be negative") }
        guard temperature > 0 else { throw UserError("--temperature must be positive") }
        guard threads >= 1 else { throw UserError("--threads must be at least 1") }
        // One seed: sampling's, and DARE's masks when the method is DARE.
        if merge.kind.options.contains(where: { $0.name == "seed" }) { merge.settings["seed"] = Double(seed) }
        let method = try merge.make()

        let base = try LanguageModel.load(from: URL(fileURLWithPath: basePath))
        let vectors = try vectorTexts.map { text -> SweepVector in
            let (path, weight) = try weighted(text)
            return SweepVector(vector: try TaskVector.read(URL(fileURLWithPath: path)), weight: weight, source: path)
        }
        // As in `evaluate`: corpora to canonicalise (cached), and corpora already canonical, hashed as written.
        var parts = references.isEmpty ? [] : [try ReferenceIndex.load(corpora: references, cacheDirectory: cache.map { URL(fileURLWithPath: $0) } ?? ReferenceIndex.defaultCacheDirectory,
                                                                        workers: threads, quiet: quiet)]
        for path in canonicalReferences { parts.append(ReferenceIndex(canonicalSmiles: try SequenceFile.texts(path, nonEmpty: true))) }
        let reference = parts.count == 1 ? parts[0] : ReferenceIndex(merging: parts)
        let sweep = LambdaSweep(base: base, vectors: vectors, grid: grid, method: method, scales: scales, force: force,
                                samplesPerLambda: samples, seed: UInt64(seed), rule: rule)
        var sampling = SamplingOptions()
        sampling.temperature = temperature
        let result = try sweep.run(reference: reference, predicates: predicates, sampling: sampling,
                                   evaluation: EvaluationOptions(workers: threads), quiet: quiet) { row, _ in
            if !quiet {
                printError(String(format: "λ = %.3g: validity %.3f, novelty %.3f, success %.3f, %d successful clusters",
                                  row.lambda, row.validity, row.novelty, row.successRate, row.successClusters))
            }
        }

        let chosen = try? result.choice.get()
        print("Success: " + predicates.map(\.description).joined(separator: " AND "))
        print(SweepTable.text(result.rows, rule: rule, chosen: chosen?.lambda), terminator: "")
        print("Rule: \(rule)")
        if let chosen {
            print("Chosen λ = \(chosen.lambda)")
            if let note = LambdaChoiceRule.edgeNote(chosen: chosen.lambda, grid: result.rows.map(\.lambda)) { print("Note: \(note)") }
        }
        if let output {
            let dir = URL(fileURLWithPath: output)
            try AtomicFile.write(SweepTable.csv([.init(method: method.name, rows: result.rows, chosen: chosen?.lambda)]),
                                 to: dir.appendingPathComponent("sweep.csv"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            // One spelling per quantity: sweep.json's keys as metrics.json and sweep.csv write them.
            encoder.keyEncodingStrategy = .convertToSnakeCase
            try AtomicFile.write(try encoder.encode(SweepTable.record(sweep, result)), to: dir.appendingPathComponent("sweep.json"))
            var csv = "lambda,smiles\n"
            for (row, designs) in zip(result.rows, result.samples) {
                for s in designs { csv += "\(row.lambda),\(s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s)\n" }
            }
            try AtomicFile.write(csv, to: dir.appendingPathComponent("samples.csv"))
            print("wrote \(output)/sweep.csv, sweep.json, samples.csv")
        }
        // Written first, so the table survives; then no choice is an error (exit status 1).
        if case .failure(let e) = result.choice { throw e }
        if let saveModel, let row = chosen {
            let edit = sweep.edit(at: row.lambda)
            try edit.apply(to: base).save(to: URL(fileURLWithPath: saveModel), metadata: edit.metadata(baseChecksum: base.checksum))
            print("wrote \(saveModel): the model at λ = \(row.lambda)")
        }
    }

    /// `FILE` (weight 1) or `FILE:W`.
    static func weighted(_ text: String) throws -> (String, Double) {
        if let colon = text.lastIndex(of: ":"), let w = Double(text[text.index(after: colon)...]) {
            guard w.isFinite else { throw UserError("--vector '\(text)': the weight must be finite") }
            return (String(text[..<colon]), w)
        }
        return (text, 1)
    }
}
