import CKernels

/// Which code runs the LSTM's time step: the recurrent product through OpenBLAS (`blas`) or through
/// the packed micro-kernels (`packed`, W_hh packed once per optimiser step, gates fused into the
/// product's epilogue), and which build of the C kernels (`level`) runs them and the cell arithmetic.
/// Both paths give the same numbers to float rounding; `blas` stays for comparison.
public struct StepKernels: Sendable, Equatable, CustomStringConvertible {
    public enum Product: String, Sendable, CaseIterable { case blas, packed }
    /// Builds of the C kernels, by vector width.
    public enum Level: Int32, Sendable, CaseIterable {
        case portable = 0, avx2 = 1, avx512 = 2
        public var name: String { ["portable", "avx2", "avx512"][Int(rawValue)] }
        public var isSupported: Bool { ap_step_level_supported(rawValue) != 0 }
        public static var best: Level { Level(rawValue: ap_step_best_level()) ?? .portable }
    }

    public var product: Product
    public var level: Level

    public init(product: Product = .packed, level: Level = .best) {
        self.product = product
        self.level = level
    }

    /// The kernels every engine uses unless told otherwise (set once by the command line).
    nonisolated(unsafe) public static var standard = StepKernels()

    /// Whether the packed product runs for hidden size `H` (else the engine uses OpenBLAS for it).
    func packs(hidden H: Int) -> Bool { product == .packed && H % Int(ap_step_unit(level.rawValue)) == 0 }

    /// "packed" or "blas", optionally with a level ("packed:avx2"); the level must run on this CPU.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let product = Product(rawValue: parts[0]), parts.count <= 2 else {
            throw StepKernelsError.unknown(text)
        }
        var level = Level.best
        if parts.count == 2 {
            guard let named = Level.allCases.first(where: { $0.name == parts[1] }) else { throw StepKernelsError.unknown(text) }
            guard named.isSupported else { throw StepKernelsError.unsupported(named.name) }
            level = named
        }
        self.init(product: product, level: level)
    }

    public var description: String { "\(product.rawValue):\(level.name)" }
}

public enum StepKernelsError: Error, CustomStringConvertible {
    case unknown(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .unknown(let text): return "unknown kernels '\(text)' (use blas or packed, optionally :portable, :avx2 or :avx512)"
        case .unsupported(let level): return "this CPU cannot run the \(level) kernels"
        }
    }
}

/// One thread's FMA throughput in GFLOP/s at the best level (12 independent chains, about `seconds`).
public func measuredFMAPeak(seconds: Double = 0.2) -> Double { ap_fma_peak_gflops(seconds) }
