import Campaign
import Foundation
import Support

/// The finished campaigns as the results folder already holds them (results.csv, data.csv, data-warnings.csv,
/// vectors.csv, learned-lambda.csv, designs/), read back so that writing the tables again keeps a campaign whose
/// work folder is gone — a machine lost between sessions, or a work folder deleted for its gigabytes. A campaign
/// with results in its work folder is always read from there; one kept only here is not run again (`keeps`).
struct PaperArchive {
    /// Campaign id → its rows of results.csv, in the file's order.
    private(set) var rows: [String: [PaperTables.Row]] = [:]
    /// Campaign id → its data-set check (data.csv's rows, data-warnings.csv's warnings).
    private(set) var dataChecks: [String: (rows: [DataSetCheck.Record.Row], warnings: [String])] = [:]
    private(set) var vectors: [PaperVectors.Row] = []
    /// Campaign id → its learned-λ rows.
    private(set) var learnedLambda: [String: [PaperLearnedLambda.Row]] = [:]
    /// Campaign id → its designs/manifest.csv rows (fields; the file relative to `designsFolder`).
    private(set) var designs: [String: [[String]]] = [:]
    /// A learned-λ section kept as text (learned-lambda.md) for campaigns whose per-setup fits are not in
    /// learned-lambda.csv: written into summary.md while no learned-λ row is known.
    private(set) var learnedLambdaText: String?
    let designsFolder: URL

    /// No campaign kept.
    static let none = PaperArchive(designsFolder: URL(fileURLWithPath: "/nonexistent"))
    private init(designsFolder: URL) { self.designsFolder = designsFolder }

