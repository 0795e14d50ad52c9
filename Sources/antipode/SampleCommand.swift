import Chem
import CommandLineTool
import Foundation
import Model
import Support

/// `antipode sample`: draws molecules from a model, each with its negative log-likelihood.
struct SampleCommand: Command {
    static let name = "sample"
    static let summary = "sample molecules (with NLL) from a model"
    static let header = """
    Usage: antipode sample MODEL [-n COUNT] [-o OUT.smi|OUT.csv|OUT.sdf] [options]

    Writes one sample a line: `SMILES<TAB>NLL` (.smi, or stdout) or `smiles,nll` (.csv), or one SD record a
    sample (.sdf: 2D coordinates, tags smiles, nll, valid; a sample RDKit cannot read keeps its record with
    no atoms and valid=false). NLL is the natural-log
    negative log-likelihood under the model itself (temperature 1, no top-k), end token included.
    Samples that reach --max-length before the end token are kept (cut) and counted.
    """
    static let footer = """
    Example:
      antipode sample models/base -n 10000 --temperature 0.8 --seed 1 -o samples.csv
    """

    static let model = Positional("MODEL", missing: "MODEL folder")
    static let count = Option("-n", "--count", value: "N", default: SamplingOptions().count, help: "molecules to sample")
    static let temperature = Option("--temperature", value: "X", default: SamplingOptions().temperature, help: "divide logits by X")
    static let topK = Option("--top-k", value: "K", default: SamplingOptions().topK, help: "sample among the K most likely tokens only; 0: all")
    static let seed = Option("--seed", value: "N", default: SamplingOptions().seed,
                             help: "random seed; the same seed and batch give the same samples")
    static let batch = Option("--batch", value: "N", default: SamplingOptions().batchSize, help: "sequences generated side by side")
    static let block = Option("--block", value: "N", default: 1000, help: """
        samples per block
        block b is drawn by its own sampler seeded from (seed, b), so the output
        depends only on the seed, --batch and --block
        """)
    static let shard = Option("--shard", value: "I/N", default: Shard.whole, help: """
        only the blocks of the I-th of N equal parts (header in part 1 only)
        the parts concatenated in order are the whole output, byte for byte
        """)
    static let maxLength = Option("--max-length", value: "N", default: SamplingOptions().maxLength, help: "most tokens per sample")
    static let threads = Option("--threads", value: "N", default: 2, help: "OpenBLAS threads")
    static let kernels = Option("--kernels", value: "K", default: "packed",
                                help: "the LSTM step's kernels: packed (at the CPU's best level) or blas")
    static let output = Option<String?>("-o", "--output", value: "FILE", help: ".smi, .csv or .sdf (the extension picks the format)",
                                        absent: "SMILES<TAB>NLL on standard output")
    static let linearizedBaseFolder = Option<String?>("--linearized-base", value: "DIR",
                                                help: "the model a linearized (tangent-space) MODEL expands around (required for one)")
    static let positionals = [model]
    static let options = [OptionGroup("Options:", [count, output, temperature, topK, seed, batch, block, shard, maxLength, threads, kernels,
                                                   linearizedBaseFolder])]

    static func run(_ args: inout ParsedArguments) throws {
        var o = SamplingOptions()
        o.count = args[count]
        o.temperature = args[temperature]
        o.topK = args[topK]
        o.seed = args[seed]
        o.batchSize = args[batch]
        o.maxLength = args[maxLength]
        let threads = args[Self.threads]
        let kernels = try StepKernels(parsing: args[Self.kernels])
        let block = args[Self.block]
        let shard = args[Self.shard]
        let output = args[Self.output]
        let linearPath = args[linearizedBaseFolder]
        let modelPath = try args.positional(model)
        try args.finish()
        guard o.count >= 0, o.batchSize > 0, o.maxLength > 0, block > 0 else { throw UserError("--count, --batch, --block and --max-length must be positive") }
        guard o.temperature > 0 else { throw UserError("--temperature must be positive") }
        guard o.topK >= 0 else { throw UserError("--top-k must be 0 (off) or positive") }
        let (model, metadata) = try LanguageModel.loadWithMetadata(from: URL(fileURLWithPath: modelPath))
        let linearBase = try linearizedBase(of: modelPath, metadata: metadata, option: linearPath)
        setMatrixThreads(threads)
        StepKernels.standard = kernels
        let blocks = shard.range(of: LanguageModel.blockCount(o.count, blockSize: block))
        let progress = Progress("sample", total: min(o.count, blocks.upperBound * block) - blocks.lowerBound * block)
        let samples = try model.sample(o, blockSize: block, blocks: blocks, progress: progress, linearizedAround: linearBase)
        progress.finish()
        if let output, SDFile.isSDF(output) {
            let sdf = try SDFOutput(path: output)
            for (i, s) in samples.enumerated() {
                let valid = (try? Molecule(smiles: s.smiles)) != nil
                try sdf.write(smiles: valid ? s.smiles : nil, title: "sample \(i + 1)",
                              tags: [.init("smiles", s.smiles), .init("nll", String(format: "%.4f", s.nll)), .init("valid", valid ? "true" : "false")])
            }
            try sdf.finish()
            let cut = samples.filter { !$0.finished }.count
            if cut > 0 { printError("\(cut) of \(samples.count) samples reached --max-length \(o.maxLength) before the end token") }
            return
        }
        let csv = output?.lowercased().hasSuffix(".csv") == true
        var text = csv && shard.writesHeader ? "smiles,nll\n" : ""
        for s in samples { text += s.smiles + (csv ? "," : "\t") + String(format: "%.4f", s.nll) + "\n" }
        if let output { try AtomicFile.write(text, to: URL(fileURLWithPath: output)) } else { print(text, terminator: "") }
        let cut = samples.filter { !$0.finished }.count
        if cut > 0 { printError("\(cut) of \(samples.count) samples reached --max-length \(o.maxLength) before the end token") }
    }
}

/// The base a linearized (tangent-space) model expands around, from `--linearized-base DIR`: required for
/// such a model (its weights mean f(θ₀) + J·(θ − θ₀)), refused for an ordinary one, checked by checksum.
func linearizedBase(of modelPath: String, metadata: [String: String], option path: String?) throws -> LanguageModel? {
    switch (metadata[LanguageModel.linearizedKey], path) {
    case (nil, nil): return nil
    case (nil, .some): throw UserError("\(modelPath) is an ordinary model; --linearized-base applies to linearized (tangent-space) models only")
    case (.some(let checksum), nil):
        throw UserError("\(modelPath) is a linearized (tangent-space) model around \(checksum.prefix(16))…: give that model with --linearized-base DIR")
    case (.some(let checksum), .some(let path)):
        let base = try LanguageModel.load(from: URL(fileURLWithPath: path))
        guard base.checksum == checksum else {
            throw UserError("\(modelPath) is linearized around \(checksum.prefix(16))…, but --linearized-base \(path) is \(base.checksum.prefix(16))…")
        }
        return base
    }
}
