#!/usr/bin/env python3
"""Makes the ChemTests fixtures that ../shared/reference does not provide, with Python RDKit
2022.9.5 (/tmp/antipode-peers/bin/python):

    python make_fixtures.py   # run in this folder; writes leader_picks.json and moses_filters.json

leader_picks.json: RDKit's LeaderPicker().LazyBitVectorPick(fps, len(fps), threshold) on
  (a) the morgan2_2048 and morgan2_1024 prints of the valid molecules of reference.jsonl, in order;
  (b) 300 random sparse 64-bit prints (seeded), where Tanimoto ties at the threshold are common.
moses_filters.json: the MOSES "Filters" verdict (molsets 0.3.1 moses.metrics.utils.mol_passes_filters,
  re-implemented line for line below because molsets does not install here) for every input of
  inputs.txt plus hand-picked molecules, using ../../../molecules/{mcf,wehi_pains}.csv.
"""
import csv, json, random
from rdkit import Chem, DataStructs, RDLogger
from rdkit.SimDivFilters.rdSimDivPickers import LeaderPicker

RDLogger.DisableLog("rdApp.*")


def bitvect(bits, on):
    v = DataStructs.ExplicitBitVect(bits)
    for b in on:
        v.SetBit(b)
    return v


refs = [json.loads(l) for l in open("reference.jsonl")]
valid = [r for r in refs if r["valid"]]
cases = []
for bits, key in [(2048, "morgan2_2048"), (1024, "morgan2_1024")]:
    fps = [bitvect(bits, r[key]) for r in valid]
    for t in [0.2, 0.35, 0.5, 0.65, 0.8]:
        picks = list(LeaderPicker().LazyBitVectorPick(fps, len(fps), t))
        cases.append({"source": key, "bits": bits, "threshold": t, "picks": picks})

rng = random.Random(7)
synthetic = [sorted(rng.sample(range(64), rng.randint(0, 6))) for _ in range(300)]
fps = [bitvect(64, on) for on in synthetic]
for t in [0.5, 0.6, 0.65, 0.75, 0.8]:
    picks = list(LeaderPicker().LazyBitVectorPick(fps, len(fps), t))
    cases.append({"source": "synthetic", "bits": 64, "threshold": t, "picks": picks})
json.dump({"synthetic": synthetic, "cases": cases}, open("leader_picks.json", "w"))

# MOSES filters, as molsets 0.3.1 defines them.
with open("../../../molecules/mcf.csv") as fh:
    mcf = [row[1] for row in list(csv.reader(fh))[1:]]
with open("../../../molecules/wehi_pains.csv") as fh:
    pains = [row[0].strip() for row in csv.reader(fh, skipinitialspace=True)]
filters = [Chem.MolFromSmarts(s) for s in mcf + pains]
assert all(f is not None for f in filters)


def passes(smiles):
    mol = Chem.MolFromSmiles(smiles) if smiles else None
    if mol is None:
        return False
    allowed = {"C", "N", "S", "O", "F", "Cl", "Br", "H"}
    ri = mol.GetRingInfo()
    if ri.NumRings() != 0 and any(len(x) >= 8 for x in ri.AtomRings()):
        return False
    h_mol = Chem.AddHs(mol)
    if any(a.GetFormalCharge() != 0 for a in mol.GetAtoms()):
        return False
    if any(a.GetSymbol() not in allowed for a in mol.GetAtoms()):
        return False
    if any(h_mol.HasSubstructMatch(f) for f in filters):
        return False
    s = Chem.MolToSmiles(mol, isomericSmiles=False)
    return bool(s) and Chem.MolFromSmiles(s) is not None


hand = ["CC(=O)Nc1ccc(O)cc1", "C1CCCCCCC1", "C1CCCCCC1", "C[N+](C)(C)C", "CCP(C)C", "CCI",
        "CC1OC1", "CCC=O", "Cc1ccccc1N=Nc1ccccc1", "O=C(O)c1ccccc1", "CC(C)Cc1ccc(C(C)C(=O)O)cc1",
        "Oc1ccc(O)cc1", "c1ccc2ccccc2c1", "CSSC", "ClCC(Cl)(Cl)Cl", "[2H]C([2H])([2H])O",
        "C[C@H](N)C(=O)O", "N#CC=Cc1ccccc1", "O=C1C=CC(=O)C=C1", "B(O)(O)c1ccccc1"]
inputs = [l.rstrip("\n") for l in open("inputs.txt", encoding="utf-8")]
json.dump([{"smiles": s.strip(), "passes": passes(s.strip())} for s in hand + inputs],
          open("moses_filters.json", "w"), indent=0)
