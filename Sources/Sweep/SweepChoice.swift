import Foundation

/// The design metrics a sweep records for one λ (fractions of all designs, as the paper defines
/// them, except uniqueness: distinct valid / valid).
public struct SweepMetrics: Codable, Equatable, Sendable {
    public var validity: Double
    public var uniqueness: Double
    public var novelty: Double
    public var successRate: Double
    /// Clusters among the successful designs (LeaderPicker, the paper's "successful clusters").
    public var successClusters: Int

    enum CodingKeys: String, CodingKey {
        case validity, uniqueness, novelty, successRate = "success_rate", successClusters = "success_clusters"
    }

    public init(validity: Double, uniqueness: Double, novelty: Double, successRate: Double, successClusters: Int) {
        self.validity = validity
        self.uniqueness = uniqueness
        self.novelty = novelty
        self.successRate = successRate
        self.successClusters = successClusters
    }
}

/// One λ of a sweep: how many designs were sampled and their metrics.
public struct SweepRow: Codable, Equatable, Sendable {
    public var lambda: Double
    public var designs: Int
    public var metrics: SweepMetrics

    public var validity: Double { metrics.validity }
    public var uniqueness: Double { metrics.uniqueness }
    public var novelty: Double { metrics.novelty }
    public var successRate: Double { metrics.successRate }
    public var successClusters: Int { metrics.successClusters }

    /// The success rate's standard error over this λ's designs, √(p(1−p)/n): what a bootstrap over the designs'
    /// success flags estimates (each design a draw, success 1 or 0). 0 without designs.
    public var successRateStandardError: Double {
        designs > 0 ? (successRate * (1 - successRate) / Double(designs)).squareRoot() : 0
    }

    public init(lambda: Double, designs: Int, metrics: SweepMetrics) {
        self.lambda = lambda
        self.designs = designs
        self.metrics = metrics
    }

    public init(lambda: Double, designs: Int, validity: Double, uniqueness: Double, novelty: Double, successRate: Double, successClusters: Int) {
        self.init(lambda: lambda, designs: designs, metrics: SweepMetrics(validity: validity, uniqueness: uniqueness, novelty: novelty,
                                                                          successRate: successRate, successClusters: successClusters))
    }
}

/// How a sweep chooses its λ: the largest objective among the λ whose validity and novelty reach
/// their floors; equal objectives go to the smaller λ (the gentler edit).
public struct LambdaChoiceRule: Codable, Equatable, Sendable, CustomStringConvertible {
    public enum Objective: String, Codable, Sendable, CaseIterable {
        /// The success rate.
        case success
        /// Success rate × number of successful clusters (rewards diverse successes).
        case successTimesClusters = "success_x_clusters"
        /// The smallest λ whose success rate is within one standard error of the largest: a λ the sampling
        /// noise cannot tell from the best, with the gentlest edit (the "one-standard-error rule").
        case successWithinOneSE = "success_1se"

        func value(_ row: SweepRow) -> Double {
            switch self {
            case .success, .successWithinOneSE: return row.successRate
            case .successTimesClusters: return row.successRate * Double(row.successClusters)
            }
        }
    }

    public var objective: Objective
    public var minValidity: Double
    public var minNovelty: Double

    public init(objective: Objective = .success, minValidity: Double = 0.8, minNovelty: Double = 0.5) {
        self.objective = objective
        self.minValidity = minValidity
        self.minNovelty = minNovelty
    }

    public var description: String {
        switch objective {
        case .successWithinOneSE:
            return "smallest λ whose success rate is within one standard error (√(p(1−p)/n) over the designs) of the largest, among λ with validity ≥ \(minValidity) and novelty ≥ \(minNovelty)"
        default:
            return "largest \(objective == .success ? "success rate" : "success rate × successful clusters") among λ with validity ≥ \(minValidity) and novelty ≥ \(minNovelty); ties go to the smaller λ"
        }
    }

    /// The chosen row, or an error saying why none qualifies (and which λ came closest).
    public func choose(_ rows: [SweepRow]) throws -> SweepRow {
        let eligible = rows.filter { $0.validity >= minValidity && $0.novelty >= minNovelty }
        guard let best = eligible.max(by: { a, b in
            let va = objective.value(a), vb = objective.value(b)
            return va != vb ? va < vb : a.lambda > b.lambda
        }) else {
            guard let closest = rows.max(by: { min($0.validity - minValidity, $0.novelty - minNovelty) < min($1.validity - minValidity, $1.novelty - minNovelty) }) else {
                throw SweepError.noLambda("the sweep has no rows")
            }
            throw SweepError.noLambda(
                "no λ reaches validity ≥ \(minValidity) and novelty ≥ \(minNovelty); the closest was λ = \(closest.lambda) "
                + "(validity \(format(closest.validity)), novelty \(format(closest.novelty))); lower the floors or the grid")
        }
        guard objective == .successWithinOneSE else { return best }
        let bar = best.successRate - best.successRateStandardError
        return eligible.filter { $0.successRate >= bar }.min { $0.lambda < $1.lambda } ?? best
    }

    /// A note when `chosen` is the grid's largest or smallest λ (the best may lie beyond it), else nil.
    public static func edgeNote(chosen: Double, grid: [Double]) -> String? {
        guard grid.count > 1, let lo = grid.min(), let hi = grid.max() else { return nil }
        if chosen == hi { return "the chosen λ = \(chosen) is the grid's largest: success may still rise beyond it; extend the grid to see" }
        if chosen == lo { return "the chosen λ = \(chosen) is the grid's smallest: a gentler edit may do as well; extend the grid to see" }
        return nil
    }

    private func format(_ x: Double) -> String { String(format: "%.3f", x) }
}

/// Why a sweep could not go on, in the sweep's own words; the command line names its flags instead
/// (`naming(grid:)`).
public enum SweepError: Error, CustomStringConvertible, Equatable {
    /// No λ met the floors (why, and which came closest).
    case noLambda(String)
    /// A λ grid that cannot be swept: the text it was read from (nil when given as numbers) and the problem,
    /// worded to follow the grid's name (" needs FROM:TO:STEP …", ": the step must be positive").
    case grid(text: String?, problem: String)
    /// A sweep setting out of range.
    case setting(String)

    public var description: String { naming(grid: "the λ grid") }

    /// The description with the grid called `grid` (the command line passes `--grid`).
    public func naming(grid name: String) -> String {
        switch self {
        case .noLambda(let why), .setting(let why): return why
        case .grid(let text, let problem): return name + (text.map { " '\($0)'" } ?? "") + problem
        }
    }
}
