import Foundation
import Model
import Support
import Tokens

/// `antipode likelihood`: the negative log-likelihood of given molecules under a model.
struct LikelihoodCommand: Command {
    static let name = "likelihood"
    static let summary = "negative log-likelihood of molecules under a model"
    static let usage = """
    Usage: antipode likelihood MODEL INPUT [-o OUT.csv] [--skip-unknown] [--batch N] [--threads N] [--smiles-column NAME]
                                [--linearized-base DIR]

    INPUT is a .smi/.smiles/.txt/.csv file (optionally .gz; a CSV's SMILES column is `smiles` unless
    --smiles-column names another). Writes `smiles,nll` (natural log, end token
    included) to OUT.csv or stdout. A molecule with a token outside the model's vocabulary is an error;
    with --skip-unknown its nll is left empty and the count is reported.

    Example:
      antipode likelihood models/base molecules/moses/test.csv.gz -o test-nll.csv
    """

    static func run(_ args: inout Arguments) throws {
        let output = try args.option("-o", "--output")
        let smilesColumn = try args.option("--smiles-column")
        let skip = args.flag("--skip-unknown")
        let batch = try args.int("--batch") ?? 256
        let threads = try args.int("--threads") ?? 2
        let linearPath = try args.option("--linearized-base")
        let modelPath = try args.positional("MODEL folder")
        let input = try args.positional("INPUT file")
        try args.finish()
        guard batch > 0 else { throw UserError("--batch must be positive") }
        let (model, metadata) = try LanguageModel.loadWithMetadata(from: URL(fileURLWithPath: modelPath))
        let linearBase = try linearizedBase(of: modelPath, metadata: metadata, option: linearPath)
        setMatrixThreads(threads)
        let smiles = try SequenceFile.read(input, column: smilesColumn).texts(nonEmpty: true)
        let encoded = try encodeAll(smiles, vocabulary: model.config.vocabulary, tokenizer: model.tokenizer, skipUnknown: skip)
        let ll = try model.logLikelihoods(encoded.kept.map { smiles[$0] }, batchSize: batch, linearizedAround: linearBase)
        var nll = [Double?](repeating: nil, count: smiles.count)
        for (i, v) in zip(encoded.kept, ll) { nll[i] = -v }
        var text = "smiles,nll\n"
        for (s, v) in zip(smiles, nll) { text += s + "," + (v.map { String(format: "%.4f", $0) } ?? "") + "\n" }
        if let output { try AtomicFile.write(text, to: URL(fileURLWithPath: output)) } else { print(text, terminator: "") }
        if encoded.skipped > 0 { printError("\(encoded.skipped) molecules have tokens outside the vocabulary; their nll is empty") }
    }
}
