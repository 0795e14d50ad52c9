#ifndef ANTIPODE_DRAW_H
#define ANTIPODE_DRAW_H
#ifdef __cplusplus
extern "C" {
#endif

/// An SVG drawing (RDKit MolDraw2DSVG) of the molecule `smiles`, `width`×`height` pixels, with an
/// optional legend under it. Returns a malloc'd NUL-terminated string the caller frees with free(),
/// or NULL when the SMILES cannot be parsed or drawn. Never throws.
char *ap_draw_svg(const char *smiles, int width, int height, const char *legend);

#ifdef __cplusplus
}
#endif
#endif
