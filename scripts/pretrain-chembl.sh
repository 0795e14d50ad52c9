#!/usr/bin/env bash
# Pre-trains the ChEMBL base model (models/chembl-base) in the paper's architecture. Resumable: safe to
# kill (even -9) and rerun; every setting is in this file and in the log.
#
#   bash scripts/pretrain-chembl.sh [OUTPUT]   (default $HOME/antipode-runs/chembl-base; the log is
#                                              OUTPUT/train.log, the model OUTPUT/4-*/; models/chembl-base
#                                              holds its config.json, weights.safetensors and training.json)
#
# Data: molecules/chembl/train.smi.gz (448,396 ChEMBL molecules of every source; molecules/README.md),
# validated on molecules/chembl/v33-validation.smi.gz (10,000 held-out ChEMBL v33 molecules). The
# vocabulary also holds the property-task sets' tokens so they fine-tune without skipping molecules.
# Model: 6 × 256 LSTM, embedding 256 (the paper's), dropout 0.1 between layers while pre-training.
# Initialisation: LSTM weights from U(±√3/√H) (gain √3) and forget-gate biases +1: with PyTorch's
# U(±1/√H) and zero forget bias the 6-layer stack sits at the unigram loss (README: train → probe).
# Optimisation: Adam, batch 128, gradients clipped at 1, checkpoints every 250 steps.
#   1. 1-all-sources: one epoch of every source (3,503 steps), lr 1e-3 after a 200-step warm-up.
#   2. molscore check: from stage 1, two branches of 400 steps (lr 1e-3, 51,200 molecules each), one on
#      every source, one without molscore_sample (the small-molecule source: 21.7 heavy atoms against 27
#      for ChEMBL v31/v33), each validated on 5,000 v33 molecules; the lower loss picks stage 3's data
#      (OUTPUT/molscore-check.txt).
#   3. 2-<choice>: from stage 1, up to 5 epochs with cosine decay to a tenth, lr 1e-3 after 100 steps of
#      warm-up, validation each epoch, early stopping after 2 epochs without improvement.
#   4. 3-<choice>: from stage 3, a warm restart at lr 5e-4, cosine to a tenth over up to 6 epochs, patience 2.
#   5. 4-<choice>: from stage 4, one epoch with every token weighed alike (the trainer's fix of 2026-11-29),
#      lr 2e-4 after 50 steps of warm-up, cosine to a tenth.
#   6. 5-<choice>: from stage 5, a warm restart at lr 3e-4 after 50 steps of warm-up, cosine to a tenth over
#      up to 6 epochs, patience 1 (for validity: below).
# FROM_SHIPPED=1 starts at stage 6 from the shipped stage-5 model (models/chembl-base, copied to OUT/5-shipped
# first), for a machine that no longer has OUT's stages 1–5 (about 6 h 25 min of training).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-$HOME/antipode-runs/chembl-base}"
THREADS="${THREADS:-2}"
ANTIPODE="${ANTIPODE:-.build/release/antipode}"   # a copy of the binary lets a long run survive rebuilds
[ "$ANTIPODE" = .build/release/antipode ] && swift build -c release --product antipode >/dev/null
mkdir -p "$OUT"
log() { echo "== $(date -u +%FT%TZ) $* (load: $(cut -d' ' -f1-3 /proc/loadavg))" >>"$OUT/train.log"; }

# train DIR DATA OPTIONS…: one resumable run into DIR.
train() {
    local dir="$1" data="$2"; shift 2
    local resume=()
    [ -d "$dir/checkpoint" ] || [ -d "$dir/checkpoint.old" ] && resume=(--resume)
    log "$dir ${resume[*]:-fresh}"
    "$ANTIPODE" train "$data" --validation molecules/chembl/v33-validation.smi.gz \
        --batch 128 --clip 1 --checkpoint-every 250 --threads "$THREADS" "${resume[@]}" "$@" \
        -o "$dir" 2>&1 | tee -a "$OUT/train.log"
}

# The data without molscore_sample (stage 2 decides whether later stages use it).
without_molscore() {
    [ -f "$OUT/train-without-molscore.smi.gz" ] || {
        zcat molecules/chembl/train.smi.gz | grep -v molscore_sample | gzip -1 >"$OUT/train-without-molscore.smi.gz.part"
        mv "$OUT/train-without-molscore.smi.gz.part" "$OUT/train-without-molscore.smi.gz"
    }
}

if [ "${FROM_SHIPPED:-0}" = 1 ]; then
    # Stages 1–5 as shipped: stage 2 chose the data without molscore_sample (models/chembl-base/training-stages.json).
    choice=without-molscore
    [ -f "$OUT/5-shipped/.done" ] || {
        grep -q '"stage 5"' models/chembl-base/training-stages.json && ! grep -q '"stage 6"' models/chembl-base/training-stages.json || {
            echo "pretrain-chembl: FROM_SHIPPED=1 needs models/chembl-base to be the stage-5 model (its training-stages.json ends at stage 5)" >&2
            exit 2
        }
        mkdir -p "$OUT/5-shipped"
        cp models/chembl-base/config.json models/chembl-base/weights.safetensors models/chembl-base/training.json "$OUT/5-shipped/"
        touch "$OUT/5-shipped/.done"
        log "stages 1–5: the shipped models/chembl-base, copied to $OUT/5-shipped"
    }
    stage5="$OUT/5-shipped"
else   # stages 1–5 (not indented, as they ran)

