#!/usr/bin/env bash
# What a fine-tuning step costs in each of the paper experiment's ways of fine-tuning, against the ordinary one
# (issue 15 asks for the linearized step's cost): STEPS steps of batch 32 on a property task's negatives from the
# base, ordinary, linearized (tangent space) and on randomized SMILES (--enumerate 10), alternating, best of
# ROUNDS each. A benchmark: run it on a quiet machine (it prints the load average).
#   bash scripts/bench-fine-tuning.sh [BASE] [STEPS] [ROUNDS]   (default models/chembl-base 150 2)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:-models/chembl-base}"
STEPS="${2:-150}"
ROUNDS="${3:-2}"
DATA=molecules/property-tasks/logp-low/setup-0
swift build -c release --product antipode >/dev/null
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
declare -A best
run() {  # name, options…: keeps in best[name] the seconds per step of the best round so far
    local name="$1"; shift
    local t0 t1
    t0=$(date +%s.%N)
    .build/release/antipode train "$DATA" --from "$BASE" --skip-unknown --batch 32 --lr 1e-4 --epochs 1000 \
        --patience 0 --max-validation 32 --max-steps "$STEPS" --checkpoint-every 100000 --seed 1 --quiet "$@" -o "$TMP/$name" >/dev/null
    t1=$(date +%s.%N)
    rm -rf "${TMP:?}/$name"
    best[$name]=$(awk -v a="$t0" -v b="$t1" -v n="$STEPS" -v old="${best[$name]:-}" \
        'BEGIN { s = (b - a) / n; print (old == "" || s < old) ? s : old }')
}
echo "base $BASE, $STEPS steps of batch 32 on $DATA, best of $ROUNDS (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
for ((r = 1; r <= ROUNDS; r++)); do
    run ordinary
    run linearized --linearized
    run enumerated --enumerate 10
done
echo "| fine-tuning | ms per step | × ordinary |"
echo "|---|---|---|"
for name in ordinary linearized enumerated; do
    awk -v n="$name" -v s="${best[$name]}" -v o="${best[ordinary]}" 'BEGIN { printf "| %s | %.1f | %.2f× |\n", n, 1000 * s, s / o }'
done
echo "(load after: $(cut -d' ' -f1-3 /proc/loadavg); each run's time includes loading the model and data and a
validation pass of 32 molecules per epoch; an enumerated epoch has 10× the steps of an ordinary one)"
