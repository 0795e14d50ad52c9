#ifndef ANTIPODE_RDKIT_H
#define ANTIPODE_RDKIT_H
// The C face of RDKit for Antipode. Nothing of RDKit's C++ types crosses this header; every
// entry point catches all C++ exceptions and reports failure through its return value.
// RDKit's logs are switched off the first time any molecule is parsed.
//
// Strings returned as `char *` are malloc'd: free them with ap_free_string.
// A molecule handle may be used from one thread at a time per call (each handle holds a lock,
// so concurrent calls on the same handle are serialised, never racing).
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The RDKit version string (e.g. "2022.09.3"); static storage.
const char *ap_rdkit_version(void);

void ap_free_string(char *s);

// MARK: Molecules (molecule.cpp)

/// An RDKit molecule (RDKit::ROMol) owned by the caller.
typedef struct ap_mol ap_mol;

enum ap_parse_status {
    AP_PARSE_OK = 0,
    AP_PARSE_EMPTY = 1,
    AP_PARSE_UNPARSABLE = 2,
    AP_PARSE_SANITIZATION = 3,
};

/// Parses SMILES exactly as Python's Chem.MolFromSmiles (default sanitisation). On failure returns
/// NULL, sets *status and, when `message` is not NULL, stores a malloc'd one-line reason in it.
ap_mol *ap_mol_from_smiles(const char *smiles, int *status, char **message);
void ap_mol_free(ap_mol *mol);

/// Chem.MolToSmiles(mol, isomericSmiles=isomeric) (canonical). NULL on failure.
char *ap_mol_smiles(ap_mol *mol, int isomeric);

/// A randomized (non-canonical) SMILES of the molecule: its atoms renumbered by a Fisher-Yates shuffle
/// driven by SplitMix64(`seed`), then Chem.MolToSmiles(renumbered, isomericSmiles=isomeric,
/// canonical=False) — as Chem.MolToSmiles(Chem.RenumberAtoms(mol, order), canonical=False) in Python.
/// The same seed gives the same string on every machine. NULL on failure.
char *ap_mol_random_smiles(ap_mol *mol, uint64_t seed, int isomeric);

/// A new molecule: Chem.RemoveHs(mol). NULL on failure.
ap_mol *ap_mol_remove_hs(ap_mol *mol);
/// A new molecule: Chem.AddHs(mol). NULL on failure.
ap_mol *ap_mol_add_hs(ap_mol *mol);

/// Descriptors computed by RDKit's C++, named as in Python RDKit.
enum ap_descriptor {
    AP_NUM_H_DONORS = 0,          // rdMolDescriptors.CalcNumHBD (Lipinski.NumHDonors)
    AP_NUM_H_ACCEPTORS = 1,       // rdMolDescriptors.CalcNumHBA (Lipinski.NumHAcceptors)
    AP_RING_COUNT = 2,            // rdMolDescriptors.CalcNumRings
    AP_MOL_LOGP = 3,              // Crippen logP, implicit Hs included
    AP_TPSA = 4,                  // CalcTPSA, no S and P contributions
    AP_FRACTION_CSP3 = 5,
    AP_MOL_WT = 6,                // average molecular weight (Descriptors.MolWt)
    AP_NUM_ROTATABLE_BONDS = 7,   // default definition (Lipinski.NumRotatableBonds)
    AP_NUM_AROMATIC_RINGS = 8,
    AP_HEAVY_ATOM_COUNT = 9,
    AP_NUM_ROTATABLE_BONDS_STRICT = 10,  // NumRotatableBondsOptions.Strict (QED's ROTB)
    AP_NUM_ATOMS = 11,            // mol.GetNumAtoms() (explicit atoms only)
    AP_NUM_SPIRO_ATOMS = 12,
    AP_NUM_BRIDGEHEAD_ATOMS = 13,
    AP_NUM_SSSR = 14,             // len(Chem.GetSSSR(mol))
};

/// The descriptor's value, or NaN on failure.
double ap_mol_descriptor(ap_mol *mol, int which);

/// len(Chem.FindMolChiralCenters(mol, includeUnassigned=True)) (legacy implementation), computed
/// on a copy so `mol` is unchanged. -1 on failure.
int ap_mol_num_chiral_centers_including_unassigned(ap_mol *mol);

/// Sizes of the rings in RDKit's ring info (ri.AtomRings()), written to `sizes` (at most
/// `capacity`). Returns the number of rings (which may exceed capacity), -1 on failure.
int ap_mol_ring_sizes(ap_mol *mol, int *sizes, int capacity);

/// Per atom: atomic number and formal charge, at most `capacity` atoms. Returns the atom count,
/// -1 on failure.
int ap_mol_atoms(ap_mol *mol, int *atomic_numbers, int *formal_charges, int capacity);

/// Chem.MolToSmiles(MurckoScaffold.GetScaffoldForMol(mol)); "" for acyclic molecules. NULL on failure.
char *ap_mol_murcko_scaffold(ap_mol *mol);

// MARK: Fingerprints (fingerprint.cpp)

