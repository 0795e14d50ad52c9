#!/usr/bin/env bash
# Fuzzes `antipode score` (and `evaluate`) with N seeded, mutated lines (default 1,000,000): MOSES SMILES
# with random edits and splices, invalid UTF-8, NUL and control bytes, formula prefixes, and extreme
# sizes up to 100,000 atoms (see scripts/fuzz_lines.py). It checks and prints:
#   - crashes: the run must end with status 0, not a signal;
#   - rows: exactly one output row per input line, each valid=true or valid=false with a reason;
#   - hangs: the LARGEST lines RDKit still sees (within the size limits) and a random sample, each scored
#     alone under a per-molecule bound (BOUND seconds, default 10), plus the slowest of them;
#   - peak memory and time of the whole run (/usr/bin/time -v).
#
#     nice -n 19 bash scripts/fuzz.sh [N] [SEED]
#
# FUZZ_DIR keeps the files (default: a temporary folder, removed at the end). Needs python3 and
# /usr/bin/time; builds the release binary if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SEED=${2:-1}
BOUND=${BOUND:-10}
SINGLES=${SINGLES:-60}
bin=.build/release/antipode
[ -x "$bin" ] || swift build -c release --product antipode > /dev/null
work=${FUZZ_DIR:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${FUZZ_DIR:-}" ] || trap 'rm -rf "$work"' EXIT

echo "fuzz: $N lines, seed $SEED, in $work"
python3 scripts/fuzz_lines.py "$N" "$SEED" "$work/fuzz.smi"
echo "fuzz: input $(wc -l < "$work/fuzz.smi") lines, $(du -h "$work/fuzz.smi" | cut -f1); load $(cut -d' ' -f1-3 /proc/loadavg)"

# The whole file in one run: no crash, one row per line.
status=0
/usr/bin/time -v -o "$work/time.txt" timeout $((600 + N / 20)) "$bin" score "$work/fuzz.smi" -o "$work/scores.csv" --quiet \
    2> "$work/stderr.txt" || status=$?
python3 - "$work" "$N" "$status" <<'PY'
import csv, re, sys
work, n, status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = open(f"{work}/time.txt").read()
peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
signal = re.search(r"Command terminated by signal (\d+)", t)
print(f"score: exit status {status}{' (signal ' + signal.group(1) + ')' if signal else ''}, wall {wall}, peak memory {peak / 1024:.0f} MB")
if status != 0 or signal:
    print("FAIL: the run did not finish cleanly:", open(f"{work}/stderr.txt").read()[-500:]); sys.exit(1)
csv.field_size_limit(10**9)
rows = bad = 0
reasons = {}
with open(f"{work}/scores.csv", newline="", encoding="utf-8") as f:
    r = csv.reader(f)
    header = next(r)
    for row in r:
        rows += 1
        if len(row) != len(header):
            bad += 1
            continue
        if row[3] == "false":
            kind = row[4].split(":")[0] if row[4] else "NO REASON"
            reasons[kind] = reasons.get(kind, 0) + 1
            if not row[4]: bad += 1
        elif row[3] != "true":
            bad += 1
print(f"rows: {rows} for {n} input lines; invalid by reason: {dict(sorted(reasons.items(), key=lambda kv: -kv[1]))}")
if rows != n or bad:
    print(f"FAIL: {rows} rows for {n} lines, {bad} rows with the wrong number of fields or no verdict or reason"); sys.exit(1)
PY

# Per-molecule bound: the largest lines within the limits (what RDKit works hardest on) and a random
# sample, each scored alone.
python3 - "$work" "$SINGLES" "$SEED" <<'PY'
import random, sys
work, k, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines = open(f"{work}/fuzz.smi", "rb").read().split(b"\n")[:-1]
def atoms(b):
    s = b.split()[0] if b.split() else b""
    out, inside = 0, False
    for c in s:
        if c == 0x5B: out += 1; inside = True
        elif c == 0x5D: inside = False
        elif not inside and c in b"BCNOPSFIbcnops": out += 1
    return out
within = [l for l in lines if len(l) <= 5000 and atoms(l) <= 500]
largest = sorted(within, key=atoms, reverse=True)[: k // 2]
sample = random.Random(seed).sample(lines, min(len(lines), k - len(largest)))
with open(f"{work}/singles.smi", "wb") as f:
    for l in largest + sample: f.write(l + b"\n")
print(f"singles: the {len(largest)} largest lines within the limits (up to {atoms(largest[0]) if largest else 0} atoms) and {len(sample)} random lines")
PY
slowest=0; hangs=0; crashes=0; i=0
while IFS= read -r l || [ -n "$l" ]; do
    i=$((i + 1))
    printf '%s\n' "$l" > "$work/one.smi"
    start=$(date +%s.%N)
    rc=0; timeout "$BOUND" "$bin" score "$work/one.smi" -o "$work/one.csv" --quiet 2> /dev/null || rc=$?
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    [ "$rc" = 124 ] && hangs=$((hangs + 1))
    [ "$rc" -gt 128 ] && [ "$rc" != 124 ] && crashes=$((crashes + 1))
    if (( $(echo "$secs > $slowest" | bc) )); then slowest=$secs; fi
done < "$work/singles.smi"
echo "singles: $i lines scored one by one: $crashes crashes, $hangs over ${BOUND} s, slowest $(printf '%.2f' "$slowest") s (process start included)"

# evaluate on the first 100,000 lines: the same inputs through the design metrics.
head -n 100000 "$work/fuzz.smi" > "$work/designs.smi"
printf 'CCO\nc1ccccc1\n' > "$work/reference.smi"
rc=0
/usr/bin/time -v -o "$work/time-eval.txt" "$bin" evaluate "$work/designs.smi" --canonical-reference "$work/reference.smi" \
    --no-filters --quiet > "$work/eval.txt" 2> "$work/eval-stderr.txt" || rc=$?
peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time-eval.txt")
echo "evaluate: $(wc -l < "$work/designs.smi") designs, exit status $rc, peak memory $((peak / 1024)) MB, $(grep -m1 -i 'validity' "$work/eval.txt" | tr -s ' ')"
[ "$rc" = 0 ] && [ "$hangs" = 0 ] && [ "$crashes" = 0 ] || { echo "FAIL"; exit 1; }
echo "fuzz: PASS"
