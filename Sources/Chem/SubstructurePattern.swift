import CRDKitShim

/// A SMARTS query compiled once by RDKit, matched against many molecules (thread-safe to share).
public final class SubstructurePattern: @unchecked Sendable {
    let handle: OpaquePointer
    /// The SMARTS it was compiled from.
    public let smarts: String

    /// Compiles SMARTS; throws `ChemError.unparsable` naming the pattern when RDKit rejects it.
    public init(smarts: String) throws {
        var message: UnsafeMutablePointer<CChar>? = nil
        let handle = ap_pattern_from_smarts(smarts, &message)
        let reason = takeString(message) ?? "SMARTS syntax error"
        guard let handle else { throw ChemError.unparsable("SMARTS '\(smarts)': \(reason)") }
        self.handle = handle
        self.smarts = smarts
    }

    deinit { ap_pattern_free(handle) }

    /// Compiles patterns known to be valid (tables in this module); a bad one is a programming error.
    static func compiled(_ smarts: [String]) -> [SubstructurePattern] {
        smarts.map { s in
            do { return try SubstructurePattern(smarts: s) } catch { fatalError("built-in SMARTS: \(error)") }
        }
    }
}
