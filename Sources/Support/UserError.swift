/// An error meant for the person at the keyboard: one line that names the problem.
///
/// Every module throws its own typed errors where callers branch on them; anything that reaches
/// the `antipode` command is printed as `antipode: <description>` and exits non-zero.
public struct UserError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
