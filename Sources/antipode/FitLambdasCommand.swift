import Foundation
import Model
import Support
import TaskArithmetic

/// `antipode fit-lambdas`: learned anisotropic λ for few-shot design (`CoefficientFit`).
struct FitLambdasCommand: Command {
    static let name = "fit-lambdas"
    static let summary = "learn one λ per vector and layer (or tensor) from a few positives"
    static let usage = """
        Usage: antipode fit-lambdas BASE --vector FILE:LAMBDA [--vector FILE:LAMBDA ...] --positives FILE -o MODEL_DIR [options]

        Learned anisotropic λ for few-shot design: θ = θ_base + Σ_i Σ_g α_{i,g}·τ_{i,g} with one coefficient per
        vector and per layer (or tensor), fitted by Adam to the positives' likelihood and stopped early on held-out
        positives. Each vector's LAMBDA is where its coefficients start (e.g. the negation's chosen −λ; 0 for a
        difference vector θ_t − θ_{t−k} from a fine-tuning trajectory, made with `antipode vector`). The edited
        model is written like `edit`'s, its metadata holding every coefficient and the losses.

        Options:
          --positives FILE       the few positives (SMILES list)
          --validation FILE      held-out positives (default: a seeded fifth of --positives, at least one)
          --per layer|tensor     one coefficient per layer (default) or per tensor
          --steps N              Adam steps at most (default 300)   --lr X (default 0.02)   --patience N (default 20)
          --force                take vectors made against another base (shapes must still match)
        """

    static func run(_ args: inout Arguments) throws {
        let vectorArgs = try args.options("--vector").map(VectorArgument.init(parsing:))
        guard let output = try args.option("-o", "--output") else { throw UserError("missing -o MODEL_DIR") }
        guard let positivesPath = try args.option("--positives") else { throw UserError("missing --positives FILE") }
        let validationPath = try args.option("--validation")
        var fit = CoefficientFit()
        if let per = try args.option("--per") {
            guard let g = CoefficientFit.Granularity(rawValue: per) else { throw UserError("--per must be layer or tensor, got '\(per)'") }
            fit.granularity = g
        }
        fit.maxSteps = try args.int("--steps") ?? fit.maxSteps
        fit.learningRate = try args.double("--lr") ?? fit.learningRate
        fit.patience = try args.int("--patience") ?? fit.patience
        let force = args.flag("--force")
        let basePath = try args.positional("BASE model folder")
        try args.finish()
        guard !vectorArgs.isEmpty else { throw UserError("no task vector given (use --vector FILE:LAMBDA)") }
        guard fit.maxSteps > 0, fit.learningRate > 0, fit.patience > 0 else { throw UserError("--steps, --lr and --patience must be positive") }

        let base = try LanguageModel.load(from: URL(fileURLWithPath: basePath))
        let vectors = try vectorArgs.map { try TaskVector.read(URL(fileURLWithPath: $0.path)) }
        for v in vectors where !force && v.info.baseChecksum != base.checksum {
            throw UserError("task vector '\(v.info.label)' was taken from another base (\(v.info.baseChecksum.prefix(12))…); --force takes it anyway")
        }
        if vectors.contains(where: \.info.linearized) {
            throw UserError("linearized task vectors live in the expansion around their base; fit-lambdas takes ordinary vectors")
        }
        var positives = try SequenceFile.texts(positivesPath, nonEmpty: true)
        var validation: [String]
        if let validationPath {
            validation = try SequenceFile.texts(validationPath, nonEmpty: true)
        } else {
            guard positives.count >= 2 else { throw UserError("--positives holds \(positives.count) molecule; give at least 2 or a --validation file") }
            var rng = RandomGenerator(seed: 17)
            positives.shuffle(using: &rng)
            let n = max(1, positives.count / 5)
            validation = Array(positives.prefix(n))
            positives.removeFirst(n)
        }
        let result = try fit.fit(base: base, vectors: vectors, initial: vectorArgs.map(\.lambda), train: positives, validation: validation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let table = Dictionary(uniqueKeysWithValues: zip(vectors.map(\.info.label), result.coefficients.map { Dictionary(uniqueKeysWithValues: zip(result.groups, $0)) }))
        let metadata = [
            "fit_base_checksum": base.checksum,
            "fit_coefficients": String(decoding: try encoder.encode(table), as: UTF8.self),
            "fit_granularity": fit.granularity.rawValue,
            "fit_positives": "\(positives.count) training, \(validation.count) validation",
            "fit_validation_loss": String(format: "%.6f (start %.6f)", result.validationLoss, result.startValidationLoss),
        ]
        try result.model.save(to: URL(fileURLWithPath: output), metadata: metadata)
        print(String(format: "wrote %@: %d coefficients after %d steps; held-out positives' loss %.4f → %.4f",
                     output, result.coefficients.count * result.groups.count, result.steps, result.startValidationLoss, result.validationLoss))
        for (v, alphas) in zip(vectors, result.coefficients) {
            print("  \(v.info.label): " + zip(result.groups, alphas).map { String(format: "%@ %.3f", $0, $1) }.joined(separator: ", "))
        }
    }
}
