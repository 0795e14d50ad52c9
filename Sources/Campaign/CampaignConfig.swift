import Evaluation
import Foundation
import Model
import Support
import Sweep
import TaskArithmetic

/// Everything a design campaign needs, read from one JSON file.
///
/// Paths are resolved against the config file's folder when relative and not found from the current
/// folder. See README "Campaigns" for an annotated example.
public struct CampaignConfig: Equatable, Sendable {
    /// One property direction: the negative set a vector is fine-tuned on and the rule a design must meet.
    public struct Objective: Equatable, Sendable, Encodable {
        public var label: String
        /// A folder with train.smiles / val.smiles (or .smi/.csv), or one file split 90/10 by the seed.
        public var negatives: String
        /// Predicates such as `MolLogP>3.5`, ANDed (and ANDed across objectives).
        public var success: [String]
        /// Multiplies the swept λ for this objective's vector (dual-objective balance); default 1.
        public var lambdaScale: Double

        enum CodingKeys: String, CodingKey { case label, negatives, success, lambdaScale = "lambda_scale" }

        public init(label: String, negatives: String, success: [String], lambdaScale: Double = 1) {
            self.label = label
            self.negatives = negatives
            self.success = success
            self.lambdaScale = lambdaScale
        }
    }

    public struct FineTune: Equatable, Sendable {
        /// Batch, learning rate, epochs (at most), patience and min-delta, as `train` takes them: the paper's
        /// fine-tuning by default. The runner adds the seed, resuming and enumeration per model.
        public var training = TrainingOptions.paperFineTuning
        /// Dropout between LSTM layers while fine-tuning (the paper's 0.25; base models are often pre-trained without).
        public var dropout = 0.25
        /// A folder shared by campaigns: each fine-tuned model is kept there under a key of what made it
        /// (start model, molecules, these options, seed), so campaigns that fine-tune the same model on the
        /// same molecules train it once. Campaigns sharing it must not run at the same time.
        public var cache: String?
        /// Train for exactly `training.epochs` on every molecule (training and validation together), without early
        /// stopping: for few-shot sets too small to spare molecules for validation.
        public var fixedEpochs = false
        /// SMILES enumeration: with N, the campaign adds two arms trained on N randomized SMILES of each
        /// molecule per epoch — "negation (enumerated)" (a task vector from the negatives, swept with `sum`)
        /// and, with a positives baseline, "positives (enumerated)". The paper's smi-enum strategies.
        public var enumerate: Int?
        /// Tangent-space fine-tuning: adds the arm "negation (linearized)", a task vector of the negatives
        /// fine-tuned linearized around the base (`train --linearized`), swept with `sum` and sampled through
        /// the expansion around the base.
        public var linearized = false

    }

    public struct Sweep: Equatable, Sendable {
        /// The paper's grid: 0.10 … 1.00 in steps of 0.05.
        public var lambdas: [Double] = stride(from: 10, through: 100, by: 5).map { Double($0) / 100 }
        public var samples = 1000
        public var validityFloor = 0.8
        public var noveltyFloor = 0.5
        /// `success_1se` (the default: the smallest λ within one standard error of the best success rate),
        /// `success` (the largest success rate, the paper's rule) or `success_x_clusters`.
        public var rule = LambdaChoiceRule.Objective.successWithinOneSE
        /// Merge methods (see `antipode edit --help`), each swept and sampled as its own arm; the first
        /// is the campaign's main method. Plain task arithmetic by default.
        public var methods = ["sum"]
    }

    public struct Design: Equatable, Sendable, Encodable {
        public var samples = 10_000
        public var temperature = 1.0
        public var topK = 0
        public var batchSize = 512

        enum CodingKeys: String, CodingKey { case samples, temperature, topK = "top_k", batchSize = "batch_size" }
    }

    public struct FewShot: Equatable, Sendable, Encodable {
        public var positives: String
        /// Fractions of the positive training set, one few-shot arm each (e.g. [0.01, 0.05]).
        public var fractions: [Double]
        /// Also an arm per fraction with learned λ: one coefficient per task vector and layer, fitted to the
        /// fraction's positives (`CoefficientFit`), started at the chosen negation.
        public var learnedLambda = false

        enum CodingKeys: String, CodingKey { case positives, fractions, learnedLambda = "learned_lambda" }

        public init(positives: String, fractions: [Double], learnedLambda: Bool = false) {
            self.positives = positives
            self.fractions = fractions
            self.learnedLambda = learnedLambda
        }
    }

