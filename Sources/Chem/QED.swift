import CRDKitShim
import Foundation

/// Quantitative Estimate of Drug-likeness (Bickerton, Paolini, Besnard, Muresan & Hopkins,
/// Nature Chemistry 4, 90–98, 2012), computed as RDKit 2022.09's Python `QED.qed` (mean weights):
/// eight properties of the hydrogen-stripped molecule, each mapped through an asymmetric double
/// sigmoid (ADS) to a desirability in (0, 1], combined as a weighted geometric mean.
public enum QED {
    /// The eight QED properties, in the paper's order.
    public struct Properties: Equatable, Sendable {
        public var molecularWeight: Double   // MW: average molecular weight
        public var logP: Double              // ALOGP: Crippen logP
        public var acceptors: Double         // HBA: matches of the acceptor SMARTS below
        public var donors: Double            // HBD: Lipinski donors (CalcNumHBD)
        public var polarSurfaceArea: Double  // PSA: TPSA
        public var rotatableBonds: Double    // ROTB: strict rotatable bonds
        public var aromaticRings: Double     // AROM: SSSR rings left after deleting aliphatic ring atoms
        public var alerts: Double            // ALERTS: how many structural alerts match

        var values: [Double] {
            [molecularWeight, logP, acceptors, donors, polarSurfaceArea, rotatableBonds, aromaticRings, alerts]
        }
    }

    /// QED in (0, 1]; NaN if RDKit fails on the molecule.
    public static func score(_ mol: Molecule) -> Double {
        guard let p = properties(mol) else { return .nan }
        return score(p)
    }

    /// The weighted geometric mean of the ADS desirabilities (RDKit's `WEIGHT_MEAN`).
    public static func score(_ p: Properties) -> Double {
        var t = 0.0
        for (i, x) in p.values.enumerated() { t += meanWeights[i] * log(desirability(x, ads[i])) }
        return exp(t / meanWeights.reduce(0, +))
    }

    /// The eight properties of `Chem.RemoveHs(mol)`; nil if RDKit fails.
    public static func properties(_ mol: Molecule) -> Properties? {
        // Without hydrogen atoms RemoveHs would return the same graph: skip the copy, so values
        // RDKit caches on the molecule (Crippen logP, TPSA) are reused rather than recomputed.
        let hasHydrogenAtoms = mol.descriptor(AP_NUM_ATOMS) != mol.descriptor(AP_HEAVY_ATOM_COUNT)
        guard let m = hasHydrogenAtoms ? mol.removingHydrogens() : mol,
              let stripped = m.deletingSubstructures(aliphaticRings) else { return nil }
        // RDKit sums len(GetSubstructMatches) over the acceptor patterns that match.
        let hba = acceptorPatterns.reduce(0) { $0 + m.matchCount($1) }
        let alertCount = alerts.matchingCount(in: m)
        return Properties(
            molecularWeight: m.descriptor(AP_MOL_WT),
            logP: m.descriptor(AP_MOL_LOGP),
            acceptors: Double(hba),
            donors: m.descriptor(AP_NUM_H_DONORS),
            polarSurfaceArea: m.descriptor(AP_TPSA),
            rotatableBonds: m.descriptor(AP_NUM_ROTATABLE_BONDS_STRICT),
            aromaticRings: stripped.descriptor(AP_NUM_SSSR),
            alerts: Double(alertCount))
    }

    /// Asymmetric double sigmoid: a + b / (1 + e^(−(x − c + d/2)/e)) · (1 − 1/(1 + e^(−(x − c − d/2)/f))),
    /// divided by its maximum.
    struct ADS { let a, b, c, d, e, f, dmax: Double }

    static func desirability(_ x: Double, _ p: ADS) -> Double {
        let exp1 = 1 + exp(-1 * (x - p.c + p.d / 2) / p.e)
        let exp2 = 1 + exp(-1 * (x - p.c - p.d / 2) / p.f)
        let dx = p.a + p.b / exp1 * (1 - 1 / exp2)
        return dx / p.dmax
    }

    /// The paper's fitted ADS parameters (as in RDKit), in property order.
    static let ads: [ADS] = [
        ADS(a: 2.817065973, b: 392.5754953, c: 290.7489764, d: 2.419764353, e: 49.22325677, f: 65.37051707, dmax: 104.9805561),
        ADS(a: 3.172690585, b: 137.8624751, c: 2.534937431, d: 4.581497897, e: 0.822739154, f: 0.576295591, dmax: 131.3186604),
        ADS(a: 2.948620388, b: 160.4605972, c: 3.615294657, d: 4.435986202, e: 0.290141953, f: 1.300669958, dmax: 148.7763046),
        ADS(a: 1.618662227, b: 1010.051101, c: 0.985094388, d: 0.000000001, e: 0.713820843, f: 0.920922555, dmax: 258.1632616),
        ADS(a: 1.876861559, b: 125.2232657, c: 62.90773554, d: 87.83366614, e: 12.01999824, f: 28.51324732, dmax: 104.5686167),
        ADS(a: 0.010000000, b: 272.4121427, c: 2.558379970, d: 1.565547684, e: 1.271567166, f: 2.758063707, dmax: 105.4420403),
        ADS(a: 3.217788970, b: 957.7374108, c: 2.274627939, d: 0.000000001, e: 1.317690384, f: 0.375760881, dmax: 312.3372610),
        ADS(a: 0.010000000, b: 1199.094025, c: -0.09002883, d: 0.000000001, e: 0.185904477, f: 0.875193782, dmax: 417.7253140),
    ]

    /// The paper's mean weights (RDKit `WEIGHT_MEAN`), in property order.
    static let meanWeights: [Double] = [0.66, 0.46, 0.05, 0.61, 0.06, 0.65, 0.48, 0.95]

    /// Atoms in aliphatic rings and their non-aromatic neighbours' bonds: deleted before counting
    /// the remaining (aromatic) rings.
    static let aliphaticRings = SubstructurePattern.compiled(["[$([A;R][!a])]"])[0]

    /// Hydrogen-bond acceptor patterns.
    static let acceptorPatterns = SubstructurePattern.compiled([
        "[oH0;X2]", "[OH1;X2;v2]", "[OH0;X2;v2]", "[OH0;X1;v2]", "[O-;X1]", "[SH0;X2;v2]",
        "[SH0;X1;v2]", "[S-;X1]", "[nH0;X2]", "[NH0;X1;v3]", "[$([N;+0;X3;v3]);!$(N[C,S]=O)]",
    ])

    /// The paper's 116 structural alerts (unwanted functionalities), behind the pattern screen.
    static let alerts = PatternSet(SubstructurePattern.compiled(QEDAlerts.smarts))
}
