#!/usr/bin/env bash
# Head training on cached features: ConvNextFull on 10,784 x 1280 generated features (202 classes, 1,198 validation
# rows), batch 32, AdamW 1e-4 / 3e-4. Taxoscope's trainHead and the same head in plain PyTorch, alternating, on the
# same float32 file; then the study's way (a MobileNetV2 pass over every photo every epoch) from the measured
# per-photo backbone time; also Taxoscope with bf16 mixed precision (TrainParams::precision), logged beside fp32
# with its validation macro-F1 and CPU time. BENCH_HEAD_EPOCHS (default 2; the study trains 13) epochs per run, BENCH_REPEATS runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
EPOCHS="${BENCH_HEAD_EPOCHS:-2}"
DATA="$BENCH_WORK/head"
"$BENCH_PYTHON" "$BENCH_DIR/reference/head_reference.py" generate "$DATA"  # once; kept in BENCH_WORK
mean_ms() { awk '$1 == "epoch" { s += $3; n++ } END { printf "%.0f", s / n }'; }

last_f1() { awk '$1 == "epoch" { f = $NF } END { print f }'; }
cpu_s() { awk '$1 == "cpu_seconds" { print $2 }'; }

cpp=() py=() bf=()
for r in $(seq "$BENCH_REPEATS"); do
  o32=$("$BENCH_BIN/head_bench" head "$DATA" "$EPOCHS" "$BENCH_THREADS" fp32)
  o16=$("$BENCH_BIN/head_bench" head "$DATA" "$EPOCHS" "$BENCH_THREADS" bf16)
  c=$(printf '%s\n' "$o32" | mean_ms) b=$(printf '%s\n' "$o16" | mean_ms)
  log "run $r: fp32 $c ms/epoch (CPU $(printf '%s\n' "$o32" | cpu_s) s, val macro-F1 $(printf '%s\n' "$o32" | last_f1)); bf16 $b ms/epoch (CPU $(printf '%s\n' "$o16" | cpu_s) s, val macro-F1 $(printf '%s\n' "$o16" | last_f1))"
  bf+=("$b")
  p=$("$BENCH_PYTHON" "$BENCH_DIR/reference/head_reference.py" train "$DATA" --epochs "$EPOCHS" --threads "$BENCH_THREADS" | mean_ms)
  log "run $r: taxoscope $c ms/epoch, python $p ms/epoch"
  cpp+=("$c") py+=("$p")
done
c=$(bench_median "${cpp[@]}") p=$(bench_median "${py[@]}") b=$(bench_median "${bf[@]}")
log "bf16 mixed precision: $b ms/epoch against fp32 $c ms/epoch"

bb=""
if [ -n "$TAXOSCOPE_MODELS" ] && [ -d "$TAXOSCOPE_MODELS" ]; then
  bb=$("$BENCH_BIN/head_bench" backbone "$TAXOSCOPE_MODELS" "$BENCH_THREADS" | awk '{print $2}')
fi
pybb=$("$BENCH_PYTHON" "$BENCH_DIR/reference/head_reference.py" backbone --threads "$BENCH_THREADS" | awk '{print $2}')
log "backbone per photo (batch 32, 224x224): taxoscope ${bb:-n/a} ms, torchvision $pybb ms"
# The study's epoch: every training and validation photo through the backbone, then the same head step.
bbused="${bb:-$pybb}"
study=$(awk -v b="$bbused" -v h="$c" 'BEGIN { printf "%.0f", b * (10784 + 1198) + h }')
log "study's way: $study ms/epoch (backbone ${bbused} ms/photo x 11,982 photos + head), $(awk -v s="$study" -v h="$c" 'BEGIN { printf "%.0f", s / h }')x the cached-feature epoch"
log "threads $BENCH_THREADS, $EPOCHS epochs per run, median of $BENCH_REPEATS runs; ratio = Python time / Taxoscope time"
printf "head: %s (target: no slower than Python)\n" "$c ms/epoch, $(awk -v p="$p" -v c="$c" 'BEGIN { printf "%.2f", p / c }')x Python"
