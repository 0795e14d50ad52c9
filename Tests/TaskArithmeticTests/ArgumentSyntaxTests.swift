import XCTest
import Model
@testable import TaskArithmetic

final class ArgumentSyntaxTests: XCTestCase {
    func testGlobsMatchWholeNames() {
        XCTAssertTrue(TensorPattern("lstm.*_l1").matches("lstm.weight_ih_l1"))
        XCTAssertFalse(TensorPattern("lstm.*_l1").matches("lstm.weight_ih_l10"))
        XCTAssertTrue(TensorPattern("lstm.*_l1*").matches("lstm.weight_ih_l10"))
        XCTAssertTrue(TensorPattern("*").matches("fc.weight"))
        XCTAssertTrue(TensorPattern("lstm.?ias_*").matches("lstm.bias_ih_l0"))
        XCTAssertFalse(TensorPattern("embedding").matches("embedding.weight"))
        XCTAssertTrue(TensorPattern("*.*.*").matches("a.b.c"))
        XCTAssertFalse(TensorPattern("*.*.*").matches("a.b"))
    }

    func testScaleRulesSetOrMultiplyInOrder() throws {
        let rules = try ["lstm.*=0.5", "*_l1=x3", "embedding.*=0", "fc.weight=*-1"].map(ScaleRule.init(parsing:))
        XCTAssertEqual(rules[1], ScaleRule(pattern: TensorPattern("*_l1"), mode: .multiply, factor: 3))
        // embedding.weight, lstm.weight_ih_l0, lstm.bias_ih_l0, lstm.weight_ih_l1, fc.weight
        XCTAssertEqual(try ScaleRule.factors(for: Fixture.base, rules: rules), [0, 0.5, 0.5, 1.5, -1])
    }

    func testBadScaleRulesAreRefused() throws {
        XCTAssertThrowsError(try ScaleRule(parsing: "lstm.*")) {
            XCTAssertEqual("\($0)", "scale rule 'lstm.*' needs PATTERN=FACTOR or PATTERN=xFACTOR, e.g. 'lstm.*_l2=x0.5'")
        }
        XCTAssertThrowsError(try ScaleRule(parsing: "=0.5")) { XCTAssertEqual("\($0)", "scale rule '=0.5' has an empty tensor pattern") }
        XCTAssertThrowsError(try ScaleRule(parsing: "lstm.*=half")) { XCTAssertEqual("\($0)", "scale rule 'lstm.*=half': 'half' is not a number") }
        XCTAssertThrowsError(try ScaleRule.factors(for: Fixture.base, rules: [ScaleRule(parsing: "gru.*=0")])) {
            XCTAssertEqual("\($0)", "scale pattern 'gru.*' matches no tensor (tensors: embedding.weight, lstm.weight_ih_l0, lstm.bias_ih_l0, lstm.weight_ih_l1, fc.weight)")
        }
    }

    /// Per-layer λ: layer 1 at half strength, the embedding untouched, the rest at full λ = −1.
    func testAnisotropicEdit() throws {
        let tau = Fixture.vector()
        let edit = ModelEdit(vectors: [WeightedVector(vector: tau, lambda: -1, source: "t")],
                             scales: try ["*_l1=0.5", "embedding.*=0"].map(ScaleRule.init(parsing:)))
        let out = try edit.apply(to: Fixture.base, baseChecksum: Fixture.baseChecksum)
        for spec in Fixture.base.specs {
            let factor: Float = spec.name.hasSuffix("_l1") ? 0.5 : spec.name.hasPrefix("embedding") ? 0 : 1
            for i in spec.range { XCTAssertEqual(out.values[i], Fixture.base.values[i] - factor * tau.deltas.values[i], spec.name) }
        }
    }
}
