import Evaluation
import Foundation
import Model
import Support

extension SweepMetrics {
    /// The sweep's columns from a full design-metrics evaluation (undefined values count as 0:
    /// no valid design means no uniqueness either).
    public init(_ m: Metrics) {
        self.init(validity: m["validity"] ?? 0, uniqueness: m["uniqueness"] ?? 0, novelty: m["novelty"] ?? 0,
                  successRate: m["success_rate"] ?? 0, successClusters: Int(m["success_clusters"] ?? 0))
    }
}

extension LambdaSweep {
    /// Runs the sweep with the model's sampler and the design metrics: each λ's samples are scored
    /// against `reference` (novelty) and `predicates` (success). `sampling.count` and `.seed` are
    /// replaced by the sweep's own. `report` gets each row and the full metrics behind it.
    public func run(reference: ReferenceIndex, predicates: [DescriptorPredicate], sampling: SamplingOptions = SamplingOptions(),
                    evaluation: EvaluationOptions = EvaluationOptions(), quiet: Bool = true,
                    report: @escaping (SweepRow, Metrics) -> Void = { _, _ in }) throws -> Result {
        var last: Metrics?
        return try run(
            sample: { model, count, seed in
                var options = sampling
                options.count = count
                options.seed = seed
                let progress = Progress("sampling", total: count, unit: "samples", quiet: quiet)
                defer { progress.finish() }
                return try model.sample(options, progress: progress).map(\.smiles)
            },
            score: { designs in
                let metrics = evaluate(designs: designs, reference: reference, predicates: predicates, options: evaluation, quiet: quiet)
                last = metrics
                return SweepMetrics(metrics)
            },
            report: { row in if let m = last { report(row, m) } })
    }
}
