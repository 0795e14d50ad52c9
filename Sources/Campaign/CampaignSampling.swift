import Evaluation
import Foundation
import Model
import Support
import Sweep
import TaskArithmetic

/// Sampling stages: λ sweeps, the variant arms swept and sampled at their chosen λ, designs drawn into the store
/// batch by batch, and the novelty reference they are scored against.
extension CampaignRunner {
    /// An arm "negation (<variant>)": task vectors from the negatives fine-tuned another way (enumerated
    /// SMILES, or linearized around the base), swept with plain sums under the campaign's rule and sampled at
    /// the chosen λ; a rule no λ meets leaves the sweep without designs. `summary` gets the chosen λ.
    func variantArm(_ variant: StageKey.Variant, base: LanguageModel, negatives: [MoleculeSet], enumerate: Int? = nil, linearized: Bool = false,
                    summary: (Double) -> String) throws -> SweepOutcome {
        var vectors: [SweepVector] = []
        for (objective, set) in zip(config.objectives, negatives) {
            let tuned = try fineTune(role: .negatives(objective: objective.label, variant: variant), from: base, on: set, enumerate: enumerate,
                                     linearized: linearized)
            vectors.append(SweepVector(vector: try vector(objective: objective, base: base, tuned: tuned, data: set,
                                                          name: "\(objective.label)-\(variant.rawValue)", linearized: linearized),
                                       weight: objective.lambdaScale, source: "\(objective.label) (\(variant.rawValue))"))
        }
        let sweep = LambdaSweep(base: base, vectors: vectors, grid: try LambdaGrid(values: config.sweep.lambdas),
                                method: SumMerge(), samplesPerLambda: config.sweep.samples, seed: UInt64(config.seed),
                                rule: config.lambdaRule)
        let expansion = linearized ? base : nil
        let rows = try sweepRows(sweep, arm: .variant(variant), linearizedAround: expansion)
        let chosen: SweepRow?
        do { chosen = try config.lambdaRule.choose(rows) } catch {
            log("  \(variant.rawValue): \(error); no designs for this arm")
            chosen = nil
        }
        let outcome = SweepOutcome(method: "sum (\(variant.rawValue))", rows: rows, chosen: chosen)
        guard let chosen else { return outcome }
        log("  \(variant.rawValue): chosen λ = \(chosen.lambda): \(config.lambdaRule)")
        try sampleArm(name: "negation (\(variant.rawValue))", stage: .design(.variant(variant), lambda: chosen.lambda),
                      model: try sweep.edit(at: chosen.lambda).apply(to: base), count: config.design.samples,
                      summary: summary(chosen.lambda), linearizedAround: expansion)
        return outcome
    }

    /// Samples and scores every λ of the grid through the sweep's loop; each λ's samples and metrics are
    /// committed to the store as they finish, and λ already there are read back instead.
    func sweepRows(_ sweep: LambdaSweep, arm: StageKey.SweepArm, linearizedAround linearBase: LanguageModel? = nil) throws -> [SweepRow] {
        let stage = StageKey.sweep(arm)
        let reference = try referenceIndex()
        let predicates = try config.predicates()
        let stored = try store.metrics(stage: stage.name)
        try store.begin(stage.name)
        let start = Date()
        let steps = LambdaSweep.Steps(
            stored: { lambda in stored[lambda].flatMap { SweepRow(lambda: lambda, stored: $0) } },
            sample: { model, lambda in
                try self.sampleToStore(stage: stage, lambda: lambda, model: model, count: self.config.sweep.samples,
                                       label: "\(stage) λ=\(lambda)", linearizedAround: linearBase).map(\.smiles)
            },
            score: { designs, lambda in
                // The rule reads validity, novelty, success and clusters: the filters and the descriptors outside
                // the success rule are left for the final arms.
                let metrics = evaluate(designs: designs, reference: reference, predicates: predicates,
                                       options: EvaluationOptions(filters: false, sideEffects: false))
                let values = metrics.definedValues
                try self.store.recordMetrics(stage: stage.name, lambda: lambda, values)
                guard let row = SweepRow(lambda: lambda, stored: values) else { throw UserError("sweep at λ = \(lambda) produced no metrics") }
                return row.metrics
            },
            report: { row in
                self.log(String(format: "  λ = %.2f: validity %.3f, novelty %.3f, success %.3f, successful clusters %d",
                                row.lambda, row.validity, row.novelty, row.successRate, row.successClusters))
            })
        let rows = try sweep.run(steps).rows
        try store.finish(stage.name, seconds: Date().timeIntervalSince(start), detail: "\(rows.count) λ × \(config.sweep.samples) designs")
        return rows
    }

