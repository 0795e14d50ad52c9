import CommandLineTool
import Foundation
import Model
import Support
import TaskArithmetic

/// `antipode fit-lambdas`: learned anisotropic λ for few-shot design (`CoefficientFit`).
struct FitLambdasCommand: Command {
    static let name = "fit-lambdas"
    static let summary = "learn one λ per vector and layer (or tensor) from a few positives"
    static let header = """
        Usage: antipode fit-lambdas BASE --vector FILE:LAMBDA [--vector FILE:LAMBDA ...] --positives FILE -o MODEL_DIR [options]

        Learned anisotropic λ for few-shot design: θ = θ_base + Σ_i Σ_g α_{i,g}·τ_{i,g} with one coefficient per
        vector and per layer (or tensor), fitted by Adam to the positives' likelihood and stopped early on held-out
        positives. Each vector's LAMBDA is where its coefficients start (e.g. the negation's chosen −λ; 0 for a
        difference vector θ_t − θ_{t−k} from a fine-tuning trajectory, made with `antipode vector`). The edited
        model is written like `edit`'s, its metadata holding every coefficient and the losses.
        """

    static let base = Positional("BASE", missing: "BASE model folder")
    static let vector = RepeatedOption<VectorArgument>("--vector", value: "FILE:LAMBDA",
                                                       help: "a task vector file and the λ its coefficients start at")
    static let output = Option<String?>("-o", "--output", value: "DIR", help: "the edited model folder (required)")
    static let positives = Option<String?>("--positives", value: "FILE", help: "the few positives (SMILES list; required)")
    static let validation = Option<String?>("--validation", value: "FILE", help: "held-out positives",
                                            absent: "a seeded fifth of --positives, at least one")
    static let per = Option("--per", value: CoefficientFit.Granularity.allCases.map(\.rawValue).joined(separator: "|"),
                            default: CoefficientFit().granularity.rawValue, help: "one coefficient per layer or per tensor")
    static let steps = Option("--steps", value: "N", default: CoefficientFit().maxSteps, help: "Adam steps at most")
    static let lr = Option("--lr", value: "X", default: CoefficientFit().learningRate, help: "Adam's learning rate")
    static let patience = Option("--patience", value: "N", default: CoefficientFit().patience,
                                 help: "steps without a better held-out loss before stopping")
    static let force = Flag("--force", help: "take vectors made against another base (shapes must still match)")
    static let positionals = [base]
    static let options = [OptionGroup("Options:", [vector, output, positives, validation, per, steps, lr, patience, force])]

    static func run(_ args: inout ParsedArguments) throws {
        let vectorArgs = args[vector]
        guard let output = args[Self.output] else { throw UserError("missing -o MODEL_DIR") }
        guard let positivesPath = args[positives] else { throw UserError("missing --positives FILE") }
        let validationPath = args[validation]
        var fit = CoefficientFit()
        let perText = args[per]
        guard let granularity = CoefficientFit.Granularity(rawValue: perText) else {
            throw UserError("--per must be layer or tensor, got '\(perText)'")
        }
        fit.granularity = granularity
        fit.maxSteps = args[steps]
        fit.learningRate = args[lr]
        fit.patience = args[patience]
        let force = args[Self.force]
        let basePath = try args.positional(base)
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
