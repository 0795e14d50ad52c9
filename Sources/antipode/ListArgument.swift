import CommandLineTool
import Foundation
import Support

/// A comma-separated list option (`--tasks logp-high,tpsa-low`): its items, spaces around them dropped.
struct CommaList: OptionValue {
    let items: [String]

    init(_ items: [String]) { self.items = items }

    init(option name: String, parsing text: String) throws {
        items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    var helpText: String { items.isEmpty ? "none" : items.joined(separator: ",") }
}

/// A comma-separated list of numbers (`--fractions 0.01,0.05`).
struct NumberList: OptionValue {
    let values: [Double]

    init(_ values: [Double]) { self.values = values }

    init(option name: String, parsing text: String) throws {
        values = try CommaList(option: name, parsing: text).items.map { s in
            guard let x = Double(s), x.isFinite else { throw UserError("\(name): '\(s)' is not a number") }
            return x
        }
    }

    /// The values; five or more evenly spaced ones as `first,second,…,last`.
    var helpText: String {
        if values.count >= 5 {
            let step = values[1] - values[0]
            let even = zip(values, values.dropFirst()).allSatisfy { abs(($1 - $0) - step) < 1e-9 }
            if even { return "\(values[0].helpText),\(values[1].helpText),…,\(values[values.count - 1].helpText)" }
        }
        return values.isEmpty ? "none" : values.map(\.helpText).joined(separator: ",")
    }
}
