import Foundation

/// The negation strengths λ a sweep tries; the edited model at λ is θ_base − λ·Σ w_i·τ_i.
///
/// Written `FROM:TO:STEP` (both ends included, e.g. the paper's `0.1:1:0.05`) or as a list
/// `0.2,0.5,0.8`. Grid points are FROM + k·STEP rounded to 9 decimals, so 0.1 + 1·0.05 prints as 0.15.
public struct LambdaGrid: Equatable, Sendable, CustomStringConvertible {
    public let values: [Double]

    /// The paper's grid: 0.10, 0.15, …, 1.00.
    public static let paper = try! LambdaGrid(parsing: "0.1:1:0.05")

    public init(values: [Double]) throws {
        guard !values.isEmpty else { throw SweepError.grid(text: nil, problem: " is empty") }
        guard values.allSatisfy({ $0.isFinite }) else { throw SweepError.grid(text: nil, problem: " holds a non-finite value") }
        // Two rows of one λ would both be marked chosen.
        var seen = Set<Double>()
        if let twice = values.first(where: { !seen.insert($0).inserted }) {
            throw SweepError.grid(text: nil, problem: " lists \(twice) twice")
        }
        self.values = values
    }

    public init(parsing text: String) throws {
        func number(_ s: Substring) throws -> Double {
            guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw SweepError.grid(text: text, problem: ": '\(s)' is not a number (write FROM:TO:STEP, e.g. 0.1:1:0.05, or a list 0.2,0.5)")
            }
            return v
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3 {
            let from = try number(parts[0]), to = try number(parts[1]), step = try number(parts[2])
            guard step > 0 else { throw SweepError.grid(text: text, problem: ": the step must be positive") }
            guard to >= from else { throw SweepError.grid(text: text, problem: ": TO is below FROM") }
            let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
            guard count <= 10_000 else { throw SweepError.grid(text: text, problem: " has \(count) points; at most 10000") }
            try self.init(values: (0..<count).map { k in ((from + Double(k) * step) * 1e9).rounded() / 1e9 })
        } else if parts.count == 1 {
            try self.init(values: try text.split(separator: ",").map(number))
        } else {
            throw SweepError.grid(text: text, problem: " needs FROM:TO:STEP (e.g. 0.1:1:0.05) or a list (0.2,0.5)")
        }
    }

    public var description: String { values.map { "\($0)" }.joined(separator: ",") }
}
