import Foundation

/// The small CSV dialect Antipode reads and writes (RFC 4180: comma-separated, fields with commas,
/// quotes or line breaks in double quotes, a quote inside doubled). Spaces around a quoted field
/// are dropped, so padded tables such as MOSES's `wehi_pains.csv` read cleanly.
///
/// Written text is safe to open in a spreadsheet (OWASP's CSV-injection advice): a field starting with
/// `= + - @`, a tab or a carriage return — or with `'` — is written quoted with a `'` in front, and
/// `fields` takes that `'` off again, so values round-trip. A NUL byte is written as U+FFFD.
///
/// Both directions work on Unicode scalars, not Characters: a quote or comma followed by a combining
/// mark is one Character in Swift but still a quote or comma to every other CSV reader.
public enum CSV {
    /// First scalars a spreadsheet reads as the start of a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// The fields of one line.
    public static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false, wasQuoted = false
        let scalars = line.unicodeScalars
        var i = scalars.startIndex
        func close() {
            let text = String(field)
            fields.append(wasQuoted ? unguarded(text) : text)
        }
        while i < scalars.endIndex {
            let ch = scalars[i]
            if inQuotes {
                if ch == "\"" {
                    let next = scalars.index(after: i)
                    if next < scalars.endIndex && scalars[next] == "\"" { field.append("\""); i = next } else { inQuotes = false }
                } else {
                    field.append(ch)
                }
            } else if ch == "," {
                close()
                field = String.UnicodeScalarView(); wasQuoted = false
            } else if ch == "\"" && field.allSatisfy({ $0 == " " }) {
                field = String.UnicodeScalarView(); inQuotes = true; wasQuoted = true
            } else if !(wasQuoted && ch == " ") && ch != "\r" {
                field.append(ch)
            }
            i = scalars.index(after: i)
        }
        close()
        return fields
    }

    public static func fields(_ line: String) -> [String] { fields(line[...]) }

    /// A quoted field that `quote` guarded against formula injection loses its `'` again.
    private static func unguarded(_ field: String) -> String {
        var s = field.unicodeScalars.makeIterator()
        guard s.next() == "'", let second = s.next(), second == "'" || formulaStarts.contains(second) else { return field }
        return String(field.unicodeScalars.dropFirst())
    }

    /// `s` as one CSV field: quoted when it holds a comma, quote, line break or outer spaces; quoted
    /// with a `'` in front when a spreadsheet would read it as a formula (see the type's notes).
    public static func quote(_ s: String) -> String {
        let scalars = s.unicodeScalars
        let guarded = scalars.first.map { $0 == "'" || formulaStarts.contains($0) } ?? false
        let needs = guarded || scalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || scalars.first == " " || scalars.last == " "
        guard needs || scalars.contains("\u{0}") else { return s }
        var out = String.UnicodeScalarView()
        if needs { out.append("\"") }
        if guarded { out.append("'") }
        for c in scalars {
            if c == "\u{0}" { out.append("\u{FFFD}"); continue }
            out.append(c)
            if c == "\"" { out.append("\"") }
        }
        if needs { out.append("\"") }
        return String(out)
    }
}
