// Parsing, SMILES output, descriptors and ring/atom facts of one molecule.
#include "handle.hpp"
#include <GraphMol/ChemTransforms/ChemTransforms.h>
#include <GraphMol/Descriptors/Crippen.h>
#include <GraphMol/Descriptors/Lipinski.h>
#include <GraphMol/Descriptors/MolDescriptors.h>
#include <GraphMol/Descriptors/MolSurf.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/RWMol.h>
#include <GraphMol/SanitException.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <RDGeneral/RDLog.h>
#include <limits>
#include <memory>
#include <vector>

using namespace RDKit;

void antipode::silenceLogs() {
    static std::once_flag once;
    std::call_once(once, [] {
        RDLog::InitLogs();
        boost::logging::disable_logs("rdApp.*");
    });
}

static void setMessage(char **message, const std::string &text) {
    if (message) *message = antipode::copyString(text);
}

/// RDKit's exception texts can span lines; callers want one.
static std::string oneLine(std::string s) {
    for (char &c : s) if (c == '\n' || c == '\r') c = ' ';
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

extern "C" ap_mol *ap_mol_from_smiles(const char *smiles, int *status, char **message) {
    int dummy;
    if (!status) status = &dummy;
    if (message) *message = nullptr;
    try {
        antipode::silenceLogs();
        if (!smiles || !*smiles) {
            *status = AP_PARSE_EMPTY;
            setMessage(message, "empty SMILES");
            return nullptr;
        }
        ROMol *mol = nullptr;
        try {
            mol = SmilesToMol(std::string(smiles));
        } catch (const MolSanitizeException &e) {
            *status = AP_PARSE_SANITIZATION;
            setMessage(message, oneLine(e.what()));
            return nullptr;
        }
        if (!mol) {
            *status = AP_PARSE_UNPARSABLE;
            // RDKit says why only in its (silenced) log: syntax, unclosed ring, unknown element …
            setMessage(message, "RDKit's SMILES parser rejected it");
            return nullptr;
        }
        *status = AP_PARSE_OK;
        return new ap_mol(mol);
    } catch (const std::exception &e) {
        *status = AP_PARSE_UNPARSABLE;
        setMessage(message, oneLine(e.what()));
    } catch (...) {
        *status = AP_PARSE_UNPARSABLE;
        setMessage(message, "RDKit failed on this SMILES");
    }
    return nullptr;
}

extern "C" void ap_mol_free(ap_mol *mol) { delete mol; }

extern "C" char *ap_mol_smiles(ap_mol *m, int isomeric) {
    return guarded(m, static_cast<char *>(nullptr), [&](ROMol &mol) {
        return antipode::copyString(MolToSmiles(mol, isomeric != 0));
    });
}

extern "C" char *ap_mol_random_smiles(ap_mol *m, uint64_t seed, int isomeric) {
    return guarded(m, static_cast<char *>(nullptr), [&](ROMol &mol) {
        // SplitMix64 (Steele, Lea, Flood 2014): fully specified, unlike std::shuffle's use of a generator.
        uint64_t state = seed;
        auto next = [&state]() {
            uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            return z ^ (z >> 31);
        };
        const unsigned n = mol.getNumAtoms();
        std::vector<unsigned> order(n);
        for (unsigned i = 0; i < n; i++) order[i] = i;
        for (unsigned i = n; i > 1; i--) std::swap(order[i - 1], order[next() % i]);
        std::unique_ptr<ROMol> renumbered(MolOps::renumberAtoms(mol, order));
        return antipode::copyString(MolToSmiles(*renumbered, isomeric != 0, false, -1, false));
    });
}

extern "C" ap_mol *ap_mol_remove_hs(ap_mol *m) {
    return guarded(m, static_cast<ap_mol *>(nullptr), [&](ROMol &mol) {
        return new ap_mol(MolOps::removeHs(mol));
    });
}

extern "C" ap_mol *ap_mol_add_hs(ap_mol *m) {
    return guarded(m, static_cast<ap_mol *>(nullptr), [&](ROMol &mol) {
        return new ap_mol(MolOps::addHs(mol));
    });
}

extern "C" double ap_mol_descriptor(ap_mol *m, int which) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return guarded(m, nan, [&](ROMol &mol) -> double {
        switch (which) {
        case AP_NUM_H_DONORS: return Descriptors::calcNumHBD(mol);
        case AP_NUM_H_ACCEPTORS: return Descriptors::calcNumHBA(mol);
        case AP_RING_COUNT: return Descriptors::calcNumRings(mol);
        case AP_MOL_LOGP: {
            double logp = 0, mr = 0;
            Descriptors::calcCrippenDescriptors(mol, logp, mr, true, false);
            return logp;
        }
        case AP_TPSA: return Descriptors::calcTPSA(mol);
        case AP_FRACTION_CSP3: return Descriptors::calcFractionCSP3(mol);
        case AP_MOL_WT: return Descriptors::calcAMW(mol, false);
        case AP_NUM_ROTATABLE_BONDS: return Descriptors::calcNumRotatableBonds(mol);
        case AP_NUM_AROMATIC_RINGS: return Descriptors::calcNumAromaticRings(mol);
        case AP_HEAVY_ATOM_COUNT: return mol.getNumHeavyAtoms();
        case AP_NUM_ROTATABLE_BONDS_STRICT:
            return Descriptors::calcNumRotatableBonds(mol, Descriptors::Strict);
        case AP_NUM_ATOMS: return mol.getNumAtoms();
        case AP_NUM_SPIRO_ATOMS: return Descriptors::calcNumSpiroAtoms(mol);
        case AP_NUM_BRIDGEHEAD_ATOMS: return Descriptors::calcNumBridgeheadAtoms(mol);
        case AP_NUM_SSSR: {
            VECT_INT_VECT rings;
            return MolOps::findSSSR(mol, rings);
        }
        default: return nan;
        }
    });
}

