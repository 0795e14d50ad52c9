import XCTest
@testable import antipode

/// `--vector PATH:LAMBDA` (edit, fit-lambdas); moved here from TaskArithmeticTests with the type.
final class VectorArgumentTests: XCTestCase {
    func testVectorArgumentsSplitAtTheLastColon() throws {
        XCTAssertEqual(try VectorArgument(parsing: "tau.safetensors:-0.5"), VectorArgument(path: "tau.safetensors", lambda: -0.5))
        XCTAssertEqual(try VectorArgument(parsing: "runs/a:b/tau.safetensors:1e-1"), VectorArgument(path: "runs/a:b/tau.safetensors", lambda: 0.1))
        XCTAssertThrowsError(try VectorArgument(parsing: "tau.safetensors")) {
            XCTAssertEqual("\($0)", "--vector 'tau.safetensors' needs a weight: PATH:LAMBDA, e.g. tau.safetensors:-0.5")
        }
        XCTAssertThrowsError(try VectorArgument(parsing: "tau.safetensors:minus")) {
            XCTAssertEqual("\($0)", "--vector 'tau.safetensors:minus': λ 'minus' is not a number (write PATH:LAMBDA, e.g. tau.safetensors:-0.5)")
        }
        XCTAssertThrowsError(try VectorArgument(parsing: "tau.safetensors:nan"))
        XCTAssertThrowsError(try VectorArgument(parsing: ":1"))
    }
}
