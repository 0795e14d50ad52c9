import Chem
import Foundation
import Model
import Support

/// `antipode sample`: draws molecules from a model, each with its negative log-likelihood.
struct SampleCommand: Command {
    static let name = "sample"
    static let summary = "sample molecules (with NLL) from a model"
    static let usage = """
    Usage: antipode sample MODEL [-n COUNT] [-o OUT.smi|OUT.csv|OUT.sdf] [options]

    Writes one sample a line: `SMILES<TAB>NLL` (.smi, or stdout) or `smiles,nll` (.csv), or one SD record a
    sample (.sdf: 2D coordinates, tags smiles, nll, valid; a sample RDKit cannot read keeps its record with
    no atoms and valid=false). NLL is the natural-log
    negative log-likelihood under the model itself (temperature 1, no top-k), end token included.
    Samples that reach --max-length before the end token are kept (cut) and counted.

    Options:
      -n, --count N        molecules to sample (default 1000)
      --temperature X      divide logits by X (default 1.0)
      --top-k K            sample among the K most likely tokens only (default 0: all)
      --seed N             random seed (default 0); the same seed and batch give the same samples
      --batch N            sequences generated side by side (default 512)
      --block N            samples per block (default 1000): block b is drawn by its own sampler seeded from
                           (seed, b), so the output depends only on the seed, --batch and --block
      --shard I/N          only the blocks of the I-th of N equal parts (header in part 1 only); the parts
                           concatenated in order are the whole output, byte for byte
      --max-length N       most tokens per sample (default 100)
      --threads N          OpenBLAS threads (default 2)
      --kernels K          the LSTM step's kernels: packed (default, at the CPU's best level) or blas
      --linearized-base DIR  the model a linearized (tangent-space) MODEL expands around (required for one)

    Example:
      antipode sample models/base -n 10000 --temperature 0.8 --seed 1 -o samples.csv
    """

    static func run(_ args: inout Arguments) throws {
        var o = SamplingOptions()
        o.count = try args.int("-n", "--count") ?? o.count
        o.temperature = try args.double("--temperature") ?? o.temperature
        o.topK = try args.int("--top-k") ?? 0
        o.seed = UInt64(try args.int("--seed") ?? 0)
        o.batchSize = try args.int("--batch") ?? o.batchSize
        o.maxLength = try args.int("--max-length") ?? o.maxLength
        let threads = try args.int("--threads") ?? 2
        let kernels = try StepKernels(parsing: try args.option("--kernels") ?? "packed")
        let block = try args.int("--block") ?? 1000
        let shard = try Shard.option(&args)
        let output = try args.option("-o", "--output")
        let linearPath = try args.option("--linearized-base")
        let modelPath = try args.positional("MODEL folder")
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
