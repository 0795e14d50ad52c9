import CRDKitShim

/// A molecule parsed once by RDKit; ask it for SMILES, descriptors, fingerprints, scaffolds and
/// filter verdicts as often as you like. Owns the RDKit handle and frees it on deinit.
///
/// Calls on one instance from several threads are safe (the shim serialises them per handle).
public final class Molecule: @unchecked Sendable {
    let handle: OpaquePointer

    /// Wraps a handle the caller owns (ownership moves here).
    init(owning handle: OpaquePointer) { self.handle = handle }

    /// Parses SMILES exactly as Python RDKit's `Chem.MolFromSmiles` does. Text after the first
    /// space or tab is a name, as in RDKit (so `"CCO ethanol"` is ethanol). A string beyond `limits`
    /// (`MoleculeLimits.current` unless given) throws `ChemError.tooLarge` before RDKit sees it.
    public convenience init(smiles: String, limits: MoleculeLimits = .current) throws {
        if smiles.allSatisfy({ $0.isWhitespace }) { throw ChemError.empty }
        // C strings end at NUL: a SMILES with one inside would be cut short, not rejected.
        if smiles.utf8.contains(0) { throw ChemError.unparsable("NUL byte in SMILES") }
        if let why = limits.violation(smiles) { throw ChemError.tooLarge(why) }
        self.init(owning: try Self.parsed { status, message in ap_mol_from_smiles(smiles, status, message) })
    }

