import Foundation

/// How ligands are docked. `DockingSettings.current` is what the `Vina(T)` objectives use; the command
/// line sets it once (`--exhaustiveness`, `--seed`, `--timeout`).
public struct DockingSettings: Sendable, Hashable {
    /// Vina's search effort (its default, and dockstring's, is 8).
    public var exhaustiveness = 8
    /// Seeds both RDKit's embedding and Vina's search.
    public var seed: Int32 = 0
    /// Seconds each program run (Open Babel, Vina) may take before it is stopped.
    public var timeout: Double = 900
    /// Protonation pH for Open Babel (dockstring's 7.4).
    public var pH = 7.4
    /// Force-field minimisation steps (dockstring's 1000).
    public var maxIterations: Int32 = 1000
    /// CPUs each Vina run may use.
    public var cpus = 1

    public init() {}

    public static var current: DockingSettings {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var stored = DockingSettings()
}
