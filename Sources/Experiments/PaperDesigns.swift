import Campaign
import Foundation
import Support

/// Every campaign's designs, published so that anyone can recompute the tables with Python RDKit alone:
/// `designs/<campaign>/<arm>.smi.gz` holds an arm's designs at its λ in sampling order, one per line as
/// sampled (invalid ones included), and `designs/manifest.csv` says for each file what it is — campaign, setup,
/// arm, λ, how many designs, the success rule, the files novelty was judged against, and the tool's own
/// validity, success rate and successful clusters for it (as in `results.csv`). A list of designs equal to one
/// already written is not written again (every campaign samples the same base model with the same seed): its
/// manifest row names the first file.
struct PaperDesigns {
    let experiment: PaperExperiment
    let plan: [PaperExperiment.Planned]
    /// Designs of campaigns whose work folder is gone, as the results folder holds them.
    var archive = PaperArchive.none

    static let manifestColumns = ["campaign", "part", "setup", "arm", "file", "lambda", "designs", "success_rule", "novelty_reference",
                                  "validity", "success_rate", "success_clusters"]

    /// An arm's file name: ASCII lower-case letters, digits and single dashes ("negation (ties)" → "negation-ties",
    /// "learned λ" → "learned-lambda").
    static func fileName(_ arm: String) -> String {
        let mapped = arm.lowercased().replacingOccurrences(of: "λ", with: "lambda")
            .map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        return String(mapped).split(separator: "-").joined(separator: "-") + ".smi.gz"
    }

    /// Writes the designs of every finished campaign (from its store, or kept from the folder when its work folder
    /// is gone; others are left out) and the manifest; returns how many design files it wrote.
    @discardableResult
    func write(to folder: URL) throws -> Int {
        // The folder is made anew beside the old one (which may hold the kept campaigns' files), from the stores
        // and the kept files, so files of arms or campaigns no longer in the plan go.
        let building = folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + ".new")
        try? FileManager.default.removeItem(at: building)
        var manifest = Self.manifestColumns.joined(separator: ",") + "\n"
        var files = Files(folder: building)
        for p in plan {
            let campaign = URL(fileURLWithPath: experiment.options.workFolder).appendingPathComponent(p.id)
            let storeURL = campaign.appendingPathComponent("campaign.sqlite")
            let resultsURL = campaign.appendingPathComponent("metrics.json")
            guard FileManager.default.fileExists(atPath: storeURL.path), FileManager.default.fileExists(atPath: resultsURL.path) else {
                for var row in archive.designs[p.id] ?? [] {
                    let fileColumn = Self.manifestColumns.firstIndex(of: "file")!, armColumn = Self.manifestColumns.firstIndex(of: "arm")!
                    let kept = archive.designsFolder.appendingPathComponent(row[fileColumn])
                    let text: String
                    do { text = String(decoding: try Gzip.decompress(file: kept.path), as: UTF8.self) } catch {
                        throw UserError("cannot read the kept designs '\(kept.path)': \(error)")
                    }
                    row[fileColumn] = try files.write(text, as: "\(p.id)/\(Self.fileName(row[armColumn]))")
                    manifest += row.map(CSV.quote).joined(separator: ",") + "\n"
                }
                continue
            }
            let results = try CampaignResults.read(resultsURL)
            let store = try CampaignStore(path: storeURL.path)
            // Novelty was judged against the reference corpora and every data set the campaign fine-tuned on.
            let config = p.config
            let reference = (config.reference + config.canonicalReference + config.objectives.map(\.negatives)
                             + (config.baselinePositives ?? []) + (config.fewShot.map { [$0.positives] } ?? [])).joined(separator: ";")
            for (arm, result) in results.arms.sorted(by: { PaperTables.armOrder($0.key) < PaperTables.armOrder($1.key) }) {
                let designs = try store.samples(stage: result.stage, lambda: result.lambda).map(\.smiles)
                let file = try files.write(designs.map { $0 + "\n" }.joined(), as: "\(p.id)/\(Self.fileName(arm))")
                func value(_ metric: String) -> String { (result.metrics[metric] ?? nil).map { String($0) } ?? "" }
                manifest += [p.id, p.part, String(p.setup), CSV.quote(arm), file, String(result.lambda), String(designs.count),
                             CSV.quote(results.success.joined(separator: " AND ")), CSV.quote(reference),
                             value("validity"), value("success_rate"), value("success_clusters")].joined(separator: ",") + "\n"
            }
        }
        try AtomicFile.write(manifest, to: building.appendingPathComponent("manifest.csv"))
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.moveItem(at: building, to: folder)
        return files.written
    }

    /// Gzipped design files under one folder, each distinct content once.
    struct Files {
        let folder: URL
        /// Content hash → the files (relative paths) written with that hash.
        private var byHash: [UInt64: [String]] = [:]
        private(set) var written = 0

        init(folder: URL) { self.folder = folder }

        /// Writes `text` to `path` (relative to the folder) unless a file written before holds the same text;
        /// returns the path that holds it.
        mutating func write(_ text: String, as path: String) throws -> String {
            let hash = stableHash(text)
            for earlier in byHash[hash, default: []] {
                let held = String(decoding: try Gzip.decompress(file: folder.appendingPathComponent(earlier).path), as: UTF8.self)
                if held == text { return earlier }
            }
            try Gzip.write(text, to: folder.appendingPathComponent(path))
            byHash[hash, default: []].append(path)
            written += 1
            return path
        }
    }
}
