import Foundation

/// Finds the data files the chemistry layer reads at run time (the SA fragment table, the MOSES
/// filter SMARTS), which live in the repository's `molecules/` folder.
///
/// Looked up, in order: `$ANTIPODE_MOLECULES/<name>`; `molecules/<name>` in the folders above the
/// running executable (a build under `.build/` of a clone finds its clone, whatever the working
/// directory); then the clone this module was compiled from.
public enum ChemData {
    /// The path of `molecules/<name>`, or a one-line error naming where it was looked for.
    public static func locate(_ name: String) throws -> String {
        var tried: [String] = []
        for dir in candidateFolders() {
            let path = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.isReadableFile(atPath: path) { return path }
            tried.append(dir)
        }
        throw ChemDataError.missing(name: name, tried: tried)
    }

    static func candidateFolders() -> [String] {
        var folders: [String] = []
        if let env = ProcessInfo.processInfo.environment["ANTIPODE_MOLECULES"], !env.isEmpty { folders.append(env) }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first.map(resolveExecutable) ?? "").deletingLastPathComponent()
        for _ in 0..<8 where dir.path != "/" {
            folders.append(dir.appendingPathComponent("molecules").path)
            dir.deleteLastPathComponent()
        }
        // Sources/Chem/ChemData.swift → the repository root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        folders.append(root.appendingPathComponent("molecules").path)
        return folders
    }

    /// The running executable's real path (argv[0] may be relative or a symlink).
    private static func resolveExecutable(_ argv0: String) -> String {
        if let real = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return real }
        return argv0
    }
}

/// A data file the chemistry layer needs is missing or unreadable.
public enum ChemDataError: Error, CustomStringConvertible, Equatable {
    case missing(name: String, tried: [String])
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let name, let tried):
            return "cannot find molecules/\(name) (looked in \(tried.joined(separator: ", "))); set ANTIPODE_MOLECULES to the repository's molecules/ folder"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        }
    }
}
