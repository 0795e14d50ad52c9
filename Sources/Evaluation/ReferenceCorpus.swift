import Chem
import Foundation
import Support

extension ReferenceIndex {
    /// `$ANTIPODE_CACHE/reference`, else `~/.cache/antipode/reference`.
    public static var defaultCacheDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["ANTIPODE_CACHE"], !dir.isEmpty {
            return URL(fileURLWithPath: dir).appendingPathComponent("reference")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/antipode/reference")
    }

    /// The index of every corpus file together. Each file's index is read from `cacheDirectory` when a
    /// cache made from the same file (size and modification time), RDKit version and sample size is
    /// there; otherwise it is built (every SMILES canonicalised by RDKit) and cached. A nil directory
    /// disables the cache; a cache that cannot be written is reported and skipped.
    ///
    /// `sampleSize` molecules, evenly spread through each file, also get their descriptors computed as
    /// the side-effect reference.
    public static func load(corpora paths: [String], cacheDirectory: URL? = defaultCacheDirectory,
                            sampleSize: Int = 10_000, workers: Int = 2, quiet: Bool = false) throws -> ReferenceIndex {
        let parts = try paths.map { path -> ReferenceIndex in
            let key = try ReferenceIndexFile.key(for: path, rdkit: rdkitVersion, sampleSize: sampleSize)
            let url = cacheDirectory.map { ReferenceIndexFile.cacheURL(for: key, in: $0) }
            if let url, let data = try? Data(contentsOf: url, options: .alwaysMapped),
               let cached = ReferenceIndexFile.decode(data, expecting: key) {
                return cached
            }
            let index = try build(corpus: path, sampleSize: sampleSize, workers: workers, quiet: quiet)
            if let url {
                do {
                    try AtomicFile.write(ReferenceIndexFile.encode(index, key: key), to: url)
                } catch {
                    if !quiet { printError("note: could not cache the index of \(path) at \(url.path): \(error)") }
                }
            }
            return index
        }
        return parts.count == 1 ? parts[0] : ReferenceIndex(merging: parts)
    }

    /// Canonicalises every SMILES of one corpus file (no cache).
    public static func build(corpus path: String, sampleSize: Int = 10_000, workers: Int = 2, quiet: Bool = false) throws -> ReferenceIndex {
        let records = try SequenceFile.texts(path)
        let sampled = Set(sampleRows(records.count, size: sampleSize))
        let progress = Progress("indexing \(URL(fileURLWithPath: path).lastPathComponent)", total: records.count, quiet: quiet)
        let rows: [(hash: UInt64, descriptors: [Double]?)?] = parallelMap(records.count, workers: workers, chunk: 256) { i in
            defer { progress.advance() }
            guard let molecule = try? Molecule(smiles: records[i]) else { return nil }
            let descriptors = sampled.contains(i) ? Descriptor.all.map { molecule.value(of: $0) } : nil
            return (smilesHash(molecule.canonicalSmiles), descriptors)
        }
        progress.finish()
        let valid = rows.compactMap { $0 }
        var sample: [String: [Double]] = [:]
        for row in valid {
            guard let values = row.descriptors else { continue }
            for (d, v) in zip(Descriptor.all, values) { sample[d.name, default: []].append(v) }
        }
        let invalid = records.count - valid.count
        if invalid > 0, !quiet { printError("note: \(invalid) of \(records.count) records in \(path) are not valid SMILES; left out of the reference") }
        let index = ReferenceIndex(hashes: valid.map(\.hash), descriptorSample: sample, sources: [])
        let source = ReferenceSource(path: URL(fileURLWithPath: path).standardizedFileURL.path, records: records.count,
                                     invalid: invalid, distinct: index.count)
        return ReferenceIndex(hashes: index.hashes, descriptorSample: sample, sources: [source])
    }

    /// `size` row numbers spread evenly over `0..<count` (all rows when there are no more than `size`).
    static func sampleRows(_ count: Int, size: Int) -> [Int] {
        guard count > size else { return Array(0..<count) }
        return (0..<size).map { $0 * count / size }
    }
}
