import Foundation
import Support
import Tokens

/// A SMILES (or peptide) LSTM language model: its configuration and its weights.
///
/// On disk a model is a folder with `weights.safetensors` (PyTorch names, F32) and `config.json`
/// (architecture, tokenizer, vocabulary, metadata and the SHA-256 of the weights file, checked on load).
public struct LanguageModel: Sendable {
    public var config: ModelConfig
    public var parameters: ParameterSet

    public static let weightsFile = "weights.safetensors"
    public static let configFile = "config.json"
    /// Metadata key of a model trained in tangent space (`Trainer.train(linearizedAround:)`): the checksum
    /// of θ₀. Such a model's weights θ = θ₀ + Δ mean f(θ₀) + J(θ₀)·Δ, not f(θ); sampling it as an ordinary
    /// model is wrong, and its task vector must not be mixed with ordinary ones.
    public static let linearizedKey = "linearizedAround"

    /// Safetensors metadata PyTorch's loaders expect.
    static let weightsMetadata = ["format": "pt"]

    /// Random weights drawn as PyTorch's defaults draw them: embedding N(0, 1); LSTM weights and
    /// biases U(−1/√H, 1/√H); the head's weight and bias U(−1/√H, 1/√H) — or as `initialisation` says.
    public init(config: ModelConfig, seed: UInt64, initialisation: Initialisation = .pytorch) {
        self.config = config
        var rng = RandomGenerator(seed: seed)
        var p = ParameterSet()
        let bound = 1 / Float(config.hiddenSize).squareRoot()
        let H = config.hiddenSize
        for (name, shape) in config.tensorShapes {
            let n = shape.reduce(1, *)
            let isLSTMWeight = name.hasPrefix("lstm.weight")
            let range = isLSTMWeight ? bound * initialisation.gain : bound
            var values: [Float] = name == "embedding.weight"
                ? (0..<n).map { _ in rng.normal() }
                : (0..<n).map { _ in rng.uniform(-range, range) }
            if name.hasPrefix("lstm.bias_ih") {
                for j in H..<(2 * H) { values[j] += initialisation.forgetBias }  // gates i, f, g, o: f is the second
            }
            try! p.append(name: name, shape: shape, values: values)  // names are distinct by construction
        }
        parameters = p
    }

    /// A model from given weights; errors when the tensors do not match the configuration.
    /// Tensors are reordered into Antipode's layout by name, so any safetensors writer's order works.
    public init(config: ModelConfig, parameters: ParameterSet) throws {
        try config.validate()
        var p = ParameterSet()
        for (name, shape) in config.tensorShapes {
            guard let spec = parameters.spec(named: name) else {
                throw ModelError.layout("the weights lack tensor '\(name)'")
            }
            guard spec.shape == shape else {
                throw ModelError.layout("tensor '\(name)' has shape \(spec.shape); the configuration needs \(shape)")
            }
            try p.append(name: name, shape: shape, values: Array(parameters.values[spec.range]))
        }
        if parameters.specs.count != p.specs.count {
            let extra = Set(parameters.names).subtracting(p.names).sorted()
            throw ModelError.layout("the weights hold tensors the configuration does not: \(extra.joined(separator: ", "))")
        }
        self.config = config
        self.parameters = p
    }

    /// The tokenizer named by the configuration (checked when a model is loaded or built from weights).
    public var tokenizer: any Tokenizer { (try? Tokenizers.named(config.tokenizer)) ?? SMILESTokenizer() }

    /// The bytes of `weights.safetensors`.
    func encodedWeights() throws -> Data {
        try SafeTensors.encode(parameters, metadata: LanguageModel.weightsMetadata)
    }

    /// SHA-256 (hex) of the encoded weights file, as `sha256sum weights.safetensors` prints it.
    public var checksum: String { SHA256.hex((try? encodedWeights()) ?? Data()) }

