import XCTest
import Support

final class ShardTests: XCTestCase {
    func testShardRangesPartitionTheJobInOrder() throws {
        for total in [0, 1, 7, 100, 1001] {
            for n in [1, 2, 3, 8, 13] {
                let ranges = try (1...n).map { try Shard(index: $0, count: n).range(of: total) }
                XCTAssertEqual(ranges.first?.lowerBound, 0)
                XCTAssertEqual(ranges.last?.upperBound, total)
                for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
                // Equal parts: sizes differ by at most one.
                let sizes = ranges.map(\.count)
                XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1, "\(total) over \(n)")
            }
        }
    }

    func testBadShardsAreOneLineErrors() {
        for text in ["0/4", "5/4", "3", "a/b", "1/0", "-1/2"] {
            XCTAssertThrowsError(try Shard(parsing: text), text) { error in
                XCTAssertTrue("\(error)".contains("--shard"), "\(error)")
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
        XCTAssertEqual(try Shard(parsing: "3/8").description, "3/8")
        XCTAssertTrue(try Shard(parsing: "1/3").writesHeader)
        XCTAssertFalse(try Shard(parsing: "2/3").writesHeader)
    }
}
