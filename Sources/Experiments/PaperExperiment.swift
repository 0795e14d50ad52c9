import Campaign
import Foundation
import Support

/// The paper's experiments as a set of campaigns, and the tables that compare their arms.
///
/// Single objective: for each task and setup, one campaign that negates the opposite set's vector
/// (with every requested merge method as an extra arm), fine-tunes on the positives (baseline), samples
/// the base model, and — for the few-shot tasks — fine-tunes the negated model and the base on fractions
/// of the positives. Dual objective: for each pair and setup, negation of both vectors against
/// sequential fine-tuning on both positive sets, in both orders. Campaigns are resumable, so the whole
/// experiment is too: run it again after an interruption. The tables are written after every campaign, and a
/// campaign whose work folder is gone is kept from them (`PaperArchive`), so the results folder alone carries a
/// run across machines.
public struct PaperExperiment {
    public struct Options: Sendable {
        public var tasks: [PropertyTask] = PropertyTask.all
        public var setups = [0, 1, 2]
        public var dualPairs: [(String, String)] = PaperExperiment.paperPairs
        public var fewShotTasks: [String] = []
        public var fewShotFractions = [0.01, 0.05, 0.1, 0.2]
        public var methods = ["sum", "ties", "dare"]
        public var samples = 10_000
        public var sweepSamples = 1000
        public var lambdas: [Double] = stride(from: 10, through: 100, by: 5).map { Double($0) / 100 }
        public var maxEpochs = 20
        public var validityFloor = 0.8
        public var noveltyFloor = 0.5
        /// The paper's setting: the ChEMBL base in its architecture (campaigns default to the MOSES base).
        public var baseModel = "models/chembl-base"
        /// The corpora a design must be absent from (with the campaign's data sets); nil: the base model's
        /// pre-training corpus (`pretrainingCorpus`).
        public var reference: [String]?
        public var data = "molecules/property-tasks"
        /// Campaign stores, models and designs (large); nil: `runs/paper-<base>` (`baseLabel`).
        public var work: String?
        /// The comparison tables and published designs a notebook reads; nil: `notebooks-data/paper-<base>`.
        public var results: String?
        public var seed = 1
        /// Evaluate finished campaigns again (see `CampaignRunner.rewriteOutputs`).
        public var rewriteOutputs = false
        /// Randomized SMILES per molecule per epoch for the two enumeration arms (nil: no such arms).
        public var enumerate: Int?
        /// Add the tangent-space (linearized) negation arm to every campaign.
        public var linearized = false
        /// Add the learned-λ arm to the few-shot campaigns.
        public var learnedLambda = false
        public init() {}

        /// The base model's folder name without `-base` (`chembl` for models/chembl-base): each base's
        /// experiment keeps its own campaigns and tables.
        public var baseLabel: String {
            let name = URL(fileURLWithPath: baseModel).lastPathComponent
            return name.hasSuffix("-base") ? String(name.dropLast(5)) : name
        }

        public var workFolder: String { work ?? "runs/paper-\(baseLabel)" }
        public var resultsFolder: String { results ?? "notebooks-data/paper-\(baseLabel)" }
        public var referenceCorpora: [String] { reference ?? Self.pretrainingCorpus[baseLabel].map { [$0] } ?? CampaignConfig.defaultReference }

        /// The shipped bases' pre-training corpora: novelty is judged against the corpus a base learned from.
        public static let pretrainingCorpus = ["chembl": "molecules/chembl/train.smi.gz", "moses": "molecules/moses/train.csv.gz"]
    }

    /// The paper's dual-objective pairs.
    public static let paperPairs = [("fraction-sp3-c-high", "no-h-donors-high"), ("logp-high", "tpsa-low"), ("no-rings-high", "tpsa-low")]

    public let options: Options
    public init(options: Options) { self.options = options }

    /// One campaign of the experiment.
    public struct Planned: Sendable {
        public let id: String
        public let part: String
        public let tasks: [String]
        public let setup: Int
        public let config: CampaignConfig
    }

