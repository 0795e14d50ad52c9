// Private to the shim: what the opaque C handles hold, and the exception guard.
#pragma once
#include "antipode_rdkit.h"
#include <GraphMol/ROMol.h>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

struct ap_mol {
    std::unique_ptr<RDKit::ROMol> mol;
    // RDKit caches computed properties on the molecule (ring info, Crippen values, …), so even
    // "const" queries write to it: one call at a time per handle.
    std::mutex lock;
    explicit ap_mol(RDKit::ROMol *m) : mol(m) {}
};

struct ap_pattern {
    std::unique_ptr<RDKit::ROMol> query;
};

namespace antipode {
/// Turns RDKit's logs off once per process (they would write to stderr for every bad SMILES).
void silenceLogs();
/// malloc'd copy of a std::string, for returning to C callers.
inline char *copyString(const std::string &s) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (out) std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}
}  // namespace antipode

/// Runs `body` under the handle's lock; any exception becomes `fallback`.
template <typename F, typename R>
R guarded(ap_mol *m, R fallback, F body) {
    if (!m || !m->mol) return fallback;
    try {
        std::lock_guard<std::mutex> g(m->lock);
        return body(*m->mol);
    } catch (...) {
        return fallback;
    }
}
