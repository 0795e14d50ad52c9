/// One number of the report: its JSON name, its table label, what it means, and how it is computed.
/// Adding a metric is adding one entry to `MetricDefinition.all`.
struct MetricDefinition: Sendable {
    enum Kind: String, Sendable, Codable { case count, fraction, value }

    let name: String
    let title: String
    let meaning: String
    let kind: Kind
    let compute: @Sendable (EvaluationContext) -> Double?

    init(_ name: String, _ title: String, _ kind: Kind, _ meaning: String, _ compute: @escaping @Sendable (EvaluationContext) -> Double?) {
        self.name = name
        self.title = title
        self.kind = kind
        self.meaning = meaning
        self.compute = compute
    }
}

extension MetricDefinition {
    /// Every metric, in report order.
    static let all: [MetricDefinition] = [
        .init("designs", "Designs", .count, "generated strings, invalid ones included") { Double($0.designCount) },
        .init("valid", "Valid", .count, "designs RDKit parses and sanitises") { Double($0.validCount) },
        .init("validity", "Validity", .fraction, "valid / designs") { fraction($0.validCount, $0.designCount) },
        .init("unique", "Unique", .count, "distinct canonical SMILES among valid designs") { Double($0.uniqueCount) },
        .init("uniqueness", "Uniqueness", .fraction, "unique / valid") { fraction($0.uniqueCount, $0.validCount) },
        .init("unique@1k", "Unique@1k", .fraction, "MOSES: distinct among the first 1,000 valid designs / 1,000") { $0.uniqueAt(1000) },
        .init("unique@10k", "Unique@10k", .fraction, "MOSES: distinct among the first 10,000 valid designs / 10,000") { $0.uniqueAt(10000) },
        .init("novel", "Novel", .count, "unique designs absent from the reference corpus") { c in Double(c.isNovel.filter { $0 }.count) },
        .init("novelty", "Novelty", .fraction, "the paper's: novel / designs") { c in fraction(c.isNovel.filter { $0 }.count, c.designCount) },
        .init("novelty_moses", "Novelty (MOSES)", .fraction, "MOSES: novel / unique") { c in fraction(c.isNovel.filter { $0 }.count, c.uniqueCount) },
        .init("successes", "Successes", .count, "novel designs satisfying every predicate") { Double($0.successes.count) },
        .init("success_rate", "Success rate", .fraction, "the paper's: successes / designs") { fraction($0.successes.count, $0.designCount) },
        .init("intdiv1", "IntDiv1", .value, "MOSES: 1 − mean_x mean_y T(x,y) over valid designs, Morgan r=2 1024 bits") { $0.internalDiversity?.p1 },
        .init("intdiv2", "IntDiv2", .value, "MOSES: 1 − mean_x sqrt(mean_y T(x,y)²)") { $0.internalDiversity?.p2 },
        .init("substructures", "Substructures", .count, "distinct Morgan r=2 atom environments (unfolded ids) among unique designs") { c in
            var ids = Set<UInt32>()
            for m in c.designSet.molecules { ids.formUnion(m.environments) }
            return Double(ids.count)
        },
        .init("clusters", "Clusters", .count, "LeaderPicker clusters of unique designs (Morgan r=2 2048 bits, distance 0.65)") { c in
            Double(c.clusterCount(Array(c.designSet.molecules.indices)))
        },
        .init("success_clusters", "Successful clusters", .count, "LeaderPicker clusters of the successes") { c in Double(c.clusterCount(c.successes)) },
        .init("success_scaffolds", "Successful scaffolds", .count, "distinct Bemis–Murcko scaffolds among the successes (the paper's scaffold diversity)") { c in
            Double(Set(c.successes.lazy.map { c.designSet.molecules[$0].scaffold }.filter { !$0.isEmpty }).count)
        },
        .init("scaffolds", "Scaffolds", .count, "distinct Bemis–Murcko scaffolds among unique designs (acyclic molecules have none)") { c in
            Double(Set(c.designSet.molecules.lazy.map(\.scaffold).filter { !$0.isEmpty }).count)
        },
        .init("scaffolds_per_valid", "Scaffolds per valid design", .fraction, "scaffolds / valid") { c in
            fraction(Set(c.designSet.molecules.lazy.map(\.scaffold).filter { !$0.isEmpty }).count, c.validCount)
        },
        .init("filters", "Filters", .fraction, "MOSES: valid designs passing MCF, PAINS, atom and charge filters / valid") { c in
            guard c.designSet.plan.filters else { return nil }
            return fraction(c.designSet.molecules.reduce(0) { $0 + ($1.passesFilters == true ? $1.multiplicity : 0) }, c.validCount)
        },
    ]
}
