import XCTest
@testable import Campaign

final class ConfigDifferenceTests: XCTestCase {
    func testNamesEveryChangedAddedAndRemovedKey() {
        let a = #"{"name": "x", "seed": 1, "objectives": [{"label": "a", "negatives": "n1"}], "sweep": {"samples": 10, "methods": ["sum"]}}"#
        let b = #"{"name": "x", "seed": 2, "objectives": [{"label": "a", "negatives": "n2"}], "sweep": {"samples": 10, "methods": ["sum", "ties"]}, "work": "w"}"#
        XCTAssertEqual(ConfigDifference.keys(a, b), ["objectives[0].negatives", "seed", "sweep.methods", "work"])
        XCTAssertEqual(ConfigDifference.keys(a, a), [])
        XCTAssertEqual(ConfigDifference.keys(#"{"seed": 1}"#, #"{"seed": 1.5}"#), ["seed"])
    }
}
