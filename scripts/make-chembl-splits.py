#!/usr/bin/env python3
"""Makes molecules/chembl/ from the project's shared ChEMBL corpus (run once; the result is committed).

    python3 scripts/make-chembl-splits.py ../shared/data/chembl/chembl-clm-458k.tsv.gz

Holds out 10,000 of the 84,817 `jungle_v33` molecules (ChEMBL v33, the paper authors' own pipeline),
drawn with Python's random.Random(0), as the validation set and the reference "ChEMBL v33"
distribution; every other molecule, of every source, is the training set. Lines are
`SMILES<TAB>source` (no header), in the corpus's order.
"""
import gzip
import random
import sys

source = sys.argv[1]
rows = [line.rstrip("\n").split("\t") for line in gzip.open(source, "rt")]
if rows[0] == ["smiles", "source"]:
    rows = rows[1:]
assert all(len(r) == 2 for r in rows), "expected smiles<TAB>source lines"
v33 = [i for i, (_, src) in enumerate(rows) if src == "jungle_v33"]
held = set(random.Random(0).sample(v33, 10_000))
for name, keep in (("v33-validation", lambda i: i in held), ("train", lambda i: i not in held)):
    # mtime=0: the same input gives the same bytes.
    with open(f"molecules/chembl/{name}.smi.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        for i, (smiles, src) in enumerate(rows):
            if keep(i):
                out.write(f"{smiles}\t{src}\n".encode())
print(f"{len(rows)} molecules: {len(held)} held out, {len(rows) - len(held)} for training")