/// Morgan bit vector (GetMorganFingerprintAsBitVect(mol, radius, nBits)) packed into
/// (bits + 63) / 64 words, bit i in word i / 64 at position i % 64. Returns 0, or -1 on failure.
int ap_mol_morgan_bits(ap_mol *mol, int radius, int bits, uint64_t *words);

/// Unfolded Morgan count fingerprint (rdMolDescriptors.GetMorganFingerprint(mol, radius)): its
/// non-zero elements in ascending id order. Writes at most `capacity`; returns the number of
/// elements (may exceed capacity), -1 on failure.
int ap_mol_morgan_counts(ap_mol *mol, int radius, uint32_t *ids, uint32_t *counts, int capacity);

// MARK: Substructures (substructure.cpp)

/// A compiled SMARTS query.
typedef struct ap_pattern ap_pattern;

/// Compiles SMARTS; NULL (with a malloc'd reason in *message when given) on failure.
ap_pattern *ap_pattern_from_smarts(const char *smarts, char **message);
void ap_pattern_free(ap_pattern *pattern);

/// mol.HasSubstructMatch(pattern): 1, 0, or -1 on failure.
int ap_mol_has_match(ap_mol *mol, const ap_pattern *pattern);
/// len(mol.GetSubstructMatches(pattern)) with Python's defaults (uniquify, at most 1000). -1 on failure.
int ap_mol_count_matches(ap_mol *mol, const ap_pattern *pattern);
/// A new molecule: Chem.DeleteSubstructs(mol, pattern). NULL on failure.
ap_mol *ap_mol_delete_substructs(ap_mol *mol, const ap_pattern *pattern);

/// Many SMARTS queries asked together "does any match?", each behind RDKit's pattern-fingerprint
/// substructure screen (the molecule's fingerprint is computed once per question).
typedef struct ap_pattern_set ap_pattern_set;
/// A set of copies of `patterns` (the originals may be freed). NULL on failure.
ap_pattern_set *ap_pattern_set_create(const ap_pattern *const *patterns, int count);
void ap_pattern_set_free(ap_pattern_set *set);
/// Index of the first pattern (in set order) that matches `mol`; -1 when none, -2 on failure.
int ap_mol_first_match(ap_mol *mol, const ap_pattern_set *set);
/// How many of the set's patterns match `mol` (each counted once); -1 on failure.
int ap_mol_count_matching(ap_mol *mol, const ap_pattern_set *set);

/// Any match in RDKit's FilterCatalog PAINS (A, B and C): 1, 0, or -1 on failure. Entries whose
/// pattern fingerprint is not contained in the molecule's are skipped (RDKit's substructure screen).
int ap_mol_has_pains(ap_mol *mol);
/// The same verdict straight from FilterCatalog::hasMatch, every entry matched (for checking the screen).
int ap_mol_has_pains_unscreened(ap_mol *mol);


// MARK: SA-score fragment table (sa_table.cpp; no RDKit)

/// Fragment contributions for the SA score: unfolded Morgan ids → score.
typedef struct ap_score_table ap_score_table;

/// Loads a table file: '#' comment lines, then rows `score<TAB>id id id …` (a later row wins for
/// an id listed twice, as in RDKit's sascorer). NULL with a malloc'd reason in *message on failure.
ap_score_table *ap_score_table_load(const char *path, char **message);
void ap_score_table_free(ap_score_table *table);
/// The score of `id`, or `fallback` when absent.
double ap_score_table_lookup(const ap_score_table *table, uint32_t id, double fallback);
/// Number of ids in the table.
size_t ap_score_table_count(const ap_score_table *table);

// MARK: SD files (sdf.cpp)

/// One SD record as RDKit's SDWriter writes it (V2000, kekulised): the molecule parsed from `smiles` with 2D
/// coordinates (rdDepictor.Compute2DCoords), `title` as its first line, then `count` tags `>  <key>` with
/// their values (line breaks in a title or value become spaces), then `$$$$`. A NULL or empty `smiles`
/// writes a molecule with no atoms (an invalid design keeps its record). NULL when `smiles` does not parse.
char *ap_sdf_record(const char *smiles, const char *title, const char *const *keys, const char *const *values, int count);

/// Parses one mol block (an SD record; its tags are ignored) as Chem.MolFromMolBlock(block) does: sanitised,
/// hydrogens removed. On failure returns NULL, sets *status (enum ap_parse_status) and a malloc'd reason.
ap_mol *ap_mol_from_molblock(const char *block, int *status, char **message);

// MARK: 3D structures for docking (conformer.cpp)

enum ap_forcefield { AP_FORCEFIELD_NONE = 0, AP_FORCEFIELD_MMFF94 = 1, AP_FORCEFIELD_UFF = 2 };

/// The molecule with hydrogens in 3D, as an MDL molblock: embedded with ETKDGv3 (`seed`, at most
/// 10 × atoms attempts), then minimised with MMFF94 for at most `max_iterations` steps, or with UFF
/// where MMFF94 has no parameters (or fails). *forcefield says which. NULL with a malloc'd one-line
/// reason in *message when no structure is found or no force field types every atom.
char *ap_mol_conformer_molblock(ap_mol *mol, int seed, int max_iterations, int *forcefield, char **message);

#ifdef __cplusplus
}
#endif
#endif
