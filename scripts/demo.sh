#!/usr/bin/env bash
# Sets up (Debian packages, release build) and runs the demo design campaign on the shipped defaults:
# design molecules with MolLogP > 3.5 from the shipped ChEMBL base model, using only low-logP molecules
# (campaigns/demo-logp-high.json is the same campaign on the MOSES base).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.build/release/antipode campaign run campaigns/demo-logp-high-chembl.json "$@"
