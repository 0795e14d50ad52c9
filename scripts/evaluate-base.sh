#!/usr/bin/env bash
# The numbers of a base model's card: 10,000 samples (seed 1), evaluated against MOSES train.
#   bash scripts/evaluate-base.sh [MODEL]      (default models/moses-base)
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL="${1:-models/moses-base}"
swift build -c release --product antipode >/dev/null
TMP="$(mktemp -d)"
.build/release/antipode sample "$MODEL" -n 10000 --seed 1 -o "$TMP/samples.smi"
.build/release/antipode evaluate "$TMP/samples.smi" --canonical-reference molecules/moses/train.csv.gz \
    --json "$TMP/metrics.json" --quiet
echo "samples and metrics: $TMP"
