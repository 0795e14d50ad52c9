import CommandLineTool
import Foundation
import Model
import Evaluation
import Support
import TaskArithmetic

/// `antipode vector`: τ = θ_finetuned − θ_base, saved with its provenance.
struct VectorCommand: Command {
    static let name = "vector"
    static let summary = "make a task vector: fine-tuned model − base model"
    static let header = """
        Usage: antipode vector BASE FINETUNED -o VECTOR.safetensors --label LABEL [options]

        Subtracts the base model's weights from the fine-tuned model's, tensor by tensor, and writes
        τ = θ_finetuned − θ_base as one safetensors file. Its metadata records the label, both models'
        checksums (SHA-256 of weights.safetensors), the fine-tuning data's checksum and size, how the
        model was trained, and the model configuration (architecture and vocabulary). Models whose
        architecture, vocabulary or tensor shapes differ are refused, naming the first difference.

        BASE and FINETUNED are model folders (weights.safetensors + config.json).
        """
    static let footer = """
        Example:
          antipode vector models/base models/rings-none -o rings-none.safetensors --label rings-none \\
              --data molecules/property-tasks/no-rings-low/setup-1/train.smiles
        """

    static let base = Positional("BASE", missing: "BASE model folder")
    static let finetuned = Positional("FINETUNED", missing: "FINETUNED model folder")
    static let output = Option<String?>("-o", "--output", value: "FILE", help: "the vector file to write (.safetensors; required)")
    static let label = Option<String?>("--label", value: "LABEL", help: "a short name for the direction, e.g. logp-low or rings-none (required)")
    static let data = Option<String?>("--data", value: "FILE", help: """
        the fine-tuning data
        its SHA-256 (of the file's bytes, as sha256sum prints) and its number of molecules are recorded
        """)
    static let dataChecksum = Option<String?>("--data-checksum", value: "HEX", help: "SHA-256 of the fine-tuning data",
                                              absent: "the fine-tuned model's metadata: \(Provenance.dataChecksumKeys.joined(separator: ", "))")
    static let dataSize = Option<Int?>("--data-size", value: "N", help: "number of fine-tuning molecules",
                                       absent: "the metadata's \(Provenance.dataSizeKeys.joined(separator: ", "))")
    static let training = Option<String?>("--training", value: "TEXT", help: "how the fine-tuned model was trained",
                                          absent: "its metadata, as JSON")
    static let positionals = [base, finetuned]
    static let options = [OptionGroup("Options:", [output, label, data, dataChecksum, dataSize, training])]

    static func run(_ args: inout ParsedArguments) throws {
        guard let output = args[Self.output] else { throw UserError("missing -o VECTOR.safetensors") }
        guard let label = args[Self.label], !label.isEmpty else { throw UserError("missing --label LABEL (e.g. logp-low)") }
        let dataFile = args[data]
        var dataChecksum = args[Self.dataChecksum]
        var dataSize = args[Self.dataSize]
        let training = args[Self.training]
        let basePath = try args.positional(base)
        let finetunedPath = try args.positional(finetuned)
        try args.finish()
        if let n = dataSize, n < 0 { throw UserError("--data-size must be a count, got \(n)") }
        if let dataFile {
            guard dataChecksum == nil, dataSize == nil else { throw UserError("give --data or --data-checksum/--data-size, not both") }
            guard let bytes = FileManager.default.contents(atPath: dataFile) else { throw UserError("cannot read --data \(dataFile)") }
            dataChecksum = SHA256.hex(bytes)
            dataSize = try SequenceFile.texts(dataFile, nonEmpty: true).count
        }

        let base = try LanguageModel.load(from: URL(fileURLWithPath: basePath))
        let (finetuned, metadata) = try LanguageModel.loadWithMetadata(from: URL(fileURLWithPath: finetunedPath))
        let provenance = Provenance(metadata: metadata)
        let linearizedAround = metadata[LanguageModel.linearizedKey]
        if let linearizedAround, linearizedAround != base.checksum {
            throw UserError("\(finetunedPath) was fine-tuned linearized around another model (\(linearizedAround.prefix(16))…), "
                            + "not \(basePath) (\(base.checksum.prefix(16))…); its task vector must be taken against that model")
        }
        let info = TaskVectorInfo(
            label: label, baseChecksum: "", dataChecksum: dataChecksum ?? provenance.dataChecksum,
            dataSize: dataSize ?? provenance.dataSize, training: training ?? provenance.training,
            linearized: linearizedAround != nil)
        let vector = try TaskVector(base: base, finetuned: finetuned, info: info)
        try vector.write(to: URL(fileURLWithPath: output))

        let stats = VectorStatistics(vector.deltas, label: label)
        print("wrote \(output): task vector '\(label)', \(vector.deltas.specs.count) tensors, \(vector.deltas.count) values, ‖τ‖ = \(String(format: "%.6g", stats.overall.norm))")
        print("  base \(vector.info.baseChecksum.prefix(16))…, fine-tuned \(vector.info.finetunedChecksum?.prefix(16) ?? "?")…, data "
              + (vector.info.dataChecksum.map { String($0.prefix(16)) + "…" } ?? "unknown")
              + (vector.info.dataSize.map { " (\($0) molecules)" } ?? ""))
    }
}

/// What a fine-tuned model's metadata says about its training data, under the keys the model
/// commands may use.
struct Provenance {
    static let dataChecksumKeys = ["data_sha256", "data_checksum", "dataSHA256", "dataChecksum"]
    static let dataSizeKeys = ["data_size", "data_count", "dataSize", "trainMolecules"]

    let dataChecksum: String?
    let dataSize: Int?
    /// The whole metadata as JSON (sorted keys), or nil when there is none.
    let training: String?

    init(metadata: [String: String]) {
        dataChecksum = Self.dataChecksumKeys.lazy.compactMap { metadata[$0] }.first
        dataSize = Self.dataSizeKeys.lazy.compactMap { metadata[$0].flatMap { Int($0) } }.first
        if metadata.isEmpty {
            training = nil
        } else {
            let data = try? JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys])
            training = data.map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
