/// A campaign stage, as the runner names it. The store keeps each stage under `name`, the spelling every
/// campaign has used since the first store, so stores written before the keys were typed resume as they are;
/// `init(name:)` reads such a name back. Sampling seeds come from `seedName`, which leaves λ out: every λ
/// of a sweep, and an arm's designs at whichever λ was chosen, draw the same random numbers.
enum StageKey: Hashable, Sendable, CustomStringConvertible {
    /// A data set read, canonicalised and split (`neg-<objective>`, `pos-<i>`, `pos-few-shot`).
    case data(label: String)
    case fineTune(FineTuneRole)
    case vector(label: String)
    /// The difference vectors along the fine-tuning trajectory of an objective's negatives (learned λ).
    case trajectory(label: String)
    /// The λ sweep of one arm.
    case sweep(SweepArm)
    /// An arm's designs at its chosen λ.
    case design(SweepArm, lambda: Double)
    /// The base model's designs.
    case baseSamples
    /// Fine-tuning on the positives: in the given order, reversed, or on randomized SMILES.
    case baseline(BaselineOrder)
    /// A few-shot arm's designs, for the fraction tagged e.g. `5%`.
    case fewShot(tag: String, FewShotArm)
    /// An arm's evaluation, by the arm's name (its metrics in the store).
    case evaluate(arm: String)
    /// The evaluation of every arm and the files written from it.
    case outputs

    /// Which sweep: the campaign's main merge method, another merge method, or task vectors made another way.
    enum SweepArm: Hashable, Sendable {
        case main
        case method(String)
        case variant(Variant)
    }

    /// Task vectors fine-tuned another way than plainly (`fine_tune.linearized`, `fine_tune.enumerate`).
    enum Variant: String, Hashable, Sendable, CaseIterable {
        case linearized, enumerated
    }

    enum BaselineOrder: String, Hashable, Sendable, CaseIterable {
        case given = "baseline", reversed = "baseline-rev", enumerated = "baseline-enumerated"

        /// The fine-tuning roles' prefix for this order.
        var role: String {
            switch self {
            case .given: return "positives"
            case .reversed: return "positives-rev"
            case .enumerated: return "positives-enumerated"
            }
        }
    }

    enum FewShotArm: Hashable, Sendable {
        /// The negated model (at the chosen λ) fine-tuned on the fraction.
        case negation(lambda: Double)
        /// Learned per-layer λ fitted to the fraction.
        case learned(lambda: Double)
        /// The base fine-tuned on the fraction.
        case base
    }

    /// Whose fine-tuning a model is; `name` is its folder under `models/` and the store's model role.
    enum FineTuneRole: Hashable, Sendable {
        case negatives(objective: String, variant: Variant?)
        case positives(BaselineOrder, step: Int)
        case fewShotNegated(tag: String, lambda: Double)
        case fewShotBase(tag: String)

        var name: String {
            switch self {
            case .negatives(let label, let variant): return "neg-\(label)" + (variant.map { "-\($0.rawValue)" } ?? "")
            case .positives(let order, let step): return "\(order.role)-\(step)"
            case .fewShotNegated(let tag, let lambda): return "few-shot-\(tag)-negated@\(lambda)"
            case .fewShotBase(let tag): return "few-shot-\(tag)-base"
            }
        }

        /// Reads a role name back (nil when it is none of the runner's).
        init?(name: String) {
            if name.hasPrefix("few-shot-") {
                let rest = name.dropFirst("few-shot-".count)
                if let at = rest.range(of: "-negated@"), let lambda = Double(rest[at.upperBound...]) {
                    self = .fewShotNegated(tag: String(rest[..<at.lowerBound]), lambda: lambda)
                } else if rest.hasSuffix("-base") {
                    self = .fewShotBase(tag: String(rest.dropLast("-base".count)))
                } else { return nil }
                return
            }
            // Longest prefix first: "positives-rev-0" is not step "rev-0" of "positives".
            for order in BaselineOrder.allCases.sorted(by: { $0.role.count > $1.role.count }) where name.hasPrefix(order.role + "-") {
                guard let step = Int(name.dropFirst(order.role.count + 1)) else { return nil }
                self = .positives(order, step: step)
                return
            }
            guard name.hasPrefix("neg-"), name.count > 4 else { return nil }
            let label = String(name.dropFirst(4))
            if let variant = Variant.allCases.first(where: { label.hasSuffix("-\($0.rawValue)") }) {
                self = .negatives(objective: String(label.dropLast(variant.rawValue.count + 1)), variant: variant)
            } else {
                self = .negatives(objective: label, variant: nil)
            }
        }
    }

