/// A glob over tensor names: `*` matches any run of characters (dots included), `?` one character,
/// everything else itself. The pattern must match the whole name: `lstm.*_l2` matches
/// `lstm.weight_ih_l2` and `lstm.bias_hh_l2`, not `lstm.weight_ih_l2_extra`.
public struct TensorPattern: Equatable, Sendable, CustomStringConvertible {
    public let text: String
    private let characters: [Character]

    public init(_ text: String) {
        self.text = text
        self.characters = Array(text)
    }

    public var description: String { text }

    public func matches(_ name: String) -> Bool {
        let s = Array(name)
        // Classic greedy glob with one backtrack point for the last `*`.
        var p = 0, i = 0
        var star: Int? = nil, resume = 0
        while i < s.count {
            if p < characters.count, characters[p] == "?" || characters[p] == s[i] {
                p += 1; i += 1
            } else if p < characters.count, characters[p] == "*" {
                star = p; resume = i; p += 1
            } else if let st = star {
                p = st + 1; resume += 1; i = resume
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }
}
