import Campaign
import CommandLineTool
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
    static let header = """
        Usage: antipode sweep BASE --vector FILE[:W] [--vector …] --reference CORPUS --success PREDICATE [options]

        For every λ of the grid, edits the base model to θ = θ_base + merge(−λ·W_i·τ_i), samples it
        (every λ with the same seed), and scores the samples: validity, uniqueness, novelty against the
        reference corpora, success rate (valid, unique, novel and every predicate) and the number of
        successful clusters. Then chooses λ: the largest success rate (or success × clusters) among the λ
        whose validity and novelty reach their floors; ties go to the smaller λ.
        """
    static let footer = """
        Example:
          antipode sweep models/moses-base --vector logp-low.safetensors \\
              --reference molecules/moses/train.csv.gz --reference logp-low/train.smiles \\
              --success 'MolLogP>3.5' --samples 1000 -o sweep-logp --save-model models/logp-negated
        """

    static let base = Positional("BASE", missing: "BASE model folder")
    static let vector = RepeatedOption<String>("--vector", value: "FILE[:W]", help: """
        a task vector and its relative weight W (1 when not written)
        dual-objective designs negate several vectors; W sets their balance
        """)
    static let reference = RepeatedOption<String>("--reference", value: "FILE", help: """
        corpus a design must be absent from to be novel
        the pre-training set and the fine-tuning sets
        """)
    static let canonicalReference = RepeatedOption<String>("--canonical-reference", value: "FILE", help: """
        a corpus already in RDKit canonical form (e.g. MOSES's splits)
        hashed as written in seconds instead of canonicalised (as in evaluate)
        """)
    static let success = RepeatedOption<String>("--success", value: "PREDICATE", help: "e.g. 'MolLogP>3.5' (all must hold)")
    static let grid = Option("--grid", value: "GRID", default: "0.1:1:0.05", help: "the λ values, FROM:TO:STEP or a list; the default is the paper's grid")
    static let samples = Option("--samples", value: "N", default: 1000, help: "designs sampled per λ")
    static let seed = Option("--seed", value: "N", default: UInt64(0), help: "sampling seed, the same for every λ, and DARE's mask seed")
    static let temperature = Option("--temperature", value: "T", default: SamplingOptions().temperature, help: "sampling temperature")
    static let rule = Option("--rule", value: "RULE", default: LambdaChoiceRule.Objective.successWithinOneSE.rawValue, help: """
        how λ is chosen
          success_1se: the smallest λ within one standard error of the largest success rate
          success: the largest success rate
          success_x_clusters: the largest success rate × successful clusters
        """)
    static let minValidity = Option("--min-validity", value: "F", default: LambdaChoiceRule().minValidity, help: "validity floor")
    static let minNovelty = Option("--min-novelty", value: "F", default: LambdaChoiceRule().minNovelty,
                                   help: "novelty floor; novelty is novel / designs, as in the paper")
    static let scale = RepeatedOption<String>("--scale", value: "RULE", help: "per-tensor factor on λ, as for `antipode edit`")
    static let force = Flag("--force", help: "use vectors taken from a different base")
    static let output = Option<String?>("-o", "--output", value: "DIR",
                                        help: "write sweep.csv, sweep.json (rule, rows, choice) and samples.csv there")
    static let saveModel = Option<String?>("--save-model", value: "DIR", help: "write the model at the chosen λ as a model folder")
    static let cache = Option<String?>("--cache", value: "DIR", help: "reference index cache",
                                       absent: "$ANTIPODE_CACHE/reference or ~/.cache/antipode/reference")
    static let threads = Option("--threads", value: "N", default: 2, help: "worker threads for scoring")
    static let quiet = Flag("--quiet", help: "no progress lines")
    /// The merge methods' options but `--seed`, which is the sweep's own (sampling and DARE's masks).
    static let methodOptions = MergeArguments.methodOptions(excluding: ["seed"])
    static let positionals = [base]
    static let options = [
        OptionGroup("Options:", [vector, reference, canonicalReference, success, grid, samples, seed, temperature, rule, minValidity,
                                 minNovelty, MergeArguments.method, scale, force, output, saveModel, cache, threads, quiet]),
        OptionGroup("Method options, as for `antipode edit` (each only with its method; defaults per method):", methodOptions),
    ]

    static func run(_ args: inout ParsedArguments) throws {
        let vectorTexts = args[vector]
        let references = args[reference]
        let canonicalReferences = args[canonicalReference]
        let predicates = try args[success].flatMap { try DescriptorPredicate.parseAll($0) }
        let grid = try LambdaGrid(parsing: args[Self.grid])
        let samples = args[Self.samples]
        let seed = args[Self.seed]
        let temperature = args[Self.temperature]
        let ruleText = args[rule]
        guard let objective = LambdaChoiceRule.Objective(rawValue: ruleText) else {
            throw UserError("--rule must be \(LambdaChoiceRule.Objective.allCases.map(\.rawValue).joined(separator: ", ")), got '\(ruleText)'")
        }
        let rule = LambdaChoiceRule(objective: objective, minValidity: args[minValidity], minNovelty: args[minNovelty])
        var merge = try MergeArguments(args, methodOptions: methodOptions)
        let scales = try args[scale].map(ScaleRule.init(parsing:))
        let output = args[Self.output]
        let threads = args[Self.threads]
        let quiet = args[Self.quiet]
        let basePath = try args.positional(base)
        try args.finish()
        guard !vectorTexts.isEmpty else { throw UserError("no task vector given (use --vector FILE)") }
        guard !references.isEmpty || !canonicalReferences.isEmpty else {
            throw UserError("give the reference corpus with --reference FILE or --canonical-reference FILE (novelty needs it)")
        }
        guard !predicates.isEmpty else { throw UserError("give the success rule with --success PREDICATE, e.g. 'MolLogP>3.5'") }
        guard samples > 0 else { throw UserError("--samples must be positive") }
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
        var parts = references.isEmpty ? [] : [try ReferenceIndex.load(corpora: references, cacheDirectory: args[Self.cache].map { URL(fileURLWithPath: $0) } ?? ReferenceIndex.defaultCacheDirectory,
                                                                        workers: threads, quiet: quiet)]
        for path in canonicalReferences { parts.append(ReferenceIndex(canonicalSmiles: try SequenceFile.texts(path, nonEmpty: true))) }
        let reference = parts.count == 1 ? parts[0] : ReferenceIndex(merging: parts)
        let sweep = LambdaSweep(base: base, vectors: vectors, grid: grid, method: method, scales: scales, force: args[Self.force],
                                samplesPerLambda: samples, seed: seed, rule: rule)
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
        if let saveModel = args[Self.saveModel], let row = chosen {
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
