/// One of the paper's ten property tasks: a descriptor, a threshold and a direction.
/// "X-high" succeeds when the descriptor is above the threshold, "X-low" when at or below it; the
/// negatives for "X-high" are the "X-low" set and vice versa.
public struct PropertyTask: Equatable, Sendable {
    /// The task family as the data folders name it, e.g. `logp`.
    public let family: String
    public let descriptor: String
    public let threshold: Double
    public let high: Bool

    public var name: String { "\(family)-\(high ? "high" : "low")" }
    /// The task whose molecules are this task's negatives.
    public var opposite: PropertyTask { PropertyTask(family: family, descriptor: descriptor, threshold: threshold, high: !high) }
    /// The success predicate, e.g. `MolLogP>3.5` or `TPSA<=75`.
    public var rule: String { "\(descriptor)\(high ? ">" : "<=")\(Self.format(threshold))" }

    /// The five families of the paper, each high and low.
    public static let all: [PropertyTask] = [
        ("no-h-donors", "NumHDonors", 1.0), ("no-rings", "RingCount", 3), ("logp", "MolLogP", 3.5),
        ("tpsa", "TPSA", 75), ("fraction-sp3-c", "FractionCSP3", 0.3),
    ].flatMap { f, d, t in [true, false].map { PropertyTask(family: f, descriptor: d, threshold: t, high: $0) } }

    public static func named(_ name: String) -> PropertyTask? { all.first { $0.name == name } }

    private static func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
