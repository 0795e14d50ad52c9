import CRDKitShim
import Foundation
import Support

/// Turns a SMILES into a Vina ligand file the way dockstring does: Open Babel protonates it at pH 7.4,
/// RDKit adds hydrogens, embeds (ETKDGv3, seeded) and minimises (MMFF94, else UFF), Open Babel writes
/// PDBQT with Gasteiger charges. Each step's failure is a one-line reason.
struct LigandPreparation {
    let obabel: String
    let settings: DockingSettings

    struct Prepared {
        let protonatedSmiles: String
        let forcefield: String
        let pdbqt: URL
    }

    func prepare(_ molecule: Molecule, in directory: URL) throws(DockingFailure) -> Prepared {
        let canonical = molecule.canonicalSmiles
        if canonical.contains(".") { throw DockingFailure("more than one fragment") }
        let protonated = try protonate(canonical, in: directory)
        let charged: Molecule
        do { charged = try Molecule(smiles: protonated, limits: MoleculeLimits(maxCharacters: .max, maxAtoms: .max)) } catch {
            throw DockingFailure("protonated SMILES \(protonated) is not valid: \(error)")
        }
        var forcefield: Int32 = 0
        var message: UnsafeMutablePointer<CChar>? = nil
        let block = ap_mol_conformer_molblock(charged.handle, settings.seed, settings.maxIterations, &forcefield, &message)
        let reason = message.map { String(cString: $0) } ?? "3D structure failed"
        ap_free_string(message)
        guard let block else { throw DockingFailure(reason) }
        let molblock = String(cString: block)
        ap_free_string(block)
        let molFile = directory.appendingPathComponent("ligand.mol"), pdbqt = directory.appendingPathComponent("ligand.pdbqt")
        do { try molblock.write(to: molFile, atomically: false, encoding: .utf8) } catch {
            throw DockingFailure("cannot write \(molFile.path): \(error.localizedDescription)")
        }
        let outcome = try run(["-imol", molFile.path, "-opdbqt", "-O", pdbqt.path, "--partialcharge", "gasteiger"], in: directory)
        let size = (try? FileManager.default.attributesOfItem(atPath: pdbqt.path)[.size] as? Int) ?? 0
        guard outcome.status == 0, size > 0 else {
            throw DockingFailure("Open Babel could not write PDBQT: \(Self.lastLine(outcome.standardError))")
        }
        return Prepared(protonatedSmiles: protonated, forcefield: forcefield == Int32(AP_FORCEFIELD_MMFF94.rawValue) ? "MMFF94" : "UFF",
                        pdbqt: pdbqt)
    }

    /// `obabel -:SMILES -ismi -ocan -p7.4`, as dockstring calls it.
    private func protonate(_ smiles: String, in directory: URL) throws(DockingFailure) -> String {
        let outcome = try run(["-:\(smiles)", "-ismi", "-ocan", "-p\(settings.pH)"], in: directory)
        let first = outcome.standardOutput.split(whereSeparator: { $0.isWhitespace }).first.map(String.init) ?? ""
        guard outcome.status == 0, !first.isEmpty else {
            throw DockingFailure("Open Babel could not protonate: \(Self.lastLine(outcome.standardError))")
        }
        return first
    }

    private func run(_ arguments: [String], in directory: URL) throws(DockingFailure) -> ExternalProgram.Outcome {
        let outcome: ExternalProgram.Outcome
        do { outcome = try ExternalProgram.run(obabel, arguments, in: directory, timeout: settings.timeout) } catch {
            throw DockingFailure("\(error)")
        }
        if outcome.timedOut { throw DockingFailure("Open Babel timed out after \(Int(settings.timeout)) s") }
        return outcome
    }

    static func lastLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no message"
    }
}

/// Why one molecule got no docking score (one line).
public struct DockingFailure: Error, CustomStringConvertible {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
