import Support

/// The tokens a model knows, each with its index (the row of the embedding and of the output layer).
///
/// Indices 0, 1, 2 are the padding, begin and end tokens; the corpus tokens follow, sorted, as in the
/// PyTorch peer. There is no unknown token: encoding a token the model never saw is an error.
public struct Vocabulary: Codable, Equatable, Sendable {
    public static let pad = "<pad>", begin = "<bos>", end = "<eos>"
    public static let padIndex: Int32 = 0, beginIndex: Int32 = 1, endIndex: Int32 = 2
    public static let specials = [pad, begin, end]

    /// Every token, specials first.
    public let tokens: [String]
    private let index: [String: Int32]

    public var count: Int { tokens.count }

    public init(tokens: [String]) throws {
        guard Array(tokens.prefix(3)) == Vocabulary.specials else {
            throw UserError("a vocabulary must start with \(Vocabulary.specials.joined(separator: ", "))")
        }
        var index: [String: Int32] = [:]
        for (i, t) in tokens.enumerated() {
            guard index[t] == nil else { throw UserError("vocabulary lists token '\(t)' twice") }
            index[t] = Int32(i)
        }
        self.tokens = tokens
        self.index = index
    }

    /// The specials followed by the sorted distinct tokens of `corpus`.
    /// A text that cannot be tokenized is an error naming it.
    public static func build(from corpus: [String], tokenizer: any Tokenizer) throws -> Vocabulary {
        var seen = Set<String>()
        for text in corpus { seen.formUnion(try tokenizer.tokenize(text)) }
        seen.subtract(specials)
        return try Vocabulary(tokens: specials + seen.sorted())
    }

    public func index(of token: String) -> Int32? { index[token] }

    /// Token indices of `text` between begin and end tokens: `[<bos>, t1, …, tn, <eos>]`.
    public func encode(_ text: String, tokenizer: any Tokenizer) throws -> [Int32] {
        let toks = try tokenizer.tokenize(text)
        var out: [Int32] = [Vocabulary.beginIndex]
        out.reserveCapacity(toks.count + 2)
        for t in toks {
            guard let i = index[t] else { throw UnknownTokenError(token: t, text: text) }
            out.append(i)
        }
        out.append(Vocabulary.endIndex)
        return out
    }

    /// Joins the tokens of `indices`, stopping at the end token and skipping begin/pad tokens.
    public func decode<C: Collection>(_ indices: C) -> String where C.Element == Int32 {
        var s = ""
        for i in indices {
            if i == Vocabulary.endIndex { break }
            if i == Vocabulary.padIndex || i == Vocabulary.beginIndex { continue }
            s += tokens[Int(i)]
        }
        return s
    }

    // Only the token list is stored; the index is rebuilt.
    private enum CodingKeys: String, CodingKey { case tokens }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(tokens: try c.decode([String].self, forKey: .tokens))
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tokens, forKey: .tokens)
    }
    public static func == (a: Vocabulary, b: Vocabulary) -> Bool { a.tokens == b.tokens }
}

/// A token the model has never seen, with the text it came from.
public struct UnknownTokenError: Error, CustomStringConvertible, Equatable {
    public let token: String
    public let text: String
    public var description: String { "token '\(token)' in '\(text)' is not in the model's vocabulary" }
}

/// Encodes many texts; with `skipUnknown` texts holding unseen tokens (or that cannot be tokenized)
/// are left out and counted, otherwise the first such text is an error.
public func encodeAll(_ texts: [String], vocabulary: Vocabulary, tokenizer: any Tokenizer,
                      skipUnknown: Bool) throws -> (sequences: [[Int32]], kept: [Int], skipped: Int) {
    var seqs: [[Int32]] = []
    var kept: [Int] = []
    seqs.reserveCapacity(texts.count)
    var skipped = 0
    for (i, t) in texts.enumerated() {
        do {
            seqs.append(try vocabulary.encode(t, tokenizer: tokenizer))
            kept.append(i)
        } catch where skipUnknown && (error is UnknownTokenError || error is TokenizerError) {
            skipped += 1
        } catch let error as UnknownTokenError where i == 0 && looksLikeHeader(t) {
            throw UserError("the first line '\(t)' looks like a header, not a molecule (\(error)); remove it, or give a .csv with a 'smiles' column")
        }
    }
    return (seqs, kept, skipped)
}

/// A column title rather than a molecule: letters (and `_`, `-`, spaces) only, longer than two characters, and a
/// word — a run of three lowercase letters, a `_` or space, or SMILES, SEQUENCE, NAME, MOLECULE, STRUCTURE in it.
/// Element symbols have at most one lowercase letter (`Br`, `Cl`), so a failing SMILES such as `CBr` is not one.
/// Asked only after the text failed to encode.
func looksLikeHeader(_ text: String) -> Bool {
    guard text.count > 2, text.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" || $0 == " " }) else { return false }
    var run = 0, longest = 0
    for c in text { run = c.isLowercase ? run + 1 : 0; longest = max(longest, run) }
    return longest >= 3 || text.contains("_") || text.contains(" ")
        || ["SMILES", "SEQUENCE", "NAME", "MOLECULE", "STRUCTURE"].contains { text.uppercased().contains($0) }
}
