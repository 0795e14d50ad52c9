import Campaign
import Foundation
import Support
import TaskArithmetic

/// The task vectors behind the single-objective arms, measured: each vector's norm, the cosine of a
/// variant (linearized, enumerated) with the plain vector of the same negatives, and the cosine of a vector
/// with the vector of the same kind for the same property's opposite set in the same setup. The last says how
/// much of τ is "fine-tuned on a set of ChEMBL-like molecules" (or, enumerated, "on random SMILES") rather than
/// the property: a large positive cosine between the two directions of one property means negating either also
/// undoes what both share.
struct PaperVectors {
    let experiment: PaperExperiment
    let plan: [PaperExperiment.Planned]
    /// Rows of vectors whose campaigns' work folders are gone.
    var archive = PaperArchive.none

    static let kinds = ["plain": "", "linearized": "-linearized", "enumerated": "-enumerated"]
    static let kindOrder = ["plain", "linearized", "enumerated"]

    struct Row: Equatable {
        var setup: Int
        /// The objective's label: the negatives' direction, e.g. `logp-low` (negated for `logp-high`).
        var label: String
        var kind: String
        var norm: Double
        /// With the plain vector of the same negatives (variants only).
        var cosinePlain: Double?
        /// With the vector of the same kind for the opposite direction of the same property and setup.
        var cosineOpposite: Double?
    }

    /// `logp-low` ↔ `logp-high`; nil for a label that names no direction.
    static func opposite(_ label: String) -> String? {
        if label.hasSuffix("-low") { return String(label.dropLast(4)) + "-high" }
        if label.hasSuffix("-high") { return String(label.dropLast(5)) + "-low" }
        return nil
    }

    /// Every vector of the single-objective campaigns with a store, once per setup and label, and the kept rows of
    /// vectors no store holds any more.
    func rows() throws -> [Row] {
        // (setup, label) → kind → file, from the stores: the paths the campaigns recorded.
        var files: [Int: [String: [String: URL]]] = [:]
        for p in plan where p.part == "single" {
            let storeURL = URL(fileURLWithPath: experiment.options.workFolder).appendingPathComponent(p.id)
                .appendingPathComponent("campaign.sqlite")
            guard FileManager.default.fileExists(atPath: storeURL.path) else { continue }
            let store = try CampaignStore(path: storeURL.path)
            for objective in p.config.objectives {
                for (kind, suffix) in Self.kinds {
                    guard let recorded = try store.vector(label: objective.label + suffix),
                          FileManager.default.fileExists(atPath: recorded.path) else { continue }
                    files[p.setup, default: [:]][objective.label, default: [:]][kind] = URL(fileURLWithPath: recorded.path)
                }
            }
        }
        // A damaged vector file costs its rows, not the tables of a finished experiment.
        func read(_ url: URL) -> TaskVector? {
            do { return try TaskVector.read(url) } catch {
                printError("warning: \(url.path) left out of vectors.csv: \(error)")
                return nil
            }
        }
        var out: [Row] = []
        for setup in files.keys.sorted() {
            let labels = files[setup]!
            // One kind at a time (its vectors are compared with each other), plain kept for the variants' cosines.
            var plain: [String: TaskVector] = [:]
            var rows: [String: [Row]] = [:]
            for kind in Self.kindOrder {
                var vectors: [String: TaskVector] = [:]
                for (label, kinds) in labels { if let url = kinds[kind] { vectors[label] = read(url) } }
                if kind == "plain" { plain = vectors }
                for (label, vector) in vectors.sorted(by: { $0.key < $1.key }) {
                    func cosine(_ other: TaskVector?) throws -> Double? {
                        try other.flatMap { try VectorSimilarity(vector.deltas, $0.deltas, labels: (label, $0.info.label)).overall }
                    }
                    rows[label, default: []].append(Row(
                        setup: setup, label: label, kind: kind, norm: VectorStatistics(vector.deltas, label: label).overall.norm,
                        cosinePlain: kind == "plain" ? nil : try cosine(plain[label]),
                        cosineOpposite: try cosine(Self.opposite(label).flatMap { vectors[$0] })))
                }
            }
            for label in rows.keys.sorted() { out += rows[label]! }
        }
        // A vector a store records replaces the kept row of the same setup, label and kind (a damaged file costs its
        // row); a kept row stands in for a vector no store records any more, and lends its cosine with the opposite
        // vector to a measured row whose opposite vector is gone (measured on this vector when its partner still existed).
        func key(_ setup: Int, _ label: String, _ kind: String) -> String { "\(setup)|\(label)|\(kind)" }
        let kept = Dictionary(archive.vectors.map { (key($0.setup, $0.label, $0.kind), $0) }, uniquingKeysWith: { a, _ in a })
        for i in out.indices where out[i].cosineOpposite == nil {
            out[i].cosineOpposite = kept[key(out[i].setup, out[i].label, out[i].kind)]?.cosineOpposite
        }
        out += archive.vectors.filter { files[$0.setup]?[$0.label]?[$0.kind] == nil }
        func order(_ r: Row) -> (Int, String, Int) { (r.setup, r.label, Self.kindOrder.firstIndex(of: r.kind) ?? Self.kindOrder.count) }
        return out.sorted { order($0) < order($1) }
    }

    static let csvHeader = "setup,vector,kind,norm,cosine_with_plain,cosine_with_opposite\n"

    static func csv(_ rows: [Row]) -> String {
        csvHeader + rows.map { r in
            [String(r.setup), r.label, r.kind, String(r.norm), r.cosinePlain.map { String($0) } ?? "",
             r.cosineOpposite.map { String($0) } ?? ""].joined(separator: ",")
        }.joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
    }

    /// A row per vector label: norms per kind and the cosines, mean ± sd over setups.
    static func markdown(_ rows: [Row]) -> String {
        guard !rows.isEmpty else { return "" }
        let kinds = kindOrder.filter { k in rows.contains { $0.kind == k } }
        var out = "\n### Task vectors\n\nL2 norm of τ per kind, cosine of each variant with the plain τ of the same negatives, and cosine of"
            + " each τ with the τ of the same kind for the property's opposite set (same setup; large and positive: both mostly carry"
            + " what any such fine-tuning does); mean ± sd over setups. A vector is negated for the opposite task (`logp-low` for `logp-high`).\n\n"
        let columns = kinds.map { "norm (\($0))" } + kinds.filter { $0 != "plain" }.map { "cos(\($0), plain)" } + kinds.map { "cos(\($0), opposite)" }
        out += "| vector | " + columns.joined(separator: " | ") + " |\n|---|" + columns.map { _ in "---:" }.joined(separator: "|") + "|\n"
        func cell(_ values: [Double], _ format: String) -> String { PaperTables.meanText(values, format) }
        var seen = Set<String>()
        for label in rows.map(\.label) where seen.insert(label).inserted {
            let mine = rows.filter { $0.label == label }
            var cells = kinds.map { k in cell(mine.filter { $0.kind == k }.map(\.norm), "%.2f") }
            cells += kinds.filter { $0 != "plain" }.map { k in cell(mine.filter { $0.kind == k }.compactMap(\.cosinePlain), "%.2f") }
            cells += kinds.map { k in cell(mine.filter { $0.kind == k }.compactMap(\.cosineOpposite), "%.2f") }
            out += "| \(label) | " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
