import Chem
import CommandLineTool
import Foundation
import Model
import Support
import Tokens

/// `antipode train`: pre-trains a new model on a corpus, or fine-tunes a given one.
struct TrainCommand: Command {
    static let name = "train"
    static let summary = "train or fine-tune a SMILES language model"
    static let header = """
    Usage: antipode train CORPUS -o OUTPUT [options]

    CORPUS is a file (.smi/.smiles/.txt/.csv, optionally .gz) or a dataset folder holding train.* and
    val.* (or valid.*/validation.*). OUTPUT becomes a model folder (the best model by validation loss) with
    a resumable checkpoint in OUTPUT/checkpoint and the history in OUTPUT/training.json.
    Every option but -o and --config may also come from the --config file (the command line wins).
    """
    static let footer = """
    Example:
      antipode train molecules/moses/train.csv.gz --validation molecules/moses/test.csv.gz \\
          --layers 3 --hidden 512 --batch 128 --epochs 5 -o runs/base
      antipode train molecules/property-tasks/logp-low/setup-0 \\
          --from models/base --skip-unknown -o runs/logp-low
    """

    static let corpus = Positional("CORPUS", missing: "CORPUS (a file or a dataset folder)")
    static let output = Option<String?>("-o", "--output", value: "OUTPUT", help: "the model folder to write (required)")

    // Data.
    static let validation = Option<String?>("--validation", value: "FILE", help: "validation molecules",
                                            absent: "the folder's val file, else --val-fraction")
    static let valFraction = Option("--val-fraction", value: "X", default: 0.05,
                                    help: "share of CORPUS held out when there is no validation file")
    static let maxValidation = Option("--max-validation", value: "N", default: 20000, help: "use at most N validation molecules")
    static let maxTrain = Option<Int?>("--max-train", value: "N", help: "train on a seeded random N of the training molecules",
                                       absent: "all")
    static let skipUnknown = Flag("--skip-unknown", help: "leave out training molecules with tokens outside the vocabulary (counted)")
    static let smilesColumn = Option<String?>("--smiles-column", value: "NAME",
                                              help: "the SMILES column of CSV corpus and validation files", absent: "smiles")
    static let vocabularyExtra = RepeatedOption<String>("--vocabulary-extra", value: "PATH", help: """
        add the tokens of these molecules to a new model's vocabulary
        a file, or a folder searched for .smi/.smiles/.txt/.csv files
        """)

    // Model.
    static let from = Option<String?>("--from", value: "MODEL", help: "fine-tune this model folder instead of starting from random weights")
    static let linearized = Flag("--linearized", help: """
        with --from: tangent-space fine-tuning
        train f(θ₀) + J(θ₀)·(θ − θ₀) around the --from model θ₀ (Ortiz-Jiménez et al. 2023);
        the saved model records θ₀
        """)
    static let config = Option<String?>("--config", value: "FILE",
                                        help: "JSON object of any of these options by long name, e.g. {\"layers\": 3, \"hidden\": 512}")
    static let layers = Option("--layers", value: "N", default: 6, help: "LSTM layers")
    static let hidden = Option("--hidden", value: "N", default: 256, help: "LSTM hidden size")
    static let embedding = Option("--embedding", value: "N", default: 256, help: "embedding size")
    /// A new model's dropout; a fine-tuned one keeps its own unless --dropout is given.
    static let newModelDropout = 0.25
    static let dropout = Option<Double?>("--dropout", value: "X", help: "dropout between layers",
                                         absent: "\(newModelDropout.helpText) for a new model; with --from, the model's own")
    static let tokenizer = Option("--tokenizer", value: "smiles|peptide", default: "smiles", help: "how SMILES become tokens")
    static let initGain = Option("--init-gain", value: "X", default: Double(Initialisation().gain),
                                 help: "PyTorch's U(−1/√H, 1/√H) for the LSTM weights, times X")
    static let forgetBias = Option("--forget-bias", value: "X", default: Double(Initialisation().forgetBias),
                                   help: "added to each layer's forget-gate bias; 0 is PyTorch's")

