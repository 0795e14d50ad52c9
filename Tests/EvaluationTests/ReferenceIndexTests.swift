import XCTest
@testable import Evaluation

final class ReferenceIndexTests: XCTestCase {
    func testMembershipAndMerging() {
        let a = ReferenceIndex(canonicalSmiles: ["CCO", "c1ccccc1", "CCO"], descriptorSample: ["TPSA": [20.2, 0]])
        XCTAssertEqual(a.count, 2)
        XCTAssertTrue(a.contains(canonicalSmiles: "CCO"))
        XCTAssertTrue(a.contains(canonicalSmiles: "c1ccccc1"))
        XCTAssertFalse(a.contains(canonicalSmiles: "OCC"), "look-ups are by canonical SMILES, exactly")
        let b = ReferenceIndex(canonicalSmiles: ["CCN", "CCO"], descriptorSample: ["TPSA": [26.0]])
        let both = ReferenceIndex(merging: [a, b])
        XCTAssertEqual(both.count, 3)
        XCTAssertTrue(both.contains(canonicalSmiles: "CCN"))
        XCTAssertEqual(both.descriptorSample["TPSA"], [20.2, 0, 26.0])
    }

    func testCacheFileRoundTripAndKeyCheck() throws {
        let source = ReferenceSource(path: "/x/train.csv", records: 4, invalid: 1, distinct: 3)
        let index = ReferenceIndex(canonicalSmiles: ["CCO", "CCN", "C"], descriptorSample: ["QED": [0.4, 0.5], "TPSA": [1, 2]], sources: [source])
        let key = ReferenceIndexFile.CacheKey(path: "/x/train.csv", size: 10, modified: 5, rdkit: "2022.09.3", sampleSize: 2)
        let data = try ReferenceIndexFile.encode(index, key: key)
        let back = try XCTUnwrap(ReferenceIndexFile.decode(data, expecting: key))
        XCTAssertEqual(back.hashes, index.hashes)
        XCTAssertEqual(back.descriptorSample, index.descriptorSample)
        XCTAssertEqual(back.sources, [source])
        let touched = ReferenceIndexFile.CacheKey(path: "/x/train.csv", size: 10, modified: 6, rdkit: "2022.09.3", sampleSize: 2)
        XCTAssertNil(ReferenceIndexFile.decode(data, expecting: touched), "a modified corpus invalidates the cache")
        XCTAssertNil(ReferenceIndexFile.decode(data.dropLast(), expecting: key), "a truncated cache is rejected")
    }
}
