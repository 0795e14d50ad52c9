import Chem

/// Settings of an evaluation that are not the designs, the reference or the success predicates.
public struct EvaluationOptions: Sendable {
    /// Threads for the per-molecule work and the similarity kernels.
    public var workers: Int
    /// LeaderPicker's Tanimoto *distance* threshold for clusters (the paper: 0.65).
    public var clusterThreshold: Double
    /// Compute the MOSES filters (the slowest per-molecule work); without them `filters` is undefined.
    public var filters: Bool
    /// Compute every descriptor for the side-effect report; without it only the predicates' descriptors.
    public var sideEffects: Bool

    public init(workers: Int = 2, clusterThreshold: Double = 0.65, filters: Bool = true, sideEffects: Bool = true) {
        self.workers = workers
        self.clusterThreshold = clusterThreshold
        self.filters = filters
        self.sideEffects = sideEffects
    }

    /// What each design molecule needs computed for these options and predicates.
    public func plan(for predicates: [DescriptorPredicate]) -> ScoringPlan {
        ScoringPlan(descriptors: sideEffects ? nil : Set(predicates.map(\.descriptor)), filters: filters,
                    objectives: ScoringPlan.objectives(in: predicates))
    }
}

/// What the metric definitions read: the analysed designs against one reference and one success rule,
/// with the shared intermediate results (novelty flags, successes, IntDiv pair sums) computed once.
final class EvaluationContext {
    let designSet: DesignSet
    let reference: ReferenceIndex
    let predicates: [DescriptorPredicate]
    let options: EvaluationOptions
    /// Notes for the reader (e.g. fewer valid designs than Unique@k asks for).
    var warnings: [String] = []

    init(designSet: DesignSet, reference: ReferenceIndex, predicates: [DescriptorPredicate], options: EvaluationOptions) {
        self.designSet = designSet
        self.reference = reference
        self.predicates = predicates
        self.options = options
    }

    var designCount: Int { designSet.designs.count }
    lazy var validCount: Int = designSet.validCount
    var uniqueCount: Int { designSet.molecules.count }

    /// Per distinct molecule: absent from the reference corpus.
    lazy var isNovel: [Bool] = designSet.molecules.map { !reference.contains(canonicalSmiles: $0.canonicalSmiles) }

    /// Distinct molecules that are novel and satisfy every predicate.
    lazy var successes: [Int] = {
        designSet.molecules.indices.filter { m in
            isNovel[m] && predicates.allSatisfy { p in designSet.molecules[m].value(of: p.descriptor).map(p.holds) ?? false }
        }
    }()

    /// MOSES IntDiv over all valid designs (distinct molecules weighted by multiplicity).
    lazy var internalDiversity: InternalDiversity? = {
        guard !designSet.molecules.isEmpty else { return nil }
        let words = designSet.molecules[0].morgan1024.words.count
        return InternalDiversity(packed: designSet.molecules.flatMap(\.morgan1024.words), wordsPerFingerprint: words,
                                 weights: designSet.molecules.map { Double($0.multiplicity) }, workers: options.workers)
    }()

    /// LeaderPicker clusters among the given distinct molecules.
    func clusterCount(_ molecules: [Int]) -> Int {
        guard !molecules.isEmpty else { return 0 }
        let pool = FingerprintPool(molecules.map { designSet.molecules[$0].morgan2048 })
        return LeaderPicker.pick(pool, threshold: options.clusterThreshold).count
    }

    /// MOSES `fraction_unique(gen, k)` over the valid designs in generated order: distinct molecules among
    /// the first k, divided by k; with fewer than k valid designs MOSES warns and uses them all.
    func uniqueAt(_ k: Int) -> Double? {
        let valid = designSet.moleculeOfDesign.lazy.compactMap { $0 }
        guard validCount > 0 else { return nil }
        if validCount < k {
            warnings.append("unique@\(k): only \(validCount) valid designs, so it is computed over all of them (as MOSES does)")
        }
        let first = Array(valid.prefix(k))
        return Double(Set(first).count) / Double(first.count)
    }
}

/// `numerator / denominator`, or nil when the denominator is zero.
func fraction(_ numerator: Int, _ denominator: Int) -> Double? {
    denominator == 0 ? nil : Double(numerator) / Double(denominator)
}
