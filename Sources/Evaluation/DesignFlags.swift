/// What the metrics count, per design: the one place a design is judged valid, unique, novel or a success,
/// for the per-design tables (`designs.csv`, `evaluate --per-design`) and the rates alike, so a table's
/// columns sum to the metrics: novelty = novel designs / designs, success rate = successes / designs.
public struct DesignFlags: Equatable, Sendable {
    /// The string parsed to a molecule.
    public let valid: Bool
    /// Valid, and the first design of its molecule (later designs of the same molecule are not unique).
    public let unique: Bool
    /// Unique and absent from the reference corpora.
    public let novel: Bool
    /// Novel and meeting every predicate of the rule.
    public let success: Bool

    public static let invalid = DesignFlags(valid: false, unique: false, novel: false, success: false)
}

extension DesignSet {
    /// Every design's flags, in sampling order.
    public func flags(reference: ReferenceIndex, predicates: [DescriptorPredicate]) -> [DesignFlags] {
        let context = EvaluationContext(designSet: self, reference: reference, predicates: predicates, options: EvaluationOptions())
        return context.designFlags
    }
}

extension EvaluationContext {
    /// Per design, from the per-molecule novelty and successes the metrics use.
    var designFlags: [DesignFlags] {
        let succeeded = Set(successes)
        var seen = Set<Int>()
        return designSet.moleculeOfDesign.map { m in
            guard let m else { return .invalid }
            let unique = seen.insert(m).inserted
            return DesignFlags(valid: true, unique: unique, novel: unique && isNovel[m], success: unique && succeeded.contains(m))
        }
    }
}
