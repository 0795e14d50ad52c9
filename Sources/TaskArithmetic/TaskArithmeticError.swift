/// Why a task vector could not be made, read or applied. Each description is one line naming the problem.
public enum TaskArithmeticError: Error, CustomStringConvertible, Equatable {
    /// Two models (or a model and a vector) differ in architecture, vocabulary or tensor layout.
    case mismatch(String)
    /// A vector taken from one base is being applied to another.
    case wrongBase(vector: String, expected: String, found: String)
    /// A file is not an Antipode task vector, or its metadata is malformed.
    case badVectorFile(path: String, why: String)
    /// A fine-tuned model holds a NaN or infinite weight, so the difference would be meaningless.
    case nonFinite(tensor: String, index: Int)
    /// A command-line value (λ, scale rule, method option) could not be understood.
    case badArgument(String)
    /// An edit's result is NaN or infinite (λ too large for Float weights).
    case nonFiniteEdit(tensor: String, index: Int, lambdas: [Double])

    public var description: String {
        switch self {
        case .mismatch(let why): return why
        case .wrongBase(let vector, let expected, let found):
            return "task vector '\(vector)' was taken from base \(expected.prefix(12)) but the base given is \(found.prefix(12)); use the base it came from, or --force"
        case .badVectorFile(let path, let why): return "\(path) is not a usable task vector: \(why)"
        case .nonFinite(let tensor, let index): return "tensor '\(tensor)' holds a non-finite value at element \(index)"
        case .badArgument(let why): return why
        case .nonFiniteEdit(let tensor, let index, let lambdas):
            return "the edit with λ = \(lambdas.map { "\($0)" }.joined(separator: ", ")) makes tensor '\(tensor)' non-finite "
                + "(NaN or infinite at element \(index)); use a smaller λ"
        }
    }
}
