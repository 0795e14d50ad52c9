/// SMILES enumeration for training (as the paper's `smiles-enumeration` strategy): every epoch, each
/// molecule is written `formsPerMolecule` times in a fresh random atom order. Form k of molecule i in
/// epoch e comes from a seed derived from (seed, e, i, k), so a run — and a resumed run — sees the same
/// forms. A form the model cannot encode (e.g. a ring-closure digit its vocabulary lacks) is drawn again,
/// up to `attempts` times, then the molecule's canonical SMILES stands in. Unparsable inputs are passed
/// through as written (the tokenizer then reports them as it does without enumeration).
/// Validation molecules are enumerated too, as in the paper's code, but once: `validationForms` are the same
/// every epoch, so the validation loss of successive epochs stays comparable for early stopping.
public struct SMILESEnumeration {
    public let formsPerMolecule: Int
    public let seed: UInt64
    public var attempts = 10
    private let molecules: [Molecule?]
    private let texts: [String]

    public init(_ smiles: [String], formsPerMolecule: Int, seed: UInt64) {
        texts = smiles
        molecules = smiles.map { try? Molecule(smiles: $0) }
        self.formsPerMolecule = max(1, formsPerMolecule)
        self.seed = seed
    }

    /// The training texts of `epoch`: molecule by molecule, `formsPerMolecule` forms each.
    public func forms(epoch: Int, accepts: (String) -> Bool) -> [String] {
        forms(round: UInt64(epoch), accepts: accepts)
    }

    /// Fixed forms for validation: drawn from their own seeds (no training epoch's), the same on every call.
    public func validationForms(accepts: (String) -> Bool) -> [String] {
        forms(round: Self.validationRound, accepts: accepts)
    }

    private static let validationRound = UInt64.max

    private func forms(round: UInt64, accepts: (String) -> Bool) -> [String] {
        var out: [String] = []
        out.reserveCapacity(texts.count * formsPerMolecule)
        for (i, molecule) in molecules.enumerated() {
            guard let molecule else {
                out += Array(repeating: texts[i], count: formsPerMolecule)
                continue
            }
            for k in 0..<formsPerMolecule {
                var form: String?
                for attempt in 0..<attempts {
                    let s = molecule.randomSmiles(seed: Self.mix(seed, round, UInt64(i), UInt64(k), UInt64(attempt)))
                    if accepts(s) { form = s; break }
                }
                out.append(form ?? molecule.canonicalSmiles)
            }
        }
        return out
    }

    /// One 64-bit seed from several values (SplitMix64's finaliser over each in turn).
    static func mix(_ values: UInt64...) -> UInt64 {
        var h: UInt64 = 0x2545_F491_4F6C_DD1D
        for v in values {
            var z = h ^ v &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            h = z ^ (z >> 31)
        }
        return h
    }
}
