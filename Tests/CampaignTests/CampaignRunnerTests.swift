import Chem
import Foundation
import Model
import TaskArithmetic
import Tokens
import XCTest
@testable import Campaign

/// A whole campaign on a tiny model: every stage runs, outputs are written, and a second run resumes
/// without drawing or writing anything twice.
final class CampaignRunnerTests: XCTestCase {
    private static let molecules = [
        "CCO", "CCN", "CCC", "CCCl", "c1ccccc1", "c1ccncc1", "CC(=O)O", "CC(C)O", "CCOC", "c1ccc(O)cc1",
        "CC(N)C", "OCCO", "NCCN", "CCCCO", "c1ccc(N)cc1", "CC(=O)N", "COC", "CCS", "CSC", "c1ccsc1",
        "C1CCCCC1", "C1CCNCC1", "CC1CCCCC1", "OC1CCCCC1", "c1ccc(Cl)cc1", "CCBr", "CC#N", "C=CC", "CC=O", "NC(=O)N",
    ]

    private func makeCampaign(extra: String = "", floors: String = #""validity_floor": 0, "novelty_floor": 0"#,
                              reference: String = #""reference": "corpus.smi""#,
                              objectives: String = #"[{"label": "rings-low", "negatives": "neg", "success": ["RingCount>0"]}]"#,
                              files: (URL) throws -> Void = { _ in }) throws -> (CampaignConfig, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-campaign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("neg"), withIntermediateDirectories: true)
        try Self.molecules.prefix(24).joined(separator: "\n").write(to: dir.appendingPathComponent("neg/train.smiles"), atomically: true, encoding: .utf8)
        try Self.molecules.suffix(6).joined(separator: "\n").write(to: dir.appendingPathComponent("neg/val.smiles"), atomically: true, encoding: .utf8)
        try (Self.molecules + ["not a molecule", "CCO"]).joined(separator: "\n").write(to: dir.appendingPathComponent("corpus.smi"), atomically: true, encoding: .utf8)
        let vocabulary = try Vocabulary.build(from: Self.molecules, tokenizer: SMILESTokenizer())
        let base = LanguageModel(config: ModelConfig(vocabulary: vocabulary, embeddingSize: 8, hiddenSize: 16, layers: 1, dropout: 0), seed: 3)
        try base.save(to: dir.appendingPathComponent("base"))
        try files(dir)
        let json = """
            {"name": "tiny", "output": "\(dir.path)/out", "work": "\(dir.path)/work", "base_model": "base", \(reference), "seed": 5,
             "objectives": \(objectives),
             "fine_tune": {"max_epochs": 2, "batch_size": 8, "learning_rate": 0.01},
             "sweep": {"lambdas": [0.5, 1.0], "samples": 40, \(floors)},
             "design": {"samples": 48, "batch_size": 16}\(extra)}
            """
        try json.write(to: dir.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        return (try CampaignConfig.load(dir.appendingPathComponent("c.json").path), dir)
    }

