#!/usr/bin/env bash
# bench/run.sh [NAME...]: builds the benchmark programs and runs one, several or all cases in bench/cases/.
# Each case runs Taxoscope and the Python reference alternately in one invocation and prints, as its last line,
# `NAME: <figure> (target <target>)`. BENCH_REPEATS (default 3) and BENCH_THREADS (default: all cores) tune a run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ ! -x "$TAXOSCOPE_BUILD/app/taxoscope-cli" ] || ! grep -q 'TAXOSCOPE_BUILD_BENCH:BOOL=ON' "$TAXOSCOPE_BUILD/CMakeCache.txt" 2>/dev/null; then
  cmake -S "$TAXOSCOPE_ROOT" -B "$TAXOSCOPE_BUILD" -G Ninja -DTAXOSCOPE_BUILD_BENCH=ON >/dev/null
fi
cmake --build "$TAXOSCOPE_BUILD" -j "$(nproc)" >/dev/null

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for f in "$BENCH_DIR"/cases/*.sh; do cases+=("$(basename "$f" .sh)"); done
fi
status=0
for name in "${cases[@]}"; do
  script="$BENCH_DIR/cases/$name.sh"
  if [ ! -f "$script" ]; then log "no benchmark named $name (see bench/cases/)"; status=2; continue; fi
  log "benchmark $name"
  bash "$script" || { log "benchmark $name failed"; status=1; }
done
exit $status
