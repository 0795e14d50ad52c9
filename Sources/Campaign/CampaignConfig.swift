import Evaluation
import Foundation
import Support
import Sweep
import TaskArithmetic

/// Everything a design campaign needs, read from one JSON file.
///
/// Paths are resolved against the config file's folder when relative and not found from the current
/// folder. See README "Campaigns" for an annotated example.
public struct CampaignConfig: Equatable, Sendable {
    /// One property direction: the negative set a vector is fine-tuned on and the rule a design must meet.
    public struct Objective: Equatable, Sendable {
        public var label: String
        /// A folder with train.smiles / val.smiles (or .smi/.csv), or one file split 90/10 by the seed.
        public var negatives: String
        /// Predicates such as `MolLogP>3.5`, ANDed (and ANDed across objectives).
        public var success: [String]
        /// Multiplies the swept λ for this objective's vector (dual-objective balance); default 1.
        public var lambdaScale: Double
    }

    public struct FineTune: Equatable, Sendable {
        public var batchSize = 32
        public var learningRate = 1e-4
        public var maxEpochs = 20
        public var patience = 5
        public var minDelta = 1e-5
        /// Dropout between LSTM layers while fine-tuning (the paper's 0.25; base models are often pre-trained without).
        public var dropout = 0.25
        /// A folder shared by campaigns: each fine-tuned model is kept there under a key of what made it
        /// (start model, molecules, these options, seed), so campaigns that fine-tune the same model on the
        /// same molecules train it once. Campaigns sharing it must not run at the same time.
        public var cache: String?
        /// Train for exactly `maxEpochs` on every molecule (training and validation together), without early
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
        public var rule = "success_1se"
        /// Merge methods (see `antipode edit --help`), each swept and sampled as its own arm; the first
        /// is the campaign's main method. Plain task arithmetic by default.
        public var methods = ["sum"]
    }

    public struct Design: Equatable, Sendable {
        public var samples = 10_000
        public var temperature = 1.0
        public var topK = 0
        public var batchSize = 512
    }

    public struct FewShot: Equatable, Sendable {
        public var positives: String
        /// Fractions of the positive training set, one few-shot arm each (e.g. [0.01, 0.05]).
        public var fractions: [Double]
        /// Also an arm per fraction with learned λ: one coefficient per task vector and layer, fitted to the
        /// fraction's positives (`CoefficientFit`), started at the chosen negation.
        public var learnedLambda = false
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
    /// The config as stored for resuming: canonical JSON without the keys that only steer the choice of
    /// λ (floors and rule), which may change between runs since the choice is re-made from stored rows.
    public var resumeKey = ""

    static let topLevelKeys = ["name", "output", "work", "seed", "base_model", "reference", "canonical_reference", "objectives", "fine_tune", "sweep", "design", "few_shot", "baseline"]
    /// Whether the config named its `output` folder (else it is `notebooks-data/<name>`, which `campaign run` says).
    public var outputGiven = false

    public static let defaultBaseModel = "models/moses-base"
    public static let defaultReference = ["molecules/moses/train.csv.gz"]

