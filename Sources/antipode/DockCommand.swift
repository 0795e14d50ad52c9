import Chem
import CommandLineTool
import Foundation
import Support

/// `antipode dock DESIGNS --target T -o scores.csv`: each molecule's best AutoDock Vina score against one
/// of dockstring's prepared receptors, in input order; a molecule that cannot be docked gets its reason.
enum DockCommand: Command {
    static let name = "dock"
    static let summary = "dock molecules into F2, NR3C1 or PPARD with AutoDock Vina"
    static let header = """
    Usage: antipode dock DESIGNS --target F2|NR3C1|PPARD [-o OUT.csv] [options]

    Docks every line of DESIGNS as dockstring does: Open Babel protonates it at pH 7.4, RDKit embeds it
    (ETKDGv3, seeded) and minimises it (MMFF94, else UFF), Open Babel writes PDBQT (Gasteiger charges),
    AutoDock Vina docks it into the target's box. One CSV row per line, in input order:
      input, name, canonical_smiles, target, score, protonated_smiles, forcefield, error
    score is Vina's best affinity (kcal/mol; lower binds better), empty with the reason in error when the
    molecule cannot be parsed, protonated, embedded, typed by a force field or docked; it never stops the run.

    DESIGNS   .smi/.txt/.csv (as for score), or - for standard input.
    """
    static let footer = """
    Example:
      antipode dock designs.smi --target F2 --exhaustiveness 8 --seed 1 -o f2-scores.csv
    """

    static let designs = Positional("DESIGNS", missing: "DESIGNS (a .smi/.txt/.csv file, or - for stdin)")
    static let target = Option<String?>("--target", value: "T", help: """
        \(DockingTarget.names.joined(separator: ", ")) (required)
        dockstring 0.3.4's receptors, molecules/docking/
        """)
    static let output = Option<String?>("-o", "--output", value: "FILE", help: "output CSV", absent: "standard output")
    static let threads = Option("--threads", value: "N", default: 2, help: "molecules docked at the same time, each Vina run on one CPU")
    static let shard = Option("--shard", value: "I/N", default: Shard.whole,
                              help: "only the I-th of N equal parts of the input (header in part 1 only)")
    static let quiet = Flag("--quiet", help: "no progress line")
    static let positionals = [designs]
    static let options = [OptionGroup("Options:", [target, output] + DockingOptions.all + [threads, shard] + MoleculeLimitOptions.all + [quiet])]

    static func run(_ args: inout ParsedArguments) throws {
        let output = args[Self.output] ?? "-"
        let targetName = args[target]
        let threads = args[Self.threads]
        let shard = args[Self.shard]
        let quiet = args[Self.quiet]
        try DockingOptions.apply(args)
        try MoleculeLimitOptions.apply(args)
        let input = try args.positional(designs)
        try args.finish()
        guard let targetName else { throw UserError("give the target with --target (\(DockingTarget.names.joined(separator: ", ")))") }
        guard threads >= 1 else { throw UserError("--threads must be at least 1") }
        let docking = try VinaDocking(target: try DockingTarget(targetName))
        let entries = try SequenceFile.read(input).part(shard).entries

        let writer = try DockCSVWriter(path: output, header: shard.writesHeader)
        let progress = Progress("dock \(docking.target)", total: entries.count, minimumTotal: 1, quiet: quiet)
        var scored = 0
        try orderedParallel(entries.count, workers: threads, work: { i -> DockingResult in
            let entry = entries[i]
            if let problem = entry.problem {
                return DockingResult(target: docking.target.name, protonatedSmiles: nil, forcefield: nil, score: nil,
                                     reason: "not text: \(problem)", seconds: 0)
            }
            return docking.dock(smiles: entry.text)
        }, emit: { i, result in
            if result.score != nil { scored += 1 }
            try writer.write(entries[i], result)
            progress.advance()
        })
        progress.finish()
        try writer.finish()
        if !quiet {
            printError("dock: \(entries.count) molecules, \(scored) docked, \(entries.count - scored) without a score\(output == "-" ? "" : " → \(output)")")
        }
    }
}

/// Runs `work` for 0..<count on `workers` threads and hands each result to `emit` in index order, on the
/// calling thread, as soon as it and every earlier one are done (so finished rows are written early).
func orderedParallel<T: Sendable>(_ count: Int, workers: Int, work: @escaping @Sendable (Int) -> T,
                                  emit: (Int, T) throws -> Void) throws {
    let state = OrderedResults<T>()
    let group = DispatchGroup()
    for _ in 0..<min(max(1, workers), max(1, count)) {
        DispatchQueue.global().async(group: group) {
            while let i = state.take(count) { state.put(i, work(i)) }
        }
    }
    var next = 0
    while next < count {
        let ready = state.waitFor(next)
        for (offset, value) in ready.enumerated() { try emit(next + offset, value) }
        next += ready.count
    }
    group.wait()
}

/// The shared counter and finished results of `orderedParallel`.
private final class OrderedResults<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var handedOut = 0
    private var done: [Int: T] = [:]

    func take(_ count: Int) -> Int? {
        condition.lock(); defer { condition.unlock() }
        guard handedOut < count else { return nil }
        handedOut += 1
        return handedOut - 1
    }

    func put(_ i: Int, _ value: T) {
        condition.lock()
        done[i] = value
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until result `i` is done; returns it and every consecutive one after it, removed.
    func waitFor(_ i: Int) -> [T] {
        condition.lock(); defer { condition.unlock() }
        while done[i] == nil { condition.wait() }
        var out: [T] = []
        var k = i
        while let v = done.removeValue(forKey: k) { out.append(v); k += 1 }
        return out
    }
}

/// Docking rows as CSV, written as they finish to a temporary file renamed at the end (or to stdout).
final class DockCSVWriter {
    static let header = "input,name,canonical_smiles,target,score,protonated_smiles,forcefield,error\n"
    private let file: StreamedOutput

    init(path: String, header: Bool) throws {
        file = try StreamedOutput(path: path, bufferBytes: 0)  // docking is slow: each row goes out as it is scored
        if header { try file.write(Self.header) }
    }

    func write(_ entry: SequenceFile.Entry, _ r: DockingResult) throws {
        let canonical = entry.problem == nil ? ((try? Molecule(smiles: entry.text))?.canonicalSmiles ?? "") : ""
        let fields = [CSV.quote(entry.text), CSV.quote(entry.name), CSV.quote(canonical), r.target,
                      r.score.map { "\($0)" } ?? "", CSV.quote(r.protonatedSmiles ?? ""),
                      r.forcefield ?? "", CSV.quote(r.reason ?? "")]
        try file.write(fields.joined(separator: ",") + "\n")
    }

    func finish() throws { try file.finish() }
}