    // Training.
    static let batch = Option("--batch", value: "N", default: TrainingOptions().batchSize, help: "molecules per step")
    static let lr = Option("--lr", value: "X", default: TrainingOptions().learningRate, help: "learning rate")
    static let epochs = Option("--epochs", value: "N", default: TrainingOptions().epochs, help: "passes over the training molecules")
    static let maxSteps = Option("--max-steps", value: "N", default: TrainingOptions().maxSteps, help: "stop after N steps; 0: no limit")
    static let patience = Option("--patience", value: "N", default: TrainingOptions().patience,
                                 help: "epochs without improvement before stopping; 0: never stop")
    static let minDelta = Option("--min-delta", value: "X", default: TrainingOptions().minDelta,
                                 help: "the smallest fall in validation loss that counts as improvement")
    static let clip = Option("--clip", value: "X", default: TrainingOptions().clipNorm, help: "gradient norm clipping; 0: none")
    static let weightDecay = Option("--weight-decay", value: "X", default: TrainingOptions().weightDecay, help: "Adam weight decay")
    static let beta1 = Option("--beta1", value: "X", default: TrainingOptions().beta1, help: "Adam β₁")
    static let beta2 = Option("--beta2", value: "X", default: TrainingOptions().beta2, help: "Adam β₂")
    static let schedule = Option("--schedule", value: LearningRateSchedule.allCases.map(\.rawValue).joined(separator: "|"),
                                 default: TrainingOptions().schedule.rawValue, help: "learning-rate schedule")
    static let warmup = Option("--warmup", value: "N", default: TrainingOptions().warmupSteps, help: "warm-up steps")
    static let minLRFactor = Option("--min-lr-factor", value: "X", default: TrainingOptions().minLearningRateFactor,
                                    help: "the cosine schedule's last rate, as a share of --lr")
    static let seed = Option("--seed", value: "N", default: TrainingOptions().seed, help: "random seed")
    static let checkpointEvery = Option("--checkpoint-every", value: "N", default: TrainingOptions().checkpointEvery,
                                        help: "steps between checkpoints")
    static let threads = Option("--threads", value: "N", default: 2, help: "OpenBLAS threads")
    static let resume = Flag("--resume", help: "continue from OUTPUT/checkpoint")
    static let quiet = Flag("--quiet", help: "no progress lines")
    static let enumerate = Option<Int?>("--enumerate", value: "N", help: """
        train on N randomized SMILES of each molecule, fresh every epoch
        (seeded); validate on N fixed randomized forms of each
        """)
    static let kernels = Option("--kernels", value: "packed|blas[:LEVEL]", default: "packed",
                                help: "the LSTM step's kernels (packed at the CPU's best level; blas for comparison)")

    static let positionals = [corpus]
    static let options = [
        OptionGroup("Output:", [output]),
        OptionGroup("Data:", [validation, valFraction, maxValidation, maxTrain, skipUnknown, smilesColumn, vocabularyExtra]),
        OptionGroup("Model (new models; ignored with --from):", [from, linearized, config, layers, hidden, embedding, dropout, tokenizer,
                                                                initGain, forgetBias]),
        OptionGroup("Training:", [batch, lr, epochs, maxSteps, patience, minDelta, clip, weightDecay, beta1, beta2, schedule, warmup,
                                  minLRFactor, seed, checkpointEvery, threads, resume, quiet, enumerate, kernels]),
    ]

