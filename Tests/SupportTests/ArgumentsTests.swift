import XCTest
@testable import Support

final class ArgumentsTests: XCTestCase {
    func testOptionsFlagsAndPositionals() throws {
        var a = Arguments(["in.smi", "-o", "out.csv", "--threads=2", "--quiet", "--success", "A>1", "--success", "B<2", "-"])
        XCTAssertEqual(try a.option("-o", "--output"), "out.csv")
        XCTAssertEqual(try a.int("--threads"), 2)
        XCTAssertTrue(a.flag("--quiet"))
        XCTAssertFalse(a.flag("--verbose"))
        XCTAssertEqual(try a.options("--success"), ["A>1", "B<2"])
        XCTAssertEqual(try a.positional("IN"), "in.smi")
        XCTAssertEqual(a.optionalPositional(), "-")
        XCTAssertNoThrow(try a.finish())
    }

    func testErrorsNameTheProblem() throws {
        var a = Arguments(["--threads", "two", "--bogus"])
        XCTAssertThrowsError(try a.int("--threads")) { XCTAssertEqual("\($0)", "--threads expects an integer, got 'two'") }
        XCTAssertThrowsError(try a.finish()) { XCTAssertEqual("\($0)", "unknown option --bogus") }
        var b = Arguments(["-o"])
        XCTAssertThrowsError(try b.option("-o")) { XCTAssertEqual("\($0)", "-o needs a value") }
        var c = Arguments([])
        XCTAssertThrowsError(try c.positional("IN")) { XCTAssertEqual("\($0)", "missing IN") }
    }
}
