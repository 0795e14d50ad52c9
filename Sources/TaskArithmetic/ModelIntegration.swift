import Foundation
import Model
import Support

/// Task arithmetic on whole models: the configurations (architecture, tokenizer, vocabulary) are
/// compared before any tensor, and a vector carries its models' configuration with it.
extension TaskVector {
    /// τ = θ_finetuned − θ_base for two models of the same architecture and vocabulary.
    /// `info.modelConfig` and the checksums are filled in from the models.
    public init(base: LanguageModel, finetuned: LanguageModel, info: TaskVectorInfo) throws {
        if let why = base.config.mismatch(with: finetuned.config) {
            throw TaskArithmeticError.mismatch("base and fine-tuned models differ: \(why)")
        }
        var info = info
        info.baseChecksum = base.checksum
        info.finetunedChecksum = finetuned.checksum
        info.modelConfig = try TaskVector.encode(base.config)
        try self.init(base: base.parameters, finetuned: finetuned.parameters, info: info)
    }

    /// The configuration recorded in the vector file, if any.
    public func recordedConfig(source: String) throws -> ModelConfig? {
        guard let json = info.modelConfig else { return nil }
        do { return try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8)) } catch {
            throw TaskArithmeticError.badVectorFile(path: source, why: "its model_config is not a model configuration (\(describeDecodingError(error)))")
        }
    }

    static func encode(_ config: ModelConfig) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(config), as: UTF8.self)
    }
}

extension ModelEdit {
    /// The edited model: same configuration as the base, weights θ_base + Δ. Each vector's recorded
    /// configuration must match the base's (the message names the first difference).
    public func apply(to base: LanguageModel) throws -> LanguageModel {
        for v in vectors {
            if let config = try v.vector.recordedConfig(source: v.source), let why = config.mismatch(with: base.config) {
                throw TaskArithmeticError.mismatch("task vector '\(v.vector.info.label)' (\(v.source)) was taken from a different kind of model: \(why)")
            }
        }
        var edited = base
        edited.parameters = try apply(to: base.parameters, baseChecksum: base.checksum)
        return edited
    }
}
