/// An option with one value and a default: `Option("--samples", value: "N", default: 1000, help: "…")` reads as
/// an `Int`, 1000 when absent, and help shows `(default 1000)`. With an optional type and no default it reads
/// as nil when absent, and `absent:` says in help what that means.
public struct Option<Value: OptionValue>: DeclaredOption {
    public let declaration: OptionDeclaration
    public let defaultValue: Value

    public init(_ names: String..., value placeholder: String, default defaultValue: Value, help: String) {
        self.defaultValue = defaultValue
        declaration = OptionDeclaration(names: names, placeholder: placeholder, help: help,
                                        defaultNote: "default \(defaultValue.helpText)", kind: .single,
                                        lastCounts: Value.lastCounts, parse: { try Value(option: $0, parsing: $1) })
    }

    public init<Wrapped>(_ names: String..., value placeholder: String, help: String, absent: String? = nil) where Value == Wrapped? {
        defaultValue = nil
        declaration = OptionDeclaration(names: names, placeholder: placeholder, help: help,
                                        defaultNote: absent.map { "default: \($0)" }, kind: .single,
                                        lastCounts: Value.lastCounts, parse: { try Value(option: $0, parsing: $1) })
    }
}

/// An option that may be given any number of times; reads as the values in command-line order.
public struct RepeatedOption<Value: OptionValue>: DeclaredOption {
    public let declaration: OptionDeclaration

    public init(_ names: String..., value placeholder: String, help: String) {
        declaration = OptionDeclaration(names: names, placeholder: placeholder, help: help, defaultNote: nil, kind: .repeated,
                                        lastCounts: false, parse: { try Value(option: $0, parsing: $1) })
    }
}

/// An option without a value; reads as whether it was given.
public struct Flag: DeclaredOption {
    public let declaration: OptionDeclaration

    public init(_ names: String..., help: String) {
        declaration = OptionDeclaration(names: names, placeholder: nil, help: help, defaultNote: nil, kind: .flag,
                                        lastCounts: true, parse: { _, _ in true })
    }
}

/// A positional argument: its name (as the synopsis writes it) and what a missing one is called in the error
/// (`missing MODEL folder`); an optional one may have a default.
public struct Positional: Sendable {
    public let name: String
    public let missing: String
    public let defaultValue: String?

    public init(_ name: String, missing: String? = nil, default defaultValue: String? = nil) {
        self.name = name
        self.missing = missing ?? name
        self.defaultValue = defaultValue
    }
}
