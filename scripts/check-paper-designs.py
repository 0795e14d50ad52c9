#!/usr/bin/env python3
"""Recomputes the paper experiment's numbers from its published designs with Python RDKit alone.

    python3 scripts/check-paper-designs.py [DESIGNS_FOLDER] [--campaign TEXT] [--limit N] [--jobs J]

DESIGNS_FOLDER (default notebooks-data/paper-chembl/designs) holds manifest.csv and <campaign>/<arm>.smi.gz
files, as `antipode experiment paper` writes them. For each manifest row (or those whose campaign contains
TEXT; at most N rows with --limit; J rows at a time with --jobs, default the number of cores) it reads the designs (one per line, as sampled, invalid ones included) and
computes, independently of antipode:

  validity          designs RDKit parses and sanitises / designs
  success rate      successes / designs, a success being a valid design whose canonical SMILES is the first of
                    its kind among the designs, is absent from the novelty reference, and meets every
                    predicate of the success rule (e.g. "NumHDonors>1 AND TPSA<=75")
  success clusters  RDKit LeaderPicker clusters of the successes' Morgan fingerprints (radius 2, 2,048 bits,
                    Tanimoto distance 0.65), in the order the successes were first sampled

The novelty reference is every file the manifest names (";"-separated): a file as is, a folder its train and
val files (as antipode's data-set folders); each SMILES canonicalised by RDKit. Prints both values per row and
exits 1 if any differs (counts exactly; rates beyond 1e-9).
Needs Python 3 with RDKit 2022.09.3, the version antipode links (Debian 12: `apt-get install python3-rdkit`, then
run it with /usr/bin/python3). Other versions parse a few odd designs differently: with pip's 2022.09.5, 9 of the
first campaign's 22 arms differed by one or two valid designs in 10,000 (e.g. an aromatic atom outside a ring that
2022.09.3 kekulises and 2022.09.5 rejects); with 2022.09.3 all agreed exactly.
"""
import argparse, csv, gzip, multiprocessing, os, sys

from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import Crippen, Descriptors, Lipinski, rdMolDescriptors
from rdkit.Chem import AllChem
from rdkit.SimDivFilters import rdSimDivPickers

RDLogger.DisableLog("rdApp.*")

# The descriptors the paper's success rules use, by antipode's names.
DESCRIPTORS = {
    "numhdonors": Lipinski.NumHDonors,
    "numhacceptors": Lipinski.NumHAcceptors,
    "ringcount": Descriptors.RingCount,
    "mollogp": Crippen.MolLogP,
    "tpsa": rdMolDescriptors.CalcTPSA,
    "fractioncsp3": rdMolDescriptors.CalcFractionCSP3,
    "molwt": Descriptors.MolWt,
    "heavyatomcount": lambda m: m.GetNumHeavyAtoms(),
}
COMPARISONS = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b,
               "<=": lambda a, b: a <= b, "==": lambda a, b: a == b, "=": lambda a, b: a == b,
               "!=": lambda a, b: a != b}


def predicate(text):
    """'TPSA<=75' -> (function of a molecule, text)."""
    text = text.strip()
    start = next((i for i, c in enumerate(text) if c in "<>=!"), None)
    if start is None:
        sys.exit(f"success rule {text!r}: no comparison (<, <=, >, >=, ==, !=)")
    end = start
    while end < len(text) and text[end] in "<>=!":
        end += 1
    name, op, value = text[:start].strip().lower(), text[start:end], float(text[end:])
    if name not in DESCRIPTORS:
        sys.exit(f"success rule {text!r}: descriptor {name!r} is not one this script knows ({', '.join(DESCRIPTORS)})")
    descriptor, compare = DESCRIPTORS[name], COMPARISONS[op]
    return lambda mol: compare(descriptor(mol), value)


def canonical(smiles):
    mol = Chem.MolFromSmiles(smiles)
    return (Chem.MolToSmiles(mol), mol) if mol is not None else (None, None)


def lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield line.split()[0].split(",")[0]


def data_files(path):
    """A file, or a data-set folder's train and val files (the first of each stem found, as antipode does)."""
    if not os.path.isdir(path):
        return [path]
    found = []
    for stems in (["train"], ["val", "valid", "validation"]):
        for stem in stems:
            hit = next((os.path.join(path, f"{stem}.{ext}") for ext in
                        ["smiles", "smi", "txt", "csv", "smiles.gz", "smi.gz", "txt.gz", "csv.gz"]
                        if os.path.exists(os.path.join(path, f"{stem}.{ext}"))), None)
            if hit:
                found.append(hit)
                break
    return found