    /// Reads what `folder` holds for the campaigns of `plan`; rows of campaigns outside the plan are ignored. A missing
    /// file is an empty one; a file that cannot be read is an error naming it (the tables are not rewritten from half).
    init(folder: URL, plan: [PaperExperiment.Planned], gridTop: Double?) throws {
        designsFolder = folder.appendingPathComponent("designs")
        // results.csv names a campaign by part, task and setup; the plan maps those to its id.
        var ids: [String: String] = [:]
        for p in plan { ids["\(p.part)|\(p.tasks.joined(separator: " & "))|\(p.setup)"] = p.id }
        let known = Set(plan.map(\.id))

        for r in try Self.table(folder.appendingPathComponent("results.csv")) {
            guard let setup = Int(r["setup"] ?? ""), let lambda = Double(r["lambda"] ?? ""), let arm = r["arm"], let task = r["task"],
                  let part = r["part"] else { throw UserError("\(folder.path)/results.csv: a row without part, task, setup, arm or λ") }
            guard let id = ids["\(part)|\(task)|\(setup)"] else { continue }
            var values: [String: Double] = [:], ks: [String: Double] = [:]
            for c in PaperTables.columns + PaperTables.sizeColumns { values[c] = r[c].flatMap(Double.init) }
            for d in PaperTables.descriptors { ks[d] = r["ks_\(d)"].flatMap(Double.init) }
            // Every negation arm has a sweep over the grid; the others have none.
            let top = arm.hasPrefix("negation") ? gridTop.map { abs(lambda - $0) < 1e-9 } : nil
            rows[id, default: []].append(PaperTables.Row(part: part, task: task, setup: setup, arm: arm, lambda: lambda,
                                                         lambdaAtGridTop: top, values: values, ks: ks))
        }

        var order: [String: [String]] = [:], checkRows: [String: [String: DataSetCheck.Record.Row]] = [:]
        for r in try Self.table(folder.appendingPathComponent("data.csv")) {
            guard let id = ids["\(r["part"] ?? "")|\(r["task"] ?? "")|\(r["setup"] ?? "")"] else { continue }
            guard let name = r["set"], let molecules = Int(r["molecules"] ?? ""), let fraction = Double(r["meets_rule"] ?? ""),
                  let descriptor = r["descriptor"], let mean = Double(r["mean"] ?? "") else {
                throw UserError("\(folder.path)/data.csv: a row of \(id) without set, molecules, meets_rule, descriptor or mean")
            }
            if checkRows[id]?[name] == nil {
                order[id, default: []].append(name)
                checkRows[id, default: [:]][name] = DataSetCheck.Record.Row(name: name, molecules: molecules, successFraction: fraction, means: [:])
            }
            checkRows[id]![name]!.means[descriptor] = mean
        }
        var warnings: [String: [String]] = [:]
        for r in try Self.table(folder.appendingPathComponent("data-warnings.csv")) {
            guard let id = r["campaign"], known.contains(id), let w = r["warning"] else { continue }
            warnings[id, default: []].append(w)
        }
        for (id, names) in order { dataChecks[id] = (names.map { checkRows[id]![$0]! }, warnings[id] ?? []) }

        // A vector belongs to the planned single-objective campaigns of its setup that negate it.
        let planned = Set(plan.filter { $0.part == "single" }.flatMap { p in p.config.objectives.map { "\(p.setup)|\($0.label)" } })
        for r in try Self.table(folder.appendingPathComponent("vectors.csv")) {
            guard let setup = Int(r["setup"] ?? ""), let label = r["vector"], let kind = r["kind"], let norm = Double(r["norm"] ?? "") else {
                throw UserError("\(folder.path)/vectors.csv: a row without setup, vector, kind or norm")
            }
            guard planned.contains("\(setup)|\(label)") else { continue }
            vectors.append(PaperVectors.Row(setup: setup, label: label, kind: kind, norm: norm,
                                            cosinePlain: r["cosine_with_plain"].flatMap(Double.init),
                                            cosineOpposite: r["cosine_with_opposite"].flatMap(Double.init)))
        }

        for r in try Self.table(folder.appendingPathComponent(PaperLearnedLambda.fileName)) {
            guard let row = PaperLearnedLambda.Row(csv: r), let id = ids["single|\(row.task)|\(row.setup)"] else {
                throw UserError("\(folder.path)/\(PaperLearnedLambda.fileName): a row it cannot read")
            }
            learnedLambda[id, default: []].append(row)
        }
        learnedLambdaText = try? String(contentsOf: folder.appendingPathComponent("learned-lambda.md"), encoding: .utf8)

        for r in try Self.table(designsFolder.appendingPathComponent("manifest.csv"), keepFields: true) {
            guard let fields = r.fields, let id = r["campaign"], known.contains(id) else { continue }
            designs[id, default: []].append(fields)
        }
    }

    /// Whether `p` is kept here and not run again: it has rows here and no folder in the work folder (a started or
    /// finished campaign there is resumed, and its own results replace these).
    func keeps(_ p: PaperExperiment.Planned, workFolder: String) -> Bool {
        rows[p.id] != nil && !FileManager.default.fileExists(atPath: URL(fileURLWithPath: workFolder).appendingPathComponent(p.id).path)
    }

    /// A CSV file's rows by column name (empty fields absent); no file, no rows.
    struct Record {
        var cells: [String: String]
        var fields: [String]?
        subscript(_ column: String) -> String? { cells[column] }
    }

    static func table(_ url: URL, keepFields: Bool = false) throws -> [Record] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw UserError("cannot read '\(url.path)': \(error.localizedDescription)") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard let header = lines.next().map(CSV.fields) else { return [] }
        var out: [Record] = []
        while let line = lines.next() {
            let fields = CSV.fields(line)
            guard fields.count == header.count else {
                throw UserError("\(url.path): a row with \(fields.count) fields under a header of \(header.count)")
            }
            var cells: [String: String] = [:]
            for (name, value) in zip(header, fields) where !value.isEmpty { cells[name] = value }
            out.append(Record(cells: cells, fields: keepFields ? fields : nil))
        }
        return out
    }
}
