import Chem
import Foundation
import Support

/// From designs to a shortlist a chemist can defend: distinct valid designs, filtered by stated
/// requirements and substructures, ranked by a stated criterion, optionally one per LeaderPicker
/// cluster (the best-ranked design of each sphere), each with its properties, NLL, scaffold, filter
/// verdicts and its nearest neighbour in each named set of molecules (the fine-tuning sets, the negatives).
public struct Shortlist {
    /// A design offered to the shortlist: its SMILES and, when known, its NLL under the model that made it.
    public struct Candidate: Sendable {
        public var smiles: String
        public var nll: Double?
        public init(smiles: String, nll: Double? = nil) { self.smiles = smiles; self.nll = nll }
    }

    /// The closest molecule of one set (Tanimoto on Morgan radius-2, 2048-bit prints).
    public struct Neighbour: Sendable {
        public var set: String
        public var similarity: Double
        public var smiles: String
    }

    /// One shortlisted design.
    public struct Entry: Sendable {
        public var rank: Int
        public var smiles: String
        /// The value the designs were ranked by.
        public var score: Double
        public var nll: Double?
        /// `Descriptor.all`, in order.
        public var descriptors: [Double]
        public var scaffold: String
        public var pains: Bool
        /// The MOSES filters (MCF, PAINS, allowed atoms, no charges, no large rings).
        public var passesFilters: Bool
        public var neighbours: [Neighbour]
    }

    /// How many designs were left after each step, in words, for the summary line.
    public var steps: [(what: String, count: Int)] = []
    public var entries: [Entry] = []

    /// Names a requirement or the rank formula may use besides the descriptors: NLL, PAINS (1 when a
    /// PAINS pattern matches) and Filters (1 when the MOSES filters pass).
    public static let extraNames = ["NLL", "PAINS", "Filters"]
    public static var valueNames: [String] { Descriptor.all.map(\.name) + extraNames }

    public struct Options {
        public var requirements: [DescriptorPredicate] = []
        public var substructures: [SubstructurePattern] = []
        public var excludedSubstructures: [SubstructurePattern] = []
        public var rank: RankFormula
        /// LeaderPicker's Tanimoto distance threshold; nil keeps every design.
        public var diverse: Double?
        public var count = 50
        public var workers = 2
        public init(rank: RankFormula) { self.rank = rank }
    }

    /// Builds the shortlist. `sets` are the molecules each design is compared with, by name.
    public init(candidates: [Candidate], options: Options, sets: [(name: String, smiles: [String])]) {
        steps.append(("designs offered", candidates.count))
        let usesFilters = options.requirements.contains { $0.descriptor == "Filters" } || options.rank.names.contains("Filters")
        let scorer = BatchScorer(mosesFilters: usesFilters, fingerprintBits: 2048)
        let records = scorer.score(candidates.map(\.smiles))
        // Distinct valid molecules; the first design of each keeps its NLL.
        var seen = Set<String>()
        var kept: [(record: ScoreRecord, nll: Double?)] = []
        for (candidate, record) in zip(candidates, records) {
            guard let c = record.canonicalSmiles, seen.insert(c).inserted else { continue }
            kept.append((record, candidate.nll))
        }
        steps.append(("distinct valid molecules", kept.count))

        func lookup(_ r: ScoreRecord, _ nll: Double?) -> (String) -> Double? {
            { name in
                switch name {
                case "NLL": return nll
                case "PAINS": return r.hasPAINS.map { $0 ? 1 : 0 }
                case "Filters": return r.passesMOSESFilters.map { $0 ? 1 : 0 }
                default: return Descriptor.all.firstIndex { $0.name == name }.map { r.values[$0] }
                }
            }
        }
        if !options.requirements.isEmpty {
            kept = kept.filter { k in
                let value = lookup(k.record, k.nll)
                return options.requirements.allSatisfy { p in value(p.descriptor).map(p.holds) ?? false }
            }
            steps.append(("meeting " + options.requirements.map(\.description).joined(separator: " AND "), kept.count))
        }
        if !options.substructures.isEmpty || !options.excludedSubstructures.isEmpty {
            kept = kept.filter { k in
                guard let m = try? Molecule(smiles: k.record.canonicalSmiles!) else { return false }
                return options.substructures.allSatisfy { m.matches($0) } && !options.excludedSubstructures.contains { m.matches($0) }
            }
            var words: [String] = []
            if !options.substructures.isEmpty { words.append("with " + options.substructures.map(\.smarts).joined(separator: " and ")) }
            if !options.excludedSubstructures.isEmpty { words.append("without " + options.excludedSubstructures.map(\.smarts).joined(separator: " or ")) }
            steps.append((words.joined(separator: ", "), kept.count))
        }
        // Rank; a design whose criterion cannot be computed (e.g. no NLL) is left out and counted.
        var ranked = kept.map { k in (k, options.rank.value(lookup(k.record, k.nll))) }.filter { !$0.1.isNaN }
        if ranked.count < kept.count { steps.append(("with a value for the criterion", ranked.count)) }
        // Stable: equal scores keep the designs' order.
        ranked = ranked.enumerated().sorted { a, b in a.element.1 != b.element.1 ? a.element.1 > b.element.1 : a.offset < b.offset }.map(\.element)
        if let threshold = options.diverse {
            let pool = FingerprintPool(ranked.map { $0.0.record.fingerprint! })
            // Leader picking walks in rank order, so each leader is the best-ranked design of its sphere.
            let leaders = LeaderPicker.pick(pool, threshold: threshold)
            ranked = leaders.map { ranked[$0] }
            steps.append((String(format: "one per LeaderPicker cluster (Tanimoto distance %.2f)", threshold), ranked.count))
        }
        let top = Array(ranked.prefix(options.count))
        steps.append(("shortlisted, ranked by \(options.rank)", top.count))

        let pools = sets.map { set -> (name: String, smiles: [String], pool: FingerprintPool) in
            let prints = parallelMap(set.smiles.count, workers: options.workers) { i in (try? Molecule(smiles: set.smiles[i]))?.morgan(radius: 2, bits: 2048) }
            let valid = zip(set.smiles, prints).compactMap { s, p in p.map { (s, $0) } }
            return (set.name, valid.map(\.0), FingerprintPool(valid.map(\.1)))
        }
        entries = parallelMap(top.count, workers: options.workers) { i in
            let (k, score) = top[i]
            let r = k.record
            let filters = r.passesMOSESFilters ?? ((try? Molecule(smiles: r.canonicalSmiles!))?.passesMOSESFilters ?? false)
            let neighbours = pools.compactMap { p -> Neighbour? in
                guard p.pool.count > 0 else { return nil }
                let sims = p.pool.tanimoto(query: r.fingerprint!)
                var best = 0
                for j in sims.indices where sims[j] > sims[best] { best = j }  // the first of equals
                return Neighbour(set: p.name, similarity: sims[best], smiles: p.smiles[best])
            }
            return Entry(rank: i + 1, smiles: r.canonicalSmiles!, score: score, nll: k.nll, descriptors: r.values,
                         scaffold: r.scaffold ?? "", pains: r.hasPAINS ?? false, passesFilters: filters, neighbours: neighbours)
        }
    }

    /// "1,234 designs offered → 1,100 distinct valid molecules → …".
    public var summary: String {
        steps.map { "\($0.count) \($0.what)" }.joined(separator: " → ")
    }
}
