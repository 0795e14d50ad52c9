import CKernels

/// A bit fingerprint packed into 64-bit words (bit i lives in word i / 64 at position i % 64).
public struct Fingerprint: Hashable, Sendable {
    public let bitCount: Int
    public let words: [UInt64]

    public init(bitCount: Int, words: [UInt64]) {
        precondition(words.count == (bitCount + 63) / 64, "\(words.count) words cannot hold \(bitCount) bits")
        self.bitCount = bitCount
        self.words = words
    }

    /// A fingerprint with the given bits set.
    public init(bitCount: Int, onBits: [Int]) {
        var words = [UInt64](repeating: 0, count: (bitCount + 63) / 64)
        for b in onBits {
            precondition(b >= 0 && b < bitCount, "bit \(b) outside 0..<\(bitCount)")
            words[b >> 6] |= 1 << UInt64(b & 63)
        }
        self.init(bitCount: bitCount, words: words)
    }

    /// Set bits in ascending order.
    public var onBits: [Int] {
        var out: [Int] = []
        for (w, word) in words.enumerated() {
            var x = word
            while x != 0 {
                out.append(w * 64 + x.trailingZeroBitCount)
                x &= x - 1
            }
        }
        return out
    }

    /// Number of set bits.
    public var popcount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Tanimoto similarity |a∧b| / |a∨b|, as RDKit's `TanimotoSimilarity` (1 for two empty prints, as RDKit).
    public func tanimoto(_ o: Fingerprint) -> Double {
        precondition(bitCount == o.bitCount, "Tanimoto of \(bitCount)- and \(o.bitCount)-bit fingerprints")
        var common = 0, total = 0
        for i in words.indices {
            common += (words[i] & o.words[i]).nonzeroBitCount
            total += words[i].nonzeroBitCount + o.words[i].nonzeroBitCount
        }
        let union = total - common
        return union > 0 ? Double(common) / Double(union) : 1
    }
}

/// Many fingerprints of one size in contiguous packed storage with their popcounts, for
/// one-against-many similarity (a C popcount loop) and leader picking.
public struct FingerprintPool: Sendable {
    public let bitCount: Int
    public let count: Int
    let wordsPerPrint: Int
    /// `count × wordsPerPrint` words, print after print.
    let storage: [UInt64]
    let popcounts: [Int32]

    /// Packs `fps`; all must have the same bit count (mixing sizes is a programming error).
    public init(_ fps: [Fingerprint]) {
        let bits = fps.first?.bitCount ?? 2048
        precondition(fps.allSatisfy { $0.bitCount == bits }, "fingerprints of different sizes in one pool")
        bitCount = bits
        count = fps.count
        wordsPerPrint = (bits + 63) / 64
        var storage: [UInt64] = []
        storage.reserveCapacity(fps.count * wordsPerPrint)
        for fp in fps { storage.append(contentsOf: fp.words) }
        self.storage = storage
        popcounts = fps.map { Int32($0.popcount) }
    }

    public subscript(i: Int) -> Fingerprint {
        Fingerprint(bitCount: bitCount, words: Array(storage[(i * wordsPerPrint)..<((i + 1) * wordsPerPrint)]))
    }

    /// Tanimoto similarity of `query` to every print in the pool, in pool order.
    public func tanimoto(query: Fingerprint) -> [Double] {
        precondition(query.bitCount == bitCount, "query has \(query.bitCount) bits, pool \(bitCount)")
        guard count > 0 else { return [] }
        var out = [Double](repeating: 0, count: count)
        storage.withUnsafeBufferPointer { pool in
            popcounts.withUnsafeBufferPointer { counts in
                query.words.withUnsafeBufferPointer { q in
                    out.withUnsafeMutableBufferPointer { o in
                        ap_tanimoto_one_to_many(q.baseAddress, Int32(query.popcount), pool.baseAddress,
                                                counts.baseAddress, count, wordsPerPrint, o.baseAddress)
                    }
                }
            }
        }
        return out
    }
}
