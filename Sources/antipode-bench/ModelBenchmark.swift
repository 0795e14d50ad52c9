import CBLAS
import CommandLineTool
import Foundation
import Model
import Support

/// `antipode-bench model`: speed of the language model engine against the PyTorch peer
/// (`../shared/peers/pytorch_lstm.py`), run interleaved in one invocation on the same SMILES, plus this
/// machine's sgemm rate through OpenBLAS. Each Antipode run is a `model-worker` child process.
enum ModelBenchmark: Command {
    static let name = "model"
    static let summary = "benchmark LSTM training/sampling against the PyTorch peer"
    static let header = """
    Usage: antipode-bench model [options]

    Trains each configuration for a fixed number of steps, then samples, once with Antipode and once with
    PyTorch (same SMILES, same batch, same threads), each in its own process under /usr/bin/time for peak
    memory, and prints tokens/s, molecules/s and the ratios.
    """

    static let configs = Option("--configs", value: "LIST", default: "6x256x128,3x512x128,6x256x32",
                                help: "layers x hidden x batch, comma-separated")
    static let steps = Option("--steps", value: "N", default: 30, help: "optimiser steps per run, the first 3 excluded from timing")
    static let samples = Option("--samples", value: "N", default: 2048, help: "molecules sampled per run (batch 512)")
    static let nTrain = Option("--n-train", value: "N", default: 20000, help: "MOSES training SMILES used")
    static let threads = Option("--threads", value: "N", default: 2, help: "OpenBLAS / PyTorch threads")
    static let corpus = Option("--corpus", value: "FILE", default: "../shared/data/moses/train.csv.gz", help: "SMILES source")
    static let python = Option("--python", value: "PATH", default: "/tmp/antipode-peers/bin/python", help: "the peer's Python")
    static let peer = Option("--peer", value: "PATH", default: "../shared/peers/pytorch_lstm.py", help: "the peer script")
    static let rounds = Option("--rounds", value: "N", default: 2, help: """
        run each side N times, alternating, and keep each side's best
        the machine is shared, so the best of interleaved runs is the least disturbed
        """)
    static let kernels = Option("--kernels", value: "LIST", default: "packed", help: """
        Antipode's step kernels, comma-separated, each run and compared with the peer
        packed, blas, optionally with a level (packed:avx2)
        """)
    static let contend = Flag("--contend", help: """
        keep one busy process running (one core's worth) during both sides
        as on a machine with other work
        """)
    static let onlyAntipode = Flag("--only-antipode", help: "skip the peer")
    static let positionals: [Positional] = []
    static let options = [OptionGroup("Options:", [configs, steps, samples, nTrain, threads, corpus, python, peer, rounds, kernels, contend,
                                                   onlyAntipode])]

    struct Result: Codable {
        var trainTokensPerSecond: Double
        var trainPaddedTokensPerSecond: Double
        var stepMilliseconds: Double
        var sampleMoleculesPerSecond: Double
        var sampleTokensPerSecond: Double
        var flopsPerStep: Double
        var peakMemoryMB: Double?
    }

    static func run(_ args: inout ParsedArguments) throws {
        let configs = try args[Self.configs].split(separator: ",").map { spec in
            let parts = spec.split(separator: "x").compactMap { Int($0) }
            guard parts.count == 3 else { throw UserError("--configs entries look like 6x256x128, got '\(spec)'") }
            return (layers: parts[0], hidden: parts[1], batch: parts[2])
        }
        let steps = args[Self.steps]
        let samples = args[Self.samples]
        let nTrain = args[Self.nTrain]
        let threads = args[Self.threads]
        // The PyTorch peer's command (its Python and script), or nil with --only-antipode.
        let peerCommand = args[Self.onlyAntipode] ? nil : [args[Self.python], args[Self.peer]]
        let rounds = max(1, args[Self.rounds])
        let kernels = try args[Self.kernels].split(separator: ",").map { spec in
            do { return try StepKernels(parsing: String(spec)) } catch { throw UserError("--kernels: \(error)") }
        }
        let contend = args[Self.contend]
        try args.finish()

        // The same SMILES for both: a seeded random subset written to a temporary file.
        var all = try SequenceFile.texts(args[Self.corpus], nonEmpty: true)
        var rng = RandomGenerator(seed: 42)
        all.shuffle(using: &rng)
        let subset = Array(all.prefix(nTrain))
        let dataFile = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-bench-\(getpid()).smi")
        try (subset.joined(separator: "\n") + "\n").write(to: dataFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dataFile) }