    /// Writes `weights.safetensors`, then `config.json` (each atomically). `metadata` is free-form
    /// (provenance, training summary) and is kept in config.json.
    public func save(to folder: URL, metadata: [String: String] = [:]) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let weights = try encodedWeights()
        try AtomicFile.write(weights, to: folder.appendingPathComponent(LanguageModel.weightsFile))
        var file = ModelFile(model: config, weightsSHA256: SHA256.hex(weights), metadata: metadata)
        file.modelSHA256 = try file.wholeChecksum()
        try AtomicFile.write(try ModelFile.encoder.encode(file), to: folder.appendingPathComponent(LanguageModel.configFile))
    }

    /// Loads a model folder; a weights file whose SHA-256 differs from config.json's is an error, and so
    /// is a config.json changed since it was saved (its `modelSHA256` covers the vocabulary, sizes, metadata
    /// and the weights' checksum; folders saved before it existed have none and are checked by weights only).
    /// Weights that are NaN or infinite are refused, naming the tensor.
    public static func load(from folder: URL) throws -> LanguageModel {
        try loadWithMetadata(from: folder).model
    }

    /// The metadata saved with a model (config.json alone, checked against its own checksum; the weights are not read).
    public static func metadata(of folder: URL) throws -> [String: String] {
        try readConfig(folder).metadata
    }

    /// config.json, decoded and checked against its own checksum.
    private static func readConfig(_ folder: URL) throws -> ModelFile {
        let configURL = folder.appendingPathComponent(configFile)
        guard let configData = FileManager.default.contents(atPath: configURL.path) else {
            throw UserError("\(folder.path) is not a model folder: no \(configFile)")
        }
        let file: ModelFile
        do { file = try JSONDecoder().decode(ModelFile.self, from: configData) } catch {
            throw UserError("\(configURL.path) is not a valid model configuration: \(describeDecodingError(error))")
        }
        if let recorded = file.modelSHA256, recorded != (try file.wholeChecksum()) {
            throw ModelError.configChanged(file: configURL.path)
        }
        return file
    }

    /// Loads a model and the metadata saved with it.
    public static func loadWithMetadata(from folder: URL) throws -> (model: LanguageModel, metadata: [String: String]) {
        let configURL = folder.appendingPathComponent(configFile)
        let weightsURL = folder.appendingPathComponent(weightsFile)
        let file = try readConfig(folder)
        guard file.format == ModelFile.formatName else {
            throw UserError("\(configURL.path) has format '\(file.format)', expected '\(ModelFile.formatName)'")
        }
        guard let weights = FileManager.default.contents(atPath: weightsURL.path) else {
            throw UserError("\(folder.path) is not a model folder: no \(weightsFile)")
        }
        let actual = SHA256.hex(weights)
        guard actual == file.weightsSHA256 else {
            throw ModelError.checksumMismatch(file: weightsURL.path, expected: file.weightsSHA256, actual: actual)
        }
        let (params, _) = try SafeTensors.decode(weights, source: weightsURL.path)
        if let bad = params.firstNonFinite() {
            throw ModelError.nonFiniteWeight(file: weightsURL.path, tensor: bad.tensor, index: bad.index, value: bad.value)
        }
        return (try LanguageModel(config: file.model, parameters: params), file.metadata)
    }
}

/// The JSON saved as config.json.
struct ModelFile: Codable {
    static let formatName = "antipode-lstm-lm"
    var format = formatName
    var version = 1
    var model: ModelConfig
    var weightsSHA256: String
    var metadata: [String: String]
    /// SHA-256 of this file's other fields (`wholeChecksum`): with `weightsSHA256` it covers the whole model.
    var modelSHA256: String?

    /// SHA-256 of the canonical JSON (sorted keys, no spaces) of every field but `modelSHA256`.
    func wholeChecksum() throws -> String {
        var copy = self
        copy.modelSHA256 = nil
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return SHA256.hex(try e.encode(copy))
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return e
    }
}
