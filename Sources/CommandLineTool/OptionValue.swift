import Support

/// A type an option's text is read into. Reading fails with one line that names the option.
public protocol OptionValue: Sendable {
    /// Reads `text`, the value given to option `name`.
    init(option name: String, parsing text: String) throws
    /// How the value reads as a default in help (`1000`, `0.65`).
    var helpText: String { get }
    /// Whether the last of several values counts (numbers, so a job's options can override one it was given);
    /// otherwise an option given twice is refused.
    static var lastCounts: Bool { get }
}

extension OptionValue {
    public static var lastCounts: Bool { false }
}

extension Int: OptionValue {
    public init(option name: String, parsing text: String) throws {
        guard let v = Int(text) else { throw UserError("\(name) expects an integer, got '\(text)'") }
        self = v
    }
    public var helpText: String { String(self) }
    public static var lastCounts: Bool { true }
}

/// Seeds: a negative number is refused when read, not trapped when converted.
extension UInt64: OptionValue {
    public init(option name: String, parsing text: String) throws {
        guard let v = UInt64(text) else { throw UserError("\(name) expects a whole number ≥ 0, got '\(text)'") }
        self = v
    }
    public var helpText: String { String(self) }
    public static var lastCounts: Bool { true }
}

extension Double: OptionValue {
    public init(option name: String, parsing text: String) throws {
        guard let v = Double(text), v.isFinite else { throw UserError("\(name) expects a number, got '\(text)'") }
        self = v
    }
    /// Whole numbers without a fraction (`1`), others as short as they read back (`0.65`, `1e-5`).
    public var helpText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return description.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+")
    }
    public static var lastCounts: Bool { true }
}

extension String: OptionValue {
    public init(option name: String, parsing text: String) throws { self = text }
    public var helpText: String { self }
}

extension Optional: OptionValue where Wrapped: OptionValue {
    public init(option name: String, parsing text: String) throws { self = try Wrapped(option: name, parsing: text) }
    public var helpText: String { map(\.helpText) ?? "none" }
    public static var lastCounts: Bool { Wrapped.lastCounts }
}

extension Shard: OptionValue {
    public init(option name: String, parsing text: String) throws { self = try Shard(parsing: text) }
    public var helpText: String { description }
}
