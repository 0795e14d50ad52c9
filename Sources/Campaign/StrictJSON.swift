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
    func finish(allowed: [String]) throws {
        if let unknown = object.keys.sorted().first(where: { !used.contains($0) }) {
            throw UserError("unknown key \(key(unknown)); allowed: \(allowed.joined(separator: ", "))")
        }
    }
}

/// JSON `true`/`false` arrive as NSNumber too; their type code is `c` (char).
private func isBoolean(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }
