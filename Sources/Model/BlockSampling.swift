import Support

extension LanguageModel {
    /// Samples `options.count` sequences as fixed blocks of `blockSize`: block b holds samples
    /// b·blockSize ..< (b+1)·blockSize, drawn by its own sampler seeded with `blockSeed(options.seed, b)`
    /// (rows refill within a block only). Returns the samples of `blocks`, in block order.
    ///
    /// A block's samples depend only on the model, the options and b, so any split of the blocks (shards
    /// run on different machines) concatenated in order is exactly the whole run.
    public func sample(_ options: SamplingOptions, blockSize: Int, blocks: Range<Int>, progress: Progress? = nil,
                       linearizedAround linearBase: LanguageModel? = nil) throws -> [Sample] {
        precondition(blockSize > 0, "block size must be positive")
        var out: [Sample] = []
        for b in blocks {
            var o = options
            o.count = max(0, min(blockSize, options.count - b * blockSize))
            o.seed = Self.blockSeed(options.seed, b)
            out += try sample(o, progress: progress, linearizedAround: linearBase)
        }
        return out
    }

    /// The number of blocks `count` samples take.
    public static func blockCount(_ count: Int, blockSize: Int) -> Int { (count + blockSize - 1) / blockSize }

    /// Block 0 keeps the seed itself (a run of at most one block draws what an unblocked run draws);
    /// later blocks get SplitMix64 mixes of (seed, b).
    public static func blockSeed(_ seed: UInt64, _ block: Int) -> UInt64 {
        guard block > 0 else { return seed }
        var z = seed &+ UInt64(block) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
