#!/usr/bin/env bash
# Sets up (Debian packages, release build) and runs the demo design campaign on the shipped defaults:
# design molecules with MolLogP > 3.5 from the shipped MOSES base model, using only low-logP molecules.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.build/release/antipode campaign run campaigns/demo-logp-high.json "$@"
