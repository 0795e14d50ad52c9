import Campaign
import CommandLineTool
import Foundation
import Support

/// `antipode campaign run CONFIG.json` and `antipode campaign status CONFIG.json`.
struct CampaignCommand: Command {
    static let name = "campaign"
    static let summary = "run a design campaign from a JSON config, or show where one stands"
    static let header = """
        Usage: antipode campaign run|status CONFIG.json [options]

        run     carries out every stage in order, each recorded in OUTPUT/campaign.sqlite: load and
                canonicalise the data; load the base model; fine-tune on each negative set; form the
                task vectors; sweep λ and choose it by the rule; sample the designs at the chosen λ;
                sample the base model and the baselines (fine-tuning on positives, few-shot) when the
                config asks; evaluate every arm; write designs.csv, sweep.csv, metrics.json and
                report.html to OUTPUT (notebooks-data/<name> by default).
                Run it again after an interruption (kill -9 included): finished stages are skipped,
                an interrupted fine-tuning resumes from its last checkpoint, an interrupted sampling
                stage from its last committed batch. A finished campaign returns at once;
                --rewrite-outputs evaluates its arms and writes its outputs again.
        status  lists the stages and their state.

        The config's keys are described in README.md ("Campaigns"); an unknown key, a wrong type, a
        missing file or an unknown descriptor is an error naming the key.
        """

    static let action = Positional("run|status", missing: "an action: run or status")
    static let config = Positional("CONFIG.json")
    static let quiet = Flag("--quiet", "-q", help: "run: no progress lines")
    static let rewriteOutputs = Flag("--rewrite-outputs", help: "run: evaluate a finished campaign's arms and write its outputs again")
    static let positionals = [action, config]
    static let options = [OptionGroup("Options:", [quiet, rewriteOutputs])]

    static func run(_ args: inout ParsedArguments) throws {
        let action = try args.positional(Self.action)
        let path = try args.positional(config)
        let quiet = args[Self.quiet]
        let rewrite = args[rewriteOutputs]
        try args.finish()
        let config = try CampaignConfig.load(path)
        switch action {
        case "run":
            if !config.outputGiven && !quiet { printError("campaign \(config.name): no 'output' in \(path), so results go to \(config.output) (models to \(config.work))") }
            let report = try CampaignRunner(config: config, quiet: quiet, rewriteOutputs: rewrite).run()
            print("Report: \(report.path)")
        case "status":
            print(try CampaignStatus.describe(config))
        default:
            throw UserError("unknown campaign action '\(action)'; use run or status")
        }
    }
}
