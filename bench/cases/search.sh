#!/usr/bin/env bash
# The study's random search (core/train/random_search.h, as `taxoscope-cli search` runs it): 20 ConvNextFull trials
# of up to 13 epochs (early stopping, patience 3) on the head benchmark's 10,784 x 1280 features, one process, the
# features loaded once. BENCH_SEARCH_TRIALS / BENCH_SEARCH_EPOCHS run fewer (for a loaded machine); the figure is then
# extrapolated from the measured time per epoch run to 20 x 13 epochs (an upper bound: early stopping only shortens).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
TRIALS="${BENCH_SEARCH_TRIALS:-20}"
EPOCHS="${BENCH_SEARCH_EPOCHS:-13}"
DATA="$BENCH_WORK/head"
"$BENCH_PYTHON" "$BENCH_DIR/reference/head_reference.py" generate "$DATA"  # once; kept in BENCH_WORK
out=$("$BENCH_BIN/head_bench" search "$DATA" "$TRIALS" "$EPOCHS" "$BENCH_THREADS")
printf '%s\n' "$out" >&2
secs=$(printf '%s\n' "$out" | awk '$1 == "search_seconds" { print $2 }')
ran=$(printf '%s\n' "$out" | awk '$1 == "trial" { n += $6 } END { print n }')
if [ "$TRIALS" = 20 ] && [ "$EPOCHS" = 13 ]; then
  figure="$secs"
else
  figure=$(awk -v s="$secs" -v n="$ran" 'BEGIN { printf "%.0f", s / n * 260 }')
  log "measured $secs s for $TRIALS trials x up to $EPOCHS epochs ($ran epochs run); extrapolated to 260 epochs"
fi
log "threads $BENCH_THREADS"
printf 'search: %s s for 20x13 (target < 120 s)\n' "$figure"
