import CommandLineTool

/// Every subcommand of `antipode-bench`, in the order its overview lists them.
var benchCommands: [any Command.Type] {
    [ScoreBenchmark.self, LeaderBenchmark.self, ModelBenchmark.self, ModelWorker.self]
}
