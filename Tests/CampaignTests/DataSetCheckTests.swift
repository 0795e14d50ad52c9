import Evaluation
import XCTest
@testable import Campaign

/// The check of a campaign's data against the base model's samples, with molecules whose logP and size
/// are known (RDKit Crippen: ethanol −0.0014, hexane 2.34, decane 3.90).
final class DataSetCheckTests: XCTestCase {
    private let base = DesignSet(designs: ["CCO", "CCCCCC", "CCCCCC", "not a molecule"], plan: ScoringPlan(filters: false))
    private let rule = [(label: "logp-low", predicates: try! DescriptorPredicate.parseAll("MolLogP>3.5"))]

    func testNegativesOnTheFailingSideRaiseNoWarning() throws {
        let negatives = DesignSet(designs: ["CCO", "CO", "OCCO"], plan: ScoringPlan(filters: false))
        let check = DataSetCheck(base: base, sets: [("neg-logp-low", negatives)], objectives: rule)
        XCTAssertEqual(check.warnings, [])
        XCTAssertEqual(check.descriptors, ["MolLogP", "HeavyAtomCount"])
        XCTAssertEqual(check.rows.map(\.name), ["base model samples", "neg-logp-low"])
        XCTAssertEqual(check.rows[0].molecules, 2, "molecules are counted once, invalid designs not at all")
        XCTAssertEqual(try XCTUnwrap(check.rows[0].means["HeavyAtomCount"]), 4.5, accuracy: 1e-9)
        XCTAssertEqual(check.rows[0].successFraction, 0)
    }

    func testNegativesNotBelowTheBaseAreFlaggedWithTheirSize() throws {
        // "Negatives" for MolLogP>3.5 that have a higher mean logP than the base and are bigger.
        let negatives = DesignSet(designs: ["CCCCCCCCCC", "CCCCCCCC"], plan: ScoringPlan(filters: false))
        let check = DataSetCheck(base: base, sets: [("neg-logp-low", negatives), ("pos-0", base)], objectives: rule)
        XCTAssertEqual(check.warnings.count, 1)
        let warning = try XCTUnwrap(check.warnings.first)
        XCTAssertTrue(warning.contains("neg-logp-low have mean MolLogP"), warning)
        XCTAssertTrue(warning.contains("not below the base model's samples"), warning)
        XCTAssertTrue(warning.contains("(9.0 vs 4.5 heavy atoms)"), warning)
        XCTAssertEqual(check.rows[1].successFraction, 0.5, "decane meets MolLogP>3.5, octane (3.12) does not")
        // A rule the other way round (success is low logP) is met by these negatives being higher.
        let low = DataSetCheck(base: base, sets: [("neg-logp-high", negatives)],
                               objectives: [(label: "logp-high", predicates: try DescriptorPredicate.parseAll("MolLogP<=3.5"))])
        XCTAssertEqual(low.warnings, [])
    }
}
