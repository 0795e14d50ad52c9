import XCTest
@testable import Chem

final class DrawingTests: XCTestCase {
    func testDrawsAValidMoleculeAsSVGWithItsLegend() throws {
        let svg = try XCTUnwrap(drawSVG(smiles: "c1ccccc1O", width: 200, height: 150, legend: "phenol"))
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertTrue(svg.contains("width='200px'"), String(svg.prefix(300)))
        XCTAssertTrue(svg.contains("</svg>"))
        // RDKit draws the legend's glyphs as paths classed "legend".
        XCTAssertTrue(svg.contains("legend"))
    }

    func testInvalidSMILESGivesNilWithoutCrashing() {
        XCTAssertNil(drawSVG(smiles: "C1CC"))
        XCTAssertNil(drawSVG(smiles: "N(C)(C)(C)(C)C"))
        XCTAssertNil(drawSVG(smiles: "CCO", width: 0))
    }
}
