import CommandLineTool

/// Every subcommand of `antipode`, in the order its overview lists them. (Benchmarks are `antipode-bench`'s.)
var antipodeCommands: [any Command.Type] {
    [
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
    ]
}
