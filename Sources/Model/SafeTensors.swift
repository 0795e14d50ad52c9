import Foundation
import Support

/// The safetensors file format (Hugging Face): an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, optional string metadata under `__metadata__`,
/// then the raw little-endian tensor bytes. PyTorch users open Antipode's files with
/// `safetensors.torch.load_file`.
///
/// Antipode writes F32; it reads F32, F64, F16 and BF16 (converted to Float).
public enum SafeTensors {
    /// Serialises a parameter set (tensors in buffer order) with string metadata.
    public static func encode(_ parameters: ParameterSet, metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        for spec in parameters.specs {
            header[spec.name] = [
                "dtype": "F32",
                "shape": spec.shape,
                "data_offsets": [spec.offset * 4, (spec.offset + spec.count) * 4],
            ] as [String: Any]
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad the header with spaces so the tensor bytes start 8-byte aligned, as the reference writer does.
        while (json.count % 8) != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + parameters.count * 4)
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(json)
        parameters.values.withUnsafeBufferPointer { buf in
            // Float's in-memory layout is little-endian IEEE 754 on every platform Swift runs on here.
            data.append(UnsafeBufferPointer(start: UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: UInt8.self), count: buf.count * 4))
        }
        return data
    }

    /// Writes atomically (temporary file + rename).
    public static func write(_ parameters: ParameterSet, metadata: [String: String] = [:], to url: URL) throws {
        try AtomicFile.write(try encode(parameters, metadata: metadata), to: url)
    }

    /// Parses a safetensors file: tensors in the order of their byte offsets, plus metadata.
    public static func decode(_ data: Data, source: String = "safetensors data") throws -> (parameters: ParameterSet, metadata: [String: String]) {
        func bad(_ why: String) -> UserError { UserError("\(source) is not a valid safetensors file: \(why)") }
        guard data.count >= 8 else { throw bad("shorter than its 8-byte header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else { throw bad("header length \(headerLength) exceeds the file") }
        let headerEnd = 8 + Int(headerLength)
        guard let header = try? JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd)) as? [String: Any] else {
            throw bad("header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let m = meta as? [String: String] else { throw bad("__metadata__ must map strings to strings") }
            metadata = m
        }
        struct Entry { let name: String; let dtype: String; let shape: [Int]; let start: Int; let end: Int }
        var entries: [Entry] = []
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw bad("tensor '\(name)' lacks dtype, shape or data_offsets") }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, start: offsets[0], end: offsets[1]))
        }
        entries.sort { ($0.start, $0.name) < ($1.start, $1.name) }
        var parameters = ParameterSet()
        let body = data.count - headerEnd
        for e in entries {
            let count = e.shape.reduce(1, *)
            let width: Int
            switch e.dtype {
            case "F32": width = 4
            case "F64": width = 8
            case "F16", "BF16": width = 2
            default: throw bad("tensor '\(e.name)' has dtype \(e.dtype); F32, F64, F16 and BF16 are supported")
            }
            guard e.start >= 0, e.end <= body, e.end - e.start == count * width else {
                throw bad("tensor '\(e.name)' byte range \(e.start)..<\(e.end) does not fit shape \(e.shape) × \(e.dtype)")
            }
            let values: [Float] = data.withUnsafeBytes { raw in
                let base = raw.baseAddress! + headerEnd + e.start
                return (0..<count).map { i -> Float in
                    switch width {
                    case 4: return Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                    case 8: return Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                    default:
                        let bits = UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                        return e.dtype == "BF16" ? Float(bitPattern: UInt32(bits) << 16) : Float(Float16(bitPattern: bits))
                    }
                }
            }
            try parameters.append(name: e.name, shape: e.shape, values: values)
        }
        return (parameters, metadata)
    }

    public static func read(_ url: URL) throws -> (parameters: ParameterSet, metadata: [String: String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw UserError("cannot read \(url.path): no such file or not readable")
        }
        return try decode(data, source: url.path)
    }
}
