import Foundation
import XCTest
@testable import Model

final class SafeTensorsTests: XCTestCase {
    func testRoundTripKeepsNamesShapesValuesAndMetadata() throws {
        let p = try ParameterSet(tensors: [
            ("embedding.weight", [3, 2], [1, -2, 3.5, 0, .leastNonzeroMagnitude, -.greatestFiniteMagnitude]),
            ("lstm.bias_ih_l0", [4], [0.25, 0.5, 0.75, 1]),
        ])
        let data = try SafeTensors.encode(p, metadata: ["label": "logp-low"])
        let (q, meta) = try SafeTensors.decode(data)
        XCTAssertEqual(q, p)
        XCTAssertEqual(meta, ["label": "logp-low"])
    }

    /// The byte layout a PyTorch reader relies on: header length, JSON header, aligned F32 data.
    func testLayoutMatchesTheSpecification() throws {
        let p = try ParameterSet(tensors: [("w", [2], [1.0, -1.0])])
        let data = try SafeTensors.encode(p)
        let n = Int(data[0]) | Int(data[1]) << 8
        XCTAssertEqual((8 + n) % 8, 0)
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as! [String: [String: Any]]
        XCTAssertEqual(header["w"]?["dtype"] as? String, "F32")
        XCTAssertEqual(header["w"]?["data_offsets"] as? [Int], [0, 8])
        XCTAssertEqual(Array(data.suffix(8)), [0, 0, 0x80, 0x3f, 0, 0, 0x80, 0xbf])
    }

    func testCorruptFilesAreRejectedWithAReason() throws {
        XCTAssertThrowsError(try SafeTensors.decode(Data([1, 2, 3]))) {
            XCTAssertTrue("\($0)".contains("shorter than"))
        }
        var data = try SafeTensors.encode(try ParameterSet(tensors: [("w", [4], [1, 2, 3, 4])]))
        data.removeLast(4)
        XCTAssertThrowsError(try SafeTensors.decode(data, source: "m.safetensors")) {
            XCTAssertTrue("\($0)".contains("m.safetensors") && "\($0)".contains("'w'"), "\($0)")
        }
    }

    func testLayoutMismatchNamesTheFirstDifference() throws {
        let a = try ParameterSet(tensors: [("x", [2], [0, 0]), ("y", [3], [0, 0, 0])])
        let b = try ParameterSet(tensors: [("x", [2], [0, 0]), ("y", [1, 3], [0, 0, 0])])
        XCTAssertNil(a.layoutMismatch(with: a))
        XCTAssertEqual(a.layoutMismatch(with: b), "tensor 'y' has shape [3] vs [1, 3]")
    }
}
