import Chem
import XCTest
@testable import Evaluation

/// Every metric on a small hand-made set. Expected values are worked out by hand from the list below
/// (descriptor values, fingerprints and LeaderPicker from Python RDKit 2022.09.5 and MOSES's formulas).
final class MetricsTests: XCTestCase {
    /// 12 designs: 3 invalid (unclosed ring, empty, nonsense), 9 valid of 6 distinct molecules.
    static let designs = [
        "CCO", "OCC",                     // ethanol twice (two spellings); in the reference
        "c1ccccc1", "C1=CC=CC=C1",        // benzene twice (aromatic and Kekulé); novel
        "CC(=O)O",                        // acetic acid; novel
        "C1CC", "", "XYZ",                // invalid
        "c1ccccc1O",                      // phenol; novel
        "CCN",                            // ethylamine; in the reference (written NCC there)
        "C[N+](C)(C)C",                   // tetramethylammonium; novel, fails the MOSES filters (charged)
        "c1ccccc1O",                      // phenol again, same spelling
    ]
    /// The reference corpus: ethanol, ethylamine, propane, naphthalene.
    static let corpus = ["CCO", "NCC", "CCC", "c1ccc2ccccc2c1"]

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-eval-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func reference() throws -> ReferenceIndex {
        let url = directory.appendingPathComponent("corpus.csv")
        try ("SMILES\n" + Self.corpus.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return try ReferenceIndex.load(corpora: [url.path], cacheDirectory: directory.appendingPathComponent("cache"), quiet: true)
    }

    func testEveryMetricOnAHandMadeSet() throws {
        let rule = try DescriptorPredicate.parseAll("NumHDonors>=1, MolLogP>1")
        let m = evaluate(designs: Self.designs, reference: try reference(), predicates: rule)
        let expected: [(String, Double)] = [
            ("designs", 12), ("valid", 9), ("validity", 9.0 / 12),
            ("unique", 6), ("uniqueness", 6.0 / 9), ("unique@1k", 6.0 / 9), ("unique@10k", 6.0 / 9),
            ("novel", 4), ("novelty", 4.0 / 12), ("novelty_moses", 4.0 / 6),
            // Only phenol is novel with a donor and logP > 1 (1.392; benzene has no donor, acetic acid logP 0.09).
            ("successes", 1), ("success_rate", 1.0 / 12),
            // MOSES internal_diversity over the 9 valid designs, duplicates and self pairs included (NumPy).
            ("intdiv1", 0.731849357775), ("intdiv2", 0.554264210198),
            ("substructures", 28),   // distinct unfolded Morgan r=2 ids (Python RDKit GetMorganFingerprint)
            ("clusters", 6), ("success_clusters", 1), ("success_scaffolds", 1),   // phenol's benzene ring
            ("scaffolds", 1), ("scaffolds_per_valid", 1.0 / 9),   // benzene's ring (benzene, phenol)
            ("filters", 8.0 / 9),    // all valid designs but the cation
        ]
        XCTAssertEqual(m.values.map(\.name), MetricDefinition.all.map(\.name))
        for (name, value) in expected {
            XCTAssertEqual(try XCTUnwrap(m[name], name), value, accuracy: 1e-9, name)
        }
        XCTAssertEqual(m.predicates, ["NumHDonors>=1", "MolLogP>1"])
        XCTAssertEqual(m.referenceMolecules, 4)
        XCTAssertEqual(m.warnings.count, 2, "unique@1k and unique@10k warn as MOSES does")
        XCTAssertEqual(DesignSet(designs: Self.designs).successes(reference: try reference(), predicates: rule), ["Oc1ccccc1"])
        // Acetic acid alone succeeds here: one success, acyclic, so no scaffold among the successes.
        let acyclic = evaluate(designs: Self.designs, reference: try reference(), predicates: try DescriptorPredicate.parseAll("NumHDonors>=1, MolLogP<1"))
        XCTAssertEqual(acyclic["successes"], 1)
        XCTAssertEqual(acyclic["success_scaffolds"], 0)
    }

    /// Per design, in order: a second design of a molecule is neither unique nor novel, so the flags sum to the
    /// metrics' counts (novel, successes). Rule NumHDonors>=1: phenol (OH) succeeds; ethanol's OH is in the reference.
    func testDesignFlagsSumToTheMetrics() throws {
        let rule = try DescriptorPredicate.parseAll("NumHDonors>=1")
        let set = DesignSet(designs: Self.designs, plan: ScoringPlan(objectives: ScoringPlan.objectives(in: rule)))
        let flags = set.flags(reference: try reference(), predicates: rule)
        let f = DesignFlags.self
        XCTAssertEqual(flags, [
            f.init(valid: true, unique: true, novel: false, success: false),   // ethanol: in the reference
            f.init(valid: true, unique: false, novel: false, success: false),  // ethanol again
            f.init(valid: true, unique: true, novel: true, success: false),    // benzene: no donor
            f.init(valid: true, unique: false, novel: false, success: false),  // benzene again (Kekulé)
            f.init(valid: true, unique: true, novel: true, success: true),     // acetic acid: OH donor
            .invalid, .invalid, .invalid,
            f.init(valid: true, unique: true, novel: true, success: true),     // phenol
            f.init(valid: true, unique: true, novel: false, success: false),   // ethylamine: in the reference
            f.init(valid: true, unique: true, novel: true, success: false),    // tetramethylammonium: no donor
            f.init(valid: true, unique: false, novel: false, success: false),  // phenol again
        ])
        let m = evaluate(set, reference: try reference(), predicates: rule)
        XCTAssertEqual(Double(flags.filter(\.novel).count), m["novel"])
        XCTAssertEqual(Double(flags.filter(\.success).count), m["successes"])
        XCTAssertEqual(Double(flags.filter(\.novel).count) / Double(flags.count), m["novelty"])
    }

    func testSideEffectsAgainstTheReferenceSample() throws {
        let m = evaluate(designs: Self.designs, reference: try reference())
        let logP = try XCTUnwrap(m.descriptors.first { $0.name == "MolLogP" })
        // Designs' logP: -0.035, -0.0014, 0.0909, 0.3224, 1.3922, 1.6866; reference: -0.035, -0.0014, 1.4163, 2.8398.
        // The ECDF gap is largest at 1.3922: 5/6 − 2/4 = 1/3.
        XCTAssertEqual(try XCTUnwrap(logP.ks), 1.0 / 3, accuracy: 1e-12)
        let d = try XCTUnwrap(logP.designs)
        XCTAssertEqual(d.count, 6)
        XCTAssertEqual(d.mean, 0.57595, accuracy: 1e-6)
        XCTAssertEqual(d.q1, 0.021675, accuracy: 1e-6)
        XCTAssertEqual(d.median, 0.20665, accuracy: 1e-6)
        XCTAssertEqual(d.q3, 1.12475, accuracy: 1e-6)
        XCTAssertEqual(logP.reference?.count, 4)
        XCTAssertEqual(m.descriptors.map(\.name), Descriptor.all.map(\.name))
    }

    func testIntDivMatchesBruteForceOverMoleculeTanimoto() throws {
        let smiles = ["CCO", "c1ccccc1O", "CC(=O)Nc1ccc(O)cc1", "CC(=O)Nc1ccc(O)cc1", "CN1CCC[C@H]1c1cccnc1", "O=C(O)c1ccccc1O"]
        let fps = try smiles.map { try Molecule(smiles: $0).morgan(radius: 2, bits: 1024) }
        var mean1 = 0.0, mean2 = 0.0
        for x in fps {
            let t = fps.map { x.tanimoto($0) }
            mean1 += t.reduce(0, +) / Double(fps.count)
            mean2 += (t.map { $0 * $0 }.reduce(0, +) / Double(fps.count)).squareRoot()
        }
        let m = evaluate(designs: smiles, reference: ReferenceIndex(canonicalSmiles: []))
        XCTAssertEqual(try XCTUnwrap(m["intdiv1"]), 1 - mean1 / Double(fps.count), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(m["intdiv2"]), 1 - mean2 / Double(fps.count), accuracy: 1e-12)
    }

    func testUniqueAtKUsesTheFirstKValidDesigns() throws {
        // 1,100 valid designs: the first 1,000 hold 10 molecules, the rest 100 new ones; invalid ones interleaved.
        // Isotope-labelled methanes are distinct molecules of one atom each, so scoring them is quick.
        let methane = { (mass: Int) in "[\(mass)CH4]" }
        let firstTen = (1...10).map(methane)
        var designs: [String] = []
        for i in 0..<1000 {
            designs.append(firstTen[i % 10])
            if i % 100 == 0 { designs.append("C1CC") }
        }
        designs += (11...110).map(methane)
        let m = evaluate(designs: designs, reference: ReferenceIndex(canonicalSmiles: []))
        XCTAssertEqual(m["unique@1k"], 10.0 / 1000)
        XCTAssertEqual(try XCTUnwrap(m["unique@10k"]), 110.0 / 1100, accuracy: 1e-12)
        XCTAssertEqual(m.warnings, ["unique@10000: only 1100 valid designs, so it is computed over all of them (as MOSES does)"])
    }

    func testEmptyAndAllInvalidSetsHaveUndefinedFractions() throws {
        let m = evaluate(designs: ["", "C1CC"], reference: ReferenceIndex(canonicalSmiles: ["CCO"]))
        XCTAssertEqual(m["designs"], 2)
        XCTAssertEqual(m["validity"], 0)
        XCTAssertNil(m["uniqueness"])
        XCTAssertNil(m["intdiv1"])
        XCTAssertEqual(m["clusters"], 0)
        XCTAssertNil(m.descriptors[0].designs)
        let empty = evaluate(designs: [], reference: ReferenceIndex(canonicalSmiles: []))
        XCTAssertNil(empty["validity"])
        XCTAssertNoThrow(try empty.json())
    }

    func testJSONRoundTripAndTable() throws {
        let m = evaluate(designs: Self.designs, reference: try reference(), predicates: try DescriptorPredicate.parseAll("MolLogP>1"))
        let back = try JSONDecoder().decode(Metrics.self, from: try m.json())
        XCTAssertEqual(back.values, m.values)
        XCTAssertEqual(back.descriptors, m.descriptors)
        let table = m.table()
        XCTAssertTrue(table.contains("Success: MolLogP>1"))
        XCTAssertTrue(table.contains("Validity"))
        XCTAssertTrue(table.contains("0.7500"))
    }

    func testCorpusIndexIsCachedAndRebuiltWhenTheFileChanges() throws {
        let url = directory.appendingPathComponent("corpus.smi")
        let cache = directory.appendingPathComponent("cache")
        try "CCO\nNCC\nnot-a-smiles\n".write(to: url, atomically: true, encoding: .utf8)
        let first = try ReferenceIndex.load(corpora: [url.path], cacheDirectory: cache, quiet: true)
        XCTAssertEqual(first.count, 2)
        XCTAssertEqual(first.sources.first?.invalid, 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        XCTAssertEqual(files.count, 1)
        // The second load reads the cache: prove it by planting a different index under the same key.
        let key = try ReferenceIndexFile.key(for: url.path, rdkit: rdkitVersion, sampleSize: 10_000)
        let planted = ReferenceIndex(canonicalSmiles: ["C"], sources: [ReferenceSource(path: url.path, records: 1, invalid: 0, distinct: 1)])
        try ReferenceIndexFile.encode(planted, key: key).write(to: ReferenceIndexFile.cacheURL(for: key, in: cache))
        XCTAssertTrue(try ReferenceIndex.load(corpora: [url.path], cacheDirectory: cache, quiet: true).contains(canonicalSmiles: "C"))
        // Changing the file (size and mtime) makes a new key, so the index is rebuilt.
        try "CCO\nNCC\nc1ccccc1\n".write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: url.path)
        let rebuilt = try ReferenceIndex.load(corpora: [url.path], cacheDirectory: cache, quiet: true)
        XCTAssertEqual(rebuilt.count, 3)
        XCTAssertTrue(rebuilt.contains(canonicalSmiles: "c1ccccc1"))
        XCTAssertFalse(rebuilt.contains(canonicalSmiles: "C"))
    }
}

extension MetricsTests {
    func testSkippingFiltersAndSideEffectsKeepsTheRest() throws {
        let rule = try DescriptorPredicate.parseAll("NumHDonors>=1, MolLogP>1")
        let options = EvaluationOptions(filters: false, sideEffects: false)
        let m = evaluate(designs: Self.designs, reference: try reference(), predicates: rule, options: options)
        XCTAssertNil(m["filters"])
        XCTAssertEqual(m["successes"], 1, "the predicates' descriptors are still computed")
        XCTAssertEqual(try XCTUnwrap(m["intdiv1"]), 0.731849357775, accuracy: 1e-9)
        XCTAssertNotNil(m.descriptors.first { $0.name == "MolLogP" }?.designs)
        XCTAssertNil(m.descriptors.first { $0.name == "QED" }?.designs, "QED was not computed")
    }
}

extension MetricsTests {
    func testTableListsOnlyTheDescriptorsThatWereComputed() throws {
        let rule = try DescriptorPredicate.parseAll("MolLogP>1")
        let m = evaluate(designs: Self.designs, reference: try reference(), predicates: rule,
                         options: EvaluationOptions(filters: false, sideEffects: false))
        let table = m.table()
        XCTAssertTrue(table.contains("\nMolLogP "))
        XCTAssertFalse(table.contains("\nQED "))
        let none = evaluate(designs: Self.designs, reference: try reference(), options: EvaluationOptions(sideEffects: false))
        XCTAssertFalse(none.table().contains("Side effects"))
    }
}
