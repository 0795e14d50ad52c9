/// Why a string is not a molecule.
public enum ChemError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The input was empty (or only whitespace).
    case empty
    /// RDKit could not read it as SMILES (syntax, unknown element, unclosed ring …).
    case unparsable(String)
    /// It parsed, but RDKit's sanitisation rejected it (valence, kekulisation …); RDKit's reason.
    case sanitization(String)

    public var description: String {
        switch self {
        case .empty: return "empty SMILES"
        case .unparsable(let why): return "unparsable SMILES: \(why)"
        case .sanitization(let why): return "sanitization failed: \(why)"
        }
    }

    /// A short machine-friendly kind: `empty`, `unparsable` or `sanitization`.
    public var kind: String {
        switch self {
        case .empty: return "empty"
        case .unparsable: return "unparsable"
        case .sanitization: return "sanitization"
        }
    }
}