    /// Where each campaign's config is written (in file form, to read or to run alone with `campaign run`).
    var configsFolder: URL { URL(fileURLWithPath: options.workFolder).appendingPathComponent("configs") }

    /// Every campaign, setup by setup (the order of the tables); each config validated, and every input
    /// checked to exist. `run` takes them in `runOrder`.
    public func plan() throws -> [Planned] {
        for path in [options.baseModel] + options.referenceCorpora where !FileManager.default.fileExists(atPath: path) {
            throw UserError("no such file or folder '\(path)' (the base model and the reference corpora must exist)")
        }
        var out: [Planned] = []
        for setup in options.setups {
            for task in options.tasks {
                var config = base(id: "single-\(task.name)-s\(setup)", setup: setup, tasks: [task])
                if options.fewShotTasks.contains(task.name) {
                    config.fewShot = CampaignConfig.FewShot(positives: positives(task, setup), fractions: options.fewShotFractions,
                                                            learnedLambda: options.learnedLambda)
                }
                out.append(try planned(config, part: "single", tasks: [task], setup: setup))
            }
            for (a, b) in options.dualPairs {
                guard let ta = PropertyTask.named(a), let tb = PropertyTask.named(b) else { throw UserError("unknown task in pair \(a) & \(b)") }
                var config = base(id: "dual-\(a)_\(b)-s\(setup)", setup: setup, tasks: [ta, tb])
                config.baselinePositives = [positives(ta, setup), positives(tb, setup)]
                config.baselineReverse = true
                config.sweep.methods = ["sum"]
                out.append(try planned(config, part: "dual", tasks: [ta, tb], setup: setup))
            }
        }
        return out
    }

    /// The plan in the order `run` takes it: one property's two tasks through every setup before the next
    /// property (in the plan's order), then each dual pair through every setup. A run stopped part-way then has
    /// whole properties, with a mean ± sd over setups, instead of every property at fewer setups. Campaigns
    /// share only the fine-tuning cache, whose keys do not depend on order, so the order changes no result.
    public static func runOrder(_ plan: [Planned]) -> [Planned] {
        func group(_ p: Planned) -> String {
            p.part == "single" ? p.tasks.compactMap { PropertyTask.named($0)?.family }.joined() : p.tasks.joined(separator: "&")
        }
        var firstIndexOfGroup: [String: Int] = [:]
        for (i, p) in plan.enumerated() where firstIndexOfGroup[group(p)] == nil { firstIndexOfGroup[group(p)] = i }
        return plan.enumerated().sorted { a, b in
            let ka = (a.element.part == "single" ? 0 : 1, firstIndexOfGroup[group(a.element)]!, a.element.setup, a.offset)
            let kb = (b.element.part == "single" ? 0 : 1, firstIndexOfGroup[group(b.element)]!, b.element.setup, b.offset)
            return ka < kb
        }.map(\.element)
    }

    private func positives(_ task: PropertyTask, _ setup: Int) -> String { "\(options.data)/\(task.name)/setup-\(setup)" }

    private func base(id: String, setup: Int, tasks: [PropertyTask]) -> CampaignConfig {
        var config = CampaignConfig(
            name: id, output: "\(options.workFolder)/\(id)", work: "\(options.workFolder)/\(id)/work", seed: options.seed + setup,
            baseModel: options.baseModel, reference: options.referenceCorpora,
            objectives: tasks.map { t in CampaignConfig.Objective(label: t.opposite.name, negatives: positives(t.opposite, setup), success: [t.rule]) })
        config.fineTune.training.epochs = options.maxEpochs
        // Every campaign of a setup shares the seed, so a set fine-tuned as one task's negatives and
        // another's positives is trained once.
        config.fineTune.cache = "\(options.workFolder)/fine-tuned"
        config.fineTune.enumerate = options.enumerate
        config.fineTune.linearized = options.linearized
        config.sweep.lambdas = options.lambdas
        config.sweep.samples = options.sweepSamples
        config.sweep.methods = options.methods
        config.sweep.validityFloor = options.validityFloor
        config.sweep.noveltyFloor = options.noveltyFloor
        // The paper's rule (the largest success rate), pinned: the campaigns' default is the one-standard-error rule.
        config.sweep.rule = .success
        config.design.samples = options.samples
        config.baselinePositives = tasks.map { positives($0, setup) }
        // Relative paths were resolved against the configs folder when an earlier version read the configs back.
        config.sourceFolder = configsFolder.path
        return config
    }

