import Foundation
import Support

/// How a shortlist is ordered: a formula over a design's values (descriptor names, `NLL`, `PAINS`,
/// `Filters`), highest first. `qed`, `nll` and `sa` are the shortcuts `QED`, `-NLL` and `-SA`: the most
/// drug-like, the most likely under the model, the easiest to make. A formula may use numbers, names,
/// `+ - * /` and parentheses, e.g. `QED - 0.1*SA`; write `-MolWt` for "smallest first".
public struct RankFormula: Sendable, CustomStringConvertible {
    /// The criterion in words, for outputs: "QED, highest first".
    public let description: String
    /// Names of the values the formula reads.
    public let names: [String]
    private let expression: Expression

    indirect enum Expression: Sendable {
        case number(Double)
        case name(String)
        case negate(Expression)
        case binary(Character, Expression, Expression)

        func evaluate(_ value: (String) -> Double?) -> Double {
            switch self {
            case .number(let x): return x
            case .name(let n): return value(n) ?? .nan
            case .negate(let e): return -e.evaluate(value)
            case let .binary(op, a, b):
                let x = a.evaluate(value), y = b.evaluate(value)
                switch op {
                case "+": return x + y
                case "-": return x - y
                case "*": return x * y
                default: return x / y
                }
            }
        }
    }

    /// Parses `text` against the value names a design has (matched in any case). One-line errors.
    public init(parsing text: String, names known: [String]) throws {
        let shortcuts = ["qed": ("QED", "QED, highest first"), "nll": ("-NLL", "NLL under the model, lowest first (most likely)"),
                         "sa": ("-SA", "SA score, lowest first (easiest to make)")]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let (formula, words) = shortcuts[trimmed.lowercased()] ?? (trimmed, "\(trimmed), highest first")
        var parser = Parser(text: formula, known: known)
        expression = try parser.parse()
        names = parser.used
        description = words
    }

    /// The formula's value for one design; NaN when a value it reads is missing or NaN.
    public func value(_ lookup: (String) -> Double?) -> Double { expression.evaluate(lookup) }

    struct Parser {
        let text: String
        let known: [String]
        var tokens: [String] = []
        var position = 0
        var used: [String] = []

        init(text: String, known: [String]) {
            self.text = text
            self.known = known
            var current = ""
            for c in text {
                if "+-*/()".contains(c) || c == " " {
                    if !current.isEmpty { tokens.append(current); current = "" }
                    if c != " " { tokens.append(String(c)) }
                } else {
                    current.append(c)
                }
            }
            if !current.isEmpty { tokens.append(current) }
        }

        func error(_ why: String) -> UserError {
            UserError("--rank '\(text)': \(why); write qed, nll, sa or a formula such as 'QED - 0.1*SA' over \(known.joined(separator: ", "))")
        }

        mutating func parse() throws -> Expression {
            guard !tokens.isEmpty else { throw error("empty") }
            let e = try sum()
            guard position == tokens.count else { throw error("unexpected '\(tokens[position])'") }
            return e
        }

        mutating func sum() throws -> Expression {
            var e = try product()
            while position < tokens.count, tokens[position] == "+" || tokens[position] == "-" {
                let op = Character(tokens[position]); position += 1
                e = .binary(op, e, try product())
            }
            return e
        }

        mutating func product() throws -> Expression {
            var e = try factor()
            while position < tokens.count, tokens[position] == "*" || tokens[position] == "/" {
                let op = Character(tokens[position]); position += 1
                e = .binary(op, e, try factor())
            }
            return e
        }

        mutating func factor() throws -> Expression {
            guard position < tokens.count else { throw error("it ends too early") }
            let token = tokens[position]; position += 1
            switch token {
            case "-": return .negate(try factor())
            case "(":
                let e = try sum()
                guard position < tokens.count, tokens[position] == ")" else { throw error("a '(' is not closed") }
                position += 1
                return e
            default:
                if let x = Double(token), x.isFinite { return .number(x) }
                guard let name = known.first(where: { $0.lowercased() == token.lowercased() }) else {
                    throw error("unknown name '\(token)'")
                }
                if !used.contains(name) { used.append(name) }
                return .name(name)
            }
        }
    }
}