    /// The stage's name in the store.
    var name: String {
        switch self {
        case .data(let label): return "data:\(label)"
        case .fineTune(let role): return "finetune:\(role.name)"
        case .vector(let label): return "vector:\(label)"
        case .trajectory(let label): return "trajectory:\(label)"
        case .sweep(let arm): return "sweep" + Self.suffix(arm)
        case .design(let arm, let lambda): return "design" + Self.suffix(arm) + "@\(lambda)"
        case .baseSamples: return "base-samples"
        case .baseline(let order): return order.rawValue
        case .fewShot(let tag, .negation(let lambda)): return "few-shot-\(tag)@\(lambda)"
        case .fewShot(let tag, .learned(let lambda)): return "few-shot-\(tag)-learned@\(lambda)"
        case .fewShot(let tag, .base): return "few-shot-\(tag)-base"
        case .evaluate(let arm): return "evaluate:\(arm)"
        case .outputs: return "outputs"
        }
    }

    var description: String { name }

    /// What seeds the stage's sampling: the name without λ.
    var seedName: String {
        switch self {
        case .design(let arm, _): return "design" + Self.suffix(arm)
        case .fewShot(let tag, .negation): return "few-shot-\(tag)"
        case .fewShot(let tag, .learned): return "few-shot-\(tag)-learned"
        default: return name
        }
    }

    /// The stage's λ when its name carries one.
    var lambda: Double? {
        switch self {
        case .design(_, let lambda), .fewShot(_, .negation(let lambda)), .fewShot(_, .learned(let lambda)): return lambda
        default: return nil
        }
    }

    private static func suffix(_ arm: SweepArm) -> String {
        switch arm {
        case .main: return ""
        case .method(let name): return ":\(name)"
        case .variant(let variant): return ":\(variant.rawValue)"
        }
    }

    private static func arm(_ text: Substring) -> SweepArm {
        guard text.hasPrefix(":") else { return .main }
        let name = String(text.dropFirst())
        return Variant(rawValue: name).map { .variant($0) } ?? .method(name)
    }

    /// Reads a stored stage name back: nil when it is none of the runner's (then it is left alone).
    init?(name: String) {
        func after(_ prefix: String) -> String? { name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : nil }
        if let label = after("data:") { self = .data(label: label); return }
        if let label = after("vector:") { self = .vector(label: label); return }
        if let label = after("trajectory:") { self = .trajectory(label: label); return }
        if let arm = after("evaluate:") { self = .evaluate(arm: arm); return }
        if let role = after("finetune:") {
            guard let role = FineTuneRole(name: role) else { return nil }
            self = .fineTune(role)
            return
        }
        switch name {
        case "base-samples": self = .baseSamples; return
        case "outputs": self = .outputs; return
        default: break
        }
        if let order = BaselineOrder(rawValue: name) { self = .baseline(order); return }
        if let rest = after("sweep"), rest.isEmpty || rest.hasPrefix(":") { self = .sweep(Self.arm(rest[...])); return }
        if let rest = after("design"), let at = rest.lastIndex(of: "@"), let lambda = Double(rest[rest.index(after: at)...]) {
            self = .design(Self.arm(rest[..<at]), lambda: lambda)
            return
        }
        if let rest = after("few-shot-") {
            if rest.hasSuffix("-base") { self = .fewShot(tag: String(rest.dropLast("-base".count)), .base); return }
            guard let at = rest.lastIndex(of: "@"), let lambda = Double(rest[rest.index(after: at)...]) else { return nil }
            let head = rest[..<at]
            if head.hasSuffix("-learned") {
                self = .fewShot(tag: String(head.dropLast("-learned".count)), .learned(lambda: lambda))
            } else {
                self = .fewShot(tag: String(head), .negation(lambda: lambda))
            }
            return
        }
        return nil
    }
}
