import Foundation
import Model
import Support
import TaskArithmetic

/// Task-vector stages: τ = fine-tuned − base, and the pieces of a fine-tuning trajectory for the learned-λ arm.
extension CampaignRunner {
    /// `name` (default: the objective's label) names the vector's file, stage and label.
    func vector(objective: CampaignConfig.Objective, base: LanguageModel, tuned: LanguageModel, data: MoleculeSet,
                name: String? = nil, linearized: Bool = false) throws -> TaskVector {
        let label = name ?? objective.label
        let url = work.appendingPathComponent("vectors").appendingPathComponent("\(label).safetensors")
        let stageKey = StageKey.vector(label: label)
        if try store.isDone(stageKey.name) {
            if let vector = try? TaskVector.read(url), vector.info.baseChecksum == base.checksum,
               vector.info.finetunedChecksum == tuned.checksum { return vector }
            try store.begin(stageKey.name)
        }
        let vector = try stage(stageKey) { () -> (TaskVector, String) in
            let info = TaskVectorInfo(label: label, baseChecksum: base.checksum,
                                      dataChecksum: SHA256.hex(Array(data.all.joined(separator: "\n").utf8)), dataSize: data.train.count,
                                      training: "fine-tuned on \(objective.negatives): batch \(config.fineTune.training.batchSize), lr \(config.fineTune.training.learningRate), patience \(config.fineTune.training.patience)")
            var v = try TaskVector(base: base, finetuned: tuned, info: info)
            v.info.linearized = linearized
            try v.write(to: url)
            try store.recordVector(label: label, path: url.path, checksum: try SHA256.hex(Data(contentsOf: url)), baseChecksum: base.checksum)
            return (v, "τ written to \(url.path)")
        }
        return try vector ?? TaskVector.read(url)
    }

    /// Difference vectors along the trajectory of the plain fine-tuning on an objective's negatives, for the learned-λ
    /// arm: that fine-tuning is run again (same recipe and seed, so it retraces the path to τ's model) keeping the
    /// weights after every epoch, and the path from the base to the best epoch B is cut into `trajectorySegments`
    /// pieces θ_{t_j} − θ_{t_{j−1}} at epochs t_j ≈ j·B/segments (t_0: the base). The pieces sum to τ when the
    /// retrace ends at τ's model, which the stage's detail records.
    func trajectory(objective: CampaignConfig.Objective, set: MoleculeSet, base: LanguageModel, tau: TaskVector) throws -> [TaskVector] {
        let label = objective.label
        let stageKey = StageKey.trajectory(label: label)
        let prefix = "\(label)-trajectory-"
        if try store.isDone(stageKey.name) {
            let recorded = try store.vectors(labelPrefix: prefix)
            if !recorded.isEmpty, let vectors = try? recorded.map({ try TaskVector.read(URL(fileURLWithPath: $0.path)) }),
               vectors.allSatisfy({ $0.info.baseChecksum == base.checksum }) {
                return vectors.sorted { Self.trajectoryStart($0.info.label) < Self.trajectoryStart($1.info.label) }
            }
            try store.begin(stageKey.name)
        }
        let vectors = try stage(stageKey) { () -> ([TaskVector], String) in
            let role = StageKey.FineTuneRole.negatives(objective: label, variant: nil).name
            var (_, options) = fineTuningRecipe(role: role, from: base, on: set)
            options.resume = false
            options.quiet = true
            var start = base
            start.config.dropout = config.fineTune.dropout
            var snapshots: [Int: [Float]] = [0: base.parameters.values]
            let trainingMolecules = config.fineTune.fixedEpochs ? set.all : set.train
            let (tuned, history) = try Trainer.train(start, train: trainingMolecules,
                                                     validation: config.fineTune.fixedEpochs ? [] : set.validation,
                                                     options: options, checkpointFolder: nil,
                                                     afterEpoch: { epoch, model in snapshots[epoch] = model.parameters.values })
            let best = history.bestEpoch ?? history.epochs.count
            let cuts = Array(Set((0...Self.trajectorySegments).map { j in Int((Double(best * j) / Double(Self.trajectorySegments)).rounded()) })).sorted()
            var out: [TaskVector] = []
            for (from, to) in zip(cuts, cuts.dropFirst()) {
                var deltas = base.parameters
                let a = snapshots[from]!, b = snapshots[to]!
                for i in deltas.values.indices { deltas.values[i] = b[i] - a[i] }
                let pieceLabel = prefix + "\(from)-\(to)"
                let info = TaskVectorInfo(label: pieceLabel, baseChecksum: base.checksum,
                                          dataChecksum: SHA256.hex(Array(set.all.joined(separator: "\n").utf8)), dataSize: set.train.count,
                                          training: "θ after epoch \(to) − θ after epoch \(from) of the fine-tuning on \(objective.negatives) (epoch 0: the base)")
                let vector = TaskVector(deltas: deltas, info: info)
                let url = work.appendingPathComponent("vectors").appendingPathComponent("\(pieceLabel).safetensors")
                try vector.write(to: url)
                try store.recordVector(label: pieceLabel, path: url.path, checksum: try SHA256.hex(Data(contentsOf: url)), baseChecksum: base.checksum)
                out.append(vector)
            }
            let retraced = tuned.checksum == tau.info.finetunedChecksum
            return (out, "\(out.count) pieces cut at epochs \(cuts.map(String.init).joined(separator: ", ")) of \(history.epochs.count); "
                    + (retraced ? "the retrace ends at τ's model" : "the retrace does not end exactly at τ's model"))
        }
        return try vectors ?? store.vectors(labelPrefix: prefix).map { try TaskVector.read(URL(fileURLWithPath: $0.path)) }
            .sorted { Self.trajectoryStart($0.info.label) < Self.trajectoryStart($1.info.label) }
    }

    /// How many pieces the learned-λ arm cuts a fine-tuning trajectory into.
    static let trajectorySegments = 3

    /// The first epoch of a trajectory piece's label (`logp-low-trajectory-4-8` → 4).
    static func trajectoryStart(_ label: String) -> Int {
        Int(label.split(separator: "-").dropLast().last ?? "") ?? 0
    }
}
