import XCTest
@testable import Evaluation

final class PredicateTests: XCTestCase {
    let names = ["MolLogP", "TPSA", "NumHDonors", "QED"]

    func testParsesEveryOperatorWithOrWithoutSpaces() throws {
        let cases: [(String, DescriptorPredicate.Comparison, Double)] = [
            ("MolLogP>3.5", .greater, 3.5), ("TPSA<=75", .lessOrEqual, 75), ("NumHDonors >= 1", .greaterOrEqual, 1),
            (" QED < 0.6 ", .less, 0.6), ("NumHDonors=0", .equal, 0), ("NumHDonors==2", .equal, 2),
            ("NumHDonors!=1", .notEqual, 1), ("MolLogP>-1e-1", .greater, -0.1),
        ]
        for (text, comparison, threshold) in cases {
            let p = try DescriptorPredicate(parsing: text, descriptorNames: names)
            XCTAssertEqual(p.comparison, comparison, text)
            XCTAssertEqual(p.threshold, threshold, text)
        }
        XCTAssertEqual(try DescriptorPredicate(parsing: "TPSA<=75", descriptorNames: names).description, "TPSA<=75")
        XCTAssertEqual(try DescriptorPredicate(parsing: "MolLogP > 3.5", descriptorNames: names).description, "MolLogP>3.5")
        XCTAssertEqual(try DescriptorPredicate(parsing: "tpsa<=75", descriptorNames: names).description, "TPSA<=75")
    }

    func testHoldsAtAndAroundTheThreshold() throws {
        let gt = try DescriptorPredicate(parsing: "MolLogP>3.5", descriptorNames: names)
        XCTAssertEqual([3.4, 3.5, 3.6].map(gt.holds), [false, false, true])
        let le = try DescriptorPredicate(parsing: "TPSA<=75", descriptorNames: names)
        XCTAssertEqual([74.9, 75, 75.1].map(le.holds), [true, true, false])
        let ne = try DescriptorPredicate(parsing: "NumHDonors!=1", descriptorNames: names)
        XCTAssertEqual([0, 1, 2].map(ne.holds), [true, false, true])
        for p in [gt, le, ne] { XCTAssertFalse(p.holds(.nan), "NaN satisfies nothing") }
    }

    func testSeveralPredicatesInOneString() throws {
        let all = try DescriptorPredicate.parseAll("MolLogP>3.5, TPSA<=75 && QED>=0.6", descriptorNames: names)
        XCTAssertEqual(all.map(\.description), ["MolLogP>3.5", "TPSA<=75", "QED>=0.6"])
    }

    func testErrorsListTheValidNames() {
        let list = "MolLogP, TPSA, NumHDonors, QED"
        XCTAssertThrowsError(try DescriptorPredicate(parsing: "LogP>3", descriptorNames: names)) {
            XCTAssertEqual("\($0)", "unknown descriptor 'LogP' in predicate; valid names: \(list)")
        }
        for bad in ["MolLogP", "MolLogP>", ">3", "MolLogP=>3", "MolLogP>three", "MolLogP<>3", "MolLogP>nan", "MolLogP>3,"] {
            XCTAssertThrowsError(try DescriptorPredicate.parseAll(bad, descriptorNames: names), bad) { error in
                XCTAssertTrue("\(error)".hasPrefix("malformed predicate"), "\(bad): \(error)")
                XCTAssertTrue("\(error)".hasSuffix(list), "\(bad): \(error)")
            }
        }
    }
}
