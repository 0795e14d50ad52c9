import Chem
import CommandLineTool
import Support

/// `--exhaustiveness`, `--seed`, `--timeout`: how `dock` and the `Vina(T)` objectives dock (`DockingSettings`).
enum DockingOptions {
    static let exhaustiveness = Option("--exhaustiveness", value: "N", default: DockingSettings().exhaustiveness,
                                       help: "Vina's search effort; the default is also Vina's and dockstring's")
    static let seed = Option("--seed", value: "N", default: Int(DockingSettings().seed), help: "seeds RDKit's embedding and Vina")
    static let timeout = Option("--timeout", value: "S", default: DockingSettings().timeout,
                                help: "seconds each Open Babel or Vina run may take")
    static let all: [any DeclaredOption] = [exhaustiveness, seed, timeout]

    /// Sets `DockingSettings.current` for this run from the options.
    static func apply(_ args: ParsedArguments) throws {
        var s = DockingSettings()
        s.exhaustiveness = args[exhaustiveness]
        let seed = args[Self.seed]
        s.timeout = args[timeout]
        guard (1...64).contains(s.exhaustiveness) else { throw UserError("--exhaustiveness must be between 1 and 64") }
        guard let seed32 = Int32(exactly: seed) else { throw UserError("--seed must fit in 32 bits (Vina's seed), got \(seed)") }
        guard s.timeout > 0 else { throw UserError("--timeout must be positive") }
        s.seed = seed32
        DockingSettings.current = s
    }
}
