/// Ranks a tensor's entries by magnitude, largest first; equal magnitudes rank by position
/// (earlier first), so trimming is deterministic.
enum MagnitudeRank {
    /// The entries' positions, largest magnitude first.
    static func order(_ values: [Float]) -> [Int] {
        // One sort of packed keys: |x|'s bit pattern (monotone for non-negative floats) above the
        // complemented index, sorted descending.
        precondition(values.count <= Int(UInt32.max), "tensor too large to rank")
        var keys = values.enumerated().map { i, x in
            UInt64(x.magnitude.bitPattern) << 32 | UInt64(UInt32.max - UInt32(i))
        }
        keys.sort(by: >)
        return keys.map { Int(UInt32.max - UInt32(truncatingIfNeeded: $0)) }
    }

    /// A mask keeping the entries whose rank r satisfies `dropLargest ≤ r < count − dropSmallest`.
    static func keep(_ values: [Float], dropLargest: Int, dropSmallest: Int) -> [Bool] {
        let n = values.count
        var mask = [Bool](repeating: false, count: n)
        let first = max(0, dropLargest), end = n - max(0, dropSmallest)
        guard first < end else { return mask }
        let ranked = order(values)
        for r in first..<end { mask[ranked[r]] = true }
        return mask
    }

    /// `round(fraction × count)`, the number of entries a fraction of a tensor stands for.
    static func count(_ fraction: Double, of n: Int) -> Int {
        Int((fraction * Double(n)).rounded())
    }
}
