import Evaluation
import Foundation

/// How each fine-tuning set of a campaign sits against the base model's own samples, on the success
/// rule's descriptors and on size. Negation moves designs away from the negatives, so it can only move
/// them toward success when the negatives lie on the failing side of what the base model makes; when they
/// do not (for instance a ChEMBL "low logP" set against a MOSES-trained base, with the base's own mean logP
/// but bigger molecules), τ mostly carries the other differences, and the check says so.
public struct DataSetCheck {
    struct Row {
        var name: String
        var molecules: Int
        /// Share of the designs (for a data set: its molecules) meeting every success predicate: a molecule
        /// counts as often as it was designed, and invalid designs count in the denominator — the success
        /// rate's denominator, so the two compare.
        var successFraction: Double
        var means: [String: Double]
    }

    /// The columns: the rule's descriptors, then molecule size.
    let descriptors: [String]
    /// The base model's samples first, then each set.
    let rows: [Row]
    let warnings: [String]

    static let sizeDescriptor = "HeavyAtomCount"

    /// `sets` are named as the campaign names its data (`neg-<label>` for an objective's negatives).
    init(base: DesignSet, sets: [(name: String, molecules: DesignSet)], objectives: [(label: String, predicates: [DescriptorPredicate])]) {
        let all = objectives.flatMap(\.predicates)
        var names = all.map(\.descriptor).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if !names.contains(Self.sizeDescriptor) { names.append(Self.sizeDescriptor) }
        descriptors = names
        func row(_ name: String, _ set: DesignSet) -> Row {
            let molecules = set.molecules
            let meets = molecules.filter { m in all.allSatisfy { p in m.value(of: p.descriptor).map(p.holds) ?? false } }.reduce(0) { $0 + $1.multiplicity }
            var means: [String: Double] = [:]
            for d in names {
                let values = molecules.compactMap { $0.value(of: d) }.filter { !$0.isNaN }
                if !values.isEmpty { means[d] = values.reduce(0, +) / Double(values.count) }
            }
            return Row(name: name, molecules: molecules.count, successFraction: set.designs.isEmpty ? 0 : Double(meets) / Double(set.designs.count), means: means)
        }
        let baseRow = row("base model samples", base)
        let setRows = sets.map { row($0.name, $0.molecules) }
        rows = [baseRow] + setRows
        var warnings: [String] = []
        for objective in objectives {
            guard let negatives = setRows.first(where: { $0.name == "neg-\(objective.label)" }) else { continue }
            for p in objective.predicates {
                let wantsHigher: Bool
                switch p.comparison {
                case .greater, .greaterOrEqual: wantsHigher = true
                case .less, .lessOrEqual: wantsHigher = false
                case .equal, .notEqual: continue
                }
                guard let n = negatives.means[p.descriptor], let b = baseRow.means[p.descriptor] else { continue }
                // Success wants higher values, so the negatives should sit lower than the base (and vice versa).
                guard wantsHigher ? n >= b : n <= b else { continue }
                var text = String(format: "the negatives %@ have mean %@ %.2f, not %@ the base model's samples (%.2f): negating τ may not move designs toward %@",
                                  negatives.name, p.descriptor, n, wantsHigher ? "below" : "above", b, p.description)
                if let ns = negatives.means[Self.sizeDescriptor], let bs = baseRow.means[Self.sizeDescriptor], abs(ns - bs) > 0.1 * bs {
                    text += String(format: "; τ may rather carry other differences, such as size (%.1f vs %.1f heavy atoms)", ns, bs)
                }
                warnings.append(text)
            }
        }
        self.warnings = warnings
    }

    /// As `metrics.json` holds it (`data_sets`).
    public struct Record: Codable, Equatable, Sendable {
        public struct Row: Codable, Equatable, Sendable {
            public var name: String
            public var molecules: Int
            public var successFraction: Double
            public var means: [String: Double]

            enum CodingKeys: String, CodingKey { case name, molecules, successFraction = "success_fraction", means }

            public init(name: String, molecules: Int, successFraction: Double, means: [String: Double]) {
                self.name = name; self.molecules = molecules; self.successFraction = successFraction; self.means = means
            }
        }

        public var rows: [Row]
        public var warnings: [String]
    }

    var record: Record {
        Record(rows: rows.map { Record.Row(name: $0.name, molecules: $0.molecules, successFraction: $0.successFraction, means: $0.means) },
               warnings: warnings)
    }
}
