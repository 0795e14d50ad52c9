import XCTest
@testable import Model

/// `--shard` for sampling: fixed blocks, each drawn by its own seeded sampler.
final class BlockSamplingTests: XCTestCase {
    func testBlocksSplitAnywhereConcatenateToTheWholeRun() throws {
        let model = LanguageModel(config: try tinyConfig(layers: 2, hidden: 8), seed: 3)
        let options = SamplingOptions(count: 230, seed: 11, batchSize: 16, maxLength: 30)
        let whole = try model.sample(options, blockSize: 50, blocks: 0..<LanguageModel.blockCount(230, blockSize: 50))
        XCTAssertEqual(whole.count, 230)
        for cut in [1, 2, 4] {
            let parts = try model.sample(options, blockSize: 50, blocks: 0..<cut) + model.sample(options, blockSize: 50, blocks: cut..<5)
            XCTAssertEqual(parts, whole, "cut after block \(cut)")
        }
        // Blocks differ from each other (their seeds do), and a different seed gives other samples.
        XCTAssertNotEqual(whole[0..<50].map(\.smiles), whole[50..<100].map(\.smiles))
        var other = options
        other.seed = 12
        XCTAssertNotEqual(try model.sample(other, blockSize: 50, blocks: 0..<5).map(\.smiles), whole.map(\.smiles))
    }

    func testARunOfOneBlockIsTheUnblockedRun() throws {
        let model = LanguageModel(config: try tinyConfig(layers: 1, hidden: 8), seed: 5)
        let options = SamplingOptions(count: 40, seed: 2, batchSize: 8, maxLength: 25)
        XCTAssertEqual(try model.sample(options, blockSize: 1000, blocks: 0..<1), try model.sample(options))
        XCTAssertEqual(LanguageModel.blockCount(1001, blockSize: 1000), 2)
        XCTAssertEqual(LanguageModel.blockSeed(9, 0), 9)
        XCTAssertNotEqual(LanguageModel.blockSeed(9, 1), LanguageModel.blockSeed(9, 2))
    }
}
