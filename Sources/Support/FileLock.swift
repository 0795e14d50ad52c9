import Foundation

/// An exclusive lock on a folder that one run holds while it writes there, so a second run on the same
/// folder is refused at once instead of corrupting it. It is `flock` on a lock file: the kernel releases
/// it when the process ends, however it ends (kill -9 included), so a killed run never leaves it stuck.
/// The lock file records the holder's pid and command line for the refusal message.
///
/// Within one process the lock is shared: a second `FileLock` on the same folder (a campaign runner
/// made again to resume) succeeds, and the lock is released when the last one goes.
public final class FileLock: @unchecked Sendable {
    public let path: String

    /// Locks `folder/name`, creating the folder; throws a one-line error naming the folder and the
    /// process that holds it.
    public init(folder: String, name: String = ".antipode.lock", what: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: folder).appendingPathComponent(name).standardizedFileURL.path
        Self.registry.lock(); defer { Self.registry.unlock() }
        if let held = Self.held[path] {
            Self.held[path] = (held.fd, held.count + 1)
            return
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw UserError("cannot create the lock file \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.readHolder(fd)
            close(fd)
            throw UserError("\(what) \(folder) is in use by another run (\(holder.isEmpty ? "holder unknown" : holder)); "
                            + "wait for it to finish or stop it first")
        }
        let note = "pid \(getpid()): \(CommandLine.arguments.joined(separator: " "))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
        Self.held[path] = (fd, 1)
    }

    deinit {
        Self.registry.lock(); defer { Self.registry.unlock() }
        guard let held = Self.held[path] else { return }
        if held.count > 1 {
            Self.held[path] = (held.fd, held.count - 1)
        } else {
            // The file stays (removing it could race another run's open); the lock goes with the fd.
            close(held.fd)
            Self.held[path] = nil
        }
    }

    private static func readHolder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return "" }
        return String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let registry = NSLock()
    nonisolated(unsafe) private static var held: [String: (fd: Int32, count: Int)] = [:]
}
