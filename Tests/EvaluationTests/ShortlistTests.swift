import XCTest
import Chem
@testable import Evaluation

/// The shortlist's steps against Python RDKit 2022.9.5: QED order (`QED.qed`), PAINS (FilterCatalog A+B+C),
/// substructure matches, LeaderPicker leaders on the ranked prints (`LazyBitVectorPick(fps, n, 0.6)`) and
/// nearest neighbours (`BulkTanimotoSimilarity`, Morgan radius 2, 2048 bits).
final class ShortlistTests: XCTestCase {
    static let designs = ["CC(=O)Nc1ccc(O)cc1", "CC(=O)Oc1ccccc1C(=O)O", "Oc1ccccc1O", "CCOc1ccc(N=Nc2ccccc2)cc1", "c1ccc2ccccc2c1",
                          "CCN(CC)CCOC(=O)c1ccc(N)cc1", "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "COc1ccc2[nH]cc(CCN)c2c1", "CN1CCC[C@H]1c1cccnc1",
                          "O=C(O)c1ccccc1O", "CCCCCCCCCC", "c1ccccc1", "CC(=O)Nc1ccc(OC)cc1"]
    /// Python: sorted by QED.qed, highest first.
    static let qedOrder = ["CC(C)Cc1ccc(C(C)C(=O)O)cc1", "COc1ccc2[nH]cc(CCN)c2c1", "COc1ccc(NC(C)=O)cc1", "CCOc1ccc(N=Nc2ccccc2)cc1",
                           "CN1CCC[C@H]1c1cccnc1", "O=C(O)c1ccccc1O", "CCN(CC)CCOC(=O)c1ccc(N)cc1", "CC(=O)Nc1ccc(O)cc1",
                           "CC(=O)Oc1ccccc1C(=O)O", "c1ccc2ccccc2c1", "Oc1ccccc1O", "CCCCCCCCCC", "c1ccccc1"]

    override func setUpWithError() throws {
        try SAScore.load()
        try MOSESFilters.load()
    }

    private func shortlist(_ rank: String = "qed", candidates: [Shortlist.Candidate]? = nil, sets: [(name: String, smiles: [String])] = [],
                           _ configure: (inout Shortlist.Options) throws -> Void = { _ in }) throws -> Shortlist {
        var options = Shortlist.Options(rank: try RankFormula(parsing: rank, names: Shortlist.valueNames))
        options.count = 100
        try configure(&options)
        return Shortlist(candidates: candidates ?? Self.designs.map { Shortlist.Candidate(smiles: $0) }, options: options, sets: sets)
    }

    func testRanksByTheStatedCriterion() throws {
        let s = try shortlist()
        XCTAssertEqual(s.entries.map(\.smiles), Self.qedOrder)
        XCTAssertEqual(s.entries.map(\.rank), Array(1...13))
        XCTAssertEqual(s.entries[0].score, 0.8216, accuracy: 5e-5)
        // A formula, and "lowest first" by negation: smallest molecules first.
        let small = try shortlist("-HeavyAtomCount")
        XCTAssertEqual(small.entries.prefix(2).map(\.smiles), ["c1ccccc1", "Oc1ccccc1O"])
        XCTAssertEqual(try RankFormula(parsing: "nll", names: Shortlist.valueNames).description, "NLL under the model, lowest first (most likely)")
    }

    func testRequirementsAndSubstructuresFilterWithCounts() throws {
        // PAINS (Python FilterCatalog): catechol and the azobenzene match.
        let s = try shortlist { o in
            o.requirements = try DescriptorPredicate.parseAll("PAINS==0", descriptorNames: Shortlist.valueNames)
            o.excludedSubstructures = [try SubstructurePattern(smarts: "c[OX2H]")]
        }
        XCTAssertFalse(s.entries.contains { $0.smiles == "Oc1ccccc1O" || $0.smiles == "CCOc1ccc(N=Nc2ccccc2)cc1" })
        XCTAssertFalse(s.entries.contains { $0.smiles == "CC(=O)Nc1ccc(O)cc1" || $0.smiles == "O=C(O)c1ccccc1O" }, "phenols excluded")
        XCTAssertEqual(s.entries.count, 9)
        XCTAssertEqual(s.steps.map(\.count), [13, 13, 11, 9, 9])
        XCTAssertTrue(s.entries.allSatisfy { !$0.pains })
        let kept = try shortlist { o in o.substructures = [try SubstructurePattern(smarts: "C(=O)[OH]")] }
        XCTAssertEqual(kept.entries.map(\.smiles), ["CC(C)Cc1ccc(C(C)C(=O)O)cc1", "O=C(O)c1ccccc1O", "CC(=O)Oc1ccccc1C(=O)O"])
    }