    func testACampaignRunsEveryStageWritesItsOutputsAndResumes() throws {
        let (config, dir) = try makeCampaign(extra: #", "baseline": {"positives": ["neg", "neg/val.smiles"], "reverse": true}, "few_shot": {"positives": "neg", "fractions": [0.5]}"#,
                                             floors: #""validity_floor": 0, "novelty_floor": 0, "methods": ["sum", "dare"]"#)
        let report = try CampaignRunner(config: config, quiet: true).run()
        let out = dir.appendingPathComponent("out")
        XCTAssertEqual(report, out.appendingPathComponent("report.html"))
        let store = try CampaignStore(path: out.appendingPathComponent("campaign.sqlite").path)
        let stages = try store.stages()
        XCTAssertTrue(stages.allSatisfy { $0.status == .done }, "\(stages)")
        for name in ["data:neg-rings-low", "finetune:neg-rings-low", "vector:rings-low", "sweep", "base-samples", "baseline", "baseline-rev", "finetune:positives-0", "finetune:positives-1", "finetune:positives-rev-1", "sweep:dare"] {
            XCTAssertTrue(stages.contains { $0.name == name }, "missing stage \(name)")
        }
        XCTAssertTrue(stages.contains { $0.name.hasPrefix("design@") })
        XCTAssertEqual(try store.sampleCount(stage: "sweep"), 80)
        XCTAssertEqual(try store.sampleCount(stage: "base-samples"), 48)

        XCTAssertTrue(stages.contains { $0.name.hasPrefix("finetune:few-shot-50%-negated@") })
        XCTAssertTrue(stages.contains { $0.name == "finetune:few-shot-50%-base" })
        XCTAssertTrue(stages.contains { $0.name.hasPrefix("design:dare@") })
        // designs.csv: a header and one row per design of each arm (negation, negation (dare), base,
        // positives, positives reversed, two few-shot arms).
        let designs = try String(contentsOf: out.appendingPathComponent("designs.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(designs[0].hasPrefix("arm,lambda,smiles,canonical_smiles,valid,unique,novel,success,nll,NumHDonors"))
        XCTAssertEqual(designs.count, 1 + 7 * 48)
        let sweep = try String(contentsOf: out.appendingPathComponent("sweep.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(sweep.count, 1 + 2 * 2)
        XCTAssertEqual(sweep.filter { $0.hasSuffix(",1") }.count, 2, "one chosen λ per method")
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("metrics.json"))) as! [String: Any]
        XCTAssertEqual(Set((metrics["arms"] as! [String: Any]).keys), ["negation", "negation (dare)", "base", "positives", "positives (reversed)", "few-shot 50% negation", "few-shot 50% base"])
        XCTAssertTrue(try String(contentsOf: report, encoding: .utf8).contains("λ sweep"))
        // The typed reader sees what the untyped one does; the table's flags sum to the arm's counts.
        let results = try CampaignResults.read(out.appendingPathComponent("metrics.json"))
        XCTAssertEqual(Set(results.arms.keys), Set((metrics["arms"] as! [String: Any]).keys))
        XCTAssertEqual(results.sweeps.map(\.method), ["sum", "dare"])
        let negationRows = designs.dropFirst().filter { $0.hasPrefix("negation,") }.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(Double(negationRows.filter { $0[6] == "true" }.count), results.arms["negation"]?.metrics["novel"] ?? nil)
        XCTAssertEqual(Double(negationRows.filter { $0[7] == "true" }.count), results.arms["negation"]?.metrics["successes"] ?? nil)
        // The data sets are compared with the base model's samples (the negatives and the positive sets).
        let dataSets = try XCTUnwrap(metrics["data_sets"] as? [String: Any])
        let rowNames = (dataSets["rows"] as! [[String: Any]]).map { $0["name"] as! String }
        XCTAssertEqual(Array(rowNames.prefix(2)), ["base model samples", "neg-rings-low"])
        XCTAssertTrue(rowNames.contains("pos-0"), "\(rowNames)")
        XCTAssertTrue(try String(contentsOf: report, encoding: .utf8).contains("The data against the base model"))
        // The size check: per arm, success per heavy-atom bin and the size-matched rate; the base matched to itself.
        let size = try XCTUnwrap(metrics["size_check"] as? [String: Any])
        let sizeArms = try XCTUnwrap(size["arms"] as? [String: [String: Any]])
        XCTAssertEqual(Set(sizeArms.keys), Set((metrics["arms"] as! [String: Any]).keys))
        // One success rate, one denominator: the bins' successes over all designs are the arm's success rate.
        for (name, row) in sizeArms {
            let armMetrics = ((metrics["arms"] as! [String: Any])[name] as! [String: Any])["metrics"] as! [String: Any]
            let successes = try XCTUnwrap(row["successes_per_bin"] as? [Int]).reduce(0, +)
            let designs = try XCTUnwrap(row["designs"] as? Int)
            XCTAssertEqual(designs, 48)
            XCTAssertEqual(Double(successes) / Double(designs), try XCTUnwrap(armMetrics["success_rate"] as? Double), accuracy: 1e-12, name)
            XCTAssertEqual(row["success_rate"] as? Double, armMetrics["success_rate"] as? Double, name)
        }
        let html = try String(contentsOf: report, encoding: .utf8)
        for section in ["Success by size (heavy atoms)", "Side effects: KS distance of every descriptor", "KS HeavyAtomCount vs base", "Success rate: successes / all designs"] {
            XCTAssertTrue(html.contains(section), "report lacks \(section)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("work/vectors/rings-low.safetensors").path))
        // Fine-tuning used the paper's dropout even though the base was made without.
        XCTAssertEqual(try LanguageModel.load(from: dir.appendingPathComponent("work/models/neg-rings-low")).config.dropout, 0.25)

        // A second run skips every finished stage and writes no design twice.
        let before = try store.samples(stage: "sweep")
        _ = try CampaignRunner(config: config, quiet: true).run()
        XCTAssertEqual(try store.samples(stage: "sweep"), before)
        XCTAssertEqual(try store.sampleCount(stage: "base-samples"), 48)
    }

    /// Two campaigns sharing a fine-tuning cache: the second one's positives are the first one's negatives
    /// (as in the paper experiment, where X-low is X-high's negatives and X-low's positives), so it takes
    /// the model from the cache instead of training it again, and gets exactly the same weights.
    /// fine_tune.enumerate adds an enumerated task vector (swept and sampled as its own arm) and an
    /// enumerated positives arm, each fine-tuned on randomized SMILES with its own recipe.
    func testEnumerationAddsTheTwoEnumeratedArms() throws {
        let (config, dir) = try makeCampaign(extra: #", "baseline": {"positives": ["neg"]}"#)
        var enumerated = config
        enumerated.fineTune.enumerate = 2
        _ = try CampaignRunner(config: enumerated, quiet: true).run()
        let store = try CampaignStore(path: dir.appendingPathComponent("out/campaign.sqlite").path)
        let stages = try store.stages().map(\.name)
        for name in ["finetune:neg-rings-low-enumerated", "vector:rings-low-enumerated", "sweep:enumerated",
                     "finetune:positives-enumerated-0", "baseline-enumerated"] {
            XCTAssertTrue(stages.contains(name), "missing stage \(name) in \(stages)")
        }
        XCTAssertTrue(stages.contains { $0.hasPrefix("design:enumerated@") })
        XCTAssertEqual(try store.sampleCount(stage: "baseline-enumerated"), 48)
        let plain = try TaskVector.read(dir.appendingPathComponent("work/vectors/rings-low.safetensors"))
        let onRandom = try TaskVector.read(dir.appendingPathComponent("work/vectors/rings-low-enumerated.safetensors"))
        XCTAssertEqual(onRandom.info.label, "rings-low-enumerated")
        XCTAssertNotEqual(plain.info.finetunedChecksum, onRandom.info.finetunedChecksum, "trained on other texts")
        let arms = try String(contentsOf: dir.appendingPathComponent("out/designs.csv"), encoding: .utf8)
        XCTAssertTrue(arms.contains("\nnegation (enumerated),"))
        XCTAssertTrue(arms.contains("\npositives (enumerated),"))
    }

    /// fine_tune.linearized adds a tangent-space task vector, swept and sampled through the expansion.
    func testLinearizedFineTuningAddsItsArm() throws {
        let (config, dir) = try makeCampaign()
        var linearized = config
        linearized.fineTune.linearized = true
        _ = try CampaignRunner(config: linearized, quiet: true).run()
        let store = try CampaignStore(path: dir.appendingPathComponent("out/campaign.sqlite").path)
        let stages = try store.stages().map(\.name)
        for name in ["finetune:neg-rings-low-linearized", "vector:rings-low-linearized", "sweep:linearized"] {
            XCTAssertTrue(stages.contains(name), "missing stage \(name) in \(stages)")
        }
        XCTAssertTrue(stages.contains { $0.hasPrefix("design:linearized@") })
        let tau = try TaskVector.read(dir.appendingPathComponent("work/vectors/rings-low-linearized.safetensors"))
        XCTAssertTrue(tau.info.linearized)
        XCTAssertFalse(try TaskVector.read(dir.appendingPathComponent("work/vectors/rings-low.safetensors")).info.linearized)
        let designs = try String(contentsOf: dir.appendingPathComponent("out/designs.csv"), encoding: .utf8)
        XCTAssertTrue(designs.contains("\nnegation (linearized),"))
    }

    /// few_shot.learned_lambda adds, per fraction, an arm whose per-layer λ are fitted to the fraction's positives.
    func testLearnedLambdaAddsAFewShotArm() throws {
        let (config, dir) = try makeCampaign(extra: #", "few_shot": {"positives": "neg", "fractions": [0.5], "learned_lambda": true}"#)
        _ = try CampaignRunner(config: config, quiet: true).run()
        let store = try CampaignStore(path: dir.appendingPathComponent("out/campaign.sqlite").path)
        let stage = try XCTUnwrap(try store.stages().map(\.name).first { $0.hasPrefix("few-shot-50%-learned@") })
        XCTAssertEqual(try store.sampleCount(stage: stage), 48)
        let model = try LanguageModel.loadWithMetadata(from: dir.appendingPathComponent("work/models/\(stage)"))
        let coefficients = try XCTUnwrap(model.metadata["fit_coefficients"])
        // The pieces of τ's fine-tuning trajectory: retraced to τ's own model, so together they are τ.
        let pieces = try store.vectors(labelPrefix: "rings-low-trajectory-")
        XCTAssertFalse(pieces.isEmpty)
        XCTAssertLessThanOrEqual(pieces.count, CampaignRunner.trajectorySegments)
        XCTAssertTrue(try XCTUnwrap(try store.stage("trajectory:rings-low")).detail.hasSuffix("the retrace ends at τ's model"))
        let tau = try TaskVector.read(dir.appendingPathComponent("work/vectors/rings-low.safetensors")).deltas.values
        var sum = [Float](repeating: 0, count: tau.count)
        for piece in pieces {
            let values = try TaskVector.read(URL(fileURLWithPath: piece.path)).deltas.values
            for i in sum.indices { sum[i] += values[i] }
        }
        XCTAssertLessThan(zip(sum, tau).map { abs($0 - $1) }.max()!, 1e-5)
        // One coefficient list per fitted vector: τ and each piece.
        XCTAssertEqual(coefficients.filter { $0 == "[" }.count - 1, 1 + pieces.count, coefficients)
        let designs = try String(contentsOf: dir.appendingPathComponent("out/designs.csv"), encoding: .utf8)
        XCTAssertTrue(designs.contains("\nfew-shot 50% learned λ,"))
    }

    func testCampaignsSharingAFineTuningCacheTrainASetOnce() throws {
        let (first, dir) = try makeCampaign()
        let cache = dir.appendingPathComponent("cache").path
        var a = first
        a.fineTune.cache = cache
        _ = try CampaignRunner(config: a, quiet: true).run()
        var b = a
        b.name = "tiny-b"
        b.output = dir.appendingPathComponent("out-b").path
        b.work = dir.appendingPathComponent("work-b").path
        b.baselinePositives = [dir.appendingPathComponent("neg").path]
        _ = try CampaignRunner(config: b, quiet: true).run()

        let storeA = try CampaignStore(path: dir.appendingPathComponent("out/campaign.sqlite").path)
        let storeB = try CampaignStore(path: dir.appendingPathComponent("out-b/campaign.sqlite").path)
        let negatives = try XCTUnwrap(try storeA.model(role: "neg-rings-low"))
        XCTAssertEqual(try storeB.model(role: "positives-0")?.checksum, negatives.checksum)
        XCTAssertEqual(try storeB.model(role: "neg-rings-low")?.checksum, negatives.checksum)
        let detail = try storeB.stages().first { $0.name == "finetune:positives-0" }?.detail ?? ""
        XCTAssertTrue(detail.contains("cache"), detail)
        XCTAssertTrue(negatives.path.hasPrefix(cache), negatives.path)
        // Only one model folder for the one (base, molecules, options, seed).
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache).count, 1)
    }

    /// An interrupted sampling stage draws only its missing batches, and they are the ones it would have drawn.
    func testAnInterruptedSamplingStageResumesAtItsLastCommittedBatch() throws {
        let (config, dir) = try makeCampaign(reference: #""canonical_reference": "corpus.smi""#)
        _ = try CampaignRunner(config: config, quiet: true).run()
        let store = try CampaignStore(path: dir.appendingPathComponent("out/campaign.sqlite").path)
        let complete = try store.samples(stage: "base-samples")
        // Simulate a kill after the first batch was committed.
        try store.db.run("DELETE FROM samples WHERE stage = 'base-samples' AND batch >= 1")
        try store.db.run("UPDATE stages SET status = 'running' WHERE name = 'base-samples'")
        XCTAssertEqual(try store.committedBatches(stage: "base-samples", lambda: 0), [0])
        _ = try CampaignRunner(config: config, quiet: true).run()
        let resumed = try store.samples(stage: "base-samples")
        XCTAssertEqual(resumed.map(\.smiles), complete.map(\.smiles))
        XCTAssertEqual(resumed.map(\.nll), complete.map(\.nll))
    }

    /// Dual-objective design: two vectors negated together, successes must meet both rules.
    func testADualObjectiveCampaignNegatesBothVectors() throws {
        let (config, dir) = try makeCampaign(objectives: #"""
            [{"label": "rings-low", "negatives": "neg", "success": ["RingCount>0"]},
             {"label": "small", "negatives": "neg/val.smiles", "success": ["HeavyAtomCount>=3"], "lambda_scale": 0.5}]
            """#)
        _ = try CampaignRunner(config: config, quiet: true).run()
        let store = try CampaignStore(path: dir.appendingPathComponent("out/campaign.sqlite").path)
        XCTAssertTrue(try store.isDone("vector:rings-low"))
        XCTAssertTrue(try store.isDone("vector:small"))
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/metrics.json"))) as! [String: Any]
        XCTAssertEqual(metrics["success"] as? [String], ["RingCount>0", "HeavyAtomCount>=3"])
        let designs = try String(contentsOf: dir.appendingPathComponent("out/designs.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        // A success meets both rules: at least one ring and at least three heavy atoms.
        let header = try String(contentsOf: dir.appendingPathComponent("out/designs.csv"), encoding: .utf8).split(separator: "\n")[0].split(separator: ",").map(String.init)
        let success = header.firstIndex(of: "success")!, rings = header.firstIndex(of: "RingCount")!, atoms = header.firstIndex(of: "HeavyAtomCount")!
        let unique = header.firstIndex(of: "unique")!, novel = header.firstIndex(of: "novel")!
        var counts = (designs: 0, rings: 0, atoms: 0, both: 0, successes: 0)
        for row in designs {
            let f = row.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == header.count, f[0] == "negation" else { continue }
            counts.designs += 1
            XCTAssertTrue(["true", "false"].contains(f[success]) && ["true", "false"].contains(f[4]), "flags are true/false as in score's CSV")
            if f[success] == "true" { counts.successes += 1 }
            guard f[unique] == "true", f[novel] == "true" else { continue }
            let r = (Int(f[rings]) ?? 0) > 0, a = (Int(f[atoms]) ?? 0) >= 3
            if r { counts.rings += 1 }
            if a { counts.atoms += 1 }
            if r && a { counts.both += 1 }
            if f[success] == "true" { XCTAssertTrue(r && a, "a success meets both rules") }
        }
        // Each condition's success alone, each objective, and all together, over all designs of the arm.
        let negation = try XCTUnwrap((metrics["arms"] as? [String: Any])?["negation"] as? [String: Any])
        let perCondition = try XCTUnwrap(negation["success_per_condition"] as? [String: Double])
        let n = Double(counts.designs)
        XCTAssertEqual(perCondition["RingCount>0"], Double(counts.rings) / n)
        XCTAssertEqual(perCondition["HeavyAtomCount>=3"], Double(counts.atoms) / n)
        XCTAssertEqual(perCondition["objective rings-low"], Double(counts.rings) / n)
        XCTAssertEqual(perCondition["objective small"], Double(counts.atoms) / n)
        XCTAssertEqual(perCondition["all (success rate)"], Double(counts.both) / n)
        XCTAssertEqual(counts.both, counts.successes)
        XCTAssertEqual(perCondition["all (success rate)"], (negation["metrics"] as? [String: Any])?["success_rate"] as? Double)
        let report = try String(contentsOf: dir.appendingPathComponent("out/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("Success per condition"))
    }

    /// A finished campaign run again returns at once with its outputs as they stand; --rewrite-outputs
    /// evaluates the arms and writes them again.
    func testAFinishedCampaignIsNotEvaluatedAgainUnlessAsked() throws {
        let (config, dir) = try makeCampaign()
        _ = try CampaignRunner(config: config, quiet: true).run()
        let store = try CampaignStore(path: dir.appendingPathComponent("out/campaign.sqlite").path)
        XCTAssertTrue(try store.isDone("outputs"))
        let designs = dir.appendingPathComponent("out/designs.csv")
        let written = try String(contentsOf: designs, encoding: .utf8)
        try FileManager.default.removeItem(at: designs)
        let report = try CampaignRunner(config: config, quiet: true).run()
        XCTAssertEqual(report.lastPathComponent, "report.html")
        XCTAssertFalse(FileManager.default.fileExists(atPath: designs.path))
        _ = try CampaignRunner(config: config, quiet: true, rewriteOutputs: true).run()
        XCTAssertEqual(try String(contentsOf: designs, encoding: .utf8), written)
    }

    /// Novelty is judged against every data set the config names from the first stage that asks: in a fresh
    /// campaign the sweep asks before the positives are fine-tuned on, and an index built from the sets read
    /// so far missed them (one or two designs in 10,000 of the paper run's arms counted as novel that Python
    /// RDKit, given the manifest's files, did not).
    func testTheNoveltyReferenceHoldsThePositivesFromTheStart() throws {
        let positives = ["CCCCCC", "CCCCCCC", "c1ccc2ccccc2c1", "CC(C)(C)O", "CCOCC", "NCCCN", "OCCCO", "CCNCC", "CCSCC", "CCC(C)C"]
        let fewShot = ["CCCCCCCC", "CC(C)CC(C)C"]
        let (config, _) = try makeCampaign(extra: #", "baseline": {"positives": ["pos"]}, "few_shot": {"positives": "few.smi", "fractions": [0.5]}"#) { dir in
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("pos"), withIntermediateDirectories: true)
            try positives.prefix(8).joined(separator: "\n").write(to: dir.appendingPathComponent("pos/train.smiles"), atomically: true, encoding: .utf8)
            try positives.suffix(2).joined(separator: "\n").write(to: dir.appendingPathComponent("pos/val.smiles"), atomically: true, encoding: .utf8)
            try fewShot.joined(separator: "\n").write(to: dir.appendingPathComponent("few.smi"), atomically: true, encoding: .utf8)
        }
        let index = try CampaignRunner(config: config, quiet: true).referenceIndex()
        for smiles in Self.molecules + positives + fewShot {
            let canonical = try Molecule(smiles: smiles).canonicalSmiles
            XCTAssertTrue(index.contains(canonicalSmiles: canonical), "\(smiles) is missing from the novelty reference")
        }
        // The corpus's 30 molecules (the negatives are among them), the positives and the few-shot set.
        XCTAssertEqual(index.count, 30 + positives.count + fewShot.count)
    }

    /// A store whose work folder is gone (a fresh clone of committed results) redoes the lost models.
    func testALostWorkFolderIsRebuiltNotFatal() throws {
        let (config, dir) = try makeCampaign()
        _ = try CampaignRunner(config: config, quiet: true).run()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("work"))
        XCTAssertNoThrow(try CampaignRunner(config: config, quiet: true, rewriteOutputs: true).run())
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("work/vectors/rings-low.safetensors").path))
    }

    /// Few-shot honesty: a set below 50 training molecules is named with its split; fixed epochs train on all of it.
    func testSmallSetsAreWarnedAboutAndFixedEpochsTrainOnEveryMolecule() throws {
        let (config, dir) = try makeCampaign()
        _ = try CampaignRunner(config: config, quiet: true).run()
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/metrics.json"))) as! [String: Any]
        let warnings = try XCTUnwrap(metrics["fine_tuning_warnings"] as? [String])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].hasPrefix("fine-tuning neg-rings-low on 24 molecules with early stopping on 6 held out: below 50 training molecules"), warnings[0])
        XCTAssertTrue(try String(contentsOf: dir.appendingPathComponent("out/report.html"), encoding: .utf8).contains("Warning: fine-tuning neg-rings-low"))

        let (_, fixedDir) = try makeCampaign()
        let file = fixedDir.appendingPathComponent("c.json")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: #""learning_rate": 0.01}"#, with: #""learning_rate": 0.01, "fixed_epochs": true}"#)
            .write(to: file, atomically: true, encoding: .utf8)
        let fixed = try CampaignConfig.load(file.path)
        XCTAssertTrue(fixed.fineTune.fixedEpochs)
        _ = try CampaignRunner(config: fixed, quiet: true).run()
        let store = try CampaignStore(path: fixedDir.appendingPathComponent("out/campaign.sqlite").path)
        // Exactly max_epochs (2), no validation loss: every one of the 30 molecules trained.
        XCTAssertEqual(try XCTUnwrap(store.stage("finetune:neg-rings-low")).detail, "2 epochs")
        let fixedMetrics = try JSONSerialization.jsonObject(with: Data(contentsOf: fixedDir.appendingPathComponent("out/metrics.json"))) as! [String: Any]
        XCTAssertEqual(fixedMetrics["fine_tuning_warnings"] as? [String], [])
    }

    func testChangingTheFloorsIsAllowedButChangingTheDataIsNot() throws {
        let (config, dir) = try makeCampaign()
        _ = try CampaignRunner(config: config, quiet: true).run()
        let text = try String(contentsOf: dir.appendingPathComponent("c.json"), encoding: .utf8)
        try text.replacingOccurrences(of: #""novelty_floor": 0"#, with: #""novelty_floor": 0.01"#)
            .write(to: dir.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        // The finished campaign is not skipped under the new rule: its outputs are written again.
        XCTAssertNoThrow(try CampaignRunner(config: try CampaignConfig.load(dir.appendingPathComponent("c.json").path), quiet: true).run())
        let store = try CampaignStore(path: dir.appendingPathComponent("out/campaign.sqlite").path)
        XCTAssertTrue(try XCTUnwrap(store.stage("outputs")).detail.hasSuffix("novelty ≥ 0.01"))
        try text.replacingOccurrences(of: #""samples": 40"#, with: #""samples": 41"#)
            .write(to: dir.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CampaignRunner(config: try CampaignConfig.load(dir.appendingPathComponent("c.json").path), quiet: true)) {
            XCTAssertTrue("\($0)".contains("different config (changed: sweep.samples)"), "\($0)")
        }
    }

    func testNoQualifyingLambdaStopsWithTheReasonAndKeepsTheSweep() throws {
        // Floors above 1 are refused up front now; a novelty of 1 (every design valid, unique and novel)
        // is out of a toy model's reach.
        let (config, dir) = try makeCampaign(floors: #""novelty_floor": 1"#)
        XCTAssertThrowsError(try CampaignRunner(config: config, quiet: true).run()) {
            XCTAssertTrue("\($0)".contains("no λ reaches validity ≥ 0.8 and novelty ≥ 1.0"), "\($0)")
        }
        let store = try CampaignStore(path: dir.appendingPathComponent("out/campaign.sqlite").path)
        XCTAssertEqual(try store.sampleCount(stage: "sweep"), 80)
        XCTAssertTrue(try store.isDone("sweep"))
    }
}