extern "C" int ap_mol_num_chiral_centers_including_unassigned(ap_mol *m) {
    return guarded(m, -1, [&](ROMol &mol) {
        // Chem.FindMolChiralCenters(mol, force=True, includeUnassigned=True), legacy implementation.
        ROMol copy(mol);
        MolOps::assignStereochemistry(copy, false, true, true);
        int n = 0;
        for (const Atom *atom : copy.atoms()) {
            if (atom->hasProp(common_properties::_CIPCode) ||
                atom->hasProp(common_properties::_ChiralityPossible)) {
                n++;
            }
        }
        return n;
    });
}

extern "C" int ap_mol_ring_sizes(ap_mol *m, int *sizes, int capacity) {
    return guarded(m, -1, [&](ROMol &mol) {
        const RingInfo *ri = mol.getRingInfo();
        if (!ri->isInitialized()) MolOps::findSSSR(mol);
        const auto &rings = ri->atomRings();
        for (size_t i = 0; i < rings.size() && static_cast<int>(i) < capacity; i++) {
            sizes[i] = static_cast<int>(rings[i].size());
        }
        return static_cast<int>(rings.size());
    });
}

extern "C" int ap_mol_atoms(ap_mol *m, int *atomic_numbers, int *formal_charges, int capacity) {
    return guarded(m, -1, [&](ROMol &mol) {
        int i = 0;
        for (const Atom *atom : mol.atoms()) {
            if (i < capacity) {
                atomic_numbers[i] = atom->getAtomicNum();
                formal_charges[i] = atom->getFormalCharge();
            }
            i++;
        }
        return i;
    });
}

extern "C" char *ap_mol_murcko_scaffold(ap_mol *m) {
    return guarded(m, static_cast<char *>(nullptr), [&](ROMol &mol) {
        // MurckoScaffold.GetScaffoldForMol: MurckoDecompose, ClearComputedProps,
        // UpdatePropertyCache, GetSymmSSSR, then MolToSmiles.
        std::unique_ptr<ROMol> scaffold(MurckoDecompose(mol));
        if (!scaffold) return antipode::copyString("");
        scaffold->clearComputedProps();
        scaffold->updatePropertyCache();
        VECT_INT_VECT rings;
        MolOps::symmetrizeSSSR(*scaffold, rings);
        return antipode::copyString(MolToSmiles(*scaffold));
    });
}
