import Chem
import Evaluation
import Foundation
import Model
import Support

/// A campaign's training data: canonical, valid, distinct SMILES split into training and validation,
/// with a count of what was dropped and why.
public struct MoleculeSet: Equatable, Sendable {
    public var train: [String]
    public var validation: [String]
    public var invalid = 0
    public var duplicates = 0

    public var summary: String {
        "\(train.count) train + \(validation.count) validation molecules (\(invalid) invalid, \(duplicates) duplicates dropped)"
    }

    /// Every molecule, training set first.
    public var all: [String] { train + validation }

    /// Reads a data set (`DataSetFiles`: a folder's train and validation files, or one file); a single file,
    /// or a folder without validation molecules, is split 90/10 at random with `seed`. Every SMILES is
    /// canonicalised by RDKit; invalid ones and duplicates (within and across the split) are dropped.
    public static func load(_ path: String, seed: UInt64) throws -> MoleculeSet {
        let files = try DataSetFiles(locating: path)
        let (rawTrain, rawValidation) = try files.texts()
        var set = MoleculeSet(train: [], validation: [])
        var seen = Set<String>()
        func canonical(_ inputs: [String]) -> [String] {
            let records = BatchScorer(descriptors: [], scaffold: false, pains: false, mosesFilters: false).score(inputs)
            var out: [String] = []
            for r in records {
                guard let c = r.canonicalSmiles else { set.invalid += 1; continue }
                if seen.insert(c).inserted { out.append(c) } else { set.duplicates += 1 }
            }
            return out
        }
        set.train = canonical(rawTrain)
        set.validation = canonical(rawValidation ?? [])
        if !files.isFolder || set.validation.isEmpty {
            var generator = RandomGenerator(seed: seed)
            var all = set.train + set.validation
            all.shuffle(using: &generator)
            let cut = max(1, all.count / 10)
            set.validation = Array(all.prefix(all.count > 1 ? cut : 0))
            set.train = Array(all.dropFirst(all.count > 1 ? cut : 0))
        }
        guard !set.train.isEmpty else { throw UserError("data set \(path) has no valid molecules") }
        return set
    }

    /// A seeded random subset of the training molecules (few-shot design); the validation set is kept.
    public func fraction(_ f: Double, seed: UInt64) -> MoleculeSet {
        var generator = RandomGenerator(seed: seed)
        var shuffled = train
        shuffled.shuffle(using: &generator)
        var subset = self
        subset.train = Array(shuffled.prefix(max(1, Int((Double(train.count) * f).rounded()))))
        return subset
    }
}