_reference_cache = {}


def reference_files(paths, root):
    """The files behind the manifest's reference paths, each read into the cache of canonical sets once per run."""
    files = []
    for path in paths:
        if not os.path.exists(os.path.join(root, path)):
            sys.exit(f"{path}: novelty reference not found under {os.path.abspath(root)} (give --root, the repository root)")
        for f in data_files(os.path.join(root, path)):
            if f not in _reference_cache:
                print(f"  reading reference {os.path.relpath(f, root)} …", file=sys.stderr, flush=True)
                _reference_cache[f] = {c for c, _ in map(canonical, lines(f)) if c is not None}
            files.append(f)
    return files


def reference_set(paths, root):
    """Canonical SMILES of every molecule in the named files."""
    return set().union(*(_reference_cache[f] for f in reference_files(paths, root)))


def recompute(designs, rule, reference):
    valid, seen, successes = 0, set(), []
    for smiles in designs:
        can, mol = canonical(smiles)
        if can is None:
            continue
        valid += 1
        if can in seen:
            continue
        seen.add(can)
        if can not in reference and all(p(mol) for p in rule):
            successes.append(mol)
    fps = [AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=2048) for m in successes]
    clusters = len(rdSimDivPickers.LeaderPicker().LazyBitVectorPick(fps, len(fps), 0.65)) if fps else 0
    n = len(designs)
    return valid / n, len(successes) / n, clusters


_folder, _root = None, None


def read_designs(path):
    return [l.rstrip("\n") for l in gzip.open(path, "rt")]


def check_row(r):
    """(designs, validity, success rate, clusters) of one manifest row, recomputed (in a worker process)."""
    designs = read_designs(os.path.join(_folder, r["file"]))
    rule = [predicate(p) for p in r["success_rule"].split(" AND ") if p.strip()]
    reference = reference_set([p for p in r["novelty_reference"].split(";") if p], _root)
    return (len(designs),) + recompute(designs, rule, reference)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", default="notebooks-data/paper-chembl/designs")
    ap.add_argument("--campaign", default="", help="only rows whose campaign contains this text")
    ap.add_argument("--limit", type=int, default=0, help="at most this many rows")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="rows checked at a time (default: the cores)")
    ap.add_argument("--root", default=".", help="the folder the manifest's reference paths are relative to "
                                                "(the repository root)")
    a = ap.parse_args()
    manifest = os.path.join(a.folder, "manifest.csv")
    if not os.path.exists(manifest):
        sys.exit(f"{manifest}: no such file (run the paper experiment, or give its designs folder)")
    with open(manifest, newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if a.campaign in r["campaign"]]
    if a.limit:
        rows = rows[: a.limit]
    mismatches = 0
    import rdkit
    print(f"RDKit {rdkit.__version__}" + ("" if rdkit.__version__ == "2022.09.3" else
          " (antipode links 2022.09.3; a few odd designs may parse differently)"), file=sys.stderr)
    for r in rows:
        path = os.path.join(a.folder, r["file"])
        if not os.path.exists(path):
            sys.exit(f"{path}: no such design file (the manifest names it)")
        count = len(read_designs(path))
        if count != int(r["designs"]):
            sys.exit(f"{r['file']}: {count} designs, the manifest says {r['designs']}")
        [predicate(p) for p in r["success_rule"].split(" AND ") if p.strip()]
        # Every reference is read before the workers start: they inherit the canonical sets instead of reading them.
        reference_files([p for p in r["novelty_reference"].split(";") if p], a.root)
    print("campaign,arm,designs,validity (antipode/rdkit),success_rate (antipode/rdkit),success_clusters (antipode/rdkit),agree")
    global _folder, _root
    _folder, _root = a.folder, a.root
    with multiprocessing.get_context("fork").Pool(max(1, a.jobs)) as pool:
        for r, (n, validity, rate, clusters) in zip(rows, pool.imap(check_row, rows)):
            tool = (float(r["validity"]), float(r["success_rate"]), int(float(r["success_clusters"])))
            agree = abs(tool[0] - validity) < 1e-9 and abs(tool[1] - rate) < 1e-9 and tool[2] == clusters
            mismatches += not agree
            print(f"{r['campaign']},{r['arm']},{n},{tool[0]:.4f}/{validity:.4f},{tool[1]:.4f}/{rate:.4f},"
                  f"{tool[2]}/{clusters},{'yes' if agree else 'NO'}", flush=True)
    print(f"{len(rows) - mismatches} of {len(rows)} rows agree", file=sys.stderr)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
