#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang + ASan/UBSan) into build-fuzz/, generates their seed corpora,
# and runs each target for the given number of seconds (default 20; CI: at most 60 per target).
# Usage: scripts/fuzz.sh [seconds] [target...]   targets: fuzz_csv fuzz_image fuzz_tflite (default: all built)
# A crash stops the script with a non-zero status; the reproducer is left in build-fuzz/artifacts/.
# New inputs the fuzzers find go to build-fuzz/corpus/<target>/ (kept between runs, never committed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_TARGET="${1:-20}"
shift || true
BUILD="${TAXOSCOPE_FUZZ_BUILD:-$TAXOSCOPE_ROOT/build-fuzz}"

command -v clang++ >/dev/null || { log "clang++ not found: apt-get install -y clang libclang-rt-14-dev"; exit 1; }
CC=clang CXX=clang++ cmake -S "$TAXOSCOPE_ROOT/tests/fuzz" -B "$BUILD" -G Ninja -DTAXOSCOPE_FUZZ=ON >/dev/null
cmake --build "$BUILD" -j "${TAXOSCOPE_JOBS:-2}"

rm -rf "$BUILD/seeds"
"$BUILD/make_seeds" "$BUILD/seeds"
mkdir -p "$BUILD/artifacts"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for t in fuzz_csv fuzz_image fuzz_tflite; do [ -x "$BUILD/$t" ] && targets+=("$t"); done
fi

declare -A seeds=([fuzz_csv]=csv [fuzz_image]=image [fuzz_tflite]=tflite)
# OpenCV's decoders are not instrumented, and libjpeg/libpng print warnings on damaged files; both are expected.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export OPENCV_LOG_LEVEL=SILENT
for t in "${targets[@]}"; do
  corpus="$BUILD/corpus/$t"
  mkdir -p "$corpus"
  log "$t: ${SECONDS_PER_TARGET}s"
  # -rss_limit_mb: a decompression bomb the limit check misses shows up as an out-of-memory crash.
  "$BUILD/$t" "$corpus" "$BUILD/seeds/${seeds[$t]}" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t-" \
    > "$BUILD/$t.log" 2>&1 || { tail -60 "$BUILD/$t.log"; log "$t FAILED (reproducer in $BUILD/artifacts/)"; exit 1; }
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$BUILD/$t.log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$BUILD/$t.log" | tail -1 || true)
  printf '%-12s %10s executions in %ss, %s, corpus %s files\n' "$t" "$execs" "$SECONDS_PER_TARGET" "$cov" "$(ls "$corpus" | wc -l)"
done
