import CommandLineTool
import Experiments
import Foundation
import Support

/// `antipode experiment paper`: the paper's experiments as campaigns, and the comparison tables.
struct ExperimentCommand: Command {
    static let name = "experiment"
    static let summary = "reproduce the paper's experiments (negation vs fine-tuning on positives)"
    static let header = """
        Usage: antipode experiment paper [options]

        Runs one campaign per property task and setup (negation of the opposite set's vector, every
        merge method as an arm, fine-tuning on the positives as the baseline, the base model), one per
        dual-objective pair and setup (both vectors negated against sequential fine-tuning in both
        orders), and few-shot arms for the tasks named; then writes, to RESULTS:
          results.csv   one row per task × arm × setup (validity, uniqueness, novelty, success rate,
                        successful clusters, scaffolds among successes, IntDiv1, KS to the base samples)
          summary.csv   mean and standard deviation over setups
          summary.md    the tables, best arm per task in bold, where negation wins and loses (and by
                        more than one sd or not), success among valid designs, each arm's chosen λ, the
                        learned-λ fits, the data-set check
          vectors.csv   each task vector's norm, and cosines with its plain and opposite vectors
          report.html   success rate against successful clusters per task, one point per arm
          designs/      every campaign's and arm's designs at its λ (<campaign>/<arm>.smi.gz, sampling order,
                        invalid ones included) and manifest.csv (λ, rule, novelty reference, the tool's numbers)
        Campaigns resume, so running it again continues an interrupted experiment.
        """

    static let which = Positional("paper", missing: "which experiment (paper)")
    static let tasks = Option("--tasks", value: "A,B", default: CommaList(PaperExperiment.Options().tasks.map(\.name)),
                              help: "property tasks")
    static let setups = Option("--setups", value: "0,1,2", default: NumberList(PaperExperiment.Options().setups.map(Double.init)),
                               help: "data setups")
    static let noDual = Flag("--no-dual", help: "skip the dual-objective pairs")
    static let fewShot = Option("--few-shot", value: "A,B", default: CommaList(PaperExperiment.Options().fewShotTasks),
                                help: "tasks that also get few-shot arms")
    static let fractions = Option("--fractions", value: "LIST", default: NumberList(PaperExperiment.Options().fewShotFractions),
                                  help: "few-shot fractions")
    static let methods = Option("--methods", value: "LIST", default: CommaList(PaperExperiment.Options().methods),
                                help: "merge methods swept per task; the first is the main one")
    static let samples = Option("--samples", value: "N", default: PaperExperiment.Options().samples, help: "designs per arm")
    static let sweepSamples = Option("--sweep-samples", value: "N", default: PaperExperiment.Options().sweepSamples,
                                     help: "designs per λ of each sweep")
    static let lambdas = Option("--lambdas", value: "LIST", default: NumberList(PaperExperiment.Options().lambdas), help: "the λ grid")
    static let maxEpochs = Option("--max-epochs", value: "N", default: PaperExperiment.Options().maxEpochs,
                                  help: "fine-tuning epochs at most, stopping early with patience 5")
    static let enumerate = Option<Int?>("--enumerate", value: "N", help: """
        add the SMILES-enumeration arms
        a task vector and a positives baseline fine-tuned on N randomized SMILES per molecule per
        epoch, early stopped on randomized forms of the validation molecules
        """)
    static let linearized = Flag("--linearized", help: "add the tangent-space arm: negation of a task vector from linearized fine-tuning")
    static let learnedLambda = Flag("--learned-lambda",
                                    help: "add the learned-λ arm to the few-shot campaigns (per-layer λ fitted to the positives)")
    static let validityFloor = Option("--validity-floor", value: "X", default: PaperExperiment.Options().validityFloor,
                                      help: "the λ rule's validity floor")
    static let noveltyFloor = Option("--novelty-floor", value: "X", default: PaperExperiment.Options().noveltyFloor,
                                     help: "the λ rule's novelty floor")
    static let baseModel = Option("--base", "--base-model", value: "DIR", default: PaperExperiment.Options().baseModel, help: "the base model")
    static let reference = Option<String?>("--reference", value: "FILE", help: "the reference corpus",
                                           absent: "the base's pre-training corpus (chembl-base: molecules/chembl/train.smi.gz, moses-base: molecules/moses/train.csv.gz)")
    static let work = Option<String?>("--work", value: "DIR", help: "campaign folders", absent: "runs/paper-<base>, e.g. runs/paper-chembl")
    static let results = Option<String?>("--results", value: "DIR", help: "tables and published designs",
                                         absent: "notebooks-data/paper-<base>, e.g. notebooks-data/paper-chembl")
    static let dryRun = Flag("--dry-run", help: "print the campaigns it would run")
    static let status = Flag("--status", help: "where each campaign stands (finished, started at which stage, not started), running none")
    static let tablesOnly = Flag("--tables-only", help: "write the tables from the campaigns finished so far, running none")
    static let rewriteOutputs = Flag("--rewrite-outputs", help: """
        evaluate finished campaigns again (after a change in the metrics)
        without it a finished campaign is skipped at once
        """)
    static let quiet = Flag("--quiet", "-q", help: "no progress lines")
    static let positionals = [which]
    static let options = [OptionGroup("Options:", [tasks, setups, noDual, fewShot, fractions, methods, samples, sweepSamples, lambdas,
                                                   maxEpochs, enumerate, linearized, learnedLambda, validityFloor, noveltyFloor, baseModel,
                                                   reference, work, results, dryRun, status, tablesOnly, rewriteOutputs, quiet])]

