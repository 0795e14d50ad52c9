// SMARTS queries, substructure deletion and RDKit's PAINS filter catalogue.
#include "handle.hpp"
#include <GraphMol/ChemTransforms/ChemTransforms.h>
#include <GraphMol/FilterCatalog/FilterCatalog.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/Substruct/SubstructMatch.h>

using namespace RDKit;

extern "C" ap_pattern *ap_pattern_from_smarts(const char *smarts, char **message) {
    if (message) *message = nullptr;
    try {
        antipode::silenceLogs();
        ROMol *q = smarts ? SmartsToMol(std::string(smarts)) : nullptr;
        if (!q) {
            if (message) *message = antipode::copyString("SMARTS syntax error");
            return nullptr;
        }
        auto *p = new ap_pattern;
        p->query.reset(q);
        return p;
    } catch (const std::exception &e) {
        if (message) *message = antipode::copyString(e.what());
    } catch (...) {
        if (message) *message = antipode::copyString("RDKit failed on this SMARTS");
    }
    return nullptr;
}

extern "C" void ap_pattern_free(ap_pattern *pattern) { delete pattern; }

extern "C" int ap_mol_has_match(ap_mol *m, const ap_pattern *p) {
    if (!p) return -1;
    return guarded(m, -1, [&](ROMol &mol) {
        MatchVectType match;
        return SubstructMatch(mol, *p->query, match) ? 1 : 0;
    });
}

extern "C" int ap_mol_count_matches(ap_mol *m, const ap_pattern *p) {
    if (!p) return -1;
    return guarded(m, -1, [&](ROMol &mol) {
        // Python's GetSubstructMatches defaults: uniquify, no chirality, at most 1000 matches.
        SubstructMatchParameters params;
        params.uniquify = true;
        params.maxMatches = 1000;
        return static_cast<int>(SubstructMatch(mol, *p->query, params).size());
    });
}

extern "C" ap_mol *ap_mol_delete_substructs(ap_mol *m, const ap_pattern *p) {
    if (!p) return nullptr;
    return guarded(m, static_cast<ap_mol *>(nullptr), [&](ROMol &mol) {
        return new ap_mol(deleteSubstructs(mol, *p->query, false, false));
    });
}

/// The PAINS A+B+C catalogue, built once (it compiles several hundred SMARTS).
static const FilterCatalog &painsCatalog() {
    static const FilterCatalog catalog = [] {
        antipode::silenceLogs();
        FilterCatalogParams params;
        params.addCatalog(FilterCatalogParams::PAINS);
        return FilterCatalog(params);
    }();
    return catalog;
}

extern "C" int ap_mol_has_pains(ap_mol *m) {
    return guarded(m, -1, [&](ROMol &mol) { return painsCatalog().hasMatch(mol) ? 1 : 0; });
}
