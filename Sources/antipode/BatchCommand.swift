import CommandLineTool
import Foundation
import Support

/// `antipode batch slurm|local|shard|merge|status CONFIG`: a sharded batch job (see `BatchConfig`), run as a
/// Slurm job array with a dependent merge job, or locally; both rerun only the shards that did not finish.
enum BatchCommand: Command {
    static let name = "batch"
    static let summary = "run sampling/scoring/docking as sharded batch jobs (Slurm job array or local)"
    static let header = """
    Usage: antipode batch slurm|local|shard|merge|status CONFIG [options]

      slurm CONFIG [--dry-run]   write OUTPUT/slurm/{shard,merge}.sbatch and submit (sbatch) a job array over
                                 the shards that have not finished, plus a merge job that runs after it
                                 (afterany) and fails naming any shard that did not finish. Run it again to
                                 resubmit only those.
      local CONFIG [--jobs J]    run the unfinished shards here, J at a time, then merge
      shard CONFIG --shard I     run shard I's steps (what each array task runs)
      merge CONFIG               check every shard finished; write the merged outputs and OUTPUT/batch.json
      status CONFIG              which shards finished

    CONFIG (JSON):
      { "name": "f2", "shards": 8, "output": "batch/f2",
        "sample": { "model": "models/moses-base", "count": 8000, "seed": 1, "options": [] },
        "score": { "options": [] },
        "dock": { "target": "F2", "options": ["--exhaustiveness", "8"] },
        "slurm": { "options": ["--time=02:00:00", "--cpus-per-task=2", "--mem=4G"] } }
    Each shard runs `antipode sample … --shard I/N -o OUTPUT/shards/I/samples.smi`, then score and/or dock
    on that file; with "input": FILE instead of "sample", score/dock run with --shard I/N on FILE. The merged
    OUTPUT/samples.smi, scores.csv, dock-T.csv equal what one process would write, byte for byte.
    """

    static let action = Positional("slurm|local|shard|merge|status", missing: "ACTION (slurm, local, shard, merge or status)")
    static let config = Positional("CONFIG")
    static let dryRun = Flag("--dry-run", help: "slurm: write the scripts and print the sbatch lines, submitting nothing")
    static let jobs = Option("--jobs", value: "J", default: 1, help: "local: shards run at the same time")
    static let shard = Option<Int?>("--shard", value: "I", help: "shard: which shard to run (required)")
    static let positionals = [action, config]
    static let options = [OptionGroup("Options (each for its action only):", [dryRun, jobs, shard])]

    /// The options each action takes; the others are refused with it.
    static let actionOptions: [String: [any DeclaredOption]] = ["slurm": [dryRun], "local": [jobs], "shard": [shard], "merge": [], "status": []]

    static func run(_ args: inout ParsedArguments) throws {
        let action = try args.positional(Self.action)
        if let applicable = actionOptions[action] {
            let names = Set(applicable.map { $0.declaration.names[0] })
            try args.refuse(options.flatMap(\.options).filter { !names.contains($0.declaration.names[0]) }, for: "batch \(action)")
        }
        switch action {
        case "slurm": try slurm(&args)
        case "local": try local(&args)
        case "shard":
            let i = args[shard]
            let plan = BatchPlan(config: try BatchConfig.load(try args.positional(config)))
            try args.finish()
            guard let i else { throw UserError("give the shard with --shard I (1…\(plan.config.shards))") }
            try plan.runShard(i, commands: [SampleCommand.self, ScoreCommand.self, DockCommand.self])
        case "merge":
            let plan = BatchPlan(config: try BatchConfig.load(try args.positional(config)))
            try args.finish()
            printError("batch: " + (try plan.merge()))
        case "status":
            let plan = BatchPlan(config: try BatchConfig.load(try args.positional(config)))
            try args.finish()
            let missing = plan.missingShards()
            let merged = FileManager.default.fileExists(atPath: plan.mergedFile.path)
            print("\(plan.config.shards - missing.count) of \(plan.config.shards) shards finished"
                  + (missing.isEmpty ? "" : "; not finished: \(BatchPlan.list(missing))") + (merged ? "; merged" : ""))
        default:
            throw UserError("unknown batch action '\(action)'; use slurm, local, shard, merge or status")
        }
    }

