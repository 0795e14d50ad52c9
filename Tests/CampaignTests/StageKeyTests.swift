import XCTest
@testable import Campaign

final class StageKeyTests: XCTestCase {
    /// Every stage name found in stores written before the keys were typed (the demo's store and the test
    /// campaigns' stores of that code, every arm kind included): each reads back as a key that writes the same
    /// name, so those stores resume without a migration.
    static let namesFromEarlierStores = [
        "base-samples", "baseline", "baseline-enumerated", "baseline-rev", "data:neg-no-rings-low", "data:neg-rings-low",
        "data:pos-0", "data:pos-1", "data:pos-few-shot", "design:dare@0.5", "design:enumerated@0.5", "design:linearized@0.5",
        "design@0.5", "design@1.0", "few-shot-50%-base", "few-shot-50%@0.5", "few-shot-50%-learned@0.5", "finetune:few-shot-50%-base",
        "finetune:few-shot-50%-negated@0.5", "finetune:neg-no-rings-low", "finetune:neg-rings-low", "finetune:neg-rings-low-enumerated",
        "finetune:neg-rings-low-linearized", "finetune:positives-0", "finetune:positives-1", "finetune:positives-enumerated-0",
        "finetune:positives-rev-0", "finetune:positives-rev-1", "outputs", "sweep", "sweep:dare", "sweep:enumerated",
        "sweep:linearized", "vector:no-rings-low", "vector:rings-low", "vector:rings-low-enumerated", "vector:rings-low-linearized",
        "evaluate:negation (ties)", "evaluate:few-shot 5% learned λ",
    ]

    func testEveryEarlierStageNameReadsBackToTheSameName() throws {
        for name in Self.namesFromEarlierStores {
            let key = try XCTUnwrap(StageKey(name: name), name)
            XCTAssertEqual(key.name, name)
        }
    }

    func testNamesReadBackAsTheRightKinds() throws {
        XCTAssertEqual(StageKey(name: "design:dare@0.5"), .design(.method("dare"), lambda: 0.5))
        XCTAssertEqual(StageKey(name: "design:linearized@0.5"), .design(.variant(.linearized), lambda: 0.5))
        XCTAssertEqual(StageKey(name: "few-shot-50%-learned@0.5"), .fewShot(tag: "50%", .learned(lambda: 0.5)))
        XCTAssertEqual(StageKey(name: "finetune:positives-rev-1"), .fineTune(.positives(.reversed, step: 1)))
        XCTAssertEqual(StageKey(name: "finetune:neg-rings-low-enumerated"), .fineTune(.negatives(objective: "rings-low", variant: .enumerated)))
        XCTAssertEqual(StageKey(name: "finetune:neg-logp-high"), .fineTune(.negatives(objective: "logp-high", variant: nil)))
        XCTAssertEqual(StageKey(name: "trajectory:logp-low"), .trajectory(label: "logp-low"))
        XCTAssertEqual(StageKey.trajectory(label: "logp-low").name, "trajectory:logp-low")
        // Not a runner's name: left alone.
        XCTAssertNil(StageKey(name: "finetune:logp-low"))
        XCTAssertNil(StageKey(name: "few-shot-5%@high"))
    }

    /// Seeds come from the name without λ: a design arm draws the same numbers at whichever λ was chosen.
    func testTheSeedNameLeavesLambdaOut() {
        XCTAssertEqual(StageKey.design(.main, lambda: 0.45).seedName, "design")
        XCTAssertEqual(StageKey.design(.method("ties"), lambda: 0.3).seedName, "design:ties")
        XCTAssertEqual(StageKey.fewShot(tag: "5%", .negation(lambda: 0.45)).seedName, "few-shot-5%")
        XCTAssertEqual(StageKey.fewShot(tag: "5%", .learned(lambda: 0.45)).seedName, "few-shot-5%-learned")
        XCTAssertEqual(StageKey.sweep(.variant(.linearized)).seedName, "sweep:linearized")
        XCTAssertEqual(StageKey.baseline(.reversed).seedName, "baseline-rev")
    }
}
