/// A `--vector PATH:LAMBDA` argument: which vector file, and its weight λ (negative to negate).
public struct VectorArgument: Equatable, Sendable {
    public let path: String
    public let lambda: Double

    public init(path: String, lambda: Double) {
        self.path = path
        self.lambda = lambda
    }

    /// Parses `PATH:LAMBDA`, splitting at the last colon (so paths may contain colons).
    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
            throw TaskArithmeticError.invalid("--vector '\(text)' needs a weight: PATH:LAMBDA, e.g. tau.safetensors:-0.5")
        }
        let number = text[text.index(after: colon)...]
        guard let lambda = Double(number), lambda.isFinite else {
            throw TaskArithmeticError.invalid("--vector '\(text)': λ '\(number)' is not a number (write PATH:LAMBDA, e.g. tau.safetensors:-0.5)")
        }
        self.init(path: String(text[..<colon]), lambda: lambda)
    }
}
