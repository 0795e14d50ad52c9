import Chem
import Foundation

/// The campaign's self-contained `report.html`: λ-sweep curves, descriptor histograms of the designs
/// against the base model's samples, a grid of the best designs drawn by RDKit, and the numbers behind them.
public struct HTMLReport {
    struct SweepPoint {
        var lambda: Double
        var metrics: [String: Double]
        /// Half-widths of error bars by metric (e.g. the success rate's standard error).
        var errors: [String: Double] = [:]
    }

    struct Design {
        var smiles: String
        /// Shown under the drawing, e.g. "MolLogP 4.1 · QED 0.71".
        var caption: String
    }

    struct Table {
        var title: String
        var header: [String]
        var rows: [[String]]
        /// Shown under the table: what its numbers mean.
        var note: String? = nil
    }

    var title: String
    var summary: [String]
    var sweep: [SweepPoint] = []
    var chosenLambda: Double?
    /// Descriptor name → (designs, base-model samples).
    var histograms: [(descriptor: String, designs: [Double], base: [Double])] = []
    var bestDesigns: [Design] = []
    /// Which designs the grid shows and in what order, stated above it.
    var bestDesignsCriterion = ""

    var tables: [Table] = []
    /// Charts drawn elsewhere (SVG), shown after the tables.
    public var extraCharts: [String] = []

    public init(title: String, summary: [String]) {
        self.title = title
        self.summary = summary
    }

    /// The sweep metrics drawn as curves, in this order, when present.
    static let sweepCurves: [(key: String, label: String)] = [
        ("validity", "validity"), ("novelty", "novelty"), ("success_rate", "success rate"), ("uniqueness", "uniqueness"),
    ]

    public func html() -> String {
        var body = "<h1>\(SVGChart.escape(title))</h1>\n<ul>" + summary.map { "<li>\(SVGChart.escape($0))</li>" }.joined() + "</ul>\n"
        if !sweep.isEmpty {
            body += "<h2>λ sweep</h2>\n<div class='charts'>"
            let ordered = sweep.sorted { $0.lambda < $1.lambda }
            let curves = Self.sweepCurves.filter { c in ordered.contains { $0.metrics[c.key] != nil } }
            var rates = SVGChart(title: "Design quality against λ", xLabel: "λ", yLabel: "fraction of designs",
                                 series: curves.map { c in
                                     var serie = SVGChart.Series(name: c.label, points: ordered.compactMap { p in p.metrics[c.key].map { (p.lambda, $0) } })
                                     if ordered.contains(where: { $0.errors[c.key] != nil }) {
                                         serie.name += " (± se)"
                                         serie.errors = ordered.filter { $0.metrics[c.key] != nil }.map { (x: 0, y: $0.errors[c.key] ?? 0) }
                                     }
                                     return serie
                                 })
            rates.markerX = chosenLambda
            body += rates.render()
            if ordered.contains(where: { $0.metrics["success_clusters"] != nil }) {
                var clusters = SVGChart(title: "Successful clusters against λ", xLabel: "λ", yLabel: "clusters (LeaderPicker, 0.65)",
                                        series: [.init(name: "successful clusters", points: ordered.compactMap { p in p.metrics["success_clusters"].map { (p.lambda, $0) } })])
                clusters.markerX = chosenLambda
                body += clusters.render()
            }
            body += "</div>\n"
        }
        if !extraCharts.isEmpty { body += "<div class='charts'>" + extraCharts.joined() + "</div>\n" }
        for table in tables { body += Self.render(table) }
        if !histograms.isEmpty {
            body += "<h2>Descriptors: designs against the base model's samples</h2>\n<div class='charts'>"
            for h in histograms {
                body += SVGChart.histogram(title: h.descriptor, xLabel: h.descriptor, samples: [("designs", h.designs), ("base model", h.base)]).render()
            }
            body += "</div>\n"
        }
        if !bestDesigns.isEmpty {
            body += "<h2>Best designs</h2>\n"
            if !bestDesignsCriterion.isEmpty { body += "<p class='note' style='margin-top:0'>\(SVGChart.escape(bestDesignsCriterion))</p>\n" }
            body += "<div class='grid'>"
            for d in bestDesigns {
                let svg = drawSVG(smiles: d.smiles, width: 220, height: 170) ?? ""
                body += "<figure>\(Self.stripXMLDeclaration(svg))<figcaption><code>\(SVGChart.escape(d.smiles))</code><br>\(SVGChart.escape(d.caption))</figcaption></figure>"
            }
            body += "</div>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(SVGChart.escape(title))</title>
            <style>
            body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1400px; }
            table { border-collapse: collapse; margin: 8px 0 20px; font-size: 13px; }
            th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            tr.chosen { background: #fff3c4; font-weight: bold; }
            .charts { display: flex; flex-wrap: wrap; gap: 16px; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, 240px); gap: 12px; }
            figure { margin: 0; border: 1px solid #ddd; padding: 6px; font-size: 11px; }
            figcaption code { word-break: break-all; }
            p.note { font-size: 12px; color: #555; max-width: 1000px; margin-top: -12px; }
            </style></head><body>
            \(body)
            <p style="color:#777;font-size:11px">Made by Antipode with RDKit \(rdkitVersion).</p>
            </body></html>
            """
    }

    private static func render(_ table: Table) -> String {
        var s = "<h2>\(SVGChart.escape(table.title))</h2>\n<table><tr>" + table.header.map { "<th>\(SVGChart.escape($0))</th>" }.joined() + "</tr>\n"
        for row in table.rows {
            let chosen = row.last == "chosen"
            s += "<tr\(chosen ? " class='chosen'" : "")>" + row.map { "<td>\(SVGChart.escape($0))</td>" }.joined() + "</tr>\n"
        }
        s += "</table>\n"
        if let note = table.note { s += "<p class='note'>\(SVGChart.escape(note))</p>\n" }
        return s
    }

    /// Inline SVG in HTML must not carry an `<?xml …?>` declaration.
    static func stripXMLDeclaration(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
        return String(svg[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
