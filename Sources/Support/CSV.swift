import Foundation

/// The small CSV dialect Antipode reads and writes (RFC 4180: comma-separated, fields with commas,
/// quotes or line breaks in double quotes, a quote inside doubled). Spaces around a quoted field
/// are dropped, so padded tables such as MOSES's `wehi_pains.csv` read cleanly.
///
/// Written text is safe to open in a spreadsheet (OWASP's CSV-injection advice): a field starting with
/// `= + - @`, a tab or a carriage return — or with `'` — is written quoted with a `'` in front, and
/// `fields` takes that `'` off again, so values round-trip. A NUL byte is written as U+FFFD.
public enum CSV {
    /// First characters a spreadsheet reads as the start of a formula.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    /// The fields of one line.
    public static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var inQuotes = false, wasQuoted = false
        var i = line.startIndex
        while i < line.endIndex {
            let ch = line[i]
            if inQuotes {
                if ch == "\"" {
                    let next = line.index(after: i)
                    if next < line.endIndex && line[next] == "\"" { field.append("\""); i = next } else { inQuotes = false }
                } else {
                    field.append(ch)
                }
            } else if ch == "," {
                fields.append(wasQuoted ? unguarded(field) : field)
                field = ""; wasQuoted = false
            } else if ch == "\"" && field.allSatisfy({ $0 == " " }) {
                field = ""; inQuotes = true; wasQuoted = true
            } else if !(wasQuoted && ch == " ") && ch != "\r" {
                field.append(ch)
            }
            i = line.index(after: i)
        }
        fields.append(wasQuoted ? unguarded(field) : field)
        return fields
    }

    /// A quoted field that `quote` guarded against formula injection loses its `'` again.
    private static func unguarded(_ field: String) -> String {
        guard field.first == "'", let second = field.dropFirst().first,
              second == "'" || formulaStarts.contains(second) else { return field }
        return String(field.dropFirst())
    }

    public static func fields(_ line: String) -> [String] { fields(line[...]) }

    /// `s` as one CSV field: quoted when it holds a comma, quote, line break or outer spaces; quoted
    /// with a `'` in front when a spreadsheet would read it as a formula (see the type's notes).
    public static func quote(_ s: String) -> String {
        var s = s
        if s.utf8.contains(0) { s = s.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") }
        let guarded = s.first.map { $0 == "'" || formulaStarts.contains($0) } ?? false
        if guarded { s = "'" + s }
        let needs = guarded || s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || s.first == " " || s.last == " "
        return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