        setMatrixThreads(threads)
        let peak = sgemmRate(m: 1024, n: 1024, k: 1024, threads: threads)
        let fmaPeak = measuredFMAPeak(seconds: 0.3) * 1e9
        say(String(format: "load: %@", loadAverage()))
        say(String(format: "FMA peak (12 chains, %@ kernels): %.1f GFLOP/s per thread, %.1f on %d",
                   StepKernels.Level.best.name, fmaPeak / 1e9, fmaPeak * Double(threads) / 1e9, threads))
        say(String(format: "OpenBLAS sgemm, %d threads: %.1f GFLOP/s (1024³)", threads, peak / 1e9))
        for c in configs {
            say(String(format: "  sgemm recurrent shape %d×%d×%d: %.1f GFLOP/s", c.batch, 4 * c.hidden, c.hidden,
                         sgemmRate(m: c.batch, n: 4 * c.hidden, k: c.hidden, threads: threads) / 1e9))
        }
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
        var rows: [String] = []
        for c in configs {
            let common = ["--layers", "\(c.layers)", "--hidden", "\(c.hidden)", "--batch", "\(c.batch)",
                          "--threads", "\(threads)", "--max-steps", "\(steps)", "--n-samples", "\(samples)",
                          "--sample-batch", "512", "--max-len", "100"]
            var ourBest = [Result?](repeating: nil, count: kernels.count), p: Result?
            let neighbour = contend ? try busyProcess() : nil
            defer { neighbour?.terminate() }
            for _ in 0..<rounds {
                for (i, k) in kernels.enumerated() {
                    let ours = try measured([me, ModelWorker.name, "--train", dataFile.path, "--kernels", "\(k)"] + common)
                    guard var r = try? JSONDecoder().decode(Result.self, from: Data(ours.lastLine.utf8)) else {
                        throw UserError("the Antipode worker failed: \(ours.output.suffix(500))")
                    }
                    r.peakMemoryMB = ours.peakMB
                    ourBest[i] = best(ourBest[i], r)
                }
                guard let peerCommand else { continue }
                let jsonFile = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-peer-\(getpid()).json")
                let theirs = try measured(peerCommand + ["--train", dataFile.path, "--n-train", "\(nTrain)", "--seconds", "100000",
                                           "--warmup", "3", "--json", jsonFile.path] + common)
                if let d = FileManager.default.contents(atPath: jsonFile.path),
                   let j = try JSONSerialization.jsonObject(with: d) as? [String: Any] {
                    p = best(p, Result(trainTokensPerSecond: j["train_tokens_per_s"] as? Double ?? 0,
                                       trainPaddedTokensPerSecond: j["train_padded_tokens_per_s"] as? Double ?? 0,
                                       stepMilliseconds: j["train_step_ms"] as? Double ?? 0,
                                       sampleMoleculesPerSecond: j["sample_molecules_per_s"] as? Double ?? 0,
                                       sampleTokensPerSecond: j["sample_tokens_per_s"] as? Double ?? 0,
                                       flopsPerStep: 0, peakMemoryMB: theirs.peakMB))
                } else {
                    printError("the PyTorch peer failed: \(theirs.output.suffix(500))")
                }
                try? FileManager.default.removeItem(at: jsonFile)
            }
            neighbour?.terminate()
            // The machine is shared: measure the sgemm rate again right after the run it is compared with.
            let peakNow = sgemmRate(m: 1024, n: 1024, k: 1024, threads: threads)
            func ratio(_ x: Double, _ y: Double?) -> String { y.map { String(format: "%.2f×", x / $0) } ?? "—" }
            func num(_ x: Double?) -> String { x.map { String(format: "%.0f", $0) } ?? "—" }
            for (i, k) in kernels.enumerated() {
                let a = ourBest[i]!
                let rate = a.flopsPerStep / (a.stepMilliseconds / 1000)
                let first = i == 0 ? "\(c.layers)×\(c.hidden), batch \(c.batch)" : ""
                rows.append("| \(first) | \(k) train tokens/s | \(num(a.trainTokensPerSecond)) | \(num(p?.trainTokensPerSecond)) | \(ratio(a.trainTokensPerSecond, p?.trainTokensPerSecond)) |")
                rows.append("| | \(k) train padded tokens/s | \(num(a.trainPaddedTokensPerSecond)) | \(num(p?.trainPaddedTokensPerSecond)) | \(ratio(a.trainPaddedTokensPerSecond, p?.trainPaddedTokensPerSecond)) |")
                rows.append("| | \(k) sample molecules/s (batch 512) | \(String(format: "%.1f", a.sampleMoleculesPerSecond)) | \(p.map { String(format: "%.1f", $0.sampleMoleculesPerSecond) } ?? "—") | \(ratio(a.sampleMoleculesPerSecond, p?.sampleMoleculesPerSecond)) |")
                rows.append("| | \(k) peak memory MB | \(num(a.peakMemoryMB)) | \(num(p?.peakMemoryMB)) | \(ratio(a.peakMemoryMB ?? 0, p?.peakMemoryMB)) |")
                rows.append(String(format: "| | %@ training step GFLOP/s (%% of FMA peak %.0f; of sgemm 1024³ %.0f) | %.1f (%.0f%%; %.0f%%) | | |",
                                   "\(k)", fmaPeak * Double(threads) / 1e9, peakNow / 1e9, rate / 1e9,
                                   100 * rate / (fmaPeak * Double(threads)), 100 * rate / peakNow))
            }
            say("done \(c.layers)×\(c.hidden) batch \(c.batch); load \(loadAverage())")
        }
        say("\n| model | measure | Antipode | PyTorch | ratio |\n|---|---|---|---|---|" + (contend ? " (with a busy neighbour process)" : ""))
        rows.forEach { say($0) }
        say("load after: \(loadAverage())")
    }

    // MARK: - helpers

    /// Each measure's best over runs (highest rate, lowest time and memory).
    static func best(_ x: Result?, _ y: Result) -> Result {
        guard let x else { return y }
        return Result(trainTokensPerSecond: max(x.trainTokensPerSecond, y.trainTokensPerSecond),
                      trainPaddedTokensPerSecond: max(x.trainPaddedTokensPerSecond, y.trainPaddedTokensPerSecond),
                      stepMilliseconds: min(x.stepMilliseconds, y.stepMilliseconds),
                      sampleMoleculesPerSecond: max(x.sampleMoleculesPerSecond, y.sampleMoleculesPerSecond),
                      sampleTokensPerSecond: max(x.sampleTokensPerSecond, y.sampleTokensPerSecond),
                      flopsPerStep: y.flopsPerStep,
                      peakMemoryMB: [x.peakMemoryMB, y.peakMemoryMB].compactMap { $0 }.max())
    }

    /// Prints a line unbuffered, so a log shows each measurement as it is made.
    static func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

    /// OpenBLAS's own sgemm rate (FLOP/s) of an m×k · k×n product on `threads` threads, best of a few
    /// runs. OpenBLAS goes back to one thread after it, as the engine wants it.
    static func sgemmRate(m: Int, n: Int, k: Int, threads: Int) -> Double {
        openblas_set_num_threads(Int32(threads))
        defer { openblas_set_num_threads(1) }
        let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        let reps = max(3, Int(2e9 / Double(2 * m * n * k)))
        var best = Double.infinity
        for _ in 0..<3 {
            let start = Date()
            for _ in 0..<reps {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0, &c, Int32(n))
            }
            best = min(best, Date().timeIntervalSince(start) / Double(reps))
        }
        return Double(2 * m * n * k) / best
    }

    /// One busy process (a shell loop, one core's worth of work) standing for a user's other work.
    static func busyProcess() throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "while :; do :; done"]
        try p.run()
        return p
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).map { $0.split(separator: " ").prefix(3).joined(separator: " ") } ?? "?"
    }

    /// Runs a command under `/usr/bin/time`, echoing its output; returns it and the peak resident memory.
    static func measured(_ command: [String]) throws -> (output: String, lastLine: String, peakMB: Double?) {
        let p = Process()
        let hasTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        p.executableURL = URL(fileURLWithPath: hasTime ? "/usr/bin/time" : command[0])
        p.arguments = hasTime ? ["-f", "peak-rss-kb %M"] + command : Array(command.dropFirst())
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        var peak: Double?
        var last = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("peak-rss-kb ") { peak = Double(line.dropFirst(12)).map { $0 / 1024 } }
            else if line.hasPrefix("{") { last = String(line) }
        }
        return (text, last, peak)
    }
}
