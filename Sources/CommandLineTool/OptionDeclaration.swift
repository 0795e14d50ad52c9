/// What the parser and the help text know of one option, whatever the type of its value.
public struct OptionDeclaration: Sendable {
    public enum Kind: Sendable {
        /// Present or not; takes no value.
        case flag
        /// One value.
        case single
        /// Any number of values, in order.
        case repeated
    }

    /// Every spelling (`-o`, `--output`); the first names the option in errors.
    public let names: [String]
    /// The value's placeholder in help (`N`, `FILE`); nil for a flag.
    public let placeholder: String?
    /// What the option does; a line break starts a continuation line.
    public let help: String
    /// The default as help shows it in parentheses (`default 1000`, `default: standard output`); nil for none.
    public let defaultNote: String?
    public let kind: Kind
    /// See `OptionValue.lastCounts`.
    let lastCounts: Bool
    /// Reads one value's text (the option's name given for the error).
    let parse: @Sendable (_ name: String, _ text: String) throws -> any Sendable

    /// The name values are stored under.
    var key: String { names[0] }

    /// The long name without its dashes (`--max-steps` → `max-steps`), as a config file's key.
    public var longName: String {
        let long = names.first { $0.hasPrefix("--") } ?? names[0]
        return String(long.drop { $0 == "-" })
    }
}

/// An option a command declares: a typed `Option`, `RepeatedOption` or `Flag`.
public protocol DeclaredOption: Sendable {
    var declaration: OptionDeclaration { get }
}

/// Options listed together in help under a title (`Options:`, `Training:`).
public struct OptionGroup: Sendable {
    public let title: String
    public let options: [any DeclaredOption]

    public init(_ title: String, _ options: [any DeclaredOption]) {
        self.title = title
        self.options = options
    }
}
