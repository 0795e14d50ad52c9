import FoundationXML
import XCTest
@testable import Campaign

final class SVGChartTests: XCTestCase {
    func testTicksAreRoundNumbersCoveringTheRange() {
        XCTAssertEqual(SVGChart.ticks(0.1, 1.0), [0.2, 0.4, 0.6, 0.8, 1.0])
        XCTAssertEqual(SVGChart.ticks(0, 100), [0, 20, 40, 60, 80, 100])
        XCTAssertEqual(SVGChart.ticks(-3, 7), [-2, 0, 2, 4, 6])
    }

    func testHistogramIsADensity() {
        let chart = SVGChart.histogram(title: "logP", xLabel: "MolLogP", samples: [("designs", [0, 1, 1, 2, 3, 3, 3, 4])], bins: 4)
        let steps = chart.series[0].points
        // Bin width 1: pairs of points per bin; area = Σ height × width = 1.
        let area = stride(from: 0, to: steps.count, by: 2).map { steps[$0 + 1].x - steps[$0].x }.enumerated()
            .reduce(0.0) { $0 + $1.element * steps[2 * $1.offset].y }
        XCTAssertEqual(area, 1, accuracy: 1e-12)
        XCTAssertEqual(steps[0].y, 1.0 / 8, accuracy: 1e-12)  // only 0 falls in [0, 1)
        XCTAssertEqual(steps[6].y, 4.0 / 8, accuracy: 1e-12)  // 3, 3, 3 and 4 (the top edge) in [3, 4]
    }

    func testRenderedChartIsWellFormedAndEscaped() throws {
        var chart = SVGChart(title: "success <rate>", xLabel: "λ", yLabel: "fraction",
                             series: [.init(name: "a & b", points: [(0.1, 0.2), (0.5, 0.4), (1.0, .nan)])])
        chart.markerX = 0.5
        let svg = chart.render()
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        XCTAssertTrue(svg.contains("success &lt;rate&gt;") && svg.contains("a &amp; b"))
        XCTAssertFalse(svg.contains("nan"))
        let doc = try XMLDocument(xmlString: svg)
        XCTAssertEqual(doc.rootElement()?.name, "svg")
    }
}
