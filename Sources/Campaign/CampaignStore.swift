import Foundation
import Support

/// One SQLite database per campaign: its config, stages, models, vectors, samples, scores and metrics.
///
/// Every write is a transaction, so a campaign killed at any point (kill -9 included) leaves the store
/// at its last committed batch; `committedBatches` tells a resumed stage what it need not redo, and the
/// unique key on (stage, lambda, batch, position) guarantees no design is written twice.
public final class CampaignStore {
    let db: Database

    public enum StageStatus: String, Sendable { case running, done }

    public struct Stage: Equatable, Sendable {
        public let name: String
        public let status: StageStatus
        public let seconds: Double?
        public let detail: String
    }

    /// One generated string as stored.
    public struct StoredSample: Equatable, Sendable {
        public let id: Int
        public let stage: String
        public let lambda: Double
        public let batch: Int
        public let position: Int
        public let smiles: String
        public let nll: Double
        public let seed: Int
    }

    public init(path: String) throws {
        db = try Database(path: path)
        try db.execute(Self.schema)
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS config (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL, saved TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS stages (
            name TEXT PRIMARY KEY, status TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
            seconds REAL, detail TEXT NOT NULL DEFAULT '');
        CREATE TABLE IF NOT EXISTS models (
            role TEXT PRIMARY KEY, path TEXT NOT NULL, checksum TEXT NOT NULL, parent TEXT, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS vectors (
            label TEXT PRIMARY KEY, path TEXT NOT NULL, checksum TEXT NOT NULL, base_checksum TEXT NOT NULL, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS samples (
            id INTEGER PRIMARY KEY, stage TEXT NOT NULL, lambda REAL NOT NULL, batch INTEGER NOT NULL,
            position INTEGER NOT NULL, smiles TEXT NOT NULL, nll REAL NOT NULL, seed INTEGER NOT NULL,
            UNIQUE (stage, lambda, batch, position));
        CREATE TABLE IF NOT EXISTS scores (
            sample_id INTEGER PRIMARY KEY REFERENCES samples(id), json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS metrics (
            stage TEXT NOT NULL, lambda REAL NOT NULL, name TEXT NOT NULL, value REAL NOT NULL,
            PRIMARY KEY (stage, lambda, name));
        """

    private static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    // MARK: config

    /// Stores the config the first time; later runs must bring the same config (a changed config
    /// would make the finished stages mean something else). A key an earlier version stored is read
    /// through `upgrade`: when it means the same config it is replaced by today's.
    public func saveConfig(_ json: String, upgrade: (String) -> String? = { _ in nil }) throws {
        if let stored = try config(), stored != json {
            let upgraded = upgrade(stored)
            if upgraded == json {
                try db.run("UPDATE config SET json = ?, saved = ? WHERE id = 1", [.text(json), .text(Self.now())])
                return
            }
            let changed = ConfigDifference.keys(upgraded ?? stored, json)
            throw UserError("this campaign's store was made with a different config\(changed.isEmpty ? "" : " (changed: \(changed.joined(separator: ", ")))"); use a new output folder or restore the original config")
        }
        try db.run("INSERT OR IGNORE INTO config (id, json, saved) VALUES (1, ?, ?)", [.text(json), .text(Self.now())])
    }

    public func config() throws -> String? {
        try db.rows("SELECT json FROM config WHERE id = 1").first?.first?.string
    }

    // MARK: stages

    public func stage(_ name: String) throws -> Stage? {
        try db.rows("SELECT name, status, seconds, detail FROM stages WHERE name = ?", [.text(name)]).first.map(Self.stage)
    }

    public func stages() throws -> [Stage] {
        try db.rows("SELECT name, status, seconds, detail FROM stages ORDER BY started, rowid").map(Self.stage)
    }

    private static func stage(_ row: [SQLValue]) -> Stage {
        Stage(name: row[0].string ?? "", status: StageStatus(rawValue: row[1].string ?? "") ?? .running,
              seconds: row[2].double, detail: row[3].string ?? "")
    }

    public func isDone(_ name: String) throws -> Bool { try stage(name)?.status == .done }

    /// Marks a stage as running (keeps its first start time when resumed).
    public func begin(_ name: String) throws {
        try db.run("INSERT INTO stages (name, status, started) VALUES (?, 'running', ?) ON CONFLICT(name) DO UPDATE SET status = 'running'",
                   [.text(name), .text(Self.now())])
    }

    public func finish(_ name: String, seconds: Double, detail: String = "") throws {
        try db.run("UPDATE stages SET status = 'done', finished = ?, seconds = COALESCE(seconds, 0) + ?, detail = ? WHERE name = ?",
                   [.text(Self.now()), .real(seconds), .text(detail), .text(name)])
    }

    // MARK: models and vectors

    public func recordModel(role: String, path: String, checksum: String, parent: String?) throws {
        try db.run("INSERT OR REPLACE INTO models (role, path, checksum, parent, created) VALUES (?, ?, ?, ?, ?)",
                   [.text(role), .text(path), .text(checksum), parent.map { .text($0) } ?? .null, .text(Self.now())])
    }

    public func model(role: String) throws -> (path: String, checksum: String)? {
        try db.rows("SELECT path, checksum FROM models WHERE role = ?", [.text(role)]).first.map { ($0[0].string ?? "", $0[1].string ?? "") }
    }

    public func recordVector(label: String, path: String, checksum: String, baseChecksum: String) throws {
        try db.run("INSERT OR REPLACE INTO vectors (label, path, checksum, base_checksum, created) VALUES (?, ?, ?, ?, ?)",
                   [.text(label), .text(path), .text(checksum), .text(baseChecksum), .text(Self.now())])
    }

    public func vector(label: String) throws -> (path: String, checksum: String)? {
        try db.rows("SELECT path, checksum FROM vectors WHERE label = ?", [.text(label)]).first.map { ($0[0].string ?? "", $0[1].string ?? "") }
    }

    /// The vectors whose label starts with `prefix`, by label.
    public func vectors(labelPrefix prefix: String) throws -> [(label: String, path: String)] {
        try db.rows("SELECT label, path FROM vectors WHERE substr(label, 1, ?) = ? ORDER BY label", [.integer(Int64(prefix.unicodeScalars.count)), .text(prefix)])
            .map { ($0[0].string ?? "", $0[1].string ?? "") }
    }

    // MARK: samples

    /// Batches of (stage, λ) already committed.
    public func committedBatches(stage: String, lambda: Double) throws -> Set<Int> {
        Set(try db.rows("SELECT DISTINCT batch FROM samples WHERE stage = ? AND lambda = ?", [.text(stage), .real(lambda)]).compactMap { $0[0].int })
    }

    /// Writes one batch of samples in one transaction; a batch already committed is left as it is.
    public func insertBatch(stage: String, lambda: Double, batch: Int, seed: Int, samples: [(smiles: String, nll: Double)]) throws {
        try db.transaction {
            let s = try db.prepare("INSERT OR IGNORE INTO samples (stage, lambda, batch, position, smiles, nll, seed) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for (i, sample) in samples.enumerated() {
                try s.bind([.text(stage), .real(lambda), .integer(Int64(batch)), .integer(Int64(i)), .text(sample.smiles),
                            .real(sample.nll.isFinite ? sample.nll : Double.greatestFiniteMagnitude), .integer(Int64(seed))])
                while try s.step() {}
            }
        }
    }

    /// Samples of a stage (and λ, when given) in generation order.
    public func samples(stage: String, lambda: Double? = nil) throws -> [StoredSample] {
        let rows: [[SQLValue]]
        let columns = "SELECT id, stage, lambda, batch, position, smiles, nll, seed FROM samples"
        if let lambda {
            rows = try db.rows("\(columns) WHERE stage = ? AND lambda = ? ORDER BY batch, position", [.text(stage), .real(lambda)])
        } else {
            rows = try db.rows("\(columns) WHERE stage = ? ORDER BY lambda, batch, position", [.text(stage)])
        }
        return rows.map {
            StoredSample(id: $0[0].int ?? 0, stage: $0[1].string ?? "", lambda: $0[2].double ?? 0, batch: $0[3].int ?? 0,
                         position: $0[4].int ?? 0, smiles: $0[5].string ?? "", nll: $0[6].double ?? 0, seed: $0[7].int ?? 0)
        }
    }

    public func sampleCount(stage: String) throws -> Int {
        try db.rows("SELECT COUNT(*) FROM samples WHERE stage = ?", [.text(stage)]).first?.first?.int ?? 0
    }

    // MARK: scores and metrics

    /// Stores each sample's score record (JSON text, as produced by the caller) in one transaction.
    public func recordScores(_ scores: [(sampleID: Int, json: String)]) throws {
        try db.transaction {
            let s = try db.prepare("INSERT OR REPLACE INTO scores (sample_id, json) VALUES (?, ?)")
            for score in scores {
                try s.bind([.integer(Int64(score.sampleID)), .text(score.json)])
                while try s.step() {}
            }
        }
    }

    public func scores(stage: String) throws -> [Int: String] {
        var out: [Int: String] = [:]
        for row in try db.rows("SELECT s.sample_id, s.json FROM scores s JOIN samples p ON p.id = s.sample_id WHERE p.stage = ?", [.text(stage)]) {
            if let id = row[0].int, let json = row[1].string { out[id] = json }
        }
        return out
    }

    public func recordMetrics(stage: String, lambda: Double, _ metrics: [String: Double]) throws {
        try db.transaction {
            for (name, value) in metrics.sorted(by: { $0.key < $1.key }) where value.isFinite {
                try db.run("INSERT OR REPLACE INTO metrics (stage, lambda, name, value) VALUES (?, ?, ?, ?)",
                           [.text(stage), .real(lambda), .text(name), .real(value)])
            }
        }
    }

    public func metrics(stage: String) throws -> [Double: [String: Double]] {
        var out: [Double: [String: Double]] = [:]
        for row in try db.rows("SELECT lambda, name, value FROM metrics WHERE stage = ?", [.text(stage)]) {
            guard let l = row[0].double, let n = row[1].string, let v = row[2].double else { continue }
            out[l, default: [:]][n] = v
        }
        return out
    }
}
