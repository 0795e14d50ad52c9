/// What a task vector file records about where it came from, stored as safetensors string metadata.
///
/// Keys (all strings): `antipode_format` (`antipode-task-vector/1`), `label`, `base_checksum`,
/// `finetuned_checksum`, `data_checksum`, `data_size`, `training`, `model_config`, and `linearized`
/// (`true` for a vector of tangent-space fine-tuning, which must not be mixed with ordinary ones).
/// Checksums are SHA-256 hex digests of the models' encoded weights (`LanguageModel.checksum`).
public struct TaskVectorInfo: Equatable, Sendable {
    public static let format = "antipode-task-vector/1"

    /// A short name for the property direction, e.g. `logp-low`.
    public var label: String
    /// Checksum of the base model θ_base; a vector is applied only to this base unless forced.
    public var baseChecksum: String
    public var finetunedChecksum: String?
    /// SHA-256 of the fine-tuning data and its number of molecules, when known.
    public var dataChecksum: String?
    public var dataSize: Int?
    /// How the fine-tuned model was trained (free text or JSON, usually its own metadata).
    public var training: String?
    /// The models' `ModelConfig` as JSON, so a vector knows its architecture and vocabulary.
    public var modelConfig: String?
    /// Whether the fine-tuned model was trained linearized around the base (tangent space).
    public var linearized = false

    public init(label: String, baseChecksum: String, finetunedChecksum: String? = nil, dataChecksum: String? = nil,
                dataSize: Int? = nil, training: String? = nil, modelConfig: String? = nil, linearized: Bool = false) {
        self.linearized = linearized
        self.label = label
        self.baseChecksum = baseChecksum
        self.finetunedChecksum = finetunedChecksum
        self.dataChecksum = dataChecksum
        self.dataSize = dataSize
        self.training = training
        self.modelConfig = modelConfig
    }

    public var metadata: [String: String] {
        var m = ["antipode_format": Self.format, "label": label, "base_checksum": baseChecksum]
        m["finetuned_checksum"] = finetunedChecksum
        m["data_checksum"] = dataChecksum
        m["data_size"] = dataSize.map(String.init)
        m["training"] = training
        m["model_config"] = modelConfig
        if linearized { m["linearized"] = "true" }
        return m
    }

    /// Reads the metadata of a vector file; `source` names the file in errors.
    public init(metadata m: [String: String], source: String) throws {
        func bad(_ why: String) -> TaskArithmeticError { .badVectorFile(path: source, why: why) }
        guard let format = m["antipode_format"] else { throw bad("no 'antipode_format' metadata (was it written by antipode vector?)") }
        guard format == Self.format else { throw bad("format '\(format)', expected '\(Self.format)'") }
        guard let label = m["label"] else { throw bad("no 'label' metadata") }
        guard let base = m["base_checksum"], !base.isEmpty else { throw bad("no 'base_checksum' metadata") }
        var size: Int?
        if let text = m["data_size"] {
            guard let n = Int(text), n >= 0 else { throw bad("data_size '\(text)' is not a count") }
            size = n
        }
        self.init(label: label, baseChecksum: base, finetunedChecksum: m["finetuned_checksum"], dataChecksum: m["data_checksum"],
                  dataSize: size, training: m["training"], modelConfig: m["model_config"], linearized: m["linearized"] == "true")
    }
}
