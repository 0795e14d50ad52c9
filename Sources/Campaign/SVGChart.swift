import Foundation

/// Small self-contained SVG charts for reports: line charts, overlaid histograms and scatter plots.
/// No scripts, no external fonts: a report opens anywhere, offline.
public struct SVGChart {
    public struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
        /// Per-point labels (scatter only).
        var labels: [String] = []
        /// Per-point half-widths of error bars in x and y (scatter only; e.g. a standard deviation).
        var errors: [(x: Double, y: Double)] = []
        /// A fixed colour, so one name keeps its colour across charts; nil takes the palette's next.
        var colour: String? = nil

        public init(name: String, points: [(x: Double, y: Double)], labels: [String] = [], errors: [(x: Double, y: Double)] = [],
                    colour: String? = nil) {
            self.name = name
            self.points = points
            self.labels = labels
            self.errors = errors
            self.colour = colour
        }
    }

    public enum Kind: Sendable { case lines, steps, scatter }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var kind: Kind = .lines
    /// A vertical marker (e.g. the chosen λ).
    var markerX: Double? = nil
    var width = 460.0
    var height = 300.0

    public init(title: String, xLabel: String, yLabel: String, series: [Series], kind: Kind = .lines, markerX: Double? = nil,
                width: Double = 460, height: Double = 300) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.kind = kind
        self.markerX = markerX
        self.width = width
        self.height = height
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// Overlaid histograms of several samples on shared bins, each normalised to a density.
    static func histogram(title: String, xLabel: String, samples: [(name: String, values: [Double])], bins: Int = 30) -> SVGChart {
        let all = samples.flatMap(\.values).filter(\.isFinite)
        var lo = all.min() ?? 0, hi = all.max() ?? 1
        if hi <= lo { lo -= 0.5; hi += 0.5 }
        let width = (hi - lo) / Double(bins)
        let series = samples.map { sample -> Series in
            var counts = [Double](repeating: 0, count: bins)
            let finite = sample.values.filter(\.isFinite)
            for v in finite { counts[min(bins - 1, max(0, Int((v - lo) / width)))] += 1 }
            let scale = finite.isEmpty ? 0 : 1 / (Double(finite.count) * width)
            var points: [(x: Double, y: Double)] = []
            for (i, c) in counts.enumerated() {
                points.append((lo + Double(i) * width, c * scale))
                points.append((lo + Double(i + 1) * width, c * scale))
            }
            return Series(name: "\(sample.name) (n=\(finite.count))", points: points)
        }
        return SVGChart(title: title, xLabel: xLabel, yLabel: "density", series: series, kind: .steps)
    }

    /// Ticks at 1, 2 or 5 × 10^k covering [lo, hi].
    static func ticks(_ lo: Double, _ hi: Double, target: Int = 5) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(target)
        let exponent = Int(floor(log10(raw)))
        let magnitude = pow(10, Double(exponent))
        let mantissa = [1, 2, 5, 10].first { Double($0) * magnitude >= raw } ?? 10
        // Tick k is k·mantissa·10^exponent, computed from integers so 0.6 prints as 0.6.
        func value(_ k: Int) -> Double {
            exponent < 0 ? Double(k * mantissa) / pow(10, Double(-exponent)) : Double(k * mantissa) * magnitude
        }
        let step = Double(mantissa) * magnitude
        var out: [Double] = []
        for k in Int(ceil(lo / step - 1e-9))...Int(floor(hi / step + 1e-9)) { out.append(value(k)) }
        return out
    }

    private static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e6 { return String(Int(v)) }
        return String(format: abs(v) >= 100 ? "%.0f" : abs(v) >= 1 ? "%.1f" : abs(v) >= 0.1 ? "%.2f" : "%.3g", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The chart as an inline `<svg>` element.
    public func render() -> String {
        let left = 56.0, right = 12.0, top = 28.0, bottom = 44.0
        let legendHeight = 16.0 * Double(series.count)
        let plotW = width - left - right, plotH = height - top - bottom
        // The range covers the points and their error bars.
        let spans = series.flatMap { serie in
            serie.points.enumerated().map { j, p in (p, j < serie.errors.count ? serie.errors[j] : (x: 0.0, y: 0.0)) }
        }
        let xs = spans.flatMap { [$0.0.x - $0.1.x, $0.0.x + $0.1.x] }.filter(\.isFinite) + (markerX.map { [$0] } ?? [])
        let ys = spans.flatMap { [$0.0.y - $0.1.y, $0.0.y + $0.1.y] }.filter(\.isFinite)
        var x0 = xs.min() ?? 0, x1 = xs.max() ?? 1
        var y0 = min(0, ys.min() ?? 0), y1 = ys.max() ?? 1
        if x1 <= x0 { x0 -= 0.5; x1 += 0.5 }
        if y1 <= y0 { y1 = y0 + 1 }
        if kind == .scatter { let pad = (x1 - x0) * 0.05; x0 -= pad; x1 += pad; y1 += (y1 - y0) * 0.05 }
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (y - y0) / (y1 - y0) * plotH }
        let total = height + legendHeight
        var s = "<svg xmlns='http://www.w3.org/2000/svg' width='\(Int(width))' height='\(Int(total))' viewBox='0 0 \(Int(width)) \(Int(total))' font-family='sans-serif' font-size='11'>\n"
        s += "<text x='\(width / 2)' y='16' text-anchor='middle' font-size='13' font-weight='bold'>\(Self.escape(title))</text>\n"
        s += "<rect x='\(left)' y='\(top)' width='\(plotW)' height='\(plotH)' fill='none' stroke='#888'/>\n"
        for t in Self.ticks(x0, x1) where t >= x0 && t <= x1 {
            s += "<line x1='\(px(t))' y1='\(top + plotH)' x2='\(px(t))' y2='\(top + plotH + 4)' stroke='#888'/>"
            s += "<text x='\(px(t))' y='\(top + plotH + 16)' text-anchor='middle'>\(Self.format(t))</text>\n"
        }
        for t in Self.ticks(y0, y1) where t >= y0 && t <= y1 {
            s += "<line x1='\(left - 4)' y1='\(py(t))' x2='\(left + plotW)' y2='\(py(t))' stroke='#eee'/>"
            s += "<text x='\(left - 6)' y='\(py(t) + 4)' text-anchor='end'>\(Self.format(t))</text>\n"
        }
        s += "<text x='\(left + plotW / 2)' y='\(top + plotH + 34)' text-anchor='middle'>\(Self.escape(xLabel))</text>\n"
        s += "<text transform='translate(14 \(top + plotH / 2)) rotate(-90)' text-anchor='middle'>\(Self.escape(yLabel))</text>\n"
        if let m = markerX {
            s += "<line x1='\(px(m))' y1='\(top)' x2='\(px(m))' y2='\(top + plotH)' stroke='#555' stroke-dasharray='4 3'/>\n"
        }
        for (i, serie) in series.enumerated() {
            let colour = serie.colour ?? Self.palette[i % Self.palette.count]
            let points = serie.points.filter { $0.x.isFinite && $0.y.isFinite }
            switch kind {
            case .lines, .steps:
                let path = points.map { "\(String(format: "%.2f", px($0.x))),\(String(format: "%.2f", py($0.y)))" }.joined(separator: " ")
                s += "<polyline fill='none' stroke='\(colour)' stroke-width='2' points='\(path)'/>\n"
                if kind == .lines {
                    for p in points { s += "<circle cx='\(px(p.x))' cy='\(py(p.y))' r='2.5' fill='\(colour)'/>" }
                    // Vertical error bars with caps (e.g. a standard error per λ).
                    for (j, p) in serie.points.enumerated() where j < serie.errors.count && serie.errors[j].y > 0 && p.y.isFinite {
                        let e = serie.errors[j].y, x = px(p.x)
                        s += "<path class='errorbar' d='M\(x) \(py(p.y - e)) V\(py(p.y + e)) M\(x - 3) \(py(p.y - e)) H\(x + 3) M\(x - 3) \(py(p.y + e)) H\(x + 3)' stroke='\(colour)' fill='none'/>"
                    }
                    s += "\n"
                }
            case .scatter:
                for (j, p) in points.enumerated() {
                    if j < serie.errors.count {
                        let e = serie.errors[j]
                        if e.x > 0 { s += "<line x1='\(px(p.x - e.x))' y1='\(py(p.y))' x2='\(px(p.x + e.x))' y2='\(py(p.y))' stroke='\(colour)'/>" }
                        if e.y > 0 { s += "<line x1='\(px(p.x))' y1='\(py(p.y - e.y))' x2='\(px(p.x))' y2='\(py(p.y + e.y))' stroke='\(colour)'/>" }
                    }
                    s += "<circle cx='\(px(p.x))' cy='\(py(p.y))' r='5' fill='\(colour)' fill-opacity='0.8'>"
                    if j < serie.labels.count { s += "<title>\(Self.escape(serie.labels[j]))</title>" }
                    s += "</circle>\n"
                }
            }
            let ly = height + 16.0 * Double(i) + 4
            s += "<rect x='\(left)' y='\(ly)' width='12' height='8' fill='\(colour)'/><text x='\(left + 18)' y='\(ly + 8)'>\(Self.escape(serie.name))</text>\n"
        }
        s += "</svg>"
        return s
    }
}
