import Foundation
import XCTest
@testable import Campaign

final class CampaignResultsTests: XCTestCase {
    /// Undefined values are written as null (a reader finds every key) and read back as nil; the record
    /// round-trips through its file.
    func testNullsAreWrittenAndTheRecordRoundTrips() throws {
        let results = CampaignResults(
            campaign: "c", rdkit: "2022.09.3", success: ["MolLogP>3.5"], lambdaRule: "rule", chosenLambda: nil,
            sweeps: [.init(method: "sum", chosenLambda: nil, chosenLambdaNote: nil,
                           rows: [.init(lambda: 0.5, designs: 10, validity: 0.9, uniqueness: 1, novelty: 0.8, successRate: 0.1,
                                        successRateSE: 0.09, successClusters: 1)])],
            arms: ["base": .init(stage: "base-samples", lambda: 0, summary: "the base model", metrics: ["uniqueness": nil, "validity": 0],
                                 ksVsBaseSamples: [:], successPerCondition: ["all (success rate)": 0])],
            dataSets: nil,
            sizeCheck: .init(bins: ["≤15"], relativeThreshold: 0.1, definition: "d",
                             arms: ["base": .init(designs: 10, validPerBin: [0], successesPerBin: [0], successRate: 0,
                                                  sizeMatchedSuccessRate: nil, coverage: 0, meanHeavyAtoms: nil)], warnings: []),
            fineTuningWarnings: [], stages: [.init(name: "outputs", status: "running", seconds: nil, detail: "")])
        let text = String(decoding: try results.json(), as: UTF8.self)
        for key in ["chosen_lambda", "chosen_lambda_note", "data_sets", "seconds", "size_matched_success_rate", "mean_heavy_atoms", "uniqueness"] {
            XCTAssertTrue(text.contains("\"\(key)\" : null"), "\(key) in \(text)")
        }
        XCTAssertTrue(text.contains("\"success_clusters\" : 1"), text)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("antipode-results-\(UUID().uuidString).json")
        try results.json().write(to: url)
        XCTAssertEqual(try CampaignResults.read(url), results)
        try "{\"campaign\": 3}".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CampaignResults.read(url)) { XCTAssertTrue("\($0)".contains("is not a campaign's metrics.json"), "\($0)") }
    }
}
