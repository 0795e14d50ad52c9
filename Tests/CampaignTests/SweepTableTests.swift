import XCTest
@testable import Campaign

final class SweepTableTests: XCTestCase {
    func testCSVAndTextMarkTheChoice() {
        let rows = [
            SweepRow(lambda: 0.1, designs: 10, validity: 0.9, uniqueness: 1, novelty: 0.6, successRate: 0.1, successfulClusters: 1),
            SweepRow(lambda: 0.2, designs: 10, validity: 0.7, uniqueness: 1, novelty: 0.6, successRate: 0.3, successfulClusters: 2),
        ]
        XCTAssertEqual(SweepTable.csv(rows), """
            lambda,designs,validity,uniqueness,novelty,success_rate,success_clusters,success_rate_se
            0.1,10,0.9,1.0,0.6,0.1,1,0.09486832980505139
            0.2,10,0.7,1.0,0.6,0.3,2,0.14491376746189438

            """)
        XCTAssertEqual(SweepTable.text(rows, rule: LambdaChoiceRule(), chosen: 0.1), """
                 λ  designs  validity  uniqueness  novelty  success   ± se  clusters
            *  0.1       10     0.900       1.000    0.600    0.100  0.095         1
            -  0.2       10     0.700       1.000    0.600    0.300  0.145         2

            """)
    }
}
