import Foundation

/// Files in Tests/ChemTests/Fixtures (copied into the test bundle).
enum FixtureFiles {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!
    }

    static func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    static func json(_ name: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(contentsOf: url(name))) }

    /// inputs.txt split as make_reference.py splits it (lines, last empty one dropped, stripped).
    static func referenceInputs() throws -> [String] {
        var lines = try text("inputs.txt").components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// reference.jsonl, one dictionary per input line.
    static func reference() throws -> [[String: Any]] {
        try text("reference.jsonl").split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }
}
