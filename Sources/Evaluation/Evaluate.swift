import Chem
import Dispatch

/// Evaluates generated strings (invalid ones included) against a reference corpus and success predicates.
///
///     let reference = try ReferenceIndex.load(corpora: ["train.csv.gz"])
///     let rule = try DescriptorPredicate.parseAll("MolLogP>3.5, TPSA<=75")
///     let metrics = evaluate(designs: samples, reference: reference, predicates: rule)
///     metrics["success_rate"]
public func evaluate(designs: [String], reference: ReferenceIndex, predicates: [DescriptorPredicate] = [],
                     options: EvaluationOptions = EvaluationOptions(), quiet: Bool = true) -> Metrics {
    let start = DispatchTime.now()
    let designSet = DesignSet(designs: designs, plan: options.plan(for: predicates), workers: options.workers, quiet: quiet)
    let analysis = seconds(since: start)
    var metrics = evaluate(designSet, reference: reference, predicates: predicates, options: options)
    metrics.seconds["analysis"] = analysis
    return metrics
}

/// Evaluates an already analysed design set (e.g. the same designs under several success rules).
public func evaluate(_ designSet: DesignSet, reference: ReferenceIndex, predicates: [DescriptorPredicate] = [],
                     options: EvaluationOptions = EvaluationOptions()) -> Metrics {
    precondition(predicates.allSatisfy { p in
                     designSet.plan.objectives.contains(p.descriptor)
                         || (Descriptor.all.contains { $0.name == p.descriptor } && (designSet.plan.descriptors?.contains(p.descriptor) ?? true)) },
                 "the design set was scored without a descriptor that a predicate needs")
    let context = EvaluationContext(designSet: designSet, reference: reference, predicates: predicates, options: options)
    var timings: [String: Double] = [:]
    let values = MetricDefinition.all.map { m in
        let start = DispatchTime.now()
        let v = m.compute(context)
        timings[m.name] = seconds(since: start)
        return Metrics.Value(name: m.name, title: m.title, kind: m.kind.rawValue, value: v.flatMap { $0.isNaN ? nil : $0 }, meaning: m.meaning)
    }
    let descriptors = Descriptor.all.enumerated().map { column, d in
        let designed = designSet.molecules.map { $0.descriptors[column] }
        let sample = reference.descriptorSample[d.name] ?? []
        return Metrics.DescriptorReport(name: d.name, designs: DistributionSummary(designed),
                                        reference: DistributionSummary(sample), ks: kolmogorovSmirnov(designed, sample))
    }
    return Metrics(predicates: predicates.map(\.description), reference: reference.sources,
                   referenceMolecules: reference.count, values: values, descriptors: descriptors, warnings: context.warnings,
                   seconds: timings)
}

private func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

extension DesignSet {
    /// Canonical SMILES of the successes: valid, unique, absent from the reference and satisfying every predicate.
    public func successes(reference: ReferenceIndex, predicates: [DescriptorPredicate]) -> [String] {
        let context = EvaluationContext(designSet: self, reference: reference, predicates: predicates, options: EvaluationOptions())
        return context.successes.map { molecules[$0].canonicalSmiles }
    }
}

extension DescriptorPredicate {
    /// Parses predicates over the chemistry layer's descriptors (`Descriptor.all`) and objectives
    /// (`Descriptor.objectives`: `Vina(F2)` …), joined by `,` or `&&`.
    public static func parseAll(_ text: String) throws -> [DescriptorPredicate] {
        try parseAll(text, descriptorNames: (Descriptor.all + Descriptor.objectives).map(\.name))
    }
}
