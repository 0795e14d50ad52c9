import Foundation
import Support

/// A finished campaign's numbers: what `metrics.json` holds, written by the campaign and read back by
/// whoever compares campaigns (the paper experiment's tables). One spelling per quantity, as in
/// `sweep.csv` and `designs.csv`; a value that cannot be computed is `null`, never left out (`ExplicitNull`).
public struct CampaignResults: Codable, Equatable, Sendable {
    public var campaign: String
    /// The RDKit version that computed every descriptor.
    public var rdkit: String
    /// The success rule's conditions, ANDed.
    public var success: [String]
    /// The λ choice rule in words.
    public var lambdaRule: String
    /// The main merge method's chosen λ (nil: no λ met the floors).
    @ExplicitNull public var chosenLambda: Double?
    /// Every sweep: the main merge method first, then the other methods and the variant arms.
    public var sweeps: [Sweep]
    /// Every arm by name.
    public var arms: [String: Arm]
    /// The data sets against the base model's samples (nil without a base arm).
    @ExplicitNull public var dataSets: DataSetCheck.Record?
    public var sizeCheck: SizeCheck.Record
    public var fineTuningWarnings: [String]
    /// Every stage of the store, in the order they began.
    public var stages: [Stage]

    public struct Sweep: Codable, Equatable, Sendable {
        public var method: String
        @ExplicitNull public var chosenLambda: Double?
        /// Set when the chosen λ is the grid's edge (the best may lie beyond it).
        @ExplicitNull public var chosenLambdaNote: String?
        public var rows: [Row]

        /// One λ: as `sweep.csv` has it.
        public struct Row: Codable, Equatable, Sendable {
            public var lambda: Double
            public var designs: Int
            public var validity: Double
            public var uniqueness: Double
            public var novelty: Double
            public var successRate: Double
            public var successRateSE: Double
            public var successClusters: Int

            enum CodingKeys: String, CodingKey {
                case lambda, designs, validity, uniqueness, novelty, successRate = "success_rate", successRateSE = "success_rate_se"
                case successClusters = "success_clusters"
            }
        }

        enum CodingKeys: String, CodingKey {
            case method, chosenLambda = "chosen_lambda", chosenLambdaNote = "chosen_lambda_note", rows
        }

    }

    public struct Arm: Codable, Equatable, Sendable {
        /// The store's stage that holds the arm's designs.
        public var stage: String
        public var lambda: Double
        public var summary: String
        /// Every design metric (Evaluation's registry) by name; nil where undefined.
        public var metrics: [String: Double?]
        /// Per descriptor, the KS distance of the arm's designs to the base model's (empty for the base itself).
        public var ksVsBaseSamples: [String: Double?]
        /// Successes counted per condition of the rule (and per objective), over all designs.
        public var successPerCondition: [String: Double]

        enum CodingKeys: String, CodingKey {
            case stage, lambda, summary, metrics, ksVsBaseSamples = "ks_vs_base_samples", successPerCondition = "success_per_condition"
        }
    }

    public struct Stage: Codable, Equatable, Sendable {
        public var name: String
        /// "running" or "done".
        public var status: String
        @ExplicitNull public var seconds: Double?
        public var detail: String

    }

    enum CodingKeys: String, CodingKey {
        case campaign, rdkit, success, lambdaRule = "lambda_rule", chosenLambda = "chosen_lambda", sweeps, arms
        case dataSets = "data_sets", sizeCheck = "size_check", fineTuningWarnings = "fine_tuning_warnings", stages
    }


    /// `metrics.json`'s text: keys sorted, indented.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a campaign's `metrics.json`.
    public static func read(_ url: URL) throws -> CampaignResults {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw UserError("cannot read \(url.path): \(error.localizedDescription)") }
        do { return try JSONDecoder().decode(CampaignResults.self, from: data) } catch {
            throw UserError("\(url.path) is not a campaign's metrics.json: \(describeDecodingError(error))")
        }
    }
}
