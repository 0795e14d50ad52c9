import Foundation

/// A progress line on stderr with count, rate and ETA, redrawn at most five times a second.
///
/// On a terminal it redraws in place; otherwise (logs, CI) it prints a line every ten seconds.
/// Short jobs (under `minimumTotal` items) print nothing. Thread-safe: `advance` may be called
/// from concurrent workers.
public final class Progress: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let unit: String
    private let enabled: Bool
    private let start = Date()
    private let lock = NSLock()
    private var done = 0
    private var lastDraw = Date.distantPast
    private let interval: TimeInterval
    private let isTerminal: Bool
    /// Extra text appended to the line (e.g. the current loss).
    private var detail = ""

    public init(_ label: String, total: Int, unit: String = "molecules", minimumTotal: Int = 2000, quiet: Bool = false) {
        self.label = label
        self.total = total
        self.unit = unit
        self.isTerminal = isatty(2) == 1
        self.enabled = !quiet && total >= minimumTotal
        self.interval = isTerminal ? 0.2 : 10
    }

    public func advance(by n: Int = 1, detail newDetail: String? = nil) {
        lock.lock(); defer { lock.unlock() }
        done += n
        if let d = newDetail { detail = d }
        guard enabled else { return }
        let now = Date()
        if now.timeIntervalSince(lastDraw) >= interval {
            lastDraw = now
            draw(now: now, final: false)
        }
    }

    /// Prints the final line (elapsed time and mean rate).
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        guard enabled else { return }
        draw(now: Date(), final: true)
    }

    private func draw(now: Date, final: Bool) {
        let elapsed = max(now.timeIntervalSince(start), 1e-9)
        let rate = Double(done) / elapsed
        var line = "\(label): \(done)/\(total) \(unit)"
        if total > 0 { line += String(format: " (%.0f%%)", 100 * Double(done) / Double(total)) }
        line += String(format: ", %.1f %@/s", rate, unit)
        if final {
            line += ", " + Progress.duration(elapsed)
        } else if rate > 0, total > done {
            line += ", ETA " + Progress.duration(Double(total - done) / rate)
        }
        if !detail.isEmpty { line += ", " + detail }
        let text = isTerminal ? "\r\u{1B}[K" + line + (final ? "\n" : "") : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `73 s`, `4 min 05 s`, `2 h 03 min`.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return String(format: "%.1f s", seconds) }
        if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
    }
}
