"""Docks molecules with dockstring 0.3.4's own pipeline (its Vina 1.1.2, Open Babel protonation,
RDKit embedding and MMFF94/UFF), for comparison with `antipode dock`.

Usage: PYTHONPATH=<unpacked dockstring wheel> python dock_peer_dockstring.py IN.csv OUT.csv EXHAUSTIVENESS
IN.csv rows: target,set,smiles (no header). OUT.csv: target,smiles,score,error,seconds.
dockstring's dock() has no exhaustiveness argument (Vina's default is 8); it is passed to Vina here by
appending --exhaustiveness to the command dockstring builds, nothing else changes. Seed: dockstring's default.
"""
import csv
import subprocess
import sys
import time

from dockstring import load_target
from dockstring import target as target_module

src, dst, exhaustiveness = sys.argv[1], sys.argv[2], sys.argv[3]
_run = subprocess.run


def run_with_exhaustiveness(cmd, *args, **kwargs):
    if isinstance(cmd, list) and '--receptor' in [str(c) for c in cmd]:
        cmd = list(cmd) + ['--exhaustiveness', exhaustiveness]
    return _run(cmd, *args, **kwargs)


target_module.subprocess.run = run_with_exhaustiveness
with open(src) as f, open(dst, 'w', newline='') as out:
    w = csv.writer(out)
    w.writerow(['target', 'smiles', 'score', 'error', 'seconds'])
    for target, _, smiles in csv.reader(f):
        t = load_target(target)
        start = time.time()
        try:
            score, _ = t.dock(smiles, num_cpus=1)
            w.writerow([target, smiles, '' if score is None else score, '', f'{time.time() - start:.1f}'])
        except Exception as e:  # dockstring raises its own errors for molecules it cannot prepare
            w.writerow([target, smiles, '', f'{type(e).__name__}: {e}'.replace('\n', ' '), f'{time.time() - start:.1f}'])
        out.flush()
