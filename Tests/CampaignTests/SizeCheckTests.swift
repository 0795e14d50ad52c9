import Evaluation
import XCTest
@testable import Campaign

/// The size-confound check: success per heavy-atom bin, the size-matched success rate and the warning on
/// negatives whose size differs from the base model's samples.
final class SizeCheckTests: XCTestCase {
    private let base = SizeCheck.Designs(heavyAtoms: [10, 10, 22, 22, nil], success: [false, false, true, false, false])

    func testBinsAreStated() {
        XCTAssertEqual(SizeCheck.binLabels, ["≤15", "16–20", "21–25", "26–30", "31–35", "≥36"])
        XCTAssertEqual([1, 15, 16, 20, 21, 35, 36, 90].map { SizeCheck.bin(Double($0)) }, [0, 0, 1, 1, 2, 4, 5, 5])
    }

    func testSizeMatchingReweightsAnArmToTheBaseModelsSizes() throws {
        // Smaller designs that succeed only because they are small: 2 of 3 small ones succeed, the one large fails.
        let smaller = SizeCheck.Designs(heavyAtoms: [10, 10, 10, 22, nil], success: [true, true, false, false, false])
        let check = SizeCheck(arms: [("negation", smaller), ("base", base)], baseName: "base", data: nil)
        let negation = check.rows[0]
        XCTAssertEqual(negation.valid, [3, 0, 1, 0, 0, 0])
        XCTAssertEqual(negation.successes, [2, 0, 0, 0, 0, 0])
        XCTAssertEqual(negation.successRate, 0.4, accuracy: 1e-12)
        // validity 4/5 × (base shares ½ · ⅔ + ½ · 0) = 0.8 / 3
        XCTAssertEqual(try XCTUnwrap(negation.sizeMatchedSuccessRate), 0.8 / 3, accuracy: 1e-12)
        XCTAssertEqual(negation.coverage, 1)
        XCTAssertEqual(try XCTUnwrap(negation.meanHeavyAtoms), 13, accuracy: 1e-12)
        // The base matched to itself is its own success rate.
        XCTAssertEqual(try XCTUnwrap(check.rows[1].sizeMatchedSuccessRate), check.rows[1].successRate, accuracy: 1e-12)
        XCTAssertEqual(check.rows[1].successRate, 0.2, accuracy: 1e-12)
    }

    func testAnArmMissingABinIsMatchedOverTheBinsItCoversAndSaysSo() throws {
        let onlySmall = SizeCheck.Designs(heavyAtoms: [10, 10], success: [true, false])
        let check = SizeCheck(arms: [("base", base), ("small", onlySmall)], baseName: "base", data: nil)
        XCTAssertEqual(check.rows[1].coverage, 0.5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(check.rows[1].sizeMatchedSuccessRate), 0.5, accuracy: 1e-12)
        let none = SizeCheck(arms: [("base", base), ("invalid", .init(heavyAtoms: [nil], success: [false]))], baseName: "base", data: nil)
        XCTAssertNil(none.rows[1].sizeMatchedSuccessRate)
    }

    func testNegativesOfAnotherSizeAreFlagged() throws {
        let samples = DesignSet(designs: ["CCCCCC", "CCCCCCCC"], plan: ScoringPlan(filters: false))  // 7 heavy atoms on average
        let rule = [(label: "logp-low", predicates: try DescriptorPredicate.parseAll("MolLogP>3.5"))]
        let big = DesignSet(designs: ["CCCCCCCCCC", "CCCCCCCCCCCC"], plan: ScoringPlan(filters: false))  // 11
        let close = DesignSet(designs: ["CCCCCCC", "CCCCCCC"], plan: ScoringPlan(filters: false))  // 7
        let data = DataSetCheck(base: samples, sets: [("neg-logp-low", big), ("neg-other", close), ("pos-0", big)], objectives: rule)
        let check = SizeCheck(arms: [("base", base)], baseName: "base", data: data)
        XCTAssertEqual(check.warnings.count, 1, "only negatives, and only those more than 10 % apart")
        XCTAssertTrue(check.warnings[0].hasPrefix("size: the negatives neg-logp-low have 11.0 heavy atoms on average, the base model's samples 7.0 (more than 10% apart)"), check.warnings[0])
        XCTAssertTrue(check.warnings[0].contains("\"larger\""))
    }
}
