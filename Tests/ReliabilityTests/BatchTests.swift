import Foundation
import XCTest

/// Issue 17: `--shard I/N` outputs concatenate to the single-process output byte for byte, and
/// `antipode batch` (local runner and a real one-node Slurm cluster) merges, checks and resumes shards.
final class BatchTests: XCTestCase {
    private var folder: URL!
    override func setUpWithError() throws { folder = try temporaryFolder("batch") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    private func read(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

    func testShardsOfSampleAndScoreConcatenateToTheWholeRun() throws {
        try tinyModel().save(to: folder.appendingPathComponent("m"))
        let sample = ["sample", path("m"), "-n", "250", "--seed", "4", "--block", "40", "--batch", "16", "--max-length", "30"]
        XCTAssertEqual(try Antipode.run(sample + ["-o", path("whole.csv")]).status, 0)
        var parts = Data()
        for i in 1...3 {
            let run = try Antipode.run(sample + ["--shard", "\(i)/3", "-o", path("part\(i).csv")])
            XCTAssertEqual(run.status, 0, run.stderr)
            parts.append(try read("part\(i).csv"))
        }
        XCTAssertEqual(parts, try read("whole.csv"))
        XCTAssertTrue(String(decoding: try read("part1.csv"), as: UTF8.self).hasPrefix("smiles,nll\n"))
        XCTAssertFalse(String(decoding: try read("part2.csv"), as: UTF8.self).hasPrefix("smiles,nll"))

        let whole = try Antipode.run(["score", path("whole.csv"), "--quiet"])
        let scoreParts = try (1...4).map { try Antipode.run(["score", path("whole.csv"), "--shard", "\($0)/4", "--quiet"]).stdout }
        XCTAssertEqual(scoreParts.reduce(Data(), +), whole.stdout)
        XCTAssertEqual(whole.lines.count, 251)

        // evaluate --shard: the part's own designs (here the last 125 of 250 lines).
        let part = try Antipode.run(["evaluate", path("whole.csv"), "--canonical-reference", path("whole.csv"), "--shard", "2/2",
                                     "--no-filters", "--quiet", "--json", path("m.json")])
        XCTAssertEqual(part.status, 0, part.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: try read("m.json")) as? [String: Any])
        let designs = (json["values"] as? [[String: Any]])?.first { $0["name"] as? String == "designs" }?["value"] as? Double
        XCTAssertEqual(designs, 125)

        let bad = try Antipode.run(["score", path("whole.csv"), "--shard", "5/4"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(oneLine(bad.stderr).contains("--shard expects I/N with 1 ≤ I ≤ N, got 5/4"), bad.stderr)
    }

    private func writeConfig(shards: Int = 4) throws -> String {
        try tinyModel().save(to: folder.appendingPathComponent("m"))
        let json = """
            { "name": "t\(UUID().uuidString.prefix(8))", "shards": \(shards), "output": "\(path("out"))",
              "sample": { "model": "\(path("m"))", "count": 300, "seed": 1, "options": ["--block", "30", "--max-length", "30"] },
              "score": { "options": [] } }
            """
        try Data(json.utf8).write(to: folder.appendingPathComponent("batch.json"))
        return path("batch.json")
    }

    /// The single-process run the merged outputs must equal.
    private func singleProcessRun() throws -> (samples: Data, scores: Data) {
        let sample = try Antipode.run(["sample", path("m"), "-n", "300", "--seed", "1", "--block", "30", "--max-length", "30",
                                       "-o", path("whole.smi")])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        let score = try Antipode.run(["score", path("whole.smi"), "--quiet"])
        return (try read("whole.smi"), score.stdout)
    }

    func testLocalBatchMergesChecksAndReRunsOnlyMissingShards() throws {
        let config = try writeConfig()
        let run = try Antipode.run(["batch", "local", config, "--jobs", "2"], timeout: 300)
        XCTAssertEqual(run.status, 0, run.stderr)
        let expected = try singleProcessRun()
        XCTAssertEqual(try read("out/samples.smi"), expected.samples)
        XCTAssertEqual(try read("out/scores.csv"), expected.scores)

        // Lose shard 3: the merge refuses, naming it; the next run reruns it alone and merges again.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("out/shards/3"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("out/scores.csv"))
        let merge = try Antipode.run(["batch", "merge", config])
        XCTAssertEqual(merge.status, 1)
        XCTAssertTrue(oneLine(merge.stderr).contains("1 of 4 shards did not finish (3)"), merge.stderr)
        XCTAssertEqual(try Antipode.run(["batch", "status", config]).output, "3 of 4 shards finished; not finished: 3; merged\n")
        let again = try Antipode.run(["batch", "local", config], timeout: 300)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("1 of 4 shards to run"), again.stderr)
        XCTAssertEqual(try read("out/scores.csv"), expected.scores)
    }

    func testBadBatchConfigsAreOneLineErrors() throws {
        for (json, expected) in [(#"{"name": "x", "shards": 2}"#, "give exactly one of 'sample' and 'input'"),
                                 (#"{"name": "x", "input": "a.smi", "score": {}, "shard": 2}"#, "unknown key 'shard'"),
                                 (#"{"name": "x y", "input": "a.smi", "score": {}}"#, "'name' must be"),
                                 (#"{"name": "x", "input": "a.smi", "score": {"options": "-q"}}"#, "'score.options' must be a list"),
                                 (#"{"name": "x", "shards": true, "input": "a.smi", "score": {}}"#, "'shards' must be a whole number")] {
            try Data(json.utf8).write(to: folder.appendingPathComponent("c.json"))
            let run = try Antipode.run(["batch", "status", path("c.json")])
            XCTAssertEqual(run.status, 1)
            XCTAssertTrue(oneLine(run.stderr).contains(expected), "\(json): \(run.stderr)")
        }
    }

    /// Against a real Slurm: a one-node cluster on localhost (scripts/slurm-local-cluster.sh), stopped afterwards.
    func testSlurmJobArrayMergesAndResubmitsOnlyMissingShards() throws {
        let cluster = folder.appendingPathComponent("slurm")
        let start = try shell(["bash", Antipode.root.appendingPathComponent("scripts/slurm-local-cluster.sh").path, "start", cluster.path])
        guard start.status == 0, let conf = start.output.split(separator: "\n").last(where: { $0.hasPrefix("SLURM_CONF=") }) else {
            throw XCTSkip("no Slurm cluster could be started here: \(start.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        defer { _ = try? shell(["bash", Antipode.root.appendingPathComponent("scripts/slurm-local-cluster.sh").path, "stop", cluster.path]) }
        setenv("SLURM_CONF", String(conf.dropFirst("SLURM_CONF=".count)), 1)
        defer { unsetenv("SLURM_CONF") }

        let config = try writeConfig()
        let submit = try Antipode.run(["batch", "slurm", config], timeout: 120)
        XCTAssertEqual(submit.status, 0, submit.stderr)
        XCTAssertTrue(submit.stderr.contains("submitted shards 1-4 of 4 as job array"), submit.stderr)
        try waitForMerge(timeout: 240)
        let expected = try singleProcessRun()
        XCTAssertEqual(try read("out/samples.smi"), expected.samples)
        XCTAssertEqual(try read("out/scores.csv"), expected.scores)

        try FileManager.default.removeItem(at: folder.appendingPathComponent("out/shards/2"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("out/batch.json"))
        let resubmit = try Antipode.run(["batch", "slurm", config], timeout: 120)
        XCTAssertEqual(resubmit.status, 0, resubmit.stderr)
        XCTAssertTrue(resubmit.stderr.contains("submitted shards 2 of 4 as job array"), resubmit.stderr)
        try waitForMerge(timeout: 240)
        XCTAssertEqual(try read("out/scores.csv"), expected.scores)
    }

    private func waitForMerge(timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !FileManager.default.fileExists(atPath: path("out/batch.json")) {
            guard Date() < deadline else {
                let logs = (try? FileManager.default.contentsOfDirectory(atPath: path("out/logs"))) ?? []
                let text = logs.map { ($0, (try? String(contentsOfFile: path("out/logs/\($0)"), encoding: .utf8)) ?? "") }
                XCTFail("the merge job did not finish in \(Int(timeout)) s; logs: \(text)")
                return
            }
            usleep(500_000)
        }
    }

    private func shell(_ args: [String]) throws -> (status: Int32, output: String) {
        // Output to a file, not a pipe: the daemons the script starts outlive it.
        let log = folder.appendingPathComponent("shell-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
