import Foundation
import XCTest
@testable import Campaign

final class CampaignStoreTests: XCTestCase {
    private func temporaryStore() throws -> (CampaignStore, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("campaign.sqlite").path
        return (try CampaignStore(path: path), path)
    }

    func testStoreUsesWriteAheadLogging() throws {
        let (store, _) = try temporaryStore()
        XCTAssertEqual(try store.db.rows("PRAGMA journal_mode").first?.first?.string, "wal")
    }

    func testStagesSurviveReopeningAndAccumulateTime() throws {
        let (store, path) = try temporaryStore()
        try store.begin("finetune:logp-low")
        XCTAssertFalse(try store.isDone("finetune:logp-low"))
        try store.finish("finetune:logp-low", seconds: 2.5, detail: "7 epochs")
        let reopened = try CampaignStore(path: path)
        XCTAssertEqual(try reopened.stage("finetune:logp-low"), .init(name: "finetune:logp-low", status: .done, seconds: 2.5, detail: "7 epochs"))
        try reopened.begin("finetune:logp-low")
        try reopened.finish("finetune:logp-low", seconds: 1, detail: "again")
        XCTAssertEqual(try reopened.stage("finetune:logp-low")?.seconds, 3.5)
        XCTAssertNil(try reopened.stage("sweep"))
    }

    func testABatchIsWrittenOnceEvenWhenResubmitted() throws {
        let (store, _) = try temporaryStore()
        let batch = [(smiles: "CCO", nll: 3.0), (smiles: "c1ccccc1", nll: 5.5)]
        try store.insertBatch(stage: "sweep", lambda: 0.5, batch: 0, seed: 11, samples: batch)
        try store.insertBatch(stage: "sweep", lambda: 0.5, batch: 0, seed: 11, samples: batch)
        try store.insertBatch(stage: "sweep", lambda: 0.5, batch: 1, seed: 12, samples: [(smiles: "N", nll: 1)])
        try store.insertBatch(stage: "sweep", lambda: 0.25, batch: 0, seed: 13, samples: [(smiles: "O", nll: 1)])
        XCTAssertEqual(try store.committedBatches(stage: "sweep", lambda: 0.5), [0, 1])
        XCTAssertEqual(try store.samples(stage: "sweep", lambda: 0.5).map(\.smiles), ["CCO", "c1ccccc1", "N"])
        XCTAssertEqual(try store.samples(stage: "sweep").map(\.lambda), [0.25, 0.5, 0.5, 0.5])
        XCTAssertEqual(try store.sampleCount(stage: "sweep"), 4)
    }

    /// A transaction interrupted by an error leaves no partial batch behind.
    func testAFailedTransactionCommitsNothing() throws {
        let (store, _) = try temporaryStore()
        struct Interrupted: Error {}
        XCTAssertThrowsError(try store.db.transaction {
            try store.db.run("INSERT INTO samples (stage, lambda, batch, position, smiles, nll, seed) VALUES ('final', 0, 0, 0, 'C', 1, 1)")
            throw Interrupted()
        })
        XCTAssertEqual(try store.sampleCount(stage: "final"), 0)
    }

    func testAChangedConfigIsRefused() throws {
        let (store, _) = try temporaryStore()
        try store.saveConfig(#"{"name":"a"}"#)
        XCTAssertNoThrow(try store.saveConfig(#"{"name":"a"}"#))
        XCTAssertThrowsError(try store.saveConfig(#"{"name":"b"}"#)) {
            XCTAssertTrue("\($0)".contains("different config"), "\($0)")
        }
    }

    func testModelsVectorsScoresAndMetricsRoundTrip() throws {
        let (store, _) = try temporaryStore()
        try store.recordModel(role: "base", path: "models/base", checksum: "abc", parent: nil)
        try store.recordVector(label: "logp-low", path: "v.safetensors", checksum: "def", baseChecksum: "abc")
        XCTAssertEqual(try store.model(role: "base")?.checksum, "abc")
        XCTAssertEqual(try store.vector(label: "logp-low")?.path, "v.safetensors")
        try store.insertBatch(stage: "final", lambda: 0.7, batch: 0, seed: 1, samples: [(smiles: "CC", nll: 2)])
        let id = try store.samples(stage: "final")[0].id
        try store.recordScores([(sampleID: id, json: #"{"valid":true}"#)])
        XCTAssertEqual(try store.scores(stage: "final"), [id: #"{"valid":true}"#])
        try store.recordMetrics(stage: "sweep", lambda: 0.7, ["validity": 0.9, "novelty": .nan])
        XCTAssertEqual(try store.metrics(stage: "sweep"), [0.7: ["validity": 0.9]])
    }
}