    /// This executable's path, for job scripts.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func local(_ args: inout ParsedArguments) throws {
        let jobs = args[Self.jobs]
        let configPath = try args.positional(config)
        try args.finish()
        guard jobs >= 1 else { throw UserError("--jobs must be at least 1") }
        let plan = BatchPlan(config: try BatchConfig.load(configPath))
        try FileManager.default.createDirectory(at: plan.logsFolder, withIntermediateDirectories: true)
        let missing = plan.missingShards()
        printError("batch: \(missing.count) of \(plan.config.shards) shards to run, \(jobs) at a time")
        let queue = ShardQueue(missing)
        let failures = ShardQueue([])
        let group = DispatchGroup()
        for _ in 0..<min(jobs, max(1, missing.count)) {
            DispatchQueue.global().async(group: group) {
                while let i = queue.pop() {
                    let log = plan.logsFolder.appendingPathComponent("shard-\(i).log")
                    FileManager.default.createFile(atPath: log.path, contents: nil)
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = ["batch", "shard", plan.config.source.path, "--shard", String(i)]
                    let handle = FileHandle(forWritingAtPath: log.path)
                    process.standardOutput = handle
                    process.standardError = handle
                    do {
                        try process.run()
                        process.waitUntilExit()
                        if process.terminationStatus != 0 { failures.push(i) }
                    } catch { failures.push(i) }
                    try? handle?.close()
                }
            }
        }
        group.wait()
        let failed = failures.all.sorted()
        if !failed.isEmpty { printError("batch: shards \(BatchPlan.list(failed)) failed; their logs are in \(plan.logsFolder.path)") }
        printError("batch: " + (try plan.merge()))
    }

    static func slurm(_ args: inout ParsedArguments) throws {
        let dryRun = args[Self.dryRun]
        let configPath = try args.positional(config)
        try args.finish()
        let plan = BatchPlan(config: try BatchConfig.load(configPath))
        let config = plan.config
        let jobName = "antipode-\(config.name)"
        if !dryRun, let queued = try? runProgram("squeue", ["-h", "-n", jobName, "-o", "%i"]), queued.status == 0,
           !queued.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let ids = queued.output.split(whereSeparator: \.isNewline).joined(separator: " ")
            throw UserError("jobs of batch \(config.name) are still queued or running (\(ids)); wait for them or scancel them first")
        }
        let missing = plan.missingShards()
        let slurmFolder = config.output.appendingPathComponent("slurm")
        for dir in [slurmFolder, plan.logsFolder] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        let cwd = FileManager.default.currentDirectoryPath
        func script(_ lines: [String], _ command: String) -> String {
            (["#!/bin/bash"] + lines.map { "#SBATCH \($0)" } + ["set -euo pipefail", command]).joined(separator: "\n") + "\n"
        }
        let options = config.slurmOptions.map { $0 }
        let shardScript = slurmFolder.appendingPathComponent("shard.sbatch"), mergeScript = slurmFolder.appendingPathComponent("merge.sbatch")
        try AtomicFile.write(script(["--job-name=\(jobName)", "--chdir=\(cwd)", "--output=\(plan.logsFolder.path)/shard-%a.log"] + options,
                                    "exec \(shellQuote(executable)) batch shard \(shellQuote(config.source.path)) --shard \"$SLURM_ARRAY_TASK_ID\""),
                             to: shardScript)
        try AtomicFile.write(script(["--job-name=\(jobName)", "--chdir=\(cwd)", "--output=\(plan.logsFolder.path)/merge-%j.log"] + options,
                                    "exec \(shellQuote(executable)) batch merge \(shellQuote(config.source.path))"),
                             to: mergeScript)
        var dependency: [String] = []
        if !missing.isEmpty {
            let arrayArgs = ["--parsable", "--array=\(BatchPlan.list(missing))", shardScript.path]
            if dryRun {
                print("sbatch " + arrayArgs.joined(separator: " "))
            } else {
                let id = try submit(arrayArgs)
                dependency = ["--dependency=afterany:\(id)"]
                printError("batch: submitted shards \(BatchPlan.list(missing)) of \(config.shards) as job array \(id)")
            }
        } else {
            printError("batch: every shard has finished; submitting the merge only")
        }
        let mergeArgs = ["--parsable"] + (dryRun && !missing.isEmpty ? ["--dependency=afterany:ARRAY_JOB_ID"] : dependency) + [mergeScript.path]
        if dryRun {
            print("sbatch " + mergeArgs.joined(separator: " "))
        } else {
            let id = try submit(mergeArgs)
            printError("batch: submitted merge job \(id); outputs go to \(config.output.path), logs to \(plan.logsFolder.path)")
            print(id)
        }
    }

    /// Runs sbatch and returns the job id it prints (`--parsable`: `ID` or `ID;cluster`).
    private static func submit(_ arguments: [String]) throws -> String {
        let result = try runProgram("sbatch", arguments)
        let id = result.output.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard result.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw UserError("sbatch failed (status \(result.status)): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return id
    }

    private static func runProgram(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let path = ExternalProgram.locate(name) else { throw UserError("\(name) is not on PATH: is this a Slurm submit host? (antipode batch local runs without Slurm)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-batch-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try ExternalProgram.run(path, arguments, in: dir, timeout: 120)
        if outcome.timedOut { throw UserError("\(name) did not answer in 120 s") }
        return (outcome.status, outcome.standardOutput + (outcome.status == 0 ? "" : outcome.standardError))
    }

    private static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// A locked list of shard numbers, shared by the local runner's threads.
private final class ShardQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int]
    init(_ items: [Int]) { self.items = items }
    func pop() -> Int? { lock.lock(); defer { lock.unlock() }; return items.isEmpty ? nil : items.removeFirst() }
    func push(_ i: Int) { lock.lock(); items.append(i); lock.unlock() }
    var all: [Int] { lock.lock(); defer { lock.unlock() }; return items }
}
