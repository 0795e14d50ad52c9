import Chem
import Support

/// A set of generated strings, each analysed once: parsed and canonicalised, grouped into distinct
/// molecules, and every distinct molecule's descriptors, fingerprints, scaffold and filter verdict
/// computed once, on `workers` threads. All metrics are read off this.
public struct DesignSet: Sendable {
    /// The strings as generated, invalid ones included.
    public let designs: [String]
    /// For each design, its index in `molecules`, or nil when RDKit rejected it.
    public let moleculeOfDesign: [Int?]
    /// The distinct valid molecules, in order of first appearance.
    public let molecules: [DesignedMolecule]

    public var validCount: Int { moleculeOfDesign.lazy.filter { $0 != nil }.count }

    /// What was computed for each molecule.
    public let plan: ScoringPlan

    public init(designs: [String], plan: ScoringPlan = ScoringPlan(), workers: Int = 2, quiet: Bool = true) {
        self.plan = plan
        self.designs = designs
        // Parse each distinct string once.
        var distinctStrings: [String] = []
        var stringIndex: [String: Int] = [:]
        let stringOfDesign = designs.map { s in
            if let i = stringIndex[s] { return i }
            stringIndex[s] = distinctStrings.count
            distinctStrings.append(s)
            return distinctStrings.count - 1
        }
        let progress = Progress("parsing designs", total: distinctStrings.count, quiet: quiet)
        // Keep only the canonical SMILES: holding 100k RDKit molecules until scoring would cost gigabytes,
        // and re-parsing the first string of each distinct molecule below is cheap next to scoring it.
        let canonical: [String?] = parallelMap(distinctStrings.count, workers: workers) { i in
            defer { progress.advance() }
            return (try? Molecule(smiles: distinctStrings[i]))?.canonicalSmiles
        }
        progress.finish()

        // Group valid strings into molecules by canonical SMILES.
        var firstString: [Int] = []
        var moleculeIndex: [String: Int] = [:]
        let moleculeOfString: [Int?] = canonical.enumerated().map { i, c in
            guard let c else { return nil }
            if let m = moleculeIndex[c] { return m }
            moleculeIndex[c] = firstString.count
            firstString.append(i)
            return firstString.count - 1
        }
        moleculeOfDesign = stringOfDesign.map { moleculeOfString[$0] }
        var multiplicity = [Int](repeating: 0, count: firstString.count)
        for case let m? in moleculeOfDesign { multiplicity[m] += 1 }

        let scoring = Progress("scoring molecules", total: firstString.count, quiet: quiet)
        molecules = parallelMap(firstString.count, workers: workers) { m in
            defer { scoring.advance() }
            // It parsed a moment ago, so it parses again.
            let molecule = try! Molecule(smiles: distinctStrings[firstString[m]])
            return DesignedMolecule(molecule, canonical: canonical[firstString[m]]!,
                                    multiplicity: multiplicity[m], plan: plan)
        }
        scoring.finish()
    }
}

/// One distinct valid molecule of a design set and everything the metrics read from it.
public struct DesignedMolecule: Sendable {
    public let canonicalSmiles: String
    /// How many designs are this molecule.
    public let multiplicity: Int
    /// Values of `Descriptor.all`, in that order; NaN for those the scoring plan left out.
    public let descriptors: [Double]
    /// Values of the objectives the scoring plan names (`Descriptor.objectives`, e.g. `Vina(F2)`); NaN when
    /// the molecule could not be docked.
    public let objectiveValues: [String: Double]
    /// Bemis–Murcko scaffold SMILES; empty for acyclic molecules.
    public let scaffold: String
    /// Whether it passes the MOSES filters (MCF, PAINS, allowed atoms, no charges, no large rings);
    /// nil when the scoring plan left them out.
    public let passesFilters: Bool?
    /// Morgan radius 2, 1024 bits (MOSES internal diversity).
    let morgan1024: Fingerprint
    /// Morgan radius 2, 2048 bits (clusters, substructures).
    let morgan2048: Fingerprint
    /// Unfolded Morgan radius-2 environment ids (distinct substructures).
    let environments: [UInt32]

    init(_ molecule: Molecule, canonical: String, multiplicity: Int, plan: ScoringPlan) {
        canonicalSmiles = canonical
        self.multiplicity = multiplicity
        descriptors = Descriptor.all.map { plan.computes($0) ? molecule.value(of: $0) : .nan }
        var objectives: [String: Double] = [:]
        for name in plan.objectives { objectives[name] = Descriptor.named(name).map { molecule.value(of: $0) } ?? .nan }
        objectiveValues = objectives
        scaffold = molecule.murckoScaffold
        passesFilters = plan.filters ? molecule.passesMOSESFilters : nil
        morgan1024 = molecule.morgan(radius: 2, bits: 1024)
        morgan2048 = molecule.morgan(radius: 2, bits: 2048)
        environments = molecule.morganCounts(radius: 2).ids
    }

    /// The value of the named descriptor or computed objective (nil for any other name).
    public func value(of name: String) -> Double? {
        Descriptor.all.firstIndex { $0.name == name }.map { descriptors[$0] } ?? objectiveValues[name]
    }
}

/// Which of the costlier per-molecule results to compute. The MOSES filters (hundreds of SMARTS on the
/// molecule with explicit hydrogens) cost more than everything else together, QED and SA a few ms each;
/// parsing, fingerprints and scaffolds are always computed.
public struct ScoringPlan: Sendable, Equatable {
    /// Names of the descriptors to compute; nil for all of `Descriptor.all`.
    public var descriptors: Set<String>?
    public var filters: Bool
    /// Names of the costly objectives to compute (`Descriptor.objectives`: docking); none unless a rule names them.
    public var objectives: [String]

    public init(descriptors: Set<String>? = nil, filters: Bool = true, objectives: [String] = []) {
        self.descriptors = descriptors
        self.filters = filters
        self.objectives = objectives
    }

    /// The objectives among the predicates' names, each once.
    public static func objectives(in predicates: [DescriptorPredicate]) -> [String] {
        let names = Set(Descriptor.objectives.map(\.name))
        return predicates.map(\.descriptor).filter { names.contains($0) }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    func computes(_ d: Descriptor) -> Bool { descriptors?.contains(d.name) ?? true }
}
