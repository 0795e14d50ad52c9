import CommandLineTool
import Foundation
import Support
import TaskArithmetic

/// The merge-method options `edit` and `sweep` share: `--method NAME` and each method's own options
/// (`--density`, `--drop`, …), declared from the `MergeMethods` registry and read into a method and its settings.
struct MergeArguments {
    static let method = Option("--method", value: "NAME", default: MergeMethods.all[0].name,
                               help: "how the weighted vectors combine\n" + MergeMethods.all.map { kind in
                                   "  " + kind.name + String(repeating: " ", count: max(1, 13 - kind.name.count)) + kind.summary
                               }.joined(separator: "\n"))

    /// One option per setting name of any method, its help and each method's default from the registry.
    static func methodOptions(excluding taken: Set<String> = []) -> [Option<Double?>] {
        MergeMethods.optionNames.filter { !taken.contains($0) }.map { name in
            let owners = MergeMethods.all.compactMap { kind in kind.options.first { $0.name == name }.map { (kind.name, $0) } }
            let first = owners[0].1
            // The registry's help ends in the methods it applies to; the defaults line names them.
            var help = first.help
            if let open = help.lastIndex(of: "("), help.hasSuffix(")") { help = String(help[..<open]).trimmingCharacters(in: .whitespaces) }
            let defaults = owners.map { "\($0.0) \($0.1.integer ? String(Int($0.1.defaultValue)) : $0.1.defaultValue.helpText)" }
            return Option<Double?>("--" + name, value: first.integer ? "N" : "F", help: help, absent: defaults.joined(separator: ", "))
        }
    }

    let kind: MergeMethodKind
    var settings: [String: Double]

    init(_ args: ParsedArguments, methodOptions: [Option<Double?>]) throws {
        kind = try MergeMethods.named(args[Self.method])
        settings = [:]
        for option in methodOptions {
            if let v = args[option] { settings[option.declaration.longName] = v }
        }
    }

    func make() throws -> any MergeMethod { try kind.make(settings) }
}
