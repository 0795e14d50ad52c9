import CRDKitShim

/// Many SMARTS patterns asked together "does any of them match?" (filter lists such as MOSES's
/// MCF + PAINS). Each pattern sits behind RDKit's pattern-fingerprint substructure screen, so
/// most never reach the matcher; the answer is the same as matching every pattern.
public final class PatternSet: @unchecked Sendable {
    let handle: OpaquePointer
    public let patterns: [SubstructurePattern]

    public init(_ patterns: [SubstructurePattern]) {
        let handles: [OpaquePointer?] = patterns.map { $0.handle }
        guard let h = handles.withUnsafeBufferPointer({ ap_pattern_set_create($0.baseAddress, Int32(patterns.count)) }) else {
            fatalError("RDKit could not copy \(patterns.count) compiled patterns")
        }
        handle = h
        self.patterns = patterns
    }

    deinit { ap_pattern_set_free(handle) }

    /// The first pattern (in order) that matches `mol`, or nil.
    public func firstMatch(in mol: Molecule) -> SubstructurePattern? {
        let i = Int(ap_mol_first_match(mol.handle, handle))
        return i >= 0 ? patterns[i] : nil
    }

    /// How many of the patterns match `mol` (each counted once).
    public func matchingCount(in mol: Molecule) -> Int { max(0, Int(ap_mol_count_matching(mol.handle, handle))) }

    /// Whether any pattern matches `mol`.
    public func anyMatch(in mol: Molecule) -> Bool { firstMatch(in: mol) != nil }
}
