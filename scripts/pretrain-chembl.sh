#!/usr/bin/env bash
# Pre-trains the ChEMBL base model (models/chembl-base) in the paper's architecture. Resumable: safe to
# kill (even -9) and rerun; every setting is in this file and in the log.
#
#   bash scripts/pretrain-chembl.sh [OUTPUT]   (default $HOME/antipode-runs/chembl-base; the model ends in
#                                              OUTPUT/model, the log in OUTPUT/train.log)
#
# Data: molecules/chembl/train.smi.gz (448,396 ChEMBL molecules of every source; see molecules/README.md),
# validated on molecules/chembl/v33-validation.smi.gz (10,000 held-out ChEMBL v33 molecules). The
# vocabulary also holds the property-task sets' tokens so they fine-tune without skipping molecules.
# Model: 6 × 256 LSTM, embedding 256 (the paper's), dropout 0.1 between layers.
# Initialisation: the LSTM weights drawn from U(±√3/√H) (gain √3: unit variance through each layer)
# and forget-gate biases +1. With PyTorch's U(±1/√H) and zero forget bias the 6-layer stack sits at the
# unigram loss (see models/chembl-base/README.md for the measured probe).
# Optimisation: Adam, batch 128, lr 1e-3 after a 200-step warm-up, cosine decay to a tenth over at most
# 6 epochs (about 21,000 steps, ~6 h on 2 cores), gradients clipped at 1, validation each epoch,
# early stopping after 2 epochs without improvement. Checkpoints every 250 steps.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-$HOME/antipode-runs/chembl-base}"
THREADS="${THREADS:-2}"
swift build -c release --product antipode >/dev/null
mkdir -p "$OUT"
resume=()
[ -d "$OUT/model/checkpoint" ] || [ -d "$OUT/model/checkpoint.old" ] && resume=(--resume)
echo "== $(date -u +%FT%TZ) $OUT/model ${resume[*]:-fresh} (load: $(cut -d' ' -f1-3 /proc/loadavg))" >>"$OUT/train.log"
.build/release/antipode train molecules/chembl/train.smi.gz \
    --validation molecules/chembl/v33-validation.smi.gz --max-validation 10000 \
    --vocabulary-extra molecules/property-tasks \
    --layers 6 --hidden 256 --embedding 256 --dropout 0.1 --init-gain 1.732 --forget-bias 1 \
    --batch 128 --lr 1e-3 --warmup 200 --schedule cosine --min-lr-factor 0.1 --clip 1 \
    --epochs 6 --patience 2 --seed 0 --checkpoint-every 250 --threads "$THREADS" "${resume[@]}" \
    -o "$OUT/model" 2>&1 | tee -a "$OUT/train.log"
echo "base model: $OUT/model (evaluate it with: bash scripts/evaluate-base.sh $OUT/model chembl)"
