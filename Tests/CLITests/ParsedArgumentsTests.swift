import CommandLineTool
import Support
import XCTest

/// The option layer on its own: typed values through declarations, defaults, refusals, and the help lines.
final class ParsedArgumentsTests: XCTestCase {
    let samples = Option("--samples", value: "N", default: 1000, help: "designs sampled per λ")
    let scale = Option("--scale", value: "X", default: 0.5, help: "a factor")
    let output = Option<String?>("-o", "--output", value: "FILE", help: "where to write", absent: "standard output")
    let reference = RepeatedOption<String>("--reference", value: "FILE", help: "a corpus")
    let quiet = Flag("--quiet", "-q", help: "no progress lines")
    let input = Positional("IN", missing: "IN (a file)")
    var all: [any DeclaredOption] { [samples, scale, output, reference, quiet] }
    var declarations: [OptionDeclaration] { all.map { $0.declaration } }

    func parse(_ args: [String]) throws -> ParsedArguments { try ParsedArguments(args, declarations: declarations) }

    func testValuesAreTypedAndDefaultsComeFromTheDeclaration() throws {
        var a = try parse(["in.smi", "--samples=20", "-q", "--reference", "a", "--output", "o.csv", "--reference", "b"])
        XCTAssertEqual(a[samples], 20)
        XCTAssertEqual(a[scale], 0.5)
        XCTAssertEqual(a[output], "o.csv")
        XCTAssertEqual(a[reference], ["a", "b"])
        XCTAssertTrue(a[quiet])
        XCTAssertTrue(a.isGiven(samples))
        XCTAssertFalse(a.isGiven(scale))
        XCTAssertEqual(try a.positional(input), "in.smi")
        XCTAssertNoThrow(try a.finish())

        var none = try parse([])
        XCTAssertEqual(none[samples], 1000)
        XCTAssertNil(none[output])
        XCTAssertEqual(none[reference], [])
        XCTAssertFalse(none[quiet])
        XCTAssertThrowsError(try none.positional(input)) { XCTAssertEqual("\($0)", "missing IN (a file)") }
    }

    /// As Arguments always did: the last of several numbers counts; text given twice is refused.
    func testRepeatsOfASingleOption() throws {
        XCTAssertEqual(try parse(["--samples", "x", "--samples", "5"])[samples], 5)
        XCTAssertThrowsError(try parse(["-o", "a", "--output", "b"])) { XCTAssertEqual("\($0)", "-o given 2 times; give it once") }
    }

    func testErrorsNameTheOption() throws {
        XCTAssertThrowsError(try parse(["--samples", "many"])) { XCTAssertEqual("\($0)", "--samples expects an integer, got 'many'") }
        XCTAssertThrowsError(try parse(["--scale", "inf"])) { XCTAssertEqual("\($0)", "--scale expects a number, got 'inf'") }
        XCTAssertThrowsError(try parse(["--scale"])) { XCTAssertEqual("\($0)", "--scale needs a value") }
        XCTAssertThrowsError(try parse(["in", "--bogus"])) { XCTAssertEqual("\($0)", "unknown option --bogus") }
        var extra = try parse(["in", "more"])
        _ = try extra.positional(input)
        XCTAssertThrowsError(try extra.finish()) { XCTAssertEqual("\($0)", "unexpected argument 'more'") }
    }

    /// A config file's values fill what the command line left out; the command line wins.
    func testSuppliedValuesFillOnlyWhatIsAbsent() throws {
        var a = try parse(["--samples", "7", "--reference", "cli"])
        try a.supply(["samples": ["9"], "scale": ["2.5"], "reference": ["file"], "quiet": ["true"]], to: all)
        XCTAssertEqual(a[samples], 7)
        XCTAssertEqual(a[scale], 2.5)
        XCTAssertEqual(a[reference], ["cli", "file"])
        XCTAssertTrue(a[quiet])
        XCTAssertNoThrow(try a.supply(["output": []], to: all))  // an empty list supplies nothing
        XCTAssertNil(a[output])
        var b = try parse([])
        XCTAssertThrowsError(try b.supply(["scale": ["half"]], to: all)) { XCTAssertEqual("\($0)", "--scale expects a number, got 'half'") }
    }

    func testRefusedOptionsAreNamed() throws {
        let a = try parse(["--samples", "3"])
        XCTAssertNoThrow(try a.refuse([scale, quiet], for: "this action"))
        XCTAssertThrowsError(try a.refuse([scale, samples], for: "this action")) { XCTAssertEqual("\($0)", "--samples does not apply to this action") }
    }

    func testHelpLines() {
        XCTAssertEqual(HelpText.line(samples.declaration), "  --samples N            designs sampled per λ (default 1000)")
        XCTAssertEqual(HelpText.line(output.declaration), "  -o, --output FILE      where to write (default: standard output)")
        XCTAssertEqual(HelpText.line(reference.declaration), "  --reference FILE       a corpus (repeatable)")
        XCTAssertEqual(HelpText.line(quiet.declaration), "  --quiet, -q            no progress lines")
        let long = Option("--a-very-long-option-name", value: "PATH", default: 1e-5, help: "first line\nsecond line")
        XCTAssertEqual(HelpText.line(long.declaration), """
              --a-very-long-option-name PATH
                                     first line (default 1e-5)
                                     second line
            """)
        XCTAssertEqual(HelpText.usage(header: "Usage: x", groups: [OptionGroup("Options:", [quiet]), OptionGroup("None:", [])], footer: "Example: x"),
                       "Usage: x\n\nOptions:\n  --quiet, -q            no progress lines\n\nExample: x")
    }

    func testDefaultsReadAsTheyAreWritten() {
        XCTAssertEqual(1.0.helpText, "1")
        XCTAssertEqual(0.65.helpText, "0.65")
        XCTAssertEqual(1e-8.helpText, "1e-8")
        XCTAssertEqual(Shard.whole.helpText, "1/1")
        XCTAssertEqual(Optional<Int>.none.helpText, "none")
    }
}
