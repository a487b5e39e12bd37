#!/usr/bin/env bash
# The study's random search (core/train/random_search.h, as `taxoscope-cli search` runs it): 20 ConvNextFull trials
# of up to 13 epochs (early stopping, patience 3) on the head benchmark's 10,784 x 1280 features, one process, the
# features loaded once. BENCH_SEARCH_TRIALS / BENCH_SEARCH_EPOCHS run fewer (for a loaded machine); the figure is then
# extrapolated from the measured time per epoch run to 20 x 13 epochs. Early stopping only shortens the real search,
# but fewer trials extrapolate low: trials 0-3 average 1.31M parameters, all 20 drawn ones 2.03M (bench/RESULTS.md).
# `head_bench bound` gives the floor of the whole search from per-batch parts of all 20 trials.
# BENCH_PRECISION (fp32 | bf16, default fp32) and BENCH_PARALLEL (trials at once, 0 = one per core; default 1) choose
# TrainParams::precision and SearchParams::parallelTrials; CPU time of the process is logged beside wall time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
TRIALS="${BENCH_SEARCH_TRIALS:-20}"
EPOCHS="${BENCH_SEARCH_EPOCHS:-13}"
PRECISION="${BENCH_PRECISION:-fp32}"
PARALLEL="${BENCH_PARALLEL:-1}"
DATA="$BENCH_WORK/head"
"$BENCH_PYTHON" "$BENCH_DIR/reference/head_reference.py" generate "$DATA"  # once; kept in BENCH_WORK
out=$("$BENCH_BIN/head_bench" search "$DATA" "$TRIALS" "$EPOCHS" "$BENCH_THREADS" "$PRECISION" "$PARALLEL")
printf '%s\n' "$out" >&2
secs=$(printf '%s\n' "$out" | awk '$1 == "search_seconds" { print $2 }')
cpu=$(printf '%s\n' "$out" | awk '$1 == "cpu_seconds" { print $2 }')
conc=$(printf '%s\n' "$out" | awk '$1 == "concurrent_trials" { print $2 }')
ran=$(printf '%s\n' "$out" | awk '$1 == "trial" { n += $6 } END { print n }')
if [ "$TRIALS" = 20 ] && [ "$EPOCHS" = 13 ]; then
  figure="$secs"
else
  figure=$(awk -v s="$secs" -v n="$ran" 'BEGIN { printf "%.0f", s / n * 260 }')
  log "measured $secs s for $TRIALS trials x up to $EPOCHS epochs ($ran epochs run); extrapolated to 260 epochs"
fi
log "threads $BENCH_THREADS, precision $PRECISION, $conc trials at once; CPU time $cpu s for $secs s wall"
printf 'search: %s s for 20x13 (target < 120 s)\n' "$figure"