    func testDiverseKeepsTheBestRankedDesignOfEachLeaderPickerCluster() throws {
        let s = try shortlist { $0.diverse = 0.6 }
        // Python: LazyBitVectorPick on the QED-ordered prints at 0.6 → [0, 1, 2, 3, 4, 5, 6, 9, 11, 12].
        XCTAssertEqual(s.entries.map(\.smiles), [0, 1, 2, 3, 4, 5, 6, 9, 11, 12].map { Self.qedOrder[$0] })
        let top = try shortlist { $0.diverse = 0.6; $0.count = 3 }
        XCTAssertEqual(top.entries.map(\.smiles), Array(Self.qedOrder.prefix(3)))
    }

    func testEachEntryCarriesItsNearestTrainingMolecule() throws {
        let train = ["CC(=O)Nc1ccccc1", "Oc1ccccc1", "CCCCCC", "c1ccc2ccccc2c1C"]
        let s = try shortlist(sets: [("neg-test", train), ("empty", [])]) { $0.count = 4 }
        XCTAssertEqual(s.entries.map { $0.neighbours.count }, [1, 1, 1, 1], "an empty set has no neighbour")
        let expected: [(String, Double)] = [("CC(=O)Nc1ccccc1", 0.2222222222222222), ("c1ccc2ccccc2c1C", 0.11363636363636363),
                                            ("CC(=O)Nc1ccccc1", 0.5555555555555556), ("Oc1ccccc1", 0.20689655172413793)]
        for (entry, (smiles, similarity)) in zip(s.entries, expected) {
            XCTAssertEqual(entry.neighbours[0].set, "neg-test")
            XCTAssertEqual(entry.neighbours[0].smiles, smiles)
            XCTAssertEqual(entry.neighbours[0].similarity, similarity, accuracy: 1e-12)
        }
    }

    func testDuplicatesInvalidDesignsAndMissingNLLAreCounted() throws {
        let candidates = [Shortlist.Candidate(smiles: "OCC", nll: 20), Shortlist.Candidate(smiles: "CCO", nll: 30),
                          Shortlist.Candidate(smiles: "C1CC", nll: 5), Shortlist.Candidate(smiles: "c1ccccc1", nll: 25),
                          Shortlist.Candidate(smiles: "CCN", nll: nil)]
        let s = try shortlist("nll", candidates: candidates)
        XCTAssertEqual(s.entries.map(\.smiles), ["CCO", "c1ccccc1"], "most likely first; the first design of a molecule keeps its NLL")
        XCTAssertEqual(s.entries.map(\.nll), [20, 25])
        XCTAssertEqual(s.steps.map(\.count), [5, 3, 2, 2])
        XCTAssertEqual(s.steps[2].what, "with a value for the criterion")
    }

    func testBadFormulasAreOneLineErrors() {
        for bad in ["", "QED +", "QED * (SA", "Foo", "QED SA"] {
            XCTAssertThrowsError(try RankFormula(parsing: bad, names: Shortlist.valueNames), bad) { error in
                XCTAssertFalse("\(error)".contains("\n"))
                XCTAssertTrue("\(error)".hasPrefix("--rank '\(bad)'"), "\(error)")
            }
        }
        let f = try! RankFormula(parsing: "(QED - 0.5) * 2 / -SA", names: Shortlist.valueNames)
        XCTAssertEqual(f.value { ["QED": 0.75, "SA": 2][$0] }, -0.25)
        XCTAssertEqual(f.names, ["QED", "SA"])
    }
}
