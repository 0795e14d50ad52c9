import XCTest
@testable import Chem

final class MoleculeTests: XCTestCase {
    func testCanonicalSmilesAndTypedErrors() throws {
        XCTAssertEqual(try Molecule(smiles: "OCC").canonicalSmiles, "CCO")
        XCTAssertEqual(try Molecule(smiles: "C[C@@H](N)C(=O)O").canonicalSmiles, "C[C@@H](N)C(=O)O")
        XCTAssertEqual(try Molecule(smiles: "C[C@@H](N)C(=O)O").smiles(isomeric: false), "CC(N)C(=O)O")
        XCTAssertThrowsError(try Molecule(smiles: "")) { XCTAssertEqual($0 as? ChemError, .empty) }
        XCTAssertThrowsError(try Molecule(smiles: "  ")) { XCTAssertEqual($0 as? ChemError, .empty) }
        XCTAssertThrowsError(try Molecule(smiles: "CC\u{0}O")) { XCTAssertEqual($0 as? ChemError, .unparsable("NUL byte in SMILES")) }
        XCTAssertThrowsError(try Molecule(smiles: "CC(")) { error in
            guard case .unparsable = error as? ChemError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Molecule(smiles: "c1cccc1C")) { error in
            guard case .sanitization(let why) = error as? ChemError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("kekulize"), why)
        }
    }

    /// Pentavalent nitrogen makes RDKit throw inside SmilesToMol; it must come back as an error.
    func testValenceErrorDoesNotCrash() throws {
        XCTAssertThrowsError(try Molecule(smiles: "N(C)(C)(C)(C)C")) { error in
            guard case .sanitization(let why) = error as? ChemError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("valence"), why)
            XCTAssertFalse("\(error)".contains("\n"))
            XCTAssertTrue("\(error)".hasPrefix("sanitization failed: "))
        }
    }

    func testDescriptorRegistry() throws {
        XCTAssertEqual(Descriptor.all.map(\.name), [
            "NumHDonors", "NumHAcceptors", "RingCount", "MolLogP", "TPSA", "FractionCSP3", "MolWt",
            "NumRotatableBonds", "NumAromaticRings", "HeavyAtomCount", "QED", "SA",
        ])
        XCTAssertEqual(Descriptor.named("molwt")?.name, "MolWt")
        XCTAssertEqual(Descriptor.named("qed"), Descriptor.qed)
        XCTAssertNil(Descriptor.named("NoSuchThing"))
        let aspirin = try Molecule(smiles: "CC(=O)Oc1ccccc1C(=O)O")
        XCTAssertEqual(aspirin.value(of: Descriptor.named("HeavyAtomCount")!), 13)
        XCTAssertEqual(aspirin.value(of: Descriptor.named("RingCount")!), 1)
        XCTAssertEqual(aspirin.value(of: Descriptor.named("NumHDonors")!), 1)
        XCTAssertEqual(aspirin.value(of: Descriptor.named("MolWt")!), 180.159, accuracy: 1e-9)
    }

    func testScaffoldsAndSubstructures() throws {
        XCTAssertEqual(try Molecule(smiles: "CCCC").murckoScaffold, "")
        XCTAssertEqual(try Molecule(smiles: "Cc1cc(Oc2nccc(CCC)c2)ccc1").murckoScaffold, "c1ccc(Oc2ccccn2)cc1")
        let carboxylicAcid = try SubstructurePattern(smarts: "C(=O)[OH]")
        XCTAssertTrue(try Molecule(smiles: "CC(=O)O").matches(carboxylicAcid))
        XCTAssertFalse(try Molecule(smiles: "CC(=O)OC").matches(carboxylicAcid))
        XCTAssertEqual(try Molecule(smiles: "OC(=O)CCC(=O)O").matchCount(carboxylicAcid), 2)
        XCTAssertThrowsError(try SubstructurePattern(smarts: "C(=O")) { error in
            guard case .unparsable(let why) = error as? ChemError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("C(=O"), why)
        }
    }

    func testQEDOfThePaperExamples() throws {
        // RDKit's QED doctests (values from Bickerton's original implementation).
        XCTAssertEqual(QED.score(try Molecule(smiles: "N=C(CCSCc1csc(N=C(N)N)n1)NS(N)(=O)=O")), 0.253, accuracy: 1e-3)
        XCTAssertEqual(QED.score(try Molecule(smiles: "CNC(=NCCSCc1nc[nH]c1C)NC#N")), 0.234, accuracy: 1e-3)
        XCTAssertEqual(QED.score(try Molecule(smiles: "CCCCCNC(=N)NN=Cc1c[nH]c2ccc(CO)cc12")), 0.234, accuracy: 1e-3)
    }

    func testMOSESFiltersMatchTheMOSESDefinition() throws {
        XCTAssertEqual(try MOSESFilters.load(), 22 + 480)
        let cases = try FixtureFiles.json("moses_filters.json") as! [[String: Any]]
        var checked = 0
        for c in cases {
            let smiles = c["smiles"] as! String
            let expected = c["passes"] as! Bool
            guard let mol = try? Molecule(smiles: smiles) else {
                XCTAssertFalse(expected, smiles)
                continue
            }
            XCTAssertEqual(mol.passesMOSESFilters, expected, smiles)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 580)
    }

    func testConcurrentUseOfOneMolecule() throws {
        let mol = try Molecule(smiles: "CC(C)Cc1ccc(C(C)C(=O)O)cc1")
        let expected = mol.value(of: .qed)
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: 64)
        defer { results.deallocate() }
        let box = ResultBox(results)
        DispatchQueue.concurrentPerform(iterations: 64) { i in box.p[i] = mol.value(of: .qed) }
        XCTAssertTrue(results.allSatisfy { $0 == expected })
    }
}

