/// A small command-line parser: options are taken by name, what remains are positionals. Commands read
/// their arguments through `ParsedArguments` (CommandLineTool), which takes each declared option from here.
///
///     var args = Arguments(["in.smi", "-o", "out.csv", "--threads", "2"])
///     let out = try args.option("-o", "--output")          // "out.csv"
///     let threads = try args.int("--threads") ?? 2
///     let input = try args.positional("IN")                // "in.smi"
///     try args.finish()                                    // rejects anything left over
///
/// `--name=value` and `--name value` are both accepted. A lone `-` is a positional (stdin).
public struct Arguments {
    private var items: [String]

    public init(_ items: [String]) { self.items = items }

    /// True when no arguments remain.
    public var isEmpty: Bool { items.isEmpty }

    /// The arguments not yet taken, in order.
    public var remainingItems: [String] { items }

    /// Whether `--help` or `-h` was given (removes it).
    public mutating func wantsHelp() -> Bool { flag("--help", "-h") }

    /// Removes a boolean flag, returning whether it was present.
    public mutating func flag(_ names: String...) -> Bool { flag(names) }

    /// Removes a boolean flag given by any of `names`, returning whether it was present.
    public mutating func flag(_ names: [String]) -> Bool {
        var found = false
        items.removeAll { item in
            if names.contains(item) { found = true; return true }
            return false
        }
        return found
    }

    /// Removes one `name value` pair; errors if the option is given twice or lacks a value.
    public mutating func option(_ names: String...) throws -> String? {
        let values = try take(names)
        if values.count > 1 { throw UserError("\(names[0]) given \(values.count) times; give it once") }
        return values.first
    }

    /// Removes every occurrence of a repeatable option, in order.
    public mutating func options(_ names: String...) throws -> [String] { try take(names) }

    /// Removes every value of the option spelled by any of `names`, in order.
    public mutating func values(_ names: [String]) throws -> [String] { try take(names) }

    public mutating func int(_ names: String...) throws -> Int? {
        let values = try take(names)
        guard let text = values.last else { return nil }
        guard let v = Int(text) else { throw UserError("\(names[0]) expects an integer, got '\(text)'") }
        return v
    }

    public mutating func double(_ names: String...) throws -> Double? {
        let values = try take(names)
        guard let text = values.last else { return nil }
        guard let v = Double(text), v.isFinite else { throw UserError("\(names[0]) expects a number, got '\(text)'") }
        return v
    }

    /// Removes the next positional argument, or errors naming what was expected.
    public mutating func positional(_ what: String) throws -> String {
        guard let value = optionalPositional() else { throw UserError("missing \(what)") }
        return value
    }

    /// Removes the next positional argument if there is one.
    public mutating func optionalPositional() -> String? {
        guard let i = items.firstIndex(where: { !$0.hasPrefix("-") || $0 == "-" }) else { return nil }
        return items.remove(at: i)
    }

    /// Removes all remaining positionals.
    public mutating func remainingPositionals() -> [String] {
        var out: [String] = []
        while let p = optionalPositional() { out.append(p) }
        return out
    }

    /// Errors if anything was not consumed, naming the first unknown argument.
    public func finish() throws {
        if let first = items.first {
            throw UserError(first.hasPrefix("-") && first != "-" ? "unknown option \(first)" : "unexpected argument '\(first)'")
        }
    }

    private mutating func take(_ names: [String]) throws -> [String] {
        var values: [String] = []
        var i = 0
        while i < items.count {
            let item = items[i]
            if let eq = item.firstIndex(of: "="), names.contains(String(item[..<eq])) {
                values.append(String(item[item.index(after: eq)...]))
                items.remove(at: i)
            } else if names.contains(item) {
                guard i + 1 < items.count else { throw UserError("\(item) needs a value") }
                values.append(items[i + 1])
                items.removeSubrange(i...(i + 1))
            } else {
                i += 1
            }
        }
        return values
    }
}
