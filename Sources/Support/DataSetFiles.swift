import Foundation

/// Where a data set's molecules are: one file, or a folder holding a `train` file and, optionally, a `val`,
/// `valid` or `validation` file (`.smiles`, `.smi`, `.txt` or `.csv`, gzipped or not; the first found in that
/// order). The one place `train` and campaigns find a set's files; each splits and cleans them its own way.
public struct DataSetFiles: Equatable, Sendable {
    public let train: String
    /// The folder's validation file, if it has one (never for a single file).
    public let validation: String?
    public let isFolder: Bool

    static let extensions = ["smiles", "smi", "txt", "csv", "smiles.gz", "smi.gz", "txt.gz", "csv.gz"]

    public init(locating path: String) throws {
        var folder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &folder) else { throw UserError("no such data set: \(path)") }
        isFolder = folder.boolValue
        guard isFolder else {
            train = path
            validation = nil
            return
        }
        func find(_ stems: [String]) -> String? {
            for stem in stems {
                for ext in Self.extensions {
                    let p = URL(fileURLWithPath: path).appendingPathComponent("\(stem).\(ext)").path
                    if FileManager.default.fileExists(atPath: p) { return p }
                }
            }
            return nil
        }
        guard let trainFile = find(["train"]) else {
            throw UserError("data folder \(path) has no train.smiles, train.smi, train.txt or train.csv (gzipped or not)")
        }
        train = trainFile
        validation = find(["val", "valid", "validation"])
    }

    /// The training file's texts and the validation file's (nil without one), empty lines dropped when `nonEmpty`.
    public func texts(column: String? = nil, nonEmpty: Bool = false) throws -> (train: [String], validation: [String]?) {
        func read(_ file: String) throws -> [String] { try SequenceFile.read(file, column: column).texts(nonEmpty: nonEmpty) }
        return (try read(train), try validation.map(read))
    }
}
