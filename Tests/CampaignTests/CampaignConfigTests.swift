import Foundation
import XCTest
@testable import Campaign

final class CampaignConfigTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("neg"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("base"), withIntermediateDirectories: true)
        try "CCO\n".write(to: dir.appendingPathComponent("neg/train.smiles"), atomically: true, encoding: .utf8)
        try "CCO\n".write(to: dir.appendingPathComponent("corpus.smi"), atomically: true, encoding: .utf8)
        folder = dir.path
    }

    private func parse(_ json: String) throws -> CampaignConfig {
        try CampaignConfig.parse(Data(json.utf8), source: "c.json", folder: folder)
    }

    private let minimal = #""name": "demo", "base_model": "base", "reference": "corpus.smi", "objectives": [{"label": "logp-low", "negatives": "neg", "success": "MolLogP>3.5"}]"#

    func testEnumerationTakesFormsPerMolecule() throws {
        XCTAssertNil(try parse("{\(minimal)}").fineTune.enumerate)
        XCTAssertEqual(try parse(#"{\#(minimal), "fine_tune": {"enumerate": 10}}"#).fineTune.enumerate, 10)
        XCTAssertThrowsError(try parse(#"{\#(minimal), "fine_tune": {"enumerate": 0}}"#)) {
            XCTAssertEqual("\($0)", "c.json.fine_tune.enumerate must be 1…100 randomized SMILES per molecule per epoch, got 0")
        }
    }

    func testLinearizedIsAFlag() throws {
        XCTAssertFalse(try parse("{\(minimal)}").fineTune.linearized)
        XCTAssertTrue(try parse(#"{\#(minimal), "fine_tune": {"linearized": true}}"#).fineTune.linearized)
    }

    func testMinimalConfigTakesThePapersDefaults() throws {
        let c = try parse("{\(minimal)}")
        XCTAssertEqual(c.name, "demo")
        XCTAssertEqual(c.output, "notebooks-data/demo")
        XCTAssertEqual(c.baseModel, folder + "/base")
        XCTAssertEqual(c.objectives, [.init(label: "logp-low", negatives: folder + "/neg", success: ["MolLogP>3.5"], lambdaScale: 1)])
        XCTAssertEqual(c.sweep.lambdas.count, 19)
        XCTAssertEqual(c.sweep.lambdas.first, 0.1)
        XCTAssertEqual(c.sweep.lambdas.last, 1.0)
        XCTAssertEqual(c.fineTune.training.batchSize, 32)
        XCTAssertEqual(c.fineTune.training.patience, 5)
        XCTAssertEqual(c.fineTune.dropout, 0.25)
        XCTAssertNil(c.fewShot)
        XCTAssertEqual(c.sweep.rule.rawValue, "success_1se", "the one-standard-error rule is the default; \"success\" stays available")
    }

    func testEveryProblemNamesItsKey() throws {
        let cases: [(String, String)] = [
            ("{\(minimal), \"sweeep\": {}}", "unknown key c.json.sweeep; allowed: name, output"),
            ("{\(minimal), \"sweep\": {\"samples\": \"many\"}}", "c.json.sweep.samples must be a number"),
            ("{\(minimal), \"sweep\": {\"samples\": 2.5}}", "c.json.sweep.samples must be a whole number"),
            ("{\(minimal), \"sweep\": {\"rule\": \"best\"}}", "c.json.sweep.rule must be success, success_x_clusters, success_1se, got 'best'"),
            ("{\(minimal), \"fine_tune\": {\"lr\": 1}}", "unknown key c.json.fine_tune.lr; allowed: batch_size"),
            ("{\(minimal), \"fine_tune\": {\"dropout\": 1}}", "c.json.fine_tune.dropout must be in [0, 1)"),
            ("{\(minimal), \"few_shot\": {\"positives\": \"neg\", \"fraction\": 2}}", "c.json.few_shot.fraction must be in (0, 1]"),
            (#"{"name": "demo", "base_model": "nowhere", "objectives": []}"#, "c.json.base_model: no such file or folder 'nowhere'"),
            (#"{"name": "demo", "base_model": "base", "reference": "corpus.smi"}"#, "c.json.objectives is required"),
            (#"{"name": "demo", "base_model": "base", "reference": "corpus.smi", "objectives": [{"label": "a", "negatives": "neg"}]}"#, "c.json.objectives[0].success is required"),
            (#"{"name": "de mo"}"#, "c.json.name must be letters"),
            // A misspelt top-level key is unknown, not a missing required one.
            (#"{"name": "demo", "base_model": "base", "reference": "corpus.smi", "objetives": []}"#, "unknown key c.json.objetives; allowed: name, output"),
            ("{\(minimal), \"sweep\": {\"lambdas\": \"0.1:1\"}}", "c.json.sweep.lambdas: the λ grid '0.1:1' needs FROM:TO:STEP"),
            ("{\(minimal), \"sweep\": {\"lambdas\": true}}", "c.json.sweep.lambdas must be a list of numbers"),
            ("{\(minimal), \"fine_tune\": {\"fixed_epochs\": 1}}", "c.json.fine_tune.fixed_epochs must be"),
            ("[1]", "c.json must hold a JSON object"),
            ("{", "c.json is not valid JSON"),
        ]
        for (json, expected) in cases {
            XCTAssertThrowsError(try parse(json), json) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(error) — expected \(expected)")
            }
        }
    }

    func testLambdasTakeTheSweepsGridStringAndTheConfigSaysWhetherOutputWasGiven() throws {
        let c = try parse("{\(minimal), \"sweep\": {\"lambdas\": \"0.2:1:0.2\"}}")
        XCTAssertEqual(c.sweep.lambdas, [0.2, 0.4, 0.6, 0.8, 1.0])
        XCTAssertEqual(try parse("{\(minimal), \"sweep\": {\"lambdas\": \"0.3, 0.6\"}}").sweep.lambdas, [0.3, 0.6])
        XCTAssertFalse(c.outputGiven)
        XCTAssertTrue(try parse("{\(minimal), \"output\": \"results/x\"}").outputGiven)
        XCTAssertFalse(c.fineTune.fixedEpochs)
        XCTAssertTrue(try parse("{\(minimal), \"fine_tune\": {\"fixed_epochs\": true}}").fineTune.fixedEpochs)
    }

    func testRelativeInputPathsAreFoundNextToTheConfigFirst() throws {
        // "neg" exists next to the config; the same name in the working directory must not win.
        let cwdNeg = FileManager.default.currentDirectoryPath + "/neg"
        let madeHere = !FileManager.default.fileExists(atPath: cwdNeg)
        if madeHere { try FileManager.default.createDirectory(atPath: cwdNeg, withIntermediateDirectories: true) }
        defer { if madeHere { try? FileManager.default.removeItem(atPath: cwdNeg) } }
        XCTAssertEqual(try parse("{\(minimal)}").objectives[0].negatives, folder + "/neg")
        XCTAssertEqual(try parse("{\(minimal)}").baseModel, folder + "/base")
    }

    func testACanonicalReferenceReplacesTheDefaultCorpus() throws {
        let c = try parse(#"{"name": "demo", "base_model": "base", "canonical_reference": "corpus.smi", "objectives": [{"label": "a", "negatives": "neg", "success": "TPSA<=75"}]}"#)
        XCTAssertEqual(c.reference, [])
        XCTAssertEqual(c.canonicalReference, [folder + "/corpus.smi"])
        XCTAssertThrowsError(try parse(#"{"name": "demo", "base_model": "base", "canonical_reference": "gone.smi", "objectives": []}"#)) {
            XCTAssertEqual("\($0)", "c.json.canonical_reference: no such file or folder 'gone.smi'")
        }
        XCTAssertThrowsError(try parse(#"{"name": "demo", "base_model": "base", "canonical_reference": "corpus.smi", "objectives": [{"label": "a", "negatives": "neg", "success": "LogP>1"}]}"#)) {
            XCTAssertTrue("\($0)".hasPrefix("c.json.objectives[0].success: "), "\($0)")
            XCTAssertTrue("\($0)".contains("MolLogP"), "the message lists the valid names: \($0)")
        }
    }

    func testDualObjectiveAndBaselineAreRead() throws {
        let c = try parse(#"""
            {"name": "dual", "base_model": "base", "reference": ["corpus.smi"], "seed": 7,
             "objectives": [{"label": "a", "negatives": "neg", "success": ["TPSA<=75"]},
                            {"label": "b", "negatives": "neg/train.smiles", "success": ["MolLogP>3.5", "QED>=0.5"], "lambda_scale": 0.5}],
             "sweep": {"lambdas": [0.2, 0.4], "samples": 50, "rule": "success_x_clusters"},
             "baseline": {"positives": ["neg", "neg"]}}
            """#)
        XCTAssertEqual(c.seed, 7)
        XCTAssertEqual(c.objectives.map(\.lambdaScale), [1, 0.5])
        XCTAssertEqual(c.objectives[1].success, ["MolLogP>3.5", "QED>=0.5"])
        XCTAssertEqual(c.sweep.lambdas, [0.2, 0.4])
        XCTAssertEqual(c.baselinePositives?.count, 2)
    }

    /// Every setting written out reads back to the same config, so a config built in code (the paper experiment)
    /// and the file left beside its results are one.
    func testTheFileFormReadsBackToTheSameConfig() throws {
        var c = try parse(#"""
            {"name": "full", "base_model": "base", "reference": ["corpus.smi"], "seed": 3,
             "objectives": [{"label": "a", "negatives": "neg", "success": ["TPSA<=75"], "lambda_scale": 0.5}],
             "fine_tune": {"batch_size": 16, "cache": "cache", "enumerate": 4, "linearized": true, "fixed_epochs": true},
             "sweep": {"lambdas": "0.2:0.6:0.2", "samples": 40, "methods": ["ties", "sum"], "rule": "success", "validity_floor": 0.5},
             "design": {"samples": 70, "temperature": 0.9, "top_k": 5, "batch_size": 8},
             "few_shot": {"positives": "neg", "fractions": [0.5, 1], "learned_lambda": true},
             "baseline": {"positives": ["neg"], "reverse": true}}
            """#)
        var again = try CampaignConfig.parse(try c.fileJSON(), source: "again.json", folder: folder)
        // Whether the file named its output folder: the written form always does.
        XCTAssertTrue(again.outputGiven)
        again.outputGiven = c.outputGiven
        XCTAssertEqual(again, c)
        // Only the λ rule's settings stay out of the resume key.
        c.sweep.validityFloor = 0.9
        c.sweep.rule = .successTimesClusters
        XCTAssertEqual(c.resumeKey, again.resumeKey)
        c.design.samples = 71
        XCTAssertNotEqual(c.resumeKey, again.resumeKey)
    }

    /// The demo's store as the code before the typed configs wrote it keeps the config file's own JSON, defaults
    /// left out. A run with the same config reads it as today's key and carries on; a changed config is still
    /// refused, naming the changed key.
    func testAStoreWithAnEarlierVersionsKeyResumesAndStillRefusesAChange() throws {
        let earlier = #"{"base_model":"base","baseline":{"positives":"neg"},"design":{"samples":5000},"fine_tune":{"batch_size":32,"learning_rate":0.0001,"max_epochs":8,"patience":5},"name":"demo-logp-high","objectives":[{"label":"logp-low","negatives":"neg","success":["MolLogP>3.5"]}],"reference":"corpus.smi","seed":1,"sweep":{"lambdas":[0.2,0.4,0.6,0.8,1],"samples":1000}}"#
        let config = try parse(#"""
            {"name": "demo-logp-high", "seed": 1, "base_model": "base", "reference": "corpus.smi",
             "objectives": [{"label": "logp-low", "negatives": "neg", "success": ["MolLogP>3.5"]}],
             "fine_tune": {"batch_size": 32, "learning_rate": 0.0001, "max_epochs": 8, "patience": 5},
             "sweep": {"lambdas": [0.2, 0.4, 0.6, 0.8, 1.0], "samples": 1000, "validity_floor": 0.7},
             "design": {"samples": 5000}, "baseline": {"positives": "neg"}}
            """#)
        let store = try CampaignStore(path: folder + "/store.sqlite")
        try store.saveConfig(earlier)
        XCTAssertNotEqual(earlier, config.resumeKey)
        try store.saveConfig(config.resumeKey, upgrade: config.upgradedResumeKey)
        XCTAssertEqual(try store.config(), config.resumeKey)

        let older = try CampaignStore(path: folder + "/older.sqlite")
        try older.saveConfig(earlier)
        var changed = config
        changed.design.samples = 6000
        XCTAssertThrowsError(try older.saveConfig(changed.resumeKey, upgrade: changed.upgradedResumeKey)) {
            XCTAssertTrue("\($0)".contains("different config (changed: design.samples)"), "\($0)")
        }
    }
}
