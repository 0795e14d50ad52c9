import Foundation
import XCTest
import Campaign
import Model
import Support

/// Issue 18, points 4, 5 and 6: write errors on standard output are error exits, a second run on one
/// store is refused at once, and a campaign config is checked whole before anything runs.
final class OutputAndLockTests: XCTestCase {
    private var folder: URL!
    override func setUpWithError() throws { folder = try temporaryFolder("output") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testAFullDiskOnStandardOutputIsAnErrorExit() throws {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full")
        try tinyModel().save(to: folder.appendingPathComponent("m"))
        let sample = try Antipode.run(["sample", path("m"), "-n", "3000", "--max-length", "20"], stdoutFile: "/dev/full")
        XCTAssertEqual(sample.status, 1)
        XCTAssertTrue(oneLine(sample.stderr).contains("cannot write standard output"), sample.stderr)
        try Data("CCO\nCCN\n".utf8).write(to: folder.appendingPathComponent("d.smi"))
        let evaluate = try Antipode.run(["evaluate", path("d.smi"), "--canonical-reference", path("d.smi"), "--no-filters", "--quiet"],
                                        stdoutFile: "/dev/full")
        XCTAssertEqual(evaluate.status, 1)
        XCTAssertTrue(oneLine(evaluate.stderr).contains("cannot write standard output"), evaluate.stderr)
        let score = try Antipode.run(["score", "-", "--quiet"], stdin: Data("CCO\n".utf8), stdoutFile: "/dev/full")
        XCTAssertEqual(score.status, 1)
        XCTAssertTrue(oneLine(score.stderr).contains("cannot write standard output"), score.stderr)
    }

    private func campaignConfig(sweep: String = #""lambdas": [0.5], "samples": 10"#, extra: String = "") throws -> String {
        try tinyModel().save(to: folder.appendingPathComponent("base"))
        try Data("CCO\nCCN\nCCC\nc1ccccc1\n".utf8).write(to: folder.appendingPathComponent("neg.smi"))
        let json = """
            {"name": "lock", "base_model": "\(path("base"))", "reference": ["\(path("neg.smi"))"],
             "output": "\(path("out"))", "work": "\(path("work"))",
             "objectives": [{"label": "a", "negatives": "\(path("neg.smi"))", "success": ["MolLogP>1"]}],
             "sweep": {\(sweep)}\(extra)}
            """
        try Data(json.utf8).write(to: folder.appendingPathComponent("c.json"))
        return path("c.json")
    }

    func testASecondRunOnOneStoreIsRefusedAtOnceNamingTheOtherProcess() throws {
        let config = try campaignConfig()
        let held = try FileLock(folder: path("out"), what: "the campaign store")
        let run = try Antipode.run(["campaign", "run", config])
        XCTAssertEqual(run.status, 1)
        let message = oneLine(run.stderr)
        XCTAssertTrue(message.contains("the campaign store \(path("out")) is in use by another run (pid \(getpid()):"), message)
        XCTAssertLessThan(run.seconds, 20)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out/campaign.sqlite")), "nothing was written")
        withExtendedLifetime(held) {}
    }

    func testALockHeldByAKilledProcessIsNotLeftStuck() throws {
        try FileManager.default.createDirectory(atPath: path("store"), withIntermediateDirectories: true)
        let holder = Process()
        // One process holds the lock itself (flock on fd 9, then exec sleep keeps that fd): kill it and it is gone.
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9>>\"$0\" && flock -n 9 && exec sleep 60", path("store/.antipode.lock")]
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/flock"), "needs util-linux flock")
        try holder.run()
        var refused = false
        for _ in 0..<100 where !refused {  // until the holder has the lock
            do { _ = try FileLock(folder: path("store"), what: "the store"); usleep(20_000) } catch { refused = true }
        }
        XCTAssertTrue(refused, "the other process's lock is seen")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        XCTAssertNoThrow(try FileLock(folder: path("store"), what: "the store"), "kill -9 released it")
    }

    func testBadCampaignConfigsAreRefusedUpFrontNamingTheKey() throws {
        let cases: [(sweep: String, extra: String, message: String)] = [
            (#""lambdas": [0.5], "validity_floor": 1.5"#, "", "sweep.validity_floor must be in [0.0, 1.0], got 1.5"),
            (#""lambdas": [0.5], "novelty_floor": -0.5"#, "", "sweep.novelty_floor must be in [0.0, 1.0], got -0.5"),
            (#""lambdas": [0]"#, "", "sweep.lambdas[0] (a negation strength) must be in (0.0, 100.0], got 0.0"),
            (#""lambdas": [-0.2]"#, "", "sweep.lambdas[0] (a negation strength) must be in (0.0, 100.0], got -0.2"),
            (#""lambdas": [1e5]"#, "", "must be in (0.0, 100.0], got 100000.0"),
            (#""lambdas": [1e39]"#, "", "must be in (0.0, 100.0], got 1e+39"),
            (#""lambdas": [0.5, 0.5]"#, "", "sweep.lambdas lists 0.5 twice"),
            (#""lambdas": [0.5], "samples": 1e12"#, "", "sweep.samples must be at most 10000000, got 1000000000000"),
            (#""lambdas": [0.5]"#, #", "design": {"top_k": -3}"#, "design.top_k must be 0 (all tokens) or more, got -3"),
            (#""lambdas": [0.5]"#, #", "design": {"samples": 1e12}"#, "design.samples must be at most 10000000"),
            (#""lambdas": [0.5],"#, "", "a trailing comma before '}' in 'sweep' (line 4)"),
            (#""lambdas": [0.5], "lambdas": [0.7]"#, "", "key 'lambdas' appears twice in 'sweep' (line 4)"),
        ]
        for c in cases {
            let config = try campaignConfig(sweep: c.sweep, extra: c.extra)
            XCTAssertThrowsError(try CampaignConfig.load(config), c.message) {
                XCTAssertTrue("\($0)".contains(c.message), "\($0) — expected \(c.message)")
            }
        }
        var json = try String(contentsOfFile: try campaignConfig(), encoding: .utf8)
        json = json.replacingOccurrences(of: #""success": ["MolLogP>1"]"#, with: #""success": ["MolLogP>1"], "lambda_scale": -1"#)
        try json.write(toFile: path("c.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CampaignConfig.load(path("c.json"))) {
            XCTAssertTrue("\($0)".contains("objectives[0].lambda_scale must be in (0.0, 100.0], got -1.0"), "\($0)")
        }
        XCTAssertNoThrow(try CampaignConfig.load(try campaignConfig()), "the good config still loads")
        // The command says so in one line, before any store is made.
        _ = try campaignConfig(sweep: #""lambdas": [0.5], "validity_floor": 1.5"#)
        let run = try Antipode.run(["campaign", "run", path("c.json")])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(oneLine(run.stderr).contains("validity_floor must be in [0.0, 1.0]"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out")))
    }
}
