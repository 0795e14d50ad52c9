import Support

/// A command line read through a command's declarations: each declared option's values, already typed, and
/// the positionals in order. An unknown option, a value that does not read (`--samples x`), a missing value or a
/// text option given twice is an error before the command runs. Reading an option the command did not declare
/// traps (a precondition: debug builds and the tests check it; release builds are -Ounchecked), so a command
/// cannot take an option its help does not list.
public struct ParsedArguments {
    private let declared: [String: OptionDeclaration]
    private var values: [String: [any Sendable]] = [:]
    private var positionals: [String]

    public init(_ arguments: [String], declarations: [OptionDeclaration]) throws {
        var declared: [String: OptionDeclaration] = [:]
        for d in declarations {
            precondition(declared[d.key] == nil, "option \(d.key) is declared twice")
            declared[d.key] = d
        }
        self.declared = declared
        var rest = Arguments(arguments)
        for d in declarations {
            switch d.kind {
            case .flag:
                if rest.flag(d.names) { values[d.key] = [true] }
            case .single:
                let texts = try rest.values(d.names)
                if texts.count > 1, !d.lastCounts { throw UserError("\(d.key) given \(texts.count) times; give it once") }
                if let last = texts.last { values[d.key] = [try d.parse(d.key, last)] }
            case .repeated:
                let texts = try rest.values(d.names)
                if !texts.isEmpty { values[d.key] = try texts.map { try d.parse(d.key, $0) } }
            }
        }
        positionals = rest.remainingPositionals()
        try rest.finish()
    }

    public subscript<Value>(_ option: Option<Value>) -> Value {
        guard let v = stored(option.declaration)?.last else { return option.defaultValue }
        return v as! Value
    }

    public subscript<Value>(_ option: RepeatedOption<Value>) -> [Value] {
        (stored(option.declaration) ?? []).map { $0 as! Value }
    }

    public subscript(_ flag: Flag) -> Bool { stored(flag.declaration) != nil }

    /// Whether the option was given (on the command line or supplied).
    public func isGiven(_ option: any DeclaredOption) -> Bool { stored(option.declaration) != nil }

    /// Refuses any of `options` that was given, for an action they do not apply to.
    public func refuse(_ options: [any DeclaredOption], for action: String) throws {
        if let given = options.first(where: isGiven) {
            throw UserError("\(given.declaration.key) does not apply to \(action)")
        }
    }

    /// Fills options absent from the command line with `fallbacks` (long name → texts, as a config file holds
    /// them): the command line wins for single values and flags (a flag is set by any text); repeated options
    /// take both, the command line's first.
    public mutating func supply(_ fallbacks: [String: [String]], to options: [any DeclaredOption]) throws {
        for d in options.map(\.declaration) {
            guard let texts = fallbacks[d.longName], !texts.isEmpty else { continue }
            precondition(declared[d.key] != nil, "option \(d.key) is supplied but not declared by the command")
            switch d.kind {
            case .flag:
                if values[d.key] == nil { values[d.key] = [true] }
            case .single:
                if values[d.key] == nil { values[d.key] = [try d.parse("--" + d.longName, texts[texts.count - 1])] }
            case .repeated:
                values[d.key, default: []] += try texts.map { try d.parse("--" + d.longName, $0) }
            }
        }
    }

    /// The next positional, or an error naming what is missing.
    public mutating func positional(_ p: Positional) throws -> String {
        guard !positionals.isEmpty else { throw UserError("missing \(p.missing)") }
        return positionals.removeFirst()
    }

    /// The next positional if there is one, else the positional's default.
    public mutating func optionalPositional(_ p: Positional) -> String? {
        positionals.isEmpty ? p.defaultValue : positionals.removeFirst()
    }

    /// Every positional not yet read.
    public mutating func remainingPositionals() -> [String] {
        defer { positionals = [] }
        return positionals
    }

    /// Errors if a positional was left over.
    public func finish() throws {
        if let first = positionals.first { throw UserError("unexpected argument '\(first)'") }
    }

    private func stored(_ d: OptionDeclaration) -> [any Sendable]? {
        precondition(declared[d.key] != nil, "option \(d.key) is read but not declared by the command")
        return values[d.key]
    }
}
