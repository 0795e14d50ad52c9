import Chem
import Foundation
import Model
import Support
import Tokens

/// `antipode train`: pre-trains a new model on a corpus, or fine-tunes a given one.
struct TrainCommand: Command {
    static let name = "train"
    static let summary = "train or fine-tune a SMILES language model"
    static let usage = """
    Usage: antipode train CORPUS -o OUTPUT [options]

    CORPUS is a file (.smi/.smiles/.txt/.csv, optionally .gz) or a dataset folder holding train.* and
    val.* (or valid.*/validation.*). OUTPUT becomes a model folder (the best model by validation loss) with
    a resumable checkpoint in OUTPUT/checkpoint and the history in OUTPUT/training.json.

    Data:
      --validation FILE       validation molecules (default: the folder's val file, else --val-fraction)
      --val-fraction X        share of CORPUS held out when there is no validation file (default 0.05)
      --max-validation N      use at most N validation molecules (default 20000)
      --max-train N           train on a seeded random N of the training molecules (default: all)
      --skip-unknown          leave out training molecules with tokens outside the vocabulary (counted)
      --smiles-column NAME    the SMILES column of CSV corpus and validation files (default smiles)
      --vocabulary-extra PATH add the tokens of these molecules (a file, or a folder searched for
                              .smi/.smiles/.txt/.csv files) to a new model's vocabulary; repeatable
    Model (new models; ignored with --from):
      --from MODEL            fine-tune this model folder instead of starting from random weights
      --linearized            with --from: tangent-space fine-tuning — train f(θ₀) + J(θ₀)·(θ − θ₀) around the
                              --from model θ₀ (Ortiz-Jiménez et al. 2023); the saved model records θ₀
      --config FILE           JSON object of any of these options by long name, e.g. {"layers": 3, "hidden": 512}
      --layers N (6)  --hidden N (256)  --embedding N (256)  --dropout X (0.25)  --tokenizer smiles|peptide
      --init-gain X (1: PyTorch's U(−1/√H, 1/√H) for the LSTM weights, times X)
      --forget-bias X (0: PyTorch's; added to each layer's forget-gate bias)
    Training:
      --batch N (32)  --lr X (0.001)  --epochs N (10)  --max-steps N (0: none)  --patience N (5; 0: never stop)
      --min-delta X (1e-5)  --clip X (1.0; 0: none)  --weight-decay X (0)  --beta1 X (0.9)  --beta2 X (0.999)
      --schedule constant|cosine  --warmup N (0)  --min-lr-factor X (0.1)  --seed N (0)
      --checkpoint-every N (200 steps)  --threads N (2)  --resume  --quiet
      --enumerate N  train on N randomized SMILES of each molecule, fresh every epoch (seeded; validation stays canonical)
      --kernels packed|blas[:LEVEL]  the LSTM step's kernels (packed at the CPU's best level; blas for comparison)

    Example:
      antipode train molecules/moses/train.csv.gz --validation molecules/moses/test.csv.gz \\
          --layers 3 --hidden 512 --batch 128 --epochs 5 -o runs/base
      antipode train ../shared/data/molecular-task-arithmetic/property-tasks/logp-low/setup-0 \\
          --from models/base --skip-unknown -o runs/logp-low
    """

