import CommandLineTool
import Foundation
import Model
import Support
import TaskArithmetic

/// `antipode edit`: θ = θ_base + merge(λ_i·τ_i), written as an ordinary model folder.
struct EditCommand: Command {
    static let name = "edit"
    static let summary = "edit a model with task vectors: θ_base + Σ λ·τ (negative λ negates)"
    static let header = """
        Usage: antipode edit BASE --vector FILE:LAMBDA [--vector FILE:LAMBDA …] -o MODEL_DIR [options]

        Adds weighted task vectors to the base model: θ = θ_base + merge(λ_1·τ_1, …, λ_n·τ_n).
        A negative λ negates a vector — the model moves away from the fine-tuned one — and every
        method keeps it that way (none divides by the sum of the λs). The result is an ordinary
        model folder whose metadata records the base's checksum, the vectors, λs, scales and method.
        Vectors taken from another base, or from another architecture or vocabulary, are refused.
        """
    static let footer = """
        TIES applies λ before sign election: signs are elected on λ-weighted deltas, so a negated vector
        elects the negated signs. Trimming (TIES) and dropping (Breadcrumbs) rank magnitudes per tensor.

        Examples:
          antipode edit models/base --vector rings-none.safetensors:-0.5 -o edited
          antipode edit models/base --vector logp.safetensors:-0.4 --vector sa.safetensors:-0.3 \\
              --method ties --density 0.2 --scale 'embedding.*=0' --scale 'lstm.*_l5=x0.5' -o dual
        """

    static let base = Positional("BASE", missing: "BASE model folder")
    static let vector = RepeatedOption<VectorArgument>("--vector", value: "FILE:LAMBDA",
                                                       help: "a task vector file and its weight λ, e.g. tau.safetensors:-0.5")
    static let output = Option<String?>("-o", "--output", value: "DIR", help: "the edited model folder (required)")
    static let scale = RepeatedOption<String>("--scale", value: "RULE", help: scaleHelp)
    static let force = Flag("--force", help: "apply vectors taken from a different base (shapes must still match)")
    static let methodOptions = MergeArguments.methodOptions()
    static let positionals = [base]
    static let options = [
        OptionGroup("Options:", [vector, output, MergeArguments.method, scale, force]),
        OptionGroup("Method options (each only with its method; defaults per method):", methodOptions),
    ]

    /// `--scale`'s help, shared with `sweep`.
    static let scaleHelp = """
        per-tensor factor on every λ, by tensor-name glob
        applied in order; every tensor starts at 1; `*` matches any run, `?` one character:
          PATTERN=F    set the factor of matching tensors to F
          PATTERN=xF   multiply their factor by F
        a pattern matching no tensor is an error
        """

    static func run(_ args: inout ParsedArguments) throws {
        let vectorArgs = args[vector]
        guard let output = args[Self.output] else { throw UserError("missing -o MODEL_DIR") }
        let merge = try MergeArguments(args, methodOptions: methodOptions)
        let scales = try args[scale].map(ScaleRule.init(parsing:))
        let force = args[Self.force]
        let basePath = try args.positional(base)
        try args.finish()
        guard !vectorArgs.isEmpty else { throw UserError("no task vector given (use --vector FILE:LAMBDA)") }
        let method = try merge.make()
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath()
        if outputURL == URL(fileURLWithPath: basePath).standardizedFileURL.resolvingSymlinksInPath() {
            throw UserError("-o \(output) is the base model's folder; write the edited model elsewhere")
        }

        let base = try LanguageModel.load(from: URL(fileURLWithPath: basePath))
        let vectors = try vectorArgs.map {
            WeightedVector(vector: try TaskVector.read(URL(fileURLWithPath: $0.path)), lambda: $0.lambda, source: $0.path)
        }
        let edit = ModelEdit(vectors: vectors, scales: scales, method: method, force: force)
        let edited = try edit.apply(to: base)
        let baseChecksum = base.checksum
        if force, let stranger = vectors.first(where: { $0.vector.info.baseChecksum != baseChecksum }) {
            printError("warning: '\(stranger.vector.info.label)' was taken from another base (\(stranger.vector.info.baseChecksum.prefix(12))); applied because of --force")
        }
        try edited.save(to: URL(fileURLWithPath: output), metadata: edit.metadata(baseChecksum: baseChecksum))

        var change = edited.parameters
        for i in change.values.indices { change.values[i] -= base.parameters.values[i] }
        let norm = VectorStatistics(change, label: "change").overall.norm
        let terms = vectors.map { "\($0.lambda)·\($0.vector.info.label)" }.joined(separator: " + ")
        print("wrote \(output): θ_base + \(method.name)(\(terms)), ‖Δθ‖ = \(String(format: "%.6g", norm)), checksum \(edited.checksum.prefix(16))…")
    }
}
