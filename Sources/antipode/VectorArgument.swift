import CommandLineTool
import Support

/// A `--vector PATH:LAMBDA` argument (`edit`, `fit-lambdas`): which vector file, and its weight λ (negative to negate).
struct VectorArgument: Equatable, OptionValue {
    let path: String
    let lambda: Double

    init(path: String, lambda: Double) {
        self.path = path
        self.lambda = lambda
    }

    /// Parses `PATH:LAMBDA`, splitting at the last colon (so paths may contain colons).
    init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
            throw UserError("--vector '\(text)' needs a weight: PATH:LAMBDA, e.g. tau.safetensors:-0.5")
        }
        let number = text[text.index(after: colon)...]
        guard let lambda = Double(number), lambda.isFinite else {
            throw UserError("--vector '\(text)': λ '\(number)' is not a number (write PATH:LAMBDA, e.g. tau.safetensors:-0.5)")
        }
        self.init(path: String(text[..<colon]), lambda: lambda)
    }

    init(option name: String, parsing text: String) throws { try self.init(parsing: text) }

    var helpText: String { "\(path):\(lambda.helpText)" }
}
