import Foundation
import Support

/// One molecule's docking: the best Vina score (kcal/mol, lower binds better) or why there is none.
public struct DockingResult: Sendable, Equatable {
    public let target: String
    /// Open Babel's protonated form at the settings' pH, when it got that far.
    public let protonatedSmiles: String?
    /// "MMFF94" or "UFF": the force field that minimised the 3D structure.
    public let forcefield: String?
    public let score: Double?
    public let reason: String?
    public let seconds: Double

    public init(target: String, protonatedSmiles: String?, forcefield: String?, score: Double?, reason: String?, seconds: Double) {
        self.target = target
        self.protonatedSmiles = protonatedSmiles
        self.forcefield = forcefield
        self.score = score
        self.reason = reason
        self.seconds = seconds
    }
}

/// Docks ligands into one target with AutoDock Vina (Debian's `vina`), after `LigandPreparation`.
/// Every program run has the settings' time limit; a molecule that fails anywhere gets a reason, never a throw.
public struct VinaDocking: Sendable {
    public let target: DockingTarget
    public let settings: DockingSettings
    let receptor: String
    let box: String
    let vina: String
    let obabel: String

    /// Finds the target's files and both programs, or throws a one-line error.
    public init(target: DockingTarget, settings: DockingSettings = .current) throws {
        self.target = target
        self.settings = settings
        (receptor, box) = try target.files()
        guard let vina = ExternalProgram.locate("vina") else { throw DockingError.missingProgram("vina", package: "autodock-vina") }
        guard let obabel = ExternalProgram.locate("obabel") else { throw DockingError.missingProgram("obabel", package: "openbabel") }
        self.vina = vina
        self.obabel = obabel
    }

    /// Docks a SMILES (parsed with the current `MoleculeLimits`).
    public func dock(smiles: String) -> DockingResult {
        let start = Date()
        do { return dock(try Molecule(smiles: smiles), start: start) } catch {
            return DockingResult(target: target.name, protonatedSmiles: nil, forcefield: nil, score: nil, reason: "\(error)",
                                 seconds: Date().timeIntervalSince(start))
        }
    }

    public func dock(_ molecule: Molecule) -> DockingResult { dock(molecule, start: Date()) }

    private func dock(_ molecule: Molecule, start: Date) -> DockingResult {
        var protonated: String?, forcefield: String?
        func result(_ score: Double?, _ reason: String?) -> DockingResult {
            DockingResult(target: target.name, protonatedSmiles: protonated, forcefield: forcefield, score: score, reason: reason,
                          seconds: Date().timeIntervalSince(start))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-dock-\(getpid())-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            return result(nil, "cannot create \(directory.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        do throws(DockingFailure) {
            let ligand = try LigandPreparation(obabel: obabel, settings: settings).prepare(molecule, in: directory)
            protonated = ligand.protonatedSmiles
            forcefield = ligand.forcefield
            return result(try runVina(ligand.pdbqt, in: directory), nil)
        } catch {
            return result(nil, error.reason)
        }
    }

    private func runVina(_ ligand: URL, in directory: URL) throws(DockingFailure) -> Double {
        let out = directory.appendingPathComponent("docked.pdbqt")
        let outcome: ExternalProgram.Outcome
        do {
            outcome = try ExternalProgram.run(vina, ["--receptor", receptor, "--config", box, "--ligand", ligand.path, "--out", out.path,
                                                     "--seed", String(settings.seed), "--exhaustiveness", String(settings.exhaustiveness),
                                                     "--cpu", String(settings.cpus)],
                                              in: directory, timeout: settings.timeout)
        } catch { throw DockingFailure("\(error)") }
        if outcome.timedOut { throw DockingFailure("Vina timed out after \(Int(settings.timeout)) s") }
        guard outcome.status == 0 else {
            let why = outcome.standardError.isEmpty ? outcome.standardOutput : outcome.standardError
            throw DockingFailure("Vina failed (status \(outcome.status)): \(LigandPreparation.lastLine(why))")
        }
        guard let text = try? String(contentsOf: out, encoding: .utf8), let score = Self.bestScore(vinaOutput: text) else {
            throw DockingFailure("Vina wrote no pose")
        }
        return score
    }

    /// The first `REMARK VINA RESULT:` affinity of a Vina output PDBQT (the best pose), as dockstring reads it.
    static func bestScore(vinaOutput text: String) -> Double? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("REMARK VINA RESULT:") {
            let fields = line.dropFirst("REMARK VINA RESULT:".count).split(separator: " ")
            return fields.first.flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil }
        }
        return nil
    }
}
