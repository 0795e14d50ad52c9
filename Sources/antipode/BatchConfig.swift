import Foundation
import Support

/// A batch job: N shards, each running the same steps on its part (sample, then score and/or dock), and a
/// merge that concatenates the shard outputs into whole-run outputs. Read from JSON; paths are relative
/// to the folder the command runs in and are made absolute on load (jobs run elsewhere).
///
///     { "name": "f2", "shards": 8, "output": "batch/f2",
///       "sample": { "model": "models/moses-base", "count": 8000, "seed": 1, "options": ["--temperature", "1"] },
///       "score": { "options": [] },
///       "dock": { "target": "F2", "options": ["--exhaustiveness", "8"] },
///       "slurm": { "options": ["--time=02:00:00", "--cpus-per-task=2"] } }
///
/// Instead of `sample`, `"input": "designs.smi"` shards an existing molecule list.
struct BatchConfig {
    struct Sample { var model: String; var count: Int; var seed: Int; var options: [String] }
    struct Dock { var target: String; var options: [String] }

    var name: String
    var shards: Int
    var output: URL
    var sample: Sample?
    var input: String?
    var score: [String]?
    var dock: Dock?
    var slurmOptions: [String]
    var source: URL

    static func load(_ path: String) throws -> BatchConfig {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("cannot read batch config \(path)") }
        let any: Any
        do { any = try JSONSerialization.jsonObject(with: data) } catch {
            throw UserError("\(path) is not valid JSON: \(error.localizedDescription)")
        }
        guard let root = any as? [String: Any] else { throw UserError("\(path): the config must be a JSON object") }
        var r = Reader(root, path: path, at: "")
        let name = try r.string("name") ?? ""
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw UserError("\(path): 'name' must be letters, digits, - _ . (it names the Slurm jobs)")
        }
        let shards = try r.int("shards") ?? 1
        guard (1...100_000).contains(shards) else { throw UserError("\(path): 'shards' must be between 1 and 100000") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func absolute(_ p: String) -> String { URL(fileURLWithPath: p, relativeTo: cwd).standardizedFileURL.path }
        let output = URL(fileURLWithPath: absolute(try r.string("output") ?? "batch/\(name)"))
        var sample: Sample?
        if var s = try r.object("sample") {
            guard let model = try s.string("model") else { throw UserError("\(path): 'sample.model' is missing") }
            let count = try s.int("count") ?? 1000
            guard count > 0 else { throw UserError("\(path): 'sample.count' must be positive") }
            sample = Sample(model: absolute(model), count: count, seed: try s.int("seed") ?? 0, options: try s.strings("options") ?? [])
            try s.finish(["model", "count", "seed", "options"])
        }
        let input = try r.string("input").map(absolute)
        guard (sample == nil) != (input == nil) else { throw UserError("\(path): give exactly one of 'sample' and 'input'") }
        var score: [String]?
        if var s = try r.object("score") {
            score = try s.strings("options") ?? []
            try s.finish(["options"])
        }
        var dock: Dock?
        if var d = try r.object("dock") {
            guard let target = try d.string("target") else { throw UserError("\(path): 'dock.target' is missing") }
            dock = Dock(target: target, options: try d.strings("options") ?? [])
            try d.finish(["target", "options"])
        }
        if input != nil, score == nil, dock == nil { throw UserError("\(path): with 'input', give 'score' or 'dock' (or both)") }
        var slurmOptions: [String] = []
        if var s = try r.object("slurm") {
            slurmOptions = try s.strings("options") ?? []
            try s.finish(["options"])
        }
        try r.finish(["name", "shards", "output", "sample", "input", "score", "dock", "slurm"])
        return BatchConfig(name: name, shards: shards, output: output, sample: sample, input: input, score: score, dock: dock,
                           slurmOptions: slurmOptions, source: URL(fileURLWithPath: absolute(url.path)))
    }

    /// Reads keys of one JSON object, each problem one line naming the key.
    private struct Reader {
        var object: [String: Any]
        let path: String
        let at: String
        init(_ object: [String: Any], path: String, at: String) { self.object = object; self.path = path; self.at = at }

        private func fail(_ key: String, _ what: String) -> UserError { UserError("\(path): '\(at)\(key)' must be \(what)") }
        mutating func string(_ k: String) throws -> String? {
            guard let v = object[k] else { return nil }
            guard let s = v as? String else { throw fail(k, "a string") }
            return s
        }
        mutating func int(_ k: String) throws -> Int? {
            guard let v = object[k] else { return nil }
            // `1 is Bool` holds for a bridged NSNumber: a JSON true is told apart by its type code.
            guard let n = v as? NSNumber, String(cString: n.objCType) != "c", let i = Int(exactly: n.doubleValue) else {
                throw fail(k, "a whole number")
            }
            return i
        }
        mutating func strings(_ k: String) throws -> [String]? {
            guard let v = object[k] else { return nil }
            guard let a = v as? [String] else { throw fail(k, "a list of strings") }
            return a
        }
        mutating func object(_ k: String) throws -> Reader? {
            guard let v = object[k] else { return nil }
            guard let o = v as? [String: Any] else { throw fail(k, "an object") }
            return Reader(o, path: path, at: "\(at)\(k).")
        }
        func finish(_ allowed: [String]) throws {
            if let extra = object.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw UserError("\(path): unknown key '\(at)\(extra)' (allowed: \(allowed.joined(separator: ", ")))")
            }
        }
    }
}