    /// The handle a shim parser returns, or the error its status and message describe (the message freed).
    static func parsed(_ parse: (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> OpaquePointer?) throws -> OpaquePointer {
        var status: Int32 = 0
        var message: UnsafeMutablePointer<CChar>? = nil
        let handle = parse(&status, &message)
        let reason = message.map { String(cString: $0) } ?? "unknown reason"
        ap_free_string(message)
        guard let handle else {
            switch Int(status) {
            case Int(AP_PARSE_EMPTY.rawValue): throw ChemError.empty
            case Int(AP_PARSE_SANITIZATION.rawValue): throw ChemError.sanitization(reason)
            default: throw ChemError.unparsable(reason)
            }
        }
        return handle
    }

    deinit { ap_mol_free(handle) }

    /// RDKit's canonical isomeric SMILES (`Chem.MolToSmiles(mol)`).
    public var canonicalSmiles: String { smiles(isomeric: true) }

    /// Canonical SMILES, with or without stereo and isotopes.
    public func smiles(isomeric: Bool) -> String {
        takeString(ap_mol_smiles(handle, isomeric ? 1 : 0)) ?? ""
    }

    /// The value of a registered descriptor (see `Descriptor.all`).
    public func value(of d: Descriptor) -> Double { d.compute(self) }

    /// A randomized SMILES of the same molecule (atoms in a seeded random order, not canonical), for
    /// SMILES enumeration; the same seed gives the same string. See `ap_mol_random_smiles`.
    public func randomSmiles(seed: UInt64, isomeric: Bool = true) -> String {
        takeString(ap_mol_random_smiles(handle, seed, isomeric ? 1 : 0)) ?? canonicalSmiles
    }

    /// Morgan (ECFP-like) bit fingerprint, as RDKit's `GetMorganFingerprintAsBitVect(mol, radius, nBits=bits)`.
    public func morgan(radius: Int = 2, bits: Int = 2048) -> Fingerprint {
        precondition(radius >= 0 && bits > 0, "Morgan radius must be >= 0 and bits > 0")
        var words = [UInt64](repeating: 0, count: (bits + 63) / 64)
        let rc = words.withUnsafeMutableBufferPointer {
            ap_mol_morgan_bits(handle, Int32(radius), Int32(bits), $0.baseAddress)
        }
        if rc != 0 { words = [UInt64](repeating: 0, count: words.count) }
        return Fingerprint(bitCount: bits, words: words)
    }

    /// Bemis–Murcko scaffold SMILES (`MolToSmiles(GetScaffoldForMol(mol))`); "" when acyclic.
    public var murckoScaffold: String { takeString(ap_mol_murcko_scaffold(handle)) ?? "" }

    /// Whether any PAINS (A, B or C) pattern of RDKit's FilterCatalog matches.
    public var hasPAINS: Bool { ap_mol_has_pains(handle) == 1 }

    /// The PAINS verdict with every catalogue entry matched, no fingerprint screen (to check the screen).
    var hasPAINSUnscreened: Bool { ap_mol_has_pains_unscreened(handle) == 1 }

    /// Whether `pattern` occurs in the molecule.
    public func matches(_ pattern: SubstructurePattern) -> Bool {
        ap_mol_has_match(handle, pattern.handle) == 1
    }

    /// Number of unique matches of `pattern` (Python's `len(mol.GetSubstructMatches(p))`).
    public func matchCount(_ pattern: SubstructurePattern) -> Int {
        max(0, Int(ap_mol_count_matches(handle, pattern.handle)))
    }

    // MARK: RDKit facts used by the scores

    func descriptor(_ which: ap_descriptor) -> Double {
        ap_mol_descriptor(handle, Int32(which.rawValue))
    }

    /// `Chem.RemoveHs(mol)` as a new molecule (nil if RDKit fails).
    func removingHydrogens() -> Molecule? { ap_mol_remove_hs(handle).map { Molecule(owning: $0) } }

    /// `Chem.AddHs(mol)` as a new molecule (nil if RDKit fails).
    func addingHydrogens() -> Molecule? { ap_mol_add_hs(handle).map { Molecule(owning: $0) } }

    /// `Chem.DeleteSubstructs(mol, pattern)` as a new molecule (nil if RDKit fails).
    func deletingSubstructures(_ pattern: SubstructurePattern) -> Molecule? {
        ap_mol_delete_substructs(handle, pattern.handle).map { Molecule(owning: $0) }
    }

    /// Sizes of RDKit's rings (`mol.GetRingInfo().AtomRings()`).
    var ringSizes: [Int] {
        var sizes = [Int32](repeating: 0, count: 16)
        var n = Int(ap_mol_ring_sizes(handle, &sizes, Int32(sizes.count)))
        if n > sizes.count {
            sizes = [Int32](repeating: 0, count: n)
            n = Int(ap_mol_ring_sizes(handle, &sizes, Int32(sizes.count)))
        }
        return n > 0 ? sizes.prefix(n).map(Int.init) : []
    }

    /// Atomic number and formal charge of every atom.
    var atoms: [(atomicNumber: Int, formalCharge: Int)] {
        let count = Int(descriptor(AP_NUM_ATOMS))
        guard count > 0 else { return [] }
        var numbers = [Int32](repeating: 0, count: count), charges = [Int32](repeating: 0, count: count)
        let n = Int(ap_mol_atoms(handle, &numbers, &charges, Int32(count)))
        return (0..<max(0, min(n, count))).map { (Int(numbers[$0]), Int(charges[$0])) }
    }

    /// Unfolded Morgan count fingerprint, ascending ids (`GetMorganFingerprint(mol, radius)`): each id is
    /// one atom environment (substructure) up to `radius` bonds.
    public func morganCounts(radius: Int) -> (ids: [UInt32], counts: [UInt32]) {
        var capacity = 128
        while true {
            var ids = [UInt32](repeating: 0, count: capacity), counts = ids
            let n = Int(ap_mol_morgan_counts(handle, Int32(radius), &ids, &counts, Int32(capacity)))
            if n < 0 { return ([], []) }
            if n <= capacity { return (Array(ids.prefix(n)), Array(counts.prefix(n))) }
            capacity = n
        }
    }

    var chiralCentersIncludingUnassigned: Int {
        max(0, Int(ap_mol_num_chiral_centers_including_unassigned(handle)))
    }
}

/// Takes ownership of a malloc'd C string from the shim.
func takeString(_ p: UnsafeMutablePointer<CChar>?) -> String? {
    guard let p else { return nil }
    defer { ap_free_string(p) }
    return String(cString: p)
}
