// SMARTS queries, substructure deletion and RDKit's PAINS filter catalogue.
#include "handle.hpp"
#include <GraphMol/ChemTransforms/ChemTransforms.h>
#include <DataStructs/BitOps.h>
#include <DataStructs/ExplicitBitVect.h>
#include <GraphMol/FilterCatalog/FilterCatalog.h>
#include <GraphMol/Fingerprints/Fingerprints.h>
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

struct ap_pattern_set {
    struct Entry {
        std::unique_ptr<ROMol> query;
        std::unique_ptr<ExplicitBitVect> screen;
    };
    std::vector<Entry> entries;
};

extern "C" ap_pattern_set *ap_pattern_set_create(const ap_pattern *const *patterns, int count) {
    try {
        auto set = std::make_unique<ap_pattern_set>();
        for (int i = 0; i < count; i++) {
            if (!patterns[i] || !patterns[i]->query) return nullptr;
            ap_pattern_set::Entry e;
            e.query = std::make_unique<ROMol>(*patterns[i]->query);
            e.screen.reset(PatternFingerprintMol(*e.query, 2048));
            set->entries.push_back(std::move(e));
        }
        return set.release();
    } catch (...) {
        return nullptr;
    }
}

extern "C" void ap_pattern_set_free(ap_pattern_set *set) { delete set; }

extern "C" int ap_mol_first_match(ap_mol *m, const ap_pattern_set *set) {
    if (!set) return -2;
    return guarded(m, -2, [&](ROMol &mol) {
        std::unique_ptr<ExplicitBitVect> fp(PatternFingerprintMol(mol, 2048));
        MatchVectType match;
        for (size_t i = 0; i < set->entries.size(); i++) {
            const auto &e = set->entries[i];
            if (!AllProbeBitsMatch(*e.screen, *fp)) continue;
            if (SubstructMatch(mol, *e.query, match)) return static_cast<int>(i);
        }
        return -1;
    });
}

extern "C" int ap_mol_count_matching(ap_mol *m, const ap_pattern_set *set) {
    if (!set) return -1;
    return guarded(m, -1, [&](ROMol &mol) {
        std::unique_ptr<ExplicitBitVect> fp(PatternFingerprintMol(mol, 2048));
        MatchVectType match;
        int n = 0;
        for (const auto &e : set->entries) {
            if (AllProbeBitsMatch(*e.screen, *fp) && SubstructMatch(mol, *e.query, match)) n++;
        }
        return n;
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

// FilterCatalogEntry keeps its matcher private and offers no getter, but the screen below needs
// each entry's SMARTS query. The standard explicit-instantiation idiom names the member without
// changing RDKit: access checks do not apply to explicit instantiation arguments.
namespace {
struct EntryMatcherTag {
    using type = boost::shared_ptr<FilterMatcherBase> FilterCatalogEntry::*;
    friend type memberOf(EntryMatcherTag);
};
template <typename Tag, typename Tag::type Member>
struct Expose {
    friend typename Tag::type memberOf(Tag) { return Member; }
};
template struct Expose<EntryMatcherTag, &FilterCatalogEntry::d_matcher>;

/// A PAINS entry with its pattern-fingerprint screen (null: no screen, always run the matcher).
struct ScreenedEntry {
    const FilterCatalogEntry *entry;
    std::unique_ptr<ExplicitBitVect> screen;
};

/// RDKit's substructure screen, as its SubstructLibrary uses it: a molecule can only contain a
/// query whose pattern-fingerprint bits are all set in the molecule's. Only entries that are a
/// single SMARTS needing at least one match are screened; the verdict is still the entry's own.
const std::vector<ScreenedEntry> &screenedPains() {
    static const std::vector<ScreenedEntry> entries = [] {
        std::vector<ScreenedEntry> out;
        const FilterCatalog &catalog = painsCatalog();
        for (unsigned int i = 0; i < catalog.getNumEntries(); i++) {
            const FilterCatalogEntry *entry = catalog.getEntryWithIdx(i);
            ScreenedEntry screened{entry, nullptr};
            const auto &matcher = entry->*memberOf(EntryMatcherTag());
            if (auto *smarts = dynamic_cast<const SmartsMatcher *>(matcher.get())) {
                if (smarts->getPattern() && smarts->getMinCount() >= 1) {
                    screened.screen.reset(PatternFingerprintMol(*smarts->getPattern(), 2048));
                }
            }
            out.push_back(std::move(screened));
        }
        return out;
    }();
    return entries;
}
}  // namespace

extern "C" int ap_mol_has_pains(ap_mol *m) {
    return guarded(m, -1, [&](ROMol &mol) {
        const auto &entries = screenedPains();
        std::unique_ptr<ExplicitBitVect> fp(PatternFingerprintMol(mol, 2048));
        for (const auto &e : entries) {
            if (e.screen && !AllProbeBitsMatch(*e.screen, *fp)) continue;
            if (e.entry->hasFilterMatch(mol)) return 1;
        }
        return 0;
    });
}

extern "C" int ap_mol_has_pains_unscreened(ap_mol *m) {
    return guarded(m, -1, [&](ROMol &mol) { return painsCatalog().hasMatch(mol) ? 1 : 0; });
}
