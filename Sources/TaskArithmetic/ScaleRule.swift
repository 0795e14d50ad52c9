import Model

/// Anisotropic scaling: a per-tensor factor on every vector's λ, chosen by tensor-name patterns.
///
/// Syntax (`--scale`, repeatable, applied in the order given; every tensor starts at factor 1):
/// - `PATTERN=F`   sets the factor of matching tensors to F (`embedding.*=0` leaves the embedding alone);
/// - `PATTERN=xF`  multiplies their current factor by F (`lstm.*_l2=x0.5` halves layer 2's step;
///   `*F` is accepted for `xF` too).
///
/// The tensor's effective weight for vector i is λ_i × factor, so a negated vector stays negated
/// unless F itself is negative. A pattern that matches no tensor is an error, never silently ignored.
public struct ScaleRule: Equatable, Sendable, CustomStringConvertible {
    public enum Mode: String, Sendable { case set = "", multiply = "x" }

    public let pattern: TensorPattern
    public let mode: Mode
    public let factor: Double

    public init(pattern: TensorPattern, mode: Mode, factor: Double) {
        self.pattern = pattern
        self.mode = mode
        self.factor = factor
    }

    /// Parses `PATTERN=F` or `PATTERN=xF`.
    public init(parsing text: String) throws {
        guard let eq = text.firstIndex(of: "=") else {
            throw TaskArithmeticError.scaleRule(text: text, problem: " needs PATTERN=FACTOR or PATTERN=xFACTOR, e.g. 'lstm.*_l2=x0.5'")
        }
        let patternText = String(text[..<eq])
        guard !patternText.isEmpty else {
            throw TaskArithmeticError.scaleRule(text: text, problem: " has an empty tensor pattern")
        }
        var valueText = text[text.index(after: eq)...]
        var mode = Mode.set
        if let first = valueText.first, "x×*".contains(first) {
            mode = .multiply
            valueText = valueText.dropFirst()
        }
        guard let value = Double(valueText), value.isFinite else {
            throw TaskArithmeticError.scaleRule(text: text, problem: ": '\(valueText)' is not a number")
        }
        self.init(pattern: TensorPattern(patternText), mode: mode, factor: value)
    }

    public var description: String { "\(pattern.text)=\(mode.rawValue)\(factor)" }

    /// The factor of every tensor of `parameters`, in buffer order, after applying `rules` in turn.
    /// Throws if a rule matches no tensor, naming the rule and a few tensor names.
    public static func factors(for parameters: ParameterSet, rules: [ScaleRule]) throws -> [Double] {
        var factors = [Double](repeating: 1, count: parameters.specs.count)
        for rule in rules {
            var matched = false
            for (t, spec) in parameters.specs.enumerated() where rule.pattern.matches(spec.name) {
                matched = true
                switch rule.mode {
                case .set: factors[t] = rule.factor
                case .multiply: factors[t] *= rule.factor
                }
            }
            if !matched {
                let names = parameters.names.prefix(6).joined(separator: ", ")
                throw TaskArithmeticError.scalePatternMatchesNothing(pattern: rule.pattern.text,
                                                                     tensors: names + (parameters.specs.count > 6 ? ", …" : ""))
            }
        }
        return factors
    }
}
