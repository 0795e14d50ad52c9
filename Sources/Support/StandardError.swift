import Foundation

/// Writes one line to stderr (messages that must not mix with data on stdout).
public func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
