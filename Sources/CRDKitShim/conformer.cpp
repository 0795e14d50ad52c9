// 3D structures for docking: hydrogens, an ETKDG embedding and a force-field minimisation.
#include "handle.hpp"
#include <GraphMol/DistGeomHelpers/Embedder.h>
#include <GraphMol/FileParsers/FileParsers.h>
#include <GraphMol/ForceFieldHelpers/MMFF/MMFF.h>
#include <GraphMol/ForceFieldHelpers/UFF/AtomTyper.h>
#include <GraphMol/ForceFieldHelpers/UFF/UFF.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/RWMol.h>
#include <RDGeneral/RDLog.h>

using namespace RDKit;

static void conformerMessage(char **message, const std::string &text) {
    if (message) *message = antipode::copyString(text);
}

extern "C" char *ap_mol_conformer_molblock(ap_mol *handle, int seed, int max_iterations, int *forcefield,
                                           char **message) {
    if (message) *message = nullptr;
    if (forcefield) *forcefield = AP_FORCEFIELD_NONE;
    if (!handle || !handle->mol) {
        conformerMessage(message, "no molecule");
        return nullptr;
    }
    try {
        std::lock_guard<std::mutex> g(handle->lock);
        antipode::silenceLogs();
        // The UFF typer warns about unknown atom types on a logger silenceLogs() leaves on.
        if (rdWarningLog) rdWarningLog->df_enabled = false;
        std::unique_ptr<RWMol> mol(new RWMol(*handle->mol));
        MolOps::addHs(*mol);
        DGeomHelpers::EmbedParameters params = DGeomHelpers::ETKDGv3;
        params.randomSeed = seed;
        params.maxIterations = 10 * mol->getNumAtoms();  // dockstring's (and RDKit's default) attempts
        if (DGeomHelpers::EmbedMolecule(*mol, params) < 0 || mol->getNumConformers() == 0) {
            conformerMessage(message, "embedding failed: RDKit's ETKDG found no 3D structure");
            return nullptr;
        }
        int used = AP_FORCEFIELD_NONE;
        {
            RWMol mmffMol(*mol);
            MMFF::MMFFMolProperties props(mmffMol, "MMFF94");
            if (props.isValid()) {
                try {
                    MMFF::MMFFOptimizeMolecule(mmffMol, max_iterations, "MMFF94");
                    *mol = mmffMol;
                    used = AP_FORCEFIELD_MMFF94;
                } catch (const std::exception &) {
                    used = AP_FORCEFIELD_NONE;  // e.g. a kekulisation problem: try UFF below
                }
            }
        }
        if (used == AP_FORCEFIELD_NONE) {
            // Python's UFFHasAllMoleculeParams: every atom has a UFF type.
            if (!UFF::getAtomTypes(*mol).second) {
                conformerMessage(message, "no force-field parameters: neither MMFF94 nor UFF types every atom");
                return nullptr;
            }
            UFF::UFFOptimizeMolecule(*mol, max_iterations);
            used = AP_FORCEFIELD_UFF;
        }
        if (forcefield) *forcefield = used;
        return antipode::copyString(MolToMolBlock(*mol));
    } catch (const std::exception &e) {
        conformerMessage(message, std::string("3D structure failed: ") + e.what());
        return nullptr;
    } catch (...) {
        conformerMessage(message, "3D structure failed");
        return nullptr;
    }
}
