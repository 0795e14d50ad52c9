#!/usr/bin/env bash
# The numbers of a base model's card: 10,000 samples (temperature 1, seed 1) evaluated against the model's
# pre-training corpus, and the samples' mean descriptors beside a held-out set's.
#   bash scripts/evaluate-base.sh [MODEL] [moses|chembl]      (default models/moses-base moses)
# moses:  reference molecules/moses/train.csv.gz, held-out set molecules/moses/test.csv.gz (first 10,000)
# chembl: reference molecules/chembl/train.smi.gz, held-out set molecules/chembl/v33-validation.smi.gz
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL="${1:-models/moses-base}"
CORPUS="${2:-moses}"
case "$CORPUS" in
  moses)  REF=molecules/moses/train.csv.gz;  HELD=molecules/moses/test.csv.gz ;;
  chembl) REF=molecules/chembl/train.smi.gz; HELD=molecules/chembl/v33-validation.smi.gz ;;
  *) echo "evaluate-base: corpus must be moses or chembl, got '$CORPUS'" >&2; exit 2 ;;
esac
swift build -c release --product antipode >/dev/null
TMP="$(mktemp -d)"
.build/release/antipode sample "$MODEL" -n 10000 --seed 1 -o "$TMP/samples.smi"
.build/release/antipode evaluate "$TMP/samples.smi" --canonical-reference "$REF" --json "$TMP/metrics.json" --quiet
# Mean descriptors of the valid samples and of (up to) 10,000 held-out molecules.
# (head stops reading early: the writers' SIGPIPE is expected, so pipefail is off for this line)
set +o pipefail
zcat -f "$HELD" | { [ "$CORPUS" = moses ] && tail -n +2 || cat; } | head -10000 > "$TMP/held-out.smi"
set -o pipefail
.build/release/antipode score "$TMP/samples.smi" -o "$TMP/samples-scores.csv" --quiet
.build/release/antipode score "$TMP/held-out.smi" -o "$TMP/held-out-scores.csv" --quiet
means() {  # CSV → "HeavyAtomCount MolLogP RingCount TPSA FractionCSP3" means over valid rows
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
           $col["valid"] == "true" || $col["valid"] == "1" {
             n++; a += $col["HeavyAtomCount"]; b += $col["MolLogP"]; c += $col["RingCount"]; d += $col["TPSA"]; e += $col["FractionCSP3"] }
           END { printf "%.3f %.3f %.3f %.3f %.4f\n", a / n, b / n, c / n, d / n, e / n }' "$1"
}
read -r s1 s2 s3 s4 s5 <<<"$(means "$TMP/samples-scores.csv")"
read -r h1 h2 h3 h4 h5 <<<"$(means "$TMP/held-out-scores.csv")"
{
  echo "| mean | samples | held out | difference |"
  echo "|---|---|---|---|"
  for row in "HeavyAtomCount $s1 $h1" "MolLogP $s2 $h2" "RingCount $s3 $h3" "TPSA $s4 $h4" "FractionCSP3 $s5 $h5"; do
    set -- $row
    awk -v n="$1" -v s="$2" -v h="$3" 'BEGIN { printf "| %s | %s | %s | %+.1f%% |\n", n, s, h, 100 * (s - h) / h }'
  done
} | tee "$TMP/means.md"
echo "samples, metrics (metrics.json) and means (means.md): $TMP"
