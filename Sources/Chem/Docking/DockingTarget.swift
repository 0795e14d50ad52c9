import Foundation

/// A protein to dock against: dockstring 0.3.4's prepared receptor (`molecules/docking/<T>_target.pdbqt`)
/// and its search box (`<T>_conf.txt`, Vina's config format: center_x … size_z).
public struct DockingTarget: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// The targets shipped in `molecules/docking/`.
    public static let names = ["F2", "NR3C1", "PPARD"]

    /// The target called `name` (any case), or a one-line error listing the known ones.
    public init(_ name: String) throws {
        guard let known = Self.names.first(where: { $0.lowercased() == name.lowercased() }) else {
            throw DockingError.unknownTarget(name)
        }
        self.name = known
    }

    public var description: String { name }

    /// Paths of the receptor and the box config; a one-line error when either is missing.
    public func files() throws -> (receptor: String, box: String) {
        (try ChemData.locate("docking/\(name)_target.pdbqt"), try ChemData.locate("docking/\(name)_conf.txt"))
    }
}

/// Why a docking run could not start (a molecule that cannot be docked is a `DockingResult` with a reason).
public enum DockingError: Error, CustomStringConvertible, Equatable {
    case unknownTarget(String)
    case missingProgram(String, package: String)

    public var description: String {
        switch self {
        case .unknownTarget(let name):
            return "unknown docking target '\(name)'; targets: \(DockingTarget.names.joined(separator: ", "))"
        case .missingProgram(let program, let package):
            return "\(program) is not on PATH: install Debian's \(package) (scripts/setup.sh does)"
        }
    }
}
