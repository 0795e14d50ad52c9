import Foundation
import Support

/// The config written as a config file says it, every setting explicit: what `load` reads back to an equal
/// config, what a campaign built in code leaves beside its results, and (without the λ rule's settings) the
/// key a store keeps to refuse a changed config on resume.
extension CampaignConfig: Encodable {
    private enum Key: String, CodingKey {
        case name, output, work, seed, baseModel = "base_model", reference, canonicalReference = "canonical_reference", objectives
        case fineTune = "fine_tune", sweep, design, fewShot = "few_shot", baseline
        case label, negatives, success, lambdaScale = "lambda_scale"
        case batchSize = "batch_size", learningRate = "learning_rate", maxEpochs = "max_epochs", patience, minDelta = "min_delta"
        case dropout, cache, fixedEpochs = "fixed_epochs", enumerate, linearized
        case lambdas, samples, validityFloor = "validity_floor", noveltyFloor = "novelty_floor", rule, methods
        case temperature, topK = "top_k"
        case positives, fractions, learnedLambda = "learned_lambda", reverse
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
        var list = c.nestedUnkeyedContainer(forKey: .objectives)
        for o in objectives {
            var e = list.nestedContainer(keyedBy: Key.self)
            try e.encode(o.label, forKey: .label)
            try e.encode(o.negatives, forKey: .negatives)
            try e.encode(o.success, forKey: .success)
            try e.encode(o.lambdaScale, forKey: .lambdaScale)
        }
        var f = c.nestedContainer(keyedBy: Key.self, forKey: .fineTune)
        try f.encode(fineTune.batchSize, forKey: .batchSize)
        try f.encode(fineTune.learningRate, forKey: .learningRate)
        try f.encode(fineTune.maxEpochs, forKey: .maxEpochs)
        try f.encode(fineTune.patience, forKey: .patience)
        try f.encode(fineTune.minDelta, forKey: .minDelta)
        try f.encode(fineTune.dropout, forKey: .dropout)
        try f.encodeIfPresent(fineTune.cache, forKey: .cache)
        try f.encode(fineTune.fixedEpochs, forKey: .fixedEpochs)
        try f.encodeIfPresent(fineTune.enumerate, forKey: .enumerate)
        try f.encode(fineTune.linearized, forKey: .linearized)
        var s = c.nestedContainer(keyedBy: Key.self, forKey: .sweep)
        try s.encode(sweep.lambdas, forKey: .lambdas)
        try s.encode(sweep.samples, forKey: .samples)
        try s.encode(sweep.methods, forKey: .methods)
        if encoder.userInfo[Self.forResuming] as? Bool != true {
            try s.encode(sweep.validityFloor, forKey: .validityFloor)
            try s.encode(sweep.noveltyFloor, forKey: .noveltyFloor)
            try s.encode(sweep.rule.rawValue, forKey: .rule)
        }
        var d = c.nestedContainer(keyedBy: Key.self, forKey: .design)
        try d.encode(design.samples, forKey: .samples)
        try d.encode(design.temperature, forKey: .temperature)
        try d.encode(design.topK, forKey: .topK)
        try d.encode(design.batchSize, forKey: .batchSize)
        if let fewShot {
            var e = c.nestedContainer(keyedBy: Key.self, forKey: .fewShot)
            try e.encode(fewShot.positives, forKey: .positives)
            try e.encode(fewShot.fractions, forKey: .fractions)
            try e.encode(fewShot.learnedLambda, forKey: .learnedLambda)
        }
        if let baselinePositives {
            var e = c.nestedContainer(keyedBy: Key.self, forKey: .baseline)
            try e.encode(baselinePositives, forKey: .positives)
            try e.encode(baselineReverse, forKey: .reverse)
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
