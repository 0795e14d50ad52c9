import CRDKitShim

/// A named per-molecule number. `Descriptor.all` is the registry: adding a descriptor means adding
/// one entry there. Names follow Python RDKit (`Descriptors.MolLogP` → "MolLogP").
public struct Descriptor: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// Whether the value is a whole number (a count), for printing.
    public let isCount: Bool
    let compute: @Sendable (Molecule) -> Double

    public init(name: String, isCount: Bool = false, compute: @escaping @Sendable (Molecule) -> Double) {
        self.name = name
        self.isCount = isCount
        self.compute = compute
    }

    public var description: String { name }
    public static func == (a: Descriptor, b: Descriptor) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }

    /// Every descriptor, in the order `antipode score` writes them.
    public static let all: [Descriptor] = [
        rdkit("NumHDonors", AP_NUM_H_DONORS, count: true),
        rdkit("NumHAcceptors", AP_NUM_H_ACCEPTORS, count: true),
        rdkit("RingCount", AP_RING_COUNT, count: true),
        rdkit("MolLogP", AP_MOL_LOGP),
        rdkit("TPSA", AP_TPSA),
        rdkit("FractionCSP3", AP_FRACTION_CSP3),
        rdkit("MolWt", AP_MOL_WT),
        rdkit("NumRotatableBonds", AP_NUM_ROTATABLE_BONDS, count: true),
        rdkit("NumAromaticRings", AP_NUM_AROMATIC_RINGS, count: true),
        rdkit("HeavyAtomCount", AP_HEAVY_ATOM_COUNT, count: true),
        qed,
        sa,
    ]

    /// Quantitative estimate of drug-likeness (Bickerton 2012), as RDKit's `QED.qed`.
    public static let qed = Descriptor(name: "QED") { QED.score($0) }
    /// Synthetic accessibility (Ertl & Schuffenhauer 2009), as RDKit Contrib's `sascorer`; NaN when
    /// the fragment table cannot be found (see `SAScore.load()`).
    public static let sa = Descriptor(name: "SA") { SAScore.score($0) }

    private static let byName: [String: Descriptor] = {
        var map: [String: Descriptor] = [:]
        for d in all + objectives { map[d.name.lowercased()] = d }
        return map
    }()

    /// The registered descriptor or objective with this name (case-insensitive), or nil.
    public static func named(_ s: String) -> Descriptor? { byName[s.lowercased()] }

    private static func rdkit(_ name: String, _ which: ap_descriptor, count: Bool = false) -> Descriptor {
        Descriptor(name: name, isCount: count) { $0.descriptor(which) }
    }
}
