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

    /// What a sweep produced: one row per λ (grid order), the samples of each, and the choice.
    public struct Result: Sendable {
        public var rows: [SweepRow]
        public var samples: [[String]]
        /// The chosen row, or why none qualified.
        public var choice: Swift.Result<SweepRow, SweepError>
    }

    /// Runs the sweep. `sample(model, count, seed)` draws designs; `score(designs)` computes their
    /// metrics; `report(row)` is called after each λ (for progress lines or a store).
    public func run(sample: (LanguageModel, Int, UInt64) throws -> [String],
                    score: ([String]) throws -> SweepMetrics,
                    report: (SweepRow) -> Void = { _ in }) throws -> Result {
        guard samplesPerLambda > 0 else { throw TaskArithmeticError.badArgument("the number of samples per λ must be positive") }
        var rows: [SweepRow] = []
        var samples: [[String]] = []
        for lambda in grid.values {
            let model = try edit(at: lambda).apply(to: base)
            let designs = try sample(model, samplesPerLambda, seed)
            let row = SweepRow(lambda: lambda, designs: designs.count, metrics: try score(designs))
            rows.append(row)
            samples.append(designs)
            report(row)
        }
        let choice: Swift.Result<SweepRow, SweepError>
        do { choice = .success(try rule.choose(rows)) } catch let e as SweepError { choice = .failure(e) }
        return Result(rows: rows, samples: samples, choice: choice)
    }
}
