import XCTest
import Model
@testable import TaskArithmetic

final class VectorStatisticsTests: XCTestCase {
    func testNormsAndSparsity() throws {
        let p = try ParameterSet(tensors: [("a", [4], [3, 4, 0, 1e-9]), ("b", [2], [0, -12])])
        let s = VectorStatistics(p, label: "v")
        // a: √(9 + 16 + 0 + 1e−18) = 5 (to Double precision); 1 zero of 4; 2 of 4 below 1e−8.
        XCTAssertEqual(s.tensors[0].norm, 5, accuracy: 1e-12)
        XCTAssertEqual(s.tensors[0].zeroFraction, 0.25)
        XCTAssertEqual(s.tensors[0].nearZeroFraction, 0.5)
        XCTAssertEqual(s.tensors[0].maxAbs, 4)
        // b: norm 12, half zeros. Overall: √(25 + 144) = 13; 2 zeros and 3 near-zeros of 6.
        XCTAssertEqual(s.tensors[1].norm, 12)
        XCTAssertEqual(s.overall.norm, 13, accuracy: 1e-12)
        XCTAssertEqual(s.overall.zeroFraction, 2.0 / 6)
        XCTAssertEqual(s.overall.nearZeroFraction, 3.0 / 6)
        XCTAssertEqual(s.overall.maxAbs, 12)
    }

    func testCosineSimilarity() throws {
        let a = try ParameterSet(tensors: [("x", [2], [1, 0]), ("y", [2], [1, 2])])
        let b = try ParameterSet(tensors: [("x", [2], [0, 1]), ("y", [2], [-2, -4])])
        let sim = try VectorSimilarity(a, b, labels: ("a", "b"))
        XCTAssertEqual(sim.tensors[0].cosine, 0)
        XCTAssertEqual(sim.tensors[1].cosine!, -1, accuracy: 1e-12)
        // Overall: a·b = −2 − 8 = −10; |a| = √6, |b| = √21 → −10/√126.
        XCTAssertEqual(sim.overall!, -10 / 126.0.squareRoot(), accuracy: 1e-12)
        let zero = try ParameterSet(tensors: [("x", [2], [0, 0]), ("y", [2], [1, 1])])
        XCTAssertNil(try VectorSimilarity(a, zero, labels: ("a", "z")).tensors[0].cosine)
        XCTAssertThrowsError(try VectorSimilarity(a, Fixture.single([1]), labels: ("a", "w"))) {
            XCTAssertEqual("\($0)", "vectors 'a' and 'w' cannot be compared: tensor count differs (2 vs 1)")
        }
    }
}
