/// Why a task vector could not be made, read or applied. Each description is one line naming the problem in
/// the library's own words; the command line names its flags instead (`--scale`, `--force`).
public enum TaskArithmeticError: Error, CustomStringConvertible, Equatable {
    /// Two models (or a model and a vector) differ in architecture, vocabulary or tensor layout.
    case mismatch(String)
    /// A vector taken from one base is being applied to another.
    case wrongBase(vector: String, expected: String, found: String)
    /// A file is not an Antipode task vector, or its metadata is malformed.
    case badVectorFile(path: String, why: String)
    /// A fine-tuned model holds a NaN or infinite weight, so the difference would be meaningless.
    case nonFinite(tensor: String, index: Int)
    /// A scale rule that cannot be read: its text and the problem, worded to follow the rule
    /// (" needs PATTERN=FACTOR …", ": 'half' is not a number").
    case scaleRule(text: String, problem: String)
    /// A scale rule whose tensor pattern matches no tensor of the model (`tensors`: the first few names).
    case scalePatternMatchesNothing(pattern: String, tensors: String)
    /// An option a merge method does not take (`accepted`: the options it does take).
    case unknownMethodOption(option: String, method: String, accepted: [String])
    /// A merge method's option with a value it cannot take.
    case badMethodOption(option: String, problem: String)
    case unknownMethod(String, known: [String])
    /// An edit without any vector.
    case noVectors
    /// A request that cannot be carried out as made (e.g. a starting λ missing for a vector).
    case invalid(String)
    /// An edit's result is NaN or infinite (λ too large for Float weights).
    case nonFiniteEdit(tensor: String, index: Int, lambdas: [Double])

    public var description: String {
        switch self {
        case .mismatch(let why): return why
        case .wrongBase(let vector, let expected, let found):
            return "task vector '\(vector)' was taken from base \(expected.prefix(12)) but the base given is \(found.prefix(12)); use the base it came from, or force the edit"
        case .badVectorFile(let path, let why): return "\(path) is not a usable task vector: \(why)"
        case .nonFinite(let tensor, let index): return "tensor '\(tensor)' holds a non-finite value at element \(index)"
        case .scaleRule(let text, let problem): return "scale rule '\(text)'\(problem)"
        case .scalePatternMatchesNothing(let pattern, let tensors): return "scale pattern '\(pattern)' matches no tensor (tensors: \(tensors))"
        case .unknownMethodOption(let option, let method, let accepted):
            return "option '\(option)' does not apply to method '\(method)'; "
                + (accepted.isEmpty ? "it takes no options" : "it takes " + accepted.joined(separator: ", "))
        case .badMethodOption(let option, let problem): return "option '\(option)' \(problem)"
        case .unknownMethod(let name, let known): return "unknown merge method '\(name)'; methods: \(known.joined(separator: ", "))"
        case .noVectors: return "no task vector given"
        case .invalid(let why): return why
        case .nonFiniteEdit(let tensor, let index, let lambdas):
            return "the edit with λ = \(lambdas.map { "\($0)" }.joined(separator: ", ")) makes tensor '\(tensor)' non-finite "
                + "(NaN or infinite at element \(index)); use a smaller λ"
        }
    }
}
