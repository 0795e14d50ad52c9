import Campaign
import Foundation
import Support

/// Where a long paper experiment stands, from its campaign stores and results folder (safe while it runs): a line per
/// campaign — finished (or kept in the results folder), started (stages done, their time, the stage it is at) or not started — and the count of
/// models in the shared fine-tuning cache.
extension PaperExperiment {
    public func status() throws -> String {
        let plan = try plan()
        let work = URL(fileURLWithPath: options.workFolder)
        let kept = try archive(plan)
        var lines: [String] = [], finished = 0, started = 0
        let width = plan.map(\.id.count).max() ?? 0
        for p in Self.runOrder(plan) {
            let folder = work.appendingPathComponent(p.id)
            let storeURL = folder.appendingPathComponent("campaign.sqlite")
            let name = p.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            if kept.keeps(p, workFolder: options.workFolder) {
                finished += 1
                lines.append(name + "finished: kept in \(options.resultsFolder) (its work folder is gone)")
                continue
            }
            guard FileManager.default.fileExists(atPath: storeURL.path) else {
                lines.append(name + "not started")
                continue
            }
            let stages = try CampaignStore(path: storeURL.path).stages()
            let done = stages.filter { $0.status == .done }
            let time = Progress.duration(done.compactMap(\.seconds).reduce(0, +))
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("metrics.json").path) {
                finished += 1
                lines.append(name + "finished: \(done.count) stages, \(time)")
            } else {
                started += 1
                let at = stages.last { $0.status == .running }.map { "; at \($0.name)" } ?? ""
                lines.append(name + "started: \(done.count) stages done, \(time)\(at)")
            }
        }
        let cache = work.appendingPathComponent("fine-tuned")
        let cached = ((try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: cache.appendingPathComponent($0).appendingPathComponent("finished").path)
        }
        return "Paper experiment in \(work.path): \(finished) of \(plan.count) campaigns finished, \(started) started, "
            + "\(plan.count - finished - started) not started.\n" + lines.map { "  " + $0 }.joined(separator: "\n")
            + "\nFine-tuned models in the shared cache: \(cached.count) (\(cache.path)).\n"
    }
}
