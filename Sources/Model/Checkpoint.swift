import Foundation
import Support

/// A resumable training checkpoint: a model folder plus `optimizer.safetensors` (Adam moments) and
/// `state.json` (step, epoch position, generator states, history, options).
///
/// The folder is written whole under a temporary name and then swapped in by renames, so a kill at any
/// moment leaves either the previous checkpoint or the new one (`<name>.old` is used when the swap
/// was cut between its two renames).
struct Checkpoint {
    let folder: URL
    private var old: URL { folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + ".old") }
    private var fresh: URL { folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + ".new") }

    var exists: Bool { FileManager.default.fileExists(atPath: folder.path) || FileManager.default.fileExists(atPath: old.path) }

    func save(model: LanguageModel, m: [Float], v: [Float], state: TrainingState) throws {
        let fm = FileManager.default
        try? fm.removeItem(at: fresh)
        try model.save(to: fresh)
        var moments = ParameterSet()
        try moments.append(name: "adam.exp_avg", shape: [m.count], values: m)
        try moments.append(name: "adam.exp_avg_sq", shape: [v.count], values: v)
        try SafeTensors.write(moments, to: fresh.appendingPathComponent("optimizer.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(state), to: fresh.appendingPathComponent("state.json"))
        try? fm.removeItem(at: old)
        if fm.fileExists(atPath: folder.path) { try fm.moveItem(at: folder, to: old) }
        try fm.moveItem(at: fresh, to: folder)
        try? fm.removeItem(at: old)
    }

    /// The saved checkpoint, or nil when there is none.
    func load() throws -> (model: LanguageModel, m: [Float], v: [Float], state: TrainingState)? {
        let fm = FileManager.default
        let source = fm.fileExists(atPath: folder.path) ? folder : (fm.fileExists(atPath: old.path) ? old : nil)
        guard let source else { return nil }
        let model = try LanguageModel.load(from: source)
        let (moments, _) = try SafeTensors.read(source.appendingPathComponent("optimizer.safetensors"))
        guard let m = moments.tensor("adam.exp_avg"), let v = moments.tensor("adam.exp_avg_sq"),
              m.count == model.parameters.count, v.count == model.parameters.count else {
            throw UserError("\(source.path)/optimizer.safetensors does not match the checkpoint's model")
        }
        let stateURL = source.appendingPathComponent("state.json")
        guard let data = fm.contents(atPath: stateURL.path) else { throw UserError("\(stateURL.path) is missing") }
        let state: TrainingState
        do { state = try JSONDecoder().decode(TrainingState.self, from: data) } catch {
            throw UserError("\(stateURL.path) is not a valid training state: \(describeDecodingError(error))")
        }
        return (model, m, v, state)
    }
}
