import Sweep
import TaskArithmetic

/// An error as the command line says it: the libraries word their errors in their own terms (a scale rule,
/// the λ grid, forcing an edit); here those terms become the flags that set them (`--scale`, `--grid`, `--force`).
func commandLineMessage(_ error: any Error) -> String {
    switch error {
    case let e as TaskArithmeticError:
        switch e {
        case .scaleRule(let text, let problem): return "--scale '\(text)'\(problem)"
        case .scalePatternMatchesNothing(let pattern, let tensors): return "--scale pattern '\(pattern)' matches no tensor (tensors: \(tensors))"
        case .unknownMethodOption(let option, let method, let accepted):
            return "--\(option) does not apply to method '\(method)'; "
                + (accepted.isEmpty ? "it takes no options" : "it takes " + accepted.map { "--" + $0 }.joined(separator: ", "))
        case .badMethodOption(let option, let problem): return "--\(option) \(problem)"
        case .noVectors: return "no task vector given (use --vector PATH:LAMBDA)"
        case .wrongBase(let vector, let expected, let found):
            return "task vector '\(vector)' was taken from base \(expected.prefix(12)) but the base given is \(found.prefix(12)); use the base it came from, or --force"
        default: return e.description
        }
    case let e as SweepError: return e.naming(grid: "--grid")
    default: return "\(error)"
    }
}
