/// One tensor being merged: its name and position in the layout (used to seed random methods,
/// so a result does not depend on the order tensors are processed in).
public struct MergeTensor: Sendable {
    public let name: String
    public let index: Int
}

/// How several λ-weighted task vectors become one weight change Δ for each tensor; the edited
/// model is θ = θ_base + Δ.
///
/// Every method receives deltas already multiplied by their λ (and the tensor's scale factor), so
/// a negative λ is part of the data each method sees: signs are elected, and magnitudes ranked,
/// on λ-weighted deltas. No method normalises by the sum of the λs — that is the mergekit trap
/// where one vector with λ = −1 is divided by −1 and negation silently becomes addition.
public protocol MergeMethod: Sendable {
    /// The registry name (`sum`, `ties`, …).
    var name: String { get }
    /// The method's settings, recorded in the edited model's metadata.
    var settings: [String: String] { get }
    /// Δ for one tensor from its λ-weighted deltas (one array per vector, all of the same length).
    func combine(_ deltas: [[Float]], tensor: MergeTensor) -> [Float]
}

/// A setting of a merge method as a command-line flag (e.g. `--density` for TIES).
public struct MergeOption: Sendable {
    /// The flag without dashes, also the key in `settings`.
    public let name: String
    public let help: String
    public let defaultValue: Double
    /// Allowed values; anything outside is refused with a message.
    public let range: ClosedRange<Double>
    /// Whether the value must be a whole number (a seed).
    public let integer: Bool

    public init(name: String, help: String, defaultValue: Double, range: ClosedRange<Double>, integer: Bool = false) {
        self.name = name
        self.help = help
        self.defaultValue = defaultValue
        self.range = range
        self.integer = integer
    }
}

/// A registered merge method: its name, one-line summary, options, and how to build it from option values.
public struct MergeMethodKind: Sendable {
    public let name: String
    public let summary: String
    public let options: [MergeOption]
    private let build: @Sendable ([String: Double]) -> any MergeMethod

    public init(name: String, summary: String, options: [MergeOption], build: @escaping @Sendable ([String: Double]) -> any MergeMethod) {
        self.name = name
        self.summary = summary
        self.options = options
        self.build = build
    }

    /// Builds the method; options not given take their defaults. Refuses unknown options and
    /// values out of range, naming them.
    public func make(_ values: [String: Double] = [:]) throws -> any MergeMethod {
        for key in values.keys.sorted() where !options.contains(where: { $0.name == key }) {
            throw TaskArithmeticError.unknownMethodOption(option: key, method: name, accepted: options.map(\.name))
        }
        var resolved: [String: Double] = [:]
        for option in options {
            let v = values[option.name] ?? option.defaultValue
            guard option.range.contains(v) else {
                throw TaskArithmeticError.badMethodOption(option: option.name, problem: "must be in \(option.range.lowerBound)…\(option.range.upperBound) for '\(name)', got \(v)")
            }
            if option.integer, v.rounded() != v {
                throw TaskArithmeticError.badMethodOption(option: option.name, problem: "must be a whole number, got \(v)")
            }
            resolved[option.name] = v
        }
        return build(resolved)
    }
}

/// The registry. Adding a method: write its `MergeMethod` and a `static let` kind in its own file,
/// then add it to `all`.
public enum MergeMethods {
    public static let all: [MergeMethodKind] = [.sum, .ties, .dare, .breadcrumbs, .dareTIES, .della]

    public static func named(_ name: String) throws -> MergeMethodKind {
        guard let kind = all.first(where: { $0.name == name }) else {
            throw TaskArithmeticError.unknownMethod(name, known: all.map(\.name))
        }
        return kind
    }

    /// Every option flag any method declares (a command reads these and passes on the ones given).
    public static var optionNames: [String] {
        var seen: [String] = []
        for kind in all { for o in kind.options where !seen.contains(o.name) { seen.append(o.name) } }
        return seen
    }
}
