import Support
import TaskArithmetic

/// The merge-method flags `edit` and `sweep` share: `--method NAME` and each method's own options
/// (`--density`, `--drop`, …), read into the method's kind and its settings.
struct MergeArguments {
    let kind: MergeMethodKind
    var settings: [String: Double]

    init(_ args: inout Arguments) throws {
        kind = try MergeMethods.named(try args.option("--method") ?? "sum")
        settings = [:]
        for name in MergeMethods.optionNames {
            if let v = try args.double("--" + name) { settings[name] = v }
        }
    }

    func make() throws -> any MergeMethod { try kind.make(settings) }
}
