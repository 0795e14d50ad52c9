import XCTest
@testable import Campaign

final class SweepChoiceTests: XCTestCase {
    func testPaperGridIsPointOneToOneInSteps() throws {
        let g = LambdaGrid.paper.values
        XCTAssertEqual(g.count, 19)
        XCTAssertEqual(g.first, 0.1)
        XCTAssertEqual(g[1], 0.15)
        XCTAssertEqual(g[17], 0.95)
        XCTAssertEqual(g.last, 1.0)
        XCTAssertEqual(try LambdaGrid(parsing: "0.2, 0.5,1").values, [0.2, 0.5, 1])
        XCTAssertEqual(try LambdaGrid(parsing: "0:1:0.3").values, [0, 0.3, 0.6, 0.9])
    }

    func testBadGridsAreRefused() {
        XCTAssertThrowsError(try LambdaGrid(parsing: "0.1:1")) { XCTAssertEqual("\($0)", "--grid '0.1:1' needs FROM:TO:STEP (e.g. 0.1:1:0.05) or a list (0.2,0.5)") }
        XCTAssertThrowsError(try LambdaGrid(parsing: "0.1:1:0")) { XCTAssertEqual("\($0)", "--grid '0.1:1:0': the step must be positive") }
        XCTAssertThrowsError(try LambdaGrid(parsing: "1:0.1:0.1")) { XCTAssertEqual("\($0)", "--grid '1:0.1:0.1': TO is below FROM") }
        XCTAssertThrowsError(try LambdaGrid(parsing: "0.1,x")) {
            XCTAssertEqual("\($0)", "--grid '0.1,x': 'x' is not a number (write FROM:TO:STEP, e.g. 0.1:1:0.05, or a list 0.2,0.5)")
        }
    }

    private func row(_ lambda: Double, validity: Double, novelty: Double, success: Double, clusters: Int) -> SweepRow {
        SweepRow(lambda: lambda, designs: 100, validity: validity, uniqueness: 1, novelty: novelty, successRate: success, successfulClusters: clusters)
    }

    func testChoiceTakesTheBestLambdaAboveTheFloors() throws {
        let rows = [
            row(0.2, validity: 0.95, novelty: 0.6, success: 0.10, clusters: 30),
            row(0.4, validity: 0.90, novelty: 0.7, success: 0.20, clusters: 10),
            row(0.6, validity: 0.85, novelty: 0.8, success: 0.15, clusters: 25),
            row(0.8, validity: 0.70, novelty: 0.9, success: 0.40, clusters: 40),  // below the validity floor
            row(1.0, validity: 0.90, novelty: 0.4, success: 0.50, clusters: 50),  // below the novelty floor
        ]
        XCTAssertEqual(try LambdaChoiceRule().choose(rows).lambda, 0.4)
        // success × clusters: 0.2·30 = 3, 0.4: 2, 0.6: 3.75 → 0.6
        XCTAssertEqual(try LambdaChoiceRule(objective: .successTimesClusters).choose(rows).lambda, 0.6)
        // Lower floors let λ = 0.8 in; a higher novelty floor leaves only 0.6.
        XCTAssertEqual(try LambdaChoiceRule(minValidity: 0.6).choose(rows).lambda, 0.8)
        XCTAssertEqual(try LambdaChoiceRule(minNovelty: 0.75).choose(rows).lambda, 0.6)
    }

    func testTiesGoToTheSmallerLambda() throws {
        let rows = [row(0.5, validity: 0.9, novelty: 0.9, success: 0.25, clusters: 1), row(0.3, validity: 0.9, novelty: 0.9, success: 0.25, clusters: 1)]
        XCTAssertEqual(try LambdaChoiceRule().choose(rows).lambda, 0.3)
    }

    func testNoEligibleLambdaSaysWhichCameClosest() {
        let rows = [row(0.2, validity: 0.5, novelty: 0.9, success: 0.1, clusters: 1), row(0.4, validity: 0.7, novelty: 0.6, success: 0.1, clusters: 1)]
        XCTAssertThrowsError(try LambdaChoiceRule().choose(rows)) {
            XCTAssertEqual("\($0)", "no λ reaches validity ≥ 0.8 and novelty ≥ 0.5; the closest was λ = 0.4 (validity 0.700, novelty 0.600); lower the floors or the grid")
        }
    }
}
