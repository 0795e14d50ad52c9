import Foundation
import Support

/// A JSON object read key by key, so that every error names the key path and what is allowed,
/// and keys nobody asked for are rejected (a typo must not silently fall back to a default).
struct StrictJSON {
    let path: String
    private let object: [String: Any]
    private var used: Set<String> = []

    init(_ object: [String: Any], path: String) {
        self.object = object
        self.path = path
    }

    /// Parses a whole document whose top level must be an object.
    static func parse(_ data: Data, source: String) throws -> StrictJSON {
        // Foundation's parser takes a trailing comma and keeps the last of two equal keys; neither may pass.
        var syntax = JSONSyntaxCheck(bytes: Array(data))
        if let problem = syntax.check() { throw UserError("\(source) is not valid JSON: \(problem)") }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw UserError("\(source) is not valid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)")")
        }
        guard let object = value as? [String: Any] else { throw UserError("\(source) must hold a JSON object at the top level") }
        return StrictJSON(object, path: source)
    }

    private func key(_ k: String) -> String { "\(path).\(k)" }

    private mutating func raw(_ k: String) -> Any? {
        used.insert(k)
        guard let v = object[k], !(v is NSNull) else { return nil }
        return v
    }

    mutating func string(_ k: String) throws -> String? {
        guard let v = raw(k) else { return nil }
        guard let s = v as? String else { throw UserError("\(key(k)) must be a string") }
        return s
    }

    mutating func requiredString(_ k: String) throws -> String {
        guard let s = try string(k) else { throw UserError("\(key(k)) is required") }
        return s
    }

    mutating func double(_ k: String) throws -> Double? {
        guard let v = raw(k) else { return nil }
        guard let n = v as? NSNumber, !isBoolean(n) else { throw UserError("\(key(k)) must be a number") }
        return n.doubleValue
    }

    mutating func int(_ k: String) throws -> Int? {
        guard let d = try double(k) else { return nil }
        guard d == d.rounded(), abs(d) < 1e15 else { throw UserError("\(key(k)) must be a whole number, got \(d)") }
        return Int(d)
    }

    mutating func bool(_ k: String) throws -> Bool? {
        guard let v = raw(k) else { return nil }
        guard let n = v as? NSNumber, isBoolean(n) else { throw UserError("\(key(k)) must be true or false") }
        return n.boolValue
    }

    /// A string or a list of strings.
    mutating func strings(_ k: String) throws -> [String]? {
        guard let v = raw(k) else { return nil }
        if let s = v as? String { return [s] }
        guard let list = v as? [Any], let strings = list as? [String] else { throw UserError("\(key(k)) must be a string or a list of strings") }
        return strings
    }

    mutating func doubles(_ k: String) throws -> [Double]? {
        guard let v = raw(k) else { return nil }
        guard let list = v as? [Any] else { throw UserError("\(key(k)) must be a list of numbers") }
        return try list.enumerated().map { i, x in
            guard let n = x as? NSNumber, !isBoolean(n) else { throw UserError("\(key(k))[\(i)] must be a number") }
            return n.doubleValue
        }
    }

    mutating func object(_ k: String) throws -> StrictJSON? {
        guard let v = raw(k) else { return nil }
        guard let o = v as? [String: Any] else { throw UserError("\(key(k)) must be an object") }
        return StrictJSON(o, path: key(k))
    }

    mutating func objects(_ k: String) throws -> [StrictJSON]? {
        guard let v = raw(k) else { return nil }
        guard let list = v as? [Any] else { throw UserError("\(key(k)) must be a list of objects") }
        return try list.enumerated().map { i, x in
            guard let o = x as? [String: Any] else { throw UserError("\(key(k))[\(i)] must be an object") }
            return StrictJSON(o, path: "\(key(k))[\(i)]")
        }
    }

    /// Rejects any key that was never read, listing the allowed ones.
    /// Errors on the first key not in `allowed`, before any key is read.
    func rejectUnknown(allowed: [String]) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw UserError("unknown key \(key(unknown)); allowed: \(allowed.joined(separator: ", "))")
        }
    }

    /// The value when it is a string, nil when absent or of another type (which the caller reads otherwise).
    mutating func lenientString(_ k: String) throws -> String? { raw(k) as? String }

    func finish(allowed: [String]) throws {
        if let unknown = object.keys.sorted().first(where: { !used.contains($0) }) {
            throw UserError("unknown key \(key(unknown)); allowed: \(allowed.joined(separator: ", "))")
        }
    }
}

