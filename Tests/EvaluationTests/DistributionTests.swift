import XCTest
@testable import Evaluation

final class DistributionTests: XCTestCase {
    func testKolmogorovSmirnovByHand() throws {
        // F_a − F_b at 1,2,3,4,5: .25, .5, .75−.2, 1−.4, 1−.6 → the largest gap is 0.6 (SciPy agrees).
        XCTAssertEqual(try XCTUnwrap(kolmogorovSmirnov([1, 2, 3, 4], [3, 4, 5, 6, 7])), 0.6, accuracy: 1e-12)
        // Ties across samples: at 1, 2/3 vs 1/3; at 2, 1 vs 1.
        XCTAssertEqual(try XCTUnwrap(kolmogorovSmirnov([1, 1, 2], [2, 1, 2])), 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(kolmogorovSmirnov([1, 2, 3], [3, 2, 1]), 0)
        XCTAssertEqual(kolmogorovSmirnov([0, 1], [5, 6]), 1)
        XCTAssertEqual(kolmogorovSmirnov([4, 3, 2, 1], [7, 6, 5, 4, 3]), kolmogorovSmirnov([7, 6, 5, 4, 3], [4, 3, 2, 1]))
        XCTAssertNil(kolmogorovSmirnov([], [1]))
        XCTAssertEqual(kolmogorovSmirnov([.nan, 1], [1]), 0, "NaNs are left out")
    }

    func testQuartilesInterpolateLikeNumPy() throws {
        let s = try XCTUnwrap(DistributionSummary([4, 1, 3, 2]))
        XCTAssertEqual(s.count, 4)
        XCTAssertEqual(s.mean, 2.5)
        XCTAssertEqual(s.min, 1)
        XCTAssertEqual(s.q1, 1.75)
        XCTAssertEqual(s.median, 2.5)
        XCTAssertEqual(s.q3, 3.25)
        XCTAssertEqual(s.max, 4)
        let one = try XCTUnwrap(DistributionSummary([7, .nan]))
        XCTAssertEqual(one.count, 1)
        XCTAssertEqual([one.q1, one.median, one.q3], [7, 7, 7])
        XCTAssertNil(DistributionSummary([.nan]))
    }
}
