/// `--shard I/N`: the I-th of N contiguous parts of a job (1 ≤ I ≤ N). A shard's part depends only on I, N
/// and the job's size, and the parts in order are the whole job, so shard outputs concatenated in order
/// equal the single-process output (only shard 1 writes a header).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based.
    public let index: Int
    public let count: Int

    /// The whole job.
    public static let whole = Shard(unchecked: 1, of: 1)

    private init(unchecked index: Int, of count: Int) {
        self.index = index
        self.count = count
    }

    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 1, index <= count else {
            throw UserError("--shard expects I/N with 1 ≤ I ≤ N, got \(index)/\(count)")
        }
        self.init(unchecked: index, of: count)
    }

    /// Parses `I/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw UserError("--shard expects I/N (e.g. 3/8), got '\(text)'")
        }
        try self.init(index: i, count: n)
    }

    /// This shard's items of `0..<total`: ⌊(I−1)·total/N⌋ ..< ⌊I·total/N⌋.
    public func range(of total: Int) -> Range<Int> {
        (index - 1) * total / count ..< index * total / count
    }

    /// Whether this shard writes the output's header line (the first does).
    public var writesHeader: Bool { index == 1 }

    public var isWhole: Bool { count == 1 }

    public var description: String { "\(index)/\(count)" }
}

extension SequenceFile {
    /// The entries of one shard (all of them for `.whole`).
    public func part(_ shard: Shard) -> SequenceFile {
        shard.isWhole ? self : SequenceFile(entries: Array(entries[shard.range(of: entries.count)]))
    }
}
