import XCTest
import Campaign
@testable import Experiments

final class PropertyTaskTests: XCTestCase {
    func testThePapersTenTasksAndTheirRules() {
        XCTAssertEqual(PropertyTask.all.count, 10)
        XCTAssertEqual(PropertyTask.named("logp-high")?.rule, "MolLogP>3.5")
        XCTAssertEqual(PropertyTask.named("tpsa-low")?.rule, "TPSA<=75")
        XCTAssertEqual(PropertyTask.named("no-h-donors-high")?.rule, "NumHDonors>1")
        XCTAssertEqual(PropertyTask.named("no-rings-low")?.rule, "RingCount<=3")
        XCTAssertEqual(PropertyTask.named("fraction-sp3-c-high")?.rule, "FractionCSP3>0.3")
        XCTAssertEqual(PropertyTask.named("logp-high")?.opposite.name, "logp-low")
        XCTAssertNil(PropertyTask.named("logp"))
    }
}
