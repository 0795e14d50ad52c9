/// A subcommand of a command-line tool (`antipode score`): its help is its header, the lines generated from its
/// declared options, and its footer; `run` reads the options through the same declarations.
public protocol Command {
    static var name: String { get }
    /// One line for the tool's command list.
    static var summary: String { get }
    /// The synopsis (`Usage: …`) and the description, above the option lines.
    static var header: String { get }
    /// Notes and examples below the option lines.
    static var footer: String { get }
    /// The positional arguments, in order (their names as the synopsis writes them).
    static var positionals: [Positional] { get }
    /// Every option, grouped as help lists them.
    static var options: [OptionGroup] { get }
    static func run(_ args: inout ParsedArguments) throws
}

extension Command {
    public static var footer: String { "" }

    /// Every declared option, in help's order.
    public static var declarations: [OptionDeclaration] { options.flatMap { $0.options.map(\.declaration) } }

    /// What `--help` prints.
    public static var usage: String { HelpText.usage(header: header, groups: options, footer: footer) }
}
