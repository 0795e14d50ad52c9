// SD files: one record written from SMILES with 2D coordinates and tags (RDKit's SDWriter), and a mol
// block read back into a molecule (RDKit's MolBlockToMol, as SDMolSupplier reads each record).
#include "handle.hpp"
#include <GraphMol/Depictor/RDDepictor.h>
#include <GraphMol/FileParsers/FileParsers.h>
#include <GraphMol/FileParsers/MolWriters.h>
#include <GraphMol/RWMol.h>
#include <GraphMol/SanitException.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <memory>
#include <string>
#include <vector>

using namespace RDKit;

static std::string flatten(std::string s) {
    for (char &c : s) if (c == '\n' || c == '\r') c = ' ';
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

extern "C" char *ap_sdf_record(const char *smiles, const char *title, const char *const *keys,
                               const char *const *values, int count) {
    try {
        antipode::silenceLogs();
        std::unique_ptr<RWMol> mol;
        if (smiles && *smiles) {
            mol.reset(SmilesToMol(std::string(smiles)));
            if (!mol) return nullptr;
            // Python's Compute2DCoords orients canonically by default; the C++ default does not.
            RDDepict::compute2DCoords(*mol, nullptr, true);
        } else {
            mol.reset(new RWMol());
        }
        // A title or tag value with a line break would end the record early: SD values are one line here.
        mol->setProp(common_properties::_Name, title ? flatten(title) : std::string());
        STR_VECT names;
        for (int i = 0; i < count; ++i) {
            if (!keys || !keys[i]) continue;
            mol->setProp(std::string(keys[i]), values && values[i] ? flatten(values[i]) : std::string());
            names.push_back(keys[i]);
        }
        return antipode::copyString(SDWriter::getText(*mol, -1, true, false, -1, &names));
    } catch (...) {
        return nullptr;
    }
}

extern "C" ap_mol *ap_mol_from_molblock(const char *block, int *status, char **message) {
    int dummy;
    if (!status) status = &dummy;
    if (message) *message = nullptr;
    auto fail = [&](int s, const std::string &why) -> ap_mol * {
        *status = s;
        if (message) *message = antipode::copyString(flatten(why));
        return nullptr;
    };
    try {
        antipode::silenceLogs();
        if (!block || !*block) return fail(AP_PARSE_EMPTY, "empty record");
        RWMol *mol = nullptr;
        try {
            mol = MolBlockToMol(std::string(block), true, true);
        } catch (const MolSanitizeException &e) {
            return fail(AP_PARSE_SANITIZATION, e.what());
        } catch (const std::exception &e) {
            return fail(AP_PARSE_UNPARSABLE, e.what());
        }
        if (!mol) return fail(AP_PARSE_UNPARSABLE, "RDKit's mol block parser rejected it");
        *status = AP_PARSE_OK;
        return new ap_mol(mol);
    } catch (...) {
        return fail(AP_PARSE_UNPARSABLE, "RDKit failed on this mol block");
    }
}
