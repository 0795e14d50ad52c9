import CommandLineTool
import Foundation
import Model
import Support
import Tokens

/// `antipode likelihood`: the negative log-likelihood of given molecules under a model.
struct LikelihoodCommand: Command {
    static let name = "likelihood"
    static let summary = "negative log-likelihood of molecules under a model"
    static let header = """
    Usage: antipode likelihood MODEL INPUT [-o OUT.csv] [options]

    INPUT is a .smi/.smiles/.txt/.csv file (optionally .gz; a CSV's SMILES column is `smiles` unless
    --smiles-column names another). Writes `smiles,nll` (natural log, end token
    included) to OUT.csv or stdout. A molecule with a token outside the model's vocabulary is an error;
    with --skip-unknown its nll is left empty and the count is reported.
    """
    static let footer = """
    Example:
      antipode likelihood models/base molecules/moses/test.csv.gz -o test-nll.csv
    """

    static let model = Positional("MODEL", missing: "MODEL folder")
    static let input = Positional("INPUT", missing: "INPUT file")
    static let output = Option<String?>("-o", "--output", value: "FILE", help: "the CSV to write", absent: "standard output")
    static let smilesColumn = Option<String?>("--smiles-column", value: "NAME", help: "the SMILES column of a CSV INPUT", absent: "smiles")
    static let skipUnknown = Flag("--skip-unknown", help: "leave the nll of molecules with tokens outside the vocabulary empty")
    static let batch = Option("--batch", value: "N", default: 256, help: "molecules scored side by side")
    static let threads = Option("--threads", value: "N", default: 2, help: "OpenBLAS threads")
    static let linearizedBaseFolder = Option<String?>("--linearized-base", value: "DIR",
                                                help: "the model a linearized (tangent-space) MODEL expands around (required for one)")
    static let positionals = [model, input]
    static let options = [OptionGroup("Options:", [output, smilesColumn, skipUnknown, batch, threads, linearizedBaseFolder])]

    static func run(_ args: inout ParsedArguments) throws {
        let output = args[Self.output]
        let smilesColumn = args[Self.smilesColumn]
        let skip = args[skipUnknown]
        let batch = args[Self.batch]
        let threads = args[Self.threads]
        let linearPath = args[linearizedBaseFolder]
        let modelPath = try args.positional(model)
        let input = try args.positional(Self.input)
        try args.finish()
        guard batch > 0 else { throw UserError("--batch must be positive") }
        let (model, metadata) = try LanguageModel.loadWithMetadata(from: URL(fileURLWithPath: modelPath))
        let linearBase = try linearizedBase(of: modelPath, metadata: metadata, option: linearPath)
        setMatrixThreads(threads)
        let smiles = try SequenceFile.read(input, column: smilesColumn).texts(nonEmpty: true)
        let encoded: (sequences: [[Int32]], kept: [Int], skipped: Int)
        do {
            encoded = try encodeAll(smiles, vocabulary: model.config.vocabulary, tokenizer: model.tokenizer, skipUnknown: skip)
        } catch let error as UnknownTokenError {
            throw UserError("\(input): \(error) (--skip-unknown leaves such molecules' nll empty)")
        } catch let error as TokenizerError {
            throw UserError("\(input): \(error) (--skip-unknown leaves such molecules' nll empty)")
        }
        let ll = try model.logLikelihoods(encoded.kept.map { smiles[$0] }, batchSize: batch, linearizedAround: linearBase)
        var nll = [Double?](repeating: nil, count: smiles.count)
        for (i, v) in zip(encoded.kept, ll) { nll[i] = -v }
        var text = "smiles,nll\n"
        for (s, v) in zip(smiles, nll) { text += s + "," + (v.map { String(format: "%.4f", $0) } ?? "") + "\n" }
        if let output { try AtomicFile.write(text, to: URL(fileURLWithPath: output)) } else { print(text, terminator: "") }
        if encoded.skipped > 0 { printError("\(encoded.skipped) molecules have tokens outside the vocabulary; their nll is empty") }
    }
}
