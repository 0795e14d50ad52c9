/// Why a string is not a molecule.
public enum ChemError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The input was empty (or only whitespace).
    case empty
    /// RDKit could not read it as SMILES (syntax, unknown element, unclosed ring …).
    case unparsable(String)
    /// It parsed, but RDKit's sanitisation rejected it (valence, kekulisation …); RDKit's reason.
    case sanitization(String)
    /// Larger than `MoleculeLimits` allow; rejected before RDKit sees it. The reason names the limit.
    case tooLarge(String)
    /// The input line is not text (invalid UTF-8); the reason says where.
    case notText(String)

    public var description: String {
        switch self {
        case .empty: return "empty SMILES"
        case .unparsable(let why): return "unparsable SMILES: \(why)"
        case .sanitization(let why): return "sanitization failed: \(why)"
        case .tooLarge(let why): return "too large: \(why)"
        case .notText(let why): return "not text: \(why)"
        }
    }

    /// A short machine-friendly kind: `empty`, `unparsable`, `sanitization`, `too_large` or `not_text`.
    public var kind: String {
        switch self {
        case .empty: return "empty"
        case .unparsable: return "unparsable"
        case .sanitization: return "sanitization"
        case .tooLarge: return "too_large"
        case .notText: return "not_text"
        }
    }
}
