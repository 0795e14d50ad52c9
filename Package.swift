// swift-tools-version:6.0
// Antipode: molecular design by task arithmetic.
// The target list follows the data's path:
//   Chem (RDKit) → Tokens → Model (LSTM) → TaskArithmetic → Evaluation → Sweep → Campaign → Experiments → antipode.
// antipode-bench (speed against the Python peers) is a separate executable, so the user's tool never
// reaches into ../shared or /tmp; both are made of CommandLineTool commands.
import PackageDescription

/// RDKit libraries the shim calls; their own dependencies come along.
let rdkitLibraries = [
    "RDKitSmilesParse", "RDKitGraphMol", "RDKitDescriptors", "RDKitFingerprints",
    "RDKitChemTransforms", "RDKitSubstructMatch", "RDKitFilterCatalog", "RDKitCatalogs",
    "RDKitDataStructs", "RDKitRDGeneral", "RDKitSimDivPickers", "RDKitMolDraw2D",
    "RDKitDepictor", "RDKitRDGeometryLib",
    // 3D structures for docking (conformer.cpp)
    "RDKitDistGeomHelpers", "RDKitForceFieldHelpers", "RDKitForceField", "RDKitFileParsers",
]

let optimised: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "Antipode",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "antipode", targets: ["antipode"]),
        .executable(name: "antipode-bench", targets: ["antipode-bench"]),
    ],
    targets: [
        // C++ shim over Debian's RDKit: extern "C" entry points that catch every exception.
        .target(
            name: "CRDKitShim",
            cxxSettings: [
                // -isystem: RDKit's and Boost's own warnings are not ours to fix.
                .unsafeFlags(["-isystem/usr/include/rdkit", "-O2", "-std=c++17"]),
            ],
            linkerSettings: rdkitLibraries.map { .linkedLibrary($0) } + [.linkedLibrary("stdc++")]
        ),
        // Small C kernels for hot loops (popcount Tanimoto, the LSTM step, the loss). Built for x86-64-v2
        // with AVX2 / AVX-512 variants chosen at run time; tuned for Zen 3, whose tuning (unlike the generic
        // one) loads unaligned 256-bit vectors whole instead of in halves (measured: 63 → 88 GFLOP/s).
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O3", "-march=x86-64-v2", "-mtune=znver3", "-ffast-math", "-fno-finite-math-only"])]
        ),
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),

        // Shared plumbing: argument parsing, progress bars, errors, file helpers.
        .target(name: "Support", swiftSettings: optimised),
        .target(name: "Chem", dependencies: ["CRDKitShim", "CKernels", "Support"], swiftSettings: optimised),
        .target(name: "Tokens", dependencies: ["Support"], swiftSettings: optimised),
        .target(name: "Model", dependencies: ["Tokens", "CBLAS", "CKernels", "Support"], swiftSettings: optimised),
        .target(name: "TaskArithmetic", dependencies: ["Model", "Support"], swiftSettings: optimised),
        .target(name: "Evaluation", dependencies: ["Chem", "CKernels", "Support"], swiftSettings: optimised),
        // The λ sweep: grid, the one sweep loop, the choice rule, its rows and table.
        .target(name: "Sweep", dependencies: ["Model", "TaskArithmetic", "Evaluation", "Support"], swiftSettings: optimised),
        .target(
            name: "Campaign",
            dependencies: ["Chem", "Tokens", "Model", "TaskArithmetic", "Evaluation", "Sweep", "CSQLite", "Support"],
            swiftSettings: optimised
        ),
        // The paper's reproduction: its tasks and campaigns, built as typed configs, and its comparison tables.
        .target(name: "Experiments", dependencies: ["Campaign", "Model", "TaskArithmetic", "Support"], swiftSettings: optimised),
        // Commands, their declared options and generated help, and the dispatcher both executables share.
        .target(name: "CommandLineTool", dependencies: ["Support", "CKernels"], swiftSettings: optimised),
        .executableTarget(
            name: "antipode",
            dependencies: ["CommandLineTool", "Chem", "Tokens", "Model", "TaskArithmetic", "Evaluation", "Sweep", "Campaign", "Experiments", "Support"],
            swiftSettings: optimised
        ),
        .executableTarget(
            name: "antipode-bench",
            dependencies: ["CommandLineTool", "Chem", "Tokens", "Model", "Support", "CBLAS"],
            swiftSettings: optimised
        ),

        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "ChemTests", dependencies: ["Chem"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ModelTests", dependencies: ["Model", "Tokens", "CKernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TaskArithmeticTests", dependencies: ["TaskArithmetic", "Model"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Chem", "CKernels"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Model", "Tokens", "TaskArithmetic"]),
        .testTarget(name: "CampaignTests", dependencies: ["Campaign", "Sweep", "TaskArithmetic", "Model", "Tokens"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Campaign", "Chem", "Model", "Tokens", "TaskArithmetic", "Support"]),
        // Runs the built executables in child processes for the tests below (Foundation only, no XCTest).
        .target(name: "ChildProcessRunner", path: "Tests/ChildProcessRunner"),
        // Issue 18: bad input must never crash, hang or lose data. Crash cases run the built `antipode`
        // binary in a child process, so a crash fails a test instead of killing the runner.
        .testTarget(name: "ReliabilityTests",
                    dependencies: ["Support", "Chem", "Tokens", "Model", "TaskArithmetic", "Campaign", "ChildProcessRunner"]),
        // Issue 16: every command's generated help and its one-line errors, in the built binaries and in process.
        .testTarget(name: "CLITests", dependencies: ["antipode", "antipode-bench", "CommandLineTool", "Support", "ChildProcessRunner"]),
    ],
    cxxLanguageStandard: .cxx17
)