    public var name: String
    /// Results folder (`notebooks-data/<name>` by default).
    public var output: String
    /// Working folder for models, vectors and checkpoints (`runs/<name>` by default).
    public var work: String
    public var seed: Int
    /// A model folder; `models/moses-base` is the shipped default.
    public var baseModel: String
    /// Corpora a design must be absent from to count as novel (the fine-tuning sets are added to them).
    public var reference: [String]
    /// Reference corpora whose SMILES are already RDKit-canonical (as MOSES's splits are), so they are
    /// hashed as written instead of being parsed: seconds instead of minutes for 1.6M molecules.
    public var canonicalReference: [String] = []
    public var objectives: [Objective]
    public var fineTune = FineTune()
    public var sweep = Sweep()
    public var design = Design()
    public var fewShot: FewShot?
    /// Positive sets for the "fine-tune on positives" baseline (one per objective, fine-tuned in order).
    public var baselinePositives: [String]?
    /// Also fine-tune on the positive sets in reverse order (dual-objective baselines, both orders).
    public var baselineReverse = false
    /// Where the config's relative paths were resolved (its file's folder): an earlier version's resume key
    /// is read back against it.
    public var sourceFolder = "."

    static let topLevelKeys = ["name", "output", "work", "seed", "base_model", "reference", "canonical_reference", "objectives", "fine_tune", "sweep", "design", "few_shot", "baseline"]
    /// Whether the config named its `output` folder (else it is `notebooks-data/<name>`, which `campaign run` says).
    public var outputGiven = false

    public static let defaultBaseModel = "models/moses-base"
    public static let defaultReference = ["molecules/moses/train.csv.gz"]

    /// A config built in code; `validate` checks it as `load` checks a file. Output and work folders default
    /// to `notebooks-data/<name>` and `runs/<name>`.
    public init(name: String, output: String? = nil, work: String? = nil, seed: Int = 1, baseModel: String = defaultBaseModel,
                reference: [String] = defaultReference, objectives: [Objective]) {
        self.name = name
        self.output = output ?? "notebooks-data/\(name)"
        self.work = work ?? "runs/\(name)"
        self.seed = seed
        self.baseModel = baseModel
        self.reference = reference
        self.objectives = objectives
        outputGiven = output != nil
    }

