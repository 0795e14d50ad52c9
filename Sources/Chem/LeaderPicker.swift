import Foundation
import CKernels
import Dispatch
import Support

/// Sphere-exclusion ("leader") picking with RDKit's semantics (`rdSimDivPickers.LeaderPicker`,
/// `LazyBitVectorPick(fps, len(fps), threshold)`): walk the pool in order; an item becomes a
/// leader when its Tanimoto *distance* (1 − similarity) to every earlier leader is greater than
/// `threshold`. The leaders are the cluster centres.
///
/// The result is RDKit's exactly (the distance test is evaluated in double precision as RDKit
/// does, then turned into an integer table), computed in blocks on all cores with popcounts.
public enum LeaderPicker {
    /// Indices of the leaders, ascending. `threshold` is a distance in [0, 1].
    public static func pick(_ pool: FingerprintPool, threshold: Double) -> [Int] {
        guard pool.count > 0 else { return [] }
        let minCommon = minimumCommonBits(maxUnion: 2 * pool.wordsPerPrint * 64, threshold: threshold)
        return pool.storage.withUnsafeBufferPointer { storage in
            pool.popcounts.withUnsafeBufferPointer { counts in
                minCommon.withUnsafeBufferPointer { table in
                    let run = Run(prints: storage.baseAddress!, counts: counts.baseAddress!, count: pool.count,
                                  words: pool.wordsPerPrint, minCommon: table.baseAddress!)
                    defer { run.deallocate() }
                    return run.pick()
                }
            }
        }
    }

    /// One picking run. The pool is walked in blocks: each block is first screened against all
    /// earlier leaders (in parallel slices), then its survivors are settled in order against the
    /// leaders the block itself adds. Same result as RDKit's one-at-a-time loop.
    private struct Run: @unchecked Sendable {
        let prints: UnsafePointer<UInt64>
        let counts: UnsafePointer<Int32>
        let count: Int
        let words: Int
        let minCommon: UnsafePointer<Int32>
        /// Leaders' prints and popcounts, packed in pick order.
        let leaderPrints: UnsafeMutablePointer<UInt64>
        let leaderCounts: UnsafeMutablePointer<Int32>
        let alive: UnsafeMutablePointer<UInt8>
        static let block = 512

        init(prints: UnsafePointer<UInt64>, counts: UnsafePointer<Int32>, count: Int, words: Int,
             minCommon: UnsafePointer<Int32>) {
            self.prints = prints
            self.counts = counts
            self.count = count
            self.words = words
            self.minCommon = minCommon
            leaderPrints = .allocate(capacity: count * words)
            leaderCounts = .allocate(capacity: count)
            alive = .allocate(capacity: Run.block)
        }

        func deallocate() {
            leaderPrints.deallocate()
            leaderCounts.deallocate()
            alive.deallocate()
        }

        /// Clears `alive[offset..<offset+len]` for block items near one of leaders `from..<to`.
        func screen(blockStart: Int, offset: Int, len: Int, leaders from: Int, _ to: Int) {
            ap_leader_screen(prints + (blockStart + offset) * words, counts + blockStart + offset,
                             alive + offset, len, leaderPrints + from * words, leaderCounts + from,
                             to - from, words, minCommon)
        }

        func pick() -> [Int] {
            var leaders: [Int] = []
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            var start = 0
            while start < count {
                let len = min(Run.block, count - start)
                alive.update(repeating: 1, count: len)
                let earlier = leaders.count
                if earlier > 0 {
                    let slices = len >= 64 && earlier >= 64 ? workers : 1
                    let step = (len + slices - 1) / slices
                    let blockStart = start
                    onThreads(slices) { s in
                        let lo = s * step
                        if lo < len { screen(blockStart: blockStart, offset: lo, len: min(step, len - lo), leaders: 0, earlier) }
                    }
                }
                for i in 0..<len where alive[i] != 0 {
                    if leaders.count > earlier { screen(blockStart: start, offset: i, len: 1, leaders: earlier, leaders.count) }
                    guard alive[i] != 0 else { continue }
                    let index = start + i
                    (leaderPrints + leaders.count * words).update(from: prints + index * words, count: words)
                    leaderCounts[leaders.count] = counts[index]
                    leaders.append(index)
                }
                start += len
            }
            return leaders
        }
    }

    /// For each union size u, the least common-bit count c at which an item is *not* farther
    /// than `threshold` (RDKit: `1.0 - TanimotoSimilarity > threshold` is false), or u + 1 when
    /// no c qualifies. Monotone in u, which the C kernel uses as a bound.
    static func minimumCommonBits(maxUnion: Int, threshold: Double) -> [Int32] {
        var table = [Int32](repeating: 0, count: maxUnion + 1)
        var c = 0
        for u in 0...maxUnion {
            // RDKit's TanimotoSimilarity: x / (y + z - x), 1 when both prints are empty.
            func far(_ c: Int) -> Bool { 1.0 - (u == 0 ? 1.0 : Double(c) / Double(u)) > threshold }
            c = min(c, u + 1)
            while c <= u && far(c) { c += 1 }
            table[u] = Int32(c)
        }
        return table
    }
}