    /// Samples one arm's designs into the store (resuming at its last committed batch), at the stage's λ.
    func sampleArm(name: String, stage: StageKey, model: LanguageModel, count: Int, summary: String,
                   linearizedAround linearBase: LanguageModel? = nil) throws {
        let lambda = stage.lambda ?? 0
        arms.append(Arm(name: name, stage: stage, lambda: lambda, summary: summary))
        if try store.isDone(stage.name) { return }
        try self.stage(stage) { () -> ((), String) in
            let samples = try sampleToStore(stage: stage, lambda: lambda, model: model, count: count, label: name,
                                            linearizedAround: linearBase)
            return ((), "\(samples.count) designs")
        }
    }

    /// Draws `count` samples in batches; batch b is seeded from (campaign seed, the stage without λ, b), so a
    /// resumed stage draws exactly the batches it had not committed, and the same λ gives the same draw.
    /// With `linearizedAround`, `model` is a linearized model around it (tangent-space fine-tuning).
    func sampleToStore(stage: StageKey, lambda: Double, model: LanguageModel, count: Int, label: String,
                       linearizedAround linearBase: LanguageModel? = nil) throws -> [CampaignStore.StoredSample] {
        let batchSize = config.design.batchSize
        let batches = (count + batchSize - 1) / batchSize
        let done = try store.committedBatches(stage: stage.name, lambda: lambda)
        let progress = Progress("sampling \(label)", total: count, unit: "designs", minimumTotal: 1000, quiet: quiet)
        progress.advance(by: min(count, done.count * batchSize))
        for b in 0..<batches where !done.contains(b) {
            let n = min(batchSize, count - b * batchSize)
            let seed = UInt64(config.seed) &* 0x9E37_79B9 ^ stableHash(stage.seedName) ^ UInt64(b)
            let options = SamplingOptions(count: n, temperature: config.design.temperature, topK: config.design.topK,
                                          seed: seed, batchSize: min(n, batchSize))
            let samples = try model.sample(options, linearizedAround: linearBase)
            try store.insertBatch(stage: stage.name, lambda: lambda, batch: b, seed: Int(bitPattern: UInt(seed)),
                                  samples: samples.map { (smiles: $0.smiles, nll: $0.nll) })
            progress.advance(by: n)
        }
        progress.finish()
        return try store.samples(stage: stage.name, lambda: lambda)
    }

    /// The novelty reference: the configured corpora plus every data set the config names, the positives
    /// included, read up front: every arm and every λ of every sweep is judged against the same molecules,
    /// whichever stages ran before (a reference built from the sets read so far would miss, in a fresh
    /// campaign, the positives that are read only after the sweeps).
    func referenceIndex() throws -> ReferenceIndex {
        if let reference { return reference }
        try readAllDataSets()
        var parts = config.reference.isEmpty ? [] : [try ReferenceIndex.load(corpora: config.reference, quiet: quiet)]
        for path in config.canonicalReference {
            parts.append(ReferenceIndex(canonicalSmiles: try SequenceFile.texts(path, nonEmpty: true)))
        }
        // MoleculeSet holds canonical SMILES.
        parts.append(ReferenceIndex(canonicalSmiles: dataSets.flatMap(\.set.all)))
        let index = ReferenceIndex(merging: parts)
        reference = index
        return index
    }
}

/// One merge method's sweep and the λ its rule chose (nil when no λ met the floors).
struct SweepOutcome {
    var method: String
    var rows: [SweepRow]
    var chosen: SweepRow?
}

extension SweepRow {
    /// A row from metrics stored by name (nil when a needed metric is missing).
    init?(lambda: Double, stored m: [String: Double]) {
        guard let validity = m["validity"], let novelty = m["novelty"] else { return nil }
        self.init(lambda: lambda, designs: Int(m["designs"] ?? 0), validity: validity, uniqueness: m["uniqueness"] ?? 0,
                  novelty: novelty, successRate: m["success_rate"] ?? 0, successClusters: Int(m["success_clusters"] ?? 0))
    }
}
