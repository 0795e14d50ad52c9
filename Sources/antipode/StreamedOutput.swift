import Foundation
import Support

/// An output written as it is produced: to a temporary file beside `path`, renamed to `path` when finished
/// (so the file is whole or absent), or straight to standard output (`-`), a device or a pipe. Text is
/// buffered up to `bufferBytes` (0: every write goes out at once, for outputs a user watches grow). The
/// one writer of score CSV, SD files and docking rows.
final class StreamedOutput {
    let path: String
    private let temporary: String?
    private let handle: FileHandle
    private let bufferBytes: Int
    private var buffer = ""

    init(path: String, bufferBytes: Int = 1 << 16) throws {
        self.path = path
        self.bufferBytes = bufferBytes
        if path == "-" {
            handle = .standardOutput
            temporary = nil
            return
        }
        // A device or pipe (/dev/null, a FIFO) is written as it is: renaming over it would replace it.
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            guard let h = FileHandle(forWritingAtPath: path) else { throw UserError("cannot write \(path)") }
            handle = h
            temporary = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: dir) else { throw UserError("cannot write \(path): no folder \(dir)") }
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let h = FileHandle(forWritingAtPath: tmp) else {
            throw UserError("cannot write \(path)")
        }
        handle = h
        temporary = tmp
    }

    func write(_ text: String) throws {
        buffer += text
        if buffer.utf8.count > bufferBytes { try flush() }
    }

    func finish() throws {
        try flush()
        guard let tmp = temporary else { return }
        try handle.synchronize()
        try handle.close()
        guard rename(tmp, path) == 0 else {
            try? FileManager.default.removeItem(atPath: tmp)
            throw UserError("cannot move \(tmp) to \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: Data(buffer.utf8)) } catch {
            if let tmp = temporary { try? FileManager.default.removeItem(atPath: tmp) }
            throw UserError("cannot write \(path == "-" ? "standard output" : path): \(error.localizedDescription)")
        }
        buffer = ""
    }
}