/// JSON `true`/`false` arrive as NSNumber too; their type code is `c` (char).
private func isBoolean(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

/// Checks JSON text strictly (RFC 8259): no trailing commas, no key twice in one object. Says what and
/// where (line), or nil when the text is well-formed.
struct JSONSyntaxCheck {
    let bytes: [UInt8]
    private var i = 0
    private var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func check() -> String? {
        do {
            skipSpace()
            try value(path: "")
            skipSpace()
            if i < bytes.count { throw Problem("unexpected text after the end", at: i) }
            return nil
        } catch let p as Problem {
            let line = bytes[..<min(p.offset, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            return "\(p.what) (line \(line))"
        } catch {
            return "\(error)"
        }
    }

    private struct Problem: Error {
        let what: String, offset: Int
        init(_ what: String, at offset: Int) { self.what = what; self.offset = offset }
    }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    private mutating func value(path: String) throws {
        guard i < bytes.count else { throw Problem("the text ends where a value should be", at: i) }
        switch bytes[i] {
        case UInt8(ascii: "{"): try object(path: path)
        case UInt8(ascii: "["): try array(path: path)
        case UInt8(ascii: "\""): _ = try string()
        default:
            let start = i
            while i < bytes.count, !",]} \t\r\n".utf8.contains(bytes[i]) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            guard ["true", "false", "null"].contains(word) || Self.isNumber(word) else {
                throw Problem("'\(word.prefix(20))' is not a JSON value", at: start)
            }
        }
    }

    private static func isNumber(_ s: String) -> Bool {
        s.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil
    }

    private mutating func object(path: String) throws {
        depth += 1
        guard depth <= 200 else { throw Problem("nested deeper than 200 levels", at: i) }
        i += 1
        var keys = Set<String>()
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { throw Problem("a trailing comma before '}'\(Self.inside(path))", at: i) }
                throw Problem("a key (a string in double quotes) is expected\(Self.inside(path))", at: i)
            }
            let keyStart = i
            let key = try string()
            guard keys.insert(key).inserted else {
                throw Problem("key '\(key)' appears twice\(Self.inside(path))", at: keyStart)
            }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Problem("':' is expected after key '\(key)'", at: i) }
            i += 1
            skipSpace()
            try value(path: path.isEmpty ? key : path + "." + key)
            skipSpace()
            guard i < bytes.count else { throw Problem("the text ends inside an object\(Self.inside(path))", at: i) }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return }
            throw Problem("',' or '}' is expected after key '\(key)'", at: i)
        }
    }

    private mutating func array(path: String) throws {
        depth += 1
        guard depth <= 200 else { throw Problem("nested deeper than 200 levels", at: i) }
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return }
        var index = 0
        while true {
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { throw Problem("a trailing comma before ']'\(Self.inside(path))", at: i) }
            try value(path: "\(path)[\(index)]")
            index += 1
            skipSpace()
            guard i < bytes.count else { throw Problem("the text ends inside a list\(Self.inside(path))", at: i) }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return }
            throw Problem("',' or ']' is expected in a list\(Self.inside(path))", at: i)
        }
    }

    /// A string literal's text (escapes kept as written; enough to compare keys).
    private mutating func string() throws -> String {
        let start = i
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { i += 1 }
            i += 1
        }
        guard i < bytes.count else { throw Problem("a string is not closed", at: start) }
        i += 1
        return String(decoding: bytes[(start + 1)..<(i - 1)], as: UTF8.self)
    }

    private static func inside(_ path: String) -> String { path.isEmpty ? "" : " in '\(path)'" }
}
