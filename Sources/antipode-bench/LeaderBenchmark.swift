import Chem
import CommandLineTool
import Foundation
import Support

/// `antipode-bench leader`: LeaderPicker on many Morgan fingerprints, timed, optionally against
/// Python RDKit's LazyBitVectorPick on the same prints (same picks required).
enum LeaderBenchmark: Command {
    static let name = "leader"
    static let summary = "benchmark LeaderPicker (and check it against Python RDKit)"
    static let header = """
    Usage: antipode-bench leader [FILE] [options]

    Computes Morgan r=2 fingerprints of the first N molecules of FILE (as `score` reads it),
    picks leaders at a Tanimoto distance threshold and prints the time. With --python, the same
    prints go through RDKit's LeaderPicker.LazyBitVectorPick in Python, which must return the
    same leaders; both times are printed.

    FILE defaults to \(file.defaultValue!).
    """

    static let file = Positional("FILE", default: ScoreBenchmark.file.defaultValue)
    static let limit = Option("--limit", value: "N", default: 100_000, help: "molecules")
    static let bits = Option("--bits", value: "B", default: 2048, help: "fingerprint bits")
    static let threshold = Option("--threshold", value: "T", default: 0.65, help: "distance threshold")
    static let python = Option<String?>("--python", value: "PATH", help: "also run Python RDKit (e.g. /tmp/antipode-peers/bin/python)")
    static let positionals = [file]
    static let options = [OptionGroup("Options:", [limit, bits, threshold, python])]

    static func run(_ args: inout ParsedArguments) throws {
        let limit = args[Self.limit]
        let bits = args[Self.bits]
        let threshold = args[Self.threshold]
        let file = args.optionalPositional(Self.file)!
        try args.finish()
        guard limit > 0, bits > 0, (0...1).contains(threshold) else { throw UserError("--limit and --bits must be positive, --threshold in [0, 1]") }

        let smiles = try Array(ScoreBenchmark.readSmiles(file).prefix(limit))
        let scorer = BatchScorer(descriptors: [], scaffold: false, pains: false, fingerprintBits: bits)
        let fps = scorer.score(smiles).compactMap(\.fingerprint)
        let pool = FingerprintPool(fps)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let leaders = LeaderPicker.pick(pool, threshold: threshold)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        print(String(format: "antipode      LeaderPicker: %d prints (%d bits), threshold %.2f → %d leaders in %.2f s",
                     fps.count, bits, threshold, leaders.count, seconds))
        guard let python = args[Self.python] else { return }

        let tmp = NSTemporaryDirectory() + "antipode-leader-\(getpid())"
        try AtomicFile.write(fps.map { $0.onBits.map(String.init).joined(separator: " ") }.joined(separator: "\n") + "\n",
                             to: URL(fileURLWithPath: tmp + ".bits"))
        defer { try? FileManager.default.removeItem(atPath: tmp + ".bits") }
        let script = """
        import sys, time
        from rdkit import DataStructs
        from rdkit.SimDivFilters.rdSimDivPickers import LeaderPicker
        fps = []
        for line in open(sys.argv[1]):
            v = DataStructs.ExplicitBitVect(\(bits))
            for b in line.split(): v.SetBit(int(b))
            fps.append(v)
        t0 = time.perf_counter()
        picks = list(LeaderPicker().LazyBitVectorPick(fps, len(fps), \(threshold)))
        print(time.perf_counter() - t0)
        print(" ".join(map(str, picks)))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, tmp + ".bits"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        p.waitUntilExit()
        guard p.terminationStatus == 0, out.count == 2, let pySeconds = Double(out[0]) else { throw UserError("the Python run failed") }
        let pyLeaders = out[1].split(separator: " ").compactMap { Int($0) }
        print(String(format: "python-rdkit  LazyBitVectorPick: %d leaders in %.2f s; same leaders: %@; speed-up %.1f×",
                     pyLeaders.count, pySeconds, pyLeaders == leaders ? "yes" : "NO", pySeconds / seconds))
        if pyLeaders != leaders { throw UserError("LeaderPicker differs from RDKit") }
    }
}
