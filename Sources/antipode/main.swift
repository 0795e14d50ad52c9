import Foundation
import Support
import Chem
import CKernels

/// A subcommand of `antipode`.
protocol Command {
    static var name: String { get }
    static var summary: String { get }
    static var usage: String { get }
    static func run(_ args: inout Arguments) throws
}

/// Every subcommand, in the order `antipode --help` lists them.
let commands: [any Command.Type] = [
    ScoreCommand.self,
    TrainCommand.self,
    SampleCommand.self,
    DockCommand.self,
    LikelihoodCommand.self,
    VectorCommand.self,
    EditCommand.self,
    FitLambdasCommand.self,
    VectorStatsCommand.self,
    SweepCommand.self,
    EvaluateCommand.self,
    ShortlistCommand.self,
    BatchCommand.self,
    CampaignCommand.self,
    ExperimentCommand.self,
    BenchScoreCommand.self,
    BenchLeaderCommand.self,
    BenchModelCommand.self,
]

@MainActor func printUsage() {
    var text = "antipode — molecular design by task arithmetic (RDKit \(rdkitVersion))\n\nUsage: antipode COMMAND [options]   (antipode COMMAND --help for details)\n\nCommands:\n"
    for c in commands { text += "  " + c.name.padding(toLength: 14, withPad: " ", startingAt: 0) + c.summary + "\n" }
    print(text, terminator: "")
}

var argv = Array(CommandLine.arguments.dropFirst())
guard let name = argv.first, name != "--help", name != "-h", name != "help" else {
    printUsage()
    exit(argv.isEmpty ? 2 : 0)
}
guard let command = commands.first(where: { $0.name == name }) else {
    printError("antipode: unknown command '\(name)'; commands: \(commands.map { $0.name }.joined(separator: ", "))")
    exit(2)
}
var args = Arguments(Array(argv.dropFirst()))
if args.wantsHelp() {
    print(command.usage)
    exit(0)
}
do {
    try command.run(&args)
} catch {
    _ = fflush(nil)
    printError("antipode \(name): \(commandLineMessage(error))")
    exit(1)
}
// `print` buffers standard output and drops write errors: a full disk or a closed pipe must not end
// in exit status 0 with a cut file.
var stdoutErrno: Int32 = 0
if ap_stdout_failed(&stdoutErrno) != 0 {
    let why = stdoutErrno == 0 ? "a write failed" : String(cString: strerror(stdoutErrno))
    printError("antipode \(name): cannot write standard output (\(why)); the output is incomplete")
    exit(1)
}
