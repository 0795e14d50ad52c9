import XCTest
@testable import Chem

/// Every field of every reference molecule against Python RDKit 2022.9.5 (Fixtures/reference.jsonl).
final class ReferenceTests: XCTestCase {
    /// Floats agree within 1e-6 relative (absolute near zero).
    func assertClose(_ a: Double, _ b: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let tolerance = 1e-6 * max(abs(b), 1e-6)
        XCTAssert(abs(a - b) <= tolerance, "\(what): got \(a), RDKit \(b)", file: file, line: line)
    }

    func testEveryFieldMatchesPythonRDKit() throws {
        let inputs = try FixtureFiles.referenceInputs()
        let reference = try FixtureFiles.reference()
        XCTAssertEqual(inputs.count, 588)
        XCTAssertEqual(reference.count, inputs.count)
        XCTAssertNoThrow(try SAScore.load())

        let scorer = BatchScorer(fingerprintBits: 2048)
        let records = scorer.score(inputs)
        XCTAssertEqual(records.count, inputs.count)
        var validCount = 0
        for (i, (record, ref)) in zip(records, reference).enumerated() {
            let tag = "line \(i + 1) '\(inputs[i])'"
            XCTAssertEqual(record.input, ref["input"] as? String, tag)
            let valid = ref["valid"] as! Bool
            XCTAssertEqual(record.isValid, valid, "\(tag) validity (\(record.error.map { "\($0)" } ?? "valid"))")
            guard valid, record.isValid else { continue }
            validCount += 1
            XCTAssertEqual(record.canonicalSmiles, ref["canonical_smiles"] as? String, tag)
            XCTAssertEqual(record.scaffold, ref["murcko_scaffold"] as? String, "\(tag) scaffold")
            XCTAssertEqual(record.hasPAINS, ref["pains"] as? Bool, "\(tag) PAINS")
            XCTAssertEqual(record.fingerprint?.onBits, ref["morgan2_2048"] as? [Int], "\(tag) morgan 2048")
            let mol = try Molecule(smiles: inputs[i])
            XCTAssertEqual(mol.morgan(radius: 2, bits: 1024).onBits, ref["morgan2_1024"] as? [Int], "\(tag) morgan 1024")
            for (d, value) in zip(scorer.descriptors, record.values) {
                let key = d.name == "QED" ? "qed" : d.name == "SA" ? "sa" : d.name
                guard let expected = (ref[key] as? NSNumber)?.doubleValue else { XCTFail("\(tag): no \(key)"); continue }
                if d.isCount {
                    XCTAssertEqual(value, expected, "\(tag) \(d.name)")
                } else {
                    assertClose(value, expected, "\(tag) \(d.name)")
                }
            }
        }
        XCTAssertEqual(validCount, 574)
    }
}
