import Foundation

/// The one way Antipode runs work on several threads (Dispatch's `concurrentPerform` underneath): every
/// parallel loop — scoring, clustering, fingerprints, the LSTM's row slices — goes through these.

/// Runs `body(t)` for every t in `0..<threads` at the same time and waits for all of them.
/// The caller makes sure the threads write to disjoint memory.
public func onThreads(_ threads: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable(value: body)
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { shared.value($0) }
    }
}

/// Runs `body` for every index in `0..<count` on `workers` threads and returns the results in index order.
///
/// Work is handed out in small chunks from a shared counter, so a slow item (a large molecule) does not
/// leave the other thread idle.
public func parallelMap<T>(_ count: Int, workers: Int, chunk: Int = 16, _ body: (Int) -> T) -> [T] {
    if count == 0 { return [] }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    let next = ChunkCounter(count: count, chunk: chunk)
    onThreads(min(workers, count)) { _ in
        while let range = next.take() {
            for i in range { results[i] = body(i) }
        }
    }
    return results.map { $0! }
}

/// Runs `body(first, count)` on `parts` consecutive slices of `0..<count` at once (slice i starts at
/// count·i/parts), or on the whole range in the caller's thread when there is one part.
public func parallelSlices(_ count: Int, parts: Int, _ body: (_ first: Int, _ count: Int) -> Void) {
    let parts = min(parts, count)
    guard parts > 1 else { return body(0, count) }
    onThreads(parts) { i in
        let first = count * i / parts, last = count * (i + 1) / parts
        body(first, last - first)
    }
}

/// Lets a value cross into concurrently running code whose safety the caller has checked by hand.
private struct UncheckedSendable<T>: @unchecked Sendable { let value: T }

/// Hands out consecutive ranges of `0..<count` to whichever thread asks next.
final class ChunkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var position = 0
    private let count: Int
    private let chunk: Int

    init(count: Int, chunk: Int) {
        self.count = count
        self.chunk = max(1, chunk)
    }

    func take() -> Range<Int>? {
        lock.lock(); defer { lock.unlock() }
        guard position < count else { return nil }
        let start = position
        position = min(count, position + chunk)
        return start..<position
    }
}
