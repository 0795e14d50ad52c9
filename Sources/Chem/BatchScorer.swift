import Dispatch

import Support

/// Everything the scorer learned about one input string.
public struct ScoreRecord: Sendable {
    /// The input exactly as given.
    public let input: String
    /// RDKit canonical isomeric SMILES; nil when invalid.
    public let canonicalSmiles: String?
    /// Why the input is not a molecule; nil when valid.
    public let error: ChemError?
    /// Descriptor values in the scorer's `descriptors` order (empty when invalid).
    public let values: [Double]
    /// Bemis–Murcko scaffold ("" when acyclic); nil when invalid or not asked for.
    public let scaffold: String?
    /// PAINS verdict; nil when invalid or not asked for.
    public let hasPAINS: Bool?
    /// MOSES filters verdict; nil when invalid or not asked for.
    public let passesMOSESFilters: Bool?
    /// Morgan radius-2 fingerprint; nil when invalid or not asked for.
    public let fingerprint: Fingerprint?

    public var isValid: Bool { error == nil }

    /// The record of an input that is not a molecule, for reasons found before scoring (e.g. `.notText`).
    public init(input: String, error: ChemError) {
        self.init(input: input, canonicalSmiles: nil, error: error, values: [], scaffold: nil,
                  hasPAINS: nil, passesMOSESFilters: nil, fingerprint: nil)
    }

    init(input: String, canonicalSmiles: String?, error: ChemError?, values: [Double], scaffold: String?,
         hasPAINS: Bool?, passesMOSESFilters: Bool?, fingerprint: Fingerprint?) {
        self.input = input
        self.canonicalSmiles = canonicalSmiles
        self.error = error
        self.values = values
        self.scaffold = scaffold
        self.hasPAINS = hasPAINS
        self.passesMOSESFilters = passesMOSESFilters
        self.fingerprint = fingerprint
    }
}

/// Scores many SMILES on all cores: each input is parsed once, then every requested property is
/// computed from that one molecule. Results come back in input order; bad inputs become records
/// with an error, never a stop.
public struct BatchScorer: Sendable {
    public var descriptors: [Descriptor]
    public var scaffold: Bool
    public var pains: Bool
    public var mosesFilters: Bool
    /// Bits of the Morgan radius-2 fingerprint to keep per record (nil: none).
    public var fingerprintBits: Int?
    /// Inputs per work item handed to a core.
    public var chunkSize = 32

    public init(descriptors: [Descriptor] = Descriptor.all, scaffold: Bool = true, pains: Bool = true,
                mosesFilters: Bool = false, fingerprintBits: Int? = nil) {
        self.descriptors = descriptors
        self.scaffold = scaffold
        self.pains = pains
        self.mosesFilters = mosesFilters
        self.fingerprintBits = fingerprintBits
    }

    /// One record per input, in order. `progress` (if given) advances as chunks finish.
    public func score(_ inputs: [String], progress: Support.Progress? = nil) -> [ScoreRecord] {
        let n = inputs.count
        guard n > 0 else { return [] }
        let results = UnsafeMutableBufferPointer<ScoreRecord?>.allocate(capacity: n)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let out = SendableBuffer(buffer: results)
        let chunk = max(1, chunkSize)
        let chunks = (n + chunk - 1) / chunk
        onThreads(chunks) { c in
            let lo = c * chunk, hi = min(n, lo + chunk)
            for i in lo..<hi { out.buffer[i] = score(inputs[i]) }
            progress?.advance(by: hi - lo)
        }
        return results.map { $0! }
    }

    /// The record of one input.
    public func score(_ input: String) -> ScoreRecord {
        let mol: Molecule
        do {
            mol = try Molecule(smiles: input)
        } catch {
            let e = error as? ChemError ?? .unparsable("\(error)")
            return ScoreRecord(input: input, canonicalSmiles: nil, error: e, values: [], scaffold: nil,
                               hasPAINS: nil, passesMOSESFilters: nil, fingerprint: nil)
        }
        return ScoreRecord(
            input: input,
            canonicalSmiles: mol.canonicalSmiles,
            error: nil,
            values: descriptors.map { mol.value(of: $0) },
            scaffold: scaffold ? mol.murckoScaffold : nil,
            hasPAINS: pains ? mol.hasPAINS : nil,
            passesMOSESFilters: mosesFilters ? mol.passesMOSESFilters : nil,
            fingerprint: fingerprintBits.map { mol.morgan(radius: 2, bits: $0) })
    }
}

/// Workers write disjoint indices of one buffer.
private struct SendableBuffer<T>: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<T> }
