import Foundation
import Support

/// The on-disk cache of one corpus file's `ReferenceIndex`, so that only the first evaluation against a
/// corpus pays for canonicalising it with RDKit.
///
/// The cache file is named after the corpus file and keyed by its size and modification time, the RDKit
/// version and the sample size; any mismatch rebuilds it. Layout: one JSON header line (`CacheKey`,
/// counts, descriptor names), then the sorted hashes as little-endian UInt64, then the descriptor sample
/// as little-endian Float64, one descriptor after another.
enum ReferenceIndexFile {
    static let formatVersion = 1

    struct CacheKey: Codable, Equatable {
        var format = ReferenceIndexFile.formatVersion
        let path: String
        let size: UInt64
        let modified: Double
        let rdkit: String
        let sampleSize: Int
    }

    struct Header: Codable {
        let key: CacheKey
        let source: ReferenceSource
        let hashCount: Int
        let descriptorNames: [String]
        let sampleCount: Int
    }

    /// The key for `path` as it is on disk now.
    static func key(for path: String, rdkit: String, sampleSize: Int) throws -> CacheKey {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else {
            throw UserError("no such file: \(path)")
        }
        let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return CacheKey(path: url.path, size: size, modified: modified, rdkit: rdkit, sampleSize: sampleSize)
    }

    /// `<cache>/<corpus file name>-<size>-<mtime>.refidx`.
    static func cacheURL(for key: CacheKey, in directory: URL) -> URL {
        let name = URL(fileURLWithPath: key.path).lastPathComponent
        return directory.appendingPathComponent("\(name)-\(key.size)-\(Int(key.modified)).refidx")
    }

    static func encode(_ index: ReferenceIndex, key: CacheKey) throws -> Data {
        let names = index.descriptorSample.keys.sorted()
        let sampleCount = names.first.map { index.descriptorSample[$0]!.count } ?? 0
        let header = Header(key: key, source: index.sources[0], hashCount: index.hashes.count,
                            descriptorNames: names, sampleCount: sampleCount)
        var data = try JSONEncoder().encode(header)
        data.append(UInt8(ascii: "\n"))
        index.hashes.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
        for name in names {
            index.descriptorSample[name]!.map(\.bitPattern.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }

    /// The index stored in `data`, or nil when it was made for another key or is damaged.
    static func decode(_ data: Data, expecting key: CacheKey) -> ReferenceIndex? {
        guard let newline = data.firstIndex(of: UInt8(ascii: "\n")),
              let header = try? JSONDecoder().decode(Header.self, from: data[data.startIndex..<newline]),
              header.key == key else { return nil }
        let start = newline + 1
        let expected = start + 8 * header.hashCount + 8 * header.sampleCount * header.descriptorNames.count
        guard data.count == expected else { return nil }
        func words(from offset: Int, count: Int) -> [UInt64] {
            data[offset..<(offset + 8 * count)].withUnsafeBytes { raw in
                (0..<count).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)) }
            }
        }
        let hashes = words(from: start, count: header.hashCount)
        var sample: [String: [Double]] = [:]
        for (k, name) in header.descriptorNames.enumerated() {
            let offset = start + 8 * header.hashCount + 8 * header.sampleCount * k
            sample[name] = words(from: offset, count: header.sampleCount).map(Double.init(bitPattern:))
        }
        return ReferenceIndex(hashes: hashes, descriptorSample: sample, sources: [header.source])
    }
}
