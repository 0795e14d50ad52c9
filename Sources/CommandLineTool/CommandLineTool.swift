import CKernels
import Foundation
import Support

/// A tool made of subcommands (`antipode`, `antipode-bench`): lists them, prints a command's help, parses its
/// options, runs it, and turns an error into one line and a status.
///
/// Exit status: 0 done (or help asked for), 1 the command failed (`TOOL COMMAND: why` on stderr), 2 no or an
/// unknown command.
public struct CommandLineTool {
    public let name: String
    /// The command list's first line.
    public let title: String
    public let commands: [any Command.Type]
    /// A failed command's error as its one line (the tool may word library errors in terms of its options).
    public let describe: (any Error) -> String

    public init(name: String, title: String, commands: [any Command.Type], describe: @escaping (any Error) -> String = { "\($0)" }) {
        self.name = name
        self.title = title
        self.commands = commands
        self.describe = describe
    }

    /// The title, the synopsis and every command with its summary.
    public var overview: String {
        var text = "\(title)\n\nUsage: \(name) COMMAND [options]   (\(name) COMMAND --help for details)\n\nCommands:\n"
        let width = max(14, (commands.map { $0.name.count }.max() ?? 0) + 2)
        for c in commands { text += "  " + c.name + String(repeating: " ", count: width - c.name.count) + c.summary + "\n" }
        return text
    }

    public func main(_ argv: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        guard let commandName = argv.first, commandName != "--help", commandName != "-h", commandName != "help" else {
            print(overview, terminator: "")
            exit(argv.isEmpty ? 2 : 0)
        }
        guard let command = commands.first(where: { $0.name == commandName }) else {
            printError("\(name): unknown command '\(commandName)'; commands: \(commands.map { $0.name }.joined(separator: ", "))")
            exit(2)
        }
        var rest = Arguments(Array(argv.dropFirst()))
        if rest.wantsHelp() {
            print(command.usage)
            exit(0)
        }
        do {
            var args = try ParsedArguments(rest.remainingItems, declarations: command.declarations)
            try command.run(&args)
        } catch {
            _ = fflush(nil)
            printError("\(name) \(commandName): \(describe(error))")
            exit(1)
        }
        // `print` buffers standard output and drops write errors: a full disk or a closed pipe must not end
        // in exit status 0 with a cut file.
        var stdoutErrno: Int32 = 0
        if ap_stdout_failed(&stdoutErrno) != 0 {
            let why = stdoutErrno == 0 ? "a write failed" : String(cString: strerror(stdoutErrno))
            printError("\(name) \(commandName): cannot write standard output (\(why)); the output is incomplete")
            exit(1)
        }
        exit(0)
    }
}
