import XCTest
@testable import Campaign

final class HTMLReportTests: XCTestCase {
    func testReportCarriesCurvesHistogramsTablesAndDrawings() {
        var report = HTMLReport(title: "logp-high <demo>", summary: ["chosen λ = 0.4"])
        report.sweep = [.init(lambda: 0.2, metrics: ["validity": 0.9, "success_rate": 0.1, "success_clusters": 40]),
                        .init(lambda: 0.4, metrics: ["validity": 0.85, "success_rate": 0.2, "success_clusters": 55])]
        report.chosenLambda = 0.4
        report.histograms = [("MolLogP", [3.9, 4.2, 4.4], [1.0, 2.0, 2.5])]
        report.bestDesigns = [.init(smiles: "Cc1ccc(Cl)cc1", caption: "MolLogP 3.0")]
        report.tables = [.init(title: "Sweep", header: ["λ", "validity", ""], rows: [["0.2", "0.9", ""], ["0.4", "0.85", "chosen"]])]
        let html = report.html()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("logp-high &lt;demo&gt;"))
        XCTAssertTrue(html.contains("Successful clusters against λ"))
        XCTAssertTrue(html.contains("stroke-dasharray"), "the chosen λ is marked")
        XCTAssertTrue(html.contains("designs (n=3)") && html.contains("base model (n=3)"))
        XCTAssertTrue(html.contains("<tr class='chosen'>"))
        XCTAssertFalse(html.contains("<?xml"), "inline drawings lose their XML declaration")
        XCTAssertEqual(html.components(separatedBy: "<figure>").count, 2)
        XCTAssertTrue(html.contains("class='atom-"), "RDKit drew the molecule")
    }
}
