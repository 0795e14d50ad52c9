import XCTest
@testable import Chem

final class EnumerationTests: XCTestCase {
    /// Expected strings from Python RDKit 2022.9.5: the same SplitMix64 Fisher-Yates order, then
    /// Chem.MolToSmiles(Chem.RenumberAtoms(mol, order), canonical=False).
    func testRandomSmilesEqualsPythonRDKitForTheSameAtomOrder() throws {
        let expected: [(String, [String])] = [
            ("c1ccccc1CCO", ["c1ccc(CCO)cc1", "c1(CCO)ccccc1", "c1ccccc1CCO"]),
            ("CC(=O)Nc1ccc(O)cc1", ["c1(O)ccc(NC(C)=O)cc1", "C(=O)(Nc1ccc(O)cc1)C", "c1cc(O)ccc1NC(C)=O"]),
        ]
        for (smiles, forms) in expected {
            let m = try Molecule(smiles: smiles)
            for (seed, form) in forms.enumerated() {
                XCTAssertEqual(m.randomSmiles(seed: UInt64(seed + 1)), form)
                XCTAssertEqual(try Molecule(smiles: form).canonicalSmiles, m.canonicalSmiles, "\(form) is the same molecule")
            }
        }
    }

    func testEnumerationIsSeededFreshEachEpochAndFallsBackToCanonical() throws {
        let smiles = ["CC(=O)Nc1ccc(O)cc1", "c1ccc2ccccc2c1", "not a molecule"]
        let e = SMILESEnumeration(smiles, formsPerMolecule: 3, seed: 7)
        let epoch0 = e.forms(epoch: 0) { _ in true }, epoch1 = e.forms(epoch: 1) { _ in true }
        XCTAssertEqual(epoch0.count, 9)
        XCTAssertEqual(epoch0, e.forms(epoch: 0) { _ in true }, "the same epoch gives the same forms")
        XCTAssertNotEqual(epoch0, epoch1, "each epoch draws fresh forms")
        XCTAssertEqual(Array(epoch0[6...]), Array(repeating: "not a molecule", count: 3), "unparsable text passes through")
        for (i, form) in epoch0.prefix(6).enumerated() {
            XCTAssertEqual(try Molecule(smiles: form).canonicalSmiles, try Molecule(smiles: smiles[i / 3]).canonicalSmiles)
        }
        XCTAssertGreaterThan(Set(epoch0.prefix(3) + epoch1.prefix(3)).count, 2, "forms vary")
        // A model that accepts only canonical text gets the canonical SMILES after the attempts run out.
        let canonical = try smiles.prefix(2).map { try Molecule(smiles: $0).canonicalSmiles }
        let strict = e.forms(epoch: 0) { canonical.contains($0) }
        XCTAssertEqual(Array(strict.prefix(6)), canonical.flatMap { Array(repeating: $0, count: 3) })
    }

    /// Validation molecules get fixed forms (the paper's code enumerates its validation set once): the same on
    /// every call, random forms of the right molecules, and not any training epoch's forms.
    func testValidationFormsAreFixedAndDrawnApartFromTheEpochs() throws {
        let smiles = ["CC(=O)Nc1ccc(O)cc1", "c1ccc2ccccc2c1CCN"]
        let e = SMILESEnumeration(smiles, formsPerMolecule: 4, seed: 11)
        let validation = e.validationForms { _ in true }
        XCTAssertEqual(validation.count, 8)
        XCTAssertEqual(validation, e.validationForms { _ in true }, "fixed across calls")
        for epoch in 0..<3 { XCTAssertNotEqual(validation, e.forms(epoch: epoch) { _ in true }) }
        for (i, form) in validation.enumerated() {
            XCTAssertEqual(try Molecule(smiles: form).canonicalSmiles, try Molecule(smiles: smiles[i / 4]).canonicalSmiles)
        }
        XCTAssertGreaterThan(Set(validation).count, 2, "forms vary")
    }
}
