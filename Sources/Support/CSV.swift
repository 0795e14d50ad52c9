import Foundation

/// The small CSV dialect Antipode reads and writes (RFC 4180: comma-separated, fields with commas,
/// quotes or line breaks in double quotes, a quote inside doubled). Spaces around a quoted field
/// are dropped, so padded tables such as MOSES's `wehi_pains.csv` read cleanly.
public enum CSV {
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
                fields.append(field)
                field = ""; wasQuoted = false
            } else if ch == "\"" && field.allSatisfy({ $0 == " " }) {
                field = ""; inQuotes = true; wasQuoted = true
            } else if !(wasQuoted && ch == " ") && ch != "\r" {
                field.append(ch)
            }
            i = line.index(after: i)
        }
        fields.append(field)
        return fields
    }

    public static func fields(_ line: String) -> [String] { fields(line[...]) }

    /// `s` as one CSV field: quoted when it holds a comma, quote, line break or outer spaces.
    public static func quote(_ s: String) -> String {
        let needs = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || s.first == " " || s.last == " "
        return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
