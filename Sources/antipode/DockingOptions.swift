import Chem
import Support

/// `--exhaustiveness`, `--seed`, `--timeout`: how `dock` and the `Vina(T)` objectives dock (`DockingSettings`).
enum DockingOptions {
    /// Option lines for a command's usage text; the first takes the host line's indentation.
    static let usage =
        "--exhaustiveness N     Vina's search effort (default 8, Vina's and dockstring's)\n"
        + "  --seed N               seeds RDKit's embedding and Vina (default 0)\n"
        + "  --timeout S            seconds each Open Babel or Vina run may take (default 900)"

    /// Reads the options and sets `DockingSettings.current` for this run.
    static func apply(_ args: inout Arguments) throws {
        var s = DockingSettings()
        s.exhaustiveness = try args.int("--exhaustiveness") ?? s.exhaustiveness
        let seed = try args.int("--seed") ?? Int(s.seed)
        s.timeout = try args.double("--timeout") ?? s.timeout
        guard (1...64).contains(s.exhaustiveness) else { throw UserError("--exhaustiveness must be between 1 and 64") }
        guard let seed32 = Int32(exactly: seed) else { throw UserError("--seed must fit in 32 bits (Vina's seed), got \(seed)") }
        guard s.timeout > 0 else { throw UserError("--timeout must be positive") }
        s.seed = seed32
        DockingSettings.current = s
    }
}
