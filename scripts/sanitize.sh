#!/usr/bin/env bash
# Builds the whole test suite with AddressSanitizer + UndefinedBehaviorSanitizer into build-asan/ (the core, the CLI,
# the GUI library and the three test executables; not the desktop app's own executable, no bench) and runs every
# test (unit, integration, gui, reliability; .ci/run does this). Extra arguments go to ctest (e.g. `-R test_csv`,
# or `-L unit`). Tests that measure memory skip under ASan (its quarantine is the RSS), and the SIGKILL test does
# fewer kills there (see tests/RELIABILITY.md).
# Suppressions for third-party code only (LibTorch, OpenCV, Qt) live in tests/sanitizers/; see the README there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUILD="${TAXOSCOPE_ASAN_BUILD:-$TAXOSCOPE_ROOT/build-asan}"
JOBS="${TAXOSCOPE_JOBS:-2}"
SUPP="$TAXOSCOPE_ROOT/tests/sanitizers"

start=$(date +%s)
# -O1 -g1: reports name file:line. Measured per TU (CPU s, heads.cpp with LibTorch): -O1 -g1 40.5, -O1 -g0 36.7,
# -O0 -g0 35.2; -O0 would also slow the instrumented core in the tests, and -g0 saves under 10%, so both stay.
# core's LibTorch TUs compile as 4 unity groups here too (core/CMakeLists.txt), the largest saving of this step.
cmake -S "$TAXOSCOPE_ROOT" -B "$BUILD" -G Ninja -DTAXOSCOPE_BUILD_BENCH=OFF -DTAXOSCOPE_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g1" >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target taxoscope_tests
built=$(date +%s)
log "sanitizer build: $((built - start)) s"

if [ -z "${TAXOSCOPE_SHARED:-}" ] && [ -d "$TAXOSCOPE_SHARED_DEFAULT" ]; then
  TAXOSCOPE_SHARED="$(cd "$TAXOSCOPE_SHARED_DEFAULT" && pwd)"
fi
export TAXOSCOPE_SHARED="${TAXOSCOPE_SHARED:-}"
if [ -z "${TAXOSCOPE_MODELS:-}" ] && [ -d "$TAXOSCOPE_ROOT/models" ]; then export TAXOSCOPE_MODELS="$TAXOSCOPE_ROOT/models"; fi
# halt_on_error: a UBSan report fails the test instead of scrolling by.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0:strict_string_checks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$SUPP/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="suppressions=$SUPP/ubsan.supp:print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export OPENCV_LOG_LEVEL=ERROR

cd "$BUILD"
ctest --output-on-failure -j "$JOBS" "$@"
log "sanitizer tests: $(( $(date +%s) - built )) s (build + tests: $(( $(date +%s) - start )) s)"
