import XCTest
@testable import Chem

final class FingerprintTests: XCTestCase {
    func testPackingAndTanimoto() {
        let a = Fingerprint(bitCount: 130, onBits: [0, 63, 64, 129])
        XCTAssertEqual(a.words.count, 3)
        XCTAssertEqual(a.onBits, [0, 63, 64, 129])
        let b = Fingerprint(bitCount: 130, onBits: [0, 64, 100])
        XCTAssertEqual(a.tanimoto(b), 2.0 / 5.0)
        let empty = Fingerprint(bitCount: 130, onBits: [])
        XCTAssertEqual(empty.tanimoto(empty), 1.0)  // RDKit's convention
        XCTAssertEqual(a.tanimoto(empty), 0.0)
    }

    func testPoolMatchesPairwiseTanimoto() throws {
        let smiles = ["CCO", "CCN", "c1ccccc1O", "CC(=O)Oc1ccccc1C(=O)O", "CC(C)Cc1ccc(C(C)C(=O)O)cc1"]
        let fps = try smiles.map { try Molecule(smiles: $0).morgan() }
        let pool = FingerprintPool(fps)
        for q in fps {
            XCTAssertEqual(pool.tanimoto(query: q), fps.map { q.tanimoto($0) })
        }
        XCTAssertEqual(pool[3], fps[3])
        // Morgan of ethanol at radius 2: the reference's on-bits.
        XCTAssertEqual(fps[0].onBits, try Molecule(smiles: "OCC").morgan(radius: 2, bits: 2048).onBits)
    }

    /// RDKit's LazyBitVectorPick output (Fixtures/leader_picks.json, made by make_fixtures.py).
    func testLeaderPickerMatchesRDKit() throws {
        let fixture = try FixtureFiles.json("leader_picks.json") as! [String: Any]
        let reference = try FixtureFiles.reference().filter { $0["valid"] as! Bool }
        let synthetic = (fixture["synthetic"] as! [[Int]]).map { Fingerprint(bitCount: 64, onBits: $0) }
        var pools: [String: FingerprintPool] = ["synthetic": FingerprintPool(synthetic)]
        for (key, bits) in [("morgan2_2048", 2048), ("morgan2_1024", 1024)] {
            pools[key] = FingerprintPool(reference.map { Fingerprint(bitCount: bits, onBits: $0[key] as! [Int]) })
        }
        let cases = fixture["cases"] as! [[String: Any]]
        XCTAssertEqual(cases.count, 15)
        for c in cases {
            let pool = pools[c["source"] as! String]!
            let threshold = c["threshold"] as! Double
            XCTAssertEqual(LeaderPicker.pick(pool, threshold: threshold), c["picks"] as! [Int], "\(c["source"]!) at \(threshold)")
        }
    }

    /// Larger than one block (512) so the parallel screen and block hand-over are exercised,
    /// checked against the plain one-at-a-time definition.
    func testLeaderPickerAcrossBlocks() {
        var rng = SystemRandomNumberGenerator()
        let fps = (0..<1500).map { _ in Fingerprint(bitCount: 128, onBits: Array(Set((0..<8).map { _ in Int.random(in: 0..<128, using: &rng) })).sorted()) }
        let threshold = 0.7
        var leaders: [Int] = []
        for i in fps.indices where leaders.allSatisfy({ 1.0 - fps[$0].tanimoto(fps[i]) > threshold }) { leaders.append(i) }
        XCTAssertEqual(LeaderPicker.pick(FingerprintPool(fps), threshold: threshold), leaders)
        XCTAssertEqual(LeaderPicker.pick(FingerprintPool([]), threshold: 0.5), [])
    }
}
