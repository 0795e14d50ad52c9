#!/usr/bin/env python3
"""Peer for `scripts/bench-evaluation.sh`: the diversity work of `antipode evaluate` done the way MOSES and
the paper do it, timed in the same invocation.

    python bench_evaluation_peer.py DESIGNS.smi [--intdiv-n 20000]

- IntDiv: MOSES's `internal_diversity` algorithm (`average_agg_tanimoto` with torch matrix products on
  the CPU, batch 5000, agg='mean', p=1 and p=2) over Morgan r=2 1024-bit fingerprints of the first
  `--intdiv-n` valid designs; O(N^2), so the time is also scaled to all valid designs by (N/n)^2.
- Clusters: RDKit's LeaderPicker.LazyBitVectorPick on Morgan r=2 2048-bit fingerprints of the unique
  valid designs (first appearance order) at distance 0.65, over all of them.
Prints one `peer ...` line per measurement.
"""
import argparse, time
import numpy as np
import torch
from rdkit import Chem, RDLogger
from rdkit.Chem import AllChem
from rdkit.SimDivFilters import rdSimDivPickers

RDLogger.DisableLog("rdApp.*")
ap = argparse.ArgumentParser()
ap.add_argument("designs")
ap.add_argument("--intdiv-n", type=int, default=20000)
ap.add_argument("--threads", type=int, default=2)
a = ap.parse_args()
torch.set_num_threads(a.threads)

smiles = [l.split()[0] if l.strip() else "" for l in open(a.designs)]
mols = [Chem.MolFromSmiles(s) if s else None for s in smiles]
valid = [m for m in mols if m is not None]


def average_agg_tanimoto_mean(vecs, p, batch_size=5000):
    """MOSES metrics.utils.average_agg_tanimoto(vecs, vecs, agg='mean', p=p)."""
    agg = np.zeros(len(vecs)); total = np.zeros(len(vecs))
    for j in range(0, vecs.shape[0], batch_size):
        x = torch.tensor(vecs[j:j + batch_size]).float()
        for i in range(0, vecs.shape[0], batch_size):
            y = torch.tensor(vecs[i:i + batch_size]).float().transpose(0, 1)
            tp = torch.mm(x, y)
            jac = (tp / (x.sum(1, keepdim=True) + y.sum(0, keepdim=True) - tp)).cpu().numpy()
            jac[np.isnan(jac)] = 1
            if p != 1:
                jac = jac ** p
            agg[i:i + y.shape[1]] += jac.sum(0)
            total[i:i + y.shape[1]] += jac.shape[0]
    agg /= total
    if p != 1:
        agg = agg ** (1 / p)
    return np.mean(agg)


n = min(a.intdiv_n, len(valid))
vecs = np.array([np.asarray(AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=1024), dtype="uint8") for m in valid[:n]])
t0 = time.perf_counter()
d1 = 1 - average_agg_tanimoto_mean(vecs, 1)
d2 = 1 - average_agg_tanimoto_mean(vecs, 2)
dt = time.perf_counter() - t0
print(f"peer intdiv n={n} seconds={dt:.2f} scaled_to_all_valid={dt * (len(valid) / n) ** 2:.1f} intdiv1={d1:.6f} intdiv2={d2:.6f}")

seen = set(); unique = []
for m in valid:
    s = Chem.MolToSmiles(m)
    if s not in seen:
        seen.add(s); unique.append(m)
fps = [AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=2048) for m in unique]
t0 = time.perf_counter()
picks = rdSimDivPickers.LeaderPicker().LazyBitVectorPick(fps, len(fps), 0.65)
dt = time.perf_counter() - t0
print(f"peer leaderpicker n={len(fps)} seconds={dt:.2f} clusters={len(picks)}")