    /// Reads and validates a config file; every problem is one line naming the key.
    public static func load(_ path: String) throws -> CampaignConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("cannot read campaign config \(path)") }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(data, source: path, folder: base)
    }

    static func parse(_ data: Data, source: String, folder: String) throws -> CampaignConfig {
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
            guard FileManager.default.fileExists(atPath: r) else { throw UserError("\(source).\(key): no such file or folder '\(p)'") }
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
        let outputGiven = try root.string("output")
        var config = CampaignConfig(
            name: name,
            output: outputGiven ?? "notebooks-data/\(name)",
            work: try root.string("work") ?? "runs/\(name)",
            seed: try root.int("seed") ?? 1,
            baseModel: try requireExists(try root.string("base_model") ?? defaultBaseModel, "base_model"),
            reference: try (referenceGiven ?? (canonicalReference.isEmpty ? defaultReference : [])).map { try requireExists($0, "reference") },
            objectives: [])
        config.canonicalReference = canonicalReference
        config.outputGiven = outputGiven != nil

        guard let objectives = try root.objects("objectives"), !objectives.isEmpty else {
            throw UserError("\(source).objectives is required: a list of {label, negatives, success}")
        }
        for var o in objectives {
            let objective = Objective(
                label: try o.requiredString("label"),
                negatives: try requireExists(try o.requiredString("negatives"), "\(o.path.dropFirst(source.count + 1)).negatives"),
                success: try o.strings("success") ?? [],
                lambdaScale: try o.double("lambda_scale") ?? 1)
            try o.finish(allowed: ["label", "negatives", "success", "lambda_scale"])
            try within(objective.lambdaScale, above: 0, through: maxLambda, "\(o.path).lambda_scale")
            guard !objective.success.isEmpty else { throw UserError("\(o.path).success is required: e.g. [\"MolLogP>3.5\"]") }
            for rule in objective.success {
                do { _ = try DescriptorPredicate.parseAll(rule) } catch { throw UserError("\(o.path).success: \(error)") }
            }
            config.objectives.append(objective)
        }
        if Set(config.objectives.map(\.label)).count != config.objectives.count {
            throw UserError("\(source).objectives: labels must be distinct")
        }

        if var f = try root.object("fine_tune") {
            config.fineTune.batchSize = try f.int("batch_size") ?? config.fineTune.batchSize
            config.fineTune.learningRate = try f.double("learning_rate") ?? config.fineTune.learningRate
            config.fineTune.maxEpochs = try f.int("max_epochs") ?? config.fineTune.maxEpochs
            config.fineTune.patience = try f.int("patience") ?? config.fineTune.patience
            config.fineTune.minDelta = try f.double("min_delta") ?? config.fineTune.minDelta
            config.fineTune.dropout = try f.double("dropout") ?? config.fineTune.dropout
            config.fineTune.cache = try f.string("cache")
            config.fineTune.fixedEpochs = try f.bool("fixed_epochs") ?? false
            config.fineTune.enumerate = try f.int("enumerate")
            config.fineTune.linearized = try f.bool("linearized") ?? false
            try f.finish(allowed: ["batch_size", "learning_rate", "max_epochs", "patience", "min_delta", "dropout", "cache", "fixed_epochs",
                                   "enumerate", "linearized"])
            if let n = config.fineTune.enumerate, !(1...100).contains(n) {
                throw UserError("\(f.path).enumerate must be 1…100 randomized SMILES per molecule per epoch, got \(n)")
            }
            guard config.fineTune.dropout >= 0, config.fineTune.dropout < 1 else {
                throw UserError("\(f.path).dropout must be in [0, 1), got \(config.fineTune.dropout)")
            }
            try positive(config.fineTune.batchSize, "\(f.path).batch_size")
            try positive(config.fineTune.maxEpochs, "\(f.path).max_epochs")
            guard config.fineTune.learningRate > 0 else { throw UserError("\(f.path).learning_rate must be > 0") }
            try within(config.fineTune.learningRate, above: 0, through: 1, "\(f.path).learning_rate")
            try atMost(config.fineTune.batchSize, 100_000, "\(f.path).batch_size")
            try atMost(config.fineTune.maxEpochs, 10_000, "\(f.path).max_epochs")
            guard config.fineTune.patience >= 0 else { throw UserError("\(f.path).patience must be 0 (never stop early) or more, got \(config.fineTune.patience)") }
            try within(config.fineTune.minDelta, from: 0, through: 1, "\(f.path).min_delta")
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
            config.sweep.rule = try s.string("rule") ?? config.sweep.rule
            if let one = try s.string("method") { config.sweep.methods = [one] }
            config.sweep.methods = try s.strings("methods") ?? config.sweep.methods
            try s.finish(allowed: ["lambdas", "samples", "validity_floor", "novelty_floor", "rule", "method", "methods"])
            guard !config.sweep.methods.isEmpty, Set(config.sweep.methods).count == config.sweep.methods.count else {
                throw UserError("\(s.path).methods must be a non-empty list of distinct merge methods")
            }
            for m in config.sweep.methods where MergeMethods.all.first(where: { $0.name == m }) == nil {
                throw UserError("\(s.path): unknown merge method '\(m)'; allowed: \(MergeMethods.all.map(\.name).joined(separator: ", "))")
            }
            guard !config.sweep.lambdas.isEmpty else { throw UserError("\(s.path).lambdas must not be empty") }
            for (i, lambda) in config.sweep.lambdas.enumerated() {
                try within(lambda, above: 0, through: maxLambda, "\(s.path).lambdas[\(i)] (a negation strength)")
                if config.sweep.lambdas[..<i].contains(lambda) { throw UserError("\(s.path).lambdas lists \(lambda) twice") }
            }
            try positive(config.sweep.samples, "\(s.path).samples")
            try atMost(config.sweep.samples, maxSamples, "\(s.path).samples")
            try within(config.sweep.validityFloor, from: 0, through: 1, "\(s.path).validity_floor")
            try within(config.sweep.noveltyFloor, from: 0, through: 1, "\(s.path).novelty_floor")
            guard LambdaChoiceRule.Objective(rawValue: config.sweep.rule) != nil else {
                throw UserError("\(s.path).rule must be \(LambdaChoiceRule.Objective.allCases.map(\.rawValue).joined(separator: ", ")), got '\(config.sweep.rule)'")
            }
        }
        if var d = try root.object("design") {
            config.design.samples = try d.int("samples") ?? config.design.samples
            config.design.temperature = try d.double("temperature") ?? config.design.temperature
            config.design.topK = try d.int("top_k") ?? config.design.topK
            config.design.batchSize = try d.int("batch_size") ?? config.design.batchSize
            try d.finish(allowed: ["samples", "temperature", "top_k", "batch_size"])
            try positive(config.design.samples, "\(d.path).samples")
            try positive(config.design.batchSize, "\(d.path).batch_size")
            guard config.design.temperature > 0 else { throw UserError("\(d.path).temperature must be > 0") }
            try within(config.design.temperature, above: 0, through: 100, "\(d.path).temperature")
            try atMost(config.design.samples, maxSamples, "\(d.path).samples")
            try atMost(config.design.batchSize, 100_000, "\(d.path).batch_size")
            guard config.design.topK >= 0 else { throw UserError("\(d.path).top_k must be 0 (all tokens) or more, got \(config.design.topK)") }
        }
        if var f = try root.object("few_shot") {
            let fractions = try f.doubles("fractions") ?? [try f.double("fraction") ?? 0.05]
            config.fewShot = FewShot(positives: try requireExists(try f.requiredString("positives"), "few_shot.positives"), fractions: fractions,
                                     learnedLambda: try f.bool("learned_lambda") ?? false)
            try f.finish(allowed: ["positives", "fraction", "fractions", "learned_lambda"])
            guard !fractions.isEmpty else { throw UserError("\(f.path).fractions must not be empty") }
            for x in fractions where !(x > 0 && x <= 1) { throw UserError("\(f.path).fraction must be in (0, 1], got \(x)") }
        }
        if var b = try root.object("baseline") {
            config.baselinePositives = try (try b.strings("positives") ?? []).map { try requireExists($0, "baseline.positives") }
            config.baselineReverse = try b.bool("reverse") ?? false
            try b.finish(allowed: ["positives", "reverse"])
            guard config.baselinePositives?.isEmpty == false else { throw UserError("\(b.path).positives is required") }
        }
        try root.finish(allowed: topLevelKeys)
        config.resumeKey = try resumeKey(data)
        return config
    }

    static func resumeKey(_ data: Data) throws -> String {
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return "" }
        if var sweep = object["sweep"] as? [String: Any] {
            for k in ["validity_floor", "novelty_floor", "rule"] { sweep.removeValue(forKey: k) }
            object["sweep"] = sweep
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    private static func positive(_ v: Int, _ key: String) throws {
        guard v > 0 else { throw UserError("\(key) must be > 0, got \(v)") }
    }

    /// The largest negation strength (λ, and an objective's λ scale) a config may ask for: far beyond the
    /// paper's 1.0, far below where Float weights overflow.
    public static let maxLambda = 100.0
    /// The most designs a sweep point or an arm may ask for.
    public static let maxSamples = 10_000_000

    private static func atMost(_ v: Int, _ limit: Int, _ key: String) throws {
        guard v <= limit else { throw UserError("\(key) must be at most \(limit), got \(v)") }
    }

    /// `v` in (lower, upper] with `above:` or [lower, upper] with `from:`; NaN never is.
    private static func within(_ v: Double, above lower: Double? = nil, from inclusive: Double? = nil, through upper: Double,
                               _ key: String) throws {
        let ok = v.isFinite && v <= upper && (lower.map { v > $0 } ?? true) && (inclusive.map { v >= $0 } ?? true)
        guard ok else {
            let range = lower.map { "in (\($0), \(upper)]" } ?? "in [\(inclusive ?? 0), \(upper)]"
            throw UserError("\(key) must be \(range), got \(v)")
        }
    }
}
