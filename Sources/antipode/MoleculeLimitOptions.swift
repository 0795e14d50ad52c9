import Chem
import CommandLineTool
import Support

/// `--max-atoms` and `--max-smiles-length`: the size beyond which an input is rejected, with a reason,
/// before RDKit sees it (see `MoleculeLimits`).
enum MoleculeLimitOptions {
    static let maxAtoms = Option("--max-atoms", value: "N", default: MoleculeLimits().maxAtoms,
                                 help: "inputs with more atoms are invalid ('too large'), never parsed")
    static let maxCharacters = Option("--max-smiles-length", value: "N", default: MoleculeLimits().maxCharacters,
                                      help: "the same for characters per line")
    static let all: [any DeclaredOption] = [maxAtoms, maxCharacters]

    /// Sets `MoleculeLimits.current` for this run from the options.
    static func apply(_ args: ParsedArguments) throws {
        var limits = MoleculeLimits()
        limits.maxAtoms = args[maxAtoms]
        limits.maxCharacters = args[maxCharacters]
        guard limits.maxAtoms > 0, limits.maxCharacters > 0 else { throw UserError("--max-atoms and --max-smiles-length must be positive") }
        MoleculeLimits.current = limits
    }
}
