import CRDKitShim
import Foundation

/// Synthetic accessibility score (Ertl & Schuffenhauer, J. Cheminform. 1:8, 2009) from 1 (easy)
/// to 10 (hard), computed as RDKit Contrib's `sascorer.calculateScore`: the mean fragment
/// contribution of the molecule's radius-2 Morgan environments, minus size, stereo, spiro,
/// bridgehead and macrocycle penalties, plus a symmetry correction, rescaled to 1–10.
public enum SAScore {
    /// File name of the fragment table in `molecules/`.
    public static let tableFile = "sa_fragment_scores.tsv"

    /// The loaded fragment table (loaded once, on first use).
    final class Table: @unchecked Sendable {
        let handle: OpaquePointer
        init(_ handle: OpaquePointer) { self.handle = handle }
        deinit { ap_score_table_free(handle) }
        subscript(id: UInt32) -> Double { ap_score_table_lookup(handle, id, -4) }
        var count: Int { ap_score_table_count(handle) }
    }

    private static let loaded: Result<Table, Error> = Result {
        let path = try ChemData.locate(tableFile)
        var message: UnsafeMutablePointer<CChar>? = nil
        guard let handle = ap_score_table_load(path, &message) else {
            throw ChemDataError.unreadable(path: path, reason: takeString(message) ?? "bad format")
        }
        return Table(handle)
    }

    /// Loads the fragment table now, or throws a one-line error saying where it was looked for.
    /// Call it before scoring many molecules: `score` returns NaN when the table is missing.
    @discardableResult
    public static func load() throws -> Int { try loaded.get().count }

    /// The SA score, or NaN when the fragment table is missing or RDKit fails.
    public static func score(_ mol: Molecule) -> Double {
        guard let table = try? loaded.get() else { return .nan }
        return score(mol, table: table)
    }

    static func score(_ mol: Molecule, table: Table) -> Double {
        // Fragment score: mean contribution over all environments (counted with multiplicity);
        // an environment missing from the table contributes -4.
        let fp = mol.morganCounts(radius: 2)
        guard !fp.ids.isEmpty else { return .nan }
        var score1 = 0.0
        var nf = 0
        for (id, count) in zip(fp.ids, fp.counts) {
            nf += Int(count)
            score1 += table[id] * Double(count)
        }
        score1 /= Double(nf)

        // Complexity penalties.
        let nAtoms = mol.descriptor(AP_NUM_ATOMS)
        let nChiral = Double(mol.chiralCentersIncludingUnassigned)
        let nBridgeheads = mol.descriptor(AP_NUM_BRIDGEHEAD_ATOMS)
        let nSpiro = mol.descriptor(AP_NUM_SPIRO_ATOMS)
        let hasMacrocycle = mol.ringSizes.contains { $0 > 8 }

        let sizePenalty = pow(nAtoms, 1.005) - nAtoms
        let stereoPenalty = log10(nChiral + 1)
        let spiroPenalty = log10(nSpiro + 1)
        let bridgePenalty = log10(nBridgeheads + 1)
        // As RDKit (not the paper's log10(nMacrocycles + 1)): one penalty for any macrocycle.
        let macrocyclePenalty = hasMacrocycle ? log10(2.0) : 0
        let score2 = 0.0 - sizePenalty - stereoPenalty - spiroPenalty - bridgePenalty - macrocyclePenalty

        // Symmetry correction (sascorer 1.1): fewer distinct environments than atoms is easier.
        var score3 = 0.0
        let distinct = Double(fp.ids.count)
        if nAtoms > distinct { score3 = log(nAtoms / distinct) * 0.5 }

        // Rescale the raw score (about -4 … 2.5) to 1 … 10, smoothing the hard end.
        let raw = score1 + score2 + score3
        let lo = -4.0, hi = 2.5
        var sa = 11.0 - (raw - lo + 1) / (hi - lo) * 9.0
        if sa > 8.0 { sa = 8.0 + log(sa + 1.0 - 9.0) }
        if sa > 10.0 { sa = 10.0 } else if sa < 1.0 { sa = 1.0 }
        return sa
    }
}
