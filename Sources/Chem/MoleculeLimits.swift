import Foundation

/// The largest SMILES Antipode hands to RDKit. RDKit's work grows faster than linearly with size
/// (a 1,000-atom chain takes seconds, 2,000 atoms half a minute, a 100,000-atom ring overflows its
/// stack), so a string beyond either limit is rejected with a reason before RDKit sees it. Drug-like
/// molecules have tens of atoms; the defaults leave room for peptides and natural products.
public struct MoleculeLimits: Sendable, Equatable {
    /// Most characters (UTF-8 bytes) in one SMILES.
    public var maxCharacters: Int
    /// Most atoms, counted from the SMILES text (`atomCount`).
    public var maxAtoms: Int

    public static let defaultMaxCharacters = 5_000
    public static let defaultMaxAtoms = 500

    public init(maxCharacters: Int = defaultMaxCharacters, maxAtoms: Int = defaultMaxAtoms) {
        self.maxCharacters = maxCharacters
        self.maxAtoms = maxAtoms
    }

    /// The limits every `Molecule(smiles:)` applies; set once by the command line (`--max-atoms`,
    /// `--max-smiles-length`) or by a program before it parses.
    public static var current: MoleculeLimits {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var stored = MoleculeLimits()

    /// Why `smiles` (a whole input line: the character limit counts a name too) is beyond the limits, or nil when it is within them. Linear in the length.
    public func violation(_ smiles: String) -> String? {
        let bytes = smiles.utf8
        if bytes.count > maxCharacters {
            return "\(bytes.count) characters, more than the limit of \(maxCharacters) (--max-smiles-length)"
        }
        // Atoms of the SMILES only: RDKit reads text after the first space or tab as a name.
        let isBlank = { (b: UInt8) in b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        let atoms = Self.atomCount(bytes.drop(while: isBlank).prefix(while: { !isBlank($0) }))
        if atoms > maxAtoms {
            return "\(atoms) atoms, more than the limit of \(maxAtoms) (--max-atoms)"
        }
        return nil
    }

    /// Atoms as SMILES writes them: a bracket atom (`[nH]`, `[C@@H]`) is one; outside brackets each
    /// organic-subset letter B C N O P S F I, aromatic b c n o p s and the wildcard `*` is one (the `l` of
    /// Cl and the `r` of Br are not letters of that set). For a valid SMILES this is the number of atoms
    /// RDKit builds (implicit hydrogens aside); it needs no parse, so garbage is counted as cheaply.
    static func atomCount<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var count = 0, inBracket = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "["): count += 1; inBracket = true
            case UInt8(ascii: "]"): inBracket = false
            case UInt8(ascii: "B"), UInt8(ascii: "C"), UInt8(ascii: "N"), UInt8(ascii: "O"), UInt8(ascii: "P"),
                 UInt8(ascii: "S"), UInt8(ascii: "F"), UInt8(ascii: "I"), UInt8(ascii: "b"), UInt8(ascii: "c"),
                 UInt8(ascii: "n"), UInt8(ascii: "o"), UInt8(ascii: "p"), UInt8(ascii: "s"), UInt8(ascii: "*"):
                if !inBracket { count += 1 }
            default: break
            }
        }
        return count
    }
}
