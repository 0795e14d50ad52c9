import Campaign
import Foundation
import Support

/// Every campaign's designs, published so that anyone can recompute the tables with Python RDKit alone:
/// `designs/<campaign>/<arm>.smi.gz` holds an arm's designs at its λ in sampling order, one per line as
/// sampled (invalid ones included), and `designs/manifest.csv` says for each file what it is — campaign, setup,
/// arm, λ, how many designs, the success rule, the files novelty was judged against, and the tool's own
/// validity, success rate and successful clusters for it (as in `results.csv`).
struct PaperDesigns {
    let experiment: PaperExperiment
    let plan: [PaperExperiment.Planned]

    static let manifestColumns = ["campaign", "part", "setup", "arm", "file", "lambda", "designs", "success_rule", "novelty_reference",
                                  "validity", "success_rate", "success_clusters"]

    /// An arm's file name: lower-case letters, digits and single dashes ("negation (ties)" → "negation-ties").
    static func fileName(_ arm: String) -> String {
        let mapped = arm.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(mapped).split(separator: "-").joined(separator: "-") + ".smi.gz"
    }

    /// Writes the designs of every finished campaign (campaigns without results or store are left out) and the
    /// manifest; returns how many design files it wrote.
    @discardableResult
    func write(to folder: URL) throws -> Int {
        var manifest = Self.manifestColumns.joined(separator: ",") + "\n"
        var files = 0
        for p in plan {
            let campaign = URL(fileURLWithPath: experiment.options.workFolder).appendingPathComponent(p.id)
            let storeURL = campaign.appendingPathComponent("campaign.sqlite")
            let resultsURL = campaign.appendingPathComponent("metrics.json")
            guard FileManager.default.fileExists(atPath: storeURL.path), FileManager.default.fileExists(atPath: resultsURL.path) else { continue }
            let results = try CampaignResults.read(resultsURL)
            let store = try CampaignStore(path: storeURL.path)
            // Novelty was judged against the reference corpora and every data set the campaign fine-tuned on.
            let config = p.config
            let reference = (config.reference + config.canonicalReference + config.objectives.map(\.negatives)
                             + (config.baselinePositives ?? []) + (config.fewShot.map { [$0.positives] } ?? [])).joined(separator: ";")
            for (arm, result) in results.arms.sorted(by: { PaperTables.armOrder($0.key) < PaperTables.armOrder($1.key) }) {
                let designs = try store.samples(stage: result.stage, lambda: result.lambda).map(\.smiles)
                let name = Self.fileName(arm)
                try Gzip.write(designs.map { $0 + "\n" }.joined(), to: folder.appendingPathComponent(p.id).appendingPathComponent(name))
                files += 1
                func value(_ metric: String) -> String { (result.metrics[metric] ?? nil).map { String($0) } ?? "" }
                manifest += [p.id, p.part, String(p.setup), CSV.quote(arm), "\(p.id)/\(name)", String(result.lambda), String(designs.count),
                             CSV.quote(results.success.joined(separator: " AND ")), CSV.quote(reference),
                             value("validity"), value("success_rate"), value("success_clusters")].joined(separator: ",") + "\n"
            }
        }
        try AtomicFile.write(manifest, to: folder.appendingPathComponent("manifest.csv"))
        return files
    }
}
