import XCTest
@testable import Chem

/// SD records written through RDKit's SDWriter must be the text Python RDKit 2022.9.5 writes
/// (`Compute2DCoords`, then `Chem.SDWriter.GetText(mol)` with `_Name` and the tags set), and read back.
final class SDFileTests: XCTestCase {
    // Python RDKit 2022.9.5: m = Chem.MolFromSmiles(s); rdDepictor.Compute2DCoords(m); m.SetProp(...); Chem.SDWriter.GetText(m)
    static let alanine = "L-alanine\n     RDKit          2D\n\n  6  5  0  0  0  0  0  0  0  0999 V2000\n    1.5000    1.2990    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n    0.7500    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n    1.5000   -1.2990    0.0000 N   0  0  0  0  0  0  0  0  0  0  0  0\n   -0.7500   -0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0\n   -1.5000    1.2990    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n   -1.5000   -1.2990    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0\n  2  1  1  6\n  2  3  1  0\n  2  4  1  0\n  4  5  2  0\n  4  6  1  0\nM  END\n>  <QED>  \n0.5\n\n>  <nll>  \n12.3\n\n$$$$\n"
    static let salt = "salt\n     RDKit          2D\n\n  2  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 N   0  0  0  0  0  4  0  0  0  0  0  0\n    1.0000    0.0000    0.0000 Cl  0  0  0  0  0 15  0  0  0  0  0  0\nM  CHG  2   1   1   2  -1\nM  END\n>  <QED>  \n0.5\n\n>  <nll>  \n12.3\n\n$$$$\n"
    static let empty = "bad\n     RDKit          2D\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n>  <smiles>  \nC1CC\n\n$$$$\n"

    func testRecordsAreWhatPythonRDKitWrites() throws {
        let tags = [SDFile.Tag("QED", "0.5"), SDFile.Tag("nll", "12.3")]
        XCTAssertEqual(SDFile.record(smiles: "C[C@H](N)C(=O)O", title: "L-alanine", tags: tags), Self.alanine)
        XCTAssertEqual(SDFile.record(smiles: "[NH4+].[Cl-]", title: "salt", tags: tags), Self.salt)
        // An invalid design keeps its record: no atoms, its SMILES as a tag.
        XCTAssertEqual(SDFile.record(smiles: nil, title: "bad", tags: [SDFile.Tag("smiles", "C1CC")]), Self.empty)
        XCTAssertNil(SDFile.record(smiles: "C1CC", title: "x", tags: []))
        XCTAssertNil(SDFile.record(smiles: "N(C)(C)(C)(C)C", title: "x", tags: []))
    }

    func testLineBreaksInTitlesAndValuesCannotEndARecordEarly() throws {
        let text = try XCTUnwrap(SDFile.record(smiles: "CCO", title: "a\nb", tags: [SDFile.Tag("note", "x\n$$$$\ny")]))
        let records = SDFile.parse(text)
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records[0].title, "a b")
        XCTAssertEqual(records[0].tags, [SDFile.Tag("note", "x $$$$ y")])
    }

    func testReadsRecordsTagsAndMoleculesBack() throws {
        let text = Self.alanine + Self.salt + Self.empty
        let records = SDFile.parse(text)
        XCTAssertEqual(records.map(\.title), ["L-alanine", "salt", "bad"])
        XCTAssertEqual(records.map(\.line), [1, 24, 39])
        XCTAssertEqual(records[0].tags, [SDFile.Tag("QED", "0.5"), SDFile.Tag("nll", "12.3")])
        // Python: Chem.MolToSmiles(Chem.MolFromMolBlock(block)); stereo comes from the wedge.
        XCTAssertEqual(try Molecule(molBlock: records[0].block).canonicalSmiles, "C[C@H](N)C(=O)O")
        XCTAssertEqual(try Molecule(molBlock: records[1].block).canonicalSmiles, "[Cl-].[NH4+]")
        XCTAssertEqual(try Molecule(molBlock: records[2].block).canonicalSmiles, "")
    }

    func testBadMolBlocksAreErrorsNotCrashes() {
        XCTAssertThrowsError(try Molecule(molBlock: "")) { XCTAssertEqual($0 as? ChemError, .empty) }
        XCTAssertThrowsError(try Molecule(molBlock: "not\na\nmol block\n"))
        // Five bonds on a neutral nitrogen: RDKit's sanitisation refuses it.
        let pentavalent = try! XCTUnwrap(SDFile.record(smiles: "C[N+](C)(C)C", title: "", tags: []))
            .replacingOccurrences(of: "M  CHG  1   2   1\n", with: "")
        XCTAssertThrowsError(try Molecule(molBlock: pentavalent)) { error in
            guard case .sanitization = error as? ChemError else { return XCTFail("\(error)") }
        }
    }
}
