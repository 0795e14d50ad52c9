import CommandLineTool
import Foundation
import Support

/// What each shard of a batch runs and what the merge joins: a shard's steps are ordinary `antipode`
/// command lines with `--shard I/N` where they split the work; their outputs go to `OUTPUT/shards/I/`.
struct BatchPlan {
    struct Step {
        let command: String
        let arguments: [String]
        /// The output's file name (in the shard's folder and, merged, in OUTPUT).
        let output: String
        /// Every shard's file starts with a header (the step ran whole on the shard's own file): the merge
        /// keeps only the first. Otherwise (a `--shard` run) only shard 1 has one and the merge concatenates.
        let headerInEveryShard: Bool
    }

    let config: BatchConfig

    var shardsFolder: URL { config.output.appendingPathComponent("shards") }
    var logsFolder: URL { config.output.appendingPathComponent("logs") }
    func folder(_ shard: Int) -> URL { shardsFolder.appendingPathComponent(String(shard)) }
    func doneFile(_ shard: Int) -> URL { folder(shard).appendingPathComponent("done.json") }
    var mergedFile: URL { config.output.appendingPathComponent("batch.json") }

    /// The steps of shard `i` (1-based), in order.
    func steps(shard i: Int) -> [Step] {
        let dir = folder(i).path
        let shardFlag = ["--shard", "\(i)/\(config.shards)"]
        var steps: [Step] = []
        var data: String
        var sharded: [String]
        if let s = config.sample {
            steps.append(Step(command: "sample", arguments: [s.model, "-n", String(s.count), "--seed", String(s.seed)] + s.options
                                  + shardFlag + ["-o", "\(dir)/samples.smi"],
                              output: "samples.smi", headerInEveryShard: false))
            data = "\(dir)/samples.smi"
            sharded = []
        } else {
            data = config.input!
            sharded = shardFlag
        }
        if let options = config.score {
            steps.append(Step(command: "score", arguments: [data] + options + sharded + ["--quiet", "-o", "\(dir)/scores.csv"],
                              output: "scores.csv", headerInEveryShard: sharded.isEmpty))
        }
        if let d = config.dock {
            let name = "dock-\(d.target).csv"
            steps.append(Step(command: "dock", arguments: [data, "--target", d.target] + d.options + sharded + ["--quiet", "-o", "\(dir)/\(name)"],
                              output: name, headerInEveryShard: sharded.isEmpty))
        }
        return steps
    }

    /// Shards (1-based) without a done marker.
    func missingShards() -> [Int] {
        (1...config.shards).filter { !FileManager.default.fileExists(atPath: doneFile($0).path) }
    }

    /// What a finished shard records.
    struct Done: Codable {
        let shard: Int
        let shards: Int
        let host: String
        let started: Double
        let finished: Double
        let steps: [String: Double]
    }

    /// Runs shard `i`'s steps in this process (each through its command), then writes its done marker.
    func runShard(_ i: Int, commands: [any Command.Type]) throws {
        guard (1...config.shards).contains(i) else { throw UserError("shard \(i) is not one of 1…\(config.shards)") }
        if FileManager.default.fileExists(atPath: doneFile(i).path) {
            printError("batch: shard \(i)/\(config.shards) already finished")
            return
        }
        try FileManager.default.createDirectory(at: folder(i), withIntermediateDirectories: true)
        let started = Date()
        var seconds: [String: Double] = [:]
        for step in steps(shard: i) {
            guard let command = commands.first(where: { $0.name == step.command }) else { throw UserError("no command \(step.command)") }
            let t = Date()
            do {
                var args = try ParsedArguments(step.arguments, declarations: command.declarations)
                try command.run(&args)
            } catch { throw UserError("shard \(i): \(step.command) failed: \(commandLineMessage(error))") }
            seconds[step.command] = Date().timeIntervalSince(t)
        }
        let done = Done(shard: i, shards: config.shards, host: ProcessInfo.processInfo.hostName,
                        started: started.timeIntervalSince1970, finished: Date().timeIntervalSince1970, steps: seconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(done), to: doneFile(i))
    }

    /// Checks every shard finished, then writes each step's merged output and `batch.json` (per-shard times).
    func merge() throws -> String {
        let missing = missingShards()
        guard missing.isEmpty else {
            throw UserError("\(missing.count) of \(config.shards) shards did not finish (\(Self.list(missing))); "
                            + "run the batch again to rerun only those")
        }
        let steps = steps(shard: 1)
        for step in steps {
            var merged = Data()
            for i in 1...config.shards {
                let path = folder(i).appendingPathComponent(step.output).path
                guard var data = FileManager.default.contents(atPath: path) else { throw UserError("shard \(i) finished but \(path) is missing") }
                if step.headerInEveryShard, i > 1, let newline = data.firstIndex(of: 0x0A) {
                    data = data.subdata(in: data.index(after: newline)..<data.endIndex)
                }
                merged.append(data)
            }
            try AtomicFile.write(merged, to: config.output.appendingPathComponent(step.output))
        }
        let dones = try (1...config.shards).map { try JSONDecoder().decode(Done.self, from: Data(contentsOf: doneFile($0))) }
        let perShard = dones.map { $0.finished - $0.started }
        let span = (dones.map(\.finished).max() ?? 0) - (dones.map(\.started).min() ?? 0)
        let summary: [String: Any] = [
            "name": config.name, "shards": config.shards, "outputs": steps.map(\.output),
            "shard_seconds": perShard, "shard_seconds_mean": perShard.reduce(0, +) / Double(perShard.count),
            "shard_seconds_max": perShard.max() ?? 0, "span_seconds": span,
            "step_seconds_mean": Dictionary(uniqueKeysWithValues: steps.map { s in
                (s.command, dones.map { $0.steps[s.command] ?? 0 }.reduce(0, +) / Double(dones.count)) }),
        ]
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .prettyPrinted]), to: mergedFile)
        return String(format: "merged %d shards into %@ (%@); per shard %.1f s mean, %.1f s max; first start to last finish %.1f s",
                      config.shards, config.output.path, steps.map(\.output).joined(separator: ", "),
                      perShard.reduce(0, +) / Double(perShard.count), perShard.max() ?? 0, span)
    }

    /// `1,3-5,8`: Slurm's `--array` syntax.
    static func list(_ shards: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < shards.count {
            var j = i
            while j + 1 < shards.count, shards[j + 1] == shards[j] + 1 { j += 1 }
            parts.append(i == j ? "\(shards[i])" : "\(shards[i])-\(shards[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
}
