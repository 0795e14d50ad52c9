import Experiments
import Foundation
import Support

/// `antipode experiment paper`: the paper's experiments as campaigns, and the comparison tables.
struct ExperimentCommand: Command {
    static let name = "experiment"
    static let summary = "reproduce the paper's experiments (negation vs fine-tuning on positives)"
    static let usage = """
        Usage: antipode experiment paper [options]

        Runs one campaign per property task and setup (negation of the opposite set's vector, every
        merge method as an arm, fine-tuning on the positives as the baseline, the base model), one per
        dual-objective pair and setup (both vectors negated against sequential fine-tuning in both
        orders), and few-shot arms for the tasks named; then writes, to RESULTS:
          results.csv   one row per task × arm × setup (validity, uniqueness, novelty, success rate,
                        successful clusters, scaffolds among successes, IntDiv1, KS to the base samples)
          summary.csv   mean and standard deviation over setups
          summary.md    the tables, best arm per task in bold, and where negation wins and loses
          report.html   success rate against successful clusters per task, one point per arm
        Campaigns resume, so running it again continues an interrupted experiment.

        Options:
          --tasks A,B        property tasks (default all ten: \(PropertyTask.all.map(\.name).joined(separator: ", ")))
          --setups 0,1,2     data setups (default 0,1,2)
          --no-dual          skip the dual-objective pairs
          --few-shot A,B     tasks that also get few-shot arms (default none)
          --fractions LIST   few-shot fractions (default 0.01,0.05,0.1,0.2)
          --methods LIST     merge methods swept per task (default sum,ties,dare; the first is the main one)
          --samples N        designs per arm (default 10000)
          --sweep-samples N  designs per λ of each sweep (default 1000)
          --lambdas LIST     the λ grid (default 0.10 … 1.00 in steps of 0.05)
          --max-epochs N     fine-tuning epochs at most (default 20; early stopping with patience 5)
          --enumerate N      add the SMILES-enumeration arms: a task vector and a positives baseline fine-tuned
                             on N randomized SMILES per molecule per epoch
          --linearized       add the tangent-space arm: negation of a task vector from linearized fine-tuning
          --learned-lambda   add the learned-λ arm to the few-shot campaigns (per-layer λ fitted to the positives)
          --validity-floor X, --novelty-floor X   the λ rule's floors (default 0.8 and 0.5)
          --base-model DIR   (default models/moses-base)   --reference FILE (default molecules/moses/train.csv.gz)
          --work DIR         campaign folders (default runs/paper)
          --results DIR      tables (default notebooks-data/paper)
          --dry-run          print the campaigns it would run
          --tables-only      write the tables from the campaigns finished so far, running none
          --rewrite-outputs  evaluate finished campaigns again (after a change in the metrics); without it a
                             finished campaign is skipped at once
          --quiet
        """

    static func run(_ args: inout Arguments) throws {
        let which = try args.positional("which experiment (paper)")
        guard which == "paper" else { throw UserError("unknown experiment '\(which)'; the one there is: paper") }
        var o = PaperExperiment.Options()
        func list(_ name: String) throws -> [String]? {
            try args.option(name).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        }
        func numbers(_ name: String) throws -> [Double]? {
            try list(name).map { try $0.map { s in guard let x = Double(s) else { throw UserError("\(name): '\(s)' is not a number") }; return x } }
        }
        if let names = try list("--tasks") {
            o.tasks = try names.map { n in
                guard let t = PropertyTask.named(n) else { throw UserError("unknown task '\(n)'; tasks: \(PropertyTask.all.map(\.name).joined(separator: ", "))") }
                return t
            }
        }
        if let s = try numbers("--setups") { o.setups = s.map { Int($0) } }
        if args.flag("--no-dual") { o.dualPairs = [] }
        o.rewriteOutputs = args.flag("--rewrite-outputs")
        if let f = try list("--few-shot") {
            for n in f where PropertyTask.named(n) == nil { throw UserError("unknown task '\(n)' in --few-shot") }
            o.fewShotTasks = f
        }
        o.fewShotFractions = try numbers("--fractions") ?? o.fewShotFractions
        o.methods = try list("--methods") ?? o.methods
        o.samples = try args.int("--samples") ?? o.samples
        o.sweepSamples = try args.int("--sweep-samples") ?? o.sweepSamples
        o.lambdas = try numbers("--lambdas") ?? o.lambdas
        o.maxEpochs = try args.int("--max-epochs") ?? o.maxEpochs
        o.enumerate = try args.int("--enumerate")
        o.linearized = args.flag("--linearized")
        o.learnedLambda = args.flag("--learned-lambda")
        o.validityFloor = try args.double("--validity-floor") ?? o.validityFloor
        o.noveltyFloor = try args.double("--novelty-floor") ?? o.noveltyFloor
        o.baseModel = try args.option("--base-model") ?? o.baseModel
        o.reference = try args.option("--reference").map { [$0] } ?? o.reference
        o.work = try args.option("--work") ?? o.work
        o.results = try args.option("--results") ?? o.results
        let dryRun = args.flag("--dry-run")
        let tablesOnly = args.flag("--tables-only")
        let quiet = args.flag("--quiet", "-q")
        try args.finish()
        let experiment = PaperExperiment(options: o)
        if dryRun {
            for p in try experiment.plan() { print("\(p.id)\t\(p.part)\t\(p.tasks.joined(separator: " & "))\tsetup \(p.setup)") }
            return
        }
        if tablesOnly {
            let report = try experiment.writeTables()
            print("Tables: \(o.results)/summary.md\nReport: \(report.path)")
            return
        }
        let report = try experiment.run(quiet: quiet)
        print("Tables: \(o.results)/summary.md\nReport: \(report.path)")
    }
}
