import Foundation
import Support

/// The "Filters" rule of the MOSES benchmark (Polykovskiy et al. 2020, `molsets`
/// `moses.metrics.utils.mol_passes_filters` with its defaults): a molecule passes when
///  - no ring has 8 or more atoms (MOSES tests `len(ring) >= 8`),
///  - no atom carries a formal charge,
///  - every atom is C, N, S, O, F, Cl, Br or H,
///  - no MCF or PAINS SMARTS (`molecules/mcf.csv`, `molecules/wehi_pains.csv`) matches the
///    molecule with explicit hydrogens,
///  - its non-isomeric SMILES is non-empty and parses again.
public enum MOSESFilters {
    public static let mcfFile = "mcf.csv"
    public static let painsFile = "wehi_pains.csv"
    /// Atomic numbers of C, N, S, O, F, Cl, Br, H.
    static let allowedElements: Set<Int> = [6, 7, 16, 8, 9, 17, 35, 1]

    private static let loaded: Result<PatternSet, Error> = Result {
        // MOSES: mcf.csv has a header (names,smarts); wehi_pains.csv has none (smarts,names).
        let mcf = try rows(of: mcfFile).dropFirst().map { $0.count > 1 ? $0[1] : "" }
        let pains = try rows(of: painsFile).map { $0[0] }
        return PatternSet(try (mcf + pains).map { try SubstructurePattern(smarts: $0.trimmingCharacters(in: .whitespaces)) })
    }

    private static func rows(of name: String) throws -> [[String]] {
        let path = try ChemData.locate(name)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ChemDataError.unreadable(path: path, reason: "not UTF-8 text")
        }
        return text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }.map { CSV.fields($0) }
    }

    /// Loads and compiles the SMARTS now (number of patterns), or throws a one-line error.
    /// `passes` answers false for every molecule when they cannot be loaded.
    @discardableResult
    public static func load() throws -> Int { try loaded.get().patterns.count }

    /// Whether `mol` passes the MOSES filters.
    public static func passes(_ mol: Molecule) -> Bool { passes(mol, screened: true) }

    /// `screened: false` matches every SMARTS one by one (to check the screen against).
    static func passes(_ mol: Molecule, screened: Bool) -> Bool {
        guard let patterns = try? loaded.get() else { return false }
        if mol.ringSizes.contains(where: { $0 >= 8 }) { return false }
        let atoms = mol.atoms
        if atoms.contains(where: { $0.formalCharge != 0 }) { return false }
        if atoms.contains(where: { !allowedElements.contains($0.atomicNumber) }) { return false }
        guard let withHs = mol.addingHydrogens() else { return false }
        if screened ? patterns.anyMatch(in: withHs) : patterns.patterns.contains(where: { withHs.matches($0) }) { return false }
        let smiles = mol.smiles(isomeric: false)
        return !smiles.isEmpty && (try? Molecule(smiles: smiles)) != nil
    }
}

extension Molecule {
    /// Whether the molecule passes the MOSES "Filters" rule (see `MOSESFilters`).
    public var passesMOSESFilters: Bool { MOSESFilters.passes(self) }
}
