import CRDKitShim
import Glibc

/// RDKit's 2D depiction (MolDraw2DSVG) of a molecule as an SVG document, or nil when the SMILES
/// cannot be parsed or drawn.
public func drawSVG(smiles: String, width: Int = 250, height: Int = 200, legend: String = "") -> String? {
    guard let pointer = ap_draw_svg(smiles, Int32(width), Int32(height), legend) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
}
