import Foundation

/// The keys in which two campaign configs (canonical JSON) differ, as dotted paths (`sweep.samples`,
/// `objectives[0].negatives`), so a refused config says what changed.
enum ConfigDifference {
    static func keys(_ a: String, _ b: String) -> [String] {
        guard let x = try? JSONSerialization.jsonObject(with: Data(a.utf8)), let y = try? JSONSerialization.jsonObject(with: Data(b.utf8)) else {
            return []
        }
        var out: [String] = []
        compare(x, y, path: "", into: &out)
        return out
    }

    private static func compare(_ x: Any, _ y: Any, path: String, into out: inout [String]) {
        switch (x, y) {
        case let (a as [String: Any], b as [String: Any]):
            for k in Set(a.keys).union(b.keys).sorted() {
                let p = path.isEmpty ? k : "\(path).\(k)"
                guard let u = a[k], let v = b[k] else { out.append(p); continue }
                compare(u, v, path: p, into: &out)
            }
        case let (a as [Any], b as [Any]) where a.count == b.count:
            for (i, (u, v)) in zip(a, b).enumerated() { compare(u, v, path: "\(path)[\(i)]", into: &out) }
        default:
            // Leaves (numbers, strings, booleans, null) and lists of another length: compared as written.
            if "\(x)" != "\(y)" { out.append(path.isEmpty ? "(the whole config)" : path) }
        }
    }
}
