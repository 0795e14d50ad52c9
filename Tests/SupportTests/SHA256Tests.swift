import XCTest
@testable import Support

final class SHA256Tests: XCTestCase {
    /// FIPS 180-4 example vectors (also what `sha256sum` prints).
    func testKnownDigests() {
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testIncrementalEqualsOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        var s = SHA256()
        s.update(bytes[0..<13]); s.update(bytes[13..<640]); s.update(bytes[640...])
        XCTAssertEqual(s.finalizeHex(), SHA256.hex(bytes))
    }
}
