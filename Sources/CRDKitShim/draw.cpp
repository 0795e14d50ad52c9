#include "antipode_draw.h"
#include <GraphMol/GraphMol.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/MolDraw2D/MolDraw2DSVG.h>
#include <GraphMol/MolDraw2D/MolDraw2DUtils.h>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

extern "C" char *ap_draw_svg(const char *smiles, int width, int height, const char *legend) {
    try {
        if (smiles == nullptr || width <= 0 || height <= 0) return nullptr;
        std::unique_ptr<RDKit::RWMol> mol(RDKit::SmilesToMol(smiles));
        if (!mol) return nullptr;
        RDKit::MolDraw2DUtils::prepareMolForDrawing(*mol);
        RDKit::MolDraw2DSVG drawer(width, height);
        drawer.drawMolecule(*mol, legend ? std::string(legend) : std::string());
        drawer.finishDrawing();
        const std::string svg = drawer.getDrawingText();
        char *out = static_cast<char *>(std::malloc(svg.size() + 1));
        if (out) std::memcpy(out, svg.c_str(), svg.size() + 1);
        return out;
    } catch (...) {
        return nullptr;
    }
}
