import Support

/// Splits a sequence (a SMILES string, a peptide) into the tokens a language model reads.
///
/// Joining the tokens gives back the text exactly; implementations throw `TokenizerError` otherwise.
public protocol Tokenizer: Sendable {
    /// The name saved in a model's configuration (`smiles`, `peptide`).
    var kind: String { get }
    func tokenize(_ text: String) throws -> [String]
}

/// Every tokenizer, by kind: adding one touches this list only.
public enum Tokenizers {
    public static let all: [any Tokenizer] = [SMILESTokenizer(), PeptideTokenizer()]

    /// The tokenizer saved under `kind`, or an error listing the known kinds.
    public static func named(_ kind: String) throws -> any Tokenizer {
        guard let t = all.first(where: { $0.kind == kind }) else {
            throw UserError("unknown tokenizer '\(kind)'; known: \(all.map(\.kind).joined(separator: ", "))")
        }
        return t
    }
}

public struct TokenizerError: Error, CustomStringConvertible, Equatable {
    public let text: String
    public let reason: String
    public var description: String { "cannot tokenize '\(text)': \(reason)" }
}

/// Atom-level SMILES tokens: a bracket atom (`[nH]`, `[C@@H]`, `[O-]`) is one token, so are `Br`, `Cl`
/// and two-digit ring closures (`%10`); every other character is a token of its own.
public struct SMILESTokenizer: Tokenizer {
    public let kind = "smiles"
    public init() {}

    public func tokenize(_ text: String) throws -> [String] {
        let chars = Array(text)
        var tokens: [String] = []
        tokens.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "[":
                guard let close = chars[i...].firstIndex(of: "]") else {
                    throw TokenizerError(text: text, reason: "'[' at position \(i + 1) is never closed")
                }
                tokens.append(String(chars[i...close]))
                i = close + 1
            case "%":
                guard i + 2 < chars.count, chars[i + 1].isASCII, chars[i + 1].isNumber,
                      chars[i + 2].isASCII, chars[i + 2].isNumber else {
                    throw TokenizerError(text: text, reason: "'%' at position \(i + 1) is not followed by two digits")
                }
                tokens.append(String(chars[i...(i + 2)]))
                i += 3
            case "B" where i + 1 < chars.count && chars[i + 1] == "r",
                 "C" where i + 1 < chars.count && chars[i + 1] == "l":
                tokens.append(String(chars[i...(i + 1)]))
                i += 2
            default:
                if c.isWhitespace {
                    throw TokenizerError(text: text, reason: "whitespace at position \(i + 1)")
                }
                tokens.append(String(c))
                i += 1
            }
        }
        return tokens
    }
}

/// One token per amino-acid letter (upper-case one-letter codes, as in the peptide data sets).
public struct PeptideTokenizer: Tokenizer {
    public let kind = "peptide"
    public init() {}

    public func tokenize(_ text: String) throws -> [String] {
        try text.enumerated().map { i, c in
            guard c.isASCII, c.isLetter, c.isUppercase else {
                throw TokenizerError(text: text, reason: "'\(c)' at position \(i + 1) is not an amino-acid letter")
            }
            return String(c)
        }
    }
}