    static func run(_ args: inout ParsedArguments) throws {
        if let path = args[config] { try args.supply(try configValues(path), to: configurable) }
        guard let output = args[Self.output] else { throw UserError("give the output folder with -o") }
        let outURL = URL(fileURLWithPath: output)
        let from = args[Self.from]
        let linearized = args[Self.linearized]
        if linearized && from == nil { throw UserError("--linearized needs --from MODEL (the model to linearize around)") }
        let threads = args[Self.threads]
        let kernels: StepKernels
        do { kernels = try StepKernels(parsing: args[Self.kernels]) } catch { throw UserError("--kernels: \(error)") }
        var o = TrainingOptions()
        o.batchSize = args[batch]
        o.learningRate = args[lr]
        o.epochs = args[epochs]
        o.maxSteps = args[maxSteps]
        o.patience = args[patience]
        o.minDelta = args[minDelta]
        o.clipNorm = args[clip]
        o.weightDecay = args[weightDecay]
        o.beta1 = args[beta1]
        o.beta2 = args[beta2]
        o.warmupSteps = args[warmup]
        o.minLearningRateFactor = args[minLRFactor]
        o.seed = args[seed]
        o.checkpointEvery = args[checkpointEvery]
        guard let sc = LearningRateSchedule(rawValue: args[schedule]) else {
            throw UserError("--schedule must be one of \(LearningRateSchedule.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        o.schedule = sc
        o.resume = args[resume]
        o.quiet = args[quiet]
        o.skipUnknown = false
        o.enumerate = args[enumerate]
        if let n = o.enumerate, n < 1 { throw UserError("--enumerate must be at least 1 (forms per molecule per epoch)") }
        let skipUnknown = args[Self.skipUnknown]
        let validationFile = args[validation]
        let maxTrain = args[Self.maxTrain]
        let extraVocabulary = args[vocabularyExtra]
        let valFraction = args[Self.valFraction]
        let maxValidation = args[Self.maxValidation]
        let layers = args[Self.layers], hidden = args[Self.hidden], embedding = args[Self.embedding]
        let dropout = args[Self.dropout], tokenizerKind = args[tokenizer]
        let initialisation = Initialisation(gain: Float(args[initGain]), forgetBias: Float(args[forgetBias]))
        guard initialisation.gain > 0 else { throw UserError("--init-gain must be positive") }
        let corpusPath = try args.positional(corpus)
        let smilesColumn = args[Self.smilesColumn]
        try args.finish()
        guard o.batchSize > 0, o.epochs > 0 else { throw UserError("--batch and --epochs must be positive") }
        guard (0..<1).contains(valFraction) else { throw UserError("--val-fraction must be in [0, 1)") }
        // Two trainings writing one checkpoint would corrupt it: the second is refused at once.
        let lock = try FileLock(folder: output, what: "the training folder")
        defer { withExtendedLifetime(lock) {} }

        // Data.
        var (train, validation) = try readDataset(corpusPath, validation: validationFile, column: smilesColumn)
        var rng = RandomGenerator(seed: o.seed &+ 17)
        if validation == nil {
            train.shuffle(using: &rng)
            let n = Int(Double(train.count) * valFraction)
            validation = Array(train.prefix(n))
            train.removeFirst(n)
        }
        if let maxTrain, maxTrain < train.count {
            train.shuffle(using: &rng)
            train = Array(train.prefix(maxTrain))
        }
        var valid = validation ?? []
        if valid.count > maxValidation {
            valid.shuffle(using: &rng)
            valid = Array(valid.prefix(maxValidation))
        }

        // Model.
        var model: LanguageModel
        if let from {
            model = try LanguageModel.load(from: URL(fileURLWithPath: from))
            if let d = dropout { model.config.dropout = d }
        } else {
            let tok = try Tokenizers.named(tokenizerKind)
            var clean = train
            if skipUnknown { clean = train.filter { (try? tok.tokenize($0)) != nil } }
            for path in extraVocabulary { clean += try readAll(path) }
            let vocab = try Vocabulary.build(from: clean, tokenizer: tok)
            let config = ModelConfig(tokenizer: tok.kind, vocabulary: vocab, embeddingSize: embedding,
                                     hiddenSize: hidden, layers: layers, dropout: dropout ?? newModelDropout)
            try config.validate()
            model = LanguageModel(config: config, seed: o.seed, initialisation: initialisation)
        }
        // Validation molecules the vocabulary cannot encode are left out, and said so.
        let tok = model.tokenizer
        let validKept = try encodeAll(valid, vocabulary: model.config.vocabulary, tokenizer: tok, skipUnknown: true)
        if validKept.skipped > 0 { printError("validation: left out \(validKept.skipped) molecules with tokens outside the vocabulary") }
        valid = validKept.kept.map { valid[$0] }
        if skipUnknown {
            let r = try encodeAll(train, vocabulary: model.config.vocabulary, tokenizer: tok, skipUnknown: true)
            if r.skipped > 0 { printError("train: left out \(r.skipped) molecules with tokens outside the vocabulary") }
            train = r.kept.map { train[$0] }
        }
        let c = model.config
        printError("model: \(c.layers)×\(c.hiddenSize) LSTM, embedding \(c.embeddingSize), vocabulary \(c.vocabulary.count), dropout \(c.dropout), \(model.parameters.count) parameters; \(train.count) training and \(valid.count) validation molecules")
        setMatrixThreads(threads)
        StepKernels.standard = kernels
        var epochTexts: ((Int, (String) -> Bool) throws -> [String])?
        var validationTexts: (((String) -> Bool) throws -> [String])?
        if let n = o.enumerate {
            guard model.tokenizer.kind == "smiles" else { throw UserError("--enumerate needs a SMILES model") }
            let enumeration = SMILESEnumeration(train, formsPerMolecule: n, seed: o.seed)
            epochTexts = { epoch, accepts in enumeration.forms(epoch: epoch, accepts: accepts) }
            let validation = SMILESEnumeration(valid, formsPerMolecule: n, seed: o.seed)
            validationTexts = { accepts in validation.validationForms(accepts: accepts) }
            printError("SMILES enumeration: \(n) random forms of each molecule per epoch; validation on \(n) fixed forms of each")
        }
        let (_, history) = try Trainer.train(model, train: train, validation: valid, options: o, checkpointFolder: outURL,
                                             epochTexts: epochTexts, validationTexts: validationTexts,
                                             linearizedAround: linearized ? model : nil)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(history), to: outURL.appendingPathComponent("training.json"))
        let best = history.bestValidationLoss.map { String(format: ", best validation loss %.4f (epoch %d)", $0, history.bestEpoch ?? 0) } ?? ""
        printError("saved \(outURL.path)\(best)\(history.stoppedEarly ? ", stopped early" : "")")
    }

    /// Every molecule of a file, or of the corpus files anywhere under a folder.
    static func readAll(_ path: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw UserError("\(path): no such file or folder") }
        guard isDir.boolValue else { return try SequenceFile.texts(path, nonEmpty: true) }
        let suffixes = [".smi", ".smiles", ".txt", ".csv", ".smi.gz", ".smiles.gz", ".txt.gz", ".csv.gz"]
        let files = (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
            .filter { f in suffixes.contains { f.hasSuffix($0) } }.sorted()
        return try files.flatMap { try SequenceFile.texts(URL(fileURLWithPath: path).appendingPathComponent($0).path, nonEmpty: true) }
    }

    /// A corpus file or a data-set folder's training molecules, and the validation molecules: `--validation`'s
    /// file, else the folder's own validation file, else nil (the caller splits some off).
    static func readDataset(_ path: String, validation: String?, column: String? = nil) throws -> (train: [String], validation: [String]?) {
        let files = try DataSetFiles(locating: path)
        let (train, own) = try files.texts(column: column, nonEmpty: true)
        return (train, try validation.map { try SequenceFile.read($0, column: column).texts(nonEmpty: true) } ?? own)
    }
}

extension TrainCommand {
    /// The options a `--config` file may set: all but -o and --config itself.
    static var configurable: [any DeclaredOption] {
        options.flatMap(\.options).filter { $0.declaration.longName != "output" && $0.declaration.longName != "config" }
    }

    /// A `--config` file's values by long name: a flag's `true`, a repeatable option's list of strings,
    /// any other value as its text. Keys that name no option are ignored.
    static func configValues(_ path: String) throws -> [String: [String]] {
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("cannot read \(path)") }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw UserError("\(path) must hold a JSON object of option names to values")
        }
        var values: [String: [String]] = [:]
        for d in configurable.map(\.declaration) {
            guard let value = json[d.longName] else { continue }
            switch d.kind {
            case .flag: if value as? Bool == true { values[d.longName] = ["true"] }
            case .repeated: values[d.longName] = value as? [String] ?? []
            case .single: values[d.longName] = ["\(value)"]
            }
        }
        return values
    }
}