    static func run(_ args: inout ParsedArguments) throws {
        let which = try args.positional(Self.which)
        guard which == "paper" else { throw UserError("unknown experiment '\(which)'; the one there is: paper") }
        var o = PaperExperiment.Options()
        if args.isGiven(tasks) {
            o.tasks = try args[tasks].items.map { n in
                guard let t = PropertyTask.named(n) else { throw UserError("unknown task '\(n)'; tasks: \(PropertyTask.all.map(\.name).joined(separator: ", "))") }
                return t
            }
        }
        o.setups = args[setups].values.map { Int($0) }
        if args[noDual] { o.dualPairs = [] }
        o.rewriteOutputs = args[rewriteOutputs]
        let fewShotTasks = args[fewShot].items
        for n in fewShotTasks where PropertyTask.named(n) == nil { throw UserError("unknown task '\(n)' in --few-shot") }
        o.fewShotTasks = fewShotTasks
        o.fewShotFractions = args[fractions].values
        o.methods = args[methods].items
        o.samples = args[samples]
        o.sweepSamples = args[sweepSamples]
        o.lambdas = args[lambdas].values
        o.maxEpochs = args[maxEpochs]
        o.enumerate = args[enumerate]
        o.linearized = args[linearized]
        o.learnedLambda = args[learnedLambda]
        o.validityFloor = args[validityFloor]
        o.noveltyFloor = args[noveltyFloor]
        o.baseModel = args[baseModel]
        o.reference = args[reference].map { [$0] } ?? o.reference
        o.work = args[work]
        o.results = args[results]
        let dryRun = args[Self.dryRun]
        let showStatus = args[Self.status]
        let tablesOnly = args[Self.tablesOnly]
        let quiet = args[Self.quiet]
        try args.finish()
        let experiment = PaperExperiment(options: o)
        if dryRun {
            for p in PaperExperiment.runOrder(try experiment.plan()) { print("\(p.id)\t\(p.part)\t\(p.tasks.joined(separator: " & "))\tsetup \(p.setup)") }
            return
        }
        if showStatus {
            print(try experiment.status(), terminator: "")
            return
        }
        if tablesOnly {
            let report = try experiment.writeTables()
            print("Tables: \(o.resultsFolder)/summary.md\nDesigns: \(o.resultsFolder)/designs/manifest.csv\nReport: \(report.path)")
            return
        }
        let report = try experiment.run(quiet: quiet)
        print("Tables: \(o.resultsFolder)/summary.md\nDesigns: \(o.resultsFolder)/designs/manifest.csv\nReport: \(report.path)")
    }
}
