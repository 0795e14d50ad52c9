import Foundation
import Support

/// The config written as a config file says it, every setting explicit: what `load` reads back to an equal
/// config, what a campaign built in code leaves beside its results, and (without the λ rule's settings) the
/// key a store keeps to refuse a changed config on resume.
extension CampaignConfig: Encodable {
    private enum Key: String, CodingKey {
        case name, output, work, seed, baseModel = "base_model", reference, canonicalReference = "canonical_reference", objectives
        case fineTune = "fine_tune", sweep, design, fewShot = "few_shot", baseline, positives, reverse
    }

    /// Set in an encoder's `userInfo` to leave out what only steers the choice of λ (floors and rule): those
    /// may change between runs, since the choice is made again from the stored rows.
    static let forResuming = CodingUserInfoKey(rawValue: "antipode.campaign.for-resuming")!

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
        try c.encode(output, forKey: .output)
        try c.encode(work, forKey: .work)
        try c.encode(seed, forKey: .seed)
        try c.encode(baseModel, forKey: .baseModel)
        try c.encode(reference, forKey: .reference)
        if !canonicalReference.isEmpty { try c.encode(canonicalReference, forKey: .canonicalReference) }
        try c.encode(objectives, forKey: .objectives)
        try c.encode(fineTune, forKey: .fineTune)
        try c.encode(sweep, forKey: .sweep)
        try c.encode(design, forKey: .design)
        try c.encodeIfPresent(fewShot, forKey: .fewShot)
        if let baselinePositives {
            var b = c.nestedContainer(keyedBy: Key.self, forKey: .baseline)
            try b.encode(baselinePositives, forKey: .positives)
            try b.encode(baselineReverse, forKey: .reverse)
        }
    }

    /// The config as a file: indented, keys sorted.
    public func fileJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// What a store keeps to tell a resumed campaign from a changed one: the config on one line, keys sorted,
    /// without the λ rule's settings.
    public var resumeKey: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.userInfo[Self.forResuming] = true
        // Encoding strings, numbers and lists cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// An earlier version's resume key (its config file's own JSON, settings left out where they were
    /// defaults) as today's key, read against this config's folder; nil when it does not read as a config.
    func upgradedResumeKey(_ stored: String) -> String? {
        (try? Self.parse(Data(stored.utf8), source: "the stored config", folder: sourceFolder, checkPaths: false))?.resumeKey
    }
}

extension CampaignConfig.Sweep: Encodable {
    private enum Key: String, CodingKey {
        case lambdas, samples, methods, validityFloor = "validity_floor", noveltyFloor = "novelty_floor", rule
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(lambdas, forKey: .lambdas)
        try c.encode(samples, forKey: .samples)
        try c.encode(methods, forKey: .methods)
        if encoder.userInfo[CampaignConfig.forResuming] as? Bool != true {
            try c.encode(validityFloor, forKey: .validityFloor)
            try c.encode(noveltyFloor, forKey: .noveltyFloor)
            try c.encode(rule, forKey: .rule)
        }
    }
}

extension CampaignConfig.FineTune: Encodable {
    private enum Key: String, CodingKey {
        case batchSize = "batch_size", learningRate = "learning_rate", maxEpochs = "max_epochs", patience, minDelta = "min_delta"
        case dropout, cache, fixedEpochs = "fixed_epochs", enumerate, linearized
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(training.batchSize, forKey: .batchSize)
        try c.encode(training.learningRate, forKey: .learningRate)
        try c.encode(training.epochs, forKey: .maxEpochs)
        try c.encode(training.patience, forKey: .patience)
        try c.encode(training.minDelta, forKey: .minDelta)
        try c.encode(dropout, forKey: .dropout)
        try c.encodeIfPresent(cache, forKey: .cache)
        try c.encode(fixedEpochs, forKey: .fixedEpochs)
        try c.encodeIfPresent(enumerate, forKey: .enumerate)
        try c.encode(linearized, forKey: .linearized)
    }
}
