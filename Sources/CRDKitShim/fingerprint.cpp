// Morgan fingerprints: folded bit vectors (packed into 64-bit words) and unfolded counts.
#include "handle.hpp"
#include <DataStructs/ExplicitBitVect.h>
#include <DataStructs/SparseIntVect.h>
#include <GraphMol/Fingerprints/MorganFingerprints.h>

using namespace RDKit;

extern "C" int ap_mol_morgan_bits(ap_mol *m, int radius, int bits, uint64_t *words) {
    if (radius < 0 || bits <= 0 || !words) return -1;
    return guarded(m, -1, [&](ROMol &mol) {
        std::unique_ptr<ExplicitBitVect> fp(
            MorganFingerprints::getFingerprintAsBitVect(mol, radius, bits));
        const size_t nwords = (static_cast<size_t>(bits) + 63) / 64;
        std::memset(words, 0, nwords * sizeof(uint64_t));
        IntVect on;
        fp->getOnBits(on);
        for (int b : on) words[b >> 6] |= uint64_t(1) << (b & 63);
        return 0;
    });
}

extern "C" int ap_mol_morgan_counts(ap_mol *m, int radius, uint32_t *ids, uint32_t *counts,
                                    int capacity) {
    if (radius < 0) return -1;
    return guarded(m, -1, [&](ROMol &mol) {
        std::unique_ptr<SparseIntVect<std::uint32_t>> fp(
            MorganFingerprints::getFingerprint(mol, radius));
        int i = 0;
        for (const auto &[id, count] : fp->getNonzeroElements()) {
            if (i < capacity) {
                ids[i] = id;
                counts[i] = static_cast<uint32_t>(count);
            }
            i++;
        }
        return i;
    });
}
