import XCTest
@testable import Sweep

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
        XCTAssertThrowsError(try LambdaGrid(parsing: "0.1:1")) {
            XCTAssertEqual("\($0)", "the λ grid '0.1:1' needs FROM:TO:STEP (e.g. 0.1:1:0.05) or a list (0.2,0.5)")
            // The command line names its flag instead.
            XCTAssertEqual(($0 as? SweepError)?.naming(grid: "--grid"), "--grid '0.1:1' needs FROM:TO:STEP (e.g. 0.1:1:0.05) or a list (0.2,0.5)")
        }
        XCTAssertThrowsError(try LambdaGrid(parsing: "0.1:1:0")) { XCTAssertEqual("\($0)", "the λ grid '0.1:1:0': the step must be positive") }
        XCTAssertThrowsError(try LambdaGrid(parsing: "1:0.1:0.1")) { XCTAssertEqual("\($0)", "the λ grid '1:0.1:0.1': TO is below FROM") }
        XCTAssertThrowsError(try LambdaGrid(parsing: "0.1,x")) {
            XCTAssertEqual("\($0)", "the λ grid '0.1,x': 'x' is not a number (write FROM:TO:STEP, e.g. 0.1:1:0.05, or a list 0.2,0.5)")
        }
    }

    private func row(_ lambda: Double, validity: Double, novelty: Double, success: Double, clusters: Int) -> SweepRow {
        SweepRow(lambda: lambda, designs: 100, validity: validity, uniqueness: 1, novelty: novelty, successRate: success, successClusters: clusters)
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

    // MARK: the one-standard-error rule (issue 19)

    func testTheStandardErrorIsWhatABootstrapOverTheDesignsGives() {
        let r = SweepRow(lambda: 0.5, designs: 1000, validity: 1, uniqueness: 1, novelty: 1, successRate: 0.25, successClusters: 1)
        XCTAssertEqual(r.successRateStandardError, (0.25 * 0.75 / 1000).squareRoot(), accuracy: 1e-15)
        // A seeded bootstrap over 1000 designs' success flags (250 successes): the resampled rates' sd.
        let flags = (0..<1000).map { $0 < 250 ? 1.0 : 0.0 }
        var state: UInt64 = 42
        func next() -> UInt64 {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let rates = (0..<2000).map { _ in (0..<1000).reduce(0.0) { acc, _ in acc + flags[Int(next() % 1000)] } / 1000 }
        let mean = rates.reduce(0, +) / 2000
        let sd = (rates.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1999).squareRoot()
        XCTAssertEqual(sd, r.successRateStandardError, accuracy: 0.05 * r.successRateStandardError)
        XCTAssertEqual(SweepRow(lambda: 1, designs: 0, validity: 0, uniqueness: 0, novelty: 0, successRate: 0, successClusters: 0).successRateStandardError, 0)
    }

    func testOneStandardErrorRuleTakesTheSmallestLambdaTheNoiseCannotTellFromTheBest() throws {
        let rows = [
            row(0.2, validity: 0.95, novelty: 0.9, success: 0.10, clusters: 1),
            row(0.4, validity: 0.90, novelty: 0.9, success: 0.20, clusters: 1),
            row(0.6, validity: 0.90, novelty: 0.9, success: 0.22, clusters: 1),
            row(0.8, validity: 0.85, novelty: 0.9, success: 0.23, clusters: 1),
            row(1.0, validity: 0.50, novelty: 0.9, success: 0.60, clusters: 1),  // below the validity floor
        ]
        // The best eligible: 0.23 at λ 0.8, se √(0.23·0.77/100) = 0.0421; 0.20 ≥ 0.1879 but 0.10 is not.
        XCTAssertEqual(try LambdaChoiceRule(objective: .successWithinOneSE).choose(rows).lambda, 0.4)
        // The paper's rule, unchanged: the largest.
        XCTAssertEqual(try LambdaChoiceRule(objective: .success).choose(rows).lambda, 0.8)
        // With 10,000 designs per λ the se shrinks to 0.0042 and only the best qualifies.
        let precise = rows.map { r in SweepRow(lambda: r.lambda, designs: 10_000, metrics: r.metrics) }
        XCTAssertEqual(try LambdaChoiceRule(objective: .successWithinOneSE).choose(precise).lambda, 0.8)
        XCTAssertTrue(LambdaChoiceRule(objective: .successWithinOneSE).description.hasPrefix("smallest λ whose success rate is within one standard error"))
        XCTAssertThrowsError(try LambdaChoiceRule(objective: .successWithinOneSE, minValidity: 0.99).choose(rows))
    }

    func testAChoiceAtTheGridsEdgeIsNoted() {
        let grid = [0.2, 0.4, 0.6, 0.8, 1.0]
        XCTAssertEqual(LambdaChoiceRule.edgeNote(chosen: 1.0, grid: grid),
                       "the chosen λ = 1.0 is the grid's largest: success may still rise beyond it; extend the grid to see")
        XCTAssertEqual(LambdaChoiceRule.edgeNote(chosen: 0.2, grid: grid),
                       "the chosen λ = 0.2 is the grid's smallest: a gentler edit may do as well; extend the grid to see")
        XCTAssertNil(LambdaChoiceRule.edgeNote(chosen: 0.6, grid: grid))
        XCTAssertNil(LambdaChoiceRule.edgeNote(chosen: 0.5, grid: [0.5]), "a one-point grid has no edge to speak of")
    }
}