    /// Reads and validates a config file; every problem is one line naming the key.
    public static func load(_ path: String) throws -> CampaignConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("cannot read campaign config \(path)") }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(data, source: path, folder: base)
    }

    /// With `checkPaths` false, paths that do not exist are kept as written (reading an earlier store's config).
    static func parse(_ data: Data, source: String, folder: String, checkPaths: Bool = true) throws -> CampaignConfig {
        var root = try StrictJSON.parse(data, source: source)
        // An input path is looked up next to the config file first, then in the working directory (where the
        // shipped configs' `models/…` and `molecules/…` live when run from the repository root).
        func resolve(_ p: String) -> String {
            if p.hasPrefix("/") { return p }
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(p).path
            return FileManager.default.fileExists(atPath: candidate) ? candidate : p
        }
        func requireExists(_ p: String, _ key: String) throws -> String {
            let r = resolve(p)
            guard !checkPaths || FileManager.default.fileExists(atPath: r) else { throw UserError("\(source).\(key): no such file or folder '\(p)'") }
            return r
        }

        // A misspelt top-level key ("objetives") must be named as unknown, not reported as a missing one.
        try root.rejectUnknown(allowed: topLevelKeys)
        let name = try root.requiredString("name")
        let canonicalReference = try (try root.strings("canonical_reference") ?? []).map { try requireExists($0, "canonical_reference") }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw UserError("\(source).name must be letters, digits, '-', '_' or '.', got '\(name)'")
        }
        let referenceGiven = try root.strings("reference")
        var config = CampaignConfig(
            name: name,
            output: try root.string("output"),
            work: try root.string("work"),
            seed: try root.int("seed") ?? 1,
            baseModel: try requireExists(try root.string("base_model") ?? defaultBaseModel, "base_model"),
            reference: try (referenceGiven ?? (canonicalReference.isEmpty ? defaultReference : [])).map { try requireExists($0, "reference") },
            objectives: [])
        config.canonicalReference = canonicalReference
        config.sourceFolder = folder

        guard let objectives = try root.objects("objectives"), !objectives.isEmpty else {
            throw UserError("\(source).objectives is required: a list of {label, negatives, success}")
        }
        for var o in objectives {
            config.objectives.append(Objective(
                label: try o.requiredString("label"),
                negatives: try requireExists(try o.requiredString("negatives"), "\(o.path.dropFirst(source.count + 1)).negatives"),
                success: try o.strings("success") ?? [],
                lambdaScale: try o.double("lambda_scale") ?? 1))
            try o.finish(allowed: ["label", "negatives", "success", "lambda_scale"])
        }
        if var f = try root.object("fine_tune") {
            config.fineTune.training.batchSize = try f.int("batch_size") ?? config.fineTune.training.batchSize
            config.fineTune.training.learningRate = try f.double("learning_rate") ?? config.fineTune.training.learningRate
            config.fineTune.training.epochs = try f.int("max_epochs") ?? config.fineTune.training.epochs
            config.fineTune.training.patience = try f.int("patience") ?? config.fineTune.training.patience
            config.fineTune.training.minDelta = try f.double("min_delta") ?? config.fineTune.training.minDelta
            config.fineTune.dropout = try f.double("dropout") ?? config.fineTune.dropout
            config.fineTune.cache = try f.string("cache")
            config.fineTune.fixedEpochs = try f.bool("fixed_epochs") ?? false
            config.fineTune.enumerate = try f.int("enumerate")
            config.fineTune.linearized = try f.bool("linearized") ?? false
            try f.finish(allowed: ["batch_size", "learning_rate", "max_epochs", "patience", "min_delta", "dropout", "cache", "fixed_epochs",
                                   "enumerate", "linearized"])
        }
        if var s = try root.object("sweep") {
            // A list of numbers, or the grid string `sweep --grid` takes ("0.1:1:0.05", "0.2,0.5").
            if let grid = try s.lenientString("lambdas") {
                do { config.sweep.lambdas = try LambdaGrid(parsing: grid).values } catch { throw UserError("\(s.path).lambdas: \(error)") }
            } else {
                config.sweep.lambdas = try s.doubles("lambdas") ?? config.sweep.lambdas
            }
            config.sweep.samples = try s.int("samples") ?? config.sweep.samples
            config.sweep.validityFloor = try s.double("validity_floor") ?? config.sweep.validityFloor
            config.sweep.noveltyFloor = try s.double("novelty_floor") ?? config.sweep.noveltyFloor
            if let rule = try s.string("rule") {
                guard let objective = LambdaChoiceRule.Objective(rawValue: rule) else {
                    throw UserError("\(s.path).rule must be \(LambdaChoiceRule.Objective.allCases.map(\.rawValue).joined(separator: ", ")), got '\(rule)'")
                }
                config.sweep.rule = objective
            }
            if let one = try s.string("method") { config.sweep.methods = [one] }
            config.sweep.methods = try s.strings("methods") ?? config.sweep.methods
            try s.finish(allowed: ["lambdas", "samples", "validity_floor", "novelty_floor", "rule", "method", "methods"])
        }
        if var d = try root.object("design") {
            config.design.samples = try d.int("samples") ?? config.design.samples
            config.design.temperature = try d.double("temperature") ?? config.design.temperature
            config.design.topK = try d.int("top_k") ?? config.design.topK
            config.design.batchSize = try d.int("batch_size") ?? config.design.batchSize
            try d.finish(allowed: ["samples", "temperature", "top_k", "batch_size"])
        }
        if var f = try root.object("few_shot") {
            let fractions = try f.doubles("fractions") ?? [try f.double("fraction") ?? 0.05]
            config.fewShot = FewShot(positives: try requireExists(try f.requiredString("positives"), "few_shot.positives"), fractions: fractions,
                                     learnedLambda: try f.bool("learned_lambda") ?? false)
            try f.finish(allowed: ["positives", "fraction", "fractions", "learned_lambda"])
        }
        if var b = try root.object("baseline") {
            config.baselinePositives = try (try b.strings("positives") ?? []).map { try requireExists($0, "baseline.positives") }
            config.baselineReverse = try b.bool("reverse") ?? false
            try b.finish(allowed: ["positives", "reverse"])
        }
        try root.finish(allowed: topLevelKeys)
        try config.validate(source: source)
        return config
    }

    /// Checks every value's range and consistency, naming the key as a config file would (`c.json.sweep.samples`);
    /// `load` runs it on every file, and code that builds a config runs it before use.
    public func validate(source: String = "config") throws {
        for (i, objective) in objectives.enumerated() {
            let path = "\(source).objectives[\(i)]"
            try Self.within(objective.lambdaScale, above: 0, through: Self.maxLambda, "\(path).lambda_scale")
            guard !objective.success.isEmpty else { throw UserError("\(path).success is required: e.g. [\"MolLogP>3.5\"]") }
            for rule in objective.success {
                do { _ = try DescriptorPredicate.parseAll(rule) } catch { throw UserError("\(path).success: \(error)") }
            }
        }
        if Set(objectives.map(\.label)).count != objectives.count {
            throw UserError("\(source).objectives: labels must be distinct")
        }
        let f = "\(source).fine_tune"
        if let n = fineTune.enumerate, !(1...100).contains(n) {
            throw UserError("\(f).enumerate must be 1…100 randomized SMILES per molecule per epoch, got \(n)")
        }
        guard fineTune.dropout >= 0, fineTune.dropout < 1 else {
            throw UserError("\(f).dropout must be in [0, 1), got \(fineTune.dropout)")
        }
        try Self.positive(fineTune.training.batchSize, "\(f).batch_size")
        try Self.positive(fineTune.training.epochs, "\(f).max_epochs")
        guard fineTune.training.learningRate > 0 else { throw UserError("\(f).learning_rate must be > 0") }
        try Self.within(fineTune.training.learningRate, above: 0, through: 1, "\(f).learning_rate")
        try Self.atMost(fineTune.training.batchSize, 100_000, "\(f).batch_size")
        try Self.atMost(fineTune.training.epochs, 10_000, "\(f).max_epochs")
        guard fineTune.training.patience >= 0 else { throw UserError("\(f).patience must be 0 (never stop early) or more, got \(fineTune.training.patience)") }
        try Self.within(fineTune.training.minDelta, from: 0, through: 1, "\(f).min_delta")

        let s = "\(source).sweep"
        guard !sweep.methods.isEmpty, Set(sweep.methods).count == sweep.methods.count else {
            throw UserError("\(s).methods must be a non-empty list of distinct merge methods")
        }
        for m in sweep.methods where MergeMethods.all.first(where: { $0.name == m }) == nil {
            throw UserError("\(s): unknown merge method '\(m)'; allowed: \(MergeMethods.all.map(\.name).joined(separator: ", "))")
        }
        guard !sweep.lambdas.isEmpty else { throw UserError("\(s).lambdas must not be empty") }
        for (i, lambda) in sweep.lambdas.enumerated() {
            try Self.within(lambda, above: 0, through: Self.maxLambda, "\(s).lambdas[\(i)] (a negation strength)")
            if sweep.lambdas[..<i].contains(lambda) { throw UserError("\(s).lambdas lists \(lambda) twice") }
        }
        try Self.positive(sweep.samples, "\(s).samples")
        try Self.atMost(sweep.samples, Self.maxSamples, "\(s).samples")
        try Self.within(sweep.validityFloor, from: 0, through: 1, "\(s).validity_floor")
        try Self.within(sweep.noveltyFloor, from: 0, through: 1, "\(s).novelty_floor")

        let d = "\(source).design"
        try Self.positive(design.samples, "\(d).samples")
        try Self.positive(design.batchSize, "\(d).batch_size")
        guard design.temperature > 0 else { throw UserError("\(d).temperature must be > 0") }
        try Self.within(design.temperature, above: 0, through: 100, "\(d).temperature")
        try Self.atMost(design.samples, Self.maxSamples, "\(d).samples")
        try Self.atMost(design.batchSize, 100_000, "\(d).batch_size")
        guard design.topK >= 0 else { throw UserError("\(d).top_k must be 0 (all tokens) or more, got \(design.topK)") }

        if let fewShot {
            guard !fewShot.fractions.isEmpty else { throw UserError("\(source).few_shot.fractions must not be empty") }
            for x in fewShot.fractions where !(x > 0 && x <= 1) { throw UserError("\(source).few_shot.fraction must be in (0, 1], got \(x)") }
        }
        if let positives = baselinePositives, positives.isEmpty { throw UserError("\(source).baseline.positives is required") }
    }

    static func positive(_ v: Int, _ key: String) throws {
        guard v > 0 else { throw UserError("\(key) must be > 0, got \(v)") }
    }

    /// The largest negation strength (λ, and an objective's λ scale) a config may ask for: far beyond the
    /// paper's 1.0, far below where Float weights overflow.
    public static let maxLambda = 100.0
    /// The most designs a sweep point or an arm may ask for.
    public static let maxSamples = 10_000_000

    static func atMost(_ v: Int, _ limit: Int, _ key: String) throws {
        guard v <= limit else { throw UserError("\(key) must be at most \(limit), got \(v)") }
    }

    /// `v` in (lower, upper] with `above:` or [lower, upper] with `from:`; NaN never is.
    static func within(_ v: Double, above lower: Double? = nil, from inclusive: Double? = nil, through upper: Double,
                               _ key: String) throws {
        let ok = v.isFinite && v <= upper && (lower.map { v > $0 } ?? true) && (inclusive.map { v >= $0 } ?? true)
        guard ok else {
            let range = lower.map { "in (\($0), \(upper)]" } ?? "in [\(inclusive ?? 0), \(upper)]"
            throw UserError("\(key) must be \(range), got \(v)")
        }
    }
}