# Stage 1.
[ -f "$OUT/1-all-sources/.done" ] || {
    train "$OUT/1-all-sources" molecules/chembl/train.smi.gz --max-validation 10000 \
        --vocabulary-extra molecules/property-tasks --layers 6 --hidden 256 --embedding 256 --dropout 0.1 \
        --init-gain 1.732 --forget-bias 1 --lr 1e-3 --warmup 200 --epochs 1 --patience 0 --seed 0
    touch "$OUT/1-all-sources/.done"
}

# Stage 2: the molscore check.
if [ ! -f "$OUT/molscore-check.txt" ]; then
    without_molscore
    for branch in all:molecules/chembl/train.smi.gz without-molscore:"$OUT/train-without-molscore.smi.gz"; do
        name="${branch%%:*}" data="${branch#*:}"
        [ -f "$OUT/check-$name/.done" ] || {
            train "$OUT/check-$name" "$data" --from "$OUT/1-all-sources" --max-validation 5000 --max-train 51200 \
                --skip-unknown --lr 1e-3 --epochs 1 --patience 0 --seed 1
            touch "$OUT/check-$name/.done"
        }
    done
    loss() { grep -o '"bestValidationLoss" *: *[0-9.]*' "$OUT/check-$1/training.json" | grep -o '[0-9.]*$'; }
    a="$(loss all)" b="$(loss without-molscore)"
    choice=$(awk -v a="$a" -v b="$b" 'BEGIN { print (b < a) ? "without-molscore" : "all" }')
    printf 'v33 validation loss after 400 steps from stage 1: every source %s, without molscore_sample %s; stage 3 uses: %s\n' \
        "$a" "$b" "$choice" | tee "$OUT/molscore-check.txt" >>"$OUT/train.log"
fi
choice="$(grep -o 'uses: [a-z-]*' "$OUT/molscore-check.txt" | cut -d' ' -f2)"
data=molecules/chembl/train.smi.gz
[ "$choice" = without-molscore ] && data="$OUT/train-without-molscore.smi.gz"

# Stage 3.
[ -f "$OUT/2-$choice/.done" ] || {
    train "$OUT/2-$choice" "$data" --from "$OUT/1-all-sources" --max-validation 10000 --skip-unknown \
        --lr 1e-3 --warmup 100 --schedule cosine --min-lr-factor 0.1 --epochs 5 --patience 2 --seed 2
    touch "$OUT/2-$choice/.done"
}

# Stage 4: after stage 3 (v33 validation loss 0.6545) 10,000 samples were 91.6% valid, short of the 95% aimed at,
# and 5–8% smaller than the held-out v33 molecules (the longer ones fail more often), so a warm restart on the
# same data: lr 5e-4 after 100 steps of warm-up, cosine to a tenth over up to 6 epochs, early stopping after 2
# epochs without improvement.
[ -f "$OUT/3-$choice/.done" ] || {
    train "$OUT/3-$choice" "$data" --from "$OUT/2-$choice" --max-validation 10000 --skip-unknown \
        --lr 5e-4 --warmup 100 --schedule cosine --min-lr-factor 0.1 --epochs 6 --patience 2 --seed 3
    touch "$OUT/3-$choice/.done"
}

# Stage 5: stages 1–4 ran on a trainer that divided each length-bucketed batch's loss by its own token count,
# which weighs a short molecule's tokens more than a long one's and tilts the model toward short molecules
# (after stage 4: v33 loss 0.6341, samples 93.3% valid, string length 43.4 against the corpus's 46.4 — its
# harmonic mean is 42.9 —, 6–8% too few heavy atoms, rings and TPSA). One epoch with every token weighed alike
# (the fixed trainer), lr 2e-4 after 50 warm-up steps, cosine to a tenth.
[ -f "$OUT/4-$choice/.done" ] || {
    train "$OUT/4-$choice" "$data" --from "$OUT/3-$choice" --max-validation 10000 --skip-unknown \
        --lr 2e-4 --warmup 50 --schedule cosine --min-lr-factor 0.1 --epochs 1 --patience 0 --seed 4
    touch "$OUT/4-$choice/.done"
}
stage5="$OUT/4-$choice"
fi
data=molecules/chembl/train.smi.gz
[ "$choice" = without-molscore ] && { without_molscore; data="$OUT/train-without-molscore.smi.gz"; }

# Stage 6: the stage-5 model (v33 loss 0.6320) met every target of issue 13 but validity: 0.932 against 0.95.
# Validity has risen with the loss (0.798 at 0.709 nats, 0.916 at 0.655, 0.933 at 0.634), and the loss was
# still falling (stage 4's six epochs: 0.0237 nats, the last 0.001), so more of the same: a warm restart at
# lr 3e-4 after 50 warm-up steps, cosine to a tenth over up to 6 epochs, early stopping after one epoch without
# improvement; dropout stays the model's 0.1 (fine-tuning keeps a model's own dropout).
[ -f "$OUT/5-$choice/.done" ] || {
    train "$OUT/5-$choice" "$data" --from "$stage5" --max-validation 10000 --skip-unknown \
        --lr 3e-4 --warmup 50 --schedule cosine --min-lr-factor 0.1 --epochs 6 --patience 1 --seed 5
    touch "$OUT/5-$choice/.done"
}
echo "base model: $OUT/5-$choice (evaluate it with: bash scripts/evaluate-base.sh $OUT/5-$choice chembl)"
