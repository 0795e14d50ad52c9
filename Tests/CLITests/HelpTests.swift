import CommandLineTool
import XCTest
@testable import antipode
@testable import antipode_bench

/// Every command's help is generated from its declarations, and the binaries print it.
final class HelpTests: XCTestCase {
    static var tools: [(Tool, [any Command.Type])] { [(.antipode, antipodeCommands), (.bench, benchCommands)] }

    /// No declared option can be missing from help: each of its names, its placeholder and its default note
    /// is on its line; each positional is named in the synopsis; no name is declared twice.
    func testEveryDeclaredOptionIsInItsCommandsHelp() {
        for (tool, commands) in Self.tools {
            for command in commands {
                let usage = command.usage
                let lines = usage.split(separator: "\n").map(String.init)
                var seen = Set<String>()
                for d in command.declarations {
                    let label = "\(tool.rawValue) \(command.name) \(d.names[0])"
                    let head = "  " + d.names.joined(separator: ", ") + (d.placeholder.map { " " + $0 } ?? "")
                    guard let i = lines.firstIndex(where: { $0 == head || $0.hasPrefix(head + " ") }) else {
                        XCTFail("\(label): no help line starts with '\(head)'")
                        continue
                    }
                    // The note is on the help's first line: the option's own line, or the next when the names are long.
                    let first = lines[i] == head ? lines[i + 1] : lines[i]
                    if let note = d.defaultNote { XCTAssertTrue(first.hasSuffix("(\(note))"), "\(label): \(first)") }
                    if d.kind == .repeated { XCTAssertTrue(first.hasSuffix("(repeatable)"), "\(label): \(first)") }
                    for name in d.names { XCTAssertTrue(seen.insert(name).inserted, "\(label): \(name) declared twice") }
                }
                let synopsis = lines.first ?? ""
                XCTAssertTrue(synopsis.hasPrefix("Usage: \(tool.rawValue) \(command.name)"), synopsis)
                for p in command.positionals { XCTAssertTrue(synopsis.contains(p.name), "\(command.name): \(p.name) not in '\(synopsis)'") }
            }
        }
    }

    /// `TOOL CMD --help` exits 0 and prints exactly the generated text, which holds the expected lines.
    func testHelpPrintsTheGeneratedOptionLinesWithTheirDefaults() throws {
        for (tool, commands) in Self.tools {
            XCTAssertEqual(Set(commands.map { $0.name }), Set(CommandCase.all.filter { $0.tool == tool }.map(\.name)),
                           "every command of \(tool.rawValue) has a case")
        }
        for c in CommandCase.all {
            let commands = Self.tools.first { $0.0 == c.tool }!.1
            let command = try XCTUnwrap(commands.first { $0.name == c.name })
            for args in [[c.name, "--help"], [c.name, "-h"]] {
                let result = try c.tool.run(args)
                XCTAssertEqual(result.status, 0, "\(c.tool.rawValue) \(c.name) --help: \(result.stderr)")
                XCTAssertEqual(result.output, command.usage + "\n", "\(c.tool.rawValue) \(args.joined(separator: " "))")
            }
            let lines = Set(command.usage.split(separator: "\n").map(String.init))
            for line in c.helpLines { XCTAssertTrue(lines.contains(line), "\(c.tool.rawValue) \(c.name): no line '\(line)'") }
        }
    }

    /// Help wins over everything else on the line, even an unknown option: nothing runs.
    func testHelpAnywhereOnTheLineIsHelp() throws {
        let result = try Tool.antipode.run(["sweep", "base", "--no-such-option", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.output.hasPrefix("Usage: antipode sweep BASE"), result.output)
    }

    /// `antipode` alone lists the commands and exits 2; `--help` lists them and exits 0; benchmarks are not its.
    func testTheOverviewListsEveryCommand() throws {
        let bare = try Tool.antipode.run([])
        XCTAssertEqual(bare.status, 2)
        for command in antipodeCommands {
            XCTAssertTrue(bare.lines.contains { $0.hasPrefix("  \(command.name) ") && $0.hasSuffix(command.summary) }, command.name)
        }
        XCTAssertFalse(bare.output.contains("bench"), bare.output)
        let help = try Tool.antipode.run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertEqual(help.output, bare.output)

        let bench = try Tool.bench.run([])
        XCTAssertEqual(bench.status, 2)
        for command in benchCommands { XCTAssertTrue(bench.lines.contains { $0.hasPrefix("  \(command.name) ") }, command.name) }
    }

    /// An unknown command exits 2 naming it and the commands there are; the old bench commands are gone.
    func testUnknownCommandsExitTwo() throws {
        for name in ["nosuch", "bench-score", "bench-model", "bench-leader"] {
            let result = try Tool.antipode.run([name])
            XCTAssertEqual(result.status, 2, name)
            XCTAssertEqual(result.errorLines, ["antipode: unknown command '\(name)'; commands: "
                                               + antipodeCommands.map { $0.name }.joined(separator: ", ")])
        }
        let bench = try Tool.bench.run(["bench-score"])
        XCTAssertEqual(bench.status, 2)
        XCTAssertEqual(bench.errorLines, ["antipode-bench: unknown command 'bench-score'; commands: score, leader, model, model-worker"])
    }
}
