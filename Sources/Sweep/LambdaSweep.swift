import Foundation
import Model
import Support
import TaskArithmetic

/// A task vector in a sweep and its relative weight: at grid point λ it enters the edit with
/// weight −λ·`weight` (negation), so two vectors at weights 1 and 0.5 are negated 2 : 1.
public struct SweepVector: Sendable {
    public var vector: TaskVector
    public var weight: Double
    public var source: String

    public init(vector: TaskVector, weight: Double = 1, source: String) {
        self.vector = vector
        self.weight = weight
        self.source = source
    }
}

/// Sweeps the negation strength λ: for each grid point, edits the base model
/// (θ = θ_base + merge(−λ·w_i·τ_i)), samples it, scores the samples and records a row; then
/// chooses λ by a stated rule.
///
/// Every λ is sampled with the same seed (common random numbers), so differences between rows
/// come from the weights, not from the draw.
public struct LambdaSweep: Sendable {
    public var base: LanguageModel
    public var vectors: [SweepVector]
    public var grid: LambdaGrid
    public var method: any MergeMethod
    public var scales: [ScaleRule]
    public var force: Bool
    public var samplesPerLambda: Int
    public var seed: UInt64
    public var rule: LambdaChoiceRule

    public init(base: LanguageModel, vectors: [SweepVector], grid: LambdaGrid = .paper, method: any MergeMethod = SumMerge(),
                scales: [ScaleRule] = [], force: Bool = false, samplesPerLambda: Int = 1000, seed: UInt64 = 0,
                rule: LambdaChoiceRule = LambdaChoiceRule()) {
        self.base = base
        self.vectors = vectors
        self.grid = grid
        self.method = method
        self.scales = scales
        self.force = force
        self.samplesPerLambda = samplesPerLambda
        self.seed = seed
        self.rule = rule
    }

    /// The edit at one grid point.
    public func edit(at lambda: Double) -> ModelEdit {
        ModelEdit(vectors: vectors.map { WeightedVector(vector: $0.vector, lambda: -lambda * $0.weight, source: $0.source) },
                  scales: scales, method: method, force: force)
    }

    /// What a sweep produced: one row per λ (grid order), the samples of each (when kept), and the choice.
    public struct Result: Sendable {
        public var rows: [SweepRow]
        public var samples: [[String]]
        /// The chosen row, or why none qualified.
        public var choice: Swift.Result<SweepRow, SweepError>
    }

    /// What the loop does at one λ. The `sweep` command keeps everything in memory; a campaign reads rows
    /// recorded by an earlier run from its store and commits each new λ there, so an interrupted sweep resumes.
    public struct Steps {
        /// A row recorded by an earlier run (then λ is neither sampled nor scored again), or nil.
        public var stored: (_ lambda: Double) throws -> SweepRow?
        /// Draws the designs of the edited model at λ.
        public var sample: (_ model: LanguageModel, _ lambda: Double) throws -> [String]
        /// Scores them (and records them, for a store).
        public var score: (_ designs: [String], _ lambda: Double) throws -> SweepMetrics
        /// Called after each newly computed λ (progress lines).
        public var report: (SweepRow) -> Void

        public init(stored: @escaping (Double) throws -> SweepRow? = { _ in nil },
                    sample: @escaping (LanguageModel, Double) throws -> [String],
                    score: @escaping ([String], Double) throws -> SweepMetrics,
                    report: @escaping (SweepRow) -> Void = { _ in }) {
            self.stored = stored
            self.sample = sample
            self.score = score
            self.report = report
        }
    }

    /// The sweep: every λ of the grid in order, then the rule's choice. `keepSamples` keeps each λ's
    /// designs in the result (empty for rows taken from `stored`).
    public func run(_ steps: Steps, keepSamples: Bool = false) throws -> Result {
        guard samplesPerLambda > 0 else { throw SweepError.setting("the number of samples per λ must be positive") }
        var rows: [SweepRow] = []
        var samples: [[String]] = []
        for lambda in grid.values {
            if let row = try steps.stored(lambda) {
                rows.append(row)
                if keepSamples { samples.append([]) }
                continue
            }
            let model = try edit(at: lambda).apply(to: base)
            let designs = try steps.sample(model, lambda)
            let row = SweepRow(lambda: lambda, designs: designs.count, metrics: try steps.score(designs, lambda))
            rows.append(row)
            if keepSamples { samples.append(designs) }
            steps.report(row)
        }
        let choice: Swift.Result<SweepRow, SweepError>
        do { choice = .success(try rule.choose(rows)) } catch let e as SweepError { choice = .failure(e) }
        return Result(rows: rows, samples: samples, choice: choice)
    }

    /// The sweep with every λ sampled by `sample(model, count, seed)` (the sweep's own count and seed) and
    /// scored by `score(designs)`, kept in memory.
    public func run(sample: @escaping (LanguageModel, Int, UInt64) throws -> [String],
                    score: @escaping ([String]) throws -> SweepMetrics,
                    report: @escaping (SweepRow) -> Void = { _ in }) throws -> Result {
        try run(Steps(sample: { model, _ in try sample(model, samplesPerLambda, seed) }, score: { designs, _ in try score(designs) },
                      report: report), keepSamples: true)
    }
}
