import XCTest

/// Every command's argument errors: status 1, one line on stderr naming the problem, nothing on stdout, and no
/// work done (each fails before it reads a file).
final class CommandErrorTests: XCTestCase {
    func testUnknownOptionsAreRefused() throws {
        for c in CommandCase.all {
            try assertFails(c.tool, [c.name, "--no-such-option"],
                            with: "\(c.tool.rawValue) \(c.name): unknown option --no-such-option")
            // Also after arguments that are all right, and with `=`.
            try assertFails(c.tool, [c.name] + (c.malformed?.args.dropLast(2) ?? []) + ["--no-such-option=3"],
                            with: "\(c.tool.rawValue) \(c.name): unknown option --no-such-option=3")
        }
    }

    func testMalformedNumbersAreRefused() throws {
        for c in CommandCase.all {
            guard let (args, error) = c.malformed else { continue }
            try assertFails(c.tool, [c.name] + args, with: "\(c.tool.rawValue) \(c.name): \(error)")
        }
    }

    func testMissingArgumentsAreNamed() throws {
        for c in CommandCase.all {
            guard let (args, error) = c.missing else { continue }
            try assertFails(c.tool, [c.name] + args, with: "\(c.tool.rawValue) \(c.name): \(error)")
        }
    }

    /// The parser's other refusals, in the binary.
    func testValuesAndRepeatsAreChecked() throws {
        try assertFails(.antipode, ["sample", "model", "-o"], with: "antipode sample: -o needs a value")
        try assertFails(.antipode, ["sample", "model", "-o", "a.smi", "--output", "b.smi"],
                        with: "antipode sample: -o given 2 times; give it once")
        try assertFails(.antipode, ["sample", "model", "extra"], with: "antipode sample: unexpected argument 'extra'")
        try assertFails(.antipode, ["score", "in.smi", "--shard", "5/4"], with: "antipode score: --shard expects I/N with 1 ≤ I ≤ N, got 5/4")
        try assertFails(.antipode, ["edit", "base", "--vector", "tau.safetensors", "-o", "out"],
                        with: "antipode edit: --vector 'tau.safetensors' needs a weight: PATH:LAMBDA, e.g. tau.safetensors:-0.5")
        try assertFails(.antipode, ["batch", "merge", "config.json", "--jobs", "2"], with: "antipode batch: --jobs does not apply to batch merge")
        // A negative seed is refused when read, not a crash (it was converted to an unsigned seed unchecked).
        for command in [["sample", "model"], ["train", "corpus.smi", "-o", "out"], ["sweep", "base"]] {
            try assertFails(.antipode, command + ["--seed", "-1"], with: "antipode \(command[0]): --seed expects a whole number ≥ 0, got '-1'")
        }
    }
}
