/// The reference corpus (pre-training set plus any fine-tuning sets) reduced to what evaluation needs:
/// a membership test on canonical SMILES for novelty, and a descriptor sample for side effects.
///
/// Membership is by a stable 64-bit hash of the canonical SMILES (binary search over a sorted array),
/// which keeps a 1.6M-molecule corpus at 13 MB and loads from the cache in well under a second.
public struct ReferenceIndex: Sendable {
    /// Sorted, distinct hashes of the corpus's canonical SMILES.
    let hashes: [UInt64]
    /// Descriptor name → its values over the side-effect reference sample (up to `sampleSize` molecules
    /// evenly spread through each corpus file).
    public let descriptorSample: [String: [Double]]
    /// Where the molecules came from.
    public let sources: [ReferenceSource]

    /// Distinct molecules in the corpus.
    public var count: Int { hashes.count }

    /// An index over canonical SMILES already in hand (the caller canonicalises them).
    public init(canonicalSmiles: some Sequence<String>, descriptorSample: [String: [Double]] = [:], sources: [ReferenceSource] = []) {
        self.init(hashes: canonicalSmiles.map(smilesHash), descriptorSample: descriptorSample, sources: sources)
    }

    init(hashes: [UInt64], descriptorSample: [String: [Double]], sources: [ReferenceSource]) {
        var sorted = hashes.sorted()
        sorted.removeDuplicates()
        self.hashes = sorted
        self.descriptorSample = descriptorSample
        self.sources = sources
    }

    /// An index over several corpora together; their descriptor samples are concatenated.
    public init(merging parts: [ReferenceIndex]) {
        var sample: [String: [Double]] = [:]
        for part in parts {
            for (name, values) in part.descriptorSample { sample[name, default: []] += values }
        }
        self.init(hashes: parts.flatMap(\.hashes), descriptorSample: sample, sources: parts.flatMap(\.sources))
    }

    /// Whether the corpus holds the molecule with this canonical SMILES.
    public func contains(canonicalSmiles: String) -> Bool {
        let h = smilesHash(canonicalSmiles)
        var low = 0, high = hashes.count
        while low < high {
            let mid = (low + high) / 2
            if hashes[mid] < h { low = mid + 1 } else { high = mid }
        }
        return low < hashes.count && hashes[low] == h
    }
}

/// One corpus file behind a reference index.
public struct ReferenceSource: Sendable, Codable, Equatable {
    public let path: String
    /// Records read (lines, less any header).
    public let records: Int
    /// Records RDKit could not parse; they are left out of the index.
    public let invalid: Int
    /// Distinct canonical molecules.
    public let distinct: Int

    public init(path: String, records: Int, invalid: Int, distinct: Int) {
        self.path = path
        self.records = records
        self.invalid = invalid
        self.distinct = distinct
    }
}

extension Array where Element: Equatable {
    /// Removes runs of equal neighbours (on a sorted array: all duplicates).
    mutating func removeDuplicates() {
        guard count > 1 else { return }
        var write = 1
        for read in 1..<count where self[read] != self[write - 1] {
            self[write] = self[read]
            write += 1
        }
        removeLast(count - write)
    }
}