private struct ResultBox: @unchecked Sendable {
    let p: UnsafeMutableBufferPointer<Double>
    init(_ p: UnsafeMutableBufferPointer<Double>) { self.p = p }
}

final class SilenceTests: XCTestCase {
    /// RDKit would log a warning or error for each of these; the shim must keep stderr empty.
    func testBadInputsWriteNothingToStandardError() throws {
        let path = NSTemporaryDirectory() + "antipode-stderr-\(getpid()).txt"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let saved = dup(2)
        dup2(fd, 2)
        for s in ["CC(", "c1cccc1C", "N(C)(C)(C)(C)C", "[Zz]", "C1CC", "hello", "Ü", "[C@@H]([C@H])", "C=C="] {
            _ = try? Molecule(smiles: s)
        }
        _ = try? SubstructurePattern(smarts: "[C;")
        _ = try Molecule(smiles: "[2H]O[2H]").hasPAINS
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        close(fd)
        let written = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        try? FileManager.default.removeItem(atPath: path)
        XCTAssertEqual(written, 0)
    }
}

final class PAINSScreenTests: XCTestCase {
    /// The pattern-fingerprint screen must never change FilterCatalog's verdict (checked here on
    /// every reference PAINS hit and as many non-hits; 30k MOSES/ChEMBL molecules agreed too).
    func testScreenedVerdictEqualsFilterCatalog() throws {
        let reference = try FixtureFiles.reference().filter { $0["valid"] as! Bool }
        let hits = reference.filter { $0["pains"] as! Bool }
        let misses = reference.filter { !($0["pains"] as! Bool) }.prefix(hits.count)
        XCTAssertGreaterThan(hits.count, 10)
        for r in hits + misses {
            let mol = try Molecule(smiles: r["input"] as! String)
            XCTAssertEqual(mol.hasPAINS, mol.hasPAINSUnscreened, r["input"] as! String)
            XCTAssertEqual(mol.hasPAINS, r["pains"] as! Bool, r["input"] as! String)
        }
    }
}