    static func run(_ args: inout Arguments) throws {
        var s = try Settings(&args)
        guard let output = try s.args.option("-o", "--output") else { throw UserError("give the output folder with -o") }
        let outURL = URL(fileURLWithPath: output)
        let from = try s.string("from")
        let linearized = s.flag("linearized")
        if linearized && from == nil { throw UserError("--linearized needs --from MODEL (the model to linearize around)") }
        let threads = try s.int("threads") ?? 2
        let kernels: StepKernels
        do { kernels = try StepKernels(parsing: try s.string("kernels") ?? "packed") } catch { throw UserError("--kernels: \(error)") }
        var o = TrainingOptions()
        o.batchSize = try s.int("batch") ?? o.batchSize
        o.learningRate = try s.double("lr") ?? o.learningRate
        o.epochs = try s.int("epochs") ?? o.epochs
        o.maxSteps = try s.int("max-steps") ?? o.maxSteps
        o.patience = try s.int("patience") ?? o.patience
        o.minDelta = try s.double("min-delta") ?? o.minDelta
        o.clipNorm = try s.double("clip") ?? o.clipNorm
        o.weightDecay = try s.double("weight-decay") ?? o.weightDecay
        o.beta1 = try s.double("beta1") ?? o.beta1
        o.beta2 = try s.double("beta2") ?? o.beta2
        o.warmupSteps = try s.int("warmup") ?? o.warmupSteps
        o.minLearningRateFactor = try s.double("min-lr-factor") ?? o.minLearningRateFactor
        o.seed = UInt64(try s.int("seed") ?? 0)
        o.checkpointEvery = try s.int("checkpoint-every") ?? o.checkpointEvery
        if let name = try s.string("schedule") {
            guard let sc = LearningRateSchedule(rawValue: name) else {
                throw UserError("--schedule must be one of \(LearningRateSchedule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            o.schedule = sc
        }
        o.resume = s.flag("resume")
        o.quiet = s.flag("quiet")
        o.skipUnknown = false
        o.enumerate = try s.int("enumerate")
        if let n = o.enumerate, n < 1 { throw UserError("--enumerate must be at least 1 (forms per molecule per epoch)") }
        let skipUnknown = s.flag("skip-unknown")
        let validationFile = try s.string("validation")
        let maxTrain = try s.int("max-train")
        let extraVocabulary = try s.args.options("--vocabulary-extra") + ((s.json["vocabulary-extra"] as? [String]) ?? [])
        let valFraction = try s.double("val-fraction") ?? 0.05
        let maxValidation = try s.int("max-validation") ?? 20000
        let layers = try s.int("layers"), hidden = try s.int("hidden"), embedding = try s.int("embedding")
        let dropout = try s.double("dropout"), tokenizerKind = try s.string("tokenizer")
        let initialisation = Initialisation(gain: Float(try s.double("init-gain") ?? 1),
                                            forgetBias: Float(try s.double("forget-bias") ?? 0))
        guard initialisation.gain > 0 else { throw UserError("--init-gain must be positive") }
        let corpusPath = try s.args.positional("CORPUS (a file or a dataset folder)")
        let smilesColumn = try s.string("smiles-column")
        try s.args.finish()
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
            let tok = try Tokenizers.named(tokenizerKind ?? "smiles")
            var clean = train
            if skipUnknown { clean = train.filter { (try? tok.tokenize($0)) != nil } }
            for path in extraVocabulary { clean += try readAll(path) }
            let vocab = try Vocabulary.build(from: clean, tokenizer: tok)
            let config = ModelConfig(tokenizer: tok.kind, vocabulary: vocab, embeddingSize: embedding ?? 256,
                                     hiddenSize: hidden ?? 256, layers: layers ?? 6, dropout: dropout ?? 0.25)
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
        if let n = o.enumerate {
            guard model.tokenizer.kind == "smiles" else { throw UserError("--enumerate needs a SMILES model") }
            let enumeration = SMILESEnumeration(train, formsPerMolecule: n, seed: o.seed)
            epochTexts = { epoch, accepts in enumeration.forms(epoch: epoch, accepts: accepts) }
            printError("SMILES enumeration: \(n) random forms of each molecule per epoch")
        }
        let (_, history) = try Trainer.train(model, train: train, validation: valid, options: o, checkpointFolder: outURL,
                                             epochTexts: epochTexts, linearizedAround: linearized ? model : nil)
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

    /// Reads a corpus file or a dataset folder (train.* and val.*).
    static func readDataset(_ path: String, validation: String?, column: String? = nil) throws -> (train: [String], validation: [String]?) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw UserError("\(path): no such file or folder")
        }
        func texts(_ file: String) throws -> [String] { try SequenceFile.read(file, column: column).texts(nonEmpty: true) }
        let valFromFlag = try validation.map { try texts($0) }
        guard isDir.boolValue else { return (try texts(path), valFromFlag) }
        let files = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        func find(_ stems: [String]) -> URL? {
            files.first { f in stems.contains { f.hasPrefix($0 + ".") } }.map { URL(fileURLWithPath: path).appendingPathComponent($0) }
        }
        guard let trainURL = find(["train"]) else { throw UserError("\(path) holds no train.* file") }
        let val = try valFromFlag ?? find(["val", "valid", "validation"]).map { try texts($0.path) }
        return (try texts(trainURL.path), val)
    }
}

/// Command-line options with fallbacks from a `--config` JSON object (keys are the long option names).
struct Settings {
    var args: Arguments
    let json: [String: Any]

    init(_ args: inout Arguments) throws {
        if let path = try args.option("--config") {
            guard let data = FileManager.default.contents(atPath: path) else { throw UserError("cannot read \(path)") }
            guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw UserError("\(path) must hold a JSON object of option names to values")
            }
            json = obj
        } else {
            json = [:]
        }
        self.args = args
        args = Arguments([])
    }

    mutating func string(_ name: String) throws -> String? {
        if let v = try args.option("--" + name) { return v }
        return json[name].map { "\($0)" }
    }
    mutating func int(_ name: String) throws -> Int? {
        guard let text = try string(name) else { return nil }
        guard let v = Int(text) else { throw UserError("--\(name) expects an integer, got '\(text)'") }
        return v
    }
    mutating func double(_ name: String) throws -> Double? {
        guard let text = try string(name) else { return nil }
        guard let v = Double(text), v.isFinite else { throw UserError("--\(name) expects a number, got '\(text)'") }
        return v
    }
    mutating func flag(_ name: String) -> Bool {
        args.flag("--" + name) || (json[name] as? Bool ?? false)
    }
}
