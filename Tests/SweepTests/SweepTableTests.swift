import XCTest
@testable import Sweep

final class SweepTableTests: XCTestCase {
    func testCSVAndTextMarkTheChoice() {
        let rows = [
            SweepRow(lambda: 0.1, designs: 10, validity: 0.9, uniqueness: 1, novelty: 0.6, successRate: 0.1, successClusters: 1),
            SweepRow(lambda: 0.2, designs: 10, validity: 0.7, uniqueness: 1, novelty: 0.6, successRate: 0.3, successClusters: 2),
        ]
        let csv = SweepTable.csv([.init(method: "sum", rows: rows, chosen: 0.1)])
        XCTAssertEqual(csv, """
            method,lambda,designs,validity,uniqueness,novelty,success_rate,success_rate_se,success_clusters,chosen
            sum,0.1,10,0.9,1.0,0.6,0.1,0.09486832980505139,1,1
            sum,0.2,10,0.7,1.0,0.6,0.3,0.14491376746189438,2,0

            """)
        // The table reads back as written: rows, method and choice.
        XCTAssertEqual(try SweepTable.read(csv: csv), [.init(method: "sum", rows: rows, chosen: 0.1)])
        XCTAssertEqual(SweepTable.text(rows, rule: LambdaChoiceRule(), chosen: 0.1), """
                 λ  designs  validity  uniqueness  novelty  success   ± se  clusters
            *  0.1       10     0.900       1.000    0.600    0.100  0.095         1
            -  0.2       10     0.700       1.000    0.600    0.300  0.145         2

            """)
    }
}

final class SweepTableReadingTests: XCTestCase {
    /// A campaign's table holds several sweeps, one without a choice; a foreign table is refused by name.
    func testSeveralSweepsRoundTripAndAForeignTableIsRefused() throws {
        let a = SweepRow(lambda: 0.5, designs: 4, validity: 1, uniqueness: 0.75, novelty: 0.5, successRate: 0.25, successClusters: 1)
        let b = SweepRow(lambda: 1, designs: 4, validity: 0.5, uniqueness: 1, novelty: 1, successRate: 0, successClusters: 0)
        let sweeps: [SweepTable.Sweep] = [.init(method: "sum", rows: [a, b], chosen: 1), .init(method: "sum (linearized)", rows: [a], chosen: nil)]
        XCTAssertEqual(try SweepTable.read(csv: SweepTable.csv(sweeps)), sweeps)
        XCTAssertThrowsError(try SweepTable.read(csv: "lambda,designs\n0.1,3\n")) { XCTAssertTrue("\($0)".hasPrefix("not a sweep table"), "\($0)") }
    }
}
