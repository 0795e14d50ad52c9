import Foundation

/// A `DecodingError` as one sentence naming the key path ("missing key 'model.vocabulary.tokens'"),
/// instead of Swift's debug text; other errors as they describe themselves.
public func describeDecodingError(_ error: Error) -> String {
    func path(_ codingPath: [CodingKey], _ last: CodingKey? = nil) -> String {
        let keys = codingPath + (last.map { [$0] } ?? [])
        return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            .reduce("") { $0.isEmpty || $1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1 }
    }
    guard let e = error as? DecodingError else { return "\(error)" }
    switch e {
    case .keyNotFound(let key, let context):
        return "missing key '\(path(context.codingPath, key))'"
    case .typeMismatch(let type, let context):
        return "'\(path(context.codingPath))' must be \(describe(type))"
    case .valueNotFound(let type, let context):
        return "'\(path(context.codingPath))' must be \(describe(type)), not null"
    case .dataCorrupted(let context):
        if context.codingPath.isEmpty {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "not valid JSON" + (underlying.map { " (\($0))" } ?? "")
        }
        return "'\(path(context.codingPath))' is invalid: \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}

private func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: return "a string"
    case is Int.Type, is UInt64.Type, is Int64.Type: return "a whole number"
    case is Double.Type, is Float.Type: return "a number"
    case is Bool.Type: return "true or false"
    default:
        let name = "\(type)"
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return "a \(name) value"
    }
}
