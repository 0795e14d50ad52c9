import Chem
import CommandLineTool
import Foundation
import Support

/// `antipode-bench score`: the per-molecule work of `antipode score` against one Python RDKit
/// process (../shared/peers/rdkit_score.py) on the same molecules, interleaved, with the ratio.
enum ScoreBenchmark: Command {
    static let name = "score"
    static let summary = "benchmark scoring against a Python RDKit process (ratio)"
    static let header = """
    Usage: antipode-bench score [FILE] [options]

    Scores the first N molecules of FILE (SMILES per line or CSV with SMILES first; .gz is read with
    gzip) with Antipode's batch scorer on all cores and with the Python RDKit peer in one process,
    alternating, and prints molecules/s for both and their ratio. Both do: parse, canonical SMILES,
    the ten descriptors, QED, SA, Morgan r=2 2048 bits, Murcko scaffold and PAINS. Both timings
    exclude start-up and file reading. Build with -c release to measure.

    FILE defaults to \(file.defaultValue!) (the MOSES test split).
    """
    static let footer = """
    Example:
      swift build -c release --product antipode-bench && .build/release/antipode-bench score --limit 2000
    """

    static let file = Positional("FILE", default: "../shared/data/moses/test.csv.gz")
    static let limit = Option("--limit", value: "N", default: 2000, help: "molecules")
    static let rounds = Option("--rounds", value: "R", default: 2, help: "alternating rounds; the best of each side is compared")
    static let python = Option("--python", value: "PATH", default: "/tmp/antipode-peers/bin/python", help: "Python with RDKit 2022.09")
    static let peer = Option("--peer", value: "PATH", default: "../shared/peers/rdkit_score.py", help: "the peer script")
    static let noPains = Flag("--no-pains", help: "leave PAINS out on both sides")
    static let breakdown = Flag("--breakdown", help: "also time each part of the work on one core (Antipode only)")
    static let positionals = [file]
    static let options = [OptionGroup("Options:", [limit, rounds, python, peer, noPains, breakdown])]

    static func run(_ args: inout ParsedArguments) throws {
        let limit = args[Self.limit]
        let rounds = args[Self.rounds]
        let python = args[Self.python]
        let peer = args[Self.peer]
        let noPains = args[Self.noPains]
        let file = args.optionalPositional(Self.file)!
        try args.finish()
        guard limit > 0, rounds > 0 else { throw UserError("--limit and --rounds must be positive") }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw UserError("no Python at \(python); run: bash ../shared/peers/setup.sh")
        }
        guard FileManager.default.fileExists(atPath: peer) else { throw UserError("no peer script at \(peer)") }

        let smiles = try Array(readSmiles(file).prefix(limit))
        guard !smiles.isEmpty else { throw UserError("\(file): no SMILES") }
        let tmp = NSTemporaryDirectory() + "antipode-bench-\(getpid()).smi"
        try AtomicFile.write(smiles.joined(separator: "\n") + "\n", to: URL(fileURLWithPath: tmp))
        defer { try? FileManager.default.removeItem(atPath: tmp) }

        try SAScore.load()
        let scorer = BatchScorer(pains: !noPains, fingerprintBits: 2048)
        _ = scorer.score(Array(smiles.prefix(16)))  // warm-up: PAINS catalogue, SMARTS tables

        if args[Self.breakdown] { printBreakdown(smiles) }
        print("antipode-bench score: \(smiles.count) molecules from \(file), \(ProcessInfo.processInfo.activeProcessorCount) cores, PAINS \(noPains ? "off" : "on")")
        var ours: [Double] = [], theirs: [Double] = []
        for round in 1...rounds {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let records = scorer.score(smiles)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            ours.append(Double(smiles.count) / seconds)
            let valid = records.filter(\.isValid).count
            print(String(format: "  round %d  antipode      %8.1f molecules/s  (%.2f s, %d valid)", round, ours.last!, seconds, valid))
            let rate = try runPeer(python: python, script: peer, file: tmp, limit: smiles.count, noPains: noPains)
            theirs.append(rate)
            print(String(format: "  round %d  python-rdkit  %8.1f molecules/s", round, rate))
        }
        let best = ours.max()!, peerBest = theirs.max()!
        print(String(format: "antipode %.1f molecules/s, python-rdkit %.1f molecules/s (best of %d): ratio %.2f×", best, peerBest, rounds, best / peerBest))
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            print("load average: " + load.split(separator: " ").prefix(3).joined(separator: " "))
        }
    }

    /// Milliseconds per molecule of each part of the work, on one core.
    static func printBreakdown(_ smiles: [String]) {
        func time(_ body: () -> Void) -> Double {
            let t0 = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 / Double(smiles.count)
        }
        var mols: [Molecule] = []
        let parse = time { mols = smiles.compactMap { try? Molecule(smiles: $0) } }
        var parts: [(String, Double)] = [("parse", parse)]
        parts.append(("canonical SMILES", time { for m in mols { _ = m.canonicalSmiles } }))
        for d in Descriptor.all { parts.append((d.name, time { for m in mols { _ = m.value(of: d) } })) }
        parts.append(("Morgan 2048", time { for m in mols { _ = m.morgan() } }))
        parts.append(("scaffold", time { for m in mols { _ = m.murckoScaffold } }))
        parts.append(("PAINS", time { for m in mols { _ = m.hasPAINS } }))
        print("one core, ms per molecule:")
        for (name, ms) in parts + [("total", parts.map(\.1).reduce(0, +))] {
            print("  " + name.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%7.3f", ms))
        }
        if (try? MOSESFilters.load()) != nil {
            let ms = time { for m in mols { _ = m.passesMOSESFilters } }
            print("  " + "MOSES filters".padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%7.3f", ms) + "  (not in the total; score --moses-filters)")
        }
    }

    /// SMILES from the first column of each line (a `SMILES` header skipped); .gz through gzip.
    static func readSmiles(_ path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { throw UserError("\(path): no such file") }
        let data: Data
        if path.hasSuffix(".gz") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/gzip")
            p.arguments = ["-dc", path]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw UserError("\(path): gzip failed") }
        } else {
            guard let d = FileManager.default.contents(atPath: path) else { throw UserError("\(path): cannot read") }
            data = d
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        var out = lines.map { String($0.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if out.first == "SMILES" { out.removeFirst() }
        return out
    }

    /// Runs the peer once; its reported molecules/s.
    static func runPeer(python: String, script: String, file: String, limit: Int, noPains: Bool) throws -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script, file, "--limit", String(limit)] + (noPains ? ["--no-pains"] : [])
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0,
              let range = out.range(of: #"([0-9.]+) molecules/s"#, options: .regularExpression),
              let rate = Double(out[range].split(separator: " ")[0]) else {
            throw UserError("the Python peer failed: \(out.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return rate
    }
}
