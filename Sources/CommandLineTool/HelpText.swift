/// A command's `--help` text: its header, then each option group's generated lines, then its footer.
public enum HelpText {
    /// The column option help starts at; longer names put their help on the next line.
    static let column = 25

    public static func usage(header: String, groups: [OptionGroup], footer: String) -> String {
        var parts = [header]
        for group in groups where !group.options.isEmpty {
            parts.append(([group.title] + group.options.map { line($0.declaration) }).joined(separator: "\n"))
        }
        if !footer.isEmpty { parts.append(footer) }
        return parts.joined(separator: "\n\n")
    }

    /// `  -o, --output FILE      help (default …)`, continuation lines aligned under the help.
    public static func line(_ d: OptionDeclaration) -> String {
        let left = "  " + d.names.joined(separator: ", ") + (d.placeholder.map { " " + $0 } ?? "")
        // The notes go on the first line, the one-line summary; later lines are details.
        var lines = d.help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if d.kind == .repeated { lines[0] += " (repeatable)" }
        if let note = d.defaultNote { lines[0] += " (\(note))" }
        let indent = String(repeating: " ", count: column)
        var text = left.count < column - 1
            ? left + String(repeating: " ", count: column - left.count) + lines[0]
            : left + "\n" + indent + lines[0]
        for more in lines.dropFirst() { text += "\n" + indent + more }
        return text
    }
}
