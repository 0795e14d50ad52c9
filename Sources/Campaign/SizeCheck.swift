import Foundation
import Support

/// Did the campaign change the chemistry, or only the size? Negation can raise a success rate just by
/// making molecules smaller or larger when the rule's descriptor follows size (TPSA, MolWt, logP …). Per arm:
/// the success rate within heavy-atom bins, and a size-matched success rate — each bin's success among the
/// arm's valid designs, weighted by the base model's share of valid designs in that bin, times the arm's
/// validity — which is what the arm would score with the base model's size distribution. A warning when
/// the negatives' mean size differs from the base model's samples by more than `relativeThreshold`.
public struct SizeCheck {
    /// Heavy-atom bins: `…15`, `16–20`, …, `36…`.
    static let upperBounds = [15, 20, 25, 30, 35]
    /// Negatives whose mean heavy-atom count differs from the base's samples by more than this share are flagged.
    static let relativeThreshold = 0.10

    static var binLabels: [String] {
        var labels = ["≤\(upperBounds[0])"]
        for (lo, hi) in zip(upperBounds, upperBounds.dropFirst()) { labels.append("\(lo + 1)–\(hi)") }
        labels.append("≥\(upperBounds.last! + 1)")
        return labels
    }

    static func bin(_ heavyAtoms: Double) -> Int {
        upperBounds.firstIndex { heavyAtoms <= Double($0) } ?? upperBounds.count
    }

    /// One arm's designs as the check reads them: heavy atoms (nil for an invalid design) and success.
    struct Designs {
        var heavyAtoms: [Double?]
        var success: [Bool]
    }

    struct ArmRow {
        var name: String
        var designs: Int
        /// Valid designs and successes per bin.
        var valid: [Int]
        var successes: [Int]
        /// Successes / designs.
        var successRate: Double
        /// Validity × Σ_b w_b · (successes_b / valid_b), w the base's bin shares renormalised over the bins this
        /// arm has designs in; nil when it has none.
        var sizeMatchedSuccessRate: Double?
        /// The share of the base's valid designs in bins this arm covers (1 when it covers all).
        var coverage: Double
        var meanHeavyAtoms: Double?

        func rate(inBin b: Int) -> Double? { valid[b] > 0 ? Double(successes[b]) / Double(valid[b]) : nil }
    }

    let rows: [ArmRow]
    let warnings: [String]

    /// `arms` in the report's order, the base model's among them by `baseName`.
    init(arms: [(name: String, designs: Designs)], baseName: String, data: DataSetCheck?) {
        let bins = Self.upperBounds.count + 1
        func tally(_ name: String, _ d: Designs) -> ArmRow {
            var valid = [Int](repeating: 0, count: bins), successes = valid
            var total = 0.0
            for (h, s) in zip(d.heavyAtoms, d.success) {
                guard let h else { continue }
                let b = Self.bin(h)
                valid[b] += 1
                total += h
                if s { successes[b] += 1 }
            }
            let validCount = valid.reduce(0, +)
            return ArmRow(name: name, designs: d.success.count, valid: valid, successes: successes,
                          successRate: d.success.isEmpty ? 0 : Double(d.success.filter { $0 }.count) / Double(d.success.count),
                          sizeMatchedSuccessRate: nil, coverage: 0, meanHeavyAtoms: validCount > 0 ? total / Double(validCount) : nil)
        }
        var rows = arms.map { tally($0.name, $0.designs) }
        if let base = rows.first(where: { $0.name == baseName }) {
            let baseValid = base.valid.reduce(0, +)
            for i in rows.indices where baseValid > 0 {
                let row = rows[i]
                let validCount = row.valid.reduce(0, +)
                guard validCount > 0, row.designs > 0 else { continue }
                var weighted = 0.0, covered = 0.0
                for b in 0..<bins {
                    guard let rate = row.rate(inBin: b) else { continue }
                    let w = Double(base.valid[b]) / Double(baseValid)
                    weighted += w * rate
                    covered += w
                }
                rows[i].coverage = covered
                if covered > 0 { rows[i].sizeMatchedSuccessRate = Double(validCount) / Double(row.designs) * weighted / covered }
            }
        }
        self.rows = rows
        var warnings: [String] = []
        if let data, let baseSize = data.rows.first?.means[DataSetCheck.sizeDescriptor] {
            for set in data.rows.dropFirst() where set.name.hasPrefix("neg-") {
                guard let size = set.means[DataSetCheck.sizeDescriptor], abs(size - baseSize) > Self.relativeThreshold * baseSize else { continue }
                warnings.append(String(format: "size: the negatives %@ have %.1f heavy atoms on average, the base model's samples %.1f (more than %.0f%% apart): τ also carries \"%@\", so compare the size-matched success rates",
                                       set.name, size, baseSize, Self.relativeThreshold * 100, size > baseSize ? "larger" : "smaller"))
            }
        }
        self.warnings = warnings
    }

    /// For metrics.json.
    /// As `metrics.json` holds it (`size_check`).
    public struct Record: Codable, Equatable, Sendable {
        public struct Arm: Codable, Equatable, Sendable {
            public var designs: Int
            public var validPerBin: [Int]
            public var successesPerBin: [Int]
            public var successRate: Double
            @ExplicitNull public var sizeMatchedSuccessRate: Double?
            public var coverage: Double
            @ExplicitNull public var meanHeavyAtoms: Double?

            enum CodingKeys: String, CodingKey {
                case designs, validPerBin = "valid_per_bin", successesPerBin = "successes_per_bin", successRate = "success_rate"
                case sizeMatchedSuccessRate = "size_matched_success_rate", coverage, meanHeavyAtoms = "mean_heavy_atoms"
            }

        }

        public var bins: [String]
        public var relativeThreshold: Double
        public var definition: String
        public var arms: [String: Arm]
        public var warnings: [String]

        enum CodingKeys: String, CodingKey { case bins, relativeThreshold = "relative_threshold", definition, arms, warnings }
    }

    var record: Record {
        Record(bins: Self.binLabels, relativeThreshold: Self.relativeThreshold,
               definition: "success rate = successes / designs; per bin, successes / valid designs with that many heavy atoms; size-matched success rate = validity × Σ_bins (base model's share of valid designs in the bin × the arm's success among its valid designs in the bin), over the bins the arm has designs in (coverage: the base's share in those bins)",
               arms: Dictionary(uniqueKeysWithValues: rows.map { r in
                   (r.name, Record.Arm(designs: r.designs, validPerBin: r.valid, successesPerBin: r.successes, successRate: r.successRate,
                                       sizeMatchedSuccessRate: r.sizeMatchedSuccessRate, coverage: r.coverage, meanHeavyAtoms: r.meanHeavyAtoms))
               }),
               warnings: warnings)
    }
}
