import Foundation
import Support

/// A finished campaign's designs as `designs.csv` holds them, and the molecules it fine-tuned on, for
/// commands that work on its results (`antipode shortlist`).
public struct CampaignDesigns {
    public struct Design: Sendable {
        public var arm: String
        public var smiles: String
        public var success: Bool
        public var nll: Double?
    }

    public let name: String
    public let designs: [Design]
    /// The campaign's data sets by label (`neg-<objective>`, `pos-<i>`, `pos-few-shot`): canonical SMILES,
    /// training and validation molecules together.
    public let dataSets: [(name: String, smiles: [String])]
    public let success: [String]

    /// The arms in designs.csv, in order of first appearance.
    public var arms: [String] { designs.map(\.arm).reduce(into: []) { if !$0.contains($1) { $0.append($1) } } }

    /// Reads the campaign of a config file, or of a campaign's output folder (its stored config).
    public static func load(_ path: String) throws -> CampaignDesigns {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw UserError("\(path): no such file or folder") }
        let config: CampaignConfig
        if isFolder.boolValue {
            let sqlite = URL(fileURLWithPath: path).appendingPathComponent("campaign.sqlite").path
            guard FileManager.default.fileExists(atPath: sqlite) else {
                throw UserError("\(path): a folder without campaign.sqlite, so not a campaign's output folder")
            }
            guard let stored = try CampaignStore(path: sqlite).config() else { throw UserError("\(sqlite) holds no campaign config") }
            config = try CampaignConfig.parse(Data(stored.utf8), source: sqlite, folder: FileManager.default.currentDirectoryPath)
        } else {
            config = try CampaignConfig.load(path)
        }
        let csvPath = URL(fileURLWithPath: config.output).appendingPathComponent("designs.csv").path
        guard let data = FileManager.default.contents(atPath: csvPath) else {
            throw UserError("\(csvPath): no designs yet; run `antipode campaign run` on the campaign first")
        }
        // designs.csv is ours: one record a line (no field holds a line break).
        let records = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard let header = records.first.map({ CSV.fields($0) }),
              let arm = header.firstIndex(of: "arm"), let smiles = header.firstIndex(of: "smiles"),
              let success = header.firstIndex(of: "success"), let nll = header.firstIndex(of: "nll") else {
            throw UserError("\(csvPath): not a campaign's designs.csv (it needs the columns arm, smiles, success, nll)")
        }
        let designs = records.dropFirst().map { record -> Design in
            let f = CSV.fields(record)
            func field(_ i: Int) -> String { i < f.count ? f[i] : "" }
            return Design(arm: field(arm), smiles: field(smiles), success: ["1", "true"].contains(field(success)), nll: Double(field(nll)))
        }
        let dataFolder = URL(fileURLWithPath: config.work).appendingPathComponent("data")
        var labels = config.objectives.map { "neg-\($0.label)" }
        labels += (config.baselinePositives ?? []).indices.map { "pos-\($0)" }
        if config.fewShot != nil { labels.append("pos-few-shot") }
        let sets = labels.compactMap { label -> (String, [String])? in
            let parts = ["train", "val"].compactMap { try? String(contentsOf: dataFolder.appendingPathComponent("\(label)-\($0).smi"), encoding: .utf8) }
            guard !parts.isEmpty else { return nil }
            return (label, parts.flatMap { $0.split(separator: "\n").map(String.init) })
        }
        return CampaignDesigns(name: config.name, designs: designs, dataSets: sets, success: config.objectives.flatMap(\.success))
    }
}
