import Foundation

/// A success condition on one descriptor, written like `MolLogP>3.5` or `TPSA <= 75`.
///
/// Operators: `>`, `>=`, `<`, `<=`, `=` or `==` (exact equality, meant for integer-valued descriptors such
/// as `NumHDonors`), `!=`. A NaN descriptor value satisfies no predicate.
public struct DescriptorPredicate: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Comparison: String, Sendable, Codable, CaseIterable {
        case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "==", notEqual = "!="
    }

    public let descriptor: String
    public let comparison: Comparison
    public let threshold: Double

    public init(descriptor: String, comparison: Comparison, threshold: Double) {
        self.descriptor = descriptor
        self.comparison = comparison
        self.threshold = threshold
    }

    /// Parses `text` against the descriptor names that may appear in it (in any case).
    public init(parsing text: String, descriptorNames: [String]) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let opChars: Set<Character> = ["<", ">", "=", "!"]
        guard let opStart = trimmed.firstIndex(where: { opChars.contains($0) }) else {
            throw DescriptorPredicateError.malformed(text, descriptorNames: descriptorNames)
        }
        var opEnd = opStart
        while opEnd < trimmed.endIndex, opChars.contains(trimmed[opEnd]) { opEnd = trimmed.index(after: opEnd) }
        let name = trimmed[..<opStart].trimmingCharacters(in: .whitespaces)
        let op = String(trimmed[opStart..<opEnd])
        let number = trimmed[opEnd...].trimmingCharacters(in: .whitespaces)
        guard let comparison = op == "=" ? .equal : Comparison(rawValue: op) else {
            throw DescriptorPredicateError.malformed(text, descriptorNames: descriptorNames)
        }
        guard !name.isEmpty, let value = Double(number), value.isFinite else {
            throw DescriptorPredicateError.malformed(text, descriptorNames: descriptorNames)
        }
        // Names match in any case (`tpsa`), and are stored as spelled in `descriptorNames`.
        guard let known = descriptorNames.first(where: { $0.lowercased() == name.lowercased() }) else {
            throw DescriptorPredicateError.unknownDescriptor(name, descriptorNames: descriptorNames)
        }
        self.init(descriptor: known, comparison: comparison, threshold: value)
    }

    /// Parses one or more predicates joined by `,` or `&&` (all must hold).
    public static func parseAll(_ text: String, descriptorNames: [String]) throws -> [DescriptorPredicate] {
        let parts = text.replacingOccurrences(of: "&&", with: ",").split(separator: ",", omittingEmptySubsequences: false)
        return try parts.map { try DescriptorPredicate(parsing: String($0), descriptorNames: descriptorNames) }
    }

    public func holds(_ value: Double) -> Bool {
        switch comparison {
        case .greater: return value > threshold
        case .greaterOrEqual: return value >= threshold
        case .less: return value < threshold
        case .lessOrEqual: return value <= threshold
        case .equal: return value == threshold
        case .notEqual: return !value.isNaN && value != threshold
        }
    }

    /// `MolLogP>3.5` (thresholds print without a trailing `.0`).
    public var description: String {
        let number = threshold == threshold.rounded() && abs(threshold) < 1e15 ? String(Int(threshold)) : String(threshold)
        return descriptor + comparison.rawValue + number
    }
}

/// Why a predicate string was rejected; the message lists the descriptor names that may be used.
public enum DescriptorPredicateError: Error, Equatable, CustomStringConvertible {
    case malformed(String, descriptorNames: [String])
    case unknownDescriptor(String, descriptorNames: [String])

    public var description: String {
        switch self {
        case let .malformed(text, names):
            return "malformed predicate '\(text)': write NAME OP NUMBER with OP one of > >= < <= = == != (e.g. MolLogP>3.5); NAME is one of \(names.joined(separator: ", "))"
        case let .unknownDescriptor(name, names):
            return "unknown descriptor '\(name)' in predicate; valid names: \(names.joined(separator: ", "))"
        }
    }
}