    private func planned(_ config: CampaignConfig, part: String, tasks: [PropertyTask], setup: Int) throws -> Planned {
        for path in config.objectives.map(\.negatives) + (config.baselinePositives ?? []) + (config.fewShot.map { [$0.positives] } ?? [])
        where !FileManager.default.fileExists(atPath: path) {
            throw UserError("\(config.name): no such data set '\(path)'")
        }
        try config.validate(source: config.name)
        return Planned(id: config.name, part: part, tasks: tasks.map(\.name), setup: setup, config: config)
    }

    /// What the results folder already holds of the planned campaigns (see `PaperArchive`).
    func archive(_ plan: [Planned]) throws -> PaperArchive {
        try PaperArchive(folder: URL(fileURLWithPath: options.resultsFolder), plan: plan, gridTop: options.lambdas.max())
    }

    /// The tables from the campaigns finished so far and those the results folder keeps.
    func tables(_ plan: [Planned]) throws -> PaperTables {
        PaperTables(experiment: self, plan: plan, archive: try archive(plan))
    }

    /// Writes the tables from the campaigns finished so far, running none.
    public func writeTables() throws -> URL {
        let plan = try plan()
        return try tables(plan).write(seconds: nil)
    }

    /// Runs every planned campaign (resuming those already started; skipping those the results folder keeps
    /// without a work folder), writing the tables after each that finishes in this run, so the results folder holds
    /// every finished campaign; a run in which none finishes writes them once at its end.
    public func run(quiet: Bool = false, log: (String) -> Void = { printError($0) }) throws -> URL {
        let plan = try plan()
        let began = Date()
        let order = Self.runOrder(plan)
        let kept = try archive(plan)
        func writeTables() throws -> URL {
            let report = try tables(plan).write(seconds: Date().timeIntervalSince(began))
            log("  tables written to \(options.resultsFolder)")
            return report
        }
        var report: URL?
        for (i, p) in order.enumerated() {
            if kept.keeps(p, workFolder: options.workFolder) {
                log("[\(i + 1)/\(plan.count)] \(p.id): kept in \(options.resultsFolder) (its work folder is gone), not run again")
                continue
            }
            try AtomicFile.write(try p.config.fileJSON(), to: configsFolder.appendingPathComponent("\(p.id).json"))
            log("[\(i + 1)/\(plan.count)] \(p.id) (\(Progress.duration(Date().timeIntervalSince(began))) so far)")
            var finishedEarlier = false
            do {
                let runner = try CampaignRunner(config: p.config, quiet: quiet, rewriteOutputs: options.rewriteOutputs)
                finishedEarlier = try runner.outputsStand()
                _ = try runner.run()
            } catch {
                // One campaign's failure (e.g. no λ meets the floors) is recorded, not fatal to the rest.
                log("  \(p.id) did not finish: \(error)")
                continue
            }
            // Its rows were in the tables when it finished; writing them again (about a minute on the full run,
            // mostly the published designs) would change nothing.
            if finishedEarlier { continue }
            // The campaign stands in its store whatever happens here; the next campaign's write (or writeTables)
            // brings the tables up to date once the cause is fixed.
            do {
                report = try writeTables()
            } catch {
                log("  \(p.id) finished, but the tables were not written: \(error)")
            }
        }
        return try report ?? writeTables()
    }
}
