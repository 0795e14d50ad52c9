import Chem
import Support

/// `--max-atoms` and `--max-smiles-length`: the size beyond which an input is rejected, with a reason,
/// before RDKit sees it (see `MoleculeLimits`).
enum MoleculeLimitOptions {
    /// Two option lines for a command's usage text; the first takes the host line's indentation.
    static let usage =
        "--max-atoms N          inputs with more atoms are invalid ('too large'), never parsed (default \(MoleculeLimits.defaultMaxAtoms))\n"
        + "  --max-smiles-length N  the same for characters per line (default \(MoleculeLimits.defaultMaxCharacters))"

    /// Reads the two options and sets `MoleculeLimits.current` for this run.
    static func apply(_ args: inout Arguments) throws {
        var limits = MoleculeLimits()
        limits.maxAtoms = try args.int("--max-atoms") ?? limits.maxAtoms
        limits.maxCharacters = try args.int("--max-smiles-length") ?? limits.maxCharacters
        guard limits.maxAtoms > 0, limits.maxCharacters > 0 else { throw UserError("--max-atoms and --max-smiles-length must be positive") }
        MoleculeLimits.current = limits
    }
}
