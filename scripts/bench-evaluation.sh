#!/usr/bin/env bash
# Times `antipode evaluate` on N MOSES test molecules (default 100,000) against MOSES train, and the same
# diversity work done by the peers (MOSES's torch IntDiv, RDKit's LeaderPicker) in the same invocation.
#
#     bash scripts/bench-evaluation.sh [N]
#
# Needs ../shared (MOSES data) and the peer environment (bash ../shared/peers/setup.sh). The first run also
# builds the MOSES-train index (minutes); later runs read it from the cache. EVAL_ARGS (default
# "--no-filters --no-side-effects") are passed to `antipode evaluate`: the MOSES filters alone cost
# ~10 ms a molecule, and what is timed here is the diversity work.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
SHARED=${SHARED:-../shared}
PEERS=${PEERS:-/tmp/antipode-peers}
EVAL_ARGS=${EVAL_ARGS:---no-filters --no-side-effects}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gzip -dc "$SHARED/data/moses/test.csv.gz" | sed -n "2,$((N + 1))p" > "$work/designs.smi"
swift build -c release --product antipode > /dev/null
echo "load before: $(uptime)"
.build/release/antipode evaluate "$work/designs.smi" --reference "$SHARED/data/moses/train.csv.gz" \
    $EVAL_ARGS --timings --quiet --json "$work/metrics.json" > "$work/table.txt" 2> "$work/timings.txt"
"$PEERS/bin/python" scripts/bench_evaluation_peer.py "$work/designs.smi" > "$work/peer.txt"
echo "load after: $(uptime)"
python3 - "$work/metrics.json" "$work/peer.txt" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
values = {v["name"]: v.get("value") for v in m["values"]}
secs = m["seconds"]
peer = {}
for line in open(sys.argv[2]):
    kind, *fields = line.split()
    peer[fields[0]] = dict(f.split("=") for f in fields[1:])
intdiv = peer["intdiv"]; lp = peer["leaderpicker"]
print(f"designs {values['designs']:.0f}, valid {values['valid']:.0f}, unique {values['unique']:.0f}")
print(f"analysis (parse + score every molecule, 2 threads): {secs['analysis']:.1f} s")
print(f"IntDiv1+2 antipode: {secs['intdiv1']:.2f} s over all {values['valid']:.0f} valid designs "
      f"(IntDiv1 {values['intdiv1']:.6f}, IntDiv2 {values['intdiv2']:.6f})")
print(f"IntDiv1+2 MOSES/torch: {float(intdiv['seconds']):.2f} s over the first {intdiv['n']} valid designs, "
      f"scaled by N^2 to all: {float(intdiv['scaled_to_all_valid']):.1f} s "
      f"-> ratio {float(intdiv['scaled_to_all_valid']) / secs['intdiv1']:.1f}x")
print(f"LeaderPicker antipode: {secs['clusters']:.2f} s, {values['clusters']:.0f} clusters; "
      f"RDKit: {float(lp['seconds']):.2f} s, {lp['clusters']} clusters -> ratio {float(lp['seconds']) / secs['clusters']:.1f}x")
PY
