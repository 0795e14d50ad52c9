import Foundation
import Support

/// An output written as it is produced: to a temporary file beside `path`, renamed to `path` when finished
/// (so the file is whole or absent), or straight to standard output (`-`), a device or a pipe.
final class StreamedOutput {
    private let path: String
    private let temporary: String?
    private let handle: FileHandle

    init(path: String) throws {
        self.path = path
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
        do { try handle.write(contentsOf: Data(text.utf8)) } catch {
            throw UserError("cannot write \(path == "-" ? "standard output" : path): \(error.localizedDescription)")
        }
    }

    func finish() throws {
        guard let tmp = temporary else { return }
        try handle.synchronize()
        try handle.close()
        guard rename(tmp, path) == 0 else { throw UserError("cannot move \(tmp) to \(path): \(String(cString: strerror(errno)))") }
    }
}
