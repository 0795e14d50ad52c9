import Foundation
import Support

/// A readable account of where a campaign stands, from its store alone.
public enum CampaignStatus {
    public static func describe(_ config: CampaignConfig) throws -> String {
        let path = URL(fileURLWithPath: config.output).appendingPathComponent("campaign.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            return "Campaign \(config.name): not started (no store at \(path))."
        }
        let store = try CampaignStore(path: path)
        var out = "Campaign \(config.name) (\(path))\n"
        let stages = try store.stages()
        let width = max(10, stages.map(\.name.count).max() ?? 0)
        for s in stages {
            let time = s.seconds.map { Progress.duration($0) } ?? ""
            var line = "  " + s.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            line += (s.status == .done ? "done    " : "running ") + time.padding(toLength: 12, withPad: " ", startingAt: 0)
            out += line + s.detail + "\n"
            if s.status == .running {
                let n = try store.sampleCount(stage: s.name)
                if n > 0 { out += "    \(n) designs committed so far\n" }
            }
        }
        let sweep = try store.metrics(stage: StageKey.sweep(.main).name)
        if !sweep.isEmpty {
            out += "  sweep: \(sweep.count) of \(config.sweep.lambdas.count) λ evaluated\n"
        }
        let report = URL(fileURLWithPath: config.output).appendingPathComponent("report.html")
        if FileManager.default.fileExists(atPath: report.path) { out += "Report: \(report.path)\n" }
        return out
    }
}
