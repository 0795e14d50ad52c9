/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, well-mixed 64-bit generator, used for the merge
/// methods' drop masks and to seed the training generator. Seed 0 yields 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, …
public struct SplitMix64: Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for a (seed, a, b) triple, e.g. (seed, vector, tensor).
    public init(stream seed: UInt64, _ a: UInt64, _ b: UInt64) {
        var g = SplitMix64(seed: seed)
        g.state = g.next() ^ a
        g.state = g.next() ^ b
        state = g.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}
